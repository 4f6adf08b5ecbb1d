"""The writer's small parts: cell encoding, date styles, the row patcher, package bits."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from antq_tui.workbook.write import parts
from antq_tui.workbook.write.cellxml import (
    CellValueError,
    encode,
    escape_text,
    rich_text,
    split_ref,
    to_serial,
    unescape_text,
)
from antq_tui.workbook.write.styles import DATE_FORMAT, StyleBook, is_date_format
from antq_tui.workbook.write.xmlpatch import SharedStrings, SheetPatcher

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STYLES = (
    b"<styleSheet " + NS + b'><fonts count="1"><font/></fonts>'
    b'<cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1" applyFont="1">'
    b'<alignment wrapText="1"/></xf></cellXfs></styleSheet>'
)


def sheet(rows: bytes, cols: bytes = b"") -> bytes:
    return (
        b"<worksheet "
        + NS
        + b'><dimension ref="A1:C3"/>'
        + cols
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )


def test_serials_in_both_date_systems() -> None:
    assert to_serial(date(2021, 3, 12), False) == 44267
    assert to_serial(date(2021, 3, 12), True) == 44267 - 1462
    assert to_serial(datetime(2021, 3, 12, 12, 0), False) == 44267.5
    with pytest.raises(CellValueError):
        to_serial(date(1900, 1, 1), False)


def test_encode_kinds() -> None:
    assert encode(None, False).kind == "blank" and encode("", False).kind == "blank"
    assert encode(True, False).text == "Có" and encode(False, False).text == "Không"
    assert encode(3, False).xml == b"<{p}v>3</{p}v>" and encode(3, False).expected == 3.0
    assert encode(0.1, False).xml == b"<{p}v>0.1</{p}v>"
    text = encode(" =A1\r\nx\x00 ", False)
    assert text.kind == "text" and text.expected == " =A1\nx "
    assert b'xml:space="preserve"' in text.xml
    with pytest.raises(CellValueError, match="32767"):
        encode("x" * 40_000, False)
    with pytest.raises(CellValueError):
        encode(float("nan"), False)


def test_excel_escapes_round_trip() -> None:
    for text in ("a_x0041_b", "<&>", "line\rend", "Đại Lương"):
        assert unescape_text(escape_text(text)) == text
    assert rich_text(b"<si><r><t>Ha</t></r><r><t xml:space='preserve'> N&#7897;i</t></r>"
                     b"<rPh><t>x</t></rPh></si>") == "Ha Nội"  # fmt: skip
    assert split_ref(b"AB12") == (12, 28)


def test_date_format_detection() -> None:
    assert is_date_format("dd/mm/yyyy") and is_date_format("[$-42A]d mmmm yyyy")
    assert not is_date_format("General") and not is_date_format('0.00" ngày"')
    assert not is_date_format("#,##0") and is_date_format("hh:mm")


def test_date_style_is_added_once_and_counted() -> None:
    book = StyleBook.parse(STYLES)
    assert not book.is_date(1)
    style = book.with_format(1, DATE_FORMAT)
    assert style == 2 and book.with_format(1, DATE_FORMAT) == 2 and book.is_date(2)
    xml = book.render()
    assert b'<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>' in xml
    assert b'<cellXfs count="3">' in xml
    assert b'<xf numFmtId="164" fontId="1" applyFont="1" applyNumberFormat="1"><alignment' in xml
    again = StyleBook.parse(xml)
    assert again.with_format(1, DATE_FORMAT) == 2 and not again.changed  # reused, not re-added


def patcher(rows: bytes, cols: bytes = b"") -> SheetPatcher:
    return SheetPatcher(sheet(rows, cols), StyleBook.parse(STYLES), SharedStrings(None), name="T")


def test_new_cells_take_the_style_above_and_dates_get_a_date_style() -> None:
    p = patcher(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>'
        b'<row r="2" spans="1:2"><c r="A2" s="1"><v>1</v></c><c r="B2" s="1"><v>2</v></c></row>'
    )
    assert p.last_used_row() == 2
    p.set(3, 1, encode("mới", False))
    p.set(3, 2, encode(date(2021, 1, 2), False))
    xml = p.render()
    assert b'<row r="3"><c r="A3" s="1" t="inlineStr"><is><t>' in xml
    assert b'<c r="B3" s="2"><v>44198</v></c></row></sheetData>' in xml  # a date variant of s=1
    assert b'<dimension ref="A1:C3"/>' in xml


def test_cells_go_in_column_order_and_clearing_keeps_the_look() -> None:
    rows = b'<row r="2"><c r="A2" s="1"><v>1</v></c><c r="D2"><v>4</v></c></row>'
    p = patcher(rows)
    p.set(2, 3, encode(3, False))
    p.set(2, 5, encode("e", False))
    p.set(2, 1, encode(None, False))
    p.set(2, 4, encode(None, False))
    xml = p.render()
    assert b'<row r="2"><c r="A2" s="1"/><c r="C2"><v>3</v></c><c r="E2" t="inlineStr">' in xml
    assert b"D2" not in xml  # an unstyled cleared cell goes away
    assert b'<dimension ref="A1:E3"/>' in xml


def test_rows_are_inserted_in_order_and_empty_sheet_data_opens() -> None:
    p = patcher(b'<row r="2"><c r="A2"><v>2</v></c></row><row r="9"><c r="A9"><v>9</v></c></row>')
    p.set(5, 1, encode(5, False))
    p.set(12, 1, encode(12, False))
    xml = p.render()
    order = [xml.index(b'<row r="%d"' % n) for n in (2, 5, 9, 12)]
    assert order == sorted(order)
    empty = SheetPatcher(b"<worksheet " + NS + b"><sheetData/></worksheet>", StyleBook.parse(STYLES),
                         SharedStrings(None))  # fmt: skip
    empty.set(1, 2, encode("x", False))
    assert empty.render().endswith(
        b'<sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )


def test_old_values_for_the_log() -> None:
    shared = SharedStrings(
        "<sst><si><t>một</t></si><si><r><t>h</t></r><r><t>ai</t></r></si></sst>".encode()
    )
    p = SheetPatcher(
        sheet(
            b'<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="2"><v>44198</v></c>'
            b'<c r="C2"><f>A1+1</f><v>3</v></c><c r="D2" t="b"><v>1</v></c></row>'
        ),
        StyleBook.parse(STYLES.replace(b"</cellXfs>", b'<xf numFmtId="14"/></cellXfs>')),
        shared,
    )
    assert p.old_cell(2, 1).text == "hai" and p.old_cell(2, 1).kind == "text"
    assert p.old_cell(2, 2).text == "02/01/2021" and p.old_cell(2, 2).kind == "date"
    assert p.old_cell(2, 3).text == "=A1+1 (3)" and p.old_cell(2, 3).formula
    assert p.old_cell(2, 4).text == "TRUE"
    assert p.old_cell(2, 9).kind == "blank"


def test_full_calc_flag() -> None:
    with_flag = b'<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'
    assert parts.ensure_full_calc(with_flag) == with_flag
    assert parts.ensure_full_calc(b'<workbook><calcPr calcId="1"/></workbook>') == (
        b'<workbook><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'
    )
    assert parts.ensure_full_calc(b"<workbook><sheets/><extLst/></workbook>") == (
        b'<workbook><sheets/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>'
    )


def test_package_parts_are_patched_whatever_the_quotes_and_spaces() -> None:
    rels = (
        b"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        b"<Relationship Target='worksheets/sheet1.xml' Id='rId1' Type='x/worksheet'/>"
        b"<Relationship Id = 'rId2' Type = 'x/worksheet' Target = 'worksheets/sheet2.xml'>"
        b"</Relationship></Relationships>"
    )
    workbook = (
        b"<x:workbook xmlns:x='" + NS[7:-1] + b"' xmlns:rel='"
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships'><x:sheets>"
        b"<x:sheet name='A' sheetId='1' rel:id='rId1'/><x:sheet rel:id = 'rId2' sheetId = '2' "
        b"name='B'/></x:sheets><x:calcPr calcId='1' fullCalcOnLoad = '0'/></x:workbook>"
    )
    types = b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'></Types>"
    workbook, rels, types = parts.add_sheet(
        workbook, rels, types, "Nhật ký", "xl/worksheets/s3.xml"
    )
    assert b'<Relationship Id="rId3"' in rels  # not a second rId1
    assert '<x:sheet name="Nhật ký" sheetId="3" rel:id="rId3"/></x:sheets>'.encode() in workbook
    assert b"fullCalcOnLoad = '1'" in parts.ensure_full_calc(workbook)
    table = b"<table id='1' ref = 'A1:C5' totalsRowShown='0'><autoFilter ref='A1:C5'/></table>"
    assert parts.grow_table(table, 6, 9) == (
        b"<table id='1' ref = 'A1:C9' totalsRowShown='0'><autoFilter ref='A1:C9'/></table>"
    )


def test_a_cell_that_was_there_keeps_its_look_and_a_new_one_takes_the_look_above() -> None:
    p = patcher(
        b'<row r="2"><c r="A2" s="1"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>'
    )
    p.set(3, 1, encode(5, False))  # shown with style 0 before: so after
    p.set(4, 1, encode(6, False))
    xml = p.render()
    assert b'<row r="3"><c r="A3"><v>5</v></c></row>' in xml
    assert b'<row r="4"><c r="A4" s="1"><v>6</v></c></row>' in xml
