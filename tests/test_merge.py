"""``antq merge``: three old communes' workbooks (made by openpyxl, re-saved by LibreOffice)
merged into the new commune's; what the merged workbook holds and what it never mixes."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from antq_tui.editing.merge.run import MergeResult, merge_workbooks
from antq_tui.editing.merge.settings import MergeOptions
from antq_tui.model import schema
from antq_tui.model.periods import parse_period
from antq_tui.model.records import Workbook
from antq_tui.report.build import build_report
from antq_tui.report.totals import compute_totals
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Severity
from antq_tui.workbook.reader import load_workbook
from tests.conftest import TODAY
from tests.factory import build
from tests.tools import require_tool, soffice_convert

TAN_LAP_OPENING = "Năm 2024, tình hình an ninh, trật tự trên địa bàn xã Tân Lập ổn định."
TAN_LAP_Q1 = "Quý I năm 2024, xã Tân Lập ra quân tổng kiểm tra hành chính."
TAN_LAP_MORE = "Các thôn của xã Tân Lập duy trì tuần tra ban đêm."
HOA_BINH_OPENING = "Năm 2024, xã Hòa Bình tập trung tuyên truyền phòng chống ma túy."
YEN_THINH_PLAN = "Năm 2024 xã Yên Thịnh tiếp tục nhân rộng mô hình camera an ninh."
OLD_SENTENCES = (TAN_LAP_OPENING, TAN_LAP_Q1, TAN_LAP_MORE, HOA_BINH_OPENING, YEN_THINH_PLAN)


def _incident(
    day: date, village: str, category: str = "Trộm cắp tài sản", **more: Any
) -> dict[str, Any]:
    return {"date": day, "village": village, "category": category, **more}


def _phrased(wb: Any, listing: schema.CatalogList, rows: list[tuple[str, str]]) -> Any:
    """Danh mục list ``listing`` holding ``rows`` (value, phrase), its other columns blank."""
    ws = wb[schema.CATALOG_SHEET]
    headers = [c.value for c in ws[1]]
    columns = [headers.index(listing.name) + 1]
    columns += [headers.index(listing.attribute_header(a)) + 1 for a in listing.attributes]
    for row in range(2, ws.max_row + 1):
        for column in columns:
            ws.cell(row=row, column=column).value = None
    for row, (value, phrase) in enumerate(rows, start=2):
        ws.cell(row=row, column=columns[0], value=value)
        ws.cell(row=row, column=columns[1], value=phrase)
    return wb


def tan_lap() -> Any:
    wb = build(
        commune="Tân Lập",
        year=2024,
        settings={
            "province": "Ninh Bình",
            "doc_number": "31",
            "sign_date": date(2024, 12, 20),
            "signer": "Nguyễn Văn Lập",
        },
        villages=["Đông Hòa", "Bắc Sơn"],
        units=[{"name": "Trường Tiểu học số 1", "kind": "Trường học", "registered": "Có"}],
        incidents=[
            _incident(date(2023, 4, 2), "Bắc Sơn", number=1, summary="Trộm xe đạp"),
            _incident(date(2024, 2, 3), "Đông Hòa", number=2, summary="Trộm xe máy"),
            _incident(date(2024, 7, 9), "Đông Hòa", "Cướp giật", number=3, summary="Giật túi"),
        ],
        teams=[{"name": "Đội tự quản thôn Đông Hòa", "village": "Đông Hòa", "rating": "Tốt"}],
        models=[{"name": "Camera an ninh", "kind": "Camera an ninh", "status": "Hoạt động tốt"}],
        results=[
            {
                "date": date(2024, 3, 1),
                "indicator": "Buổi tuyên truyền",
                "quantity": 2,
                "village": "Đông Hòa",
            }
        ],
        sections=[
            ("Mở đầu", TAN_LAP_OPENING),
            ("", TAN_LAP_MORE),
            ("Mở đầu", TAN_LAP_Q1, "Quý I/2024"),
            ("Giải pháp", ""),  # an empty section: nothing to keep
        ],
        register=[{"period": "Quý I/2024", "doc_number": "7", "sign_date": date(2024, 4, 3)}],
    )
    categories = [("Trộm cắp tài sản", "vụ trộm tài sản"), ("Cướp giật", "vụ cướp giật"),
                  ("Khác", "vụ việc khác")]  # fmt: skip
    return _phrased(wb, schema.INCIDENT_CATEGORIES, categories)


def hoa_binh() -> Any:
    wb = build(
        commune="Hòa Bình",
        year=2024,
        settings={"province": "Ninh Bình"},
        villages=["Đông Hoà", "Nam Hà"],  # the old tone placement: the same name as Đông Hòa
        units=[{"name": "Trường Tiểu học số 1", "kind": "Trường học", "registered": "Có"}],
        incidents=[
            _incident(date(2023, 9, 9), "Đông Hoà", number=1),
            _incident(
                date(2024, 2, 3),
                "Đông Hoà",
                number=2,
                summary="Trộm xe máy",
                handling="Hoà giải tại cơ sở",
            ),
            _incident(date(2024, 5, 5), "Nam Hà", "Lừa đảo", number=3),
        ],
        teams=[{"name": "Đội tự quản thôn Đông Hòa", "village": "Đông Hoà", "rating": "Khá"}],
        models=[{"name": "Camera an ninh", "kind": "Camera an ninh", "status": "Hình thức"}],
        results=[
            {
                "date": date(2024, 3, 1),
                "indicator": "Buổi tuyên truyền",
                "quantity": 2,
                "village": "Đông Hoà",
            }
        ],
        sections=[("Mở đầu", HOA_BINH_OPENING)],
        register=[{"period": "Quý I/2024", "doc_number": "9"}],
    )
    categories = [("trộm cắp  tài sản", "vụ trộm cắp"), ("Lừa đảo", "vụ lừa đảo chiếm đoạt tài sản"),
                  ("Khác", "")]  # fmt: skip
    _phrased(wb, schema.HANDLINGS, [("Hoà giải tại cơ sở", "đã hòa giải"), ("Đang xác minh", "")])
    return _phrased(wb, schema.INCIDENT_CATEGORIES, categories)


def yen_thinh() -> Any:
    return build(
        commune="Yên Thịnh",
        year=2023,
        settings={"province": "Ninh Bình", "data_from": date(2022, 1, 1)},
        villages=["Thượng Phúc"],
        incidents=[_incident(date(2023, 3, 3), "Thượng Phúc", "Khác", number=1)],
        sections=[("Giải pháp", YEN_THINH_PLAN, "Năm 2024")],
    )


def _resaved(tmp: Path, name: str, wb: Any) -> Path:
    """The workbook as openpyxl makes it, then opened and saved by LibreOffice."""
    made = tmp / "made" / name
    made.parent.mkdir(exist_ok=True)
    wb.save(made)
    return soffice_convert(made, tmp / "old", "xlsx")


@pytest.fixture(scope="module")
def old_books(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("old")
    return [
        _resaved(tmp, "tan-lap.xlsx", tan_lap()),
        _resaved(tmp, "hoa-binh.xlsx", hoa_binh()),
        _resaved(tmp, "yen-thinh.xlsx", yen_thinh()),
    ]


def _digests(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]


@pytest.fixture(scope="module")
def merged(old_books: list[Path], tmp_path_factory: pytest.TempPathFactory) -> MergeResult:
    target = tmp_path_factory.mktemp("new") / "tan-hoa.xlsx"
    before = _digests(old_books)
    result = merge_workbooks(old_books, target, MergeOptions("Tân Hòa"), user="cán bộ", today=TODAY)
    assert not result.invalid
    assert _digests(old_books) == before  # the old workbooks are only read
    return result


@pytest.fixture(scope="module")
def reread(merged: MergeResult) -> Workbook:
    return load_workbook(merged.target)


def test_every_row_of_every_old_workbook_is_kept_with_its_origin(
    old_books: list[Path], reread: Workbook
) -> None:
    olds = [load_workbook(path) for path in old_books]
    for spec in schema.DATA_SHEETS:
        rows = reread.records(spec.key)
        assert len(rows) == sum(len(old.records(spec.key)) for old in olds), spec.name
        expected = [old.settings.commune for old in olds for _ in old.records(spec.key)]
        assert [r.origin for r in rows] == expected, spec.name
    # STT as the old commune gave it: with Xã cũ it still points to that commune's papers.
    assert [(i.origin, i.number) for i in reread.incidents] == [
        ("Tân Lập", 1), ("Tân Lập", 2), ("Tân Lập", 3),
        ("Hòa Bình", 1), ("Hòa Bình", 2), ("Hòa Bình", 3), ("Yên Thịnh", 1),
    ]  # fmt: skip


def test_a_village_name_of_two_communes_stays_two_villages_and_references_follow(
    reread: Workbook, merged: MergeResult
) -> None:
    assert [(v.name, v.origin) for v in reread.villages] == [
        ("Đông Hòa (Tân Lập)", "Tân Lập"),
        ("Bắc Sơn", "Tân Lập"),
        ("Đông Hoà (Hòa Bình)", "Hòa Bình"),  # each commune's own spelling kept
        ("Nam Hà", "Hòa Bình"),
        ("Thượng Phúc", "Yên Thịnh"),
    ]
    by_origin = {(i.origin, i.number): i.village for i in reread.incidents}
    assert by_origin[("Tân Lập", 2)] == "Đông Hòa (Tân Lập)"
    assert by_origin[("Tân Lập", 1)] == "Bắc Sơn"
    assert by_origin[("Hòa Bình", 2)] == "Đông Hoà (Hòa Bình)"
    assert [(t.village, t.rating) for t in reread.teams] == [
        ("Đông Hòa (Tân Lập)", "Tốt"),
        ("Đông Hoà (Hòa Bình)", "Khá"),
    ]
    assert [r.village for r in reread.results] == ["Đông Hòa (Tân Lập)", "Đông Hoà (Hòa Bình)"]
    assert merged.merged is not None
    assert [(r.origin, r.new) for r in merged.merged.renamed] == [
        ("Tân Lập", "Đông Hòa (Tân Lập)"),
        ("Hòa Bình", "Đông Hoà (Hòa Bình)"),
    ]
    # The figures by village tell the two apart.
    by_village = compute_totals(reread, parse_period(year="2024")).by_village
    assert by_village["Đông Hòa (Tân Lập)"] == 2 and by_village["Đông Hoà (Hòa Bình)"] == 1


def test_danh_muc_is_the_union_of_the_old_lists_each_value_once(
    reread: Workbook, merged: MergeResult
) -> None:
    entries = {e.value: e.attributes for e in reread.catalog.entries["Loại vụ việc"]}
    defaults = [row[0] for row in schema.INCIDENT_CATEGORIES.defaults]
    # Tân Lập's list, Hòa Bình's new value, then Yên Thịnh's (the template's) new ones.
    assert list(entries) == [
        "Trộm cắp tài sản", "Cướp giật", "Khác", "Lừa đảo",
        *(d for d in defaults if d not in ("Trộm cắp tài sản", "Khác")),
    ]  # fmt: skip
    assert entries["Cướp giật"]["phrase"] == "vụ cướp giật"
    assert entries["Lừa đảo"]["phrase"] == "vụ lừa đảo chiếm đoạt tài sản"
    assert entries["Trộm cắp tài sản"]["phrase"] == "vụ trộm tài sản"  # the first's wording
    # Blank in Tân Lập's list, Có in Yên Thịnh's (the template's): a blank is filled.
    assert entries["Trộm cắp tài sản"]["name_villages"] is True
    assert "name_villages" not in entries["Cướp giật"]  # nobody said: blank
    assert merged.merged is not None
    said = "Danh mục “{}”, “{}”: cột “{} - cách viết” ở sổ “tan-lap.xlsx” và sổ “{}” khác nhau; giữ như sổ “tan-lap.xlsx”."
    assert merged.merged.notes == [
        said.format("Loại vụ việc", "Trộm cắp tài sản", "Loại vụ việc", "hoa-binh.xlsx"),
        said.format("Loại vụ việc", "Trộm cắp tài sản", "Loại vụ việc", "yen-thinh.xlsx"),
        said.format("Xử lý", "Hòa giải tại cơ sở", "Xử lý", "hoa-binh.xlsx"),
    ]
    handlings = [e.value for e in reread.catalog.entries["Xử lý"]]
    # Tân Lập kept the template's list; Hòa Bình wrote "Hoà giải" the old way: one value.
    assert handlings.count("Hòa giải tại cơ sở") == 1 and "Hoà giải tại cơ sở" not in handlings
    incident = next(i for i in reread.incidents if i.origin == "Hòa Bình" and i.number == 2)
    assert incident.handling == "Hòa giải tại cơ sở"  # the merged list's spelling


def test_thong_tin_chung_is_the_new_communes(reread: Workbook) -> None:
    settings = reread.settings
    assert (settings.commune, settings.place, settings.admin_level) == ("Tân Hòa", "Tân Hòa", "Xã")
    assert settings.year == 2024  # the latest Năm báo cáo of the three
    assert settings.province == "Ninh Bình" and settings.district == ""
    assert settings.cutoff == schema.CUTOFF_CALENDAR
    assert settings.data_from == date(2022, 1, 1)  # Yên Thịnh's, the earliest covered
    assert (settings.doc_number, settings.sign_date, settings.signer) == ("", None, "")


def test_old_narrative_and_register_rows_are_kept_apart_under_their_periods(
    reread: Workbook,
) -> None:
    old = [(s.title, s.text, s.period, s.origin) for s in reread.sections if s.origin]
    assert old == [
        ("Mở đầu", TAN_LAP_OPENING, "Năm 2024", "Tân Lập"),  # blank was Tân Lập's annual report
        ("", TAN_LAP_MORE, "", "Tân Lập"),
        ("Mở đầu", TAN_LAP_Q1, "Quý I/2024", "Tân Lập"),
        ("Mở đầu", HOA_BINH_OPENING, "Năm 2024", "Hòa Bình"),
        ("Giải pháp", YEN_THINH_PLAN, "Năm 2024", "Yên Thịnh"),
    ]
    own = [s.title for s in reread.sections if not s.origin]
    assert own == list(schema.SECTION_TITLES)  # the new commune's sections, to write
    register = [(e.period, e.doc_number, e.origin) for e in reread.register]
    assert register == [
        ("Quý I/2024", "7", "Tân Lập"),
        ("Năm 2024", "31", "Tân Lập"),  # Tân Lập's annual report, from its Thông tin chung
        ("Quý I/2024", "9", "Hòa Bình"),
    ]


@pytest.mark.parametrize("period", [{"year": "2024"}, {"quarter": "2024-Q1"}])
def test_the_new_communes_reports_hold_no_sentence_of_an_old_one(
    reread: Workbook, period: dict[str, str]
) -> None:
    document = build_report(reread, parse_period(**period))
    text = "\n".join(document.body_lines())
    for sentence in OLD_SENTENCES:
        assert sentence not in text
    assert document.header.number == "Số:        /BC-UBND"  # no old commune's 31, 7 or 9
    assert document.header.agency == ["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA"]


def test_cung_ky_comes_from_the_old_communes_rows(reread: Workbook) -> None:
    totals = compute_totals(reread, parse_period(year="2024"))
    assert totals.incidents.count == 4  # 2024: Tân Lập 2, Hòa Bình 2, Yên Thịnh none
    assert totals.previous is not None and totals.previous.count == 3  # 2023: one of each
    # Yên Thịnh's Số liệu từ ngày reaches 2022, a year without a row: compared, with 0.
    earlier = compute_totals(reread, parse_period(year="2023"))
    assert earlier.previous is not None and earlier.previous.count == 0
    report = "\n".join(build_report(reread, parse_period(year="2024")).body_lines())
    assert "năm 2023" in report.lower()


def test_the_merged_workbook_validates_clean_and_libreoffice_opens_it(
    merged: MergeResult, reread: Workbook, tmp_path: Path
) -> None:
    findings = validate(reread, today=TODAY).findings
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    # The only warnings: rows before Năm báo cáo (for cùng kỳ), as the old workbooks had.
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    assert [(f.cell, "trước năm báo cáo 2024" in f.message) for f in warnings] == [
        ("Vụ việc!B2", True)
    ]
    require_tool("pdftotext")
    pdf = soffice_convert(merged.target, tmp_path, "pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Đông Hòa (Tân Lập)" in text and "Đông Hoà (Hòa Bình)" in text and "Xã cũ" in text


def test_nhat_ky_names_every_source(merged: MergeResult, old_books: list[Path]) -> None:
    sheet = openpyxl.load_workbook(merged.target)[schema.AUDIT_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[1:3] for row in rows] == [["cán bộ", "antq merge"]] * 3
    for row, path, label in zip(rows, old_books, ("Tân Lập", "Hòa Bình", "Yên Thịnh"), strict=True):
        assert row[5].startswith(f"{path.name} ({label}, Năm báo cáo ")
        assert row[6].startswith(f"Xã cũ “{label}”: ")
