"""What openpyxl drops survives the writer: shapes, comment formatting, pictures, charts,
Excel's x14 drop-downs, sparklines, data bars and cached formula results.

The fixture is written by XlsxWriter (as Excel would: shared strings, cached
formula results) and given an x14 data-validation block exactly as Excel stores a
drop-down that reads a list on another sheet.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zipfile
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import AppendRecord, SetCell, save
from tests.tools import require_tool

INCIDENTS = 20
VILLAGES = ["Tây Sơn", "Đông Hòa", "Bắc Sơn"]
X14_DV_URI = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"
X14_DROPDOWN = (
    '<ext uri="' + X14_DV_URI + '" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Danh mục'!$A$2:$A$11</xm:f></x14:formula1>"
    "<xm:sqref>D2:D1000</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
)


def tiny_png() -> bytes:
    """A real 2x2 PNG (XlsxWriter reads its header for the size)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def build_rich_workbook(path: Path) -> Path:
    import io

    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})

    def sheet(name: str, headers: list[str]) -> xlsxwriter.worksheet.Worksheet:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers, bold)
        return ws

    settings = sheet(
        schema.SETTINGS_SHEET, [schema.SETTINGS_KEY_HEADER, schema.SETTINGS_VALUE_HEADER]
    )
    settings.write_row(1, 0, ["Tên xã", "Tây Sơn"])
    settings.write_row(2, 0, ["Năm báo cáo", 2021])
    villages = sheet(schema.VILLAGES.name, [c.header for c in schema.VILLAGES.columns])
    for row, name in enumerate(VILLAGES, start=1):
        villages.write_row(row, 0, [name, 300, 1200, "Có", "Đạt", 2])
    villages.insert_image("J2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    sheet(schema.UNITS.name, [c.header for c in schema.UNITS.columns])

    ws = sheet(
        schema.INCIDENTS.name, [*(c.header for c in schema.INCIDENTS.columns), "Thương vong"]
    )
    ws.set_column(1, 1, 12, dates)
    categories = [d[0] for d in schema.INCIDENT_CATEGORIES.defaults]
    for row in range(1, INCIDENTS + 1):
        ws.write_number(row, 0, row)
        ws.write_datetime(row, 1, date(2021, 1, 1) + timedelta(days=7 * row), dates)  # type: ignore[arg-type]
        ws.write_string(row, 2, VILLAGES[row % 3])
        ws.write_string(row, 3, categories[row % 4])
        ws.write_string(row, 4, f"Vụ số {row}")
        ws.write_number(row, 5, row % 2)
        ws.write_number(row, 6, 1)
        # Thương vong = chết + bị thương, with the cached result Excel would store.
        ws.write_formula(row, 10, f"=F{row + 1}+G{row + 1}", None, row % 2 + 1)
    ws.write_comment(
        "E2",
        "Cán bộ ghi chú: cần xác minh thêm",
        {"author": "Nguyễn Văn An", "font_name": "Times New Roman", "font_size": 13,
         "color": "#FFCC99", "x_scale": 2, "y_scale": 1.5},
    )  # fmt: skip
    ws.insert_textbox("M2", "Số liệu đã đối chiếu", {"width": 220, "height": 60})
    ws.conditional_format("F2:F21", {"type": "data_bar", "data_bar_2010": True})

    sheet(schema.TEAMS.name, [c.header for c in schema.TEAMS.columns])
    sheet(schema.MODELS.name, [c.header for c in schema.MODELS.columns])
    sheet(schema.RESULTS.name, [c.header for c in schema.RESULTS.columns])
    sheet(schema.SECTIONS_SHEET, [schema.SECTION_TITLE_HEADER, schema.SECTION_TEXT_HEADER])
    catalog = sheet(schema.CATALOG_SHEET, [c.name for c in schema.CATALOG_LISTS])
    for row, value in enumerate(categories, start=1):
        catalog.write_string(row, 0, value)

    stats = wb.add_worksheet("Thống kê")
    stats.write_row(0, 0, ["Chết", "Bị thương", "Thương vong"], bold)
    deaths = sum(r % 2 for r in range(1, INCIDENTS + 1))
    stats.write_formula("A2", "=SUM('Vụ việc'!F2:F21)", None, deaths)
    stats.write_formula("B2", "=SUM('Vụ việc'!G2:G21)", None, INCIDENTS)
    stats.write_formula("C2", "=SUM('Vụ việc'!K2:K21)", None, deaths + INCIDENTS)
    stats.write_row(3, 0, [1, 3, 2, 5])
    stats.add_sparkline("F4", {"range": "'Thống kê'!A4:D4"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "='Vụ việc'!$F$2:$F$21", "name": "Số người chết"})
    stats.insert_chart("A7", chart)
    wb.close()
    _add_x14_dropdown(path, schema.INCIDENTS.name)
    return path


def _sheet_part(path: Path, name: str) -> str:
    part = load(path).source.package.sheet(name)
    assert part is not None
    return part.part


def _add_x14_dropdown(path: Path, sheet_name: str) -> None:
    """Put Excel's x14 data-validation block into the sheet, as Excel writes it."""
    part = _sheet_part(path, sheet_name)
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    rebuilt = path.with_suffix(".tmp")
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == part:
                xml = data.decode()
                # Excel's ext order: conditional formats, then data validations, then sparklines.
                anchor = xml.index("</ext>", xml.index("x14:conditionalFormattings")) + len(
                    "</ext>"
                )
                data = (xml[:anchor] + X14_DROPDOWN + xml[anchor:]).encode()
            out.writestr(info, data)
    rebuilt.replace(path)


# LibreOffice trusts cached formula results of .xlsx files unless told to recalculate
# (Tools > Options > Calc > Formula > "Recalculation on file load"); Excel obeys
# fullCalcOnLoad. The profile below sets "Always recalculate", as a clerk would.
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_recalculated(source: Path, outdir: Path) -> Path:
    """``source`` opened, fully recalculated and saved again as .xlsx by LibreOffice."""
    soffice = require_tool("soffice")
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx", "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    produced = outdir / source.name
    assert produced.exists(), done.stdout + done.stderr
    return produced


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return build_rich_workbook(tmp_path / "so-day-du.xlsx")


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def ext_block(xml: bytes) -> bytes:
    match = re.search(rb"<extLst>.*</extLst>", xml, re.S)
    assert match is not None
    return match.group(0)


def test_fixture_has_what_openpyxl_drops(rich: Path) -> None:
    parts = members(rich)
    names = set(parts)
    assert any(n.startswith("xl/media/") for n in names)
    assert any(n.startswith("xl/charts/chart") for n in names)
    assert any(n.startswith("xl/comments") for n in names)
    assert any(n.endswith(".vml") for n in names)
    xml = parts[_sheet_part(rich, schema.INCIDENTS.name)]
    assert X14_DV_URI.encode() in xml and b"x14:dataBar" in xml
    assert b"<f>F2+G2</f><v>2</v>" in xml
    drawings = b"".join(v for n, v in parts.items() if n.startswith("xl/drawings/drawing"))
    assert b"<xdr:sp " in drawings or b"<xdr:sp>" in drawings  # the text box shape


def test_edit_keeps_every_other_part_and_the_extension_blocks(rich: Path) -> None:
    before = members(rich)
    part = _sheet_part(rich, schema.INCIDENTS.name)
    loaded = load(rich)
    third = loaded.workbook.incidents[2]
    assert third.deaths == 1
    result = save(
        loaded,
        [
            SetCell(schema.INCIDENTS.name, third.row, "deaths", 5),
            AppendRecord(
                schema.INCIDENTS.name,
                {
                    "date": date(2021, 12, 30),
                    "village": "Bắc Sơn",
                    "category": "Ma túy",
                    "deaths": 0,
                },
            ),
        ],
        command="test",
    )
    after = members(rich)
    workbook_bits = {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
    }
    changed = {n for n in before if before[n] != after.get(n)}
    assert part in changed
    assert changed - {part} <= workbook_bits
    assert set(after) - set(before) == {result_audit_part(after, before)}
    for name in before:
        if name not in workbook_bits and name != part:
            assert after[name] == before[name], name  # drawings, comments, media, charts...
    # Excel's extension block (x14 drop-down, 2010 data bar) and the drawing links survive.
    assert ext_block(after[part]) == ext_block(before[part])
    for tag in (rb"<drawing r:id=\"rId\d+\"/>", rb"<legacyDrawing r:id=\"rId\d+\"/>"):
        assert re.findall(tag, after[part]) == re.findall(tag, before[part])
    # Untouched formula cells keep their formula and cached result, byte for byte.
    for row in (2, 3, 21):
        cell = re.search(rb'<c r="K%d".*?</c>' % row, before[part])
        assert cell is not None and cell.group(0) in after[part]
    rows = CalamineWorkbook.from_path(str(rich)).get_sheet_by_name("Thống kê").to_python()
    assert rows[1][0] == sum(r % 2 for r in range(1, INCIDENTS + 1))  # cached, not yet recalculated
    # The loader sees the edits.
    incidents = result.loaded.workbook.incidents
    assert incidents[2].deaths == 5
    assert incidents[-1].date == date(2021, 12, 30) and incidents[-1].row == INCIDENTS + 2
    assert load(rich).workbook.incidents[2].deaths == 5


def result_audit_part(after: dict[str, bytes], before: dict[str, bytes]) -> str:
    new = set(after) - set(before)
    assert len(new) == 1
    (name,) = new
    assert "Nhật ký".encode() in after["xl/workbook.xml"]
    return name


def test_libreoffice_opens_and_recalculates_the_result(rich: Path, tmp_path: Path) -> None:
    loaded = load(rich)
    third = loaded.workbook.incidents[2]
    save(loaded, [SetCell(schema.INCIDENTS.name, third.row, "deaths", 5)], command="test")
    converted = soffice_recalculated(rich, tmp_path / "lo")
    book = CalamineWorkbook.from_path(str(converted))
    stats = book.get_sheet_by_name("Thống kê").to_python()
    expected_deaths = sum(r % 2 for r in range(1, INCIDENTS + 1)) - 1 + 5
    assert stats[1][0] == expected_deaths  # LibreOffice recalculated the SUM
    assert stats[1][2] == expected_deaths + INCIDENTS
    incidents = book.get_sheet_by_name(schema.INCIDENTS.name).to_python()
    assert incidents[third.row - 1][5] == 5 and incidents[third.row - 1][10] == 6
    assert "Nhật ký" in book.sheet_names
    with zipfile.ZipFile(converted) as zf:
        names = zf.namelist()
    assert any(n.startswith("xl/comments") for n in names)
    assert any(n.startswith("xl/charts/") for n in names)
    assert load(converted).workbook.incidents[2].deaths == 5
