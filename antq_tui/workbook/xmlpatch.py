"""Patch one worksheet's XML in place: only the rows that change are rewritten.

The sheet part is handled as bytes. A row to change is found by its ``r``
attribute, its cells are split out, the changed cells are rebuilt and the row is
spliced back; every other byte of the part (other rows, drop-downs, Excel's
extension blocks, drawings, conditional formats) stays as it was. Writing text
never touches the shared-string table (see ``cellxml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from antq_tui.model.errors import SaveFailed
from antq_tui.workbook.cellxml import (
    CellValue,
    attributes,
    cell_ref,
    column_number,
    raw_value,
    rich_text,
    split_ref,
    unescape_text,
)
from antq_tui.workbook.styles import DATE_FORMAT, DATETIME_FORMAT, StyleBook

# How many rows above an appended cell to look for a style to copy.
_STYLE_LOOKBACK = 20
_RANGE = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?")


class SheetPatchError(SaveFailed):
    """The sheet cannot be changed safely (a cell inside an array formula, bad XML, ...)."""


@lru_cache(maxsize=256)
def _compiled(pattern: bytes) -> re.Pattern[bytes]:
    return re.compile(pattern, re.S)


class SharedStrings:
    """The shared-string table, read lazily: only the entries asked for are decoded."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = xml or b""
        self._starts: list[int] | None = None

    def get(self, index: int) -> str:
        if self._starts is None:
            self._starts = [m.start() for m in re.finditer(rb"<(?:\w+:)?si[\s>/]", self.xml)]
        if not 0 <= index < len(self._starts):
            return ""
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.xml)
        return rich_text(self.xml[self._starts[index] : end])


@dataclass
class Cell:
    """One ``<c>`` element of a row, as found."""

    column: int
    start: int  # offsets inside the row's bytes
    end: int
    tag: bytes  # start tag (or the whole empty element)
    body: bytes  # content between the tags ("" for <c .../>)
    has_ref: bool

    @property
    def attrs(self) -> dict[bytes, bytes]:
        return attributes(self.tag)

    @property
    def style(self) -> int | None:
        value = self.attrs.get(b"s")
        return int(value) if value is not None and value.isdigit() else None

    @property
    def has_value(self) -> bool:
        return bool(self.body) and (b"<" in self.body)


@dataclass
class Row:
    number: int
    start: int  # offsets in the sheet XML
    end: int
    tag: bytes
    body: bytes
    closing: bytes
    cells: list[Cell]


@dataclass
class _RowEdit:
    values: dict[int, CellValue] = field(default_factory=dict)
    clear_all: bool = False


@dataclass
class OldCell:
    text: str  # what a clerk saw
    formula: bool
    kind: str = "blank"  # "blank" | "text" | "number" | "date" | "other", as CellValue.kind


def _range_bounds(ref: bytes) -> tuple[int, int, int, int] | None:
    match = _RANGE.fullmatch(ref)
    if match is None:
        return None
    c1, r1 = column_number(match.group(1)), int(match.group(2))
    if match.group(3):
        c2, r2 = column_number(match.group(3)), int(match.group(4))
    else:
        c2, r2 = c1, r1
    return r1, c1, r2, c2


