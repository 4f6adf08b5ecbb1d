"""Report and totals vs python-calamine's bare read of the same file, in one run.

    python -m bench.bench_report [sizes...]

Targets: ``antq totals`` on the 100k-incident workbook (every summary a different
sentence) <= 1.3x the bare read (issue 13; 1.5x in issue 4), ``antq export`` <= 1.5x;
``antq export`` of the bundled sample, as a whole process, under 0.5 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from antq_tui.model.periods import parse_period
from antq_tui.report.build import build_report
from antq_tui.report.export import save_document
from antq_tui.report.totals import merge_totals, monthly_totals, totals_json
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load_workbook

from .bench_load import bare_read
from .generate import generate
from .harness import Timing, interleaved, ratio_line

SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "sample-hoang-dieu-2021.xlsx"


def totals(path: str) -> int:
    """What ``antq totals --by month --format json`` computes."""
    workbook = load_workbook(path)
    period = parse_period(cutoff=workbook.settings.cutoff, default_year=workbook.settings.year)
    months = monthly_totals(workbook, period)
    figures = totals_json(merge_totals(period, months))
    return int(figures["incidents"]["count"]) + len(months)


def export(path: str, folder: Path) -> int:
    """What ``antq export --force`` does: load, validate (for the warning), build, write."""
    workbook = load_workbook(path)
    errors = len(validate(workbook, errors_only=True).errors)
    period = parse_period(cutoff=workbook.settings.cutoff, default_year=workbook.settings.year)
    doc = build_report(workbook, period)
    save_document(doc, folder / "bao-cao.docx", like=workbook.path, force=True)
    return errors + len(doc.body)


def process_seconds(args: list[str], repeats: int = 10) -> Timing:
    """Wall time of a whole ``antq`` process, with hyperfine when it is installed."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            subprocess.run(
                [hyperfine, "-N", "--warmup", "2", "--runs", str(repeats), "--export-json",
                 report.name, " ".join(args)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            import json

            times = json.loads(Path(report.name).read_text())["results"][0]["times"]
            return Timing("antq export (hyperfine)", times)
    seconds = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return Timing("antq export (subprocess)", seconds[1:])


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for size in sizes:
            path = str(generate(size))
            repeats = 9 if size <= 10_000 else 7  # the machine is noisy: medians of more runs
            timings = interleaved(
                {
                    "bare": lambda path=path: bare_read(path),
                    "totals": lambda path=path: totals(path),
                    "export": lambda path=path: export(path, out),
                },
                repeats,
            )
            for name, target in (("totals", "<= 1.3x at 100k"), ("export", "<= 1.5x at 100k")):
                print(ratio_line(f"{size:,}", timings[name], timings["bare"], target))
        target = out / "sample.docx"
        antq = [
            sys.executable,
            "-m",
            "antq_tui",
            "export",
            str(SAMPLE),
            "-o",
            str(target),
            "--force",
        ]
        run = process_seconds(antq)
        print(
            f"{'sample':>10}  {run.name}: median {run.median:.3f}s, best {run.best:.3f}s "
            f"(target < 0.5 s for the whole process)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
