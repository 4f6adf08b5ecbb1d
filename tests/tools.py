"""Real external tools the tests drive: LibreOffice, tmux, sshd.

A missing tool skips the test that needs it, saying which tool; CI sets
ANTQ_REQUIRE_SYSTEM_TOOLS=1 so that a missing tool fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def missing_system_part(message: str) -> None:
    """A system package a test needs is absent: a skip that says which on a developer's
    machine (the README lists them), a failure in CI, which installs them all."""
    if os.environ.get("ANTQ_REQUIRE_SYSTEM_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing_system_part(f"{name} is not installed (see README, 'Kiểm thử')")
    assert path is not None
    return path


def require_file(path: Path, package: str) -> Path:
    if not path.exists():
        missing_system_part(f"{package} is not installed: no {path} (see README, 'Kiểm thử')")
    return path


def soffice_convert(source: Path, outdir: Path, target: str, timeout: float = 120) -> Path:
    """Convert ``source`` with headless LibreOffice (own profile, as pitfalls.md says)."""
    soffice = require_tool("soffice")
    profile = outdir / f".lo-profile-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    produced = outdir / (source.stem + "." + target.split(":")[0])
    shutil.rmtree(profile, ignore_errors=True)
    assert produced.exists(), (
        f"LibreOffice did not convert {source}: {result.stdout}{result.stderr}"
    )
    return produced


POLL = 0.05  # seconds between looks while waiting for a condition


def until(condition: Callable[[], T], timeout: float, failure: Callable[[], str]) -> T:
    """The one wait of the tests outside the Textual pilot: until ``condition`` returns
    something true. The deadline only turns a hang into a failure (generous: a loaded
    machine is slow, not wrong); ``failure`` says what was seen instead."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(failure())
        time.sleep(POLL)


def run_antq(
    *args: str, cwd: Path | None = None, columns: int = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """``antq ARGS`` in a fresh process with a minimal environment, as a user runs it.

    No config file is read unless ``env`` names an XDG_CONFIG_HOME; ``env`` also sets
    variables such as LOGNAME.
    """
    base = {
        "COLUMNS": str(columns),
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd or Path.home()),
        "XDG_CONFIG_HOME": "/nonexistent/antq-tests",
    }
    return subprocess.run(
        [sys.executable, "-m", "antq_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=base | env,
    )
