"""Quick period totals: the figures of a period and its months, with a bar per month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.tui.screens.period_page import PeriodPage

if TYPE_CHECKING:
    from antq_tui.report.totals import Totals


@dataclass(frozen=True)
class Figures:
    period: Period
    totals: Totals
    months: list[tuple[Period, Totals]]


class TotalsScreen(PeriodPage):
    JOB = "totals"
    BUSY = "Đang tính…"
    BODY_ID = "figures"
    KEY_HINTS = (("Esc", "Đóng"), ("Tab", "Chọn kỳ"), ("PgUp/PgDn", "Lật trang"))
    DEFAULT_CSS = "TotalsScreen #figures { width: 100%; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,t", "close", "Đóng")]

    def compute(self, workbook: Workbook, period: Period) -> Figures:
        from antq_tui.report.totals import compute_totals, monthly_totals

        return Figures(period, compute_totals(workbook, period), monthly_totals(workbook, period))

    def show(self, body: Static, result: object) -> None:
        from antq_tui.report.totals_output import render_monthly, render_totals

        assert isinstance(result, Figures)
        period, totals, months = result.period, result.totals, result.months
        monthly = render_monthly(period, months, width=self.body_width())
        body.update(Group(monthly, Text(""), render_totals(totals)))
