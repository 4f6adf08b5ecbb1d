"""Messages the thread workers post to the app (workers do nothing else)."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from antq_tui.validate.findings import Report
from antq_tui.workbook.reader import LoadedWorkbook


class Progress(Message):
    def __init__(self, text: str, fraction: float) -> None:
        super().__init__()
        self.text = text
        self.fraction = fraction


class Loaded(Message):
    def __init__(self, loaded: LoadedWorkbook, report: Report, purpose: str) -> None:
        super().__init__()
        self.loaded = loaded
        self.report = report
        self.purpose = purpose  # "open", "reload", "merge", "disk"


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
    def __init__(self, result: Any, count: int) -> None:
        super().__init__()
        self.result = result
        self.count = count


class SaveError(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class Done(Message):
    """A background job (report, export, totals) finished: ``result`` or ``error``."""

    def __init__(self, job: str, result: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error
