"""Rows written straight into the sheets of a workbook just built (``workbook.bulk_rows``)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load_workbook
from antq_tui.workbook.template import TemplateOptions, build_template
from antq_tui.workbook.write.bulk_rows import _Book, fill_sheets
from antq_tui.workbook.write.cellxml import encode
from antq_tui.workbook.write.styles import StyleBook
from tests.conftest import TODAY


def _template() -> bytes:
    out = io.BytesIO()
    build_template(TemplateOptions("Tân Hòa", 2024)).save(out)
    return out.getvalue()


INCIDENTS = [
    [
        1,
        date(2024, 3, 4),
        "Đông Hòa",
        "Khác",
        "=SUM(A1) <b> & “x”",
        0,
        2,
        1.5,
        None,
        None,
        "Tân Lập",
    ],
    [2, date(2024, 3, 5), "Đông Hòa", "Khác", "hai dòng\nrõ ràng", None, None, None, "", "", ""],
    [3, datetime(2024, 3, 6, 8, 30), "Đông Hòa", "Khác", "  cách đầu", 1],
]


def test_values_read_back_as_written_with_the_columns_look(tmp_path: Path) -> None:
    data = fill_sheets(
        _template(),
        {
            schema.VILLAGES.name: [["Đông Hòa", 120, None, True, "Đạt", 3, "", "Tân Lập"]],
            schema.INCIDENTS.name: INCIDENTS,
        },
    )
    path = tmp_path / "filled.xlsx"
    path.write_bytes(data)
    book = CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_name(schema.INCIDENTS.name).to_python()
    assert grid[1][:5] == [1.0, date(2024, 3, 4), "Đông Hòa", "Khác", "=SUM(A1) <b> & “x”"]
    assert grid[1][7] == 1.5 and grid[1][10] == "Tân Lập"
    assert grid[2][4] == "hai dòng\nrõ ràng" and grid[3][4] == "  cách đầu"
    assert len(grid) == 4
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet5.xml")
    assert b'<c r="I3"' not in xml and b'<c r="F3"' not in xml  # "" and None: no cell
    village = book.get_sheet_by_name(schema.VILLAGES.name).to_python()[1]
    assert village[3] == "Có"  # True is written as the list says it
    sheet = openpyxl.load_workbook(path)[schema.INCIDENTS.name]
    assert sheet["B2"].number_format == "dd/mm/yyyy" and sheet["B2"].is_date
    assert sheet["B4"].is_date  # a datetime in a date column: a date cell too
    assert sheet["E2"].data_type == "s"  # text, never a formula
    assert sheet.dimensions == "A1:K4"
    workbook = load_workbook(path)
    assert [i.summary for i in workbook.incidents][1] == "hai dòng\nrõ ràng"
    assert validate(workbook, today=TODAY).errors == []


def test_only_the_filled_sheets_change(tmp_path: Path) -> None:
    template = _template()
    data = fill_sheets(template, {schema.INCIDENTS.name: INCIDENTS[:1]})
    with zipfile.ZipFile(io.BytesIO(template)) as old, zipfile.ZipFile(io.BytesIO(data)) as new:
        assert old.namelist() == new.namelist()
        changed = [n for n in old.namelist() if old.read(n) != new.read(n)]
    # Vụ việc is the fifth sheet; the template's date columns already have the date format.
    assert changed == ["xl/worksheets/sheet5.xml"]


def test_a_date_in_a_column_without_a_date_format_gets_one(tmp_path: Path) -> None:
    data = fill_sheets(
        _template(),
        {schema.VILLAGES.name: [["Đông Hòa", None, None, None, "", None, date(2024, 1, 2)]]},
    )
    path = tmp_path / "dated.xlsx"
    path.write_bytes(data)
    cell = openpyxl.load_workbook(path)[schema.VILLAGES.name]["G2"]
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"


def test_a_sheet_holding_rows_is_refused() -> None:
    wb = build_template(TemplateOptions("Tân Hòa", 2024))
    wb[schema.INCIDENTS.name]["A2"] = 1
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValueError, match="only their header"):
        fill_sheets(out.getvalue(), {schema.INCIDENTS.name: INCIDENTS})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_text_is_written_as_every_save_writes_it(text: str) -> None:
    """The shortcut for clean text gives what ``cellxml.encode`` gives, byte for byte."""
    encoded = encode(text, False)
    expected = (encoded.kind, encoded.xml.replace(b"{p}", b""))
    assert _Book(StyleBook.parse(None), False).content(text) == expected
