"""Backups: the workbook as it was before each save, in ``.antq-backup/`` beside it."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from datetime import datetime
from pathlib import Path

from antq_tui.files.durable import write_all
from antq_tui.files.permissions import copy_owner, folder_mode, set_mode

BACKUP_DIR = ".antq-backup"
DEFAULT_BACKUPS = 20  # kept beside a workbook unless the config file says otherwise
_STAMP = "%Y%m%d-%H%M%S"


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def _backup_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(path.stem) + r"\.(\d{8}-\d{6})(?:-(\d+))?" + re.escape(path.suffix) + r"\Z"
    )


def list_backups(path: Path) -> list[Path]:
    """This workbook's backups, oldest first."""
    folder = backup_dir(path)
    pattern = _backup_pattern(path)
    found: list[tuple[str, int, Path]] = []
    with contextlib.suppress(FileNotFoundError):
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match:
                found.append((match.group(1), int(match.group(2) or 0), entry))
    return [p for _, _, p in sorted(found)]


def make_backup(path: Path, st: os.stat_result, data: bytes, now: datetime) -> Path:
    """Keep the current workbook as ``.antq-backup/NAME.YYYYMMDD-HHMMSS.xlsx``."""
    folder = backup_dir(path)
    if not folder.exists():
        folder.mkdir(mode=folder_mode(stat.S_IMODE(st.st_mode)), exist_ok=True)
        copy_owner(folder, st)
    stamp = now.strftime(_STAMP)
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    number = 1
    while True:
        try:
            # A hard link keeps the very file (owner, permissions, bytes) at no cost.
            os.link(path, target)
            return target
        except FileExistsError:
            number += 1
            target = folder / f"{path.stem}.{stamp}-{number}{path.suffix}"
        except OSError:
            break
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        write_all(fd, data)
        set_mode(fd, stat.S_IMODE(st.st_mode))
        copy_owner(fd, st)
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def prune_backups(path: Path, keep: int) -> None:
    backups = list_backups(path)
    for old in backups[: max(0, len(backups) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()
