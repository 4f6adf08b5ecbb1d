"""Quick period totals: the figures of a period and its months, with a bar per month."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...errors import AntqError
from ...periods import Period
from .. import messages as msg
from ..widgets.period_picker import PeriodPicker


class TotalsScreen(Screen[None]):
    DEFAULT_CSS = """
    TotalsScreen #top { height: 1; background: $panel; }
    TotalsScreen VerticalScroll { height: 1fr; padding: 0 1; overflow-x: hidden;
        scrollbar-size-vertical: 1; }
    TotalsScreen #figures { width: 100%; }
    TotalsScreen #keys { height: 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "close", "Đóng"),
        Binding("up,k", "scroll(-1)", show=False),
        Binding("down,j", "scroll(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown,space", "page(1)", show=False),
    ]

    def __init__(self, controller: Any) -> None:
        super().__init__()
        self.controller = controller
        self.workbook = controller.session.current_workbook()

    def compose(self) -> ComposeResult:
        yield PeriodPicker(self.workbook, id="top")
        with VerticalScroll(id="page"):
            yield Static("Đang tính…", id="figures", markup=False)
        yield Static(
            Text.assemble(
                (" Esc", "bold reverse"),
                " Đóng  ",
                (" Tab", "bold reverse"),
                " Chọn kỳ  ",
                (" PgUp/PgDn", "bold reverse"),
                " Lật trang",
            ),
            id="keys",
        )

    def on_mount(self) -> None:
        self.compute(self.query_one(PeriodPicker).period)
        self.query_one("#page").focus()

    def on_period_picker_changed(self, event: PeriodPicker.Changed) -> None:
        self.compute(event.period)

    def compute(self, period: Period) -> None:
        workbook = self.workbook

        def work() -> None:
            from ...report.totals import compute_totals, monthly_totals

            try:
                result = (
                    period,
                    compute_totals(workbook, period),
                    monthly_totals(workbook, period),
                )
            except AntqError as exc:
                self.post_message(msg.Done("totals", error=exc.message))
                return
            self.post_message(msg.Done("totals", result))

        self.query_one("#figures", Static).update("Đang tính…")
        self.run_worker(work, thread=True, group="totals", exclusive=True)

    def on_done(self, message: msg.Done) -> None:
        if message.job != "totals":
            return
        message.stop()
        figures = self.query_one("#figures", Static)
        if message.error:
            figures.update(Text(message.error, style="red"))
            return
        from ...report.totals_output import render_monthly, render_totals

        period, totals, months = message.result
        # Less one column: the scroll bar appears once the figures are in.
        width = self.query_one("#page", VerticalScroll).scrollable_content_region.width - 1
        figures.update(
            Group(render_monthly(period, months, width=width), Text(""), render_totals(totals))
        )

    def action_scroll(self, lines: int) -> None:
        self.query_one("#page", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        page = self.query_one("#page", VerticalScroll)
        page.scroll_relative(y=pages * max(1, page.size.height - 1), animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
