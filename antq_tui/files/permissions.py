"""Permissions and owner of the files we create: no wider than the workbook's.

Personal data lives in the workbook, so what the program writes beside it (backups,
reports, the journal) gets no wider permissions than the workbook has. File systems
without Unix permissions (FAT on a USB stick) and Windows keep what they have.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def mode_like(source: Path | None) -> int | None:
    """The permission bits of ``source`` (None when it has no file)."""
    if source is None:
        return None
    try:
        return stat.S_IMODE(source.stat().st_mode)
    except OSError:
        return None


def set_mode(target: Path | int, mode: int) -> None:
    """chmod a file we just created (a path or, where the system can, a descriptor).

    EPERM here can only mean the file system has no Unix permissions (FAT on a USB
    stick refuses any change to the mode its mount fixed): the file stays as it mounts.
    Windows has only a read-only flag and (before Python 3.13) no ``fchmod``: a new
    file there is writable, as it should be, and keeps its folder's permissions.
    """
    try:
        if isinstance(target, int):
            fchmod = getattr(os, "fchmod", None)
            if fchmod is not None:
                fchmod(target, mode)
        else:
            os.chmod(target, mode)
    except PermissionError:
        pass


def folder_mode(file_mode: int) -> int:
    """A folder that lets in exactly those who may read a file of ``file_mode``."""
    mode = 0o700
    if file_mode & 0o040:
        mode |= 0o050
    if file_mode & 0o004:
        mode |= 0o005
    return mode


def copy_owner(target: Path | int, st: os.stat_result) -> None:
    """Give ``target`` the owner and group of ``st`` where the system allows it."""
    chown = getattr(os, "fchown" if isinstance(target, int) else "chown", None)
    if chown is None:
        return  # Windows: a new file takes its folder's ACL, which is what we want
    try:
        chown(target, st.st_uid, st.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            chown(target, -1, st.st_gid)
