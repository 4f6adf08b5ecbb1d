"""Disk work runs in worker threads that only post messages: never on the event loop,
where it would freeze the keyboard (a slow disk, a network share)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from antq_tui.editing.journal import beside_path
from tests.tui.conftest import make_app, on_screen, opened, settled, type_text, wait_until


def _recorded(calls: list[tuple[str, bool]], name: str, real: Callable[..., Any]) -> Any:
    def record(*args: Any, **kwargs: Any) -> Any:
        calls.append((name, threading.current_thread() is threading.main_thread()))
        return real(*args, **kwargs)

    return record


async def test_reading_locking_polling_and_the_journals_fsync_are_off_the_loop(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import antq_tui.tui.access as access
    import antq_tui.tui.disk as disk
    import antq_tui.workbook.reader as reader

    calls: list[tuple[str, bool]] = []
    journal = beside_path(sample_copy)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(journal):
            calls.append(("journal fsync", threading.current_thread() is threading.main_thread()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(reader, "load", _recorded(calls, "read", reader.load))
    monkeypatch.setattr(access.WriterLock, "try_acquire", _recorded(
        calls, "lock", access.WriterLock.try_acquire
    ))  # fmt: skip
    monkeypatch.setattr(disk, "office_lock_holder", _recorded(
        calls, "poll", disk.office_lock_holder
    ))  # fmt: skip
    app = make_app(sample_copy, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down", "right", "right", "right", "right", "enter")
        await on_screen(pilot, "RecordForm")
        await type_text(pilot, "!")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        await wait_until(pilot, lambda: {"journal fsync", "poll"} <= {name for name, _ in calls})
        seen = list(calls)
    assert {name for name, _ in seen} == {"read", "lock", "poll", "journal fsync"}
    assert [name for name, on_loop in seen if on_loop] == []