class SheetPatcher:
    """Queue cell changes on one sheet, then render the patched XML."""

    def __init__(
        self,
        xml: bytes,
        styles: StyleBook,
        shared: SharedStrings,
        *,
        date1904: bool = False,
        name: str = "",
    ) -> None:
        self.xml = xml
        self.styles = styles
        self.shared = shared
        self.date1904 = date1904
        self.name = name
        self.edits: dict[int, _RowEdit] = {}
        self.formula_removed = False
        self._index: list[tuple[int, int]] | None = None  # (row number, start) of every row
        self._found: dict[int, Row | None] = {}  # rows looked up, valid until self.xml changes
        match = re.search(rb"<(\w+:)?sheetData\b[^>]*?(/?)>", xml)
        if match is None:
            raise SheetPatchError(f"Trang {name} không có phần dữ liệu (sheetData).")
        self.p = match.group(1) or b""
        self._row_open = self._re(rb"<{p}row[\s>/]")
        self._cell = self._re(rb"<{p}c(?=[\s>/])[^>]*?(?:/>|>(.*?)</{p}c>)")
        self._locate_data()
        self._arrays = self._array_ranges()

    def _re(self, pattern: bytes) -> re.Pattern[bytes]:
        """``pattern`` with ``{p}`` standing for the sheet's namespace prefix (usually none)."""
        return _compiled(pattern.replace(b"{p}", re.escape(self.p)))

    # ------------------------------------------------------------ locating
    def _locate_data(self) -> None:
        self._found = {}
        match = self._re(rb"<{p}sheetData\b[^>]*?(/?)>").search(self.xml)
        assert match is not None
        self.data_tag = (match.start(), match.end())
        if match.group(1):  # <sheetData/>
            self.data_start = self.data_end = match.end()
            self.data_empty_tag = True
        else:
            self.data_start = match.end()
            self.data_end = self.xml.find(b"</" + self.p + b"sheetData>", self.data_start)
            self.data_empty_tag = False
            if self.data_end < 0:
                raise SheetPatchError(f"Trang {self.name} bị hỏng (sheetData không đóng).")
        first = self._row_open.search(self.xml, self.data_start, self.data_end)
        self._explicit = first is None or b"r" in attributes(
            self.xml[first.start() : self.xml.index(b">", first.start())]
        )

    def _row_at(self, start: int, implicit: int | None = None) -> Row:
        tag_end = self.xml.index(b">", start) + 1
        tag = self.xml[start:tag_end]
        number_text = attributes(tag).get(b"r")
        if number_text is not None and number_text.isdigit():
            number = int(number_text)
        elif implicit is not None:
            number = implicit
        else:
            raise SheetPatchError(f"Trang {self.name} có hàng không ghi số hàng.")
        if tag.endswith(b"/>"):
            body, closing, end = b"", b"", tag_end
        else:
            closing = b"</" + self.p + b"row>"
            close_at = self.xml.index(closing, tag_end)
            body, end = self.xml[tag_end:close_at], close_at + len(closing)
        return Row(number, start, end, tag, body, closing, self._cells(body, number))

    def _cells(self, body: bytes, row: int) -> list[Cell]:
        cells: list[Cell] = []
        column = 0
        for match in self._cell.finditer(body):
            whole = match.group(0)
            inner = match.group(1)
            tag = whole if inner is None else whole[: whole.index(b">") + 1]
            ref = attributes(tag).get(b"r")
            if ref:
                _, column = split_ref(ref)
            else:
                column += 1
            cells.append(Cell(column, match.start(), match.end(), tag, inner or b"", bool(ref)))
        return cells

    def _build_index(self) -> list[tuple[int, int]]:
        if self._index is None:
            index: list[tuple[int, int]] = []
            number = 0
            for match in self._row_open.finditer(self.xml, self.data_start, self.data_end):
                tag_end = self.xml.index(b">", match.start())
                r = attributes(self.xml[match.start() : tag_end]).get(b"r")
                number = int(r) if r is not None and r.isdigit() else number + 1
                index.append((number, match.start()))
            self._index = index
        return self._index

    def _explicit_rows(self) -> bool:
        return self._explicit

    def find_row(self, number: int) -> Row | None:
        if number not in self._found:
            self._found[number] = self._find_row(number)
        return self._found[number]

    def _find_row(self, number: int) -> Row | None:
        if self._explicit_rows():
            pattern = self._re(rb'<{p}row\b[^>]*?\sr="' + str(number).encode() + b'"')
            match = pattern.search(self.xml, self.data_start, self.data_end)
            return None if match is None else self._row_at(match.start())
        index = self._build_index()
        at = bisect_left(index, (number, -1))
        if at < len(index) and index[at][0] == number:
            return self._row_at(index[at][1], number)
        return None

    def last_row(self) -> Row | None:
        """The last ``<row>`` element of the sheet."""
        start = self._rfind_row(self.data_end)
        if start < 0:
            return None
        implicit = None if self._explicit_rows() else self._build_index()[-1][0]
        return self._row_at(start, implicit)

    def _rfind_row(self, before: int) -> int:
        at = before
        while True:
            at = self.xml.rfind(b"<" + self.p + b"row", self.data_start, at)
            if at < 0 or self.xml[at + len(self.p) + 4 : at + len(self.p) + 5] in (
                b" ",
                b">",
                b"/",
                b"\t",
                b"\n",
                b"\r",
            ):
                return at
            at -= 1

    def rows_before(self, before: int) -> list[Row]:
        """Up to ``_STYLE_LOOKBACK`` rows ending before offset ``before``, nearest first."""
        rows: list[Row] = []
        at = before
        index = None if self._explicit_rows() else dict((s, n) for n, s in self._build_index())
        while len(rows) < _STYLE_LOOKBACK:
            at = self._rfind_row(at)
            if at < 0:
                break
            rows.append(self._row_at(at, index.get(at) if index else None))
        return rows

    def last_used_row(self) -> int:
        """The last row holding any value (1 when only the header or nothing is there)."""
        at = self.data_end
        implicit = None if self._explicit_rows() else dict((s, n) for n, s in self._build_index())
        while True:
            at = self._rfind_row(at)
            if at < 0:
                return 0
            row = self._row_at(at, implicit.get(at) if implicit else None)
            if any(cell.has_value for cell in row.cells):
                return row.number

    # ------------------------------------------------------------ reading
    def old_cell(self, row: int, column: int) -> OldCell:
        found = self.find_row(row)
        cell = next((c for c in found.cells if c.column == column), None) if found else None
        if cell is None:
            return OldCell("", False)
        text = self.cell_text(cell)
        return OldCell(
            text, b"<" + self.p + b"f" in cell.body, self._kind(cell) if text else "blank"
        )

    def _kind(self, cell: Cell) -> str:
        kind = cell.attrs.get(b"t", b"n")
        if kind in (b"s", b"inlineStr", b"str"):
            return "text"
        if kind == b"n":
            style = cell.style
            return "date" if style is not None and self.styles.is_date(style) else "number"
        return "other"

    def row_texts(self, row: int) -> dict[int, str]:
        found = self.find_row(row)
        if found is None:
            return {}
        return {c.column: self.cell_text(c) for c in found.cells if c.has_value}

    def cell_text(self, cell: Cell) -> str:
        attrs = cell.attrs
        kind = attrs.get(b"t", b"n")
        if kind == b"inlineStr":
            return rich_text(cell.body)
        value = raw_value(cell.body)
        formula = self._re(rb"<{p}f\b[^>]*>(.*?)</{p}f>").search(cell.body)
        shown = self._value_text(kind, value, cell.style)
        if formula is not None and formula.group(1):
            formula_text = "=" + unescape_text(formula.group(1))
            return f"{formula_text} ({shown})" if shown else formula_text
        return shown

    def _value_text(self, kind: bytes, value: bytes | None, style: int | None) -> str:
        if value is None:
            return ""
        if kind == b"s":
            return self.shared.get(int(value)) if value.strip().isdigit() else ""
        if kind == b"b":
            return "TRUE" if value.strip() == b"1" else "FALSE"
        if kind in (b"str", b"e"):
            return unescape_text(value)
        try:
            number = float(value)
        except ValueError:
            return unescape_text(value)
        if style is not None and self.styles.is_date(style):
            from antq_tui.model.dates import from_serial

            day = from_serial(int(number), self.date1904) if number >= 1 else None
            if day is not None:
                return f"{day:%d/%m/%Y}"
        return str(int(number)) if number.is_integer() else repr(number)

    # ------------------------------------------------------------ changing
    def _array_ranges(self) -> list[tuple[int, int, int, int]]:
        if b't="array"' not in self.xml:
            return []
        ranges = []
        for match in self._re(rb'<{p}f\b[^>]*\bt="array"[^>]*>').finditer(self.xml):
            ref = attributes(match.group(0)).get(b"ref")
            bounds = _range_bounds(ref) if ref else None
            if bounds and (bounds[0], bounds[1]) != (bounds[2], bounds[3]):
                ranges.append(bounds)
        return ranges

    def _check_editable(self, row: int, column: int) -> None:
        if row < 1 or column < 1:
            raise SheetPatchError(f"Ô {cell_ref(max(row, 1), max(column, 1))} không hợp lệ.")
        for r1, c1, r2, c2 in self._arrays:
            if r1 <= row <= r2 and c1 <= column <= c2:
                raise SheetPatchError(
                    f"Ô {self.name}!{cell_ref(row, column)} nằm trong một công thức mảng; "
                    "hãy sửa ô này trong Excel."
                )

    def set(self, row: int, column: int, value: CellValue) -> None:
        """Queue ``value`` for a cell (a blank value clears the cell, keeping its look)."""
        self._check_editable(row, column)
        self._unshare_if_master(row, column)
        self.edits.setdefault(row, _RowEdit()).values[column] = value

    def clear_row(self, row: int) -> None:
        """Queue clearing every value of ``row`` (styles stay, so the row keeps its look)."""
        found = self.find_row(row)
        for cell in found.cells if found else []:
            if cell.has_value:
                self._check_editable(row, cell.column)
                self._unshare_if_master(row, cell.column)
        edit = self.edits.setdefault(row, _RowEdit())
        edit.values.clear()  # a value queued earlier in the same save is cleared too
        edit.clear_all = True

    def _unshare_if_master(self, row: int, column: int) -> None:
        """A shared formula's first cell is about to change: give every other cell its own formula."""
        found = self.find_row(row)
        cell = next((c for c in found.cells if c.column == column), None) if found else None
        if cell is None:
            return
        if b"<" + self.p + b"f" in cell.body:
            self.formula_removed = True
        match = self._re(rb'<{p}f\b[^>]*\bt="shared"[^>]*>(.*?)</{p}f>').search(cell.body)
        if match is None or not match.group(1):
            return
        si = attributes(match.group(0)).get(b"si")
        if si is None:
            return
        self._unshare(si, unescape_text(match.group(1)), cell_ref(row, column))

    def _unshare(self, si: bytes, formula: str, origin: str) -> None:
        from openpyxl.formula.translate import Translator  # rare: imported only when needed

        dependent = self._re(
            rb'<{p}f\b[^>]*\bt="shared"[^>]*\bsi="' + re.escape(si) + rb'"[^>]*?(?:/>|></{p}f>)'
        )
        parts: list[bytes] = []
        last = 0
        for match in dependent.finditer(self.xml, self.data_start, self.data_end):
            if b"ref=" in match.group(0):
                continue  # the master itself (it is being replaced)
            cell_start = self.xml.rfind(b"<" + self.p + b"c ", self.data_start, match.start())
            ref = attributes(self.xml[cell_start : self.xml.index(b">", cell_start)]).get(b"r")
            if ref is None:
                raise SheetPatchError(f"Trang {self.name} có công thức dùng chung không sửa được.")
            translated = Translator("=" + formula, origin=origin).translate_formula(ref.decode())
            own = (
                b"<" + self.p + b"f>"
                + translated[1:].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
                + b"</" + self.p + b"f>"
            )  # fmt: skip
            parts += [self.xml[last : match.start()], own]
            last = match.end()
        if parts:
            self.xml = b"".join([*parts, self.xml[last:]])
            self._locate_data()
            self._index = None

    # ------------------------------------------------------------ rendering
    def _style_for(
        self, value: CellValue, current: int | None, row: int, column: int, before: int
    ) -> int | None:
        style = current if current is not None else self._style_above(row, column, before)
        if value.kind in ("date", "datetime"):
            base = style if style is not None else 0
            if not self.styles.is_date(base):
                style = self.styles.with_format(
                    base, DATETIME_FORMAT if value.kind == "datetime" else DATE_FORMAT
                )
        return style

    def _style_above(self, row: int, column: int, before: int) -> int | None:
        for above in self.rows_before(before):
            if above.number >= row:
                continue
            if above.number < 2:
                break
            cell = next((c for c in above.cells if c.column == column), None)
            if cell is not None and cell.style is not None:
                return cell.style
        return self._column_style(column)

    def _column_style(self, column: int) -> int | None:
        cols = self._re(rb"<{p}cols>(.*?)</{p}cols>").search(self.xml, 0, self.data_tag[0])
        if cols is None:
            return None
        for match in self._re(rb"<{p}col\b[^>]*>").finditer(cols.group(1)):
            attrs = attributes(match.group(0))
            try:
                low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
            except ValueError:
                continue
            if low <= column <= high and attrs.get(b"style", b"").isdigit():
                return int(attrs[b"style"])
        return None

    def _cell_xml(self, row: int, column: int, value: CellValue, style: int | None) -> bytes:
        p = self.p
        head = b"<" + p + b'c r="' + cell_ref(row, column).encode() + b'"'
        if style is not None and style != 0:
            head += b' s="' + str(style).encode() + b'"'
        if value.kind == "blank":
            return head + b"/>" if style not in (None, 0) else b""
        if value.kind == "text":
            head += b' t="inlineStr"'
        return head + b">" + value.xml.replace(b"{p}", p) + b"</" + p + b"c>"

    def _patched_row(self, row: Row | None, number: int, edit: _RowEdit, before: int) -> bytes:
        cells = row.cells if row else []
        body = row.body if row else b""
        any_implicit = any(not c.has_ref for c in cells)
        existing = {c.column for c in cells}
        pieces: list[tuple[int, bytes]] = []  # (column, bytes) in order
        tail_from = 0
        columns: list[int] = []
        for cell in cells:
            new = edit.values.get(cell.column)
            if new is not None:
                xml = self._cell_xml(
                    number,
                    cell.column,
                    new,
                    self._style_for(new, cell.style, number, cell.column, before),
                )
            elif edit.clear_all and cell.has_value:
                xml = self._cell_xml(
                    number, cell.column, CellValue("blank", b"", "", ""), cell.style
                )
            else:
                xml = body[cell.start : cell.end]
                if any_implicit and not cell.has_ref:
                    xml = (
                        xml[: len(self.p) + 2]
                        + b' r="'
                        + cell_ref(number, cell.column).encode()
                        + b'"'
                        + xml[len(self.p) + 2 :]
                    )
            # keep whatever sat between cells (whitespace) with the following cell
            pieces.append((cell.column, body[tail_from : cell.start] + xml))
            tail_from = cell.end
            if xml:
                columns.append(cell.column)
        tail = body[tail_from:]
        for column, value in sorted(edit.values.items()):
            if column in existing:
                continue
            xml = self._cell_xml(
                number, column, value, self._style_for(value, None, number, column, before)
            )
            if not xml:
                continue
            columns.append(column)
            at = bisect_left([c for c, _ in pieces], column)
            pieces.insert(at, (column, xml))
        new_body = b"".join(x for _, x in pieces) + tail
        tag = row.tag if row else b"<" + self.p + b'row r="' + str(number).encode() + b'">'
        if tag.endswith(b"/>"):
            tag = tag[:-2].rstrip() + b">"
        if columns and b"spans=" in tag:
            spans = re.search(rb'\sspans="(\d+):(\d+)', tag)
            low, high = min(columns), max(columns)
            if spans:
                low, high = min(low, int(spans.group(1))), max(high, int(spans.group(2)))
            tag = re.sub(
                rb'(\sspans=)"[^"]*"', rb'\1"' + f"{low}:{high}".encode() + b'"', tag, count=1
            )
        elif not row and columns and self._uses_spans():
            tag = tag[:-1] + b' spans="' + f"{min(columns)}:{max(columns)}".encode() + b'">'
        return tag + new_body + b"</" + self.p + b"row>"

    def _uses_spans(self) -> bool:
        first = self._row_open.search(self.xml, self.data_start, self.data_end)
        return (
            first is not None
            and b"spans=" in self.xml[first.start() : self.xml.index(b">", first.start())]
        )

    def touched_bounds(self) -> tuple[int, int, int, int] | None:
        """(first row, first column, last row, last column) of every queued cell."""
        rows = [r for r, e in self.edits.items() if e.values or e.clear_all]
        columns = [c for e in self.edits.values() for c in e.values]
        if not rows:
            return None
        return min(rows), min(columns or [1]), max(rows), max(columns or [1])

    def render(self) -> bytes:
        """The sheet XML with every queued change applied."""
        if not self.edits:
            return self.xml
        if self.data_empty_tag:  # <sheetData/>: open it so rows can go inside
            start, end = self.data_tag
            open_tag = self.xml[start:end][:-2].rstrip() + b">"
            self.xml = self.xml[:start] + open_tag + b"</" + self.p + b"sheetData>" + self.xml[end:]
            self._locate_data()
            self._index = None
        splices: list[tuple[int, int, int, bytes]] = []  # (start, end, row, bytes)
        last = self.last_row()
        last_number = last.number if last else 0
        for number in sorted(self.edits):
            edit = self.edits[number]
            row = self.find_row(number) if number <= last_number else None
            if row is not None:
                splices.append(
                    (row.start, row.end, number, self._patched_row(row, number, edit, row.start))
                )
                continue
            if not edit.values:
                continue
            if number > last_number:
                at = self.data_end
            else:
                index = self._build_index()
                i = bisect_left(index, (number, -1))
                at = index[i][1] if i < len(index) else self.data_end
            splices.append((at, at, number, self._patched_row(None, number, edit, at)))
        splices.sort(key=lambda s: (s[0], s[2]))
        out: list[bytes] = []
        cursor = 0
        xml = self.xml
        for start, end, _, new in splices:
            out += [xml[cursor:start], new]
            cursor = end
        out.append(xml[cursor:])
        patched = b"".join(out)
        return self._with_dimension(patched)

    def _with_dimension(self, xml: bytes) -> bytes:
        bounds = self.touched_bounds()
        match = self._re(rb'<{p}dimension\b[^>]*\sref="([^"]*)"').search(
            xml, 0, max(0, xml.find(b"sheetData"))
        )
        if bounds is None or match is None:
            return xml
        old = _range_bounds(match.group(1))
        r1, c1, r2, c2 = bounds
        if old is not None:
            r1, c1 = min(r1, old[0]), min(c1, old[1])
            r2, c2 = max(r2, old[2]), max(c2, old[3])
        new = f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}".encode()
        if old is not None and (r1, c1, r2, c2) == old:
            return xml
        return xml[: match.start(1)] + new + xml[match.end(1) :]
