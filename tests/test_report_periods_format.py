"""The workbook's side of per-period reports: Nội dung's Kỳ báo cáo, the Sổ báo cáo register,
the Danh mục column marking standing indicators, and workbooks made before any of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from antq_tui.editing.fix import REASON_DATE, REASON_SPACES, load_for_fix
from antq_tui.model import schema
from antq_tui.report.totals import standing_indicators
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Finding, Severity
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.conftest import TEMPLATE, TODAY


def findings(tmp_path: Path, wb: Any) -> list[Finding]:
    path = tmp_path / "so.xlsx"
    wb.save(path)
    return validate(load_workbook(path), today=TODAY).findings


def old_workbook(**kwargs: Any) -> Any:
    """A workbook as made before issue 11: no Kỳ báo cáo column, no Sổ báo cáo sheet, no
    "tính đến cuối kỳ" column in Danh mục."""
    wb = factory.build(**kwargs)
    wb[schema.SECTIONS_SHEET].delete_cols(3)
    del wb[schema.REGISTER.name]
    catalog = wb[schema.CATALOG_SHEET]
    header = schema.INDICATORS.attribute_header(schema.STANDING)
    column = [c.value for c in catalog[1]].index(header) + 1
    catalog.delete_cols(column)
    return wb


# ------------------------------------------------------------------ Nội dung: Kỳ báo cáo
def test_a_period_naming_nothing_is_an_error_at_its_cell_with_the_nearest_form(
    tmp_path: Path,
) -> None:
    wb = factory.build(
        sections=[
            ("Mở đầu", "Quý I, tình hình ổn định.", "Quý I/2021"),
            ("Mở đầu", "Tháng 13 không có.", "Tháng 13/2021"),
            ("Mở đầu", "Viết thiếu dấu.", "Quy II/2021"),
            ("Mở đầu", "Báo cáo năm.", ""),
        ]
    )
    found = [f for f in findings(tmp_path, wb) if f.sheet == schema.SECTIONS_SHEET]
    assert [(f.severity, f.cell) for f in found] == [
        (Severity.ERROR, "Nội dung!C3"),
        (Severity.ERROR, "Nội dung!C4"),
    ]
    assert found[0].message == (
        "Kỳ báo cáo “Tháng 13/2021” không phải một kỳ báo cáo; gần nhất là “Tháng 12 năm 2021”."
    )
    assert found[0].replacement is None  # a person decides which period was meant
    assert found[1].message == "Kỳ báo cáo “Quy II/2021” viết thiếu dấu."
    assert found[1].replacement == "Quý II năm 2021"


def test_markers_may_name_an_indicator_or_the_items_heading(tmp_path: Path) -> None:
    wb = factory.build(
        sections=[
            ("Lực lượng an ninh cơ sở", "{tiêu đề} Công tác thực hiện Kế hoạch số 11-KH/HU"),
            ("Tình hình an ninh nông thôn", "Theo dõi {người nước ngoài tạm trú được quản lý}."),
            ("Tình hình an ninh nông thôn", "Theo dõi {Người nước ngoài}."),
        ]
    )
    (finding,) = findings(tmp_path, wb)
    assert finding.severity is Severity.WARNING and finding.cell == "Nội dung!B4"
    assert "{Người nước ngoài}" in finding.message


# ------------------------------------------------------------------ Sổ báo cáo
def test_register_rules(tmp_path: Path) -> None:
    wb = factory.build(
        register=[
            {"period": "Quý I/2021", "doc_number": "12", "sign_date": date(2021, 3, 25)},
            {"period": "Quý I năm 2021", "doc_number": "13", "sign_date": date(2021, 4, 5)},
            {"doc_number": "14"},
            {"period": "Tháng 4/2021", "sign_date": "31/04/2021"},
            {"period": "6 tháng đầu năm 2021", "sign_date": date(2021, 7, 2)},
        ]
    )
    found = [f for f in findings(tmp_path, wb) if f.sheet == schema.REGISTER.name]
    described = [(f.severity, f.cell, f.message) for f in found]
    assert described == [
        (
            Severity.WARNING,
            "Sổ báo cáo!C2",
            "Ngày ký 25/03/2021 ở trước ngày cuối quý I năm 2021 (31/03/2021).",
        ),
        (
            Severity.WARNING,
            "Sổ báo cáo!A3",
            "Quý I năm 2021 đã có ở hàng 2; báo cáo dùng hàng 2.",
        ),
        (Severity.ERROR, "Sổ báo cáo!A4", "Thiếu “Kỳ báo cáo”: hàng này là báo cáo của kỳ nào?"),
        (
            Severity.ERROR,
            "Sổ báo cáo!C5",
            "Ngày ký: “31/04/2021” không phải ngày hợp lệ; gõ theo dạng ngày/tháng/năm, "
            "ví dụ 05/03/2021.",
        ),
    ]


def test_workbooks_made_before_issue_11_load_validate_and_report_as_before(
    tmp_path: Path,
) -> None:
    wb = old_workbook(
        sections=[("Mở đầu", "Năm 2021, tình hình ổn định.")],
        incidents=[{"date": date(2021, 5, 1), "village": "Tây Sơn", "category": "Khác"}],
    )
    path = tmp_path / "cu.xlsx"
    wb.save(path)
    workbook = load_workbook(path)
    assert validate(workbook, today=TODAY).findings == []
    assert workbook.register == [] and schema.REGISTER.name not in workbook.layouts
    assert [(s.title, s.period) for s in workbook.sections] == [("Mở đầu", "")]
    # Danh mục without the column: the default list's standing indicator is still standing.
    assert standing_indicators(workbook) == {"Người nước ngoài tạm trú được quản lý"}


def test_a_danh_muc_column_marks_the_communes_own_standing_indicators(tmp_path: Path) -> None:
    wb = factory.build()
    ws = wb[schema.CATALOG_SHEET]
    headers = [c.value for c in ws[1]]
    flag = headers.index(schema.INDICATORS.attribute_header(schema.STANDING)) + 1
    name = headers.index(schema.INDICATORS.name) + 1
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=name).value == "Người nước ngoài tạm trú được quản lý":
            ws.cell(row=row, column=flag, value="Không")
        if ws.cell(row=row, column=name).value == "Buổi tuyên truyền":
            ws.cell(row=row, column=flag, value="Có")
    path = tmp_path / "so.xlsx"
    wb.save(path)
    assert standing_indicators(load_workbook(path)) == {"Buổi tuyên truyền"}


# ------------------------------------------------------------------ antq fix
def test_fix_knows_both_kinds_of_kỳ_báo_cáo_cell(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "so.xlsx",
        sections=[
            ("Mở đầu", "Quý I.", "  Quý I/2021 "),
            ("Mở đầu", "Thiếu dấu.", "Quy II/2021"),
            ("Mở đầu", "Không rõ.", "Quý 5/2021"),
        ],
        register=[{"period": "Tháng  3/2021", "sign_date": "05/04/2021", "doc_number": "7"}],
    )
    _, plan = load_for_fix(path)
    fixes = {f.cell: (f.old, f.new, f.reason) for f in plan.fixes}
    assert fixes["Nội dung!C2"] == ("  Quý I/2021 ", "Quý I/2021", REASON_SPACES)
    assert fixes["Sổ báo cáo!A2"] == ("Tháng  3/2021", "Tháng 3/2021", REASON_SPACES)
    assert fixes["Sổ báo cáo!C2"] == ("05/04/2021", date(2021, 4, 5), REASON_DATE)
    left = {item.cell: (item.reason, item.suggestion) for item in plan.left}
    assert left["Nội dung!C3"] == (
        "Kỳ báo cáo viết thiếu dấu",
        "Có thể là “Quý II năm 2021”; hãy kiểm tra rồi sửa tay.",
    )
    assert left["Nội dung!C4"][0] == "Không đọc được kỳ báo cáo"
    assert "Quý IV năm 2021" in (left["Nội dung!C4"][1] or "")


# ------------------------------------------------------------------ template
def test_template_has_the_column_the_register_and_explains_them() -> None:
    wb = openpyxl.load_workbook(TEMPLATE)
    assert [c.value for c in wb[schema.SECTIONS_SHEET][1]] == [
        "Mục",
        "Nội dung",
        "Kỳ báo cáo",
        "Xã cũ",
    ]
    register = wb[schema.REGISTER.name]
    assert [c.value for c in register[1]] == [c.header for c in schema.REGISTER.columns]
    assert register.column_dimensions["C"].number_format == "dd/mm/yyyy"
    guide = "\n".join(
        str(c.value) for row in wb[schema.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "Kỳ báo cáo “Quý I/2023”" in guide  # a worked example of each
    assert "Số ký hiệu “12”, Ngày ký “05/04/2023”" in guide
    assert "Quý I năm 2023 hoặc Quý I/2023" in guide and "03/2023" in guide
    assert "{tiêu đề}" in guide and "{Người nước ngoài tạm trú được quản lý}" in guide
    assert "Chỉ tiêu - tính đến cuối kỳ" in guide
    for column in schema.REGISTER.columns:
        assert column.header in guide and column.help in guide
