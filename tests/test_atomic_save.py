"""Atomic, verified saves: a failure at any step leaves the original byte-identical."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from antq_tui.model import schema
from antq_tui.model.errors import SaveFailed
from antq_tui.workbook.guards import atomic_save, backups
from antq_tui.workbook.reader import load
from antq_tui.workbook.write import writer, xmlpatch, zippatch
from antq_tui.workbook.write.writer import SetCell, save


def edit(path: Path, village: str = "Lai Hà") -> SetCell:
    first = load(path).workbook.incidents[0]
    return SetCell(schema.INCIDENTS.name, first.row, "village", village)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~antq"))


def fail(*_: Any, **__: Any) -> Any:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["fsync", "replace", "write"])
def test_os_failure_mid_save_leaves_original(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = sample_copy.read_bytes()
    loaded = load(sample_copy)
    change = edit(sample_copy)
    if step == "write":
        monkeypatch.setattr(atomic_save, "write_all", fail)
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(SaveFailed) as caught:
        save(loaded, [change], command="test")
    monkeypatch.undo()
    assert "Sổ gốc vẫn nguyên vẹn" in caught.value.message
    assert "ổ đĩa đã đầy" in caught.value.message
    assert sample_copy.read_bytes() == before
    assert leftovers(sample_copy.parent) == []  # no temp file, no lock file left behind
    # and the next save works
    save(load(sample_copy), [change], command="test")
    assert load(sample_copy).workbook.incidents[0].village == "Lai Hà"


def test_verification_catches_a_write_that_lost_the_edit(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample_copy.read_bytes()
    loaded = load(sample_copy)
    # A broken patcher that returns the sheet unchanged: the edit never reaches the file.
    monkeypatch.setattr(xmlpatch.SheetPatcher, "render", lambda self: self.xml + b"")
    monkeypatch.setattr(writer._Plan, "build", lambda self, audit: _rebuild(self))
    with pytest.raises(SaveFailed, match=r"Vụ việc!C2 là “Đông Tiến” thay vì “Lai Hà”"):
        save(loaded, [edit(sample_copy)], command="test")
    assert sample_copy.read_bytes() == before
    assert leftovers(sample_copy.parent) == []


def _rebuild(plan: Any) -> bytes:
    """Repackage every edited sheet (unchanged) so the zip differs but the edit is lost."""
    replaced = {work.part: work.patcher.render() for work in plan.sheets.values()}
    return zippatch.rewrite(plan.source.data, replaced, level=1)


def test_verification_catches_an_unreadable_result(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample_copy.read_bytes()
    loaded = load(sample_copy)
    monkeypatch.setattr(writer._Plan, "build", lambda self, audit: self.source.data[:-200])
    with pytest.raises(SaveFailed, match="không đọc lại được"):
        save(loaded, [edit(sample_copy)], command="test")
    assert sample_copy.read_bytes() == before


def test_failure_inside_verify_step_is_reported(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample_copy.read_bytes()
    loaded = load(sample_copy)

    def explode(*_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(writer, "verify_saved", explode)
    with pytest.raises(SaveFailed, match="kiểm tra tệp vừa ghi"):
        save(loaded, [edit(sample_copy)], command="test")
    assert sample_copy.read_bytes() == before


def test_read_only_workbook_is_not_overwritten(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chmod(sample_copy, 0o444)
    if os.geteuid() == 0:  # root may write anything; ask as a clerk's account would
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: not (mode & os.W_OK) and real_access(p, mode)
        )
    before = sample_copy.read_bytes()
    loaded, change = load(sample_copy), edit(sample_copy)
    with pytest.raises(SaveFailed, match="chỉ cho đọc"):
        save(loaded, [change], command="test")
    assert sample_copy.read_bytes() == before
    assert leftovers(sample_copy.parent) == []


def test_permissions_and_owner_are_kept(sample_copy: Path) -> None:
    os.chmod(sample_copy, 0o640)
    owner = (65534, 65534) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(sample_copy, *owner)  # the clerk's file, edited by an admin over SSH
    result = save(load(sample_copy), [edit(sample_copy)], command="test")
    st = sample_copy.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert (st.st_uid, st.st_gid) == owner
    assert result.backup is not None
    backup = result.backup.stat()
    assert stat.S_IMODE(backup.st_mode) == 0o640 and (backup.st_uid, backup.st_gid) == owner
    folder = result.backup.parent.stat()
    assert stat.S_IMODE(folder.st_mode) == 0o750  # group may read, others may not
    assert (folder.st_uid, folder.st_gid) == owner


def test_backups_are_timestamped_and_pruned(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = []
    moments = iter(datetime(2026, 11, 28, 9, 0, s) for s in range(10))
    monkeypatch.setattr(
        writer, "datetime", type("Clock", (), {"now": staticmethod(lambda: next(moments))})
    )
    for number in range(5):
        states.append(sample_copy.read_bytes())
        save(
            load(sample_copy), [edit(sample_copy, f"Thôn {number}")], command="test", keep_backups=3
        )
    kept = backups.list_backups(sample_copy)
    assert [b.name for b in kept] == [
        f"{sample_copy.stem}.20261128-0900{s:02d}.xlsx" for s in (2, 3, 4)
    ]
    assert [b.read_bytes() for b in kept] == states[2:]


def test_backup_names_do_not_collide_within_a_second(sample_copy: Path) -> None:
    fixed = datetime(2026, 11, 28, 9, 0, 0)
    st = sample_copy.stat()
    data = sample_copy.read_bytes()
    first = backups.make_backup(sample_copy, st, data, fixed)
    second = backups.make_backup(sample_copy, st, data, fixed)
    assert first != second and second.name.endswith("-2.xlsx")
    assert backups.list_backups(sample_copy) == [first, second]


def test_zero_backups_keeps_none(sample_copy: Path) -> None:
    result = save(load(sample_copy), [edit(sample_copy)], command="test", keep_backups=0)
    assert result.backup is None
    assert not backups.backup_dir(sample_copy).exists()


def test_symlinked_workbook_keeps_its_link(sample_copy: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(sample_copy)
    save(load(link), [edit(link)], command="test")
    assert link.is_symlink()
    assert load(sample_copy).workbook.incidents[0].village == "Lai Hà"


def test_a_file_system_without_permissions_still_saves_with_backup(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FAT on a USB stick answers EPERM to any mode change (mounting one needs privileges
    # a test machine may not have, so chmod answers as it would).
    def refuse(*_: Any, **__: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    monkeypatch.setattr(os, "chmod", refuse)
    monkeypatch.setattr(os, "link", refuse)  # and it has no hard links for the backup
    save(load(sample_copy), [edit(sample_copy, "An Lạc")], command="test")
    monkeypatch.undo()
    assert load(sample_copy).workbook.incidents[0].village == "An Lạc"
    assert len(backups.list_backups(sample_copy)) == 1
    assert leftovers(sample_copy.parent) == []


_KILLED_MID_SAVE = """
import os, sys
from pathlib import Path
from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
path = Path(sys.argv[1])
loaded = load(path)
edit = SetCell(schema.INCIDENTS.name, loaded.workbook.incidents[0].row, "note", "dở dang")
save(loaded, [edit], command="test", before_replace=lambda _: os.kill(os.getpid(), 9))
"""


def test_a_later_save_clears_the_temp_file_a_killed_save_left(sample_copy: Path) -> None:
    other = sample_copy.with_name(".~antq-so-khac.abcd1234.xlsx")  # another workbook's save
    other.write_bytes(b"not ours")
    before = sample_copy.read_bytes()
    died = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_SAVE, str(sample_copy)], capture_output=True, text=True
    )
    assert died.returncode == -9, died.stderr
    assert sample_copy.read_bytes() == before
    stale = [name for name in leftovers(sample_copy.parent) if name.endswith(".xlsx")]
    assert len(stale) == 2 and other.name in stale  # the killed save's temp file, and the other
    save(load(sample_copy), [edit(sample_copy)], command="test")
    assert leftovers(sample_copy.parent) == [other.name]
