"""Messages the thread workers post to the app (workers do nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from antq_tui.editing.journal import JournalContent
    from antq_tui.tui.access import Access
    from antq_tui.validate.findings import Report
    from antq_tui.workbook.reader import LoadedWorkbook
    from antq_tui.workbook.safety import CheckedFile
    from antq_tui.workbook.write.writer import SaveResult


class Progress(Message):
    def __init__(self, text: str, fraction: float) -> None:
        super().__init__()
        self.text = text
        self.fraction = fraction


class Loaded(Message):
    def __init__(
        self, loaded: LoadedWorkbook, report: Report, purpose: str, access: Access | None = None
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.report = report
        self.purpose = purpose  # "open", "reload", "merge", "disk"
        self.access = access  # what this session may do ("open" only)


class LoadFailed(Message):
    def __init__(self, message: str, purpose: str) -> None:
        super().__init__()
        self.message = message
        self.purpose = purpose


class Validated(Message):
    def __init__(self, report: Report, version: int) -> None:
        super().__init__()
        self.report = report
        self.version = version


class Saved(Message):
    def __init__(self, result: SaveResult, count: int) -> None:
        super().__init__()
        self.result = result
        self.count = count


class SaveError(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


@dataclass
class DiskPolled(Message):
    """The workbook's file as the poller found it, for the session whose file was ``source``."""

    source: CheckedFile
    holder: str | None  # who has it open in Excel/LibreOffice
    size: int | None  # None: the file could not be looked at
    mtime_ns: int | None


@dataclass
class AccessRegained(Message):
    """Excel/LibreOffice closed the workbook and this session took antq's lock."""

    recovery: JournalContent | None


@dataclass
class RecoveryFound(Message):
    """An earlier session's journal, with changes to offer back."""

    content: JournalContent


@dataclass
class JournalTrouble(Message):
    """The journal could not be written to disk (said to the operator)."""

    message: str


class Done(Message):
    """A background job (report, export, totals) finished: ``result`` or ``error``."""

    def __init__(self, job: str, result: object = None, error: str | None = None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error
