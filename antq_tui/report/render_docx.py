"""The report as a DOCX laid out per Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4 portrait, margins 20/20/30/15 mm, Times New Roman in black; the two-column
header (agency and number; national title, motto with its rule, italic place and
date), BÁO CÁO and the subject with a short rule, the body, then Nơi nhận and the
signature block. Page numbers sit centred in the top margin from page 2 on.

Everything is a real Word style (Normal, Heading 1/2, a style for "- " items and named
styles for the header parts) so a clerk who opens the file keeps editing naturally.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from docx.styles.style import StyleFactory

from antq_tui.model.text import strip_control
from antq_tui.report.metrics import text_width_pt
from antq_tui.report.model import Heading, Paragraph, ReportDocument, Table

FONT = "Times New Roman"
BODY_PT = 14
FIRST_LINE = Cm(1.27)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)


def _mm_up(mm: float) -> Any:
    """``mm`` in whole twips, rounded up (Word stores twips; never below the decree's minimum)."""
    return Twips(math.ceil(mm * 1440 / 25.4))


TOP, BOTTOM, LEFT, RIGHT = _mm_up(20), _mm_up(20), _mm_up(30), _mm_up(15)
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH_CM = (210 - 30 - 15) / 10
AGENCY_COL_CM, NATION_COL_CM = 6.3, TEXT_WIDTH_CM - 6.3
RECIPIENTS_COL_CM, SIGNER_COL_CM = 7.5, TEXT_WIDTH_CM - 7.5
CELL_MARGINS_CM = 0.38  # Word's default 0.19 cm each side
# A "- " item is typed, as in every clerk's report: the dash stays in the text when the
# paragraph is copied into another document or read as text (a list numbering's does not).
DASH_MARK = "- "

# Style names (Vietnamese: the clerk sees them in Word's style list) and their ids.
AGENCY = ("Cơ quan ban hành", "CoQuanBanHanh")
NUMBER = ("Số ký hiệu", "SoKyHieu")
NATION = ("Quốc hiệu", "QuocHieu")
MOTTO = ("Tiêu ngữ", "TieuNgu")
PLACE_DATE = ("Địa danh, ngày tháng", "DiaDanhNgayThang")
KIND = ("Tên loại văn bản", "TenLoaiVanBan")
SUBJECT = ("Trích yếu", "TrichYeu")
RULE = ("Đường kẻ", "DuongKe")
DASH = ("Gạch đầu dòng", "GachDauDong")
RECIPIENTS_TITLE = ("Nơi nhận", "NoiNhan")
RECIPIENT = ("Nơi nhận - mục", "NoiNhanMuc")
SIGNER = ("Chữ ký", "ChuKy")
TABLE_TITLE = ("Tên bảng", "TenBang")
TABLE_TEXT = ("Chữ trong bảng", "ChuTrongBang")


def safe(text: str) -> str:
    """Text Word can hold: XML forbids control characters."""
    return strip_control(text)


# ------------------------------------------------------------------ styles
def _fonts(rpr: Any) -> None:
    """Times New Roman for every script, with no theme font overriding it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _black(rpr: Any) -> None:
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


# The template's styles we keep; the other ~150 (accent colours, theme fonts) would only
# clutter the clerk's style list. Word still offers its built-ins through latent styles.
KEEP_STYLES = frozenset(
    {
        "Normal",
        "DefaultParagraphFont",
        "TableNormal",
        "NoList",
        "TableGrid",
        "Header",
        "HeaderChar",
        "Footer",
        "FooterChar",
        "Heading1",
        "Heading1Char",
        "Heading2",
        "Heading2Char",
        "Heading3",
        "Heading3Char",
        "ListParagraph",
    }
)


def _defaults(document: Any) -> None:
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    # Every style of the template: theme fonts and theme colours out.
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            _fonts(rpr)
        _black(rpr)


def _new_style(document: Any, name: str, style_id: str) -> Any:
    """A paragraph style based on Normal (python-docx's add_style scans every style by name)."""
    element = document.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False)
    style = StyleFactory(element)
    style.style_id = style_id
    basedon = OxmlElement("w:basedOn")
    basedon.set(qn("w:val"), "Normal")
    element.insert(1, basedon)
    return style


def _add(container: Any, text: str = "", style_id: str | None = None) -> Any:
    """A paragraph in ``container`` with ``style_id`` (set by id: lookups by name are slow)."""
    paragraph = container.add_paragraph()
    if style_id:
        paragraph._p.get_or_add_pPr().style = style_id
    if text:
        paragraph.add_run(safe(text))
    return paragraph


def _paragraph_style(
    document: Any,
    name_and_id: tuple[str, str],
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line: Any = 0,
    next_style: Any = None,
) -> Any:
    name, style_id = name_and_id
    style = _new_style(document, name, style_id)
    style.quick_style = True
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = first_line
    fmt.line_spacing = 1.0
    if next_style is not None:
        style.next_paragraph_style = next_style
    return style


def _styles(document: Any) -> None:
    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    fmt.widow_control = True
    for name in ("Heading 1", "Heading 2"):
        heading = styles[name]
        heading.font.size = Pt(BODY_PT)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        hfmt = heading.paragraph_format
        hfmt.alignment = WD_ALIGN_PARAGRAPH.LEFT  # a wrapped heading is not stretched
        hfmt.first_line_indent = FIRST_LINE
        hfmt.space_before = Pt(6)
        hfmt.space_after = Pt(6)
        hfmt.keep_with_next = True
    header = styles["Header"]
    header.font.size = Pt(BODY_PT)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = 0

    _paragraph_style(document, AGENCY, size=13, bold=True)
    _paragraph_style(document, NUMBER, size=13, before=6)
    _paragraph_style(document, NATION, size=12, bold=True)
    _paragraph_style(document, MOTTO, size=13, bold=True)
    _paragraph_style(document, PLACE_DATE, size=14, italic=True, before=6)
    _paragraph_style(document, KIND, size=14, bold=True, before=24)
    _paragraph_style(document, SUBJECT, size=14, bold=True)
    rule = _paragraph_style(document, RULE, size=1, before=3)
    rule.paragraph_format.line_spacing = Pt(1)
    _paragraph_style(
        document, RECIPIENTS_TITLE, size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    _paragraph_style(document, RECIPIENT, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, SIGNER, size=14, bold=True)
    _paragraph_style(document, TABLE_TITLE, size=13, italic=True, before=6, after=3)
    _paragraph_style(document, TABLE_TEXT, size=13, align=WD_ALIGN_PARAGRAPH.LEFT)

    dash = _new_style(document, *DASH)
    dash.quick_style = True
    dash.paragraph_format.left_indent = 0
    dash.paragraph_format.first_line_indent = FIRST_LINE


# ------------------------------------------------------------------ blocks
def _rule(container: Any, width_cm: float, space_cm: float, after: float = 0) -> None:
    """A centred horizontal rule ``width_cm`` long in a box ``space_cm`` wide."""
    paragraph = _add(container, style_id=RULE[1])
    side = max((space_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    if after:
        paragraph.paragraph_format.space_after = Pt(after)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph.paragraph_format.element.get_or_add_pPr().append(borders)


def _cm(points: float) -> float:
    return points / 72 * 2.54


def _fixed_table(document: Any, widths_cm: Iterable[float]) -> Any:
    widths = list(widths_cm)
    table = document.add_table(rows=1, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return table


def _first(cell: Any, text: str, style: str) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = style
    if text:
        paragraph.add_run(safe(text))
    return paragraph


def _header(document: Any, doc: ReportDocument) -> None:
    header = doc.header
    table = _fixed_table(document, (AGENCY_COL_CM, NATION_COL_CM))
    left, right = table.rows[0].cells
    _first(left, header.agency[0] if header.agency else "", AGENCY[1])
    for line in header.agency[1:]:
        _add(left, line, AGENCY[1])
    widest = max((text_width_pt(line, 13, bold=True) for line in header.agency), default=0)
    _rule(left, _cm(widest) * 0.4, AGENCY_COL_CM - CELL_MARGINS_CM)
    _add(left, header.number, NUMBER[1])
    _first(right, header.nation, NATION[1])
    _add(right, header.motto, MOTTO[1])
    _rule(right, _cm(text_width_pt(header.motto, 13, bold=True)), NATION_COL_CM - CELL_MARGINS_CM)
    _add(right, header.place_date, PLACE_DATE[1])


def _title(document: Any, doc: ReportDocument) -> None:
    _add(document, doc.kind, KIND[1])
    _add(document, doc.subject, SUBJECT[1])
    line = min(_cm(text_width_pt(doc.subject, 14, bold=True)), TEXT_WIDTH_CM)
    _rule(document, line / 3, TEXT_WIDTH_CM, after=12)


def _paragraph(document: Any, block: Paragraph) -> None:
    paragraph = _add(document, DASH_MARK if block.bullet else "", DASH[1] if block.bullet else None)
    for span in block.spans:
        paragraph.add_run(safe(span.text))


def _table(document: Any, block: Table) -> None:
    _add(document, block.title, TABLE_TITLE[1])
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The first column holds names; the figures share the rest of the line.
    first = min(5.0, TEXT_WIDTH_CM / 2)
    rest = (TEXT_WIDTH_CM - first) / max(len(block.columns) - 1, 1)
    widths = [first] + [rest] * (len(block.columns) - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for row_index, values in enumerate([block.columns, *block.rows]):
        for col_index, value in enumerate(values):
            cell = table.cell(row_index, col_index)
            paragraph = _first(cell, value, TABLE_TEXT[1])
            if row_index == 0:
                paragraph.runs[0].bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif block.numeric[col_index]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_row.append(repeat)
    _add(document, style_id=RULE[1]).paragraph_format.space_after = Pt(6)


def _signature(document: Any, doc: ReportDocument) -> None:
    """Nơi nhận and the signer, kept on one page with the report's closing paragraph."""
    signature = doc.signature
    closing = document.paragraphs[-1] if document.paragraphs else None
    if closing is not None:
        closing.paragraph_format.keep_with_next = True
    air = _add(document, style_id=RULE[1])  # a little air before the block
    air.paragraph_format.keep_with_next = True
    table = _fixed_table(document, (RECIPIENTS_COL_CM, SIGNER_COL_CM))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _first(left, signature.recipients_title, RECIPIENTS_TITLE[1])
    for line in signature.recipients:
        _add(left, line, RECIPIENT[1])
    _first(right, signature.authority, SIGNER[1])
    _add(right, signature.title, SIGNER[1])
    for _ in range(4):  # room for the signature and the seal
        _add(right, style_id=SIGNER[1])
    _add(right, signature.signer, SIGNER[1])


def _page_numbers(section: Any) -> None:
    """PAGE field centred in the top margin; the first page's header stays empty."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = "Header"
    run = paragraph.add_run()
    parts = [("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)]
    for kind, text in parts:
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            cached = OxmlElement("w:t")
            cached.text = text
            run._r.append(cached)


def build_docx(doc: ReportDocument) -> Any:
    """The python-docx Document of ``doc``."""
    document = Document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    _page_numbers(section)

    # The template's body starts with one empty paragraph: drop it.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _header(document, doc)
    _title(document, doc)
    for block in doc.body:
        if isinstance(block, Heading):
            _add(document, block.text, f"Heading{block.level}")
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        else:
            _table(document, block)
    _signature(document, doc)

    properties = document.core_properties
    properties.title = safe(f"{doc.kind} {doc.subject}")[:250]
    properties.subject = safe(doc.subject)[:250]
    properties.author = safe(" ".join(doc.header.agency))[:250]
    properties.language = "vi-VN"
    properties.keywords = "antq"
    return document


def write_docx(doc: ReportDocument, path: Path) -> None:
    """Write ``doc`` to ``path`` (the caller decides about overwriting; see export.py)."""
    build_docx(doc).save(str(path))
