"""``antq demo``: a working copy of the bundled sample, never the tracked file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from antq_tui.cli import tui_cmds
from antq_tui.workbook import bundled
from antq_tui.workbook.reader import load_workbook
from tests.conftest import SAMPLE


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_from_the_repository_then_reuse(tmp_path: Path) -> None:
    before = _digest(SAMPLE)
    target, reused = tui_cmds.copy_sample(tmp_path / "antq-demo")
    assert not reused and target == tmp_path / "antq-demo" / SAMPLE.name
    assert _digest(target) == before
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    target.write_bytes(target.read_bytes())  # the operator's own edits stay
    again, reused = tui_cmds.copy_sample(tmp_path / "antq-demo")
    assert reused and again == target
    assert _digest(SAMPLE) == before


def test_installed_package_builds_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-editable install has no workbooks/ folder: the builder makes the copy."""
    monkeypatch.setattr(bundled, "REPO_WORKBOOKS", tmp_path / "not-here")
    target, reused = tui_cmds.copy_sample(tmp_path / "demo")
    assert not reused
    built, shipped = load_workbook(target), load_workbook(SAMPLE)
    assert [i.values() for i in built.incidents] == [i.values() for i in shipped.incidents]
    assert built.settings.commune == "Hoàng Diệu"


def test_demo_folder_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTQ_DEMO_DIR", str(tmp_path / "x"))
    assert tui_cmds.demo_folder() == tmp_path / "x"
    monkeypatch.delenv("ANTQ_DEMO_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert tui_cmds.demo_folder() == tmp_path / "antq-demo"


def test_without_a_terminal_it_says_how_instead_of_hanging(tmp_path: Path) -> None:
    """``ssh host antq demo`` (no -t) gives pipes, not a terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "antq_tui", "demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 2
    assert "ssh -t" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "antq-demo" / SAMPLE.name).is_file()  # the copy is made all the same
