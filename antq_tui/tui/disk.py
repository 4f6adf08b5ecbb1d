"""Saving, and the workbook changing on disk: conflicts, reload or merge, Office locks.

Saves go through the surgical writer in a thread worker. A file changed on disk
is noticed by polling its size and mtime (and at the latest by the writer when
saving); the operator then chooses: merge (re-apply the pending edits onto the
new file) or reload (take the disk's version; the old journal is kept aside).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.notifications import SeverityLevel

from antq_tui.config.user_config import Config
from antq_tui.editing.journal import Journal, JournalError, set_aside
from antq_tui.editing.rebase import carry_drafts, rebase_session
from antq_tui.editing.session import EditSession
from antq_tui.model.errors import AntqError
from antq_tui.model.text import format_int
from antq_tui.tui import messages as msg
from antq_tui.validate.findings import Report
from antq_tui.workbook.reader import LoadedWorkbook


class DiskMixin(App[int]):
    """Part of AntqApp (app.py). What it uses from the rest of the app is declared here."""

    path: Path
    config: Config
    session: EditSession | None
    busy: str
    user: str | None
    read_only: str | None
    read_only_kind: str | None
    office_holder: str | None
    handling_disk_change: bool
    lock: Any
    _quit_after_save: bool = False

    if TYPE_CHECKING:

        def say(
            self, text: str, severity: SeverityLevel = ..., timeout: float | None = ...
        ) -> None: ...

        def guard_edit(self) -> bool: ...

        def refresh_status(self) -> None: ...

        def changed(self) -> None: ...

        def set_report(self, report: Report, version: int) -> None: ...

        def start_load(self, purpose: str) -> None: ...

        def offer_recovery(self) -> None: ...

        def show_conflicts(self, conflicts: Any) -> None: ...

        def _journal(self) -> Journal: ...

    def save(self, then_quit: bool = False) -> None:
        if not self.guard_edit():
            return
        session = self.session
        assert session is not None
        if not session.dirty:
            self.say("Không có thay đổi nào cần ghi.")
            if then_quit:
                self.exit(0)
            return
        edits = session.writer_edits()
        loaded = session.loaded
        journal = session.journal
        user = self.user
        keep_backups = self.config.backups
        self.busy = "Đang ghi sổ…"
        self.refresh_status()

        def work() -> None:
            from antq_tui.workbook.writer import save

            try:
                result = save(
                    loaded,
                    edits,
                    command="antq tui",
                    user=user,
                    keep_backups=keep_backups,
                    before_replace=journal.record_save if journal is not None else None,
                )
            except Exception as exc:  # shown to the operator as one sentence
                self.post_message(msg.SaveError(exc))
                return
            self.post_message(msg.Saved(result, len(edits)))

        self._quit_after_save = then_quit
        self.run_worker(work, thread=True, group="save", exclusive=True, name="save")

    def on_saved(self, message: msg.Saved) -> None:
        self.busy = ""
        old = self.session
        assert old is not None
        count = old.pending
        journal = old.journal
        session = carry_drafts(old, message.result.loaded, journal)
        self.session = session
        try:
            if journal is not None:
                if session.drafts:
                    session.start_journal()
                else:
                    journal.remove()
        except JournalError as exc:
            self.say(exc.message, "error")
        backup = message.result.backup
        text = f"Đã ghi {format_int(count)} thay đổi vào sổ {self.path.name}."
        if backup is not None:
            text += f" Bản sao lưu: {backup.parent.name}/{backup.name}."
        self.say(text)
        self.changed()
        if getattr(self, "_quit_after_save", False):
            self.exit(0)

    def on_save_error(self, message: msg.SaveError) -> None:
        from antq_tui.model.errors import WorkbookChanged, WorkbookLocked

        self.busy = ""
        self._quit_after_save = False
        self.refresh_status()
        error = message.error
        if isinstance(error, WorkbookChanged):
            self.ask_conflict(
                "Sổ đã bị sửa ở nơi khác (Excel, LibreOffice hoặc người khác) từ lúc mở, "
                "nên chưa ghi để không làm mất việc của họ."
            )
        elif isinstance(error, WorkbookLocked | AntqError):
            self.say(error.message, "error")
        else:
            self.say(
                f"Không ghi được sổ (lỗi {type(error).__name__}); sổ gốc vẫn nguyên vẹn. "
                "Các thay đổi vẫn được giữ.",
                "error",
            )

    # ------------------------------------------------------------ the file changed on disk
    def poll_disk(self) -> None:
        from antq_tui.workbook.office_locks import office_lock_holder

        session = self.session
        if session is None or self.busy or self.handling_disk_change:
            return
        holder = office_lock_holder(self.path)
        if holder != self.office_holder:
            self.office_holder = holder
            self.office_lock_changed()
        try:
            stat = self.path.stat()
        except OSError:
            return
        source = session.loaded.source
        if (stat.st_size, stat.st_mtime_ns) != (source.size, source.mtime_ns):
            self.handling_disk_change = True
            self.busy = "Sổ vừa thay đổi trên đĩa, đang đọc lại…"
            self.refresh_status()
            self.start_load("disk")

    def office_lock_changed(self) -> None:
        if self.office_holder:
            if self.read_only is None:
                self.say(
                    f"Sổ vừa được mở trong {self.office_holder}. Nên đóng ở đó trước khi ghi "
                    "từ đây, nếu không lần ghi sẽ bị từ chối.",
                    "warning",
                )
        elif self.read_only_kind == "office" and self.lock is not None and self.lock.try_acquire():
            self.read_only = self.read_only_kind = None
            if self.session is not None and self.session.journal is None:
                self.session.journal = self._journal()
            self.say("Sổ đã được đóng trong Excel/LibreOffice; giờ bạn sửa được.")
            self.offer_recovery()
        self.refresh_status()

    def _disk_changed(self, loaded: LoadedWorkbook, report: Report) -> None:
        session = self.session
        assert session is not None
        if not session.dirty and not session.drafts:
            self._adopt(EditSession(loaded, session.journal), report)
            self.handling_disk_change = False
            self.say("Sổ vừa được sửa ở nơi khác; đã tải lại bản mới.")
            return
        self._pending_disk = (loaded, report)
        self.ask_conflict(
            "Sổ vừa được sửa ở nơi khác trong khi bạn còn thay đổi chưa ghi.",
            loaded=(loaded, report),
        )

    def ask_conflict(
        self, reason: str, loaded: tuple[LoadedWorkbook, Report] | None = None
    ) -> None:
        from antq_tui.tui.screens.dialogs import ChoiceDialog

        session = self.session
        assert session is not None

        def answered(answer: str | None) -> None:
            if answer == "merge":
                if loaded is not None:
                    self._merge(*loaded)
                else:
                    self.busy = "Đang đọc lại sổ để gộp…"
                    self.start_load("merge")
            elif answer == "reload":
                if loaded is not None:
                    self._reload(*loaded)
                else:
                    self.busy = "Đang đọc lại sổ…"
                    self.start_load("reload")
            else:
                self.handling_disk_change = False
                self.say(
                    "Chưa gộp; các thay đổi của bạn vẫn được giữ. Bấm ctrl+s để thử lại.", "warning"
                )
            self.refresh_status()

        self.push_screen(
            ChoiceDialog(
                "Sổ đã thay đổi trên đĩa",
                reason
                + f"\n\nGộp: áp lại {format_int(session.pending)} thay đổi của bạn lên bản mới "
                "(những chỗ cả hai cùng sửa sẽ được liệt kê).\n"
                "Tải lại: lấy bản trên đĩa, bỏ các thay đổi của bạn (cất riêng tệp khôi phục).",
                [("merge", "g", "Gộp"), ("reload", "t", "Tải lại"), ("later", "s", "Để sau")],
                escape="later",
            ),
            answered,
        )

    def _adopt(self, session: EditSession, report: Report) -> None:
        self.session = session
        self.set_report(report, session.version)
        self.changed()

    def _merge(self, loaded: LoadedWorkbook, report: Report) -> None:
        old = self.session
        assert old is not None
        session, conflicts = rebase_session(old, loaded, old.journal)
        try:
            session.start_journal()
        except JournalError as exc:
            self.say(exc.message, "error")
        self._adopt(session, report)
        self.handling_disk_change = False
        self.say(
            f"Đã gộp {format_int(session.pending)} thay đổi của bạn vào bản mới trên đĩa. "
            "Bấm ctrl+s để ghi."
        )
        if conflicts:
            self.show_conflicts(conflicts)

    def _reload(self, loaded: LoadedWorkbook, report: Report) -> None:
        old = self.session
        assert old is not None
        journal = old.journal
        kept = None
        if journal is not None:
            journal.close()
            if journal.path.exists():
                kept = set_aside(journal.path)
        self._adopt(EditSession(loaded, journal), report)
        self.handling_disk_change = False
        text = "Đã tải lại sổ từ đĩa."
        if kept is not None:
            text += f" Các thay đổi cũ được cất trong {kept}."
        self.say(text)
