"""The main screen: a tab per sheet, its records, the cell in full, status and keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from antq_tui.config.keymap import COMMANDS, KEY_CHARS
from antq_tui.editing.drafts import Draft, catalog_draft_lists
from antq_tui.model.text import ascii_key
from antq_tui.tui.controller import Controller
from antq_tui.tui.sheets import CatalogSheet, DataSheet, SheetModel, all_sheets
from antq_tui.tui.state import TableView
from antq_tui.tui.widgets.bars import CellDetail, DetailLine, KeyHints, SheetBar, StatusLine
from antq_tui.tui.widgets.record_table import RecordTable
from antq_tui.validate.findings import Finding, Severity

# Filtering a sheet this big waits for a pause in typing.
FILTER_DEBOUNCE_ABOVE = 20_000

# In order of need: what does not fit on a narrow terminal is in the help (f1).
HINTS = (
    "add",
    "edit",
    "delete",
    "filter",
    "save",
    "validation",
    "help",
    "quit",
    "undo",
    "preview",
    "export",
    "totals",
    "copy",
)
SHORT = {
    "add": "Thêm",
    "edit": "Sửa",
    "copy": "Chép",
    "delete": "Xóa",
    "filter": "Lọc",
    "save": "Ghi",
    "undo": "Hoàn tác",
    "validation": "Lỗi",
    "preview": "Xem",
    "export": "Xuất",
    "totals": "Số liệu",
    "help": "Trợ giúp",
    "quit": "Thoát",
}
_DISPLAY = {
    **KEY_CHARS,
    "enter": "⏎",
    "delete": "Del",
    "ctrl+s": "^S",
    "ctrl+z": "^Z",
    "escape": "Esc",
}


def key_display(keys: str) -> str:
    first = keys.split(",")[0]
    if first in _DISPLAY:
        return _DISPLAY[first]
    if first.startswith("ctrl+"):
        return "^" + first[5:].upper()
    return first


_BINDINGS: list[BindingType] = [
    *(Binding(c.keys, c.id, c.title, show=False, id=c.id) for c in COMMANDS),
    *(Binding(str(n), f"sheet({n - 1})", show=False) for n in range(1, 10)),
    Binding("escape", "clear_filter", show=False),
]


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = _BINDINGS

    view: reactive[TableView] = reactive(TableView())  # the status line shows it

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.models: list[SheetModel] = all_sheets()
        self.active = 0
        self.filters: dict[str, str] = {}
        self.sorts: dict[str, tuple[str, bool]] = {}  # sheet -> (field, descending)
        self.all_rows: Sequence[Any] = ()
        self._search: dict[str, tuple[Sequence[Any], list[str]]] = {}
        self._filter_timer: Timer | None = None

    @property
    def model(self) -> SheetModel:
        return self.models[self.active]

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def compose(self) -> ComposeResult:
        yield SheetBar([(m.title, m.short) for m in self.models], id="sheets")
        yield Static("", id="banner", markup=False)
        yield RecordTable(id="table")
        yield Input(
            placeholder="Lọc: gõ chữ cần tìm (không cần dấu); Enter xong, Esc bỏ lọc",
            id="filter",
            compact=True,
        )
        yield DetailLine(id="detail")
        yield StatusLine(id="status").data_bind(MainScreen.view)
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        controller = self.controller
        controller.steady_cursors(self)
        self.query_one("#filter", Input).display = False
        keys = controller.keys
        self.query_one(KeyHints).hints = tuple((key_display(keys[h]), SHORT[h]) for h in HINTS)
        status = self.query_one(StatusLine)
        status.file = controller.path.name
        # The status line and the banner follow the app's state as it changes.
        self.watch(self.app, "pending", lambda value: setattr(status, "pending", value))
        self.watch(self.app, "checked", lambda value: setattr(status, "checked", value))
        self.watch(self.app, "busy", lambda value: setattr(status, "busy", value))
        self.watch(self.app, "read_only", self._access_changed)
        self.watch(self.app, "office_holder", self._access_changed)
        self.reload_rows(keep=False)
        self.set_focus(self.table)

    def _access_changed(self) -> None:
        controller = self.controller
        self.query_one(StatusLine).read_only = controller.read_only is not None
        banner = self.query_one("#banner", Static)
        notice = controller.read_only or (
            f"Sổ đang mở trong {controller.office_holder}: ghi từ đây sẽ bị từ chối đến khi "
            "đóng ở đó."
            if controller.office_holder
            else ""
        )
        banner.update(notice)
        banner.display = bool(notice)

    def command_runner(self, command_id: str) -> Callable[[], object]:
        """The palette's way to run one of the operator's commands on this screen."""

        def run() -> object:
            action: Callable[[], object] = getattr(self, f"action_{command_id}")
            return action()

        return run

    # ------------------------------------------------------------ rows
    def reload_rows(self, keep: bool = True) -> None:
        session = self.controller.session
        if session is None:
            return
        model = self.model
        rows = model.rows(session)
        self.all_rows = rows
        bar = self.query_one(SheetBar)
        bar.active = self.active
        bar.counts = tuple(
            len(other.rows(session)) if isinstance(other, DataSheet) else None
            for other in self.models
        )
        shown = self._filtered(rows)
        order = self.sorts.get(model.sheet)
        if order is not None and isinstance(model, DataSheet):
            shown = model.sorted_rows(shown, *order)
        self.table.sort = order
        self.table.set_rows(model, shown, self, keep=keep)
        self._count_view()

    def _count_view(self) -> None:
        self.view = TableView(
            self.filters.get(self.model.sheet, ""),
            len(self.table.rows),
            len(self.all_rows),
            self._sort_text(),
        )

    def _filtered(self, rows: Sequence[Any]) -> Sequence[Any]:
        text = self.filters.get(self.model.sheet, "")
        if not text.strip():
            return rows
        needle = ascii_key(text)
        cached = self._search.get(self.model.sheet)
        if cached is None or cached[0] is not rows:
            model = self.model
            keys = (
                model.search_keys(rows)
                if isinstance(model, DataSheet)
                else [model.search_key(r) for r in rows]
            )
            self._search[self.model.sheet] = (rows, keys)
            cached = self._search[self.model.sheet]
        return [row for row, key in zip(rows, cached[1], strict=True) if needle in key]

    def refresh_marks(self) -> None:
        self.table.refresh()
        self.update_detail()

    # ------------------------------------------------------------ marks (RecordTable.Marks)
    def row_mark(self, model: SheetModel, item: Any) -> tuple[str, str] | None:
        app = self.controller
        session = app.live_session
        row = item.row
        draft = session.draft(model.sheet, row)
        if draft is not None and model.owns_draft(item, draft):
            return "~", "draft"
        state = model.changed_state(session, item)
        if state is not None:
            return ("+", "new") if state == "new" else ("*", "changed")
        findings = [
            f for f in app.row_findings.get((model.sheet, row), ()) if model.owns_finding(item, f)
        ]
        if findings:
            if any(f.severity is Severity.ERROR for f in findings):
                return "!", "error"
            return "?", "warning"
        return None

    def cell_mark(self, model: SheetModel, item: Any, field: str) -> str | None:
        key = model.finding_field(item, field)
        finding = self.controller.cell_findings.get((model.sheet, item.row, key)) if key else None
        if finding is None:
            return None
        return "error" if finding.severity is Severity.ERROR else "warning"

    # ------------------------------------------------------------ detail
    def on_record_table_cursor_moved(self, message: RecordTable.CursorMoved) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        table = self.table
        item = table.current_item
        column = table.current_column
        detail = self.query_one(DetailLine)
        if item is None or column is None:
            detail.detail = CellDetail()
            return
        cells = self.model.cells(item)
        position = self.model.columns.index(column)
        value = cells[position]
        key = self.model.finding_field(item, column.field)
        finding = (
            self.controller.cell_findings.get((self.model.sheet, item.row, key)) if key else None
        )
        shown = None
        if finding is None:
            row_findings = self.controller.row_findings.get((self.model.sheet, item.row), [])
            finding = next(
                (f for f in row_findings if not f.field and self.model.owns_finding(item, f)),
                None,
            )
        if finding is not None:
            text = finding.message + (f" → {finding.suggestion}" if finding.suggestion else "")
            shown = ("error" if finding.severity is Severity.ERROR else "warning", text)
        draft = self.controller.live_session.draft(self.model.sheet, item.row)
        if draft is not None and not self.model.owns_draft(item, draft):
            draft = None
        if draft is not None and shown is None:
            shown = ("warning", "Có bản nháp chưa ghi; Enter để mở.")
        detail.detail = CellDetail(column.header, value, shown)

    # ------------------------------------------------------------ navigation
    def action_sheet(self, index: int) -> None:
        if 0 <= index < len(self.models) and index != self.active:
            self.active = index
            self.reload_rows(keep=False)
            self._sync_filter_input()

    def action_next_sheet(self) -> None:
        self.action_sheet((self.active + 1) % len(self.models))

    def action_previous_sheet(self) -> None:
        self.action_sheet((self.active - 1) % len(self.models))

    def go_to(self, sheet: str, row: int, field: str | None = None) -> bool:
        """Show ``sheet`` with the cursor on ``row`` (and ``field``); clears a hiding filter."""
        for index, model in enumerate(self.models):
            if model.sheet == sheet:
                if index != self.active:
                    self.active = index
                    self.reload_rows(keep=False)
                position = self._position(row, field)
                if position is None and self.filters.get(sheet):
                    self.filters[sheet] = ""
                    self._sync_filter_input()
                    self.reload_rows()
                    position = self._position(row, field)
                if position is None:
                    position = self._position(row, field, loose=True)
                if position is not None:
                    self.table.move_to(position, self.model.table_field(field))
                self.set_focus(self.table)
                return position is not None
        return False

    def _position(self, row: int, field: str | None, *, loose: bool = False) -> int | None:
        """The table index of ``row``; on Danh mục, of the entry of ``field``'s list."""
        model = self.model
        if isinstance(model, CatalogSheet) and field:
            list_name = field.partition("\x00")[0]
            in_list = [i for i, item in enumerate(self.table.rows) if item.list_name == list_name]
            for index in in_list:
                if self.table.rows[index].row == row:
                    return index
            if not loose:
                return None
            if in_list:  # the entry is gone (an add undone): its list, not another list's row
                return in_list[0]
        return self.table.index_of_row(row)

    # ------------------------------------------------------------ sort
    def action_sort(self) -> None:
        self._sort(descending=False)

    def action_sort_descending(self) -> None:
        self._sort(descending=True)

    def _sort_text(self) -> str:
        order = self.sorts.get(self.model.sheet)
        if order is None:
            return ""
        header = next((c.header for c in self.model.columns if c.field == order[0]), order[0])
        return f"xếp {'▼' if order[1] else '▲'} {header}"

    def _sort(self, descending: bool) -> None:
        """Order by the cursor's column; the same key again goes back to the workbook's order."""
        model, column = self.model, self.table.current_column
        if not isinstance(model, DataSheet) or column is None:
            self.controller.say("Chỉ xếp được các trang dữ liệu (phím 1 đến 6).")
            return
        if self.sorts.get(model.sheet) == (column.field, descending):
            del self.sorts[model.sheet]
            self.controller.say("Các hàng về lại thứ tự trong sổ.")
        else:
            self.sorts[model.sheet] = (column.field, descending)
            way = "giảm dần" if descending else "tăng dần"
            self.controller.say(f"Xếp theo “{column.header}”, {way}; ô trống để cuối.")
        self.reload_rows()

    # ------------------------------------------------------------ filter
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.filters.get(self.model.sheet, "")
        self.set_focus(box)  # now: a key typed right after '/' is the filter's

    def _sync_filter_input(self) -> None:
        box = self.query_one("#filter", Input)
        text = self.filters.get(self.model.sheet, "")
        box.value = text
        box.display = bool(text) and box.has_focus

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        self.filters[self.model.sheet] = event.value
        if len(self.all_rows) > FILTER_DEBOUNCE_ABOVE:
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self._filter_timer = self.set_timer(0.2, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self.table.set_rows(self.model, self._filtered(self.all_rows), self, keep=True)
        self._count_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self._apply_filter()
            event.input.display = False
            self.set_focus(self.table)

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if self.filters.get(self.model.sheet) or box.display:
            self.filters[self.model.sheet] = ""
            box.value = ""
            box.display = False
            self.reload_rows()
            self.set_focus(self.table)

    def on_key(self, event: Key) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            self.action_clear_filter()

    # ------------------------------------------------------------ commands
    def action_add(self) -> None:
        if not self.controller.guard_edit():
            return
        from antq_tui.tui.screens.record_forms import open_form

        if not self.model.editable_rows:
            self.controller.say(
                "Trang Thông tin chung có sẵn các mục: chọn một mục rồi bấm Enter để sửa."
            )
            return
        if isinstance(self.model, CatalogSheet):
            from antq_tui.tui.screens.catalog_form import open_catalog_form

            item = self.table.current_item
            list_name = item.list_name if item is not None else None
            open_catalog_form(self.controller, list_name, None)
            return
        open_form(self.controller, self.model, None)

    def action_copy(self) -> None:
        """A new record filled from the one under the cursor (a new STT): for a run of alike."""
        if not self.controller.guard_edit():
            return
        item = self.table.current_item
        if not isinstance(self.model, DataSheet) or item is None or item.row <= 0:
            self.controller.say("Chỉ chép được bản ghi của các trang dữ liệu (phím 1 đến 6).")
            return
        from antq_tui.tui.screens.record_forms import open_form

        open_form(self.controller, self.model, None, copy_of=item)

    def action_edit(self, focus: str | None = None) -> None:
        from antq_tui.tui.screens.record_forms import open_form

        item = self.table.current_item
        if item is None:
            self.controller.say("Chưa có bản ghi nào để sửa; bấm a để thêm.")
            return
        column = self.table.current_column
        open_form(
            self.controller, self.model, item, focus=focus or (column.field if column else None)
        )

    def open_draft(self, draft: Draft) -> None:
        from antq_tui.tui.screens.record_forms import open_form

        for index, model in enumerate(self.models):
            if model.sheet != draft.sheet:
                continue
            self.action_sheet(index)
            item = None
            if not draft.new:
                lists = catalog_draft_lists(draft) if isinstance(model, CatalogSheet) else []
                position = self._position(draft.row, lists[0] if lists else None)
                item = self.table.rows[position] if position is not None else None
                if lists and item is not None and item.list_name != lists[0]:
                    item = None  # that list has no entry on the row yet: a new one
            open_form(self.controller, model, item, draft=draft)
            return

    def action_delete(self) -> None:
        if not self.controller.guard_edit():
            return
        item = self.table.current_item
        if item is None or item.row <= 0:
            self.controller.say("Không có bản ghi nào để xóa ở đây.")
            return
        if not self.model.editable_rows:
            self.controller.say("Không xóa được mục của Thông tin chung; hãy sửa giá trị.")
            return
        from antq_tui.tui.screens.dialogs import YES, confirm

        if isinstance(self.model, CatalogSheet):
            self._delete_catalog_entry(item)
            return
        cells = [c for c in self.model.cells(item) if c][:4]
        summary = " · ".join(cells)
        sheet, row = self.model.sheet, item.row

        def answered(answer: str | None) -> None:
            if answer != YES:
                return
            if self.controller.perform(lambda s: s.delete(sheet, row)) is not None:
                self.controller.say(
                    f"Đã xóa bản ghi hàng {row} (chưa ghi vào sổ; ctrl+z để hoàn tác)."
                )

        self.app.push_screen(
            confirm(f"Xóa bản ghi? ({sheet}, hàng {row})", summary, yes="Xóa", no="Thôi"),
            answered,
        )

    def _delete_catalog_entry(self, item: Any) -> None:
        from antq_tui.editing.entry import catalog_usage
        from antq_tui.model.text import format_int
        from antq_tui.tui.screens.dialogs import YES, confirm

        app = self.controller
        list_name, row, value = item.list_name, item.row, item.value
        used = catalog_usage(app.live_session.current_workbook(), list_name, value)
        summary = f"“{value}” trong danh sách “{list_name}”."
        if used:
            summary += (
                f" Còn {format_int(used)} bản ghi đang dùng giá trị này; "
                "sau khi xóa, các bản ghi đó sẽ bị báo lỗi."
            )
        summary += " Các danh sách khác cùng hàng giữ nguyên."

        def answered(answer: str | None) -> None:
            if answer != YES:
                return
            if app.perform(lambda s: s.delete_catalog_entry(list_name, row)) is not None:
                app.say(
                    f"Đã xóa “{value}” khỏi danh sách “{list_name}” "
                    "(chưa ghi vào sổ; ctrl+z để hoàn tác)."
                )

        self.app.push_screen(
            confirm(
                f"Xóa giá trị khỏi danh mục? ({self.model.sheet}, hàng {row})",
                summary,
                yes="Xóa",
                no="Thôi",
            ),
            answered,
        )

    def action_save(self) -> None:
        self.controller.save()

    def action_undo(self) -> None:
        self.controller.undo()

    def action_validation(self) -> None:
        from antq_tui.tui.screens.validation import ValidationScreen

        def chosen(target: Finding | Draft | None) -> None:
            if target is None:
                return
            if isinstance(target, Draft):
                self.open_draft(target)
                return
            if target.row is None:
                self.controller.say(target.message, "warning")
                return
            if not self.go_to(target.sheet, target.row, target.field):
                self.controller.say(
                    f"Không tìm thấy hàng {target.row} của trang "
                    f"“{target.sheet}” trong chương trình: {target.message}",
                    "warning",
                )

        self.app.push_screen(ValidationScreen(self.controller), chosen)

    def action_preview(self) -> None:
        from antq_tui.tui.screens.report import PreviewScreen

        self.app.push_screen(PreviewScreen(self.controller))

    def action_export(self) -> None:
        from antq_tui.tui.screens.report import open_export

        open_export(self.controller)

    def action_totals(self) -> None:
        from antq_tui.tui.screens.totals import TotalsScreen

        self.app.push_screen(TotalsScreen(self.controller))

    def action_help(self) -> None:
        from antq_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.controller))

    def action_quit(self) -> None:
        self.controller.request_quit()


__all__ = ["MainScreen"]
