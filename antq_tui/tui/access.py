"""What a TUI session may do with the workbook it opens: edit, or only look, and why.

Runs in the loading worker (it touches the disk: antq's lock file, Office's owner
files, the folder's permissions, an earlier session's journal). Every reason to open
read-only is one sentence that says what the operator can do about it.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from antq_tui.editing.journal import JournalContent, JournalError, find_journal, read_journal
from antq_tui.model.errors import AntqError
from antq_tui.workbook.guards.office_locks import (
    excel_owner_file,
    libreoffice_lock_file,
    office_lock_holder,
)
from antq_tui.workbook.guards.own_lock import WriterLock

# Why the session is read-only.
BY_ANTQ = "antq"  # another antq session edits it
BY_OFFICE = "office"  # open in Excel/LibreOffice (editing comes back when closed there)
NO_PERMISSION = "permission"
DISK_FULL = "disk-full"
CANNOT_LOCK = "error"


@dataclass
class Access:
    lock: WriterLock | None  # antq's lock, held for the session (None: not held)
    read_only: str | None = None  # why the workbook cannot be saved, for the operator
    kind: str | None = None  # one of the kinds above
    office_holder: str | None = None
    advice: str = ""  # said once at opening, after ``read_only``
    recovery: JournalContent | None = None  # an earlier session's unsaved changes
    recovery_error: str | None = None  # the journal is there but unreadable


def folder_of(path: Path) -> Path:
    """The workbook's real folder ("." is no help to a clerk)."""
    return path.absolute().parent


def stale_office_lock_advice(path: Path) -> str:
    """What a TUI user can do about an owner file Excel or LibreOffice left behind (the
    CLI's ``--force``): name the file and its folder."""
    places = dict.fromkeys([path, Path(os.path.realpath(path))])  # a symlink: both
    owners = [
        owner
        for place in places
        for owner in (excel_owner_file(place), libreoffice_lock_file(place))
        if os.path.lexists(owner)
    ]
    owner = owners[0] if owners else libreoffice_lock_file(path)
    return (
        "Nếu chắc chắn không còn ai mở sổ (tệp khóa sót lại khi máy tắt đột ngột), "
        f"xóa tệp “{owner.name}” trong thư mục {folder_of(owner)}."
    )


def _lock_failure(path: Path, error: AntqError) -> tuple[str, str]:
    cause = error.__cause__
    if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL, (
            f"Ổ đĩa chứa thư mục {folder_of(path)} đã đầy: sổ chỉ mở để xem. Giải phóng "
            "chỗ trống trên ổ đĩa rồi mở lại sổ để sửa."
        )
    if isinstance(cause, OSError) and cause.errno in (errno.EACCES, errno.EPERM):
        return NO_PERMISSION, _folder_not_writable(path)  # as a clerk's account is told
    return CANNOT_LOCK, f"{error.message} Sổ chỉ mở để xem."


def _folder_not_writable(path: Path) -> str:
    return f"Bạn không có quyền ghi vào thư mục {folder_of(path)} (nơi chứa sổ); chỉ xem được."


def open_access(path: Path) -> Access:
    """Take antq's lock when nobody else holds it, and decide what the session may do."""
    lock = WriterLock(path)
    access = Access(lock)
    try:
        acquired = lock.try_acquire()
    except AntqError as exc:
        acquired = False
        access.kind, access.read_only = _lock_failure(path, exc)
    if not acquired:
        access.lock = None
        if access.read_only is None:
            holder = lock.holder() or "một phiên antq khác"
            access.kind = BY_ANTQ
            access.read_only = (
                f"Sổ đang được {holder} mở để sửa; bạn chỉ xem được. "
                "Mở lại khi phiên đó đã đóng để sửa."
            )
    access.office_holder = office_lock_holder(path)
    if access.office_holder and access.read_only is None:
        access.kind = BY_OFFICE
        access.read_only = (
            f"Sổ đang được mở trong {access.office_holder}; bạn chỉ xem được. "
            "Đóng sổ ở đó để sửa (chương trình tự nhận ra)."
        )
        access.advice = stale_office_lock_advice(path)
    # Saving writes a new file beside the old one: the folder must be writable too.
    if access.read_only is None:
        folder = folder_of(path)
        if not os.access(path, os.W_OK):
            access.kind = NO_PERMISSION
            access.read_only = f"Bạn không có quyền ghi tệp {path.name}; chỉ xem được."
        elif not os.access(folder, os.W_OK):
            access.kind = NO_PERMISSION
            access.read_only = _folder_not_writable(path)
    if access.read_only is None:
        look_for_recovery(path, access)
    return access


def look_for_recovery(path: Path, access: Access) -> None:
    """An earlier session's journal of ``path``, read into ``access``."""
    found = find_journal(path)
    if found is None:
        return
    try:
        access.recovery = read_journal(found)
    except JournalError as exc:
        access.recovery_error = exc.message
