"""The TUI as the operator feels it, in a real pseudo-terminal at 80x24.

    python -m bench.bench_tui [--presses N]

1. First paint, whole process (spawn to the table on screen): ``antq tui`` on the
   sample, on 100k incidents and on 300 incidents of 32,000-character summaries,
   against the smallest Textual app (startup floor) and against Textual's stock
   DataTable holding the same 100k records. Target: the sample and the long
   summaries under 1 s.
2. Keypress to redraw while scrolling 100k records (down and page down), against
   the same keys on the 14-record sample and on the stock DataTable.
   Target: no frame over 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from antq_tui.editing.journal import beside_path

from .generate import generate
from .harness import Timing
from .pty_terminal import KEYS, PtyProgram

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "workbooks" / "sample-hoang-dieu-2021.xlsx"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "ANTQ"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    return env


def _copy(path: Path, folder: Path) -> Path:
    """A private copy (the TUI takes a lock and may write a journal beside it)."""
    target = folder / path.name
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def antq(path: Path) -> list[str]:
    return [sys.executable, "-m", "antq_tui", "tui", str(path)]


def baseline(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.tui_baselines", *args]


def first_paint(argv: list[str], env: dict[str, str], marker: str, repeats: int) -> Timing:
    seconds = []
    for _ in range(repeats + 1):  # the first run warms the file cache
        program = PtyProgram(argv, env)
        try:
            seconds.append(program.wait_for(marker, timeout=120))
        finally:
            program.close()
    return Timing(" ".join(Path(a).name for a in argv[2:]), seconds[1:])


def scrolling(
    argv: list[str], env: dict[str, str], marker: str, keys: list[str], presses: int
) -> list[float]:
    program = PtyProgram(argv, env)
    try:
        program.wait_for(marker, timeout=120)
        program.quiet(1.0)
        latencies = []
        for index in range(presses):
            latencies.append(program.press(KEYS[keys[index % len(keys)]]))
        return latencies
    finally:
        program.close()


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
        f"max {max(values) * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the sample in place of 100k records, one run, a few presses: the harness works",
    )
    options = parser.parse_args()
    if options.quick:
        options.repeats, options.presses = 1, 10
    folder = Path(tempfile.mkdtemp(prefix="antq-bench-tui-"))
    home = folder / "home"
    home.mkdir()
    env = _env(home)
    sample = _copy(SAMPLE, folder)
    big = sample if options.quick else _copy(generate(100_000), folder)
    many = "sample" if options.quick else "100k"
    moves = ["down", "up"] if options.quick else ["down", "pagedown"]  # every key moves

    def line(label: str, a: Timing, b: Timing, target: str) -> str:
        return (
            f"{label:>24}  {a.median:7.3f}s  vs {b.name:<16} {b.median:7.3f}s  "
            f"ratio {a.median / b.median:5.2f}x  ({target})"
        )

    print("First paint, whole process, 80x24 pty (median of", options.repeats, "runs)")
    hello = first_paint(baseline("hello"), env, "Hàng", options.repeats)
    hello.name = "hello Textual"
    small = first_paint(antq(sample), env, "Hàng", options.repeats)
    print(line("antq tui, sample", small, hello, "target < 1 s"))
    large = first_paint(antq(big), env, "Hàng", max(1, min(3, options.repeats // 2)))
    long_text = _copy(generate(300, text_chars=32_000), folder)
    long = first_paint(antq(long_text), env, "Hàng", max(1, min(3, options.repeats)))
    print(line("antq tui, 300 x 32k", long, hello, "target < 1 s"))
    stock = first_paint(baseline("datatable", str(big)), env, "Hàng", min(2, options.repeats))
    stock.name = "stock DataTable"
    print(line(f"antq tui, {many}", large, stock, "lower is better"))
    print(f"{'':>24}  best sample {small.best:.3f}s, best {many} {large.best:.3f}s")
    print()
    print(f"Keypress to redraw, {options.presses} presses (down and page down in turn)")
    # Every key must move something: on 14 records, down and up in turn.
    for label, argv, keys in (
        (f"antq tui, {many}", antq(big), moves),
        ("antq tui, sample", antq(sample), ["down", "up"]),
        (f"stock DataTable, {many}", baseline("datatable", str(big)), moves),
    ):
        latencies = scrolling(argv, env, "Hàng", keys, options.presses)
        over = sum(1 for s in latencies if s > 0.1)
        print(f"{label:>24}  {_ms(latencies)}  frames over 100 ms: {over}")
    print()
    print("Editing a record (Enter until the form is drawn, ctrl+s until the table says so)")
    for label, path in (("antq tui, sample", sample), (f"antq tui, {many}", big)):
        opened, committed = [], []
        for _ in range(1 if options.quick else 3):
            program = PtyProgram(antq(path), env)
            try:
                program.wait_for("Hàng", timeout=120)
                program.quiet(1.0)
                opened.append(program.press_until(b"\r", "Sửa bản ghi —"))
                program.quiet(0.6, limit=1.5)
                program.press(b"7")  # STT, the focused field: a real change to commit
                program.quiet(0.3, limit=1.0)
                committed.append(program.press_until(b"\x13", "Đã sửa bản ghi"))
                program.quiet(0.3)
            finally:
                program.close()
                beside_path(path).unlink(missing_ok=True)  # no recovery question next run
        print(
            f"{label:>24}  open form median {statistics.median(opened) * 1000:6.1f} ms  "
            f"commit median {statistics.median(committed) * 1000:6.1f} ms"
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
