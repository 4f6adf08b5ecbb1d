"""Put a new workbook in place of the old one, whole or not at all.

Temp file in the same folder, fsync, verify, timestamped backup, same owner and
permissions, a last check that nobody changed the file, then an atomic replace.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from antq_tui.files.durable import fsync_dir, replace, write_all
from antq_tui.files.permissions import copy_owner, set_mode
from antq_tui.model.errors import AntqError, SaveFailed, os_reason
from antq_tui.workbook.guards.backups import DEFAULT_BACKUPS, make_backup, prune_backups
from antq_tui.workbook.guards.change_check import check_unchanged
from antq_tui.workbook.safety import CheckedFile

T = TypeVar("T")
TEMP_PREFIX = ".~antq-"


def _temp_pattern(path: Path) -> re.Pattern[str]:
    """Temp files of saves of ``path``: ``.~antq-NAME.XXXXXXXX.xlsx`` (mkstemp's 8 letters)."""
    return re.compile(
        re.escape(TEMP_PREFIX + path.stem) + r"\.[a-z0-9_]{8}" + re.escape(path.suffix) + r"\Z"
    )


def remove_stale_temps(path: Path) -> None:
    """Temp files a killed save of ``path`` left behind.

    Called under antq's lock on the workbook: no other antq is saving it now, so any
    temp file of this workbook is a leftover. Other workbooks' temp files are not touched.
    """
    pattern = _temp_pattern(path)
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            if pattern.match(entry.name):
                with contextlib.suppress(OSError):
                    entry.unlink()


def replace_atomically(
    source: CheckedFile,
    data: bytes,
    verify: Callable[[Path], T],
    *,
    keep_backups: int = DEFAULT_BACKUPS,
    now: datetime | None = None,
    before_replace: Callable[[str], None] | None = None,
) -> tuple[T, Path | None]:
    """Put ``data`` in place of the workbook ``source`` came from, or leave it untouched.

    The caller holds antq's lock on the workbook (``own_lock.exclusive``).

    Returns what ``verify(temp_path)`` returned and the backup made. Any failure
    removes the temp file and raises (SaveFailed for system errors). ``before_replace``
    gets the new file's SHA-256 right before the rename: the recovery journal keeps it,
    so a crash between the rename and the journal's removal is known as our own save.
    """
    path = Path(os.path.realpath(source.path))
    folder = path.parent
    step = "tạo tệp tạm"
    temp: Path | None = None
    try:
        st = path.stat()
        if not os.access(path, os.W_OK):
            raise SaveFailed(
                f"Sổ {path.name} đang đặt chế độ chỉ cho đọc; chương trình không ghi đè. Hãy bỏ "
                "chế độ chỉ đọc (hoặc hỏi người quản lý máy) rồi thử lại."
            )
        remove_stale_temps(path)
        prefix = f"{TEMP_PREFIX}{path.stem}."
        fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=path.suffix, dir=folder)
        temp = Path(temp_name)
        try:
            step = "ghi tệp tạm"
            write_all(fd, data)
            step = "đặt quyền cho tệp mới"
            set_mode(fd, stat.S_IMODE(st.st_mode))
            copy_owner(fd, st)
            step = "đẩy dữ liệu xuống đĩa"
            os.fsync(fd)
        finally:
            os.close(fd)
        step = "kiểm tra tệp vừa ghi"
        result = verify(temp)
        backup = None
        if keep_backups > 0:
            step = "sao lưu sổ cũ"
            backup = make_backup(path, st, source.data, now or datetime.now())
        step = "kiểm tra sổ chưa bị ai sửa"
        check_unchanged(source)
        if before_replace is not None:
            step = "ghi dấu lần lưu vào tệp khôi phục"
            before_replace(hashlib.sha256(data).hexdigest())
        step = "thay sổ cũ bằng sổ mới"
        replace(temp, path)
        temp = None
        fsync_dir(folder)
        if keep_backups > 0:
            prune_backups(path, keep_backups)
        return result, backup
    except AntqError:
        raise
    except OSError as exc:
        raise SaveFailed(
            f"Không lưu được sổ {path.name} (bước {step}: {os_reason(exc)}). Sổ gốc vẫn nguyên vẹn."
        ) from exc
    except Exception as exc:
        raise SaveFailed(
            f"Không lưu được sổ {path.name} (bước {step}: lỗi {type(exc).__name__}). "
            "Sổ gốc vẫn nguyên vẹn."
        ) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
