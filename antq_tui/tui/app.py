"""The TUI application: opening, quitting, undo, the command palette, unexpected errors.

The app is the controller (``controller.Controller``); screens show and ask. Everything
slow (reading, validating, saving, the journal's fsync, watching the file on disk,
building the report) runs in thread workers that only post messages back
(``messages.py``). Every change goes through the edit session, which writes it to the
recovery journal before applying it. Saving and the file changing on disk are in
``disk.py``, the recovery of an earlier session in ``recovery.py``, the state they
share in ``base.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.command import Provider
from textual.screen import Screen

from antq_tui.config.keymap import COMMANDS, key_label
from antq_tui.editing.session import Change
from antq_tui.editing.values import same_value
from antq_tui.model import schema
from antq_tui.tui import messages as msg
from antq_tui.tui.access import Access
from antq_tui.tui.commands import AntqCommands
from antq_tui.tui.disk import DiskMixin
from antq_tui.tui.screens import dialogs
from antq_tui.validate.findings import Report
from antq_tui.workbook.reader import LoadedWorkbook


class AntqApp(DiskMixin):
    CSS_PATH = "app.tcss"
    TITLE = "antq"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {AntqCommands}

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

    def on_progress(self, message: msg.Progress) -> None:
        from antq_tui.tui.screens.loading import LoadingScreen

        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(message.text, message.fraction)
        else:
            self.busy = message.text

    def on_load_failed(self, message: msg.LoadFailed) -> None:
        self.busy = ""
        if message.purpose == "open":
            self.exit(return_code=2, message=message.message)
            return
        self.handling_disk_change = False
        self.say(message.message, "error")

    def on_loaded(self, message: msg.Loaded) -> None:
        self.busy = ""
        if message.purpose == "open" and message.access is not None:
            self._opened(message.loaded, message.report, message.access)
        elif message.purpose == "merge":
            self._merge(message.loaded, message.report)
        elif message.purpose == "reload":
            self._reload(message.loaded, message.report)
        elif message.purpose == "disk":
            self._disk_changed(message.loaded, message.report)

    def _opened(self, loaded: LoadedWorkbook, report: Report, access: Access) -> None:
        from antq_tui.editing.session import EditSession
        from antq_tui.tui.screens.main import MainScreen

        self.lock = access.lock
        self.read_only, self.read_only_kind = access.read_only, access.kind
        self.office_holder = access.office_holder
        self.session = EditSession(loaded, None if self.read_only else self.new_journal())
        self.set_report(report, self.live_session.version)
        self.switch_screen(MainScreen(self))
        self.set_interval(self.poll_seconds, self.poll_disk, name="poll")
        if self.read_only:
            self.say(" ".join(filter(None, [self.read_only, access.advice])), "warning")
        elif access.recovery_error:
            self.say(access.recovery_error, "error")
        elif access.recovery is not None:
            self.offer_recovery(access.recovery)

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

        def answered(answer: str | None) -> None:
            if answer == dialogs.KEEP:
                self.save(then_quit=True)
            elif answer == dialogs.QUIT:
                self.exit(0)

        choices = [(dialogs.QUIT, "Thoát"), (dialogs.CONTINUE, "Sửa tiếp")]
        if session.dirty and not self.read_only:
            choices.insert(0, (dialogs.KEEP, "Ghi rồi thoát"))
        what = "thay đổi" if session.dirty else "bản nháp"
        self.push_screen(
            dialogs.ChoiceDialog(
                f"Còn {what} chưa ghi",
                f"Còn {self.pending.phrase()}. Nếu thoát, những gì chưa ghi vẫn được giữ "
                "trong tệp khôi phục và lần mở sau sẽ được hỏi có khôi phục không.",
                choices,
                escape=dialogs.CONTINUE,
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

    # Textual has no public hook for an unhandled exception: this override is why
    # pyproject pins Textual to one minor version (a test checks it is the only one).
    def _fatal_error(self) -> None:
        """An unexpected error: no traceback for the operator, one sentence and the log."""
        if os.environ.get("ANTQ_DEBUG"):
            super()._fatal_error()
            return
        from antq_tui.files.error_log import log_unexpected

        error = sys.exc_info()[1]
        where = log_unexpected(error)
        name = type(error).__name__ if error is not None else "?"
        text = f"Lỗi không mong muốn ({name}); chương trình đã dừng."
        journal = self.session.journal if self.session is not None else None
        if journal is not None and journal.exists:
            text += " Các thay đổi chưa ghi vẫn nằm trong tệp khôi phục: mở lại sổ để khôi phục."
        if where is not None:
            text += f" Chi tiết đã ghi vào {where}."
        self.bell()
        self.panic(text)

    # ------------------------------------------------------------ undo
    def undo(self) -> None:
        if not self.guard_edit():
            return
        session = self.live_session
        change = self.perform(lambda s: s.undo())
        if change is None:
            if not session.undo_stack:
                self.say("Không còn gì để hoàn tác.")
            return
        what = "thêm" if change.before is None else "xóa" if change.after is None else "sửa"
        self.say(f"Đã hoàn tác việc {what} bản ghi ({change.sheet}, hàng {change.row}).")
        main = self.main
        if main is not None:
            main.go_to(change.sheet, change.row, _changed_list(change))

    # ------------------------------------------------------------ command palette
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        main = self.main
        if main is None:
            yield from super().get_system_commands(screen)
            return
        for command in COMMANDS:
            keys = self.keys.get(command.id, command.keys)
            title = f"{command.title} ({key_label(keys)})"
            yield SystemCommand(title, command.help, main.command_runner(command.id))
        yield SystemCommand("Đổi giao diện màu", "Chọn bảng màu khác", self.action_change_theme)


def _changed_list(change: Change) -> str | None:
    """On Danh mục, the list whose cells a change touched (a row holds several lists)."""
    if change.sheet != schema.CATALOG_SHEET:
        return None
    before, after = change.before or {}, change.after or {}
    for spec in schema.CATALOG_LISTS:
        if any(not same_value(before.get(n), after.get(n)) for n in spec.field_names()):
            return spec.name
    return None
