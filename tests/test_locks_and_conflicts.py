"""No silent overwrite: conflicts, Excel/LibreOffice owner files, antq's own lock."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from antq_tui.files.identity import current_user
from antq_tui.model import schema
from antq_tui.model.errors import WorkbookChanged, WorkbookLocked
from antq_tui.workbook.guards.office_locks import (
    office_lock_holder,
    parse_excel_owner,
    parse_libreoffice_lock,
)
from antq_tui.workbook.guards.own_lock import WriterLock, writer_lock_file
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
from tests.tools import require_tool, until


def edit(path: Path) -> SetCell:
    first = load(path).workbook.incidents[0]
    return SetCell(schema.INCIDENTS.name, first.row, "village", "Lai Hà")


def mso_owner_file(name: str, word: bool = False) -> bytes:
    """An MS Office owner file laid out as Excel (165 bytes) or Word (162 bytes) writes it."""
    size, wide_at = (162, 54) if word else (165, 55)
    data = bytearray(b"\x20" * size)
    data[0] = len(name)
    ansi = name.encode("cp1258", errors="replace")
    data[1 : 1 + len(ansi)] = ansi
    data[wide_at : wide_at + 2] = len(name).to_bytes(2, "little")
    wide = name.encode("utf-16-le")
    data[wide_at + 2 : wide_at + 2 + len(wide)] = wide
    return bytes(data)


# ---------------------------------------------------------------- conflicts
def test_file_changed_on_disk_is_refused(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    change = edit(sample_copy)
    other = load(sample_copy)  # someone else saves first
    save(other, [SetCell(schema.INCIDENTS.name, change.row, "note", "sửa ở máy khác")], command="x")
    theirs = sample_copy.read_bytes()
    with pytest.raises(WorkbookChanged, match="đã bị thay đổi"):
        save(loaded, [change], command="test")
    assert sample_copy.read_bytes() == theirs


def test_same_size_and_time_but_other_bytes_is_refused(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    change = edit(sample_copy)
    stat = sample_copy.stat()
    data = bytearray(sample_copy.read_bytes())
    data[-30] ^= 0x01  # same size, one bit different
    sample_copy.write_bytes(bytes(data))
    os.utime(sample_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert sample_copy.stat().st_mtime_ns == loaded.source.mtime_ns
    with pytest.raises(WorkbookChanged):
        save(loaded, [change], command="test")


def test_deleted_workbook_is_refused(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    change = edit(sample_copy)
    sample_copy.unlink()
    with pytest.raises(WorkbookChanged, match="không còn"):
        save(loaded, [change], command="test")
    assert not sample_copy.exists()


# ---------------------------------------------------------------- owner files
def test_parse_office_owner_files() -> None:
    assert parse_excel_owner(mso_owner_file("Nguyễn Văn An")) == "Nguyễn Văn An"
    assert parse_excel_owner(mso_owner_file("Trần Bình", word=True)) == "Trần Bình"
    assert parse_excel_owner(b"\x04Binh") == "Binh"  # an old, short owner file
    assert parse_excel_owner(b"") is None
    line = "Trần Thị Bình,binh,may-xa,28.11.2026 09:15,file:///home/binh/.config/libreoffice/4;"
    assert parse_libreoffice_lock(line.encode()) == (
        "Trần Thị Bình (tài khoản binh, máy may-xa, từ 28.11.2026 09:15)"
    )
    assert parse_libreoffice_lock(rb"Le\, Van,le,pc,01.01.2026 08:00,x;").startswith("Le, Van")
    assert parse_libreoffice_lock(b",canbo,pc,01.01.2026 08:00,x;") == (
        "canbo (máy pc, từ 01.01.2026 08:00)"
    )


def test_excel_owner_file_blocks_until_forced(sample_copy: Path) -> None:
    owner = sample_copy.with_name("~$" + sample_copy.name)
    owner.write_bytes(mso_owner_file("Nguyễn Văn An"))
    loaded = load(sample_copy)
    before = sample_copy.read_bytes()
    with pytest.raises(WorkbookLocked) as caught:
        save(loaded, [edit(sample_copy)], command="test")
    assert caught.value.holder == "Nguyễn Văn An (Excel)"
    assert "Nguyễn Văn An" in caught.value.message and "--force" in caught.value.message
    assert sample_copy.read_bytes() == before
    save(loaded, [edit(sample_copy)], command="test", force=True)  # a stale owner file
    assert load(sample_copy).workbook.incidents[0].village == "Lai Hà"


def test_owner_file_beside_a_symlinks_target_is_a_lock(sample_copy: Path, tmp_path: Path) -> None:
    # The clerk opened the real file in Excel; the operator reaches it through a link.
    link_dir = tmp_path / "lien-ket"
    link_dir.mkdir()
    link = link_dir / "so.xlsx"
    link.symlink_to(sample_copy)
    sample_copy.with_name("~$" + sample_copy.name).write_bytes(mso_owner_file("Lê Thị Hoa"))
    loaded = load(link)
    with pytest.raises(WorkbookLocked) as caught:
        save(loaded, [edit(link)], command="test")
    assert caught.value.holder == "Lê Thị Hoa (Excel)"


def _as_nobody(ask: Callable[[], object]) -> str:
    """``ask()`` in a forked child that dropped root for the "nobody" account."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no exec, so the modules already loaded are used as they are
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_end, str(ask()).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        text = answer.read().decode("utf-8")
    os.waitpid(pid, 0)
    return text


