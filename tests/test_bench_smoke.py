"""The benchmark harness still runs (figures are read by people, not asserted here).

Each bench at its smallest size: a bench that breaks (a changed message, a renamed
function) fails here rather than on the day its figures are needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("bench.bench_load", "ratio"),
        ("bench.bench_save", "faster"),
        ("bench.bench_report", "antq export"),
        ("bench.bench_merge", "4 x 1,000"),
    ],
)
def test_bench_runs_at_1000_rows(module: str, expected: str) -> None:
    output = run_bench(module, "1000")
    assert "1,000" in output and expected in output


def test_tui_bench_runs_quick() -> None:
    output = run_bench("bench.bench_tui", "--quick")
    assert "frames over 100 ms" in output and "commit median" in output


def test_rollup_bench_runs_on_two_and_three_communes() -> None:
    output = run_bench("bench.bench_rollup", "2", "3")
    assert "3 communes" in output and "ratio" in output
    assert "peak memory at 3 communes / at 2" in output
