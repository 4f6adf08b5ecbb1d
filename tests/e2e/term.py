"""A real terminal for end-to-end tests: tmux on its own socket, 80x24."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from tests.tools import require_tool, until

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def file_says(path: Path, text: str, timeout: float = 30.0) -> str:
    """Wait until ``path`` exists and holds ``text``; its content."""

    def content() -> str:
        try:
            found = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        return found if text in found else ""

    return until(content, timeout, lambda: f"“{text}” never reached {path}")


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
        """tmux key names (Enter, Escape, Tab, C-s, DC for delete, Down, …), sent at once:
        no gaps. What a key depends on is waited for on the screen, not by the clock."""
        self.run("send-keys", "-t", name, *keys)

    def type(self, name: str, text: str) -> None:
        self.run("send-keys", "-t", name, "-l", text)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, needle: str, timeout: float = 30.0) -> str:
        def seen() -> str:
            text = self.screen(name)
            return text if needle in text or needle in flat(text) else ""  # wrapped too

        return until(
            seen,
            timeout,
            lambda: f"“{needle}” not on screen after {timeout}s:\n{self.screen(name)}",
        )

    def wait_gone(self, name: str, needle: str, timeout: float = 30.0) -> str:
        def gone() -> str:
            text = self.screen(name)
            return text if needle not in text else ""

        return until(
            gone,
            timeout,
            lambda: f"“{needle}” still on screen after {timeout}s:\n{self.screen(name)}",
        )

    def pane_pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def pane_dead(self, name: str) -> bool:
        return self.run("display-message", "-p", "-t", name, "#{pane_dead}").strip() == "1"

    def wait_dead(self, name: str, timeout: float = 30.0) -> str:
        """Wait for the program in the pane to end; returns its last screen."""
        until(
            lambda: self.pane_dead(name),
            timeout,
            lambda: f"still running after {timeout}s:\n{self.screen(name)}",
        )
        return self.screen(name)

    def kill_session(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)

    def kill_server(self) -> None:
        self.run("kill-server", check=False)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


def wait_exited(pid: int, timeout: float = 30.0) -> None:
    import os

    def ended() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie still answers kill(0): look at its state.
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        return state == "Z"

    until(ended, timeout, lambda: f"process {pid} still running")


def flat(screen: str) -> str:
    """The screen's words as one line: borders gone, wrapped lines joined."""
    lines = [line.strip().strip("█▀▄▌▐│▁▔").strip() for line in screen.splitlines()]
    return " ".join(" ".join(line.split()) for line in lines if line)
