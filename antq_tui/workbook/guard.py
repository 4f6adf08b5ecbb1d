"""Everything that keeps a save from hurting anyone else's work.

- ``WorkbookChanged``: the file on disk is not the one we read (size, mtime, hash).
- ``office_lock_holder``: Excel's ``~$NAME.xlsx`` and LibreOffice's
  ``.~lock.NAME.xlsx#`` owner files, parsed to name who has the workbook open.
- ``WriterLock``: an OS lock (``flock``) on ``.~antq.NAME.xlsx.lock`` beside the
  workbook, so two antq processes never write one workbook at once; the TUI holds
  it for a whole session. The lock dies with its process: it is never stale.
- ``replace_atomically``: temp file in the same folder, fsync, verify, timestamped
  backup in ``.antq-backup/``, same owner and permissions, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from ..config import DEFAULT_BACKUPS
from ..errors import AntqError, os_reason
from ..newfile import set_mode
from .safety import CheckedFile

BACKUP_DIR = ".antq-backup"
KEEP_BACKUPS = DEFAULT_BACKUPS
T = TypeVar("T")


class WorkbookChanged(AntqError):
    """The workbook changed on disk since it was read: writing would lose someone's work."""


class WorkbookLocked(AntqError):
    """Someone else has the workbook open (Excel, LibreOffice or another antq)."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class SaveFailed(AntqError):
    """The save did not happen; the original file is untouched."""


# ---------------------------------------------------------------- identity
def _current_identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def check_unchanged(source: CheckedFile) -> None:
    """Raise WorkbookChanged unless the file still is exactly what was read."""
    name = source.path.name
    try:
        size, mtime_ns = _current_identity(source.path)
        same = (size, mtime_ns) == (source.size, source.mtime_ns)
        if same:
            # Size and time can stay equal across a rewrite (coarse clocks, copies): hash too.
            digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
            same = digest == source.sha256
    except FileNotFoundError as exc:
        raise WorkbookChanged(
            f"Sổ {name} không còn ở chỗ cũ (đã bị xóa, đổi tên hoặc chuyển đi); chưa ghi gì."
        ) from exc
    except OSError as exc:
        raise SaveFailed(f"Không đọc lại được sổ {name}: {os_reason(exc)}. Chưa ghi gì.") from exc
    if not same:
        raise WorkbookChanged(
            f"Sổ {name} đã bị thay đổi trên đĩa sau khi chương trình đọc (có thể ai đó vừa "
            "lưu trong Excel hoặc LibreOffice). Chương trình không ghi đè để khỏi mất phần "
            "của họ; hãy mở lại sổ rồi làm lại thay đổi."
        )


# ---------------------------------------------------------------- office owner files
def excel_owner_file(path: Path) -> Path:
    return path.with_name("~$" + path.name)


def libreoffice_lock_file(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def parse_excel_owner(data: bytes) -> str | None:
    """The user name in an MS Office owner file (165 bytes for Excel, 162 for Word).

    Byte 0 holds the name's length, then the name in the Windows code page; at
    offset 55 (Excel, PowerPoint) or 54 (Word) a 2-byte length and the name again
    in UTF-16-LE, which we prefer because it keeps Vietnamese letters.
    """
    if len(data) < 2:
        return None
    length = data[0]
    for offset in (55, 54):
        if len(data) >= offset + 2:
            wide_len = int.from_bytes(data[offset : offset + 2], "little")
            wide = data[offset + 2 : offset + 2 + 2 * wide_len]
            if 0 < wide_len <= 52 and len(wide) == 2 * wide_len:
                try:
                    name = wide.decode("utf-16-le")
                except UnicodeDecodeError:
                    continue
                if name.isprintable() and (not length or len(name) == length):
                    return name.strip() or None
    if 0 < length <= 52 and len(data) > length:
        return data[1 : 1 + length].decode("cp1258", errors="replace").strip() or None
    return None


def _split_lock_fields(text: str) -> list[str]:
    """LibreOffice's lock line: fields split by ',' ending in ';', with '\\' escapes."""
    fields, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ",;":
            fields.append("".join(current))
            current = []
            if ch == ";":
                break
        else:
            current.append(ch)
    else:
        if current:
            fields.append("".join(current))
    return fields


def parse_libreoffice_lock(data: bytes) -> str | None:
    """``user,osuser,host,dd.mm.yyyy hh:mm,profile;`` as a readable holder."""
    fields = _split_lock_fields(data.decode("utf-8", errors="replace"))
    if not fields:
        return None
    user = fields[0].strip()
    os_user = fields[1].strip() if len(fields) > 1 else ""
    host = fields[2].strip() if len(fields) > 2 else ""
    since = fields[3].strip() if len(fields) > 3 else ""
    if not user or user.lower() == "unknown user":
        user = os_user
    if not user:
        return None
    details = ", ".join(
        part for part in (f"tài khoản {os_user}" if os_user and os_user != user else "",
                          f"máy {host}" if host else "", f"từ {since}" if since else "") if part
    )  # fmt: skip
    return f"{user} ({details})" if details else user


