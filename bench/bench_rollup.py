"""``antq rollup`` over many communes vs one process reading them all bare, in one run.

    python -m bench.bench_rollup [communes...]      (default: 10 250)

Each commune is a workbook of 1,000 incidents made like bench/generate.py's (its own
name, one in ten under Nghị định 09/2019), cached in bench/out/rollup/. Timed as whole
processes, interleaved: ``antq rollup FOLDER --format json`` against one Python process
that opens every workbook with python-calamine and reads every sheet. Target (issue 12):
<= 1.0x at 250 communes, using every core. Memory: the peak resident memory of the
rollup's process tree (the command and its workers), at each size; target: at 250
communes <= 1.5x that at 10.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .generate import OUT, VERSION, generate
from .harness import Timing

INCIDENTS = 1_000
PROVINCE = "Hà Tĩnh"
PLACES = [
    "Tân Lập", "Đông Hòa", "Bắc Sơn", "Phú Xuân", "Hòa Bình", "An Phú", "Thạch Hà", "Cẩm Xuyên",
    "Kỳ Anh", "Hương Sơn", "Đức Thọ", "Nghi Xuân", "Can Lộc", "Lộc Hà", "Vũ Quang", "Hồng Lĩnh",
    "Tiên Điền", "Xuân Thành", "Thiên Cầm", "Sơn Kim",
]  # fmt: skip
BARE = """
import sys
from python_calamine import CalamineWorkbook
rows = 0
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    rows += sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
print(rows)
"""


def commune_name(index: int) -> str:
    """ "Tân Lập", …, then "Tân Lập 2": 250 distinct names from 20 places."""
    place = PLACES[index % len(PLACES)]
    return place if index < len(PLACES) else f"{place} {index // len(PLACES) + 1}"


def communes(count: int) -> Path:
    """A folder holding the first ``count`` communes (made once, then linked)."""
    pool = OUT / "rollup" / f"communes-v{VERSION}"
    folder = OUT / "rollup" / f"{count}-v{VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name = f"xa-{index + 1:03d}.xlsx"
        source = pool / name
        cutoff = "Nghị định 09/2019" if index % 10 == 9 else "Năm dương lịch"
        info: dict[str, str | int] = {
            "commune": commune_name(index),
            "place": commune_name(index),
            "province": PROVINCE,
            "cutoff": cutoff,
        }
        generate(INCIDENTS, source, seed=index + 1, info=info)
        target = folder / name
        if not target.exists():
            os.link(source, target)
    return folder


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_with_peak(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds of ``args``; the largest resident memory its process tree held at
    once (KiB, sampled every 5 ms), and the sum of each process's own peak (KiB, exact
    per process: an upper bound of the tree's)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own_peaks: dict[int, int] = {}
    together = 0
    while process.poll() is None:
        tree, at = [process.pid], 0
        while at < len(tree):
            tree += _children(tree[at])
            at += 1
        together = max(together, sum(_status_kb(pid, "VmRSS:") for pid in tree))
        for pid in tree:
            own_peaks[pid] = max(own_peaks.get(pid, 0), _status_kb(pid, "VmHWM:"))
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {process.returncode}")
    return seconds, together, sum(own_peaks.values())


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    peaks: dict[int, tuple[int, int]] = {}
    for size in sizes:
        folder = communes(size)
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
        rollup = [sys.executable, "-m", "antq_tui", "rollup", str(folder), "--format", "json"]
        bare = [sys.executable, "-c", BARE, *files]
        repeats = 7 if size <= 50 else 5
        timings = {"bare": Timing("bare calamine", []), "rollup": Timing("antq rollup", [])}
        _run(bare), _run(rollup)  # warm the file cache and the imports
        for _ in range(repeats):
            timings["bare"].seconds.append(_run(bare))
            timings["rollup"].seconds.append(_run(rollup))
        ratio = timings["rollup"].median / timings["bare"].median
        _, together, summed = run_with_peak(rollup)
        peaks[size] = (together, summed)
        print(
            f"{size:>5,} communes  antq rollup {timings['rollup'].median:7.3f}s  bare calamine "
            f"{timings['bare'].median:7.3f}s  ratio {ratio:5.2f}x  (target <= 1.0x at 250, "
            f"{os.cpu_count()} cores)  peak memory {together / 1024:6.1f} MiB at once, "
            f"{summed / 1024:6.1f} MiB summed per process"
        )
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        growth = peaks[high][0] / peaks[low][0]
        print(
            f"peak memory at {high:,} communes / at {low:,}: {growth:.2f}x at once, "
            f"{peaks[high][1] / peaks[low][1]:.2f}x summed per process (target <= 1.5x)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 250])
