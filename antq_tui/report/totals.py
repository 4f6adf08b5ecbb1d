"""Period totals: incidents by category and village, movement results, last year's figures.

One pass over the incident rows per request (the hot path at 100k rows): no
per-row objects, plain dict and int arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import schema
from ..periods import MonthIndex, Period, months_in, previous_year
from ..records import Incident, MovementResult, Workbook

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
    notes: list[str] = field(default_factory=list)

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


def results_in(workbook: Workbook, period: Period) -> list[MovementResult]:
    start, end = period.start, period.end
    return [r for r in workbook.results if r.date is not None and start <= r.date <= end]


def holds_data_for(workbook: Workbook, period: Period) -> bool:
    """Whether any incident or movement result is dated within ``period``.

    A workbook started this year says nothing about last year: no comparison then.
    """
    start, end = period.start, period.end
    for records in (workbook.incidents, workbook.results):
        for record in records:
            day = record.date
            if day is not None and start <= day <= end:
                return True
    return False


class _Tallier:
    """Keys and orders of one workbook, reused for every period of a request."""

    def __init__(self, workbook: Workbook) -> None:
        self.categories = _catalog_values(workbook, schema.INCIDENT_CATEGORIES.name)
        self.villages = [v.name for v in workbook.villages if v.name]
        self.indicators = _catalog_values(workbook, schema.INDICATORS.name)

    def tally(
        self,
        period: Period,
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


def compute_totals(workbook: Workbook, period: Period) -> Totals:
    """The figures of ``period`` and, where the workbook holds it, of last year's period."""
    tallier = _Tallier(workbook)
    incidents = incidents_in(workbook, period)
    results = results_in(workbook, period)
    total, by_category, by_village, movement = tallier.tally(period, incidents, results)
    before = previous_year(period)
    previous: Tally | None = None
    if holds_data_for(workbook, before):
        previous = Tally()
        for incident in incidents_in(workbook, before):
            previous.add(incident)
    return Totals(
        period=period,
        incidents=total,
        by_category=by_category,
        by_village=by_village,
        movement=movement,
        previous_period=before,
        previous=previous,
        undated=sum(1 for i in workbook.incidents if i.date is None),
        undated_results=sum(1 for r in workbook.results if r.date is None),
    )


def monthly_totals(workbook: Workbook, period: Period) -> list[tuple[Period, Totals]]:
    """``period`` month by month (under its cut-off), each with last year's month."""
    months = months_in(period)
    earlier = [previous_year(m) for m in months]
    index, earlier_index = MonthIndex(months), MonthIndex(earlier)
    incident_buckets: list[list[Incident]] = [[] for _ in months]
    earlier_buckets: list[list[Incident]] = [[] for _ in months]
    earlier_seen = [False] * len(months)
    for incident in workbook.incidents:
        at = index.find(incident.date)
        if at is not None:
            incident_buckets[at].append(incident)
        before = earlier_index.find(incident.date)
        if before is not None:
            earlier_buckets[before].append(incident)
            earlier_seen[before] = True
    result_buckets: list[list[MovementResult]] = [[] for _ in months]
    for result in workbook.results:
        at = index.find(result.date)
        if at is not None:
            result_buckets[at].append(result)
        before = earlier_index.find(result.date)
        if before is not None:
            earlier_seen[before] = True
    tallier = _Tallier(workbook)
    undated = sum(1 for i in workbook.incidents if i.date is None)
    undated_results = sum(1 for r in workbook.results if r.date is None)
    out: list[tuple[Period, Totals]] = []
    for at, month in enumerate(months):
        total, by_category, by_village, movement = tallier.tally(
            month, incident_buckets[at], result_buckets[at]
        )
        previous: Tally | None = None
        if earlier_seen[at]:
            previous = Tally()
            for incident in earlier_buckets[at]:
                previous.add(incident)
        out.append(
            (
                month,
                Totals(
                    month,
                    total,
                    by_category,
                    by_village,
                    movement,
                    earlier[at],
                    previous,
                    undated,
                    undated_results,
                ),
            )
        )
    return out


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