def office_lock_holder(path: Path | str) -> str | None:
    """Who has the workbook open in Excel or LibreOffice, from their owner files; else None."""
    path = Path(path)
    excel = excel_owner_file(path)
    with contextlib.suppress(OSError):
        data = excel.read_bytes()[:512]
        name = parse_excel_owner(data) or "không rõ tên"
        return f"{name} (Excel)"
    office = libreoffice_lock_file(path)
    with contextlib.suppress(OSError):
        data = office.read_bytes()[:4096]
        holder = parse_libreoffice_lock(data) or "không rõ tên"
        return f"{holder} (LibreOffice)"
    return None


def check_office_locks(path: Path, force: bool) -> None:
    holder = office_lock_holder(path)
    if holder is not None and not force:
        raise WorkbookLocked(
            f"Sổ {path.name} đang được mở bởi {holder}. Hãy đóng sổ ở đó rồi lưu lại. Nếu "
            "chắc chắn không còn ai mở (tệp khóa sót lại sau khi máy tắt đột ngột), hãy "
            "chạy lại với --force.",
            holder,
        )


# ---------------------------------------------------------------- antq's own lock
def current_user() -> str:
    """The login name (for SSH sessions, the SSH user)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def writer_lock_file(path: Path) -> Path:
    return path.with_name(f".~antq.{path.name}.lock")


_HELD: dict[str, WriterLock] = {}
_HELD_GUARD = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


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
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, self._mode())
                except OSError as exc:
                    raise SaveFailed(
                        f"Không tạo được tệp khóa {self.path.name} trong thư mục "
                        f"{self.path.parent}: {os_reason(exc)}. Chưa ghi gì."
                    ) from exc
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    os.close(fd)
                    if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        return False
                    raise SaveFailed(f"Không khóa được sổ: {os_reason(exc)}.") from exc
                # The file may have been unlinked by its last holder between open and
                # flock: then our lock is on a ghost; start again on the new file.
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:
                    os.close(fd)
                    continue
                os.ftruncate(fd, 0)
                os.write(fd, (self._info() + "\n").encode("utf-8"))
                self._fd = fd
                _HELD[key] = self
                return True
        return False

    def release(self) -> None:
        if self._fd is None:
            return
        with _HELD_GUARD:
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # while still locked: nobody can take a ghost
            os.close(self._fd)
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
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError:
            return "không rõ"
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                text = os.read(fd, 512).decode("utf-8", errors="replace").strip()
                return text or "không rõ"
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None  # a file left behind, but nobody holds the lock
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        if not self.try_acquire():
            raise locked_by_antq(self.workbook, self.holder() or "không rõ")
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


# ---------------------------------------------------------------- backups
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


def _dir_mode(file_mode: int) -> int:
    """A folder that lets in exactly those who may read the workbook."""
    mode = 0o700
    if file_mode & 0o040:
        mode |= 0o050
    if file_mode & 0o004:
        mode |= 0o005
    return mode


def _copy_owner(target: Path | int, st: os.stat_result) -> None:
    """Give ``target`` the workbook's owner and group where the system allows it."""
    chown = os.fchown if isinstance(target, int) else os.chown
    try:
        chown(target, st.st_uid, st.st_gid)  # type: ignore[arg-type]
    except OSError:
        with contextlib.suppress(OSError):
            chown(target, -1, st.st_gid)  # type: ignore[arg-type]


def make_backup(path: Path, st: os.stat_result, data: bytes, now: datetime) -> Path:
    """Keep the current workbook as ``.antq-backup/NAME.YYYYMMDD-HHMMSS.xlsx``."""
    folder = backup_dir(path)
    if not folder.exists():
        folder.mkdir(mode=_dir_mode(stat.S_IMODE(st.st_mode)), exist_ok=True)
        _copy_owner(folder, st)
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
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        _write_all(fd, data)
        set_mode(fd, stat.S_IMODE(st.st_mode))
        _copy_owner(fd, st)
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def prune_backups(path: Path, keep: int) -> None:
    backups = list_backups(path)
    for old in backups[: max(0, len(backups) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()


# ---------------------------------------------------------------- atomic replace
def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_atomically(
    source: CheckedFile,
    data: bytes,
    verify: Callable[[Path], T],
    *,
    keep_backups: int = KEEP_BACKUPS,
    now: datetime | None = None,
) -> tuple[T, Path | None]:
    """Put ``data`` in place of the workbook ``source`` came from, or leave it untouched.

    Returns what ``verify(temp_path)`` returned and the backup made. Any failure
    removes the temp file and raises (SaveFailed for system errors).
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
        fd, temp_name = tempfile.mkstemp(prefix=".~antq-", suffix=path.suffix, dir=folder)
        temp = Path(temp_name)
        try:
            step = "ghi tệp tạm"
            _write_all(fd, data)
            step = "đặt quyền cho tệp mới"
            set_mode(fd, stat.S_IMODE(st.st_mode))
            _copy_owner(fd, st)
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
        step = "thay sổ cũ bằng sổ mới"
        os.replace(temp, path)
        temp = None
        _fsync_dir(folder)
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
