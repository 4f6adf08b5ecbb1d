"""Load + validate vs python-calamine's bare read of the same file, in one run.

    python -m bench.bench_load [sizes...]

Targets: load + validate <= 1.3x the bare read at 100k incidents, every summary a
different sentence (issue 13; it was 1.5x in issue 2); 300 rows of 32,000-character
summaries loaded and validated in under 1 s.
"""

from __future__ import annotations

import sys
from functools import partial

from python_calamine import CalamineWorkbook

from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load_workbook

from .generate import generate
from .harness import interleaved, ratio_line


def bare_read(path: str) -> int:
    """What calamine alone does: open the file and read every sheet into Python values."""
    book = CalamineWorkbook.from_path(path)
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def load_and_validate(path: str) -> int:
    return len(validate(load_workbook(path)).findings)


LONG_TEXT_ROWS, LONG_TEXT_CHARS = 300, 32_000


def main(sizes: list[int]) -> None:
    for size in sizes:
        path = str(generate(size))
        repeats = 9 if size <= 10_000 else 7  # the machine is noisy: medians of more runs
        timings = interleaved(
            {"bare": partial(bare_read, path), "antq": partial(load_and_validate, path)}, repeats
        )
        print(ratio_line(f"{size:,}", timings["antq"], timings["bare"], "<= 1.3x at 100k"))
    path = str(generate(LONG_TEXT_ROWS, text_chars=LONG_TEXT_CHARS))
    timings = interleaved(
        {"bare": partial(bare_read, path), "antq": partial(load_and_validate, path)}, 5
    )
    antq = timings["antq"]
    print(
        f"{'300 x 32k':>10}  antq {antq.median:8.3f}s  bare {timings['bare'].median:8.3f}s  "
        f"(300 summaries of {LONG_TEXT_CHARS:,} characters; target < 1 s: "
        f"{'ok' if antq.median < 1 else 'MISSED'})"
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
