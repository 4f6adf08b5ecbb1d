"""Patch one worksheet's XML in place: only the rows that change are rewritten.

The sheet part is handled as bytes. The rows to change are found by their ``r``
attribute (``sheetrows``: one pass however many rows change), their cells are
split out, the changed cells are rebuilt and each row is spliced back; every
other byte of the part (other rows, drop-downs, Excel's extension blocks,
drawings, conditional formats) stays as it was. Tags are parsed, not matched as
one spelling (``xmltags``), so a sheet written with single quotes, other
attribute orders or a namespace prefix is patched like Excel's own. Writing text
never touches the shared-string table (see ``cellxml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from antq_tui.workbook.write.cellxml import (
    CellValue,
    cell_ref,
    column_number,
    raw_value,
    rich_text,
    unescape_text,
)
from antq_tui.workbook.write.sheetrows import Cell, Row, SheetPatchError, SheetRows
from antq_tui.workbook.write.styles import DATE_FORMAT, DATETIME_FORMAT, StyleBook
from antq_tui.workbook.write.xmltags import (
    NAME,
    TagError,
    find_end_tag,
    has_markup,
    start_tag,
    tag_attributes,
    with_attribute,
)

__all__ = ["Cell", "OldCell", "Row", "SharedStrings", "SheetPatchError", "SheetPatcher"]

# How many rows above an appended cell to look for a style to copy.
_STYLE_LOOKBACK = 20
_RANGE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})(?::([A-Za-z]{1,3})([0-9]{1,7}))?")
_SHEET_DATA = re.compile(rb"<(?:" + NAME + rb":)?sheetData(?=[\s/>])")
_DIMENSION = re.compile(rb"<(?:" + NAME + rb":)?dimension(?=[\s/>])")
_COLS = re.compile(rb"<(?:" + NAME + rb":)?cols(?=[\s/>])")
_COL = re.compile(rb"<(?:" + NAME + rb":)?col(?=[\s/>])")
_FORMULA = re.compile(rb"<(?:" + NAME + rb":)?f(?=[\s/>])")
_SHARED_ITEM = re.compile(rb"<(" + NAME + rb":)?si[\s>/]")
_ARRAY = re.compile(rb"""\st\s*=\s*["']array["']""")


@dataclass
class _RowEdit:
    values: dict[int, CellValue] = field(default_factory=dict)
    clear_all: bool = False


@dataclass
class OldCell:
    text: str  # what a clerk saw
    formula: bool
    kind: str = "blank"  # "blank" | "text" | "number" | "date" | "other", as CellValue.kind


@dataclass(frozen=True)
class _Formula:
    attrs: dict[bytes, bytes]
    text: bytes  # the formula as written (escaped), b"" for <f/>
    start: int  # offsets of the whole <f> element in the bytes it was found in
    end: int


class SharedStrings:
    """The shared-string table, read lazily: only the entries asked for are decoded."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = xml or b""
        self._starts: list[int] | None = None

    def get(self, index: int) -> str:
        if self._starts is None:
            first = _SHARED_ITEM.search(self.xml)
            prefix = first.group(1) or b"" if first else b""
            # One literal search (the items' own prefix) is much faster than any prefix.
            item = re.compile(re.escape(b"<" + prefix + b"si") + rb"[\s>/]")
            self._starts = [m.start() for m in item.finditer(self.xml)]
        if not 0 <= index < len(self._starts):
            return ""
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.xml)
        return rich_text(self.xml[self._starts[index] : end])


def _range_bounds(ref: bytes) -> tuple[int, int, int, int] | None:
    match = _RANGE.fullmatch(ref.strip())
    if match is None:
        return None
    c1, r1 = column_number(match.group(1).upper()), int(match.group(2))
    if match.group(3):
        c2, r2 = column_number(match.group(3).upper()), int(match.group(4))
    else:
        c2, r2 = c1, r1
    return r1, c1, r2, c2


def _formula(body: bytes) -> _Formula | None:
    """The ``<f>`` element of a cell's content, parsed."""
    match = _FORMULA.search(body)
    if match is None:
        return None
    tag = start_tag(body, match.start())
    if tag.empty:
        return _Formula(tag_attributes(body, tag), b"", tag.start, tag.end)
    closing = b"</" + tag.prefix + b"f>"
    close = find_end_tag(body, closing, tag.end, len(body), False)
    if close < 0:
        raise TagError("formula not closed")
    return _Formula(
        tag_attributes(body, tag), body[tag.end : close], tag.start, close + len(closing)
    )


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
        # (offset, column) -> (style found above, the highest row number it read)
        self._styles_above: dict[tuple[int, int], tuple[int | None, int]] = {}
        self._styles_of_rows: dict[int, dict[int, int]] = {}
        self._column_styles: list[tuple[int, int, int]] | None = None
        self._spans: bool | None = None  # whether rows carry spans="..." (as Excel writes)
        self._locate_data()
        self.p = self.rows.prefix  # the prefix new rows and cells are written with
        self._arrays = self._array_ranges()

    # ------------------------------------------------------------ locating
    def _locate_data(self) -> None:
        match = _SHEET_DATA.search(self.xml)
        if match is None:
            raise SheetPatchError(f"Trang {self.name} không có phần dữ liệu (sheetData).")
        try:
            tag = start_tag(self.xml, match.start())
        except TagError:
            raise SheetPatchError(f"Trang {self.name} bị hỏng (sheetData).") from None
        self.data_tag = (tag.start, tag.end)
        self.data_prefix = tag.prefix
        plain = True
        if tag.empty:  # <sheetData/>
            self.data_start = self.data_end = tag.end
            self.data_empty_tag = True
        else:
            self.data_start = tag.end
            closing = b"</" + tag.prefix + b"sheetData>"
            # No comment or CDATA after the tag (the usual case): the first closing tag ends it.
            plain = not has_markup(self.xml, tag.end, len(self.xml))
            self.data_end = find_end_tag(self.xml, closing, tag.end, len(self.xml), plain)
            self.data_empty_tag = False
            if self.data_end < 0:
                raise SheetPatchError(f"Trang {self.name} bị hỏng (sheetData không đóng).")
        self.rows = SheetRows(
            self.xml, self.data_start, self.data_end, self.data_prefix, self.name, plain
        )
        self._styles_above = {}
        self._styles_of_rows = {}
        self._found: dict[int, Row | None] = {}  # rows looked up, valid until self.xml changes

    def find_row(self, number: int) -> Row | None:
        if number not in self._found:
            self._found[number] = self.rows.find(number)
        return self._found[number]

    def last_row(self) -> Row | None:
        """The last ``<row>`` element of the sheet."""
        return self.rows.last()

    def last_used_row(self) -> int:
        """The last row holding any value (0 when there is none)."""
        return self.rows.last_used()

    # ------------------------------------------------------------ reading
    def old_cell(self, row: int, column: int) -> OldCell:
        found = self.find_row(row)
        cell = found.cell(column) if found else None
        if cell is None:
            return OldCell("", False)
        text = self.cell_text(cell)
        has_formula = _FORMULA.search(cell.body) is not None
        return OldCell(text, has_formula, self._kind(cell) if text else "blank")

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
        kind = cell.attrs.get(b"t", b"n")
        if kind == b"inlineStr":
            return rich_text(cell.body)
        value = raw_value(cell.body)
        try:
            formula = _formula(cell.body)
        except TagError:
            formula = None
        shown = self._value_text(kind, value, cell.style)
        if formula is not None and formula.text:
            formula_text = "=" + unescape_text(formula.text)
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
        if self.xml.find(b"array", self.data_start, self.data_end) < 0:
            return []  # the common case, decided by one fast search
        if _ARRAY.search(self.xml, self.data_start, self.data_end) is None:
            return []
        ranges = []
        for match in _FORMULA.finditer(self.xml, self.data_start, self.data_end):
            try:
                attrs = tag_attributes(self.xml, start_tag(self.xml, match.start()))
            except TagError:
                continue  # "<f" inside text, not a tag
            ref = attrs.get(b"ref")
            bounds = _range_bounds(ref) if ref and attrs.get(b"t") == b"array" else None
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
        cell = found.cell(column) if found else None
        if cell is None:
            return
        try:
            formula = _formula(cell.body)
        except TagError:
            raise SheetPatchError(f"Ô {self.name}!{cell_ref(row, column)} bị hỏng.") from None
        if formula is None:
            return
        self.formula_removed = True
        si = formula.attrs.get(b"si")
        if formula.attrs.get(b"t") != b"shared" or si is None or not formula.text:
            return
        self._unshare(si, unescape_text(formula.text), cell_ref(row, column))

    def _unshare(self, si: bytes, formula: str, origin: str) -> None:
        from openpyxl.formula.translate import Translator  # rare: imported only when needed

        pieces: list[bytes] = []
        last = self.data_start
        for row_start in self._rows_with_formulas():
            row = self.rows.at(row_start, 0)
            for cell in row.cells:
                found = _formula(cell.body)
                if found is None or found.text or found.attrs.get(b"t") != b"shared":
                    continue  # the master (it is being replaced) and other formulas
                if found.attrs.get(b"si") != si:
                    continue
                ref = cell.attrs.get(b"r")
                if ref is None:
                    raise SheetPatchError(
                        f"Trang {self.name} có công thức dùng chung không sửa được."
                    )
                translated = Translator("=" + formula, origin=origin).translate_formula(
                    ref.decode().upper()
                )
                prefix = b"<" + cell.prefix
                own = (
                    prefix + b"f>"
                    + translated[1:].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
                    + b"</" + cell.prefix + b"f>"
                )  # fmt: skip
                body_at = row.start + len(row.tag) + cell.start + len(cell.tag)
                pieces += [self.xml[last : body_at + found.start], own]
                last = body_at + found.end
        if pieces:
            self.xml = b"".join([self.xml[: self.data_start], *pieces, self.xml[last:]])
            self._locate_data()

    def _rows_with_formulas(self) -> list[int]:
        """Start offsets of the rows holding a formula element (in file order)."""
        _, starts = self.rows.index()
        positions = [m.start() for m in _FORMULA.finditer(self.xml, self.data_start, self.data_end)]
        found: list[int] = []
        for at in positions:
            index = bisect_left(starts, at + 1) - 1
            if index >= 0 and (not found or found[-1] != starts[index]):
                found.append(starts[index])
        return found

    # ------------------------------------------------------------ rendering
    def _style_for(
        self,
        value: CellValue,
        current: int | None,
        row: int,
        column: int,
        before: int,
        existing: bool = False,
    ) -> int | None:
        """The style a written cell gets.

        A new cell looks like the cells above it; a cell that was there keeps its own
        look (a cell without ``s`` shows style 0), except that a date needs a date
        format, based on the style above when the cell had none.
        """
        dated = value.kind in ("date", "datetime")
        style = current
        if style is None and (not existing or dated):
            style = self._style_above(row, column, before)
        if dated:
            base = style if style is not None else 0
            if not self.styles.is_date(base):
                style = self.styles.with_format(
                    base, DATETIME_FORMAT if value.kind == "datetime" else DATE_FORMAT
                )
        return style

    def _style_above(self, row: int, column: int, before: int) -> int | None:
        """The style of the nearest cell above in ``column``, among the rows before ``before``.

        Appending 10,000 rows asks the same question of the same rows again and again:
        the answer is kept while the rows it read are all above the row asking.
        """
        known = self._styles_above.get((before, column))
        if known is not None and row > known[1]:
            return known[0]
        highest = 0
        found: int | None = None
        for above in self.rows.before(before, _STYLE_LOOKBACK):
            highest = max(highest, above.number)
            if above.number >= row:
                continue
            if above.number < 2:
                break
            found = self._row_styles(above).get(column)
            if found is not None:
                break
        if found is None:
            found = self._column_style(column)
        self._styles_above[(before, column)] = (found, highest)
        return found

    def _row_styles(self, row: Row) -> dict[int, int]:
        styles = self._styles_of_rows.get(row.start)
        if styles is None:
            styles = self._styles_of_rows[row.start] = {
                c.column: style for c in row.cells if (style := c.style) is not None
            }
        return styles

    def _column_style(self, column: int) -> int | None:
        if self._column_styles is None:
            self._column_styles = []
            cols = _COLS.search(self.xml, 0, self.data_tag[0])
            end = self.data_tag[0]
            for match in _COL.finditer(self.xml, cols.end() if cols else end, end):
                try:
                    attrs = tag_attributes(self.xml, start_tag(self.xml, match.start()))
                    low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
                except (TagError, ValueError):
                    continue
                if attrs.get(b"style", b"").strip().isdigit():
                    self._column_styles.append((low, high, int(attrs[b"style"])))
        return next((s for low, high, s in self._column_styles if low <= column <= high), None)

    @staticmethod
    def _cell_xml(
        prefix: bytes, row: int, column: int, value: CellValue, style: int | None
    ) -> bytes:
        head = b"<" + prefix + b'c r="' + cell_ref(row, column).encode() + b'"'
        if style is not None and style != 0:
            head += b' s="' + str(style).encode() + b'"'
        if value.kind == "blank":
            return head + b"/>" if style not in (None, 0) else b""
        if value.kind == "text":
            head += b' t="inlineStr"'
        return head + b">" + value.xml.replace(b"{p}", prefix) + b"</" + prefix + b"c>"

    def _patched_row(self, row: Row, number: int, edit: _RowEdit, before: int) -> bytes:
        """The row with its changed cells rebuilt and new cells put in column order.

        Only the cells that change are rebuilt; the bytes between them are copied as
        they were (a new cell goes right after the cell before it).
        """
        if not row.split and not edit.clear_all:
            quick = self._replaced_in_place(row, number, edit, before)
            if quick is not None:
                return quick
        cells, body = row.cells, row.body
        cell_prefix = cells[0].prefix if cells else row.prefix
        any_implicit = any(not c.has_ref for c in cells)
        existing = {c.column for c in cells}
        new_cells = sorted((c, v) for c, v in edit.values.items() if c not in existing)
        out: list[bytes] = []
        cursor = 0  # bytes of body before this are in out
        after_previous = 0  # where a new cell goes: after the cell before it
        columns: list[int] = []  # of every cell the row ends with (for spans)
        waiting = 0

        def add_new_cells(up_to: int) -> None:
            nonlocal waiting, cursor
            while waiting < len(new_cells) and new_cells[waiting][0] < up_to:
                column, value = new_cells[waiting]
                waiting += 1
                style = self._style_for(value, None, number, column, before)
                xml = self._cell_xml(cell_prefix, number, column, value, style)
                if xml:
                    out.extend((body[cursor:after_previous], xml))
                    cursor = after_previous
                    columns.append(column)

        for cell in cells:
            add_new_cells(cell.column)
            new = edit.values.get(cell.column)
            xml: bytes | None = None  # None: the cell stays as it is
            if new is not None:
                style = self._style_for(new, cell.style, number, cell.column, before, True)
                xml = self._cell_xml(cell.prefix, number, cell.column, new, style)
            elif edit.clear_all and cell.has_value:
                blank = CellValue("blank", b"", "", "")
                xml = self._cell_xml(cell.prefix, number, cell.column, blank, cell.style)
            elif any_implicit and not cell.has_ref:
                at = len(cell.prefix) + 2  # after "<c"
                ref = b' r="' + cell_ref(number, cell.column).encode() + b'"'
                xml = body[cell.start : cell.start + at] + ref + body[cell.start + at : cell.end]
            if xml is not None:
                out.extend((body[cursor : cell.start], xml))
                cursor = cell.end
            if xml is None or xml:
                columns.append(cell.column)
            after_previous = cell.end
        add_new_cells(1 << 30)
        out.append(body[cursor:])
        tag = row.tag
        if tag.endswith(b"/>"):
            tag = tag[:-2] + b">"
        if columns and b"spans" in tag:
            spans = tag_attributes(tag, start_tag(tag, 0)).get(b"spans")
            if spans is not None:
                low, high = min(columns), max(columns)
                old = re.fullmatch(rb"\s*(\d+):(\d+)\s*", spans)
                if old:
                    low, high = min(low, int(old.group(1))), max(high, int(old.group(2)))
                tag = with_attribute(tag, b"spans", f"{low}:{high}".encode())
        closing = row.closing or b"</" + row.prefix + b"row>"
        return tag + b"".join(out) + closing

    def _replaced_in_place(
        self, row: Row, number: int, edit: _RowEdit, before: int
    ) -> bytes | None:
        """The row with only its edited cells rebuilt, when each was found alone and stays.

        Thousands of one-cell fixes need neither the other cells split nor the row's
        spans changed. None when that does not hold (a new or vanishing cell).
        """
        replaced: list[tuple[Cell, bytes]] = []
        for column, value in edit.values.items():
            cell = row.cell(column)
            if cell is None or row.split:
                return None
            style = self._style_for(value, cell.style, number, column, before, True)
            xml = self._cell_xml(cell.prefix, number, column, value, style)
            if not xml:
                return None  # the cell goes away: the spans may change
            replaced.append((cell, xml))
        replaced.sort(key=lambda pair: pair[0].start)
        out: list[bytes] = [row.tag[:-2] + b">" if row.tag.endswith(b"/>") else row.tag]
        cursor = 0
        for cell, xml in replaced:
            out += [row.body[cursor : cell.start], xml]
            cursor = cell.end
        out += [row.body[cursor:], row.closing or b"</" + row.prefix + b"row>"]
        return b"".join(out)

    def _new_row(self, number: int, edit: _RowEdit, before: int) -> bytes:
        """A row that was not in the sheet: its cells in column order, styled as above."""
        p = self.p
        cells: list[bytes] = []
        columns: list[int] = []
        for column, value in sorted(edit.values.items()):
            style = self._style_for(value, None, number, column, before)
            xml = self._cell_xml(p, number, column, value, style)
            if xml:
                cells.append(xml)
                columns.append(column)
        tag = b"<" + p + b'row r="' + str(number).encode() + b'"'
        if columns and self._uses_spans():
            tag += b' spans="' + f"{columns[0]}:{columns[-1]}".encode() + b'"'
        return tag + b">" + b"".join(cells) + b"</" + p + b"row>"

    def _uses_spans(self) -> bool:
        if self._spans is None:
            self._spans = b"spans" in self.rows.first_tag_attributes()
        return self._spans

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
            open_tag = self.xml[start:end][:-2] + b">"
            closing = b"</" + self.data_prefix + b"sheetData>"
            self.xml = self.xml[:start] + open_tag + closing + self.xml[end:]
            self._locate_data()
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
            at = self.data_end if number > last_number else self.rows.insertion_point(number)
            splices.append((at, at, number, self._new_row(number, edit, at)))
        splices.sort(key=lambda s: (s[0], s[2]))
        out: list[bytes] = []
        cursor = 0
        xml = self.xml
        for start, end, _, new in splices:
            out += [xml[cursor:start], new]
            cursor = end
        out.append(xml[cursor:])
        return self._with_dimension(b"".join(out))

    def _with_dimension(self, xml: bytes) -> bytes:
        bounds = self.touched_bounds()
        match = _DIMENSION.search(xml, 0, self.data_tag[0])
        if bounds is None or match is None:
            return xml
        try:
            tag = start_tag(xml, match.start())
        except TagError:
            return xml
        ref = tag_attributes(xml, tag).get(b"ref")
        if ref is None:
            return xml
        old = _range_bounds(ref)
        r1, c1, r2, c2 = bounds
        if old is not None:
            r1, c1 = min(r1, old[0]), min(c1, old[1])
            r2, c2 = max(r2, old[2]), max(c2, old[3])
        if old is not None and (r1, c1, r2, c2) == old:
            return xml
        new = f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}".encode()
        return (
            xml[: tag.start]
            + with_attribute(xml[tag.start : tag.end], b"ref", new)
            + xml[tag.end :]
        )
