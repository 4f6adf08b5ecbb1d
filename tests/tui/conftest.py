"""Pilot helpers: an app on a private copy, with the user's folders in tmp."""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from antq_tui.config.user_config import Config
from antq_tui.tui.app import AntqApp
from tests.conftest import SAMPLE, TODAY
from tests.tools import require_tool
from tests.tui.screen_text import screen_text


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config, state and journals of the tests never touch the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("ANTQ_WORKBOOK", raising=False)
    return home


def make_app(path: Path, config: Config | None = None, **kwargs: Any) -> AntqApp:
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("poll_seconds", 3600)
    kwargs.setdefault("blink", False)
    kwargs.setdefault("user", "tester")
    return AntqApp(path, config or Config(), **kwargs)


async def wait_until(pilot: Any, condition: Callable[[], object], timeout: float = 30.0) -> None:
    """The one wait of these tests: until ``condition`` holds. The deadline only turns a
    hang into a failure (generous: a loaded machine is slow, not wrong)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen:\n{screen_text(pilot.app)}")
        await pilot.pause()  # what is pending is handled
        if not condition():
            await asyncio.sleep(0.01)  # a worker thread or a timer of the app's: look again
    await pilot.pause()


async def opened(pilot: Any) -> Any:
    """Wait for the main screen, its first validation and any recovery question."""
    app = pilot.app
    await wait_until(pilot, lambda: app.main is not None and app.report is not None)
    return app.main


def idle(app: AntqApp) -> bool:
    """No job under way: no worker left, the validation is of the session as it is."""
    return (
        not app.busy
        and app.session is not None
        and app.report_version == app.session.version
        and all(worker.is_finished for worker in app.workers)
    )


async def settled(pilot: Any) -> None:
    """Wait for the workers (validation, save, journal) to finish and the screen to redraw."""
    await pilot.pause()  # what the last key started has started
    await wait_until(pilot, lambda: idle(pilot.app))


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


@pytest.fixture
def lock_holder() -> Iterator[Any]:
    """Hold antq's writer lock on a workbook from another process (a second operator)."""
    processes: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        code = (
            "import sys\n"
            "from antq_tui.workbook.guards.own_lock import WriterLock\n"
            "lock = WriterLock(sys.argv[1])\n"
            "assert lock.try_acquire()\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n"  # held until the test lets go (closes stdin) or ends
        )
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        processes.append(process)
        return process

    yield hold
    for process in processes:
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


async def on_screen(pilot: Any, name: str) -> None:
    """Wait until the screen named ``name`` is on top and drawn."""
    app = pilot.app
    await wait_until(
        pilot, lambda: type(app.screen).__name__ == name and screen_text(app).strip() != ""
    )


class SmallDisk:
    """A real file system of 256 KiB (a tmpfs) holding a copy of the sample; ``fill()``
    takes every free byte, ``free()`` gives them back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.workbook = folder / SAMPLE.name
        self.filler = folder / "filler"

    def fill(self) -> None:
        with self.filler.open("ab", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        assert shutil.disk_usage(self.folder).free == 0

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    if os.geteuid() != 0:
        pytest.skip(
            "a full disk is a small tmpfs mounted for the test, which needs root: "
            "test_full_disk_tests_as_root_of_a_user_namespace runs this test in "
            "`unshare -rm` instead"
        )
    mount, umount = require_tool("mount"), require_tool("umount")
    folder = tmp_path / "disk"
    folder.mkdir()
    subprocess.run([mount, "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], check=True)
    try:
        disk = SmallDisk(folder)
        shutil.copyfile(SAMPLE, disk.workbook)
        yield disk
    finally:
        subprocess.run([umount, "-l", str(folder)], check=True)
