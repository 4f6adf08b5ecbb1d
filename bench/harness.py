"""Tiny timing harness: best-of and median over repeats, and a ratio table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    name: str
    seconds: list[float]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(name: str, action: Callable[[], object], repeats: int = 5) -> Timing:
    action()  # warm caches (imports, file cache) outside the measured runs
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return Timing(name, seconds)


def interleaved(actions: dict[str, Callable[[], object]], repeats: int = 5) -> dict[str, Timing]:
    """Alternate the actions run by run, so machine noise hits them alike."""
    for action in actions.values():
        action()
    timings = {name: Timing(name, []) for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            timings[name].seconds.append(time.perf_counter() - start)
    return timings


def ratio_line(label: str, subject: Timing, baseline: Timing, target: str) -> str:
    ratio = subject.median / baseline.median
    return (
        f"{label:>10}  {subject.name} {subject.median:8.3f}s  {baseline.name} "
        f"{baseline.median:8.3f}s  ratio {ratio:5.2f}x  (target {target})"
    )
