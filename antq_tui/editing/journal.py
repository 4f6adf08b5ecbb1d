"""The recovery journal: every unsaved change, on disk the moment it is made.

One JSON object a line, appended and fsynced at once, in a file beside the
workbook (``.~antq-journal.NAME.xlsx.jsonl``; in the user's state folder when the
workbook's folder is not writable). A dropped SSH connection, a crash or a kill
loses nothing: the next start finds the file and offers to replay it. The first
line names the file the edits were made against (size, mtime, SHA-256), so a
replay onto a workbook changed since is a merge, not a blind re-apply. A torn
last line (killed mid-write) is ignored. Right before a save puts the new file in
place, a ``saved`` line records that file's SHA-256: a crash between that rename and
the journal's removal is then recognised as the program's own save, not as changes
made elsewhere. The journal is removed (durably) after a save.

With ``deferred_sync`` (the TUI), a change is written at once (a killed process or a
dropped connection loses nothing) and ``sync()``, called from a worker thread, makes it
survive a power cut a moment later; the keyboard never waits for the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from antq_tui.files.durable import fsync_dir, replace
from antq_tui.files.permissions import set_mode
from antq_tui.files.places import state_dir
from antq_tui.model.errors import AntqError, os_reason

VERSION = 1
PREFIX = ".~antq-journal."
SUFFIX = ".jsonl"


class JournalError(AntqError):
    """The journal cannot be written: changes would not survive a crash."""


def encode_value(value: Any) -> Any:
    """A typed cell value as JSON (dates tagged, everything else as is)."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
    return value


