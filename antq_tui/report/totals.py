"""Period totals: incidents by category and village, movement results, last year's figures.

One pass over the incident rows per request (the hot path at 100k rows): no
per-row objects, plain dict and int arithmetic.

Flows (incidents, tip-offs, sessions) are counted inside the period. A standing
indicator (Danh mục marks it "tính đến cuối kỳ") is stated as at the period's end:
for each village, the rows of the latest date on or before the end. Last year's
period is compared whenever the workbook reaches back to its first day (its earliest
dated row, or the setting "Số liệu từ ngày"), zeros on either side included.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import attrgetter
from typing import Any

from antq_tui.model import schema
from antq_tui.model.period_tags import year_to_date
from antq_tui.model.periods import MONTH, QUARTER, Period, months_in, previous_year
from antq_tui.model.records import Incident, MovementResult, Workbook
from antq_tui.model.text import fold_key

NO_CATEGORY = "Chưa ghi loại"
NO_VILLAGE = "Chưa ghi thôn"
NO_INDICATOR = "Chưa ghi chỉ tiêu"
_CATEGORY, _VILLAGE = attrgetter("category"), attrgetter("village")
_DEATHS, _INJURIES, _DAMAGE = attrgetter("deaths"), attrgetter("injuries"), attrgetter("damage")


@dataclass
class Tally:
    count: int = 0
    deaths: int = 0
    injuries: int = 0
    damage: float = 0.0

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
    standing: frozenset[str] = frozenset()  # indicators stated as at the period's end
    # Month and quarter: from the start of the year to the period's end, with its comparison.
    year_to_date: Totals | None = None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.incidents.count - self.previous.count


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def _catalog_values(workbook: Workbook, list_name: str) -> list[str]:
    return [entry.value for entry in workbook.catalog.entries.get(list_name, [])]


def standing_indicators(workbook: Workbook) -> frozenset[str]:
    """The Chỉ tiêu stated as at a period's end (Danh mục "tính đến cuối kỳ" is Có).

    A Danh mục made before that column: the default list's marks, matched by name.
    """
    entries = workbook.catalog.entries.get(schema.INDICATORS.name, [])
    layout = workbook.layouts.get(schema.CATALOG_SHEET)
    column = schema.INDICATORS.attribute_field(schema.STANDING)
    if layout is None or column not in layout.columns:
        marked = {fold_key(row[0]) for row in schema.INDICATORS.defaults if row[2] == schema.YES}
        return frozenset(e.value for e in entries if fold_key(e.value) in marked)
    return frozenset(e.value for e in entries if e.attributes.get(schema.STANDING.field) is True)


def standing_values(
    results: Iterable[MovementResult], standing: frozenset[str], ends: Sequence[date]
) -> list[dict[str, int]]:
    """Each standing indicator as at each day of ``ends``: per village, the rows of the
    latest date on or before that day, summed over the villages."""
    groups: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for result in results:
        if result.indicator in standing and result.date is not None:
            key = (result.indicator, result.village)
            groups.setdefault(key, []).append((result.date, result.quantity or 0))
    out: list[dict[str, int]] = [dict.fromkeys(standing, 0) for _ in ends]
    for (indicator, _village), rows in groups.items():
        rows.sort()
        days = [day for day, _ in rows]
        for at, end in enumerate(ends):
            upto = bisect_right(days, end)
            if upto:
                first = bisect_left(days, days[upto - 1])
                out[at][indicator] += sum(quantity for _, quantity in rows[first:upto])
    return out


def earliest_day(workbook: Workbook) -> date | None:
    """The earliest date of any incident or movement result: as the loader found it while
    the rows are those it loaded, else one C-level pass."""
    firsts = []
    for key in ("incidents", "results"):
        rows = workbook.records(key)
        known = workbook.first_dates.get(key)
        if known is not None and known[0] is rows:
            firsts.append(known[1])
        else:
            firsts.append(min(filter(None, map(attrgetter("date"), rows)), default=None))
    return min((day for day in firsts if day is not None), default=None)


def reaches_back(workbook: Workbook, day: date, earliest: date | None) -> bool:
    """Whether the records cover ``day`` (the first day of last year's period)."""
    start = workbook.settings.data_from
    return (earliest is not None and earliest <= day) or (start is not None and start <= day)


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
        rows = list(incidents)
        total = _sum(rows)
        by_category: dict[str, Tally] = {name: Tally() for name in self.categories}
        for category, group in _by_category(rows).items():
            by_category[category or NO_CATEGORY] = _sum(group)
        by_village: dict[str, int] = dict.fromkeys(self.villages, 0)
        for village, number in Counter(map(_VILLAGE, rows)).items():
            key = village or NO_VILLAGE
            by_village[key] = by_village.get(key, 0) + number
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


# Up to this many categories, a pass in C per category beats Python work per row; a
# column of free text typed where the category goes must not make it quadratic.
_PASSES_UP_TO = 32


def _by_category(rows: list[Incident]) -> dict[str, list[Incident]]:
    categories = list(map(_CATEGORY, rows))
    distinct = dict.fromkeys(categories)
    if len(distinct) <= _PASSES_UP_TO:
        return {c: list(compress(rows, map(c.__eq__, categories))) for c in distinct}
    groups: dict[str, list[Incident]] = {}
    for incident, category in zip(rows, categories, strict=True):
        groups.setdefault(category, []).append(incident)
    return groups


def _sum(incidents: Sequence[Incident]) -> Tally:
    """The tally of ``incidents``, summed in C (no Python call per row)."""
    return Tally(
        len(incidents),
        sum(filter(None, map(_DEATHS, incidents))),
        sum(filter(None, map(_INJURIES, incidents))),
        float(sum(filter(None, map(_DAMAGE, incidents)))),
    )


def compute_totals(
    workbook: Workbook,
    period: Period,
    *,
    before: Period | None = None,
    earliest: date | None = None,
) -> Totals:
    """The figures of ``period`` and, where the workbook reaches back to it, of last
    year's period (``before``); a month or a quarter also gets its year to date."""
    before = before or previous_year(period)
    incidents, earlier_incidents, undated = _split(workbook.incidents, period, before)
    results, _, undated_results = _split(workbook.results, period, before)
    total, by_category, by_village, movement = _Tallier(workbook).tally(incidents, results)
    standing = standing_indicators(workbook)
    if standing:
        movement.update(standing_values(workbook.results, standing, [period.end])[0])
    earliest = earliest or earliest_day(workbook)
    totals = Totals(
        period=period,
        incidents=total,
        by_category=by_category,
        by_village=by_village,
        movement=movement,
        previous_period=before,
        previous=_sum(earlier_incidents)
        if reaches_back(workbook, before.start, earliest)
        else None,
        undated=undated,
        undated_results=undated_results,
        rows=incidents,
        standing=standing,
    )
    if period.kind in (MONTH, QUARTER):
        totals.year_to_date = year_to_date_totals(workbook, period, earliest)
    return totals


def year_to_date_totals(
    workbook: Workbook, period: Period, earliest: date | None = None
) -> Totals | None:
    """From the start of the year (15/12 of the year before under Nghị định 09/2019) to
    the end of a month or quarter, compared with the same span a year earlier."""
    span = year_to_date(period)
    if span is None:
        return None
    before = year_to_date(previous_year(period))
    return compute_totals(workbook, span, before=before, earliest=earliest)


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
    tallier = _Tallier(workbook)
    undated = sum(1 for i in workbook.incidents if i.date is None)
    undated_results = sum(1 for r in workbook.results if r.date is None)
    earliest = earliest_day(workbook)
    standing = standing_indicators(workbook)
    as_at = standing_values(workbook.results, standing, [m.end for m in months])
    out: list[tuple[Period, Totals]] = []
    for at, month in enumerate(months):
        total, by_category, by_village, movement = tallier.tally(incidents[at], results[at])
        movement.update(as_at[at])
        # Last year's month counts (zeros included) once the records reach back to it.
        held = reaches_back(workbook, earlier[at].start, earliest)
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
            standing,
        )
        out.append((month, totals))
    return out


