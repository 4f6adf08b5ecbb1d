"""The workbooks named on a command line: files as given, folders for the .xlsx files in them.

A folder means the ``.xlsx`` files directly in it, in name order; what sits there but is
no one's workbook is skipped: Excel's owner files (``~$NAME.xlsx``), LibreOffice's
(``.~lock.NAME.xlsx#``), antq's own temp and journal files (``.~antq…``), other hidden
files (a Mac's ``._NAME.xlsx``). Subfolders are not entered, so ``.antq-backup/`` (older
copies of a workbook) and ``exports/`` (reports written from it) are never read.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from antq_tui.model.errors import cannot_read, file_not_found, wrong_suffix
from antq_tui.workbook.guards.backups import BACKUP_DIR

SUFFIX = ".xlsx"
EXCEL_OWNER_PREFIX = "~$"
# Hidden names: LibreOffice's ".~lock.", antq's ".~antq-" temp files and ".~antq-journal.",
# a Mac's "._" copies of resource forks.
HIDDEN_PREFIX = "."


@dataclass(frozen=True)
class NotListed:
    """A path that gave no workbook, and why (one Vietnamese sentence)."""

    path: Path
    message: str


def is_workbook_name(name: str) -> bool:
    """Whether a file of a folder is taken as a workbook (by its name alone)."""
    return (
        name.lower().endswith(SUFFIX)
        and not name.startswith(EXCEL_OWNER_PREFIX)
        and not name.startswith(HIDDEN_PREFIX)
    )


def _folder_workbooks(folder: Path) -> list[Path]:
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if is_workbook_name(e.name) and e.is_file()]
    return [folder / name for name in sorted(names)]


def workbook_files(paths: Sequence[Path]) -> tuple[list[Path], list[NotListed]]:
    """The workbooks ``paths`` name, each once, in the order given; and the paths that gave
    none, with the reason."""
    found: list[Path] = []
    problems: list[NotListed] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            if path.is_dir():
                listed = _folder_workbooks(path)
                if not listed:
                    problems.append(
                        NotListed(
                            path,
                            f"Thư mục “{path}” không có sổ {SUFFIX} nào (thư mục con, kể cả "
                            f"{BACKUP_DIR}, không được đọc).",
                        )
                    )
            elif path.exists():
                if path.suffix.lower() != SUFFIX:
                    problems.append(NotListed(path, wrong_suffix(path, (SUFFIX,))))
                    continue
                listed = [path]
            else:
                problems.append(NotListed(path, file_not_found(path)))
                continue
        except OSError as exc:
            problems.append(NotListed(path, cannot_read(path, exc)))
            continue
        for file in listed:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found, problems
