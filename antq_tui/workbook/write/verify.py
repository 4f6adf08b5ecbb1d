"""Re-read a freshly written workbook with the loader and check each edited cell.

The loader (``reader``) reads the file as it would on the next start; the raw
grid of every sheet we changed is kept from that same read and each changed cell
is compared with what we meant to write: a date must come back as a date (so its
style really is a date style), a number as that number, text as that text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from antq_tui.model.errors import SaveFailed, WorkbookUnreadable
from antq_tui.model.gcpause import paused_gc
from antq_tui.workbook.reader import LoadedWorkbook, _Reader
from antq_tui.workbook.safety import CheckedFile, open_checked
from antq_tui.workbook.write.cellxml import cell_ref, shown

Rows = list[list[Any]]


@dataclass(frozen=True)
class Check:
    sheet: str  # the sheet's name in the file
    row: int  # 1-based
    column: int  # 1-based
    expected: Any  # "" (blank), str, float, date or datetime


class _KeepingReader(_Reader):
    """The loader, keeping the raw grids of some sheets (read once, used twice)."""

    def __init__(self, checked: CheckedFile, keep: set[str], trusted: bool) -> None:
        super().__init__(checked)
        self.keep = keep
        self.trusted = trusted
        self.kept: dict[str, Rows] = {}

    def rows(self, sheet: str) -> Rows | None:
        rows = self._trusted_rows(sheet) if self.trusted else super().rows(sheet)
        if rows is not None and sheet in self.keep:
            self.kept[sheet] = rows
        return rows

    def _trusted_rows(self, sheet: str) -> Rows | None:
        """``_Reader.rows`` without the far-cell check: a file we just wrote from a checked
        one holds no cell beyond the original's and our own rows."""
        part = self.parts.get(sheet)
        if part is None:
            return None
        try:
            rows: Rows = self.book.get_sheet_by_name(part.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise WorkbookUnreadable(f"Trang {part.name} của tệp vừa ghi không đọc được.") from exc
        return rows


def load_with_rows(
    path: Path, sheets: set[str], *, trusted: bool = False, others: frozenset[str] = frozenset()
) -> tuple[LoadedWorkbook, dict[str, Rows]]:
    """``reader.load(path)`` plus the raw cell grids of ``sheets`` (schema names).

    ``others`` are sheets the loader does not read (the audit sheet), by their names
    in the file: their grids come from the same read, keyed by that name.
    ``trusted`` (only for a file this program just wrote from a checked one) skips
    the check against sheets reaching absurdly far cells.
    """
    checked = open_checked(path)
    with paused_gc():
        reader = _KeepingReader(checked, sheets, trusted)
        workbook = reader.read()
        for name in others:
            try:
                grid = reader.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise WorkbookUnreadable(f"Trang {name} của tệp vừa ghi không đọc được.") from exc
            reader.kept[name] = grid
    return LoadedWorkbook(workbook, checked), reader.kept


def _matches(observed: Any, expected: Any) -> bool:
    if expected == "":
        return observed is None or observed == ""
    if isinstance(expected, datetime):
        if isinstance(observed, datetime):
            return abs((observed - expected).total_seconds()) < 1
        return isinstance(observed, date) and expected == datetime.combine(
            observed, expected.time()
        )
    if isinstance(expected, date):
        if isinstance(observed, datetime):
            return observed.date() == expected and observed.time() == datetime.min.time()
        return isinstance(observed, date) and observed == expected
    if isinstance(expected, float):
        return (
            isinstance(observed, int | float)
            and not isinstance(observed, bool)
            and float(observed) == expected
        )
    return isinstance(observed, str) and observed == expected


def verify_saved(path: Path, checks: list[Check], keys: dict[str, str]) -> LoadedWorkbook:
    """Load ``path`` and check every cell; SaveFailed naming the first cell that differs.

    ``keys`` maps a file sheet name to the schema name the loader reads it by;
    other sheets (the audit sheet) are read directly.
    """
    others = frozenset(c.sheet for c in checks if c.sheet not in keys)
    try:
        loaded, grids = load_with_rows(path, set(keys.values()), trusted=True, others=others)
    except WorkbookUnreadable as exc:
        raise SaveFailed(
            f"Tệp vừa ghi không đọc lại được ({exc.message}); chưa thay sổ gốc, sổ gốc vẫn "
            "nguyên vẹn."
        ) from exc
    for check in checks:
        key = keys.get(check.sheet)
        grid = grids.get(key if key is not None else check.sheet, [])
        row = grid[check.row - 1] if check.row - 1 < len(grid) else []
        observed = row[check.column - 1] if check.column - 1 < len(row) else ""
        expected = check.expected
        if type(expected) is str and expected and observed == expected:
            continue  # the common case (text, every audit cell), decided without a call
        if not _matches(observed, expected):
            raise SaveFailed(
                f"Kiểm tra tệp vừa ghi thấy ô {check.sheet}!{cell_ref(check.row, check.column)} "
                f"là {shown(observed)} thay vì {shown(check.expected)}; chưa thay sổ gốc, "
                "sổ gốc vẫn nguyên vẹn."
            )
    return loaded
