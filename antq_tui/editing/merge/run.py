"""``antq merge``: the old communes' workbooks into one new workbook, whole or not at all.

The old workbooks are only read. Each is validated first; while one has errors
nothing is written (the caller lists them). The new workbook is built in memory,
written beside the target, read back and validated: it must hold every row and no
error, or it never takes the target's name (``files.new_file``). An existing target
is replaced only with ``force`` and never while Excel, LibreOffice or another antq
has it open; it is backed up first, as a save backs up a workbook.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from antq_tui.editing.merge.combine import Merged, combine
from antq_tui.editing.merge.inputs import Invalid, OldBook, invalid_books, labelled, read_old_books
from antq_tui.editing.merge.settings import MergeOptions
from antq_tui.files.identity import current_user
from antq_tui.files.new_file import make_folder, write_new_file
from antq_tui.model import schema
from antq_tui.model.errors import AntqError, NotWritten, WorkbookLocked
from antq_tui.model.records import Workbook
from antq_tui.model.text import format_int
from antq_tui.validate.checks import validate
from antq_tui.workbook.guards.backups import DEFAULT_BACKUPS, make_backup, prune_backups
from antq_tui.workbook.guards.office_locks import (
    excel_owner_file,
    libreoffice_lock_file,
    office_lock_holder,
)
from antq_tui.workbook.guards.own_lock import exclusive
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.audit import AuditEntry
from antq_tui.workbook.write.new_workbook import RECORD_SHEETS, workbook_package

COMMAND = "antq merge"
SUFFIXES = (".xlsx",)


class MergedWorkbookFault(Exception):
    """The workbook built does not read back as built: a fault of the program."""


@dataclass
class MergeResult:
    target: Path
    books: list[OldBook] = field(default_factory=list)
    invalid: list[Invalid] = field(default_factory=list)  # nothing was written
    merged: Merged | None = None
    backup: Path | None = None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_target(target: Path, paths: Sequence[Path], force: bool) -> None:
    """Refuse early what would be refused after the work: an old workbook as the target,
    a target that exists (without ``force``) or is open elsewhere."""
    for path in paths:
        if _same_file(target, path):
            raise AntqError(
                f"Tệp đích “{target}” là một sổ cũ; lệnh không bao giờ ghi vào sổ cũ: "
                "chọn tên khác cho sổ mới."
            )
    if target.suffix.lower() not in SUFFIXES:
        return  # write_new_file says it in its words
    if target.exists() and not force:
        raise NotWritten(f"Tệp “{target}” đã có; thêm --force/--ghi-de nếu muốn ghi đè.")
    holder = office_lock_holder(target) if target.exists() else None
    if holder is not None:
        owner = next(
            (f for f in (excel_owner_file(target), libreoffice_lock_file(target)) if f.exists()),
            None,
        )
        stale = f" (nếu không còn ai mở, tệp khóa “{owner.name}” sót lại: xóa nó)" if owner else ""
        raise WorkbookLocked(
            f"Tệp “{target.name}” đang được mở bởi {holder}: đóng tệp ở đó rồi chạy lại{stale}.",
            holder,
        )


def _counts(workbook: Workbook) -> str:
    """ "7 hàng Thôn, 14 hàng Vụ việc, …": what a workbook holds, sheet by sheet."""
    return ", ".join(
        f"{format_int(len(workbook.records(spec.key)))} hàng {spec.name}"
        for spec in schema.DATA_SHEETS
    )


def audit_entries(books: Sequence[OldBook], now: datetime, user: str) -> list[AuditEntry]:
    """One Nhật ký row a source: the file (and its hash) and what came of it."""
    return [
        AuditEntry(
            now,
            user,
            COMMAND,
            "",
            "",
            f"{book.name} ({book.workbook.settings.commune}, Năm báo cáo "
            f"{book.workbook.settings.year}; SHA-256 {book.loaded.source.sha256[:16]})",
            f"Xã cũ “{book.label}”: {_counts(book.workbook)}",
        )
        for book in books
    ]


def _verify(path: Path, merged: Merged, today: date | None) -> None:
    """The file written reads back with every row and validates without an error."""
    workbook = load(path).workbook
    for spec in RECORD_SHEETS:
        wrote, read = len(merged.workbook.records(spec.key)), len(workbook.records(spec.key))
        if wrote != read:
            raise MergedWorkbookFault(f"{spec.name}: {wrote} rows written, {read} read back")
    errors = validate(workbook, today, errors_only=True).errors
    if errors:
        first = errors[0]
        raise MergedWorkbookFault(f"{len(errors)} errors, first {first.cell}: {first.message}")


def merge_workbooks(
    paths: Sequence[Path],
    target: Path,
    options: MergeOptions,
    *,
    force: bool = False,
    keep_backups: int = DEFAULT_BACKUPS,
    user: str | None = None,
    today: date | None = None,
) -> MergeResult:
    """Merge ``paths`` into a new workbook at ``target``; see the module docstring.

    Raises WorkbookUnreadable (an old workbook cannot be read), AntqError (a wrong
    request: an old workbook twice, the old ones disagree on what only an option
    decides) or NotWritten. A result with ``invalid`` wrote nothing.
    """
    _check_target(target, paths, force)
    books = read_old_books(paths)
    invalid = invalid_books(books, today)
    if invalid:
        return MergeResult(target, books, invalid)
    books = labelled(books)
    merged = combine(books, options)
    now = datetime.now()
    data = workbook_package(merged.workbook, audit_entries(books, now, user or current_user()))

    def write(temp: Path) -> None:
        temp.write_bytes(data)
        _verify(temp, merged, today)

    make_folder(target.parent)
    backup = None
    with exclusive(target):
        _check_target(target, paths, force)  # again, under the lock
        if force and keep_backups and target.is_file():
            stat = target.stat()
            backup = make_backup(target, stat, target.read_bytes(), now)
            prune_backups(target, keep_backups)
        write_new_file(
            target,
            write,
            force=force,
            suffixes=SUFFIXES,
            max_mode=0o640,  # personal data, as every new workbook
        )
    return MergeResult(target, books, [], merged, backup)
