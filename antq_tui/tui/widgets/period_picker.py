"""Pick a report period: the year, then the whole year, a half, a quarter or a month."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, Select

from antq_tui.model.periods import (
    Period,
    cutoff_key,
    half_period,
    month_period,
    quarter_period,
    year_period,
)
from antq_tui.model.records import Workbook

SPANS: list[tuple[str, str]] = (
    [("year", "Cả năm"), ("half-1", "6 tháng đầu năm"), ("half-2", "6 tháng cuối năm")]
    + [(f"quarter-{q}", f"Quý {['I', 'II', 'III', 'IV'][q - 1]}") for q in range(1, 5)]
    + [(f"month-{m}", f"Tháng {m}") for m in range(1, 13)]
)


def workbook_years(workbook: Workbook) -> list[int]:
    """Years that hold data, and the report year."""
    years = {r.date.year for r in workbook.incidents if r.date is not None}
    years |= {r.date.year for r in workbook.results if r.date is not None}
    if workbook.settings.year:
        years.add(workbook.settings.year)
    if not years:
        years.add(date.today().year)
    return sorted(years, reverse=True)


def make_period(year: int, span: str, cutoff: str) -> Period:
    kind, _, number = span.partition("-")
    if kind == "half":
        return half_period(year, int(number), cutoff)
    if kind == "quarter":
        return quarter_period(year, int(number), cutoff)
    if kind == "month":
        return month_period(year, int(number), cutoff)
    return year_period(year, cutoff)


class PeriodPicker(Horizontal):
    DEFAULT_CSS = """
    PeriodPicker { height: 1; }
    PeriodPicker Label { width: auto; padding: 0 1 0 0; }
    PeriodPicker Select { width: 24; margin-right: 1; }
    """

    class Changed(Message):
        def __init__(self, picker: PeriodPicker, period: Period) -> None:
            super().__init__()
            self.picker = picker
            self.period = period

    def __init__(self, workbook: Workbook, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.years = workbook_years(workbook)
        self.year = workbook.settings.year or self.years[0]
        self.cutoff = cutoff_key(workbook.settings.cutoff)
        self.span = "year"

    def compose(self) -> ComposeResult:
        yield Label("Kỳ:")
        yield Select(
            [(s_label, s) for s, s_label in SPANS],
            value="year",
            allow_blank=False,
            id="span",
            compact=True,
        )
        yield Label("năm")
        yield Select(
            [(str(y), y) for y in self.years],
            value=self.year,
            allow_blank=False,
            id="year",
            compact=True,
        )

    @property
    def period(self) -> Period:
        return make_period(self.year, self.span, self.cutoff)

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new period, said once (the selects also report their first value)."""
        event.stop()
        before = (self.year, self.span)
        if event.select.id == "year" and isinstance(event.value, int):
            self.year = event.value
        elif event.select.id == "span" and isinstance(event.value, str):
            self.span = event.value
        if (self.year, self.span) != before:
            self.post_message(self.Changed(self, self.period))
