"""Saving, and the workbook changing on disk: conflicts, reload or merge, Office locks.

Saves go through the surgical writer in a thread worker. A file changed on disk is
noticed by a worker that looks at its size and mtime (and at Office's owner files)
every few seconds and posts what it saw; the writer checks again when saving. The
operator then chooses: merge (re-apply the pending edits onto the new file) or reload
(take the disk's version; the old journal is kept aside).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from antq_tui.editing.journal import Journal, JournalError, set_aside
from antq_tui.editing.rebase import carry_drafts, rebase_session
from antq_tui.editing.session import EditSession
from antq_tui.model.errors import AntqError, WorkbookChanged, WorkbookLocked
from antq_tui.model.text import format_int
from antq_tui.tui import messages as msg
from antq_tui.tui.access import BY_OFFICE, Access, look_for_recovery, stale_office_lock_advice
from antq_tui.tui.recovery import RecoveryMixin
from antq_tui.tui.screens import dialogs
from antq_tui.validate.findings import Report
from antq_tui.workbook.guards.office_locks import office_lock_holder
from antq_tui.workbook.reader import LoadedWorkbook
from antq_tui.workbook.safety import CheckedFile

if TYPE_CHECKING:
    from antq_tui.workbook.write.writer import Edit


class DiskMixin(RecoveryMixin):
    """Part of AntqApp (app.py)."""

    _quit_after_save: bool = False

    # ------------------------------------------------------------ saving
    def save(self, then_quit: bool = False) -> None:
        if not self.guard_edit():
            return
        session = self.live_session
        if not session.dirty:
            self.say("Không có thay đổi nào cần ghi.")
            if then_quit:
                self.exit(0)
            return
        self.busy = "Đang ghi sổ…"
        self._quit_after_save = then_quit
        self._write(session.loaded, session.writer_edits(), session.journal)

    @work(thread=True, group="save", exclusive=True, name="save", description="save")
    def _write(self, loaded: LoadedWorkbook, edits: list[Edit], journal: Journal | None) -> None:
        from antq_tui.workbook.write.writer import save

        try:
            result = save(
                loaded,
                edits,
                command="antq tui",
                user=self.user,
                keep_backups=self.config.backups,
                # Known at the next start as our own save if we die right after the rename.
                before_replace=journal.record_save if journal is not None else None,
            )
        except Exception as exc:  # shown to the operator as one sentence
            self.post_message(msg.SaveError(exc))
            return
        self.post_message(msg.Saved(result, len(edits)))

    def on_saved(self, message: msg.Saved) -> None:
        old = self.live_session
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
        self.busy = ""
        backup = message.result.backup
        text = f"Đã ghi {format_int(count)} thay đổi vào sổ {self.path.name}."
        if backup is not None:
            text += f" Bản sao lưu: {backup.parent.name}/{backup.name}."
        self.say(text)
        self.changed()
        if self._quit_after_save:
            self.exit(0)

    def on_save_error(self, message: msg.SaveError) -> None:
        self.busy = ""
        self._quit_after_save = False
        error = message.error
        if isinstance(error, WorkbookChanged):
            self.ask_conflict(
                "Sổ đã bị sửa ở nơi khác (Excel, LibreOffice hoặc người khác) từ lúc mở, "
                "nên chưa ghi để không làm mất việc của họ."
            )
        elif isinstance(error, WorkbookLocked):
            self.say(self.locked_message(error), "error")
        elif isinstance(error, AntqError):
            self.say(error.message, "error")
        else:
            self.say(
                f"Không ghi được sổ (lỗi {type(error).__name__}); sổ gốc vẫn nguyên vẹn. "
                "Các thay đổi vẫn được giữ.",
                "error",
            )

    def locked_message(self, error: WorkbookLocked) -> str:
        """The writer's refusal, in the TUI's words (the CLI's says --force)."""
        holder = error.holder
        if not holder.endswith(("(Excel)", "(LibreOffice)")):  # another antq: its own words
            return error.message
        return (
            f"Sổ đang được mở trong {holder} nên chưa ghi; các thay đổi của bạn vẫn được "
            f"giữ. Đóng sổ ở đó rồi bấm ctrl+s để ghi. {stale_office_lock_advice(self.path)}"
        )

    # ------------------------------------------------------------ the file changed on disk
    def poll_disk(self) -> None:
        """On the timer: look at the file in a worker (never on the event loop)."""
        session = self.session
        if session is None or self.busy or self.handling_disk_change:
            return
        self._look_at_disk(session.loaded.source)

    @work(thread=True, group="poll", exclusive=True, name="poll", description="poll the file")
    def _look_at_disk(self, source: CheckedFile) -> None:
        holder = office_lock_holder(self.path)
        try:
            stat = self.path.stat()
        except OSError:
            self.post_message(msg.DiskPolled(source, holder, None, None))
            return
        self.post_message(msg.DiskPolled(source, holder, stat.st_size, stat.st_mtime_ns))

    def on_disk_polled(self, message: msg.DiskPolled) -> None:
        session = self.session
        if session is None or session.loaded.source is not message.source:
            return  # saved or reloaded since: the next look will tell
        if message.holder != self.office_holder:
            self.office_holder = message.holder
            self.office_lock_changed()
        if self.busy or self.handling_disk_change or message.size is None:
            return
        source = message.source
        if (message.size, message.mtime_ns) != (source.size, source.mtime_ns):
            self.handling_disk_change = True
            self.busy = "Sổ vừa thay đổi trên đĩa, đang đọc lại…"
            self.start_load("disk")

    def office_lock_changed(self) -> None:
        if self.office_holder:
            if self.read_only is None:
                self.say(
                    f"Sổ vừa được mở trong {self.office_holder}. Nên đóng ở đó trước khi ghi "
                    "từ đây, nếu không lần ghi sẽ bị từ chối.",
                    "warning",
                )
        elif self.read_only_kind == BY_OFFICE and self.lock is not None:
            self.read_only = self.read_only_kind = None
            session = self.live_session
            if session.journal is None:
                session.journal = self.new_journal()
            self.say("Sổ đã được đóng trong Excel/LibreOffice; giờ bạn sửa được.")
            self._look_for_recovery()

    @work(thread=True, group="recovery", name="recovery", description="look for a journal")
    def _look_for_recovery(self) -> None:
        access = Access(None)
        look_for_recovery(self.path, access)
        if access.recovery is not None:
            self.post_message(msg.RecoveryFound(access.recovery))
        elif access.recovery_error:
            self.post_message(msg.JournalTrouble(access.recovery_error))

    def on_recovery_found(self, message: msg.RecoveryFound) -> None:
        self.offer_recovery(message.content)

    def _disk_changed(self, loaded: LoadedWorkbook, report: Report) -> None:
        session = self.live_session
        if not session.dirty and not session.drafts:
            self._adopt(EditSession(loaded, session.journal), report)
            self.handling_disk_change = False
            self.say("Sổ vừa được sửa ở nơi khác; đã tải lại bản mới.")
            return
        self.ask_conflict(
            "Sổ vừa được sửa ở nơi khác trong khi bạn còn thay đổi chưa ghi.",
            loaded=(loaded, report),
        )

    def ask_conflict(
        self, reason: str, loaded: tuple[LoadedWorkbook, Report] | None = None
    ) -> None:
        session = self.live_session

        def answered(answer: str | None) -> None:
            if answer == dialogs.KEEP:
                if loaded is not None:
                    self._merge(*loaded)
                else:
                    self.busy = "Đang đọc lại sổ để gộp…"
                    self.start_load("merge")
            elif answer == dialogs.SET_ASIDE:
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

        self.push_screen(
            dialogs.ChoiceDialog(
                "Sổ đã thay đổi trên đĩa",
                reason
                + f"\n\nGộp: áp lại {format_int(session.pending)} thay đổi của bạn lên bản mới "
                "(những chỗ cả hai cùng sửa sẽ được liệt kê).\n"
                "Tải lại: lấy bản trên đĩa, bỏ các thay đổi của bạn (cất riêng tệp khôi phục).",
                [
                    (dialogs.KEEP, "Gộp"),
                    (dialogs.SET_ASIDE, "Tải lại, bỏ của tôi"),
                    (dialogs.CONTINUE, "Để sau"),
                ],
                escape=dialogs.CONTINUE,
            ),
            answered,
        )

    def _adopt(self, session: EditSession, report: Report) -> None:
        self.session = session
        self.set_report(report, session.version)
        self.changed()

    def _merge(self, loaded: LoadedWorkbook, report: Report) -> None:
        old = self.live_session
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
        old = self.live_session
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