def merge_totals(period: Period, months: Sequence[tuple[Period, Totals]]) -> Totals:
    """The whole period from its months (what ``compute_totals`` gives, without another pass)."""
    whole = Totals(period, Tally(), {}, {}, {}, previous_year(period), None)
    # Last year is compared only when every month of it is (the first month decides).
    compared = bool(months) and all(month.previous is not None for _, month in months)
    for _, month in months:
        _add_tally(whole.incidents, month.incidents)
        for name, tally in month.by_category.items():
            _add_tally(whole.by_category.setdefault(name, Tally()), tally)
        for name, number in month.by_village.items():
            whole.by_village[name] = whole.by_village.get(name, 0) + number
        for name, number in month.movement.items():
            # A standing figure is the last month's (as at the period's end), not a sum.
            base = 0 if name in month.standing else whole.movement.get(name, 0)
            whole.movement[name] = base + number
        if compared and month.previous is not None:
            whole.previous = whole.previous or Tally()
            _add_tally(whole.previous, month.previous)
        whole.undated, whole.undated_results = month.undated, month.undated_results
        whole.standing = month.standing
        whole.rows.extend(month.rows)
    return whole


def _add_tally(into: Tally, other: Tally) -> None:
    into.count += other.count
    into.deaths += other.deaths
    into.injuries += other.injuries
    into.damage += other.damage


def period_json(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label}


def incidents_json(totals: Totals) -> dict[str, Any]:
    return {
        **totals.incidents.as_json(damage=True),
        "by_category": {name: tally.as_json() for name, tally in totals.by_category.items()},
        "by_village": dict(totals.by_village),
    }


def totals_json(totals: Totals) -> dict[str, Any]:
    """The JSON shape scripts depend on (issue 4); names are the workbook's spellings.

    A standing indicator's "movement" value is as at the period's end. A month or a
    quarter adds "year_to_date" (shaped like "incidents") and "year_to_date_previous"
    (like "previous").
    """
    out: dict[str, Any] = {
        "period": period_json(totals.period),
        "incidents": incidents_json(totals),
        "movement": dict(totals.movement),
        "previous": None if totals.previous is None else totals.previous.as_json(),
    }
    ytd = totals.year_to_date
    if ytd is not None:
        out["year_to_date"] = incidents_json(ytd)
        out["year_to_date_previous"] = None if ytd.previous is None else ytd.previous.as_json()
    return out


def monthly_json(period: Period, months: list[tuple[Period, Totals]]) -> dict[str, Any]:
    """``--by month``: the whole period, then one totals object a month."""
    return {"period": period_json(period), "months": [totals_json(t) for _, t in months]}
