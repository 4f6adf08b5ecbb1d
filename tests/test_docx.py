"""The DOCX: Nghị định 30/2020 layout checked with python-docx, the same words as the preview,
and what LibreOffice makes of it."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import stat
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from antq_tui.model.errors import AntqError
from antq_tui.model.periods import parse_period
from antq_tui.report.build import build_report
from antq_tui.report.export import default_export_path, export_docx, save_document
from antq_tui.report.metrics import text_width_pt
from antq_tui.report.model import Paragraph, Span
from antq_tui.report.render_docx import write_docx
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.report_support import sample_report, sample_workbook
from tests.test_report import SEED, rich_text, words
from tests.tools import require_tool, soffice_convert

TNR = "Times New Roman"


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "bao-cao.docx"
    write_docx(sample_report(tables=True), path)
    return path


@pytest.fixture(scope="module")
def document(sample_docx: Path) -> Any:
    return docx.Document(str(sample_docx))


def cell_texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs]


def style_of(document: Any, text: str) -> Any:
    paragraphs = [p for p in all_paragraphs(document) if p.text == text]
    assert paragraphs, text
    return paragraphs[0].style


def all_paragraphs(document: Any) -> list[Any]:
    """Paragraphs in document order, table cells included."""
    out = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(docx.text.paragraph.Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            for row in table.rows:
                for cell in row.cells:
                    out.extend(cell.paragraphs)
    return out


def docx_text(document: Any) -> str:
    lines = []
    for paragraph in all_paragraphs(document):
        dash = paragraph.style.name == "Gạch đầu dòng"
        lines.append(("- " if dash else "") + paragraph.text)
    return "\n".join(lines)


# ------------------------------------------------------------------ page and type
def test_a4_portrait_and_margins(document: Any) -> None:
    section = document.sections[0]
    # Word stores twips: A4 is 11906 x 16838.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_times_new_roman_everywhere_in_black(sample_docx: Path, document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}
    styles_xml = document.styles.element.xml
    assert "asciiTheme" not in styles_xml and "hAnsiTheme" not in styles_xml
    colors = set(re.findall(r'w:color w:val="([0-9A-Fa-f]{6}|auto)"', styles_xml))
    assert colors <= {"000000", "auto"}
    assert "themeColor" not in styles_xml
    assert document.styles["Normal"].font.name == TNR
    body_xml = document.element.body.xml
    assert "w:rFonts" not in body_xml  # no run overrides the styles' font
    assert 'w:lang w:val="vi-VN"' in styles_xml


def test_sizes_and_weights_per_decree(document: Any) -> None:
    doc = sample_report()
    expected = {
        doc.header.agency[0]: (13, True, None),
        doc.header.agency[1]: (13, True, None),
        doc.header.number: (13, None, None),
        doc.header.nation: (12, True, None),
        doc.header.motto: (13, True, None),
        doc.header.place_date: (14, None, True),
        doc.kind: (14, True, None),
        doc.subject: (14, True, None),
        doc.signature.recipients_title: (12, True, True),
        doc.signature.recipients[0]: (11, None, None),
        doc.signature.authority: (14, True, None),
        doc.signature.title: (14, True, None),
        doc.signature.signer: (14, True, None),
    }
    for text, (size, bold, italic) in expected.items():
        style = style_of(document, text)
        assert style.font.size == Pt(size), text
        assert bool(style.font.bold) == bool(bold), text
        assert bool(style.font.italic) == bool(italic), text
    assert doc.header.agency == [line.upper() for line in doc.header.agency]
    assert doc.header.nation.isupper() and doc.signature.authority.isupper()
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= fmt.first_line_indent <= Cm(1.27) + 1
    assert fmt.space_after >= Pt(6)
    # The decree allows single to 1.5 lines; the body is set at 1.15 (None would be Word's
    # default, decided by whoever opens the file).
    assert fmt.line_spacing == pytest.approx(1.15)
    for name in ("Heading 1", "Heading 2"):
        heading = document.styles[name]
        assert heading.font.bold and heading.font.size == Pt(14)
        assert heading.font.name == TNR or heading.font.name is None


def test_header_table_two_columns(document: Any) -> None:
    doc = sample_report()
    header = document.tables[0]
    assert len(header.columns) == 2 and len(header.rows) == 1
    left, right = header.rows[0].cells
    assert [t for t in cell_texts(left) if t] == [*doc.header.agency, doc.header.number]
    assert [t for t in cell_texts(right) if t] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hoàng Diệu, ngày 15 tháng 12 năm 2021",
    ]
    # No borders on the header table (it is layout, not data).
    assert "w:tblBorders" not in header._tbl.xml
    # The motto's rule is as long as the motto; the agency's is a short one.
    right_rule = _rule_width_cm(right, 10.2)
    motto = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True) / 72 * 2.54
    assert abs(right_rule - motto) < 0.05 * motto
    agency = text_width_pt(doc.header.agency[0], 13, bold=True) / 72 * 2.54
    assert agency / 3 <= _rule_width_cm(left, 6.3) <= agency / 2


def _rule_width_cm(cell: Any, column_cm: float) -> float:
    rules = [p for p in cell.paragraphs if p._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None]
    assert len(rules) == 1
    fmt = rules[0].paragraph_format
    return float(column_cm - 0.38 - fmt.left_indent.cm - fmt.right_indent.cm)


def test_title_body_and_list_styles(document: Any) -> None:
    doc = sample_report()
    assert style_of(document, "BÁO CÁO").paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (
        style_of(document, "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ").name
        == "Heading 1"
    )
    assert style_of(document, "1. Công tác lãnh đạo, chỉ đạo thực hiện").name == "Heading 2"
    bullets = [p for p in doc.paragraphs() if p.bullet]
    # The dash is typed, as in the seed: it stays when the paragraph is copied or read as
    # text, so the style carries no list numbering that would print a second one.
    dash = style_of(document, "- " + bullets[0].text)
    assert dash.name == "Gạch đầu dòng"
    assert dash.element.find(qn("w:pPr")).find(qn("w:numPr")) is None
    assert (
        dash.paragraph_format.first_line_indent
        == document.styles["Normal"].paragraph_format.first_line_indent
    )
    seed_paragraph = next(p.text for p in doc.paragraphs() if "vụ việc gồm" in p.text)
    assert style_of(document, seed_paragraph).name == "Normal"


def test_page_numbers_from_page_two(document: Any) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert all(not p.text.strip() for p in first.paragraphs)
    assert "fldChar" not in first._element.xml
    header = section.header
    xml = header._element.xml
    assert "w:fldChar" in xml and re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
    paragraph = header.paragraphs[0]
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraph.style.font.size == Pt(14)
    assert Mm(5) <= section.header_distance < section.top_margin


# ------------------------------------------------------------------ same words
def test_docx_says_the_same_words_as_the_preview(document: Any) -> None:
    doc = sample_report(tables=True)
    in_docx = docx_text(document)
    assert Counter(words(in_docx)) == Counter(words(rich_text(doc)))
    assert Counter(words(in_docx)) == Counter(words(doc.plain_text()))
    body = words("\n".join(doc.body_lines()))
    found = words(in_docx)
    start = found.index("BÁO")
    assert found[start : start + len(body)] == body


def test_control_characters_and_huge_cells_never_break_the_export(tmp_path: Path) -> None:
    doc = sample_report()
    paragraph = doc.paragraphs()[0]
    paragraph.spans.append(Span(" bel\x07 vt\x0b nul\x00 " + "x" * 200_000))
    doc.body.append(Paragraph([Span("\x1f" + "dài " * 40_000)], bullet=True))
    doc.header.agency[1] += "\x01"
    path = tmp_path / "kho.docx"
    write_docx(doc, path)
    reread = docx.Document(str(path))
    text = docx_text(reread)
    assert "bel vt nul" in text and "x" * 200_000 in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    # A workbook cell at Excel's limit goes through the whole path too.
    long_text = ("Đoạn văn rất dài. " * 2000)[:32_000]
    workbook = load_workbook(factory.write(tmp_path / "dai.xlsx", sections=[("Mở đầu", long_text)]))
    target = export_docx(workbook, parse_period(year=2021), tmp_path / "dai.docx")
    assert long_text.strip() in docx_text(docx.Document(str(target)))


# ------------------------------------------------------------------ export
def test_export_default_path_never_overwrites_and_keeps_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "so.xlsx"
    shutil.copyfile(sample_workbook().path or "", source)
    os.chmod(source, 0o600)
    workbook = load_workbook(source)
    period = parse_period(year=2021)
    assert default_export_path(workbook, period, Path("exports")) == Path(
        "exports/hoang-dieu-nam-2021.docx"
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    written = export_docx(workbook, period)
    assert written == Path.cwd() / "exports" / "hoang-dieu-nam-2021.docx"
    assert stat.S_IMODE(written.stat().st_mode) & 0o077 == 0  # no wider than the workbook
    before = written.read_bytes()
    with pytest.raises(AntqError) as caught:
        export_docx(workbook, period)
    assert "đã có" in caught.value.message and "--force" in caught.value.message
    assert written.read_bytes() == before
    export_docx(workbook, parse_period(month="2021-03"), written, force=True)
    assert docx.Document(str(written)).paragraphs  # replaced whole, still a document
    assert "tháng 3 năm 2021" in docx_text(docx.Document(str(written)))
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temp left


def test_export_refuses_odd_targets(tmp_path: Path) -> None:
    doc = sample_report()
    with pytest.raises(AntqError, match=r"\.docx"):
        save_document(doc, tmp_path / "bao-cao.pdf")
    with pytest.raises(AntqError, match="không tồn tại"):
        save_document(doc, tmp_path / "missing" / "bao-cao.docx")
    folder = tmp_path / "thu-muc.docx"
    folder.mkdir()
    with pytest.raises(AntqError, match="thư mục"):
        save_document(doc, folder)


# ------------------------------------------------------------------ LibreOffice
def test_libreoffice_renders_page_numbers_from_page_two(sample_docx: Path, tmp_path: Path) -> None:
    require_tool("pdftotext")
    pdfinfo = require_tool("pdfinfo")
    pdf = soffice_convert(sample_docx, tmp_path, "pdf")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 6 <= pages <= 14  # the seed's length, give or take the layout
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        first_line = next(line.strip() for line in text.splitlines() if line.strip())
        if page == 1:
            assert first_line.startswith("ỦY BAN NHÂN DÂN"), first_line
            assert not re.fullmatch(r"\d+", first_line)
        else:
            assert first_line == str(page), (page, first_line)
    whole = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Độc lập - Tự do - Hạnh phúc" in whole
    assert "xảy ra tại thôn Đại Lương, Phong Lâm và Lai Hà" in " ".join(whole.split())
    assert "Nguyễn Đức Du" in whole


def test_signature_block_is_never_split_across_pages(tmp_path: Path) -> None:
    """Nơi nhận, the signer and the closing sentence share one page (the sample's
    default export once put the signer's name alone on the last page)."""
    require_tool("pdftotext")
    path = tmp_path / "bao-cao.docx"
    write_docx(sample_report(), path)
    document = docx.Document(str(path))
    signature_row = document.tables[-1].rows[0]._tr
    assert signature_row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    closing = [p for p in document.paragraphs if p.text.startswith("Trên đây là")]
    assert closing and closing[0].paragraph_format.keep_with_next
    pdf = soffice_convert(path, tmp_path, "pdf")
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    signer_pages = [i for i, page in enumerate(pages) if "Nguyễn Đức Du" in page]
    assert len(signer_pages) == 1
    last = pages[signer_pages[0]]
    for words_on_page in ("Nơi nhận", "CHỦ TỊCH", "Lưu: VP, CAX", "Trên đây là kết quả"):
        assert words_on_page in last, words_on_page


def test_another_commune_exports_and_converts(tmp_path: Path) -> None:
    from tests.report_support import other_period, other_workbook

    workbook = other_workbook(tmp_path)
    path = save_document(build_report(workbook, other_period(workbook)), tmp_path / "tan-an.docx")
    document = docx.Document(str(path))
    left, right = document.tables[0].rows[0].cells
    assert [t for t in cell_texts(left) if t] == [
        "ỦY BAN NHÂN DÂN",
        "THỊ TRẤN TÂN AN",
        "Số: 07/BC-UBND",
    ]
    assert "Tân An, ngày 05 tháng 01 năm 2024" in cell_texts(right)
    pdf = soffice_convert(path, tmp_path, "pdf")
    assert pdf.stat().st_size > 10_000


def _seed_words(text: str) -> list[str]:
    """Words as the seed comparison counts them: punctuation apart, "07" = "7"."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"([.;:,“”\"()!?])", r" \1 ", text)
    return re.sub(r"\b0+(\d)", r"\1", text).split()


def _body(text: str) -> str:
    start = text.index("Năm 2021, phong trào")
    return text[start : text.index("Trên đây là", start)]


def test_sample_docx_reproduces_the_seed_report(tmp_path: Path) -> None:
    """The exported annual report of the sample is the seed report, word for word but for
    the seed's typos, bullets typed as "- " included (at least 99% of words both ways)."""
    path = tmp_path / "nam-2021.docx"
    write_docx(sample_report(), path)
    exported = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    seed = _seed_words(_body(SEED.read_text(encoding="utf-8")))
    ours = _seed_words(_body(exported))
    matcher = difflib.SequenceMatcher(None, seed, ours, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    assert same / len(seed) >= 0.99 and same / len(ours) >= 0.99, (same, len(seed), len(ours))
