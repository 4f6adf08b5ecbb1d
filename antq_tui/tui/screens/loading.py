"""Shown while the workbook is read in a worker: what is happening and how far along."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ProgressBar, Static


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Vertical { width: 60; max-width: 100%; height: auto; }
    LoadingScreen Static { width: 100%; content-align: center middle; }
    LoadingScreen ProgressBar { width: 100%; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"antq — {self.path.name}", markup=False)
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Static("Đang mở…", id="step", markup=False)

    def progress(self, text: str, fraction: float) -> None:
        self.query_one(ProgressBar).update(progress=round(fraction * 100))
        self.query_one("#step", Static).update(text)
