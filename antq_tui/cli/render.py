"""Rich output shared by the CLI commands."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from antq_tui.model.text import format_int
from antq_tui.validate.findings import Report, Severity, group_by_sheet


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@contextmanager
def paged(out: Console, enabled: bool = True) -> Iterator[None]:
    """What ``out`` prints inside goes through the pager (less) in a terminal; into a
    pipe or a file it is printed as is."""
    if enabled and out.is_terminal and (os.environ.get("PAGER") or shutil.which("less")):
        os.environ.setdefault("LESS", "FRX")  # as git does: colours, no pager for one screen
        with out.pager(styles=True):
            yield
    else:
        yield


def print_findings(path: Path, report: Report, out: Console | None = None) -> None:
    out = out or console()
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.findings:
        out.print(f"[green]✓[/] {path.name}: sổ hợp lệ, không có lỗi hay cảnh báo.")
        return
    for sheet, findings in group_by_sheet(report.findings).items():
        table = Table(title=f"Trang “{sheet}”", title_justify="left", expand=True, show_lines=False)
        table.add_column("Mức", no_wrap=True)
        table.add_column("Ô", no_wrap=True)
        table.add_column("Nội dung", ratio=3)
        table.add_column("Gợi ý", ratio=2)
        for finding in findings:
            style = "red" if finding.severity is Severity.ERROR else "yellow"
            cell = finding.cell.split("!", 1)[-1] if finding.cell else "—"
            table.add_row(
                f"[{style}]{finding.severity.label}[/]",
                cell,
                finding.message,
                finding.suggestion or "",
            )
        out.print(table)
    summary = f"{format_int(errors)} lỗi, {format_int(warnings)} cảnh báo"
    if errors:
        out.print(f"[red]✗[/] {path.name}: {summary}.")
    else:
        out.print(f"[green]✓[/] {path.name}: không có lỗi ({summary}).")
