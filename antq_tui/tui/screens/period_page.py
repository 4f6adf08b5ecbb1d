"""A full screen of something computed for a period: the report preview, the totals.

The screen shows the period picker, a scrolling page and a strip of key hints. The
figures are computed in a thread worker that only posts a message back; a new period
cancels the computation still running for the previous one.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from antq_tui.model.errors import AntqError
from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.tui import messages as msg
from antq_tui.tui.controller import Controller
from antq_tui.tui.widgets.period_picker import PeriodPicker


class PeriodPage(Screen[None]):
    JOB: ClassVar[str]  # worker group and msg.Done job name
    BUSY: ClassVar[str]  # shown while computing
    BODY_ID: ClassVar[str]  # id of the Static that holds the result
    KEY_HINTS: ClassVar[tuple[tuple[str, str], ...]]  # (key, Vietnamese action)

    DEFAULT_CSS = """
    PeriodPage #top { height: 1; background: $panel; }
    PeriodPage VerticalScroll { height: 1fr; padding: 0 1; overflow-x: hidden;
        scrollbar-size-vertical: 1; }
    PeriodPage #keys { height: 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll(-1)", show=False),
        Binding("down,j", "scroll(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown,space", "page(1)", show=False),
    ]

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.workbook = controller.live_session.current_workbook()

    def compute(self, workbook: Workbook, period: Period) -> object:
        """Runs in a worker thread: no widgets here. AntqError becomes the shown message."""
        raise NotImplementedError

    def show(self, body: Static, result: object) -> None:
        raise NotImplementedError

    def compose_notes(self) -> ComposeResult:
        """Lines between the period picker and the page."""
        yield from ()

    def compose(self) -> ComposeResult:
        yield PeriodPicker(self.workbook, id="top")
        yield from self.compose_notes()
        with VerticalScroll(id="page"):
            yield Static(self.BUSY, id=self.BODY_ID, markup=False)
        hints: list[str | tuple[str, str]] = []
        for key, action in self.KEY_HINTS:
            hints += [(f" {key}", "bold reverse"), f" {action}  "]
        hints[-1] = str(hints[-1]).rstrip()
        yield Static(Content.assemble(*hints), id="keys")

    def on_mount(self) -> None:
        self.start(self.query_one(PeriodPicker).period)
        self.set_focus(self.page)

    def on_period_picker_changed(self, event: PeriodPicker.Changed) -> None:
        self.start(event.period)

    @property
    def page(self) -> VerticalScroll:
        return self.query_one("#page", VerticalScroll)

    @property
    def period(self) -> Period:
        return self.query_one(PeriodPicker).period

    def body_width(self) -> int:
        """Columns the body can use, less one: the scroll bar appears once it is filled."""
        return self.page.scrollable_content_region.width - 1

    def start(self, period: Period) -> None:
        workbook = self.workbook

        def work() -> None:
            try:
                result = self.compute(workbook, period)
            except AntqError as exc:
                self.post_message(msg.Done(self.JOB, error=exc.message))
                return
            self.post_message(msg.Done(self.JOB, result))

        self.query_one(f"#{self.BODY_ID}", Static).update(self.BUSY)
        self.run_worker(work, thread=True, group=self.JOB, exclusive=True)

    def on_done(self, message: msg.Done) -> None:
        if message.job != self.JOB:
            return
        message.stop()
        body = self.query_one(f"#{self.BODY_ID}", Static)
        if message.error:
            body.update(Content.styled(message.error, "$error"))
            return
        self.show(body, message.result)

    def action_scroll(self, lines: int) -> None:
        self.page.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        page = self.page
        page.scroll_relative(y=pages * max(1, page.size.height - 1), animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
