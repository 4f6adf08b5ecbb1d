"""The report in the terminal (``antq preview`` and the TUI's preview).

Same words as the DOCX, laid out for a terminal: the two-column header, the
title, the body with first-line indents, and the signature block. Words the
program wrote from the rows are shown in a colour so the clerk can tell them
from the narrative.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from antq_tui.report.model import Heading, Paragraph, ReportDocument, Table

GENERATED_STYLE = "green"
INDENT = "    "
MAX_WIDTH = 100


def _rule(length: int) -> Text:
    return Text("─" * max(length, 3), justify="center")


def _centered(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="center")


def _header(doc: ReportDocument) -> RenderableType:
    header = doc.header
    grid = RichTable.grid(expand=True)
    grid.add_column(ratio=2)
    grid.add_column(ratio=3)
    widest_agency = max((len(line) for line in header.agency), default=0)
    left = Group(
        *(_centered(line, "bold") for line in header.agency),
        _rule(widest_agency // 3),
        _centered(header.number),
    )
    right = Group(
        _centered(header.nation, "bold"),
        _centered(header.motto, "bold"),
        _rule(len(header.motto)),
        _centered(header.place_date, "italic"),
    )
    grid.add_row(left, right)
    return grid


def _paragraph(block: Paragraph) -> Text:
    text = Text(INDENT + ("- " if block.bullet else ""), justify="left")
    for span in block.spans:
        text.append(span.text, style=GENERATED_STYLE if span.generated else "")
    return text


def _table(block: Table) -> RenderableType:
    table = RichTable(title=block.title, title_style="italic", show_lines=False, expand=False)
    for name, numeric in zip(block.columns, block.numeric, strict=True):
        table.add_column(name, justify="right" if numeric else "left")
    for row in block.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _signature(doc: ReportDocument) -> RenderableType:
    signature = doc.signature
    grid = RichTable.grid(expand=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    left = Group(
        Text(signature.recipients_title, style="bold italic"),
        *(Text(line) for line in signature.recipients),
    )
    right = Group(
        _centered(signature.authority, "bold"),
        _centered(signature.title, "bold"),
        Text("\n\n"),
        _centered(signature.signer, "bold"),
    )
    grid.add_row(left, right)
    return grid


def render_rich(doc: ReportDocument, width: int = MAX_WIDTH) -> RenderableType:
    """The whole document as one renderable, at most ``width`` columns wide."""
    parts: list[RenderableType] = [
        _header(doc),
        Text(""),
        _centered(doc.kind, "bold"),
        _centered(doc.subject, "bold"),
        _rule(12),
        Text(""),
    ]
    for block in doc.body:
        if isinstance(block, Heading):
            parts.append(Padding(Text(block.text, style="bold"), (0, 0, 1, 0)))
        elif isinstance(block, Paragraph):
            parts.append(Padding(_paragraph(block), (0, 0, 1, 0)))
        else:
            parts.append(Padding(_table(block), (0, 0, 1, 0)))
    parts.append(_signature(doc))
    return Constrain(Group(*parts), width=width)
