"""Writes that survive a crash or a power cut, and a replace that Windows allows.

``write_all`` writes every byte, ``fsync_dir`` makes a rename or a removal in a folder
durable, and ``replace`` is ``os.replace`` retried while Windows refuses it because
another program (an antivirus, a search indexer, Excel's preview) has the file open
for a moment.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

# Windows says "access denied" (PermissionError) while another process holds the
# destination; retrying for a little over a second outlasts scanners and indexers.
# Elsewhere a PermissionError means what it says: no retry.
WINDOWS = os.name == "nt"
REPLACE_ATTEMPTS = 12
REPLACE_PAUSE = 0.1


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename or unlink in it) to disk where the OS can.

    Windows cannot open a folder this way (the open fails and nothing is lost: NTFS
    journals its metadata).
    """
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace(source: Path | str, target: Path | str) -> None:
    """``os.replace``, retried while the destination is held open (Windows only)."""
    attempts = REPLACE_ATTEMPTS if WINDOWS else 1
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(REPLACE_PAUSE)
