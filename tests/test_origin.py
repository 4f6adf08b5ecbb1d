"""Column ``Xã cũ``: blank and unseen in a commune's own workbook; in a merged one, the rows
that name an old commune stay that commune's (its narrative and register never reach the
new commune's reports, its rows are not duplicates of another commune's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook

from antq_tui.model import schema
from antq_tui.model.periods import parse_period
from antq_tui.report.build import build_report
from antq_tui.report.sources import report_sources
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Severity
from antq_tui.workbook.reader import load_workbook
from tests.conftest import TODAY
from tests.factory import build

OWN_OPENING = "Năm 2024, tình hình an ninh, trật tự trên địa bàn xã Tân Hòa ổn định."
OLD_OPENING = "Năm 2024, xã Tân Lập cũ tổ chức tốt phong trào ở cả năm thôn."
OLD_PLAN = "Năm 2025 xã Tân Lập cũ tiếp tục nhân rộng mô hình tự quản."


def _drop_origin_columns(wb: OpenpyxlWorkbook) -> None:
    """The sheets as a workbook made before the column had them."""
    for name in (
        *(s.name for s in schema.DATA_SHEETS),
        schema.REGISTER.name,
        schema.SECTIONS_SHEET,
    ):
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        ws.delete_cols(headers.index(schema.ORIGIN.header) + 1)


def test_a_workbook_made_before_the_column_reads_and_validates_without_a_word(
    tmp_path: Path,
) -> None:
    wb = build(
        incidents=[{"date": date(2021, 5, 1), "village": "Tây Sơn", "category": "Khác"}],
        sections=[("Mở đầu", "Năm 2021, tình hình ổn định.")],
        register=[{"period": "Quý I/2021", "doc_number": "3"}],
    )
    _drop_origin_columns(wb)
    path = tmp_path / "old.xlsx"
    wb.save(path)
    workbook = load_workbook(path)
    assert schema.ORIGIN.header not in workbook.layouts[schema.INCIDENTS.name].headers
    assert validate(workbook, today=TODAY).findings == []
    assert workbook.incidents[0].origin == "" and workbook.sections[0].origin == ""


def test_the_template_has_the_column_last_on_every_sheet_it_concerns(tmp_path: Path) -> None:
    wb = build()
    for spec in (*schema.DATA_SHEETS, schema.REGISTER):
        assert [c.value for c in wb[spec.name][1]][-1] == schema.ORIGIN.header
    assert wb[schema.SECTIONS_SHEET]["D1"].value == schema.ORIGIN.header


def _merged(tmp_path: Path) -> Path:
    """What a merged workbook holds: the new commune's own narrative and register rows
    above, an old commune's below with its name in Xã cũ (its titles, its periods)."""
    path = tmp_path / "merged.xlsx"
    build(
        commune="Tân Hòa",
        year=2024,
        villages=["Đông Hòa (Tân Lập)", "Đông Hòa (Hòa Bình)"],
        incidents=[
            {
                "date": date(2024, 3, 1),
                "village": "Đông Hòa (Tân Lập)",
                "category": "Khác",
                "summary": "Trộm gà",
                "origin": "Tân Lập",
            },
            {
                "date": date(2024, 3, 1),
                "village": "Đông Hòa (Tân Lập)",
                "category": "Khác",
                "summary": "Trộm gà",
                "origin": "Hòa Bình",
            },
        ],
        models=[
            {
                "name": "Camera an ninh",
                "kind": "Camera an ninh",
                "status": "Hoạt động tốt",
                "origin": "Tân Lập",
            },
            {
                "name": "Camera an ninh",
                "kind": "Camera an ninh",
                "status": "Hoạt động tốt",
                "origin": "Hòa Bình",
            },
        ],
        sections=[
            ("Mở đầu", OWN_OPENING),
            ("Mở đầu", OLD_OPENING, "Năm 2024", "Tân Lập"),
            ("Giải pháp", OLD_PLAN, "Năm 2024", "Tân Lập"),
            ("", "Một đoạn nữa của Tân Lập.", "", "Tân Lập"),
            ("", "Đoạn viết tiếp mục Mở đầu của xã mới."),
        ],
        register=[
            {"period": "Năm 2024", "doc_number": "31", "origin": "Tân Lập"},
            {"period": "Năm 2024", "doc_number": "40", "origin": "Hòa Bình"},
            {"period": "Quý I/2024", "doc_number": "7"},
            {"period": "Quý I/2024", "doc_number": "5", "origin": "Tân Lập"},
        ],
    ).save(path)
    return path


def test_an_old_communes_narrative_and_register_never_reach_the_new_communes_report(
    tmp_path: Path,
) -> None:
    workbook = load_workbook(_merged(tmp_path))
    year = report_sources(workbook, parse_period(year="2024"))
    texts = [s.text for s in year.sections]
    assert texts == [OWN_OPENING, "Đoạn viết tiếp mục Mở đầu của xã mới."]
    assert [s.title for s in year.sections] == ["Mở đầu", "Mở đầu"]
    assert year.entry is None  # Tân Lập's and Hòa Bình's Năm 2024 are theirs
    quarter = report_sources(workbook, parse_period(quarter="2024-Q1"))
    assert quarter.entry is not None and quarter.entry.doc_number == "7"
    document = build_report(workbook, parse_period(year="2024"))
    text = "\n".join(document.body_lines())
    assert OWN_OPENING in text
    for old in (OLD_OPENING, OLD_PLAN, "Một đoạn nữa của Tân Lập."):
        assert old not in text
    assert "phương hướng" not in document.subject  # Giải pháp was Tân Lập's only
    assert document.header.number == "Số:        /BC-UBND"  # not Tân Lập's 31 nor Hòa Bình's 40


def test_rows_of_two_old_communes_are_not_duplicates_and_each_reads_on_its_own(
    tmp_path: Path,
) -> None:
    findings = validate(load_workbook(_merged(tmp_path)), today=TODAY).findings
    assert findings == []  # same incident, same model, same register period: two communes'


def test_each_old_communes_narrative_starts_with_a_section_title(tmp_path: Path) -> None:
    path = tmp_path / "untitled.xlsx"
    build(
        sections=[
            ("Mở đầu", "Của xã."),
            ("", "Đoạn đầu của Tân Lập, không tên mục.", "", "Tân Lập"),
        ]
    ).save(path)
    errors = [
        f
        for f in validate(load_workbook(path), today=TODAY).findings
        if f.severity is Severity.ERROR
    ]
    assert [(f.cell, f.message) for f in errors] == [
        ("Nội dung!A3", "Thiếu tên mục cho đoạn nội dung đầu tiên.")
    ]


def test_two_register_rows_of_one_period_and_one_commune_are_still_said(tmp_path: Path) -> None:
    path = tmp_path / "twice.xlsx"
    build(
        register=[
            {"period": "Quý I/2021", "doc_number": "5", "origin": "Tân Lập"},
            {"period": "Quý I/2021", "doc_number": "6", "origin": "Tân Lập"},
        ]
    ).save(path)
    (finding,) = validate(load_workbook(path), today=TODAY).findings
    assert finding.cell == "Sổ báo cáo!A3" and "đã có ở hàng 2" in finding.message
