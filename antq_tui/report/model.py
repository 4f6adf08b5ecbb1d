"""The one report model both renderers draw: header, title, body blocks, signature.

Renderers add layout only; every word the reader sees is in this model, so the
preview and the DOCX say the same thing (a test compares their text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from antq_tui.model.periods import Period
    from antq_tui.report.totals import Totals


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph; ``generated`` marks words the program wrote from the rows."""

    text: str
    generated: bool = False


@dataclass
class Paragraph:
    spans: list[Span]
    bullet: bool = False  # a "- " item of the narrative (a list paragraph in the DOCX)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def generated(self) -> bool:
        return any(span.generated for span in self.spans)


@dataclass
class Heading:
    level: int  # 1: "I. KẾT QUẢ ...", 2: "1. Công tác ..."
    text: str


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns


Block = Heading | Paragraph | Table


@dataclass
class Header:
    agency: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ HOÀNG DIỆU"]
    number: str  # "Số: 25/BC-UBND"
    nation: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "Độc lập - Tự do - Hạnh phúc"
    place_date: str  # "Hoàng Diệu, ngày 15 tháng 12 năm 2021"


@dataclass
class Signature:
    recipients_title: str  # "Nơi nhận:"
    recipients: list[str]  # "- BCĐ 138 huyện (qua CAH);" ... "- Lưu: VP, CAX."
    authority: str  # "TM. ỦY BAN NHÂN DÂN XÃ"
    title: str  # "CHỦ TỊCH"
    signer: str  # "Nguyễn Đức Du" (may be empty: signed by hand)


@dataclass
class ReportDocument:
    header: Header
    kind: str  # "BÁO CÁO"
    subject: str  # trích yếu
    body: list[Block]
    signature: Signature
    period: Period
    totals: Totals
    # Things the clerk should know that are not part of the document.
    notes: list[str] = field(default_factory=list)
    has_narrative: bool = True  # the period has Nội dung rows of its own
    register_row: int | None = None  # its row of Sổ báo cáo, if any

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.body if isinstance(b, Paragraph)]

    def body_lines(self) -> list[str]:
        """Title, subject and body as text, one line a paragraph (table rows tab-separated)."""
        lines = [self.kind, self.subject]
        for block in self.body:
            if isinstance(block, Heading):
                lines.append(block.text)
            elif isinstance(block, Paragraph):
                lines.append(("- " if block.bullet else "") + block.text)
            else:
                lines.append(block.title)
                lines.append("\t".join(block.columns))
                lines.extend("\t".join(row) for row in block.rows)
        return lines

    def plain_text(self) -> str:
        """The whole document as plain text (golden files, search, copy)."""
        header = self.header
        signature = self.signature
        lines = [
            *header.agency,
            header.number,
            header.nation,
            header.motto,
            header.place_date,
            "",
            *self.body_lines(),
            "",
            signature.recipients_title,
            *signature.recipients,
            signature.authority,
            signature.title,
            signature.signer,
        ]
        return "\n".join(lines).rstrip("\n") + "\n"
