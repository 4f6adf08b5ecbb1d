"""The committed workbooks agree with their builders, and Excel users get a real template."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load_workbook
from antq_tui.workbook.sample import build_sample
from antq_tui.workbook.template import (
    VILLAGE_LIST_NAME,
    TemplateOptions,
    build_template,
    create_workbook,
    defined_name_for,
)
from tests.conftest import SAMPLE, TEMPLATE, TODAY
from tests.tools import soffice_convert


def describe(wb: Any) -> dict[str, Any]:
    """What staff see and what the agreement test compares: no timestamps, no bytes."""
    sheets = {}
    for ws in wb.worksheets:
        validations = sorted(
            (
                str(dv.sqref),
                dv.type or "",
                dv.formula1 or "",
                dv.formula2 or "",
                dv.prompt or "",
                dv.error or "",
            )
            for dv in ws.data_validations.dataValidation
        )
        values = [[c.value for c in row] for row in ws.iter_rows()]
        sheets[ws.title] = {"values": values, "validations": validations, "freeze": ws.freeze_panes}
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    return {"order": wb.sheetnames, "sheets": sheets, "names": names}


@pytest.mark.parametrize(
    ("committed", "builder"),
    [(TEMPLATE, build_template), (SAMPLE, build_sample)],
    ids=["template", "sample"],
)
def test_committed_workbook_agrees_with_its_builder(
    tmp_path: Path, committed: Path, builder: Any
) -> None:
    fresh = tmp_path / "fresh.xlsx"
    builder().save(fresh)
    assert describe(openpyxl.load_workbook(committed)) == describe(openpyxl.load_workbook(fresh)), (
        "Rebuild with: python -m antq_tui.workbook.bundled"
    )


def test_sheets_headers_and_frozen_bold_header_rows() -> None:
    wb = openpyxl.load_workbook(TEMPLATE)
    assert wb.sheetnames == list(schema.SHEET_ORDER)
    for spec in schema.DATA_SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == [c.header for c in spec.columns]
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        for index, column in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            assert ws.column_dimensions[letter].width == column.width
            if column.kind is schema.Kind.DATE:
                assert ws.column_dimensions[letter].number_format == "dd/mm/yyyy"


def test_every_allowed_value_column_has_a_dropdown_through_defined_names() -> None:
    wb = openpyxl.load_workbook(TEMPLATE)
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    assert names[VILLAGE_LIST_NAME] == "'Thôn'!$A$2:$A$1000"
    for spec in schema.DATA_SHEETS:
        validations = {
            str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
            for dv in wb[spec.name].data_validations.dataValidation
        }
        for index, column in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            if not column.has_allowed_values:
                continue
            dv = validations[letter]
            assert dv.type == "list", (spec.name, column.header)
            assert dv.prompt and dv.error and dv.showErrorMessage
            if column.catalog:
                name = defined_name_for(column.catalog)
                assert dv.formula1 == f"={name}"
                assert "'Danh mục'!" in names[name] and names[name].endswith("$500")
            elif column.kind is schema.Kind.VILLAGE:
                assert dv.formula1 == f"={VILLAGE_LIST_NAME}"
            elif column.kind is schema.Kind.YES_NO:
                assert dv.formula1 == '"Có,Không"'
            else:
                assert dv.formula1 == '"' + ",".join(column.choices) + '"'
            assert str(dv.sqref) == f"{letter}2:{letter}1048576"


def test_catalog_lists_are_filled_with_the_defaults() -> None:
    ws = openpyxl.load_workbook(TEMPLATE)[schema.CATALOG_SHEET]
    headers = [c.value for c in ws[1]]
    for catalog in schema.CATALOG_LISTS:
        col = headers.index(catalog.name) + 1
        values = [ws.cell(row=r, column=col).value for r in range(2, 2 + len(catalog.defaults))]
        assert values == [d[0] for d in catalog.defaults]


def test_instructions_explain_every_sheet_and_column() -> None:
    ws = openpyxl.load_workbook(TEMPLATE)[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for spec in schema.DATA_SHEETS:
        assert f"“{spec.name}”" in text
        for column in spec.columns:
            assert column.header in text and column.help in text
    for setting in schema.SETTINGS:
        assert setting.key in text
    assert "ngày/tháng/năm" in text


def test_init_options_fill_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    create_workbook(path, TemplateOptions(commune="Tây Sơn", year=2024))
    settings = load_workbook(path).settings
    assert (settings.commune, settings.year, settings.place) == ("Tây Sơn", 2024, "Tây Sơn")
    assert path.stat().st_mode & 0o007 == 0  # personal data: nothing for "others"


@pytest.mark.parametrize("source", [TEMPLATE, SAMPLE], ids=["template", "sample"])
def test_resaved_by_libreoffice_still_loads_and_validates(tmp_path: Path, source: Path) -> None:
    resaved = soffice_convert(source, tmp_path / "lo", "xlsx")
    original, after = load_workbook(source), load_workbook(resaved)
    assert [i.values() for i in after.incidents] == [i.values() for i in original.incidents]
    assert after.catalog.entries.keys() == original.catalog.entries.keys()
    assert [s.text for s in after.sections] == [s.text for s in original.sections]
    errors = [f for f in validate(after, today=TODAY).findings if f.severity.value == "error"]
    if source == SAMPLE:
        assert validate(after, today=TODAY).findings == []
    else:  # the empty template lacks only Tên xã and Năm báo cáo, as before
        assert {f.message for f in errors} == {"Thiếu “Tên xã”.", "Thiếu “Năm báo cáo”."}
    # LibreOffice keeps the drop-downs and the defined names they read.
    with zipfile.ZipFile(resaved) as zf:
        workbook_xml = zf.read("xl/workbook.xml").decode()
    assert "DM_LoaiVuViec" in workbook_xml and VILLAGE_LIST_NAME in workbook_xml


def test_template_opens_in_libreoffice(tmp_path: Path) -> None:
    """LibreOffice opens and prints the template (every sheet renders)."""
    pdf = soffice_convert(TEMPLATE, tmp_path / "pdf", "pdf")
    assert pdf.stat().st_size > 1000
