from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.e2e.term import Tmux


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    terminal = Tmux(tmp_path / "tmux")
    yield terminal
    terminal.kill_server()


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """The operator's environment: own home, config and state folders, UTF-8."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "tmux-256color",
        "COLORTERM": "truecolor",
    }


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    target = tmp_path / "so" / SAMPLE.name
    target.parent.mkdir()
    shutil.copyfile(SAMPLE, target)
    return target
