"""Errors the user sees: each carries one Vietnamese sentence, never a traceback."""

from __future__ import annotations


class AntqError(Exception):
    """An error with a message fit for the user (Vietnamese, one sentence)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkbookUnreadable(AntqError):
    """The file cannot be read as a workbook at all (CLI exit status 2)."""
