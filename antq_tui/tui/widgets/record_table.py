"""A table that renders only the rows on screen (Textual's Line API).

The stock DataTable builds every row up front and re-lays out on change; at
100,000 records that costs seconds (bench/bench_tui.py measures it). This table
keeps a reference to the sheet's row list and renders the visible lines on
demand, so opening, filtering and scrolling cost the same at 14 rows or 100k.
The header row stays on top; the gutter and row numbers stay on the left while
the columns scroll sideways a column at a time (VisiData style).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from antq_tui.tui.sheets import SheetModel, TableColumn

GUTTER = 2  # a mark: + new, * changed, ✎ draft, ! error, ? warning
ROWNUM = 7  # the sheet row, as Excel numbers it


class Marks(Protocol):
    def row_mark(self, model: SheetModel, item: Any) -> tuple[str, str] | None: ...

    def cell_mark(self, model: SheetModel, item: Any, field: str) -> str | None: ...


def fit(text: str, width: int, right: bool = False) -> str:
    """Exactly ``width`` cells: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    if len(text) > 2 * width + 8:
        # A long text (a 32,000-character summary) is cut within its head: measure only that.
        head = text[: 2 * width + 8]
        if cell_len(head) > width:
            return set_cell_size(head, width - 1) + "…"
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - length)
    return pad + text if right else text + pad


class RecordTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--rownum",
        "record-table--cursor",
        "record-table--cursor-cell",
        "record-table--error",
        "record-table--warning",
        "record-table--invalid",
        "record-table--mark-new",
        "record-table--mark-changed",
        "record-table--mark-draft",
        "record-table--mark-error",
        "record-table--mark-warning",
        "record-table--empty",
    }
    DEFAULT_CSS = """
    RecordTable { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", show=False),
        Binding("down,j", "cursor_down", show=False),
        Binding("left,h", "cursor_left", show=False),
        Binding("right,l", "cursor_right", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    class CursorMoved(Message):
        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: SheetModel | None = None
        self.rows: Sequence[Any] = ()
        self.marks: Marks | None = None
        self.cursor_row = 0
        self.cursor_col = 0
        self.col_offset = 0
        self.empty_text = "Trang này chưa có bản ghi nào. Bấm a để thêm."
        self.sort: tuple[str, bool] | None = None  # (field, descending): an arrow in its header
        self._widths: list[int] = []

    # ------------------------------------------------------------ data
    def set_rows(
        self,
        model: SheetModel,
        rows: Sequence[Any],
        marks: Marks | None = None,
        *,
        keep: bool = True,
    ) -> None:
        """Show ``rows``; keep the cursor on the same record when it is still there."""
        current = self.current_item if keep and model is self.model else None
        if model is not self.model:
            self.cursor_col = 0
            self.col_offset = 0
        self.model = model
        self.rows = rows
        self.marks = marks
        if current is not None:
            self.cursor_row = self._find(current.row, self.cursor_row)
        self.cursor_row = max(0, min(self.cursor_row, len(rows) - 1))
        self._layout_columns()
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def _find(self, row: int, near: int) -> int:
        rows = self.rows
        if 0 <= near < len(rows) and rows[near].row == row:
            return near
        for index in range(max(0, near - 2), min(len(rows), near + 3)):
            if rows[index].row == row:
                return index
        for index, item in enumerate(rows):
            if item.row == row:
                return index
        return near

    def index_of_row(self, row: int) -> int | None:
        for index, item in enumerate(self.rows):
            if item.row == row:
                return index
        return None

    @property
    def current_item(self) -> Any | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    @property
    def current_column(self) -> TableColumn | None:
        if self.model and 0 <= self.cursor_col < len(self.model.columns):
            return self.model.columns[self.cursor_col]
        return None

    def move_to(self, index: int, field: str | None = None) -> None:
        self.cursor_row = max(0, min(index, len(self.rows) - 1))
        if field and self.model:
            for position, column in enumerate(self.model.columns):
                if column.field == field:
                    self.cursor_col = position
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    # ------------------------------------------------------------ geometry
    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _layout_columns(self) -> None:
        if self.model is None:
            self._widths = []
            return
        columns = self.model.columns
        widths = [c.width for c in columns]
        available = self.scrollable_content_region.width - GUTTER - ROWNUM
        spare = available - sum(w + 1 for w in widths)
        growers = sum(c.grow for c in columns)
        if spare > 0 and growers:
            extra = [spare * c.grow // growers for c in columns]
            widths = [w + e for w, e in zip(widths, extra, strict=True)]
        self._widths = widths

    def _keep_cursor_visible(self) -> None:
        top = round(self.scroll_y)
        height = self._body_height
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + height:
            top = self.cursor_row - height + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)
        # Sideways: the cursor's column is on screen, whole if it fits.
        if self.cursor_col < self.col_offset:
            self.col_offset = self.cursor_col
        available = self.scrollable_content_region.width - GUTTER - ROWNUM
        while self.col_offset < self.cursor_col:
            used = sum(w + 1 for w in self._widths[self.col_offset : self.cursor_col + 1])
            if used <= available:
                break
            self.col_offset += 1

    def on_resize(self, event: Resize) -> None:
        self._layout_columns()
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self._keep_cursor_visible()

    # ------------------------------------------------------------ rendering
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.model is None:
            return Strip.blank(width, base)
        if y == 0:
            return self._header(width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if index == 0:
                style = base + self.get_component_rich_style("record-table--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        return self._row(index, width, base)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("record-table--header")
        assert self.model is not None
        text = " " * GUTTER + fit("Hàng", ROWNUM - 1, right=True) + " "
        for column, cell_width in self._visible_columns(width):
            header = column.header
            if self.sort is not None and self.sort[0] == column.field:
                arrow = "▼" if self.sort[1] else "▲"
                header = arrow + fit(header, cell_width - 1) if cell_width > 1 else arrow
            text += fit(header, cell_width) + " "
        return Strip([Segment(fit(text, width), style)], width)

    def _visible_columns(self, width: int) -> list[tuple[TableColumn, int]]:
        assert self.model is not None
        out = []
        left = width - GUTTER - ROWNUM
        for position in range(self.col_offset, len(self.model.columns)):
            if left <= 0:
                break
            cell_width = min(self._widths[position], left - 1 if left > 1 else left)
            out.append((self.model.columns[position], max(cell_width, 0)))
            left -= self._widths[position] + 1
        return out

    def _row(self, index: int, width: int, base: Style) -> Strip:
        assert self.model is not None
        model = self.model
        item = self.rows[index]
        cursor = index == self.cursor_row
        row_style = base + self.get_component_rich_style("record-table--cursor") if cursor else base
        segments: list[Segment] = []
        mark = self.marks.row_mark(model, item) if self.marks else None
        if mark:
            mark_style = row_style + self._fg(f"record-table--mark-{mark[1]}")
            segments.append(Segment(fit(mark[0], GUTTER), mark_style))
        else:
            segments.append(Segment(" " * GUTTER, row_style))
        rownum = row_style + self._fg("record-table--rownum")
        number = str(item.row) if item.row > 0 else "—"
        segments.append(Segment(fit(number, ROWNUM - 1, right=True) + " ", rownum))
        cells = model.cells(item)
        invalid = model.invalid(item)
        positions = {c.field: p for p, c in enumerate(model.columns)}
        for column, cell_width in self._visible_columns(width):
            position = positions[column.field]
            style = row_style
            flag = self.marks.cell_mark(model, item, column.field) if self.marks else None
            if column.field in invalid:
                flag = "invalid"
            if flag:
                style = style + self._fg(f"record-table--{flag}")
            if cursor and position == self.cursor_col and self.has_focus:
                style = style + self.get_component_rich_style("record-table--cursor-cell")
            segments.append(Segment(fit(cells[position], cell_width, column.right), style))
            segments.append(Segment(" ", row_style))
        used = sum(segment.cell_length for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), row_style))
        return Strip(segments, width).crop(0, width)

    def _fg(self, name: str) -> Style:
        """A component's look without its background, so the cursor row keeps its own."""
        style = self.get_component_rich_style(name)
        return (
            style + Style(bgcolor=None)
            if style.bgcolor is None
            else Style(
                color=style.color, bold=style.bold, italic=style.italic, underline=style.underline
            )
        )

    # ------------------------------------------------------------ keys and mouse
    def _moved(self) -> None:
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def action_cursor_up(self) -> None:
        if self.cursor_row > 0:
            self.cursor_row -= 1
            self._moved()

    def action_cursor_down(self) -> None:
        if self.cursor_row < len(self.rows) - 1:
            self.cursor_row += 1
            self._moved()

    def action_cursor_left(self) -> None:
        if self.cursor_col > 0:
            self.cursor_col -= 1
            self._moved()

    def action_cursor_right(self) -> None:
        if self.model and self.cursor_col < len(self.model.columns) - 1:
            self.cursor_col += 1
            self._moved()

    def action_page_up(self) -> None:
        self.cursor_row = max(0, self.cursor_row - self._body_height)
        self.scroll_to(
            y=max(0, round(self.scroll_y) - self._body_height), animate=False, immediate=True
        )
        self._moved()

    def action_page_down(self) -> None:
        self.cursor_row = max(0, min(len(self.rows) - 1, self.cursor_row + self._body_height))
        self.scroll_to(y=round(self.scroll_y) + self._body_height, animate=False, immediate=True)
        self._moved()

    def action_first(self) -> None:
        self.cursor_row = 0
        self._moved()

    def action_last(self) -> None:
        self.cursor_row = max(0, len(self.rows) - 1)
        self._moved()

    def on_click(self, event: Click) -> None:
        if event.y >= 1:
            index = round(self.scroll_y) + event.y - 1
            if 0 <= index < len(self.rows):
                self.cursor_row = index
                self._moved()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
