"""The loader: every sheet into typed records, columns found by header, tolerant."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook, to_text
from tests.conftest import SAMPLE
from tests.factory import build, write


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------- the sample = the seed
def test_sample_incidents_match_the_seed_report() -> None:
    wb = load_workbook(SAMPLE)
    assert len(wb.incidents) == 14
    by_category = Counter(i.category for i in wb.incidents)
    assert by_category == {
        "Ma túy": 1,
        "Tai nạn giao thông": 4,
        "Trộm cắp tài sản": 6,
        "Tai nạn khác": 3,
    }
    traffic = [i for i in wb.incidents if i.category == "Tai nạn giao thông"]
    assert sum(i.deaths or 0 for i in traffic) == 1
    assert sum(i.injuries or 0 for i in traffic) == 3
    thefts = [i for i in wb.incidents if i.category == "Trộm cắp tài sản"]
    assert {i.village for i in thefts} == {"Đại Lương", "Phong Lâm", "Lai Hà"}
    assert {i.handling for i in thefts} == {"Bàn giao Công an huyện"}
    others = sorted((i for i in wb.incidents if i.category == "Tai nạn khác"), key=lambda i: i.date)
    assert [i.summary for i in others] == ["Tự ngã", "Thắt cổ", "Đuối nước"]
    assert sum(i.deaths or 0 for i in others) == 3
    assert all(i.date and i.date.year == 2021 for i in wb.incidents)


def test_sample_movement_villages_teams_models_match_the_seed() -> None:
    wb = load_workbook(SAMPLE)
    assert len(wb.villages) == 7 and all(v.registered for v in wb.villages)
    schools = [u for u in wb.units if u.kind == "Trường học"]
    assert len(schools) == 3 and all(u.registered for u in schools)
    assert len(wb.teams) == 7 and {t.rating for t in wb.teams} == {"Tốt"}
    assert Counter(m.kind for m in wb.models) == {
        "Trường học an toàn về ANTT": 3,
        "Đội tự quản về ANTT": 7,
        "Liên kết bảo đảm ANTT": 1,
    }
    totals: dict[str, int] = defaultdict(int)
    for result in wb.results:
        totals[result.indicator] += result.quantity or 0
    assert dict(totals) == {
        "Lượt đối tượng tù tha ra kiểm điểm": 5,
        "Nguồn tin có giá trị": 20,
        "Vụ việc khám phá nhờ nguồn tin": 10,
        "Hồ sơ đưa vào diện giáo dục tại xã": 1,
        "Người nước ngoài tạm trú được quản lý": 6,
        "Người nước ngoài cư trú trái phép bị phát hiện": 1,
    }
    assert wb.settings.commune == "Hoàng Diệu" and wb.settings.year == 2021
    assert wb.settings.signer == "Nguyễn Đức Du"
    assert wb.settings.recipients.splitlines()[-1] == "Lưu: VP, CAX"
    assert {s.title for s in wb.sections} == set(schema.SECTION_TITLES)


# ---------------------------------------------------------------- headers by name
def test_columns_are_found_by_header_with_tolerance(tmp_path: Path) -> None:
    wb = build(villages=["Đông Hòa"])
    ws = wb[schema.INCIDENTS.name]
    ws.delete_rows(1)
    # Reordered, odd case and spacing, decomposed text, old tone placement, extra column.
    headers = [
        "  ghi CHÚ ",
        nfd("Loại vụ việc"),
        "Người ghi sổ",
        "NGÀY XẢY RA",
        "thôn",
        "Số người chết",
        "Xử Lý",
    ]
    ws.append(headers)
    ws.append(["x", "Ma túy", "Cán bộ A", "05/03/2021", "Đông Hoà", "01", "Công an xã giải quyết"])
    wb.create_sheet("Sổ riêng của cán bộ").append(["không liên quan"])
    path = tmp_path / "tolerant.xlsx"
    wb.save(path)

    loaded = load_workbook(path)
    (incident,) = loaded.incidents
    assert incident.date == date(2021, 3, 5)
    assert incident.village == "Đông Hòa"  # the Thôn sheet's own spelling
    assert incident.category == "Ma túy"
    assert incident.deaths == 1
    assert incident.handling == "Công an xã giải quyết"
    assert incident.note == "x"
    layout = loaded.layouts[schema.INCIDENTS.name]
    assert layout.columns["village"] == 4 and layout.columns["note"] == 0
    assert "Số người bị thương" in layout.missing  # an optional column staff removed
    assert "Sổ riêng của cán bộ" in loaded.sheet_names


def test_sheet_names_match_with_tolerance(tmp_path: Path) -> None:
    wb = build()
    wb[schema.INCIDENTS.name].title = nfd("VỤ VIỆC")
    path = tmp_path / "names.xlsx"
    wb.save(path)
    loaded = load_workbook(path)
    assert schema.INCIDENTS.name in loaded.layouts
    assert loaded.layouts[schema.INCIDENTS.name].name == nfd("VỤ VIỆC")


# ---------------------------------------------------------------- rows and values
def test_empty_rows_are_skipped_and_data_continues_below(tmp_path: Path) -> None:
    wb = build()
    ws = wb[schema.INCIDENTS.name]
    ws["B2"], ws["C2"], ws["D2"] = date(2021, 1, 5), "Tây Sơn", "Ma túy"
    ws["E3"] = "   "  # only spaces: still an empty row
    ws["B7"], ws["C7"], ws["D7"] = "07/02/2021", "Bắc Sơn", "Khác"
    path = tmp_path / "gaps.xlsx"
    wb.save(path)
    incidents = load_workbook(path).incidents
    assert [i.row for i in incidents] == [2, 7]
    assert incidents[1].date == date(2021, 2, 7)


def test_columns_that_hardly_repeat_read_as_each_cell_alone_would(tmp_path: Path) -> None:
    # Unique summaries and notes are converted in bulk: the same values, blanks and
    # empty rows as converting cell by cell, with and without control characters.
    summaries = ["  Trộm xe máy  ", nfd("Hòa giải tại chỗ"), "Cháy bếp "]
    notes = ["dòng một\ndòng hai", "có _x0001_ ký tự điều khiển", "_x0002_", "\u00a0Vắng\u2003"]
    wb = build()
    ws = wb[schema.INCIDENTS.name]
    for row in range(2, 1202):
        ws.cell(row=row, column=1, value=row - 1)
        ws.cell(row=row, column=2, value=date(2021, 1, 5)).number_format = "dd/mm/yyyy"
        ws.cell(row=row, column=3, value="Tây Sơn")
        ws.cell(row=row, column=4, value="Khác")
        ws.cell(row=row, column=5, value=(summaries[row - 2 :] or [f"Vụ việc số {row}"])[0])
        ws.cell(row=row, column=10, value=(notes[row - 2 :] or [f"Ghi chú {row}"])[0])
    ws.cell(row=1202, column=5, value="    ")  # only spaces: an empty row
    ws.cell(row=1203, column=1, value=7.5)  # a count that is not whole
    path = tmp_path / "unique.xlsx"
    wb.save(path)
    raw = CalamineWorkbook.from_path(path).get_sheet_by_name(schema.INCIDENTS.name).to_python()
    incidents = load_workbook(path).incidents
    assert [i.row for i in incidents] == [*range(2, 1202), 1203]
    assert [i.summary for i in incidents[:-1]] == [to_text(r[4]) for r in raw[1:1201]]
    assert [i.note for i in incidents[:-1]] == [to_text(r[9]) for r in raw[1:1201]]
    assert [i.summary for i in incidents[:3]] == ["Trộm xe máy", "Hòa giải tại chỗ", "Cháy bếp"]
    assert incidents[1].note == "có  ký tự điều khiển"  # the control character removed
    assert [i.number for i in incidents[:-1]] == list(range(1, 1201))
    assert incidents[-1].number is None and incidents[-1].invalid == {"number": "7.5"}


def test_values_are_typed_and_text_is_nfc(tmp_path: Path) -> None:
    path = write(
        tmp_path / "typed.xlsx",
        incidents=[
            {
                "number": "01",
                "date": "05/03/21",
                "village": nfd("Tây Sơn"),
                "category": "ma  túy",
                "summary": nfd("Bắt quả tang"),
                "deaths": 2.0,
                "injuries": "0",
                "damage": "1,5",
            }
        ],
    )
    (incident,) = load_workbook(path).incidents
    assert incident.number == 1 and incident.deaths == 2 and incident.injuries == 0
    assert incident.damage == 1.5
    assert incident.date == date(2021, 3, 5)
    assert incident.village == "Tây Sơn" and incident.category == "Ma túy"
    assert incident.summary == "Bắt quả tang"
    assert unicodedata.is_normalized("NFC", incident.summary)
    assert incident.invalid is None


def test_unreadable_values_are_kept_as_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.xlsx",
        incidents=[{"date": "31/02/2021", "village": "Tây Sơn", "category": "Khác", "deaths": -1}],
    )
    (incident,) = load_workbook(path).incidents
    assert incident.date is None and incident.deaths is None
    assert incident.invalid == {"date": "31/02/2021", "deaths": "-1"}


def test_1904_date_system(tmp_path: Path) -> None:
    wb = build(incidents=[{"date": date(2021, 3, 12), "village": "Tây Sơn", "category": "Khác"}])
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    loaded = load_workbook(path)
    assert loaded.date1904
    assert loaded.incidents[0].date == date(2021, 3, 12)


def test_serial_number_in_a_date_column_uses_the_date_system(tmp_path: Path) -> None:
    wb = build(incidents=[{"date": 42805, "village": "Tây Sơn", "category": "Khác"}])
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    path = tmp_path / "serial.xlsx"
    wb.save(path)
    assert load_workbook(path).incidents[0].date == date(2021, 3, 12)


def test_catalog_extension_is_read_in_row_order(tmp_path: Path) -> None:
    wb = build()
    ws = wb[schema.CATALOG_SHEET]
    next_row = ws.max_row + 1
    ws.cell(row=next_row, column=1, value="Buôn bán pháo nổ")
    path = tmp_path / "catalog.xlsx"
    wb.save(path)
    loaded = load_workbook(path)
    values = [e.value for e in loaded.catalog.entries["Loại vụ việc"]]
    assert values[0] == "Ma túy" and values[-1] == "Buôn bán pháo nổ"
    assert loaded.catalog.entries["Loại vụ việc"][2].attributes["name_villages"] is True


def test_settings_are_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "settings.xlsx",
        settings={
            "sign_date": "15/12/2021",
            "recipients": "A\n\n  B  \nC",
            "cutoff": "nghị định 09/2019",
        },
    )
    settings = load_workbook(path).settings
    assert settings.sign_date == date(2021, 12, 15)
    assert settings.recipients == "A\nB\nC"
    assert settings.cutoff == "Nghị định 09/2019"
    assert settings.year == 2021


@pytest.mark.parametrize("missing", [schema.INCIDENTS.name, schema.CATALOG_SHEET])
def test_a_missing_sheet_has_no_layout(tmp_path: Path, missing: str) -> None:
    wb = build()
    del wb[missing]
    path = tmp_path / "missing.xlsx"
    wb.save(path)
    assert missing not in load_workbook(path).layouts
