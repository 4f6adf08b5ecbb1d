"""The facts the status line shows, as values: the app and the main screen hold them in
reactive attributes, and the widgets redraw when they change."""

from __future__ import annotations

from dataclasses import dataclass

from antq_tui.model.text import format_int


@dataclass(frozen=True)
class Pending:
    """What is not in the workbook yet."""

    changes: int = 0
    drafts: int = 0

    def phrase(self, changes_word: str = "thay đổi chưa ghi") -> str:
        """ "2 thay đổi chưa ghi và 1 bản nháp", naming only what there is."""
        parts = []
        if self.changes:
            parts.append(f"{format_int(self.changes)} {changes_word}")
        if self.drafts:
            parts.append(f"{format_int(self.drafts)} bản nháp")
        return " và ".join(parts)


@dataclass(frozen=True)
class Checked:
    """The validator's counts for the session as it is now."""

    errors: int
    warnings: int


@dataclass(frozen=True)
class TableView:
    """How the main screen's table is narrowed and ordered."""

    filter_text: str = ""
    shown: int = 0
    total: int = 0
    sort_text: str = ""
