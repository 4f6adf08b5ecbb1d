"""Period totals: incidents by category and village, movement results, last year's figures.

One pass over the incident rows per request (the hot path at 100k rows): no
per-row objects, plain dict and int arithmetic.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from antq_tui.model import schema
from antq_tui.model.periods import Period, months_in, previous_year
from antq_tui.model.records import Incident, MovementResult, Workbook

NO_CATEGORY = "Chưa ghi loại"
NO_VILLAGE = "Chưa ghi thôn"
NO_INDICATOR = "Chưa ghi chỉ tiêu"


@dataclass
class Tally:
    count: int = 0
    deaths: int = 0
    injuries: int = 0
    damage: float = 0.0

    def add(self, incident: Incident) -> None:
        self.count += 1
        self.deaths += incident.deaths or 0
        self.injuries += incident.injuries or 0
        self.damage += incident.damage or 0.0

    def as_json(self, *, damage: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "count": self.count,
            "deaths": self.deaths,
            "injuries": self.injuries,
        }
        if damage:
            out["damage"] = _number(self.damage)
        return out


@dataclass
class Totals:
    period: Period
    incidents: Tally
    by_category: dict[str, Tally]  # every category of Danh mục, then any other found
    by_village: dict[str, int]  # every village of sheet Thôn, then any other found
    movement: dict[str, int]  # every indicator of Danh mục, then any other found
    previous_period: Period
    previous: Tally | None  # None when the workbook holds nothing for last year's period
    undated: int = 0  # incidents whose date is missing or unreadable (not counted)
    undated_results: int = 0
    # The period's incident rows, for the report's sentences (not part of the JSON).
    rows: list[Incident] = field(default_factory=list, repr=False)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.incidents.count - self.previous.count


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def _catalog_values(workbook: Workbook, list_name: str) -> list[str]:
    return [entry.value for entry in workbook.catalog.entries.get(list_name, [])]


def incidents_in(workbook: Workbook, period: Period) -> list[Incident]:
    start, end = period.start, period.end
    return [i for i in workbook.incidents if i.date is not None and start <= i.date <= end]


class _Tallier:
    """Keys and orders of one workbook, reused for every period of a request."""

    def __init__(self, workbook: Workbook) -> None:
        self.categories = _catalog_values(workbook, schema.INCIDENT_CATEGORIES.name)
        self.villages = [v.name for v in workbook.villages if v.name]
        self.indicators = _catalog_values(workbook, schema.INDICATORS.name)

    def tally(
        self,
        incidents: Iterable[Incident],
        results: Iterable[MovementResult],
    ) -> tuple[Tally, dict[str, Tally], dict[str, int], dict[str, int]]:
        total = Tally()
        by_category: dict[str, Tally] = {name: Tally() for name in self.categories}
        by_village: dict[str, int] = dict.fromkeys(self.villages, 0)
        for incident in incidents:
            total.add(incident)
            category = incident.category or NO_CATEGORY
            tally = by_category.get(category)
            if tally is None:
                tally = by_category[category] = Tally()
            tally.add(incident)
            village = incident.village or NO_VILLAGE
            by_village[village] = by_village.get(village, 0) + 1
        movement: dict[str, int] = dict.fromkeys(self.indicators, 0)
        for result in results:
            indicator = result.indicator or NO_INDICATOR
            movement[indicator] = movement.get(indicator, 0) + (result.quantity or 0)
        return total, by_category, by_village, movement


def _split(
    records: Sequence[Incident] | Sequence[MovementResult], period: Period, before: Period
) -> tuple[list[Any], list[Any], int]:
    """Rows dated in ``period``, rows dated in ``before``, and rows without a date: one pass."""
    start, end, first, last = period.start, period.end, before.start, before.end
    now: list[Any] = []
    then: list[Any] = []
    undated = 0
    for record in records:
        day = record.date
        if day is None:
            undated += 1
            continue
        if start <= day <= end:
            now.append(record)
        if first <= day <= last:  # not elif: a custom range over a year overlaps its last year
            then.append(record)
    return now, then, undated


def _sum(incidents: Iterable[Incident]) -> Tally:
    tally = Tally()
    for incident in incidents:
        tally.add(incident)
    return tally


def compute_totals(workbook: Workbook, period: Period) -> Totals:
    """The figures of ``period`` and, where the workbook holds it, of last year's period."""
    before = previous_year(period)
    incidents, earlier_incidents, undated = _split(workbook.incidents, period, before)
    results, earlier_results, undated_results = _split(workbook.results, period, before)
    total, by_category, by_village, movement = _Tallier(workbook).tally(incidents, results)
    # A workbook started this year says nothing about last year: no comparison then.
    held = bool(earlier_incidents or earlier_results)
    return Totals(
        period=period,
        incidents=total,
        by_category=by_category,
        by_village=by_village,
        movement=movement,
        previous_period=before,
        previous=_sum(earlier_incidents) if held else None,
        undated=undated,
        undated_results=undated_results,
        rows=incidents,
    )


