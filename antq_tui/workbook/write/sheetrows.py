"""Where the rows and cells of one worksheet's XML are, found in one pass.

A sheet written by Excel spells a row ``<row r="7" spans="1:10">``; other writers
use single quotes, spaces around "=", other attribute orders, a namespace prefix
(``<x:row>``), rows without ``r`` (numbered after the row before), comments or
CDATA sections. Row start tags are found in one C-level pass over ``sheetData``
(two regular expressions whose matches must agree); anything unusual takes a
slower path that tokenizes every row tag (``xmltags``). Only the rows a save
touches are split into cells.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from operator import lt

from antq_tui.model.errors import SaveFailed
from antq_tui.workbook.write.cellxml import cell_ref, column_number, split_ref
from antq_tui.workbook.write.xmltags import (
    NAME,
    StartTag,
    TagError,
    attributes,
    find_end_tag,
    has_markup,
    markup_spans,
    start_tag,
    tag_attributes,
)

_ANY_ROW = re.compile(rb"<(" + NAME + rb":)?row(?=[\s/>])")
_ANY_CELL = re.compile(rb"<(" + NAME + rb":)?c(?=[\s/>])")
_MARKUP_OR_ROW = re.compile(
    rb"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)|<(?:" + NAME + rb":)?row(?=[\s/>])", re.S
)
_PLAIN_CELL = re.compile(
    rb"(<((?:" + NAME + rb":)?)c(?=[\s/>])(?:\s+(?:r\s*=\s*[\"']([A-Za-z]{1,3})[0-9]{1,7}[\"']"
    rb"|[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*')))*\s*(/)?>)(?(4)|(.*?)</\2c>)",
    re.S,
)
_R_ANYWHERE = re.compile(rb"\sr\s*=")
_OTHER_ATTRIBUTE = rb"""\s+(?!r\s*=)[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')"""
_R_EQUALS = rb"(?:" + _OTHER_ATTRIBUTE + rb")*\s+r\s*=\s*"
_R_VALUE = _R_EQUALS + rb"[\"']([0-9]+)[\"']"
_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\n", b"\r")
# How many single-row searches a save makes before one pass indexing every row pays.
_SEARCHES_BEFORE_INDEX = 3


class SheetPatchError(SaveFailed):
    """The sheet cannot be changed safely (a cell inside an array formula, bad XML, ...)."""


@dataclass
class Cell:
    """One ``<c>`` element of a row, as found."""

    column: int
    start: int  # offsets inside the row's bytes
    end: int
    tag: bytes  # start tag (or the whole empty element)
    body: bytes  # content between the tags ("" for <c .../>)
    has_ref: bool
    prefix: bytes  # the element's namespace prefix (b"x:" or b"")

    @cached_property
    def attrs(self) -> dict[bytes, bytes]:
        return attributes(self.tag)

    @property
    def style(self) -> int | None:
        value = self.attrs.get(b"s")
        return int(value) if value is not None and value.strip().isdigit() else None

    @property
    def has_value(self) -> bool:
        return bool(self.body) and (b"<" in self.body)


class Row:
    """One ``<row>`` element; its cells are split out when first asked for."""

    def __init__(
        self,
        number: int,
        start: int,
        end: int,
        tag: bytes,
        body: bytes,
        closing: bytes,
        prefix: bytes,
        split: Callable[[bytes, int], list[Cell]],
        plain: bool,
    ) -> None:
        self.number, self.start, self.end = number, start, end  # offsets in the sheet XML
        self.tag, self.body, self.closing = tag, body, closing
        self.prefix = prefix  # the row element's namespace prefix
        self._split = split
        self._plain = plain
        self._cells: list[Cell] | None = None
        self.found: dict[int, Cell] = {}  # cells found alone, by column (row not split)

    @property
    def split(self) -> bool:
        return self._cells is not None

    @property
    def cells(self) -> list[Cell]:
        if self._cells is None:
            self._cells = self._split(self.body, self.number)
        return self._cells

    def cell(self, column: int) -> Cell | None:
        """The cell in ``column``; found alone by its reference when it is spelled r="F7"."""
        if self._cells is None and self._plain:
            found = self.found.get(column) or self._find_alone(column)
            if found is not None:
                return found
        return next((c for c in self.cells if c.column == column), None)

    def _find_alone(self, column: int) -> Cell | None:
        ref = cell_ref(self.number, column).encode()
        at = self.body.find(b'r="' + ref + b'"')
        open_at = self.body.rfind(b"<", 0, at) if at > 0 else -1
        if open_at < 0:
            return None
        try:
            tag = start_tag(self.body, open_at)
        except TagError:
            return None
        if tag.name != b"c" or tag.end <= at or tag_attributes(self.body, tag).get(b"r") != ref:
            return None
        if tag.empty:
            end, inner = tag.end, b""
        else:
            closing = b"</" + tag.prefix + b"c>"
            close = self.body.find(closing, tag.end)
            if close < 0:
                return None
            end, inner = close + len(closing), self.body[tag.end : close]
        cell = Cell(column, open_at, end, self.body[open_at : tag.end], inner, True, tag.prefix)
        self.found[column] = cell
        return cell


class SheetRows:
    """The rows of one ``sheetData`` (``xml[start:end]``): found, indexed, split on demand."""

    def __init__(
        self, xml: bytes, start: int, end: int, prefix: bytes, name: str, plain: bool | None = None
    ) -> None:
        self.xml, self.start, self.end, self.name = xml, start, end, name
        # No comment, CDATA or processing instruction: every "<" opens or closes a tag.
        self.plain = plain if plain else not has_markup(xml, start, end)
        first = self._first_row_tag()
        self.prefix = first.prefix if first is not None else prefix
        self._searches = 0  # single-row searches made so far
        self._numbers: list[int] | None = None
        self._starts: list[int] | None = None
        self._first_at: dict[int, int] | None = None
        self._parsed: dict[int, Row] = {}

    # ------------------------------------------------------------ finding rows
    def _first_row_tag(self) -> StartTag | None:
        at = self.start
        while True:
            match = _ANY_ROW.search(self.xml, at, self.end)
            if match is None:
                return None
            if self.plain or not self._inside_markup(match.start()):
                return self._tag(match.start())
            at = match.end()

    def _inside_markup(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in markup_spans(self.xml, self.start, self.end))

    @cached_property
    def _literal(self) -> bool:
        """Every row tag is found by a literal search (no markup, one prefix throughout)."""
        if not self.plain:
            return False
        if not self.prefix:
            return self.xml.find(b":row", self.start, self.end) < 0
        others = self.xml.count(b":row", self.start, self.end)
        others -= self.xml.count(b"<" + self.prefix + b"row", self.start, self.end)
        others -= self.xml.count(b"</" + self.prefix + b"row", self.start, self.end)
        return others == 0

    def index(self) -> tuple[list[int], list[int]]:
        """Row numbers and start offsets of every row, in file order."""
        if self._numbers is None or self._starts is None:
            found = self._fast_index() if self._literal else None
            self._numbers, self._starts = found or self._tokenized_index()
        return self._numbers, self._starts

    def _fast_index(self) -> tuple[list[int], list[int]] | None:
        """Two C-level passes; None when they disagree (a row without ``r``, an odd value)."""
        open_tag = re.escape(b"<" + self.prefix + b"row")
        starts = list(
            map(
                re.Match.start,
                re.compile(open_tag + rb"[\s/>]").finditer(self.xml, self.start, self.end),
            )
        )
        numbers = re.compile(open_tag + _R_VALUE).findall(self.xml, self.start, self.end)
        if len(numbers) != len(starts):
            return None
        return list(map(int, numbers)), starts

    def _tokenized_index(self) -> tuple[list[int], list[int]]:
        """Every row tag parsed (rows without ``r``, comments, CDATA, mixed prefixes)."""
        numbers: list[int] = []
        starts: list[int] = []
        number = 0
        for match in _MARKUP_OR_ROW.finditer(self.xml, self.start, self.end):
            if match.group(1):
                continue
            number = self._number(self._tag(match.start()), number + 1)
            numbers.append(number)
            starts.append(match.start())
        return numbers, starts

    def _tag(self, at: int) -> StartTag:
        try:
            return start_tag(self.xml, at)
        except TagError:
            raise SheetPatchError(f"Trang {self.name} bị hỏng (thẻ hàng không đọc được).") from None

    def _number(self, tag: StartTag, implicit: int | None) -> int:
        value = tag_attributes(self.xml, tag).get(b"r")
        if value is None and implicit is not None:
            return implicit
        if value is None or not value.strip().isdigit():
            raise SheetPatchError(f"Trang {self.name} có hàng không ghi đúng số hàng.")
        return int(value)

    @property
    def sorted(self) -> bool:
        """Rows in ascending order, as the format asks (and every writer we know does)."""
        numbers, _ = self.index()
        return all(map(lt, numbers, numbers[1:]))

    def find(self, number: int) -> Row | None:
        """Row ``number`` (its first element, should a file repeat it), or None."""
        if self._numbers is None and self._literal and self._searches < _SEARCHES_BEFORE_INDEX:
            # A few rows: one search each, cheaper than indexing 100,000 rows.
            self._searches += 1
            pattern = (
                re.escape(b"<" + self.prefix + b"row")
                + _R_EQUALS
                + (rb"[\"']0*" + str(number).encode() + rb"[\"']")
            )
            match = re.compile(pattern).search(self.xml, self.start, self.end)
            if match is not None:
                return self.at(match.start(), number)
        numbers, starts = self.index()
        if self._first_at is None:
            self._first_at = dict(
                zip(reversed(numbers), reversed(range(len(numbers))), strict=True)
            )
        position = self._first_at.get(number)
        return None if position is None else self.at(starts[position], number)

    def _scanned_back(self, before: int) -> Row | None:
        """The row whose tag starts last before offset ``before`` (literal spellings only)."""
        at = before
        open_tag = b"<" + self.prefix + b"row"
        while True:
            at = self.xml.rfind(open_tag, self.start, at)
            if at < 0:
                return None
            if self.xml[at + len(open_tag) : at + len(open_tag) + 1] in _AFTER_NAME:
                return self.at(at, self._number(self._tag(at), None))

    def at(self, start: int, number: int) -> Row:
        """The row whose tag starts at ``start``, split into cells."""
        row = self._parsed.get(start)
        if row is None:
            row = self._parsed[start] = self._split(start, number)
        return row

    def _split(self, start: int, number: int) -> Row:
        tag = self._tag(start)
        if tag.empty:
            body_start = body_end = end = tag.end
            closing = b""
        else:
            closing = b"</" + tag.prefix + b"row>"
            body_start = tag.end
            body_end = find_end_tag(self.xml, closing, body_start, self.end, self.plain)
            if body_end < 0:
                raise SheetPatchError(f"Trang {self.name} bị hỏng (hàng {number} không đóng).")
            end = body_end + len(closing)
        body = self.xml[body_start:body_end]
        plain = self.plain or not has_markup(body, 0, len(body))
        return Row(
            number,
            start,
            end,
            self.xml[start : tag.end],
            body,
            closing,
            tag.prefix,
            self._cells,
            plain,
        )

    def _cells(self, body: bytes, row: int) -> list[Cell]:
        if self.plain or not has_markup(body, 0, len(body)):
            cells = self._plain_cells(body, row)
            if cells is not None:
                return cells
        return self._tokenized_cells(body, row)

    def _plain_cells(self, body: bytes, row: int) -> list[Cell] | None:
        """The cells of a row without markup, by one regular expression; None if unsure."""
        cells: list[Cell] = []
        column = 0
        after = 0
        for match in _PLAIN_CELL.finditer(body):
            if body.find(b"<", after, match.start()) >= 0:
                return None  # something between cells this expression did not read
            tag, prefix, letters, _, inner = match.groups()
            if letters:
                column = column_number(letters.upper())
            elif _R_ANYWHERE.search(tag):
                return None  # an "r" this expression did not read: take the slow path
            else:
                column += 1
            after = match.end()
            cells.append(
                Cell(column, match.start(), after, tag, inner or b"", bool(letters), prefix)
            )
        if body.find(b"<", after) >= 0:
            return None
        return cells

    def _tokenized_cells(self, body: bytes, row: int) -> list[Cell]:
        cells: list[Cell] = []
        column = 0
        plain = self.plain or not has_markup(body, 0, len(body))
        skip = [] if plain else markup_spans(body, 0, len(body))
        at = 0
        while True:
            match = _ANY_CELL.search(body, at)
            if match is None:
                return cells
            if skip and any(a <= match.start() < b for a, b in skip):
                at = match.end()
                continue
            try:
                tag = start_tag(body, match.start())
            except TagError:
                raise SheetPatchError(
                    f"Trang {self.name} bị hỏng (một ô ở hàng {row} không đọc được)."
                ) from None
            if tag.empty:
                end, inner = tag.end, b""
            else:
                closing = b"</" + tag.prefix + b"c>"
                close = find_end_tag(body, closing, tag.end, len(body), plain)
                if close < 0:
                    raise SheetPatchError(
                        f"Trang {self.name} bị hỏng (một ô ở hàng {row} không đóng)."
                    )
                end, inner = close + len(closing), body[tag.end : close]
            ref = tag_attributes(body, tag).get(b"r")
            if ref:
                try:
                    _, column = split_ref(ref.strip().upper())
                except ValueError:
                    raise SheetPatchError(
                        f"Trang {self.name} có ô ghi địa chỉ không hợp lệ ({ref.decode(errors='replace')})."
                    ) from None
            else:
                column += 1
            cells.append(
                Cell(
                    column, tag.start, end, body[tag.start : tag.end], inner, bool(ref), tag.prefix
                )
            )
            at = end

    # ------------------------------------------------------------ neighbours
    def _backwards(self, before: int) -> Iterator[Row]:
        """Rows starting before offset ``before``, nearest first."""
        if self._numbers is None and self._literal:
            try:
                while (row := self._scanned_back(before)) is not None:
                    yield row
                    before = row.start
                return
            except SheetPatchError:
                pass  # a row without "r": its number needs the index
        numbers, starts = self.index()
        for i in range(bisect_left(starts, before) - 1, -1, -1):
            yield self.at(starts[i], numbers[i])

    def last(self) -> Row | None:
        return next(self._backwards(self.end), None)

    def before(self, offset: int, count: int) -> list[Row]:
        """Up to ``count`` rows starting before ``offset``, nearest first."""
        return list(islice(self._backwards(offset), count))

    def last_used(self) -> int:
        """The last row holding any value (0 when there is none)."""
        for row in self._backwards(self.end):
            if any(cell.has_value for cell in row.cells):
                return row.number
        return 0

    def insertion_point(self, number: int) -> int:
        """Where a new row ``number`` goes: before the first row numbered above it."""
        numbers, starts = self.index()
        if self.sorted:
            at = bisect_left(numbers, number)
            return starts[at] if at < len(starts) else self.end
        return next((s for s, n in zip(starts, numbers, strict=True) if n > number), self.end)

    def first_tag_attributes(self) -> dict[bytes, bytes]:
        _, starts = self.index()
        return tag_attributes(self.xml, self._tag(starts[0])) if starts else {}
