"""The core on Windows: no POSIX-only module on its paths, and a replace that waits for Windows.

Windows does not run here, so the commands run with what Windows lacks taken away: the
modules ``fcntl``, ``pwd``, ``grp``, ``termios``, ``tty``, ``pty`` and ``resource``, and the
``os`` names ``O_DIRECTORY``, ``O_CLOEXEC``, ``fchmod``, ``fchown``, ``getuid``. The lock
library (filelock) is loaded before the block: on Windows it uses its own native module
(``msvcrt``), here the one it found at import, as a third-party platform layer should.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from antq_tui.files import durable
from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
from tests.conftest import SAMPLE

WINDOWS_LACKS = """
import importlib.abc, os, sys
import filelock  # its platform layer, loaded as it would be on Windows
filelock.lock_descriptor
POSIX_ONLY = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource"}

class NotOnWindows(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in POSIX_ONLY:
            raise ModuleNotFoundError(f"No module named {name!r} (not on Windows)", name=name)
        return None

for module in POSIX_ONLY:
    sys.modules.pop(module, None)
sys.meta_path.insert(0, NotOnWindows())
for name in ("O_DIRECTORY", "O_CLOEXEC", "fchmod", "fchown", "getuid"):
    if hasattr(os, name):
        delattr(os, name)
sys.argv[0] = "antq"
from antq_tui.cli import main
main()
"""


def antq_without_posix(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "XDG_CONFIG_HOME": str(cwd / "cfg")}
    env |= {"XDG_STATE_HOME": str(cwd / "state"), "COLUMNS": "120", "USERNAME": "canbo"}
    return subprocess.run(
        [sys.executable, "-c", WINDOWS_LACKS, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def test_commands_run_without_posix_only_modules(tmp_path: Path) -> None:
    new = antq_without_posix("init", "moi.xlsx", "--xa", "Tân An", "--nam", "2024", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    assert (tmp_path / "moi.xlsx").exists()

    shutil.copyfile(SAMPLE, tmp_path / "so.xlsx")
    loaded = load(tmp_path / "so.xlsx")
    first = loaded.workbook.incidents[0]
    spaced = SetCell(schema.INCIDENTS.name, first.row, "summary", "Va  chạm   xe máy ")
    save(loaded, [spaced], command="test", keep_backups=0)  # something for fix to mend
    checked = antq_without_posix("validate", "so.xlsx", "--no-pager", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    fixed = antq_without_posix("fix", "so.xlsx", cwd=tmp_path)  # a real save: lock, backup, replace
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert load(tmp_path / "so.xlsx").workbook.incidents[0].summary == "Va chạm xe máy"
    assert len(list((tmp_path / ".antq-backup").iterdir())) == 1

    exported = antq_without_posix("export", "so.xlsx", "-o", "bao-cao.docx", cwd=tmp_path)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert (tmp_path / "bao-cao.docx").stat().st_size > 10_000

    totals = antq_without_posix("totals", "so.xlsx", "--format", "json", cwd=tmp_path)
    assert totals.returncode == 0, totals.stdout + totals.stderr
    assert '"incidents"' in totals.stdout
    # Two communes: read by a pool of processes.
    rolled = antq_without_posix("rollup", "so.xlsx", "moi.xlsx", "--nam", "2021", "--format",
                                "json", cwd=tmp_path)  # fmt: skip
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert '"Hoàng Diệu"' in rolled.stdout and '"Tân An"' in rolled.stdout
    for result in (new, checked, fixed, exported, totals, rolled):
        assert "Traceback" not in result.stderr and "not on Windows" not in result.stderr


def test_rollup_workers_start_as_on_windows(tmp_path: Path) -> None:
    """Windows starts a worker as a new interpreter (spawn), not a copy of the command
    (fork): what the workers are given must be picklable, and nothing runs twice."""
    shutil.copyfile(SAMPLE, tmp_path / "a.xlsx")
    shutil.copyfile(SAMPLE, tmp_path / "b.xlsx")
    spawn = 'import multiprocessing\nmultiprocessing.set_start_method("spawn")\n'
    result = subprocess.run(
        [sys.executable, "-c", spawn + WINDOWS_LACKS, "rollup", "a.xlsx", "b.xlsx", "--format",
         "json"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )  # fmt: skip
    # The same commune twice: one counted, the other listed; exit 1, said once.
    assert result.returncode == 1, result.stderr
    assert result.stdout.count('"commune": "Hoàng Diệu"') == 1
    assert result.stderr.count("Đã tổng hợp 1 xã") == 1 and "Traceback" not in result.stderr


def test_merge_runs_without_posix_only_modules(tmp_path: Path) -> None:
    shutil.copyfile(SAMPLE, tmp_path / "hoang-dieu.xlsx")
    made = antq_without_posix(
        "init", "tan-an.xlsx", "--xa", "Tân An", "--nam", "2021", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    args = ("merge", "hoang-dieu.xlsx", "tan-an.xlsx", "-o", "gop.xlsx", "--xa", "Tân Hoàng")
    merged = antq_without_posix(*args, cwd=tmp_path)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    again = antq_without_posix(*args, "--force", cwd=tmp_path)  # lock, backup, replace
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(load(tmp_path / "gop.xlsx").workbook.incidents) == 14
    assert len(list((tmp_path / ".antq-backup").iterdir())) == 1
    for result in (made, merged, again):
        assert "Traceback" not in result.stderr and "not on Windows" not in result.stderr


def test_the_block_really_takes_fcntl_away(tmp_path: Path) -> None:
    # The harness itself can fail: code that imports fcntl does not run under it.
    probe = WINDOWS_LACKS.replace("from antq_tui.cli import main\nmain()", "import fcntl")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode != 0 and "not on Windows" in result.stderr


def test_replace_waits_while_windows_holds_the_destination(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows answers "access denied" while a scanner or Excel's preview has the file open.
    source, target = tmp_path / "new.xlsx", tmp_path / "so.xlsx"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    real_replace = os.replace
    refusals = iter([True, True, True])

    def held_open(a: str | Path, b: str | Path) -> None:
        if next(refusals, False):
            raise PermissionError(13, "The process cannot access the file")
        real_replace(a, b)

    monkeypatch.setattr(durable, "WINDOWS", True)
    monkeypatch.setattr(durable, "REPLACE_PAUSE", 0)
    monkeypatch.setattr(os, "replace", held_open)
    durable.replace(source, target)
    assert target.read_bytes() == b"new" and not source.exists()


def test_replace_gives_up_when_the_destination_stays_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "new.xlsx", tmp_path / "so.xlsx"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    attempts = []

    def always_held(a: str | Path, b: str | Path) -> None:
        attempts.append(a)
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(durable, "WINDOWS", True)
    monkeypatch.setattr(durable, "REPLACE_PAUSE", 0)
    monkeypatch.setattr(os, "replace", always_held)
    with pytest.raises(PermissionError):
        durable.replace(source, target)
    assert len(attempts) == durable.REPLACE_ATTEMPTS
    assert target.read_bytes() == b"old"


def test_on_posix_a_refused_replace_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = []

    def refused(a: str | Path, b: str | Path) -> None:
        attempts.append(a)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(durable, "WINDOWS", False)
    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        durable.replace(tmp_path / "a", tmp_path / "b")
    assert len(attempts) == 1
