"""The app's state and the operations every part of it uses (app.py, disk.py, recovery.py).

The facts the operator watches (what is pending, the validator's counts, a job under
way, why the workbook is read-only, who has it open in Excel) are reactive
attributes: the status line, the banner and the validation panel follow them, so a
change is made in one place and shown everywhere. Disk work (reading, validating,
the journal's fsync) runs in thread workers that only post messages.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import get_current_worker

from antq_tui.config.user_config import Config, effective_keys
from antq_tui.editing.drafts import Draft
from antq_tui.editing.journal import Journal, JournalError
from antq_tui.editing.session import EditSession
from antq_tui.model import schema
from antq_tui.model.errors import AntqError, os_reason
from antq_tui.model.records import Workbook
from antq_tui.model.text import format_int
from antq_tui.tui import messages as msg
from antq_tui.tui.access import Access, open_access
from antq_tui.tui.controller import CellFindings, RowFindings
from antq_tui.tui.key_order import KeyOrder
from antq_tui.tui.state import Checked, Pending
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Report, Severity
from antq_tui.workbook.guards.own_lock import WriterLock

if TYPE_CHECKING:
    from antq_tui.tui.screens.main import MainScreen

T = TypeVar("T")

POLL_SECONDS = 3.0


def refused_change(error: JournalError) -> str:
    """A change the journal could not take: it was not made (what came before stays)."""
    cause = error.__cause__
    if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            "Ổ đĩa đã đầy: thay đổi này chưa được thực hiện (không ghi được tệp khôi phục). "
            "Giải phóng chỗ trống rồi làm lại; các thay đổi trước đó vẫn còn."
        )
    return f"Thay đổi này chưa được thực hiện. {error.message}"


class AppBase(KeyOrder):
    busy: reactive[str] = reactive("")  # a job under way, said in the status line
    read_only: reactive[str | None] = reactive(None)  # why the workbook cannot be saved
    office_holder: reactive[str | None] = reactive(None)  # who has it open in Excel
    pending: reactive[Pending] = reactive(Pending())
    checked: reactive[Checked | None] = reactive(None)  # None: being validated

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
        self.keys = effective_keys(self.config)
        self.report: Report | None = None
        self.report_version = -1
        self.cell_findings: CellFindings = {}
        self.row_findings: RowFindings = {}
        self.lock: WriterLock | None = None
        self.read_only_kind: str | None = None  # access.BY_ANTQ, BY_OFFICE, …
        self.handling_disk_change = False
        self.log_lines: list[str] = []  # every message shown, for tests and the help screen
        self.animation_level = "none"
        self._edit_session: EditSession | None = None

    # ------------------------------------------------------------ the session
    @property
    def session(self) -> EditSession | None:
        return self._edit_session

    @session.setter
    def session(self, session: EditSession | None) -> None:
        self._edit_session = session
        self.count_pending()

    @property
    def live_session(self) -> EditSession:
        """The session of the open workbook (screens exist only once it is open)."""
        session = self._edit_session
        if session is None:
            raise RuntimeError("no workbook is open")
        return session

    def count_pending(self) -> None:
        session = self._edit_session
        self.pending = (
            Pending(session.pending, len(session.drafts)) if session is not None else Pending()
        )

    def new_journal(self) -> Journal:
        return Journal.for_workbook(self.path, deferred_sync=True)

    @property
    def main(self) -> MainScreen | None:
        from antq_tui.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # ------------------------------------------------------------ telling the operator
    def say(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Tell the operator (a toast), and keep the line for the tests and the log."""
        self.log_lines.append(text)
        self.notify(
            text, severity=severity, timeout=timeout or (8 if severity != "information" else 4)
        )

    def steady_cursors(self, screen: Screen[Any]) -> None:
        """Stop text cursors blinking on ``screen`` when the app was asked to."""
        if not self.blink:
            for line in screen.query(Input):
                line.cursor_blink = False
            for area in screen.query(TextArea):
                area.cursor_blink = False

    # ------------------------------------------------------------ reading
    def start_load(self, purpose: str) -> None:
        self.run_worker(
            partial(self._read_workbook, purpose),
            thread=True,
            group="load",
            exclusive=True,
            name=f"load-{purpose}",
            description=f"read {self.path.name} ({purpose})",
        )

    def _read_workbook(self, purpose: str) -> None:
        """Thread worker: read and validate (and, when opening, decide what the session may
        do); posts Progress, then Loaded or LoadFailed."""
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
            access: Access | None = None
            if purpose == "open":
                access = open_access(self.path)
                if worker.is_cancelled:
                    if access.lock is not None:
                        access.lock.release()
                    return
            self.post_message(msg.Progress("Đang hiển thị…", 0.95))
            self.post_message(msg.Loaded(loaded, report, purpose, access))
        except AntqError as exc:
            self.post_message(msg.LoadFailed(exc.message, purpose))
        except MemoryError:
            self.post_message(msg.LoadFailed("Không đủ bộ nhớ để đọc sổ này.", purpose))
        except OSError as exc:
            self.post_message(
                msg.LoadFailed(f"Không đọc được {self.path}: {os_reason(exc)}.", purpose)
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

    def perform(self, action: Callable[[EditSession], T]) -> T | None:
        """Run one change on the session; a journal failure cancels it and says so."""
        try:
            result = action(self.live_session)
        except JournalError as exc:
            self.say(refused_change(exc), "error")
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
        self.count_pending()
        self.sync_journal()

    def drop_draft(self, sheet: str, row: int) -> None:
        if self.session is None or self.read_only:
            return
        try:
            self.session.drop_draft(sheet, row)
        except JournalError as exc:
            self.say(exc.message, "error")
        self.changed()

    def changed(self) -> None:
        """The session changed: redraw, count, re-validate, and make the journal durable."""
        main = self.main
        if main is not None:
            main.reload_rows()
        self.count_pending()
        self.schedule_validation()
        self.sync_journal()

    # ------------------------------------------------------------ the journal's fsync
    def sync_journal(self) -> None:
        session = self.session
        journal = session.journal if session is not None else None
        if journal is not None and journal.deferred_sync and journal.is_open:
            self._fsync_journal(journal)

    @work(thread=True, group="journal", name="journal-sync", description="fsync the journal")
    def _fsync_journal(self, journal: Journal) -> None:
        try:
            journal.sync()
        except JournalError as exc:
            self.post_message(msg.JournalTrouble(exc.message))

    def on_journal_trouble(self, message: msg.JournalTrouble) -> None:
        self.say(message.message, "error")

    # ------------------------------------------------------------ validation
    def schedule_validation(self) -> None:
        session = self.session
        if session is None:
            return
        if self.report_version != session.version:
            self.checked = None
        self._validate(session.current_workbook(), session.version)

    @work(thread=True, group="validate", exclusive=True, name="validate", description="validate")
    def _validate(self, workbook: Workbook, version: int) -> None:
        self.post_message(msg.Validated(validate(workbook, self.today), version))

    def on_validated(self, message: msg.Validated) -> None:
        if self.session is not None and message.version == self.session.version:
            self.set_report(message.report, message.version)
            main = self.main
            if main is not None:
                main.refresh_marks()

    def set_report(self, report: Report, version: int) -> None:
        self.report = report
        self.report_version = version
        cells: CellFindings = {}
        rows: RowFindings = {}
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
        session = self.session
        if session is not None and version == session.version:
            self.checked = Checked(len(report.errors), len(report.warnings))
        else:
            self.checked = None
