"""Many rows written at once under the headers of a workbook just built.

``antq merge`` makes a new workbook from the template (openpyxl builds it in
milliseconds) and then has tens of thousands of rows to put under its headers.
openpyxl would hold every cell as an object (seconds per ten thousand rows); the
surgical writer (``xmlpatch``) is made for some edits in a file people keep. Here
each sheet's rows go straight into its ``<sheetData>``, in one pass: values
encoded as every save encodes them (``cellxml``: text inline, never a formula;
dates as serial days), each cell styled as its column, a date in the date format
(added to styles.xml once when the column has none), and only those parts are
rewritten (``zippatch``); every other part stays as openpyxl wrote it.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from antq_tui.model.records import column_letter
from antq_tui.workbook.package import read_package
from antq_tui.workbook.write import zippatch
from antq_tui.workbook.write.cellxml import MAX_CELL_TEXT, encode
from antq_tui.workbook.write.styles import DATE_FORMAT, StyleBook
from antq_tui.workbook.write.xmltags import start_tags, tag_attributes, with_attribute

Rows = Sequence[Sequence[Any]]
_ROW_NUMBER = re.compile(rb"<(?:[\w.\-]+:)?row\s[^>]*?\br\s*=\s*[\"'](\d+)[\"']")
_DATES = ("date", "datetime")
_PLAIN_TEXT = str.isprintable  # no control character, no line break, nothing to clean


class _Column(dict[Any, bytes]):
    """One column's cells by value, each made once: what follows ``<c r="B7`` up to
    ``</c>`` (its style, its type and its content); ``b""`` for a blank cell.

    Villages, dates and list values repeat, and a unique text is made once anyway.
    """

    def __init__(self, style: int | None, book: _Book) -> None:
        super().__init__()
        self.style = b' s="%d"' % style if style else b""
        self.base = style
        self.book = book
        self.dated: bytes | None = None

    def __missing__(self, value: Any) -> bytes:
        kind, body = self.book.content(value)
        if kind == "blank":
            made = b""
        elif kind == "text":
            made = b'"' + self.style + b' t="inlineStr">' + body + b"</c>"
        elif kind in _DATES:
            if self.dated is None:
                self.dated = b' s="%d"' % self.book.date_style(self.base)
            made = b'"' + self.dated + b">" + body + b"</c>"
        else:
            made = b'"' + self.style + b">" + body + b"</c>"
        self[value] = made
        return made


class _Book:
    """What the sheets of one package share: its styles and its date system."""

    def __init__(self, styles: StyleBook, date1904: bool) -> None:
        self.styles = styles
        self.date1904 = date1904

    def content(self, value: Any) -> tuple[str, bytes]:
        """(kind, the children of ``<c>``) as ``cellxml.encode`` makes them."""
        if (
            type(value) is str
            and value
            and _PLAIN_TEXT(value)
            and unicodedata.is_normalized("NFC", value)
            and "_x" not in value
            and len(value) <= MAX_CELL_TEXT
        ):  # what encode makes of text already clean, without its general path
            space = b' xml:space="preserve"' if value != value.strip() else b""
            text = html.escape(value, quote=False).encode("utf-8")
            return "text", b"<is><t" + space + b">" + text + b"</t></is>"
        encoded = encode(value, self.date1904)
        return encoded.kind, encoded.xml.replace(b"{p}", b"")

    def date_style(self, style: int | None) -> int:
        base = style or 0
        return base if self.styles.is_date(base) else self.styles.with_format(base, DATE_FORMAT)


def _column_styles(xml: bytes, count: int) -> list[int | None]:
    """The style of each of the first ``count`` columns as ``<cols>`` gives it."""
    styles: list[int | None] = [None] * count
    for tag in start_tags(xml, b"col"):
        attrs = tag_attributes(xml, tag)
        try:
            low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
            style = int(attrs[b"style"]) if b"style" in attrs else None
        except ValueError:
            continue
        for column in range(max(low, 1), min(high, count) + 1):
            styles[column - 1] = style
    return styles


def _rows_xml(rows: Rows, first: int, columns: list[_Column]) -> bytes:
    """The ``<row>`` elements of ``rows``, numbered from ``first``."""
    heads = [b'<c r="' + column_letter(i).encode() for i in range(len(columns))]
    out: list[bytes] = []
    for number, values in enumerate(rows, start=first):
        ref = b"%d" % number
        cells = [
            head + ref + made
            for head, column, value in zip(heads, columns, values, strict=False)  # short rows
            if value is not None and (made := column[value])
        ]
        out.append(b'<row r="' + ref + b'">' + b"".join(cells) + b"</row>")
    return b"".join(out)


def _filled_sheet(xml: bytes, rows: Rows, width: int, book: _Book) -> bytes:
    """``xml`` (a sheet holding at most its header row) with ``rows`` below row 1."""
    tag = next(start_tags(xml, b"sheetData"), None)
    if tag is None:
        raise ValueError("the sheet has no sheetData")
    closing = b"</" + tag.prefix + b"sheetData>"
    if tag.empty:  # <sheetData/>: opened, then closed after the rows
        opened, existing, after = xml[tag.start : tag.end - 2].rstrip() + b">", b"", tag.end
    else:
        end = xml.find(closing, tag.end)
        if end < 0:
            raise ValueError("sheetData is not closed")
        opened, existing, after = xml[tag.start : tag.end], xml[tag.end : end], end + len(closing)
    if any(int(n) > 1 for n in _ROW_NUMBER.findall(existing)):
        raise ValueError("bulk rows go into sheets that hold only their header")
    head = xml[: tag.start]
    columns = [_Column(style, book) for style in _column_styles(head, width)]
    body = _rows_xml(rows, 2, columns)
    return _with_dimension(
        head + opened + existing + body + closing + xml[after:], len(rows) + 1, width
    )


def _with_dimension(xml: bytes, last_row: int, width: int) -> bytes:
    tag = next(start_tags(xml, b"dimension"), None)
    if tag is None or width == 0:
        return xml
    ref = f"A1:{column_letter(width - 1)}{last_row}".encode()
    return xml[: tag.start] + with_attribute(xml[tag.start : tag.end], b"ref", ref) + xml[tag.end :]


def fill_sheets(package: bytes, sheets: Mapping[str, Rows], *, level: int = 6) -> bytes:
    """``package`` with each sheet named in ``sheets`` holding its rows from row 2 on.

    Each row lists its values by column (``None`` or ``""``: an empty cell), of the
    kinds a save writes (text, whole or decimal numbers, dates, True/False as Có/Không).
    The sheets must hold nothing below their header: this fills a workbook just built.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        info = read_package(zf)
        styles = StyleBook.parse(zf.read(info.styles) if info.styles else None)
        book = _Book(styles, info.date1904)
        replaced: dict[str, bytes] = {}
        for name, rows in sheets.items():
            if not rows:
                continue
            part = info.sheet(name)
            if part is None:
                raise KeyError(name)
            width = max(map(len, rows))
            replaced[part.part] = _filled_sheet(zf.read(part.part), rows, width, book)
    if styles.changed and info.styles:
        replaced[info.styles] = styles.render()
    if not replaced:
        return package
    return zippatch.rewrite(package, replaced, level=level)
