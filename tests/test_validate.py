"""One failing fixture per validation rule, and clean workbooks that stay clean."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_tui.model import schema
from antq_tui.model.records import Incident, Workbook
from antq_tui.model.text import fold_key
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Finding, Severity
from antq_tui.workbook.reader import load_workbook
from tests.conftest import SAMPLE, TODAY
from tests.factory import build, write

OK_INCIDENT = {"date": date(2021, 5, 1), "village": "Tây Sơn", "category": "Khác"}


def findings_for(tmp_path: Path, wb: Any = None, **kwargs: Any) -> list[Finding]:
    path = tmp_path / "wb.xlsx"
    (wb or build(**kwargs)).save(path)
    return validate(load_workbook(path), today=TODAY).findings


def only(findings: list[Finding], severity: Severity) -> list[Finding]:
    return [f for f in findings if f.severity is severity]


def test_sample_is_clean() -> None:
    assert validate(load_workbook(SAMPLE), today=TODAY).findings == []


def test_a_plain_valid_workbook_is_clean(tmp_path: Path) -> None:
    assert findings_for(tmp_path, incidents=[OK_INCIDENT]) == []


# ---------------------------------------------------------------- structure
def test_missing_sheet_is_an_error_naming_it(tmp_path: Path) -> None:
    wb = build()
    del wb[schema.TEAMS.name]
    (finding,) = findings_for(tmp_path, wb)
    assert finding.severity is Severity.ERROR
    assert finding.sheet == "Đội tự quản" and finding.cell is None
    assert "Thiếu trang “Đội tự quản”" in finding.message


def test_missing_required_header_is_an_error_naming_sheet_and_header(tmp_path: Path) -> None:
    wb = build()
    wb[schema.INCIDENTS.name]["C1"] = "Địa bàn"  # was "Thôn"
    errors = only(findings_for(tmp_path, wb), Severity.ERROR)
    assert len(errors) == 1
    assert errors[0].cell == "Vụ việc!L1"  # where the header can go: after Xã cũ (K)
    assert "Vụ việc" in errors[0].message and "“Thôn”" in errors[0].message


def test_title_row_above_the_headers_is_one_clear_error(tmp_path: Path) -> None:
    wb = build(incidents=[OK_INCIDENT])
    wb[schema.INCIDENTS.name].insert_rows(1)
    wb[schema.INCIDENTS.name]["A1"] = "SỔ THEO DÕI VỤ VIỆC NĂM 2021"
    errors = only(findings_for(tmp_path, wb), Severity.ERROR)
    assert len(errors) == 1
    assert errors[0].cell == "Vụ việc!A1" and "đang ở hàng 2" in errors[0].message


def test_missing_optional_header_is_a_warning(tmp_path: Path) -> None:
    wb = build()
    wb[schema.INCIDENTS.name]["J1"] = None  # "Ghi chú"
    (finding,) = findings_for(tmp_path, wb)
    assert finding.severity is Severity.WARNING and "“Ghi chú”" in finding.message


def test_duplicate_header_is_a_warning(tmp_path: Path) -> None:
    wb = build()
    wb[schema.INCIDENTS.name]["K1"] = "thôn"
    (finding,) = findings_for(tmp_path, wb)
    assert finding.severity is Severity.WARNING and "hai lần" in finding.message


# ---------------------------------------------------------------- Thông tin chung
def test_settings_rules(tmp_path: Path) -> None:
    wb = build(
        commune="",
        settings={"year": "hai nghìn", "admin_level": "xa", "sign_date": date(2027, 1, 2)},
    )
    ws = wb[schema.SETTINGS_SHEET]
    ws.cell(row=ws.max_row + 1, column=1, value="Ten xa")
    findings = findings_for(tmp_path, wb)
    messages = {f.message: f for f in findings}
    missing = next(f for f in findings if f.message == "Thiếu “Tên xã”.")
    assert missing.severity is Severity.ERROR and missing.cell == "Thông tin chung!B2"
    year = next(f for f in findings if f.message.startswith("Năm báo cáo:"))
    assert year.severity is Severity.ERROR and "hai nghìn" in year.message
    level = next(f for f in findings if f.message.startswith("Cấp hành chính"))
    assert level.severity is Severity.ERROR and level.suggestion == "Xã"
    unknown = next(f for f in findings if "Ten xa" in f.message)
    assert unknown.severity is Severity.WARNING and unknown.suggestion == "Tên xã"
    assert any("Ngày ký" in m for m in messages)


# ---------------------------------------------------------------- Danh mục
def test_catalog_rules(tmp_path: Path) -> None:
    wb = build(catalog={"Xử lý": []})
    ws = wb[schema.CATALOG_SHEET]
    headers = [c.value for c in ws[1]]
    ws.cell(row=13, column=1, value="ma tuý")  # a duplicate of "Ma túy"
    ws.cell(row=2, column=headers.index("Loại vụ việc - nêu tên thôn") + 1, value="có lẽ")
    ws.cell(
        row=2, column=headers.index("Chỉ tiêu - cách viết") + 1, value="đưa đối tượng ra kiểm điểm"
    )
    findings = findings_for(tmp_path, wb)
    empty = next(f for f in findings if "“Xử lý” trống" in f.message)
    assert empty.severity is Severity.ERROR
    duplicate = next(f for f in findings if "đã có trong danh sách" in f.message)
    assert duplicate.severity is Severity.WARNING and duplicate.cell == "Danh mục!A13"
    flag = next(f for f in findings if "có lẽ" in f.message)
    assert flag.severity is Severity.ERROR and flag.cell == "Danh mục!C2"
    phrase = next(f for f in findings if "{số}" in f.message)
    assert phrase.severity is Severity.WARNING


# ---------------------------------------------------------------- data sheets
def test_required_cells(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, incidents=[{"date": date(2021, 5, 1), "summary": "x"}])
    cells = {f.cell: f.message for f in findings}
    assert cells == {"Vụ việc!C2": "Thiếu “Thôn”.", "Vụ việc!D2": "Thiếu “Loại vụ việc”."}


@pytest.mark.parametrize(
    ("record", "cell", "words"),
    [
        ({"date": "31/02/2021"}, "Vụ việc!B2", "không phải ngày hợp lệ"),
        ({"deaths": "hai"}, "Vụ việc!F2", "không phải số nguyên"),
        ({"injuries": 1.5}, "Vụ việc!G2", "không phải số nguyên"),
        ({"damage": -3}, "Vụ việc!H2", "không phải số không âm"),
    ],
)
def test_unreadable_values_are_errors_at_their_cell(
    tmp_path: Path, record: dict[str, Any], cell: str, words: str
) -> None:
    findings = findings_for(tmp_path, incidents=[{**OK_INCIDENT, **record}])
    (finding,) = findings
    assert finding.severity is Severity.ERROR and finding.cell == cell and words in finding.message


def test_unknown_village_suggests_the_one_meant(tmp_path: Path) -> None:
    (finding,) = findings_for(tmp_path, incidents=[{**OK_INCIDENT, "village": "Tay Son"}])
    assert finding.cell == "Vụ việc!C2"
    assert finding.message == "Thôn “Tay Son” không có trong trang Thôn."
    assert finding.suggestion == "Tây Sơn" and finding.replacement == "Tây Sơn"


def test_unknown_list_value_suggests_or_says_how_to_extend(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        incidents=[
            {**OK_INCIDENT, "category": "Trom cap tai san"},
            {**OK_INCIDENT, "category": "Buôn lậu", "summary": "other"},
        ],
    )
    near, unknown = findings
    assert near.suggestion == "Trộm cắp tài sản"
    assert unknown.suggestion is not None and "Danh mục" in unknown.suggestion
    assert unknown.replacement is None


def test_fixed_choices_and_yes_no(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        teams=[{"name": "Đội 1", "village": "Tây Sơn", "rating": "tot lam", "trained": "chưa"}],
        units=[{"name": "Trường Tiểu học", "kind": "Truong hoc", "registered": "Có"}],
    )
    by_cell = {f.cell: f for f in findings}
    assert "Đội tự quản!E2" in by_cell  # "tot lam" is not a rating
    assert by_cell["Đội tự quản!G2"].message.startswith("Đã tập huấn:")
    assert by_cell["Cơ quan - Trường học!B2"].suggestion == "Trường học"


def test_dates_future_later_year_and_earlier_years(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        incidents=[
            {**OK_INCIDENT, "date": date(2027, 1, 1), "summary": "a"},  # after today
            {**OK_INCIDENT, "date": date(2022, 3, 1), "summary": "b"},  # after the report year
            {**OK_INCIDENT, "date": date(2019, 3, 1), "summary": "c"},  # earlier years: kept
            {**OK_INCIDENT, "date": date(2020, 3, 1), "summary": "d"},
        ],
    )
    future, later, earlier = findings
    assert future.severity is Severity.ERROR and future.cell == "Vụ việc!B2"
    assert later.severity is Severity.WARNING and later.cell == "Vụ việc!B3"
    assert earlier.severity is Severity.WARNING and earlier.cell == "Vụ việc!B4"
    assert earlier.message.startswith("2 hàng") and "từ năm 2019" in earlier.message


def test_one_earlier_row_is_said_of_that_row(tmp_path: Path) -> None:
    (earlier,) = findings_for(
        tmp_path, incidents=[{**OK_INCIDENT, "date": date(2019, 3, 1), "summary": "c"}]
    )
    assert earlier.severity is Severity.WARNING and earlier.cell == "Vụ việc!B2"
    assert earlier.message == (
        "Ngày xảy ra: năm 2019, trước năm báo cáo 2021; hàng này chỉ dùng để so sánh "
        "cùng kỳ, không tính vào báo cáo năm nay."
    )


def test_model_year_in_the_future(tmp_path: Path) -> None:
    (finding,) = findings_for(
        tmp_path,
        models=[{"name": "M", "kind": "Khác", "status": "Hình thức", "year_started": 2031}],
    )
    assert finding.severity is Severity.ERROR and finding.cell == "Mô hình!D2"


def test_recognised_needs_registration(tmp_path: Path) -> None:
    (finding,) = findings_for(
        tmp_path, villages=[{"name": "Tây Sơn", "registered": "Không", "recognition": "Đạt"}]
    )
    assert finding.severity is Severity.ERROR and finding.cell == "Thôn!E2"


def test_duplicates_are_warnings_even_with_other_spelling(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        incidents=[
            {**OK_INCIDENT, "summary": "Trộm xe máy"},
            {**OK_INCIDENT, "summary": "trộm  xe máy"},
            {**OK_INCIDENT, "summary": "Trộm gà"},
        ],
    )
    (finding,) = findings
    assert finding.severity is Severity.WARNING
    assert finding.cell == "Vụ việc!3:3" and "trùng với hàng 2" in finding.message


_SUMMARIES = [
    "Trộm xe máy",
    "trộm  xe máy ",
    "TRỘM XE MÁY",
    unicodedata.normalize("NFD", "Trộm xe máy"),
    "Trộm xe mày",  # another tone: another summary
    "Hoà giải",
    "Hòa giải",
    "Hóa giải",
    "Ça",
    "c\u0327a",
    "",
]


@cache
def _sample() -> Workbook:
    return load_workbook(SAMPLE)


def _folding_every_text(records: list[Incident]) -> list[tuple[int, int]]:
    """(row, first row) of each duplicate, as the validator found them by folding every text."""
    first: dict[tuple[Any, ...], int] = {}
    found = []
    for record in records:
        key = (record.date, record.village, record.category, fold_key(record.summary))
        if key in first and key != (None, "", "", ""):
            found.append((record.row, first[key]))
        first.setdefault(key, record.row)
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, date(2021, 5, 1), date(2021, 5, 2)]),
            st.sampled_from(["", "Tây Sơn", "Đông Hòa"]),
            st.sampled_from(["", "Khác", "Ma túy"]),
            st.sampled_from(_SUMMARIES),
        ),
        max_size=25,
    )
)
def test_duplicates_are_the_ones_folding_every_summary_finds(
    rows: list[tuple[date | None, str, str, str]],
) -> None:
    # The validator folds only rows that could be duplicates; it must find the same.
    incidents = [
        Incident(date=day, village=village, category=category, summary=summary, row=row)
        for row, (day, village, category, summary) in enumerate(rows, start=2)
    ]
    workbook = dataclasses.replace(_sample(), incidents=incidents)
    found = [
        (f.row, int(f.message.rsplit(" ", 1)[1].rstrip(".")))
        for f in validate(workbook, today=TODAY).findings
        if f.sheet == schema.INCIDENTS.name and "trùng với hàng" in f.message
    ]
    assert found == _folding_every_text(incidents)


def test_errors_only_gives_exactly_the_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.xlsx",
        incidents=[
            {**OK_INCIDENT, "date": date(2027, 1, 1), "summary": "Trộm gà"},  # error
            {**OK_INCIDENT, "summary": "Trộm xe máy"},
            {**OK_INCIDENT, "summary": "trộm  xe máy"},  # duplicate: warning
            {**OK_INCIDENT, "village": "Thôn Lạ", "summary": "Đánh nhau"},  # error
        ],
    )
    workbook = load_workbook(path)
    full = validate(workbook, today=TODAY)
    assert full.warnings and len(full.errors) == 2
    assert validate(workbook, today=TODAY, errors_only=True).findings == full.errors


def test_two_teams_in_one_village_is_a_warning(tmp_path: Path) -> None:
    team = {"village": "Tây Sơn", "rating": "Tốt"}
    (finding,) = findings_for(
        tmp_path, teams=[{**team, "name": "Đội A"}, {**team, "name": "Đội B"}]
    )
    assert finding.severity is Severity.WARNING and "2 đội" in finding.message


def test_sections_rules(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        sections=[
            ("", "Đoạn đầu không có mục."),
            ("Uu diem", "Tốt."),
            ("", "Đoạn tiếp theo của mục trên: được."),
            ("Mở đầu", "Trên lĩnh vực trật tự: {vu viec} và {ngày mai}"),
        ],
    )
    untitled, unknown, typo, stray = findings
    assert untitled.severity is Severity.ERROR and untitled.cell == "Nội dung!A2"
    assert unknown.severity is Severity.WARNING and unknown.suggestion == "Ưu điểm"
    assert typo.cell == "Nội dung!B5" and typo.suggestion == "{vụ việc}"
    assert stray.severity is Severity.WARNING and "{vụ việc}" in (stray.suggestion or "")


def test_nd09_year_starts_on_15_december(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        settings={"cutoff": "Nghị định 09/2019"},
        incidents=[
            {**OK_INCIDENT, "date": date(2020, 12, 20), "summary": "in 2021 under ND 09"},
            {**OK_INCIDENT, "date": date(2021, 12, 20), "summary": "in 2022 under ND 09"},
        ],
    )
    (later,) = findings
    assert later.cell == "Vụ việc!B3" and "15/12/2020–14/12/2021" in later.message


def test_json_shape() -> None:
    finding = Finding(Severity.ERROR, "Vụ việc", "Vụ việc!C7", "m", None)
    assert finding.as_json() == {
        "severity": "error",
        "sheet": "Vụ việc",
        "cell": "Vụ việc!C7",
        "message": "m",
        "suggestion": None,
    }


def test_template_from_init_is_clean_but_the_empty_template_needs_commune_and_year(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "t.xlsx")
    assert validate(load_workbook(path), today=TODAY).findings == []
    empty = findings_for(tmp_path, build(commune="", settings={"year": None}))
    assert {f.message for f in empty} == {"Thiếu “Tên xã”.", "Thiếu “Năm báo cáo”."}


def test_findings_read_down_the_rows_and_across_the_columns(tmp_path: Path) -> None:
    findings = findings_for(
        tmp_path,
        incidents=[
            {"date": "05/03/2021", "village": "Tay Son", "category": "Ma tuy"},
            {"date": "32/13/2021", "village": "Tây Sơn", "category": "Ma túy", "deaths": -1},
        ],
        teams=[{"name": "Đội 1", "village": "Tây Sơn", "rating": "Giỏi"}],
    )
    cells = [f.cell for f in findings if f.sheet in ("Vụ việc", "Đội tự quản")]
    # The rules find the bad date and count first; the operator reads row 2 before row 3.
    assert cells == ["Vụ việc!C2", "Vụ việc!D2", "Vụ việc!B3", "Vụ việc!F3", "Đội tự quản!E2"]
