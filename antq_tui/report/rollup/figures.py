"""Many communes' figures for one period, and their sum for the province (``antq rollup``).

Each commune gives what ``antq totals`` gives (incidents by category and by village,
last year's period, movement results with standing indicators as at the period's end)
and what the report's sentences count as the period ends (villages and units
registered and recognised as “An toàn về ANTT”, teams rated Tốt, models working well).
Names are summed by their folded spelling, the first spelling seen kept; the total's
villages are named with their commune ("Đông Hòa (Tân Lập)"): two communes may each
have a Đông Hòa.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.model.text import fold_key
from antq_tui.report import wording
from antq_tui.report.totals import Tally, compute_totals, period_json
from antq_tui.report.wording import SafetyCount

T = TypeVar("T")


@dataclass(frozen=True)
class Rated:
    """How many there are, and how many do well (teams rated Tốt, models working well)."""

    total: int = 0
    good: int = 0


@dataclass
class Figures:
    """One commune's figures for a period, or the sum of many."""

    incidents: Tally
    by_category: dict[str, Tally]
    by_village: dict[str, int]
    previous: Tally | None  # None when the workbook does not reach back to last year's period
    movement: dict[str, int]
    standing: frozenset[str]  # indicators stated as at the period's end
    villages: SafetyCount
    units: SafetyCount
    teams: Rated
    models: Rated
    undated: int = 0  # incidents without a readable date (not counted)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.incidents.count - self.previous.count


def commune_figures(workbook: Workbook, period: Period) -> Figures:
    """A validated workbook's figures for ``period``, counted as ``totals`` and the report do."""
    totals = compute_totals(workbook, period)
    villages, units = wording.safety_counts(workbook, period)
    return Figures(
        incidents=totals.incidents,
        by_category=totals.by_category,
        by_village=totals.by_village,
        previous=totals.previous,
        movement=totals.movement,
        standing=totals.standing,
        villages=villages,
        units=units,
        teams=Rated(*wording.team_counts(workbook)),
        models=Rated(*wording.model_counts(workbook, period)),
        undated=totals.undated,
    )


@dataclass
class CommuneRow:
    """A commune summed into the rollup."""

    file: Path
    commune: str
    province: str
    admin_level: str  # Xã, Phường, Thị trấn
    figures: Figures

    @property
    def name(self) -> str:
        """ "xã Tây Sơn", "phường Đông Hòa"."""
        return f"{(self.admin_level or 'Xã').lower()} {self.commune}"


@dataclass
class RollupError:
    """A file not summed, and why (one Vietnamese sentence)."""

    file: Path
    message: str


@dataclass
class Rollup:
    period: Period
    communes: list[CommuneRow]
    total: Figures
    province: str  # the province the communes name ("" when none does)
    errors: list[RollupError] = field(default_factory=list)
    # What the reader must know about the figures; the first names the cut-off used.
    notes: list[str] = field(default_factory=list)

    @property
    def compared(self) -> list[CommuneRow]:
        """The communes whose workbooks reach back to last year's period."""
        return [row for row in self.communes if row.figures.previous is not None]


# ------------------------------------------------------------------ sums
def _add_tally(into: Tally, other: Tally) -> None:
    into.count += other.count
    into.deaths += other.deaths
    into.injuries += other.injuries
    into.damage += other.damage


def _sum_named(
    items: Iterable[tuple[str, T]], start: Callable[[], T], add: Callable[[T, T], T]
) -> dict[str, T]:
    """Values summed by folded name, under the first spelling seen, in first-seen order."""
    spelling: dict[str, str] = {}
    out: dict[str, T] = {}
    for name, value in items:
        key = fold_key(name)
        shown = spelling.setdefault(key, name)
        out[shown] = add(out.get(shown, start()), value)
    return out


def _plus_tally(into: Tally, other: Tally) -> Tally:
    _add_tally(into, other)
    return into


def _plus(a: int, b: int) -> int:
    return a + b


def total_figures(rows: Sequence[CommuneRow]) -> Figures:
    """The province's figures: every commune's summed. Last year's period is summed only
    when every commune has it (a partial sum beside a whole count would mislead)."""
    figures = [row.figures for row in rows]
    incidents = Tally()
    for each in figures:
        _add_tally(incidents, each.incidents)
    previous: Tally | None = None
    if figures and all(f.previous is not None for f in figures):
        previous = Tally()
        for each in figures:
            assert each.previous is not None
            _add_tally(previous, each.previous)
    movement = _sum_named(
        ((name, number) for f in figures for name, number in f.movement.items()), int, _plus
    )
    standing = {fold_key(name) for f in figures for name in f.standing}
    return Figures(
        incidents=incidents,
        by_category=_sum_named(
            ((name, tally) for f in figures for name, tally in f.by_category.items()),
            Tally,
            _plus_tally,
        ),
        by_village={
            f"{village} ({row.commune})": number
            for row in rows
            for village, number in row.figures.by_village.items()
        },
        previous=previous,
        movement=movement,
        standing=frozenset(name for name in movement if fold_key(name) in standing),
        villages=_sum_counts(f.villages for f in figures),
        units=_sum_counts(f.units for f in figures),
        teams=Rated(sum(f.teams.total for f in figures), sum(f.teams.good for f in figures)),
        models=Rated(sum(f.models.total for f in figures), sum(f.models.good for f in figures)),
        undated=sum(f.undated for f in figures),
    )


def _sum_counts(counts: Iterable[SafetyCount]) -> SafetyCount:
    items = list(counts)
    return SafetyCount(
        sum(c.total for c in items),
        sum(c.registered for c in items),
        sum(c.recognised for c in items),
    )


def comparable_total(rows: Sequence[CommuneRow]) -> Figures | None:
    """The sum of the communes that have last year's period, with theirs (None: none has)."""
    held = [row for row in rows if row.figures.previous is not None]
    return total_figures(held) if held else None


# ------------------------------------------------------------------ JSON
def figures_json(figures: Figures) -> dict[str, Any]:
    """Shaped as the issue writes it; "incidents" as in ``antq totals``."""
    return {
        "incidents": {
            **figures.incidents.as_json(damage=True),
            "by_category": {name: t.as_json() for name, t in figures.by_category.items()},
            "by_village": dict(figures.by_village),
        },
        "previous": None if figures.previous is None else figures.previous.as_json(),
        "movement": dict(figures.movement),
        "villages": _count_json(figures.villages),
        "units": _count_json(figures.units),
        "teams": {"total": figures.teams.total, "good": figures.teams.good},
        "models": {"total": figures.models.total, "good": figures.models.good},
    }


def _count_json(count: SafetyCount) -> dict[str, int]:
    return {"total": count.total, "registered": count.registered, "recognised": count.recognised}


def rollup_json(rollup: Rollup) -> dict[str, Any]:
    """``{"period", "communes": [{"file", "commune", "province", ...}], "total", "errors"}``."""
    return {
        "period": period_json(rollup.period),
        "communes": [
            {
                "file": str(row.file),
                "commune": row.commune,
                "province": row.province,
                **figures_json(row.figures),
            }
            for row in rollup.communes
        ],
        "total": {"province": rollup.province, **figures_json(rollup.total)},
        "errors": [{"file": str(e.file), "message": e.message} for e in rollup.errors],
    }
