"""The TUI application: opening, locking, journaling, saving and merging.

The app is the controller; screens show and ask. Everything slow (reading,
validating, saving, building the report) runs in thread workers that only post
messages back (``messages.py``). Every change goes through the edit session,
which writes it to the recovery journal before applying it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from antq_tui.config.keymap import COMMANDS, key_label
from antq_tui.config.user_config import Config, effective_keys
from antq_tui.editing.drafts import Draft
from antq_tui.editing.journal import Journal, JournalError
from antq_tui.editing.session import EditSession
from antq_tui.editing.values import same_value
from antq_tui.model import schema
from antq_tui.model.errors import AntqError, os_reason
from antq_tui.model.text import format_int
from antq_tui.tui import messages as msg
from antq_tui.tui.commands import AntqCommands
from antq_tui.tui.disk import DiskMixin
from antq_tui.tui.recovery import RecoveryMixin
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Finding, Report, Severity
from antq_tui.workbook.reader import LoadedWorkbook

POLL_SECONDS = 3.0


class AntqApp(RecoveryMixin, DiskMixin):
    CSS_PATH = "app.tcss"
    TITLE = "antq"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {AntqCommands}

    def __init__(
        self,
        path: Path,
        config: Config | None = None,
        *,
        today: date | None = None,
        poll_seconds: float = POLL_SECONDS,
        user: str | None = None,
        notice: str = "",
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.path = path
        self.notice = notice
        self.blink = blink  # cursor blink (off in snapshot tests)
        self.config = config or Config()
        self.today = today
        self.poll_seconds = poll_seconds
        self.user = user
        self.session: EditSession | None = None
        self.report: Report | None = None
        self.report_version = -1
        self.cell_findings: dict[tuple[str, int, str], Finding] = {}
        self.row_findings: dict[tuple[str, int], list[Finding]] = {}
        self.lock: Any = None
        self.read_only: str | None = None  # why, when the workbook cannot be saved
        self.read_only_kind: str | None = None  # "antq", "office", "permission", "error"
        self.office_holder: str | None = None
        self.busy: str = ""
        self.handling_disk_change = False
        self.log_lines: list[str] = []  # every message shown, for tests and the help screen
        self.animation_level = "none"
        self.keys = effective_keys(self.config)

    # ------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        self.set_keymap(self.config.keymap)
        from antq_tui.tui.screens.loading import LoadingScreen

        self.push_screen(LoadingScreen(self.path))
        self.start_load("open")
        for warning in self.config.warnings:
            self.say(warning, "warning")
        if self.notice:
            self.say(self.notice)

    def start_load(self, purpose: str) -> None:
        self.run_worker(
            lambda: self._load(purpose),
            thread=True,
            group="load",
            exclusive=True,
            name=f"load-{purpose}",
        )

    def _load(self, purpose: str) -> None:
        """Thread worker: read and validate; posts Progress, then Loaded or LoadFailed."""
        from antq_tui.workbook.reader import load

        worker = get_current_worker()
        try:
            self.post_message(msg.Progress(f"Đang đọc {self.path.name}…", 0.1))
            loaded = load(self.path)
            if worker.is_cancelled:
                return
            count = sum(len(loaded.workbook.records(s.key)) for s in schema.DATA_SHEETS)
            self.post_message(msg.Progress(f"Đang kiểm tra {format_int(count)} bản ghi…", 0.75))
            report = validate(loaded.workbook, self.today)
            self.post_message(msg.Progress("Đang hiển thị…", 0.95))
            self.post_message(msg.Loaded(loaded, report, purpose))
        except AntqError as exc:
            self.post_message(msg.LoadFailed(exc.message, purpose))
        except MemoryError:
            self.post_message(msg.LoadFailed("Không đủ bộ nhớ để đọc sổ này.", purpose))
        except OSError as exc:
            self.post_message(
                msg.LoadFailed(f"Không đọc được {self.path}: {os_reason(exc)}.", purpose)
            )

    def on_progress(self, message: msg.Progress) -> None:
        from antq_tui.tui.screens.loading import LoadingScreen

        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(message.text, message.fraction)
        else:
            self.busy = message.text
            self.refresh_status()

    def on_load_failed(self, message: msg.LoadFailed) -> None:
        self.busy = ""
        if message.purpose == "open":
            self.exit(return_code=2, message=message.message)
            return
        self.handling_disk_change = False
        self.say(message.message, "error")

    def on_loaded(self, message: msg.Loaded) -> None:
        self.busy = ""
        if message.purpose == "open":
            self._opened(message.loaded, message.report)
        elif message.purpose == "merge":
            self._merge(message.loaded, message.report)
        elif message.purpose == "reload":
            self._reload(message.loaded, message.report)
        elif message.purpose == "disk":
            self._disk_changed(message.loaded, message.report)

    def _opened(self, loaded: LoadedWorkbook, report: Report) -> None:
        from antq_tui.tui.screens.main import MainScreen
        from antq_tui.workbook.office_locks import office_lock_holder
        from antq_tui.workbook.own_lock import WriterLock

        self.lock = WriterLock(self.path)
        try:
            acquired = self.lock.try_acquire()
        except AntqError as exc:
            acquired = False
            self.read_only, self.read_only_kind = exc.message, "error"
        if not acquired and self.read_only is None:
            self.read_only_kind = "antq"
            holder = self.lock.holder() or "một phiên antq khác"
            self.read_only = (
                f"Sổ đang được {holder} mở để sửa; bạn chỉ xem được. "
                "Mở lại khi phiên đó đã đóng để sửa."
            )
        self.office_holder = office_lock_holder(self.path)
        if self.office_holder and self.read_only is None:
            self.read_only_kind = "office"
            self.read_only = (
                f"Sổ đang được mở trong {self.office_holder}; bạn chỉ xem được. "
                "Đóng sổ ở đó để sửa (chương trình tự nhận ra)."
            )
        # Saving writes a new file beside the old one: the folder must be writable too.
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        if not writable and self.read_only is None:
            self.read_only_kind = "permission"
            self.read_only = (
                f"Bạn không có quyền ghi sổ này hoặc thư mục {self.path.parent}; chỉ xem được."
            )
        self.session = EditSession(loaded, None if self.read_only else self._journal())
        self.set_report(report, self.session.version)
        self.switch_screen(MainScreen())
        self.set_interval(self.poll_seconds, self.poll_disk, name="poll")
        if self.read_only:
            self.say(self.read_only, "warning")
        else:
            self.offer_recovery()

    def _journal(self) -> Journal:
        return Journal.for_workbook(self.path)

    @property
    def main(self) -> Any:
        from antq_tui.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        self.request_quit()

    def action_help_quit(self) -> None:
        """ctrl+c (a reflex): say how to quit, in Vietnamese."""
        keys = key_label(self.keys.get("quit", "q"))
        self.say(
            f"Bấm {keys} (hoặc ctrl+q) để thoát; chương trình sẽ hỏi nếu còn thay đổi chưa ghi."
        )

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not any(
            isinstance(screen, CommandPalette) for screen in self.screen_stack
        ):
            self.push_screen(
                CommandPalette(
                    placeholder="Tìm lệnh (gõ không dấu cũng được)…", id="--command-palette"
                )
            )

    def request_quit(self) -> None:
        session = self.session
        if session is None or not (session.dirty or session.drafts):
            self.exit(0)
            return
        from antq_tui.tui.screens.dialogs import ChoiceDialog

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.save(then_quit=True)
            elif answer == "quit":
                self.exit(0)

        pending = f"{format_int(session.pending)} thay đổi chưa ghi"
        if session.drafts:
            pending += f" và {format_int(len(session.drafts))} bản nháp"
        choices = [("quit", "t", "Thoát"), ("stay", "o", "Ở lại")]
        if session.dirty and not self.read_only:
            choices.insert(0, ("save", "g", "Ghi rồi thoát"))
        self.push_screen(
            ChoiceDialog(
                "Còn thay đổi chưa ghi",
                f"Còn {pending}. Nếu thoát, chúng vẫn được giữ trong tệp khôi phục và "
                "lần mở sau sẽ được hỏi có khôi phục không.",
                choices,
                escape="stay",
                default=choices[0][0],
            ),
            answered,
        )

    def on_unmount(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        if self.session is not None and self.session.journal is not None:
            self.session.journal.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def steady_cursors(self, screen: Screen[Any]) -> None:
        """Stop text cursors blinking on ``screen`` when the app was asked to."""
        if not self.blink:
            for widget in screen.query("Input, TextArea"):
                widget.cursor_blink = False  # type: ignore[attr-defined]

    def _fatal_error(self) -> None:
        """An unexpected error: no traceback for the operator, one sentence and the log.

        Nothing is lost: every change is already in the journal, offered at the next start.
        """
        if os.environ.get("ANTQ_DEBUG"):
            super()._fatal_error()
            return
        import sys

        from antq_tui.files.error_log import log_unexpected

        error = sys.exc_info()[1] or self._exception
        where = log_unexpected(error)
        name = type(error).__name__ if error is not None else "?"
        text = (
            f"Lỗi không mong muốn ({name}); chương trình đã dừng. Các thay đổi chưa ghi vẫn "
            "nằm trong tệp khôi phục: mở lại sổ để khôi phục."
        )
        if where is not None:
            text += f" Chi tiết đã ghi vào {where}."
        self.bell()
        self._exit_renderables.append(text)
        self._close_messages_no_wait()

    # ------------------------------------------------------------ messages
    def say(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Tell the operator (a toast), and keep the line for the tests and the log."""
        self.log_lines.append(text)
        self.notify(
            text, severity=severity, timeout=timeout or (8 if severity != "information" else 4)
        )

    # ------------------------------------------------------------ changes
    def guard_edit(self) -> bool:
        """True when editing is allowed now; says why not otherwise."""
        if self.session is None:
            return False
        if self.read_only:
            self.say(self.read_only, "warning")
            return False
        if self.busy:
            self.say(f"Đợi một chút: {self.busy}", "warning")
            return False
        return True

    def perform(self, action: Callable[[EditSession], Any]) -> Any:
        """Run one change on the session; a journal failure cancels it and says so."""
        assert self.session is not None
        try:
            result = action(self.session)
        except JournalError as exc:
            self.say(exc.message, "error")
            return None
        self.changed()
        return result

    def keep_draft(self, draft: Draft) -> None:
        if self.session is None or self.read_only:
            return
        try:
            self.session.set_draft(draft)
        except JournalError as exc:
            self.say(exc.message, "error")
        self.refresh_status()

    def drop_draft(self, sheet: str, row: int) -> None:
        if self.session is None or self.read_only:
            return
        try:
            self.session.drop_draft(sheet, row)
        except JournalError as exc:
            self.say(exc.message, "error")
        self.changed()

    def changed(self) -> None:
        """The session changed: redraw and re-validate."""
        main = self.main
        if main is not None:
            main.reload_rows()
        self.refresh_status()
        self.schedule_validation()

    def undo(self) -> None:
        if not self.guard_edit():
            return
        assert self.session is not None
        change = self.perform(lambda s: s.undo())
        if change is None:
            if not self.session.undo_stack:
                self.say("Không còn gì để hoàn tác.")
            return
        what = "thêm" if change.before is None else "xóa" if change.after is None else "sửa"
        self.say(f"Đã hoàn tác việc {what} bản ghi ({change.sheet}, hàng {change.row}).")
        main = self.main
        if main is not None:
            main.go_to(change.sheet, change.row, _changed_list(change))

    # ------------------------------------------------------------ validation
    def schedule_validation(self) -> None:
        session = self.session
        if session is None:
            return
        workbook = session.current_workbook()
        version = session.version
        today = self.today
        self.run_worker(
            lambda: self.post_message(msg.Validated(validate(workbook, today), version)),
            thread=True,
            group="validate",
            exclusive=True,
            name="validate",
        )

    def on_validated(self, message: msg.Validated) -> None:
        if self.session is not None and message.version == self.session.version:
            self.set_report(message.report, message.version)
            main = self.main
            if main is not None:
                main.refresh_marks()
            self.refresh_status()

    def set_report(self, report: Report, version: int) -> None:
        self.report = report
        self.report_version = version
        cells: dict[tuple[str, int, str], Finding] = {}
        rows: dict[tuple[str, int], list[Finding]] = {}
        for finding in report.findings:
            if finding.row is None:
                continue
            rows.setdefault((finding.sheet, finding.row), []).append(finding)
            if finding.field:
                key = (finding.sheet, finding.row, finding.field)
                known = cells.get(key)
                if known is None or (
                    known.severity is Severity.WARNING and finding.severity is Severity.ERROR
                ):
                    cells[key] = finding
        self.cell_findings = cells
        self.row_findings = rows

    # ------------------------------------------------------------ status
    def refresh_status(self) -> None:
        main = self.main
        if main is not None:
            main.refresh_status()

    # ------------------------------------------------------------ command palette
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        main = self.main
        if main is None:
            yield from super().get_system_commands(screen)
            return
        for command in COMMANDS:
            keys = self.keys.get(command.id, command.keys)
            title = f"{command.title} ({key_label(keys)})"
            yield SystemCommand(title, command.help, _runner(main, command.id))
        yield SystemCommand("Đổi giao diện màu", "Chọn bảng màu khác", self.action_change_theme)


def _runner(main: Any, command_id: str) -> Callable[[], Any]:
    def run() -> Any:
        return getattr(main, f"action_{command_id}")()

    return run


def _changed_list(change: Any) -> str | None:
    """On Danh mục, the list whose cells a change touched (a row holds several lists)."""
    if change.sheet != schema.CATALOG_SHEET:
        return None
    before, after = change.before or {}, change.after or {}
    for spec in schema.CATALOG_LISTS:
        if any(not same_value(before.get(n), after.get(n)) for n in spec.field_names()):
            return spec.name
    return None