def _bucket(
    records: Sequence[Incident] | Sequence[MovementResult], months: list[Period]
) -> list[list[Any]]:
    """The rows of each month (consecutive periods), by bisection on the month starts."""
    buckets: list[list[Any]] = [[] for _ in months]
    if not months:
        return buckets
    starts = [m.start for m in months]
    ends = [m.end for m in months]
    first, last = starts[0], ends[-1]
    for record in records:
        day = record.date
        if day is not None and first <= day <= last:
            at = bisect_right(starts, day) - 1
            if day <= ends[at]:
                buckets[at].append(record)
    return buckets


def monthly_totals(workbook: Workbook, period: Period) -> list[tuple[Period, Totals]]:
    """``period`` month by month (under its cut-off), each with last year's month."""
    months = months_in(period)
    earlier = [previous_year(m) for m in months]
    incidents, results = _bucket(workbook.incidents, months), _bucket(workbook.results, months)
    earlier_incidents = _bucket(workbook.incidents, earlier)
    earlier_results = _bucket(workbook.results, earlier)
    tallier = _Tallier(workbook)
    undated = sum(1 for i in workbook.incidents if i.date is None)
    undated_results = sum(1 for r in workbook.results if r.date is None)
    # Last year counts (zeros included) for every month once the workbook holds last year.
    held = any(earlier_incidents) or any(earlier_results)
    out: list[tuple[Period, Totals]] = []
    for at, month in enumerate(months):
        total, by_category, by_village, movement = tallier.tally(incidents[at], results[at])
        totals = Totals(
            month,
            total,
            by_category,
            by_village,
            movement,
            earlier[at],
            _sum(earlier_incidents[at]) if held else None,
            undated,
            undated_results,
            incidents[at],
        )
        out.append((month, totals))
    return out


def merge_totals(period: Period, months: Sequence[tuple[Period, Totals]]) -> Totals:
    """The whole period from its months (what ``compute_totals`` gives, without another pass)."""
    whole = Totals(period, Tally(), {}, {}, {}, previous_year(period), None)
    for _, month in months:
        _add_tally(whole.incidents, month.incidents)
        for name, tally in month.by_category.items():
            _add_tally(whole.by_category.setdefault(name, Tally()), tally)
        for name, number in month.by_village.items():
            whole.by_village[name] = whole.by_village.get(name, 0) + number
        for name, number in month.movement.items():
            whole.movement[name] = whole.movement.get(name, 0) + number
        if month.previous is not None:
            whole.previous = whole.previous or Tally()
            _add_tally(whole.previous, month.previous)
        whole.undated, whole.undated_results = month.undated, month.undated_results
        whole.rows.extend(month.rows)
    return whole


def _add_tally(into: Tally, other: Tally) -> None:
    into.count += other.count
    into.deaths += other.deaths
    into.injuries += other.injuries
    into.damage += other.damage


def period_json(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label}


def totals_json(totals: Totals) -> dict[str, Any]:
    """The JSON shape scripts depend on (issue 4); names are the workbook's spellings."""
    return {
        "period": period_json(totals.period),
        "incidents": {
            **totals.incidents.as_json(damage=True),
            "by_category": {name: tally.as_json() for name, tally in totals.by_category.items()},
            "by_village": dict(totals.by_village),
        },
        "movement": dict(totals.movement),
        "previous": None if totals.previous is None else totals.previous.as_json(),
    }


def monthly_json(period: Period, months: list[tuple[Period, Totals]]) -> dict[str, Any]:
    """``--by month``: the whole period, then one totals object a month."""
    return {"period": period_json(period), "months": [totals_json(t) for _, t in months]}
