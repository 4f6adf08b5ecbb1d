"""What the screens may ask of the app, typed, without importing it (no import circle).

The app (``app.AntqApp``) is the controller: it owns the edit session, the journal,
the lock and the workers; screens show and ask through this interface.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from antq_tui.editing.drafts import Draft
from antq_tui.editing.session import EditSession
from antq_tui.tui.state import Checked, Pending
from antq_tui.validate.findings import Finding, Report

T = TypeVar("T")
R = TypeVar("R")

CellFindings = dict[tuple[str, int, str], Finding]
RowFindings = dict[tuple[str, int], list[Finding]]


class MainView(Protocol):
    """The main screen, as the app and the forms drive it."""

    def reload_rows(self, keep: bool = True) -> None: ...

    def refresh_marks(self) -> None: ...

    def go_to(self, sheet: str, row: int, field: str | None = None) -> bool: ...

    def open_draft(self, draft: Draft) -> None: ...


class Controller(Protocol):
    path: Path
    today: date | None
    keys: dict[str, str]
    report: Report | None
    report_version: int
    cell_findings: CellFindings
    row_findings: RowFindings
    # Reactive on the app: the status line, the banner and the panels follow them.
    read_only: str | None
    office_holder: str | None
    busy: str
    pending: Pending
    checked: Checked | None

    @property
    def session(self) -> EditSession | None: ...

    @property
    def live_session(self) -> EditSession: ...

    @property
    def main(self) -> MainView | None: ...

    def say(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None: ...

    def guard_edit(self) -> bool: ...

    def perform(self, action: Callable[[EditSession], T]) -> T | None: ...

    def keep_draft(self, draft: Draft) -> None: ...

    def drop_draft(self, sheet: str, row: int) -> None: ...

    def changed(self) -> None: ...

    def save(self, then_quit: bool = False) -> None: ...

    def undo(self) -> None: ...

    def request_quit(self) -> None: ...

    def steady_cursors(self, screen: Screen[Any]) -> None: ...

    def push_screen(
        self, screen: Screen[R], callback: Callable[[R | None], None] | None = None
    ) -> object: ...
