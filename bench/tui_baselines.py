"""Baselines for bench_tui, run in the same pty: the smallest Textual app, and the
stock DataTable holding the same records (what the virtual table replaces).

    python -m bench.tui_baselines hello
    python -m bench.tui_baselines datatable WORKBOOK.xlsx
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hàng xin chào")


class StockTable(App[None]):
    """The workbook's incidents in Textual's DataTable, added all at once (its usual use)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        from antq_tui.editing.entry import display_text
        from antq_tui.model import schema
        from antq_tui.workbook.reader import load_workbook

        workbook = load_workbook(self.path)
        table = self.query_one(DataTable)
        table.add_column("Hàng")
        kinds = [(c.field, c.kind) for c in schema.INCIDENTS.columns]
        for column in schema.INCIDENTS.columns:
            table.add_column(column.header)
        table.add_rows(
            [str(r.row), *(display_text(k, getattr(r, f)) for f, k in kinds)]
            for r in workbook.incidents
        )
        table.focus()


if __name__ == "__main__":
    if sys.argv[1] == "hello":
        Hello().run()
    else:
        StockTable(sys.argv[2]).run()