def test_an_owner_file_nobody_may_read_still_locks(sample_copy: Path) -> None:
    # Another account's owner file (mode 0600): its existence is the lock.
    owner = sample_copy.with_name(f".~lock.{sample_copy.name}#")
    owner.write_text("Phạm Văn Đức,duc,may-ubnd,04.12.2026 08:00,file:///x;", encoding="utf-8")
    owner.chmod(0)
    if os.geteuid() == 0:  # root reads anything: ask from a child that became "nobody"
        for folder in sample_copy.parents[:-1]:
            folder.chmod(folder.stat().st_mode | 0o005)  # it may look into the folder
        found = _as_nobody(lambda: office_lock_holder(sample_copy))
    else:
        found = office_lock_holder(sample_copy)
    assert found == "không rõ tên (LibreOffice)"


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else -1


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return ""


_LO_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Filter/Microsoft/Import"><prop oor:name="CreateMSOLockFiles" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="givenname" oor:op="fuse"><value>Thị Bình</value></prop></item>
<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="sn" oor:op="fuse"><value>Trần</value></prop></item>
</oor:items>
"""


def test_real_libreoffice_owner_files_name_the_user(sample_copy: Path, tmp_path: Path) -> None:
    """LibreOffice writes both its own lock file and, when asked, Excel's owner file."""
    soffice = require_tool("soffice")
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_LO_PROFILE, encoding="utf-8")
    lo_lock = sample_copy.with_name(f".~lock.{sample_copy.name}#")
    mso_lock = sample_copy.with_name("~$" + sample_copy.name)
    loaded = load(sample_copy)
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         str(sample_copy)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        # Both written whole: LibreOffice's line ends with ";", Excel's file is 165 bytes.
        until(
            lambda: _size(mso_lock) == 165 and _text(lo_lock).endswith(";"),
            60,
            lambda: "LibreOffice never wrote its two owner files whole",
        )
        lo_bytes, mso_bytes = lo_lock.read_bytes(), mso_lock.read_bytes()
    finally:  # end LibreOffice and the soffice.bin it started (its own process group)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert len(mso_bytes) == 165  # Excel's owner-file size
    assert parse_excel_owner(mso_bytes) == "Thị Bình Trần"
    assert (parse_libreoffice_lock(lo_bytes) or "").startswith("Thị Bình Trần (")
    # Killed, LibreOffice leaves its lock files behind: restore them if it did not.
    mso_lock.unlink(missing_ok=True)
    lo_lock.write_bytes(lo_bytes)
    assert (office_lock_holder(sample_copy) or "").startswith("Thị Bình Trần (")
    assert (office_lock_holder(sample_copy) or "").endswith("(LibreOffice)")
    with pytest.raises(WorkbookLocked, match="Thị Bình Trần"):
        save(loaded, [edit(sample_copy)], command="test")
    lo_lock.unlink()
    mso_lock.write_bytes(mso_bytes)
    assert office_lock_holder(sample_copy) == "Thị Bình Trần (Excel)"
    save(loaded, [edit(sample_copy)], command="test", force=True)
    assert load(sample_copy).workbook.incidents[0].village == "Lai Hà"


# ---------------------------------------------------------------- antq's own lock
_HOLDER = """
import sys
from antq_tui.workbook.guards.own_lock import WriterLock
lock = WriterLock(sys.argv[1])
assert lock.try_acquire()
print("READY", flush=True)
sys.stdin.read()
lock.release()
"""


def test_second_process_holding_the_lock_blocks_a_save(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(sample_copy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "READY"
        lock = WriterLock(sample_copy)
        assert lock.holder() == f"{current_user()}@{os.uname().nodename} pid {child.pid}"
        assert not lock.try_acquire()
        with pytest.raises(WorkbookLocked) as caught:
            save(loaded, [edit(sample_copy)], command="test")
        assert f"pid {child.pid}" in caught.value.holder
        assert "phiên antq khác" in caught.value.message
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    assert WriterLock(sample_copy).holder() is None
    save(loaded, [edit(sample_copy)], command="test")
    assert not writer_lock_file(sample_copy).exists()


def test_lock_dies_with_its_process(sample_copy: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(sample_copy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "READY"
    child.kill()  # no release: the lock file stays, the OS lock goes
    child.wait(timeout=30)
    assert writer_lock_file(sample_copy).exists()
    lock = WriterLock(sample_copy)
    assert lock.holder() is None
    assert lock.try_acquire()
    lock.release()


def test_session_lock_in_this_process_is_reused_by_save(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    with WriterLock(sample_copy) as session:
        assert session.held
        other = WriterLock(sample_copy)
        assert not other.try_acquire()  # one holder per workbook, even in one process
        assert other.holder() == f"{current_user()}@{os.uname().nodename} pid {os.getpid()}"
        result = save(loaded, [edit(sample_copy)], command="test")
        assert session.held
        save(result.loaded, [SetCell(schema.INCIDENTS.name, 3, "note", "ghi thêm")], command="t")
    assert WriterLock(sample_copy).holder() is None
