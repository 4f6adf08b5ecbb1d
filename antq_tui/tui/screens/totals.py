"""Quick period totals: the figures of a period and its months, with a bar per month."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.tui.screens.period_page import PeriodPage


class TotalsScreen(PeriodPage):
    JOB = "totals"
    BUSY = "Đang tính…"
    BODY_ID = "figures"
    KEY_HINTS = (("Esc", "Đóng"), ("Tab", "Chọn kỳ"), ("PgUp/PgDn", "Lật trang"))
    DEFAULT_CSS = "TotalsScreen #figures { width: 100%; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,t", "close", "Đóng")]

    def compute(self, workbook: Workbook, period: Period) -> Any:
        from antq_tui.report.totals import compute_totals, monthly_totals

        return period, compute_totals(workbook, period), monthly_totals(workbook, period)

    def show(self, body: Static, result: Any) -> None:
        from antq_tui.report.totals_output import render_monthly, render_totals

        period, totals, months = result
        monthly = render_monthly(period, months, width=self.body_width())
        body.update(Group(monthly, Text(""), render_totals(totals)))
