"""antq's own lock: two antq processes never write one workbook at once.

An OS lock on ``.~antq.NAME.xlsx.lock`` beside the workbook, taken through filelock's
descriptor lock (``flock`` on POSIX, ``LockFileEx`` on Windows); the TUI holds it for a
whole session. The lock dies with its process: it is never stale. The file says who
holds it, after a first line of its own: Windows locks byte 0, and a reader must still
be able to read the name.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from filelock import lock_descriptor, unlock_descriptor

from antq_tui.files.identity import current_user
from antq_tui.model.errors import SaveFailed, WorkbookLocked, os_reason

UNKNOWN_HOLDER = "không rõ"
_INFO_OFFSET = 1  # the holder's name starts after byte 0, the byte Windows locks


def writer_lock_file(path: Path) -> Path:
    return path.with_name(f".~antq.{path.name}.lock")


_HELD: dict[str, WriterLock] = {}
_HELD_GUARD = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (its last holder may have removed it)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


class WriterLock:
    """An exclusive OS lock on the lock file beside a workbook."""

    def __init__(self, path: Path | str) -> None:
        self.workbook = Path(path)
        self.path = writer_lock_file(Path(_key(self.workbook)))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _info(self) -> str:
        return f"{current_user()}@{socket.gethostname()} pid {os.getpid()}"

    def _mode(self) -> int:
        try:
            return stat.S_IMODE(self.workbook.stat().st_mode) & 0o666 | 0o600
        except OSError:
            return 0o600

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process (or holder) does."""
        if self._fd is not None:
            return True
        key = _key(self.workbook)
        with _HELD_GUARD:
            if key in _HELD:
                return False
            for _ in range(5):
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT, self._mode())
                except OSError as exc:
                    raise SaveFailed(
                        f"Không tạo được tệp khóa {self.path.name} trong thư mục "
                        f"{self.path.parent}: {os_reason(exc)}. Chưa ghi gì."
                    ) from exc
                try:
                    taken = lock_descriptor(fd, blocking=False)
                except OSError as exc:
                    os.close(fd)
                    raise SaveFailed(f"Không khóa được sổ: {os_reason(exc)}.") from exc
                if not taken:
                    os.close(fd)
                    return False
                # The file may have been removed by its last holder between open and
                # lock: then our lock is on a ghost; start again on the new file.
                if not _same_file(fd, self.path):
                    os.close(fd)
                    continue
                try:
                    self._write_info(fd)
                except OSError as exc:
                    self._close(fd)
                    raise SaveFailed(
                        f"Không ghi được tệp khóa {self.path.name}: {os_reason(exc)}. Chưa ghi gì."
                    ) from exc
                self._fd = fd
                _HELD[key] = self
                return True
        return False

    def _write_info(self, fd: int) -> None:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b"\n" + (self._info() + "\n").encode("utf-8"))

    def _close(self, fd: int) -> None:
        """Remove the lock file while still holding it (nobody can take a ghost), then let go."""
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # Windows refuses while it is open: the file stays, unlocked
        with contextlib.suppress(OSError):
            unlock_descriptor(fd)
        os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        with _HELD_GUARD:
            self._close(self._fd)
            self._fd = None
            if _HELD.get(_key(self.workbook)) is self:
                del _HELD[_key(self.workbook)]

    def holder(self) -> str | None:
        """ "user@host pid N" of whoever holds the lock, or None when it is free."""
        key = _key(self.workbook)
        with _HELD_GUARD:
            mine = _HELD.get(key)
        if mine is not None:
            return mine._info()
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        except OSError:
            return UNKNOWN_HOLDER
        try:
            try:
                free = lock_descriptor(fd, blocking=False)
            except OSError:
                free = False
            if free:
                unlock_descriptor(fd)
                return None  # a file left behind, but nobody holds the lock
            os.lseek(fd, _INFO_OFFSET, os.SEEK_SET)
            text = os.read(fd, 512).decode("utf-8", errors="replace").strip()
            return text or UNKNOWN_HOLDER
        except OSError:
            return UNKNOWN_HOLDER
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        if not self.try_acquire():
            raise locked_by_antq(self.workbook, self.holder() or UNKNOWN_HOLDER)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def locked_by_antq(path: Path, holder: str) -> WorkbookLocked:
    return WorkbookLocked(
        f"Sổ {path.name} đang được một phiên antq khác ghi ({holder}). Hãy đợi phiên đó "
        "xong hoặc đóng nó rồi thử lại.",
        holder,
    )


def held_lock(path: Path) -> WriterLock | None:
    """The WriterLock this process holds on ``path``, if any."""
    with _HELD_GUARD:
        return _HELD.get(_key(path))


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold antq's lock on ``path`` (reusing this process's own lock if it has one)."""
    if held_lock(path) is not None:
        yield
        return
    with WriterLock(path):
        yield
