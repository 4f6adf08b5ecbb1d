"""One edited cell saved: antq's writer vs an openpyxl load + save of the same file.

    python -m bench.bench_save [sizes...]

antq's time is the whole ``save()``: lock, conflict check (hash), patch, zip, fsync,
re-read and check with the loader, backup, replace, audit row. openpyxl's is what a
naive program would do: ``load_workbook``, set the cell, ``save`` (to another file).
Both run on the same generated workbook in the same run, alternately.

Targets (issue 3): at least 10x faster than openpyxl at 100k rows; under 0.1 s at 1k.

Bulk saves (issue 13): ``antq fix``, the TUI's "F" and journal replays save thousands
of cells at once; 10,000 edited cells in a 100k-row workbook must cost at most 2x a
one-cell save of the same workbook, measured alternately in the same run.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save

from .generate import generate


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class AntqSaver:
    """Saves one cell again and again, as the TUI does (each save starts from the last)."""

    def __init__(self, path: Path) -> None:
        self.loaded = load(path)
        self.row = self.loaded.workbook.incidents[len(self.loaded.workbook.incidents) // 2].row
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        edit = SetCell(schema.INCIDENTS.name, self.row, "deaths", self.count % 3)
        self.loaded = save(self.loaded, [edit], command="bench").loaded


class BulkSaver:
    """One save of ``cells`` cells on as many rows, as ``antq fix`` makes (numbers, text, dates).

    Each save starts from a fresh copy of the workbook, loaded before the clock starts:
    ``antq fix`` saves once into a workbook whose audit sheet holds earlier saves only.
    """

    def __init__(self, source: Path, target: Path, cells: int) -> None:
        self.source, self.target = source, target
        self.count = 0
        self.cells = cells
        self.prepare()

    def prepare(self) -> None:
        shutil.copyfile(self.source, self.target)
        self.loaded = load(self.target)
        incidents = self.loaded.workbook.incidents
        step = max(1, len(incidents) // self.cells)
        self.rows = [incidents[i].row for i in range(0, len(incidents), step)][: self.cells]

    def __call__(self) -> None:
        self.count += 1
        fields = ("deaths", "summary", "date")
        edits = [
            SetCell(
                schema.INCIDENTS.name,
                row,
                fields[n % 3],
                (self.count + n) % 3
                if n % 3 == 0
                else f"Sửa lần {self.count}, hàng {row}"
                if n % 3 == 1
                else date(2021, 1 + (self.count + n) % 12, 1 + n % 28),
            )
            for n, row in enumerate(self.rows)
        ]
        save(self.loaded, edits, command="bench")


def bulk(size: int, cells: int, folder: Path, repeats: int) -> tuple[float, float]:
    """Median seconds of a one-cell save and of a ``cells``-cell save, alternately."""
    one_path = folder / f"one-{size}.xlsx"
    shutil.copyfile(generate(size), one_path)
    one = AntqSaver(one_path)
    many = BulkSaver(generate(size), folder / f"bulk-{size}.xlsx", cells)
    one(), many()  # warm
    one_times, many_times = [], []
    for _ in range(repeats):
        one_times.append(timed(one))
        many.prepare()
        many_times.append(timed(many))
    return statistics.median(one_times), statistics.median(many_times)


def openpyxl_save(source: Path, target: Path, row: int) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(source)
    ws = wb[schema.INCIDENTS.name]
    ws.cell(row=row, column=6).value = 2
    wb.save(target)


def run(size: int, folder: Path) -> tuple[float, float]:
    path = folder / f"antq-{size}.xlsx"
    shutil.copyfile(generate(size), path)
    antq = AntqSaver(path)
    baseline_source = folder / f"baseline-{size}.xlsx"
    shutil.copyfile(generate(size), baseline_source)
    target = folder / f"baseline-{size}-out.xlsx"
    repeats = 7 if size <= 10_000 else 3
    baseline_repeats = 3 if size <= 10_000 else 1
    antq()  # warm: imports, file cache
    antq_times, baseline_times = [], []
    for turn in range(repeats):
        antq_times.append(timed(antq))
        if turn < baseline_repeats:
            baseline_times.append(timed(lambda: openpyxl_save(baseline_source, target, antq.row)))
    return statistics.median(antq_times), statistics.median(baseline_times)


BULK_CELLS = 10_000


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="antq-bench-save-") as tmp:
        for size in sizes:
            cells = min(BULK_CELLS, size // 10)
            one, many = bulk(size, cells, Path(tmp), 3 if size >= 100_000 else 5)
            ratio = many / one
            target = f"target <= 2x: {'ok' if ratio <= 2 else 'MISSED'}" if size >= 100_000 else ""
            print(
                f"{size:>8,} rows  one-cell save {one:7.3f}s  {cells:,}-cell save {many:7.3f}s  "
                f"ratio {ratio:5.2f}x  {target}",
                flush=True,
            )
        for size in sizes:
            ours, theirs = run(size, Path(tmp))
            speedup = theirs / ours
            targets = []
            if size >= 100_000:
                targets.append(f"target >= 10x: {'ok' if speedup >= 10 else 'MISSED'}")
            if size <= 1_000:
                targets.append(f"target < 0.1 s: {'ok' if ours < 0.1 else 'MISSED'}")
            print(
                f"{size:>8,} rows  antq save {ours:7.3f}s  openpyxl load+save {theirs:7.3f}s  "
                f"{speedup:6.1f}x faster  {'; '.join(targets)}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
