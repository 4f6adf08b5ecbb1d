"""Create a new file (report, totals, workbook): whole or not at all, never over a file silently."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from antq_tui.files.durable import replace
from antq_tui.files.permissions import mode_like, set_mode
from antq_tui.model.errors import (
    AntqError,
    NotWritten,
    cannot_write,
    folder_not_file,
    os_reason,
    wrong_suffix,
)

# link() is how "create, but only if the name is free" is made atomic; these say the
# file system (FAT on a USB stick, some network shares) has no hard links at all.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS, errno.EXDEV}

FORCE_HINT = "thêm --force/--ghi-de nếu muốn ghi đè"


def _publish(temp: Path, target: Path, exists: str) -> None:
    """Move ``temp`` to ``target`` unless ``target`` exists, with no window to lose either."""
    try:
        os.link(temp, target)
        return
    except FileExistsError:
        raise NotWritten(exists) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
    # No hard links: claim the name with an exclusive create, then swap the content in.
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise NotWritten(exists) from None
    try:
        replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _check_target(target: Path, suffixes: tuple[str, ...], force: bool, exists: str) -> None:
    # The mistakes in the order the reader finds them in a workbook's name.
    if target.is_dir():
        raise AntqError(folder_not_file(target, suffixes[0]))
    if target.suffix.lower() not in suffixes:
        raise AntqError(wrong_suffix(target, suffixes))
    if target.exists() and not force:
        raise NotWritten(exists)
    if not target.parent.is_dir():
        raise NotWritten(f"Thư mục “{target.parent}” không tồn tại.")


def write_new_file(
    target: Path,
    write: Callable[[Path], None],
    *,
    like: Path | None = None,
    force: bool = False,
    suffixes: tuple[str, ...] = (".docx",),
    max_mode: int = 0o666,
    overwrite_hint: str = FORCE_HINT,
) -> Path:
    """Write a file through ``write(temp_path)`` and move it to ``target`` atomically.

    The file appears whole or not at all; an existing file is kept unless ``force``;
    its permissions are no wider than ``max_mode`` nor than those of ``like`` (the
    workbook, which holds personal data).
    """
    exists = f"Tệp “{target}” đã có; {overwrite_hint}."
    try:
        _check_target(target, suffixes, force, exists)
    except OSError as exc:  # e.g. a folder on the way that may not be searched
        raise NotWritten(cannot_write(target, exc)) from None
    temp = target.parent / f".{target.name}.antq-{os.getpid()}.tmp"
    try:
        # Created by us with the umask applied: the widest the user wants for a new file.
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        write(temp)
        mode = stat.S_IMODE(temp.stat().st_mode) & max_mode
        workbook_mode = mode_like(like)
        if workbook_mode is not None:
            mode &= workbook_mode
        set_mode(temp, mode)
        if force:
            replace(temp, target)
        else:
            _publish(temp, target, exists)
    except OSError as exc:
        raise NotWritten(cannot_write(target, exc)) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return target


def make_folder(folder: Path) -> Path:
    """``folder`` and its parents, created if missing; the reason said in Vietnamese if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotWritten(f"Không tạo được thư mục “{folder}”: {os_reason(exc)}.") from None
    return folder