def encode_values(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {k: encode_value(v) for k, v in values.items()}


def decode_values(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {k: decode_value(v) for k, v in values.items()}


def beside_path(workbook: Path) -> Path:
    return workbook.parent / f"{PREFIX}{workbook.name}{SUFFIX}"


def fallback_path(workbook: Path) -> Path:
    digest = hashlib.sha1(str(workbook.resolve()).encode()).hexdigest()[:12]
    return state_dir() / "journals" / f"{PREFIX}{workbook.name}.{digest}{SUFFIX}"


def candidate_paths(workbook: Path) -> list[Path]:
    """Where a journal of ``workbook`` may be, the usual place first."""
    return [beside_path(workbook), fallback_path(workbook)]


def find_journal(workbook: Path) -> Path | None:
    for path in candidate_paths(workbook):
        if path.is_file() and path.stat().st_size > 0:
            return path
    return None


@dataclass
class JournalContent:
    path: Path
    header: dict[str, Any]
    ops: list[dict[str, Any]] = field(default_factory=list)
    torn: bool = False  # the last line was cut short (killed while writing)

    @property
    def user(self) -> str:
        return str(self.header.get("user", "?"))

    @property
    def started(self) -> str:
        stamp = self.header.get("time")
        if not isinstance(stamp, int | float):
            return "?"
        return time.strftime("%H:%M ngày %d/%m/%Y", time.localtime(stamp))

    @property
    def sha256(self) -> str | None:
        value = self.header.get("sha256")
        return value if isinstance(value, str) else None


def read_journal(path: Path) -> JournalContent:
    """Read a journal; a torn or garbled line ends it (what came before stands)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise JournalError(f"Không đọc được tệp khôi phục {path}: {os_reason(exc)}.") from exc
    content = JournalContent(path, {})
    for number, line in enumerate(raw.split(b"\n")):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            content.torn = True
            break
        if not isinstance(entry, dict):
            content.torn = True
            break
        if number == 0 and entry.get("op") == "open":
            content.header = entry
        elif well_formed(entry):
            content.ops.append(entry)
        else:  # a line this program never writes: it and what follows are not trusted
            content.torn = True
            break
    return content


def _values_or_none(value: Any) -> bool:
    return value is None or (
        isinstance(value, dict) and all(isinstance(k, str) for k in value) and _dates_ok(value)
    )


def _dates_ok(values: Mapping[str, Any]) -> bool:
    try:
        decode_values(values)
    except (TypeError, ValueError):
        return False
    return True


def well_formed(op: Mapping[str, Any]) -> bool:
    """Whether ``op`` has the shape this program writes (replay trusts it after this)."""
    kind = op.get("op")
    if kind == "undo":
        return True
    if kind == "saved":
        return isinstance(op.get("sha256"), str)
    located = isinstance(op.get("sheet"), str) and type(op.get("row")) is int
    if kind in ("put", "delete"):
        after = op.get("after")
        after_ok = isinstance(after, dict) if kind == "put" else after is None
        return located and after_ok and _values_or_none(after) and _values_or_none(op.get("before"))
    if kind == "draft":
        texts = op.get("texts")
        return (
            located
            and isinstance(texts, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items())
            and _values_or_none(op.get("base"))
        )
    if kind == "drop_draft":
        return located
    return False


class Journal:
    """An append-only, fsynced journal file for one workbook."""

    def __init__(self, path: Path, *, deferred_sync: bool = False) -> None:
        self.path = path
        self.deferred_sync = deferred_sync
        self._fd: int | None = None
        self._unsynced = False  # written, not yet fsynced (deferred_sync only)
        self._renamed = False  # started, the folder's new entry not yet fsynced
        self._guard = threading.Lock()  # the descriptor, shared with sync()'s thread

    @classmethod
    def for_workbook(cls, workbook: Path, *, deferred_sync: bool = False) -> Journal:
        """Beside the workbook when its folder is writable, else in the state folder."""
        beside = beside_path(workbook)
        if os.access(workbook.parent, os.W_OK) and (
            not beside.exists() or os.access(beside, os.W_OK)
        ):
            return cls(beside, deferred_sync=deferred_sync)
        return cls(fallback_path(workbook), deferred_sync=deferred_sync)

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def _mode_for(self, workbook: Path | None) -> int:
        # Personal data: no wider than the workbook (and never executable).
        try:
            return (workbook.stat().st_mode & 0o666) if workbook else 0o600
        except OSError:
            return 0o600

    def start(
        self,
        header: dict[str, Any],
        ops: Iterable[dict[str, Any]] = (),
        *,
        workbook: Path | None = None,
    ) -> None:
        """Write a fresh journal (header and ``ops``) atomically, then keep it open."""
        self.close(sync=False)  # replaced below: nothing of it needs the disk
        lines = [json.dumps({"op": "open", "v": VERSION, **header}, ensure_ascii=False)]
        lines += [json.dumps(op, ensure_ascii=False) for op in ops]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        temp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, data)
                set_mode(fd, self._mode_for(workbook))
                if not self.deferred_sync:
                    os.fsync(fd)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    temp.unlink()  # a full disk: no empty file left beside the workbook
                raise
            os.close(fd)
            replace(temp, self.path)
            if not self.deferred_sync:
                fsync_dir(self.path.parent)
            with self._guard:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
                self._unsynced = self._renamed = self.deferred_sync
        except OSError as exc:
            raise JournalError(
                f"Không ghi được tệp khôi phục {self.path}: {os_reason(exc)}. "
                "Các thay đổi sẽ mất nếu mất kết nối; hãy ghi sổ thường xuyên."
            ) from exc

    def append(self, op: dict[str, Any]) -> None:
        """Append one change; fsync before returning unless ``deferred_sync``."""
        line = (json.dumps(op, ensure_ascii=False) + "\n").encode("utf-8")
        with self._guard:
            if self._fd is None:
                raise JournalError("Tệp khôi phục chưa được mở.")
            try:
                os.write(self._fd, line)
                if self.deferred_sync:
                    self._unsynced = True
                else:
                    os.fsync(self._fd)
            except OSError as exc:
                raise JournalError(
                    f"Không ghi được tệp khôi phục {self.path}: {os_reason(exc)}."
                ) from exc

    def sync(self) -> None:
        """Flush what ``deferred_sync`` left unsynced (safe from another thread)."""
        with self._guard:
            if self._fd is None or not self._unsynced:
                return
            fd = os.dup(self._fd)  # closing the journal meanwhile cannot pull it away
            renamed, self._unsynced, self._renamed = self._renamed, False, False
        try:
            os.fsync(fd)
            if renamed:
                fsync_dir(self.path.parent)
        except OSError as exc:
            with self._guard:
                self._unsynced, self._renamed = True, self._renamed or renamed
            raise JournalError(
                f"Không ghi được tệp khôi phục {self.path}: {os_reason(exc)}."
            ) from exc
        finally:
            os.close(fd)

    def record_save(self, sha256: str) -> None:
        """A save is about to put the file with this SHA-256 in place (fsynced first).

        Never stops the save: without this line a crash right after the rename only
        makes the next start offer to merge changes that are already in the file.
        """
        if not self.is_open:
            return
        with contextlib.suppress(JournalError):
            self.append({"op": "saved", "sha256": sha256})
            self.sync()  # on disk before the rename, even with deferred_sync

    def close(self, *, sync: bool = True) -> None:
        with self._guard:
            if self._fd is not None:
                if self._unsynced and sync:
                    with contextlib.suppress(OSError):
                        os.fsync(self._fd)
                    if self._renamed:
                        fsync_dir(self.path.parent)
                os.close(self._fd)
                self._fd = None
                self._unsynced = self._renamed = False

    def remove(self) -> None:
        """After a successful save: nothing is pending any more."""
        self.close(sync=False)
        try:
            self.path.unlink(missing_ok=True)
            fsync_dir(self.path.parent)
        except OSError as exc:
            raise JournalError(
                f"Không xóa được tệp khôi phục {self.path}: {os_reason(exc)}."
            ) from exc


def set_aside(path: Path) -> Path:
    """Keep a journal the operator chose not to restore, out of the workbook's folder."""
    target_dir = state_dir() / "journals" / "discarded"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{path.name}"
    try:
        replace(path, target)
    except OSError:  # another file system: copy, then remove
        target.write_bytes(path.read_bytes())
        path.unlink()
    return target
