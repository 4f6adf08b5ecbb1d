"""Findings: what the validator says of one cell, with its severity, sheet and suggestion."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "Lỗi" if self is Severity.ERROR else "Cảnh báo"


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    sheet: str
    cell: str | None  # "Vụ việc!C7"; None when the whole sheet is missing
    message: str
    suggestion: str | None = None
    row: int | None = None  # the record's row, for jumping to it
    field: str | None = None
    # The value the cell probably should hold ("Tây Sơn" for "Tay Son"), when known.
    replacement: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass
class Report:
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


_CELL = re.compile(r"!\$?([A-Z]+)\$?(\d+)$")


def _column_number(cell: str | None) -> int:
    match = _CELL.search(cell or "")
    if match is None:
        return 0  # a whole sheet or a whole row: before the row's cells
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def in_reading_order(findings: list[Finding]) -> list[Finding]:
    """Sheets in the order checked, then down the rows and across the columns."""
    sheet_rank: dict[str, int] = {}
    for finding in findings:
        sheet_rank.setdefault(finding.sheet, len(sheet_rank))
    return sorted(
        findings,
        key=lambda f: (sheet_rank[f.sheet], f.row or 0, _column_number(f.cell)),
    )


def group_by_sheet(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.sheet, []).append(finding)
    return grouped
