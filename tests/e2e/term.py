"""A real terminal for end-to-end tests: tmux on its own socket, 80x24."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from tests.tools import require_tool

REPO = Path(__file__).resolve().parents[2]


def antq_command(*args: str) -> list[str]:
    """``antq ARGS`` with this interpreter (the test's virtualenv)."""
    return [sys.executable, "-m", "antq_tui", *args]


class Tmux:
    def __init__(self, folder: Path) -> None:
        self.tmux = require_tool("tmux")
        folder.mkdir(parents=True, exist_ok=True)
        # A socket path must stay under ~100 bytes: keep it short, in /tmp.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="antq-tmux-", dir="/tmp"))
        self.socket = self.socket_dir / "s"
        self.conf = folder / "tmux.conf"
        # Escape reaches the program at once; panes stay readable after the program ends.
        self.conf.write_text("set -g escape-time 10\nset -g remain-on-exit on\n")

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            [self.tmux, "-S", str(self.socket), "-f", str(self.conf), *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {args}: {result.stderr}")
        return result.stdout

    def start(
        self,
        name: str,
        command: list[str],
        env: Mapping[str, str],
        *,
        width: int = 80,
        height: int = 24,
        cwd: Path | None = None,
    ) -> None:
        line = "exec env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line += " " + shlex.join(command)
        if cwd is not None:
            line = f"cd {shlex.quote(str(cwd))} && {line}"
        self.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line)

    def keys(self, name: str, *keys: str) -> None:
        """tmux key names: Enter, Escape, Tab, C-s, DC (delete), Down, ..."""
        for key in keys:
            self.run("send-keys", "-t", name, key)
            time.sleep(0.05)

    def type(self, name: str, text: str) -> None:
        self.run("send-keys", "-t", name, "-l", text)
        time.sleep(0.05)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(name)
            if needle in text or needle in flat(text):  # also across wrapped lines
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"“{needle}” not on screen after {timeout}s:\n{text}")
            time.sleep(0.1)

    def wait_gone(self, name: str, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(name)
            if needle not in text:
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"“{needle}” still on screen after {timeout}s:\n{text}")
            time.sleep(0.1)

    def pane_pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def pane_dead(self, name: str) -> bool:
        return self.run("display-message", "-p", "-t", name, "#{pane_dead}").strip() == "1"

    def wait_dead(self, name: str, timeout: float = 20.0) -> str:
        """Wait for the program in the pane to end; returns its last screen."""
        deadline = time.monotonic() + timeout
        while not self.pane_dead(name):
            if time.monotonic() > deadline:
                raise AssertionError(f"still running after {timeout}s:\n{self.screen(name)}")
            time.sleep(0.1)
        return self.screen(name)

    def kill_session(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)

    def kill_server(self) -> None:
        self.run("kill-server", check=False)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


def wait_exited(pid: int, timeout: float = 10.0) -> None:
    import os

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # A zombie still answers kill(0): look at its state.
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still running")


def flat(screen: str) -> str:
    """The screen's words as one line: borders gone, wrapped lines joined."""
    lines = [line.strip().strip("█▀▄▌▐│▁▔").strip() for line in screen.splitlines()]
    return " ".join(" ".join(line.split()) for line in lines if line)
