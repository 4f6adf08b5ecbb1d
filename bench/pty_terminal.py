"""A pseudo-terminal that times a full-screen program: first paint and each redraw.

The program runs in a real pty (80x24 by default), as over SSH. We answer
Textual's query for synchronized output, so every frame it draws arrives
between ``ESC[?2026h`` and ``ESC[?2026l``: a frame is complete when the end
marker arrives, which is what the operator sees.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
FRAME_END = b"\x1b[?2026l"


class PtyProgram:
    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        cols: int = 80,
        rows: int = 24,
    ) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            start_new_session=True,
        )
        os.close(slave)
        self.buffer = bytearray()
        self.frames = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            raise EOFError from None
        if not data:
            raise EOFError
        if SYNC_QUERY in data or (SYNC_QUERY in self.buffer[-16:] + data):
            os.write(self.master, SYNC_REPLY)
        self.frames += data.count(FRAME_END)
        self.buffer += data
        return True

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Seconds since start until ``text`` is on screen in a completed frame."""
        needle = text.encode("utf-8")
        deadline = time.perf_counter() + timeout
        while True:
            at = self.buffer.find(needle)
            if at != -1 and self.buffer.find(FRAME_END, at) != -1:
                return time.perf_counter() - self.started
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{text!r} did not appear")
            self._read(0.05)

    def quiet(self, seconds: float = 0.5, limit: float = 3.0) -> None:
        """Read until nothing arrives for ``seconds`` (background work done), at most
        ``limit`` seconds (a blinking cursor never goes quiet)."""
        deadline = time.perf_counter() + limit
        while self._read(seconds) and time.perf_counter() < deadline:
            pass

    def press(self, key: bytes, timeout: float = 5.0) -> float:
        """Send a key; seconds until the next complete frame."""
        frames = self.frames
        start = time.perf_counter()
        os.write(self.master, key)
        deadline = start + timeout
        while self.frames == frames:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no frame after {key!r}")
            self._read(0.05)
        return time.perf_counter() - start

    def press_until(self, key: bytes, text: str, timeout: float = 10.0) -> float:
        """Send a key; seconds until ``text`` is drawn in a completed frame after it.

        Unlike ``press``, a frame already on its way (a blinking cursor) is not taken
        for the answer to the key.
        """
        needle = text.encode("utf-8")
        mark = len(self.buffer)
        start = time.perf_counter()
        os.write(self.master, key)
        deadline = start + timeout
        while True:
            at = self.buffer.find(needle, mark)
            if at != -1 and self.buffer.find(FRAME_END, at) != -1:
                return time.perf_counter() - start
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{text!r} not drawn after {key!r}")
            self._read(0.01)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)


KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
}
