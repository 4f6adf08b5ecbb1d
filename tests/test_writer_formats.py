"""The writer on workbooks as other programs write them: LibreOffice, 1904 dates,
shared and array formulas, calcChain, tables, rows without numbers, prefixed XML."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write import zippatch
from antq_tui.workbook.write.writer import AppendRecord, ClearRecord, SaveFailed, SetCell, save
from tests import factory
from tests.test_writer_preserve import soffice_recalculated
from tests.tools import soffice_convert

HEADERS = [c.header for c in schema.INCIDENTS.columns]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def sheet_part(path: Path, name: str = schema.INCIDENTS.name) -> str:
    part = load(path).source.package.sheet(name)
    assert part is not None
    return part.part


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as zf:
        items = [(info, zf.read(info)) for info in zf.infolist()]
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            out.writestr(info, change(data) if info.filename == part else data)
    temp.replace(path)


def add_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)


def minimal_book(path: Path, incidents: int = 5, **options: object) -> xlsxwriter.Workbook:
    """The required sheets with headers and ``incidents`` rows, left open for more."""
    wb = xlsxwriter.Workbook(str(path), options)
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})
    wb.add_worksheet(schema.SETTINGS_SHEET).write_row(0, 0, ["Mục", "Giá trị"])
    villages = wb.add_worksheet(schema.VILLAGES.name)
    villages.write_row(0, 0, [c.header for c in schema.VILLAGES.columns])
    villages.write_row(1, 0, ["Tây Sơn", 10, 40, "Có"])
    ws = wb.add_worksheet(schema.INCIDENTS.name)
    ws.write_row(0, 0, HEADERS)
    for row in range(1, incidents + 1):
        ws.write_number(row, 0, row)
        ws.write_datetime(row, 1, date(2021, 1, row), dates)  # type: ignore[arg-type]
        ws.write_row(row, 2, ["Tây Sơn", "Khác", f"Vụ {row}", 0, row])
    for spec in (schema.UNITS, schema.TEAMS, schema.MODELS, schema.RESULTS):
        wb.add_worksheet(spec.name).write_row(0, 0, [c.header for c in spec.columns])
    wb.add_worksheet(schema.SECTIONS_SHEET).write_row(0, 0, ["Mục", "Nội dung"])
    catalog = wb.add_worksheet(schema.CATALOG_SHEET)
    catalog.write_row(0, 0, ["Loại vụ việc"])
    catalog.write_column(1, 0, ["Khác", "Ma túy"])
    return wb


# ---------------------------------------------------------------- zip layer
def test_rewrite_without_changes_is_the_same_file(sample_copy: Path, tmp_path: Path) -> None:
    data = sample_copy.read_bytes()
    assert zippatch.rewrite(data, {}) == data
    libre = soffice_convert(sample_copy, tmp_path / "lo", "xlsx").read_bytes()
    assert zippatch.rewrite(libre, {}) == libre  # LibreOffice's data descriptors too


def test_rewrite_copies_untouched_members_raw(sample_copy: Path) -> None:
    data = sample_copy.read_bytes()
    new = zippatch.rewrite(data, {"xl/styles.xml": b"<x/>"}, add={"extra.xml": b"<y/>"})
    old_zip, new_zip = zipfile.ZipFile(sample_copy), zipfile.ZipFile(__import__("io").BytesIO(new))
    assert new_zip.testzip() is None
    for info in old_zip.infolist():
        if info.filename == "xl/styles.xml":
            continue
        copy = new_zip.getinfo(info.filename)
        assert (copy.CRC, copy.compress_size, copy.date_time) == (
            info.CRC,
            info.compress_size,
            info.date_time,
        )
    assert new_zip.read("xl/styles.xml") == b"<x/>" and new_zip.read("extra.xml") == b"<y/>"


# ---------------------------------------------------------------- other writers
def test_workbook_resaved_by_libreoffice_can_be_edited(sample_copy: Path, tmp_path: Path) -> None:
    libre = soffice_convert(sample_copy, tmp_path / "lo", "xlsx")
    before = members(libre)
    loaded = load(libre)
    first, second = loaded.workbook.incidents[:2]
    result = save(
        loaded,
        [
            SetCell(schema.INCIDENTS.name, first.row, "summary", "Đã sửa sau LibreOffice"),
            ClearRecord(schema.INCIDENTS.name, second.row),
            AppendRecord(
                schema.INCIDENTS.name,
                {"date": date(2021, 12, 2), "village": "Lai Hà", "category": "Ma túy"},
            ),
        ],
        command="test",
    )
    after = members(libre)
    part = sheet_part(libre)
    bits = {
        part,
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
    }
    assert {n for n in before if before[n] != after[n]} <= bits
    incidents = load(libre).workbook.incidents
    assert incidents[0].summary == "Đã sửa sau LibreOffice"
    assert second.row not in {i.row for i in incidents}
    assert incidents[-1].date == date(2021, 12, 2) and incidents[-1].row == result.appended_rows[0]
    again = soffice_convert(libre, tmp_path / "lo2", "xlsx")  # LibreOffice still opens it
    assert load(again).workbook.incidents[0].summary == "Đã sửa sau LibreOffice"


def test_1904_date_system(tmp_path: Path) -> None:
    path = tmp_path / "mac.xlsx"
    minimal_book(path, date_1904=True).close()
    loaded = load(path)
    assert loaded.workbook.date1904
    assert loaded.workbook.incidents[0].date == date(2021, 1, 1)
    save(loaded, [SetCell(schema.INCIDENTS.name, 2, "date", date(2021, 3, 15))], command="t")
    xml = members(path)[sheet_part(path)]
    serial = (date(2021, 3, 15) - date(1904, 1, 1)).days
    assert re.search(rb'<c r="B2"[^>]*><v>%d</v></c>' % serial, xml)
    assert load(path).workbook.incidents[0].date == date(2021, 3, 15)


# ---------------------------------------------------------------- formulas
def _shared_stt(xml: bytes) -> bytes:
    """STT as Excel stores a filled-down formula: A3 =A2+1 shared down to A6."""
    for row in range(3, 7):
        cell = re.compile(rb'<c r="A%d"[^>]*>.*?</c>' % row)
        body = (
            b'<f t="shared" ref="A3:A6" si="0">A2+1</f>' if row == 3 else b'<f t="shared" si="0"/>'
        )
        xml = cell.sub(b'<c r="A%d">%s<v>%d</v></c>' % (row, body, row - 1), xml, count=1)
    return xml


_CALC_CHAIN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<c r="A3" i="3"/><c r="A4"/><c r="A5"/><c r="A6"/></calcChain>'
)


def _with_calc_chain(path: Path) -> None:
    add_part(path, "xl/calcChain.xml", _CALC_CHAIN)
    rewrite_part(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda x: x.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        ),
    )
    rewrite_part(
        path,
        "[Content_Types].xml",
        lambda x: x.replace(
            b"</Types>",
            b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
        ),
    )


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.xlsx"
    minimal_book(path).close()
    rewrite_part(path, sheet_part(path), _shared_stt)
    _with_calc_chain(path)
    return path


def test_editing_a_shared_formula_master_keeps_the_others(shared: Path, tmp_path: Path) -> None:
    assert [i.number for i in load(shared).workbook.incidents] == [1, 2, 3, 4, 5]
    save(load(shared), [SetCell(schema.INCIDENTS.name, 3, "number", 10)], command="t")
    xml = members(shared)[sheet_part(shared)]
    assert b't="shared"' not in xml
    for row in (4, 5, 6):  # each keeps its own formula and its cached result
        assert b'<c r="A%d"><f>A%d+1</f><v>%d</v></c>' % (row, row - 1, row - 1) in xml
    assert [i.number for i in load(shared).workbook.incidents] == [1, 10, 3, 4, 5]
    after = members(shared)
    assert "xl/calcChain.xml" not in after  # Excel rebuilds it; a stale one needs repair
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    recalculated = soffice_recalculated(shared, tmp_path / "lo")
    rows = CalamineWorkbook.from_path(str(recalculated)).get_sheet_by_name(schema.INCIDENTS.name)
    assert [r[0] for r in rows.to_python()[1:6]] == [1, 10, 11, 12, 13]


def test_calc_chain_stays_when_no_formula_is_touched(shared: Path) -> None:
    before = members(shared)
    save(load(shared), [SetCell(schema.INCIDENTS.name, 4, "summary", "khác")], command="t")
    after = members(shared)
    assert after["xl/calcChain.xml"] == before["xl/calcChain.xml"]
    assert b'Target="calcChain.xml"' in after["xl/_rels/workbook.xml.rels"]


def test_cell_inside_an_array_formula_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "array.xlsx"
    wb = minimal_book(path)
    wb.get_worksheet_by_name(schema.INCIDENTS.name).write_array_formula("H2:H4", "{=G2:G4*2}")
    wb.close()
    before = path.read_bytes()
    with pytest.raises(SaveFailed, match="công thức mảng"):
        save(load(path), [SetCell(schema.INCIDENTS.name, 3, "damage", 5)], command="t")
    assert path.read_bytes() == before


# ---------------------------------------------------------------- tables
def test_appending_below_a_table_grows_it(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    wb = minimal_book(path, incidents=0)
    ws = wb.get_worksheet_by_name(schema.INCIDENTS.name)
    rows = [[n, f"0{n}/01/2021", "Tây Sơn", "Khác", f"Vụ {n}", 0, 0, 0, "", ""] for n in (1, 2, 3)]
    ws.add_table("A1:J4", {"columns": [{"header": h} for h in HEADERS], "data": rows})
    wb.close()
    loaded = load(path)
    assert len(loaded.workbook.incidents) == 3
    result = save(
        loaded,
        [
            AppendRecord(
                schema.INCIDENTS.name,
                {"date": date(2021, 2, 1), "village": "Tây Sơn", "category": "Ma túy"},
            )
        ],
        command="t",
    )
    assert result.appended_rows == [5]
    table = members(path)["xl/tables/table1.xml"]
    assert b'ref="A1:J5"' in table and b'<autoFilter ref="A1:J5"' in table
    assert load(path).workbook.incidents[-1].category == "Ma túy"


def test_appending_below_a_sheet_filter_grows_it_and_its_name(tmp_path: Path) -> None:
    path = tmp_path / "filter.xlsx"
    incidents = [
        {"date": date(2021, 1, n), "village": "Tây Sơn", "category": "Khác", "summary": f"Vụ {n}"}
        for n in (1, 2, 3)
    ]
    wb = factory.build(incidents=incidents)
    wb[schema.INCIDENTS.name].auto_filter.ref = "A1:J4"
    wb.save(path)
    appended = AppendRecord(
        schema.INCIDENTS.name,
        {"date": date(2021, 2, 1), "village": "Tây Sơn", "category": "Ma túy"},
    )
    save(load(path), [appended, appended], command="t")
    files = members(path)
    assert re.search(rb'<autoFilter ref="A1:J6"\s*/>', files[sheet_part(path)])
    assert b"'V\xe1\xbb\xa5 vi\xe1\xbb\x87c'!$A$1:$J$6</definedName>" in files["xl/workbook.xml"]
    # LibreOffice reads the grown filter back as its own.
    converted = soffice_convert(path, tmp_path / "lo", "xlsx")
    with zipfile.ZipFile(converted) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert any(re.search(rb'<autoFilter ref="A1:J6"', xml) for xml in sheets)


def test_a_filter_away_from_the_new_rows_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "filter.xlsx"
    wb = factory.build(
        incidents=[
            {"date": date(2021, 1, n), "village": "Tây Sơn", "category": "Khác"} for n in (1, 2)
        ]
    )
    wb[schema.INCIDENTS.name].auto_filter.ref = "A1:J2"  # row 3 holds a record outside it
    wb.save(path)
    before = members(path)["xl/workbook.xml"]
    appended = AppendRecord(schema.INCIDENTS.name, {"date": date(2021, 2, 1), "category": "Ma túy"})
    save(load(path), [appended], command="t")
    files = members(path)
    assert b'<autoFilter ref="A1:J2"' in files[sheet_part(path)]
    assert re.findall(rb"\$A\$1:\$J\$\d+", files["xl/workbook.xml"]) == re.findall(
        rb"\$A\$1:\$J\$\d+", before
    )


# ---------------------------------------------------------------- unusual XML
def test_rows_without_numbers_and_cells_without_refs(tmp_path: Path) -> None:
    path = tmp_path / "implicit.xlsx"
    minimal_book(path).close()

    def strip_refs(xml: bytes) -> bytes:
        xml = re.sub(rb'(<row\b[^>]*?) r="\d+"', rb"\1", xml)  # rows numbered by position
        return re.sub(rb'(<c) r="[A-Z]+3"', rb"\1", xml)  # row 3: cells by position (A..G)

    rewrite_part(path, sheet_part(path), strip_refs)
    loaded = load(path)
    assert [i.summary for i in loaded.workbook.incidents] == [f"Vụ {n}" for n in range(1, 6)]
    save(
        loaded,
        [
            SetCell(schema.INCIDENTS.name, 3, "village", "Bắc Sơn"),
            SetCell(schema.INCIDENTS.name, 3, "note", "ghi chú"),
            AppendRecord(schema.INCIDENTS.name, {"date": date(2021, 2, 1), "category": "Ma túy"}),
        ],
        command="t",
    )
    incidents = load(path).workbook.incidents
    assert (incidents[1].village, incidents[1].note, incidents[1].summary) == (
        "Bắc Sơn",
        "ghi chú",
        "Vụ 2",
    )
    assert incidents[1].deaths == 0 and incidents[1].injuries == 2
    assert incidents[-1].row == 7 and incidents[-1].category == "Ma túy"


def test_prefixed_spreadsheet_namespace(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "prefixed.xlsx",
        incidents=[{"date": date(2021, 1, 5), "village": "Tây Sơn", "category": "Ma túy"}],
    )

    def prefix(xml: bytes) -> bytes:
        main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        xml = xml.replace(main, main.replace(b"xmlns=", b"xmlns:x="))
        return re.sub(rb"<(/?)([a-zA-Z]+)([\s>/])", rb"<\1x:\2\3", xml)

    rewrite_part(path, sheet_part(path), prefix)
    save(
        load(path),
        [
            SetCell(schema.INCIDENTS.name, 2, "summary", "có tiền tố"),
            AppendRecord(schema.INCIDENTS.name, {"date": date(2021, 2, 1), "category": "Khác"}),
        ],
        command="t",
    )
    xml = members(path)[sheet_part(path)]
    assert b'<x:c r="E2"' in xml
    assert "<x:is><x:t>có tiền tố</x:t></x:is>".encode() in xml
    assert b'<x:row r="3">' in xml
    incidents = load(path).workbook.incidents
    assert incidents[0].summary == "có tiền tố" and incidents[1].category == "Khác"
