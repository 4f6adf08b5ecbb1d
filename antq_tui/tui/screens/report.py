"""Preview of the report (the same model the DOCX is written from) and the DOCX export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from antq_tui.files.new_file import make_folder
from antq_tui.model.errors import AntqError
from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.model.text import format_int
from antq_tui.tui import messages as msg
from antq_tui.tui.controller import Controller
from antq_tui.tui.screens.dialogs import YES, confirm
from antq_tui.tui.screens.period_page import PeriodPage
from antq_tui.tui.widgets.period_picker import PeriodPicker

if TYPE_CHECKING:
    from antq_tui.report.model import ReportDocument


def _unsaved_note(controller: Controller) -> str:
    session = controller.session
    if session is not None and session.pending:
        return (
            f"Gồm cả {format_int(session.pending)} thay đổi chưa ghi vào sổ "
            "(nhớ bấm ctrl+s để ghi)."
        )
    return ""


class PreviewScreen(PeriodPage):
    """The report for a period, rendered by report.render_rich."""

    JOB = "preview"
    BUSY = "Đang dựng báo cáo…"
    BODY_ID = "report"
    KEY_HINTS = (
        ("Esc", "Đóng"),
        ("x", "Xuất DOCX"),
        ("PgUp/PgDn", "Lật trang"),
        ("Tab", "Chọn kỳ"),
    )
    DEFAULT_CSS = """
    PreviewScreen #note { height: auto; color: $warning; }
    PreviewScreen #report { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "close", "Đóng"),
        Binding("x", "export", "Xuất DOCX"),
    ]

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.doc: ReportDocument | None = None

    def compose_notes(self) -> ComposeResult:
        note = _unsaved_note(self.controller)
        line = Static(note, id="note", markup=False)
        line.display = bool(note)
        yield line

    def compute(self, workbook: Workbook, period: Period) -> ReportDocument:
        from antq_tui.report.build import build_report

        return build_report(workbook, period)

    def show(self, body: Static, result: object) -> None:
        from rich.console import Group, RenderableType
        from rich.text import Text

        from antq_tui.report.model import ReportDocument
        from antq_tui.report.render_rich import MAX_WIDTH, render_rich

        assert isinstance(result, ReportDocument)
        self.doc = result
        width = max(40, min(MAX_WIDTH, self.body_width()))
        page: RenderableType = render_rich(result, width=width)
        if result.notes:
            # What the clerk should know (no narrative or register row of the period's own,
            # nothing to compare with) is said above the report, never inside it.
            notes = Text("\n".join(f"⚠ {note}" for note in result.notes) + "\n", style="yellow")
            page = Group(notes, page)
        body.update(page)
        self.page.scroll_home(animate=False)

    def action_export(self) -> None:
        open_export(self.controller, self.period)


class ExportDialog(ModalScreen[None]):
    """Choose the period and the file; the DOCX is written in a worker."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 90; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ExportDialog .title { text-style: bold; }
    ExportDialog #note { color: $warning; height: auto; }
    ExportDialog #sources { color: $warning; height: auto; }
    ExportDialog #target-row { height: 1; margin-top: 1; }
    ExportDialog #target-row Label { width: 8; }
    ExportDialog #target { width: 1fr; }
    ExportDialog #where { height: auto; color: $text-muted; padding-left: 8; }
    ExportDialog #result { height: auto; margin-top: 1; }
    ExportDialog .buttons { height: 1; margin-top: 1; }
    ExportDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Đóng", priority=True),
        Binding("ctrl+s", "export", "Xuất", priority=True),
    ]

    def __init__(self, controller: Controller, period: Period | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.workbook = controller.live_session.current_workbook()
        self.initial_period = period
        self.edited_target = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Xuất báo cáo ra tệp Word (DOCX)", classes="title", markup=False)
            yield PeriodPicker(self.workbook, id="period")
            yield Static("", id="sources", markup=False)
            note = _unsaved_note(self.controller)
            yield Static(note, id="note", markup=False)
            with Horizontal(id="target-row"):
                yield Label("Tệp:")
                yield Input(id="target", compact=True)
            yield Static("", id="where", markup=False)
            yield Static("", id="result", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Xuất (ctrl+s)", id="export", variant="primary", compact=True)
                yield Button("Đóng (esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.controller.steady_cursors(self)
        picker = self.query_one(PeriodPicker)
        if self.initial_period is not None:
            picker.year = self.initial_period.year or picker.year
            span = self.initial_period.kind
            if span in ("half", "quarter", "month"):
                span = f"{span}-{self.initial_period.index}"
            picker.span = span if span != "custom" else "year"
            picker.query_one("#span", Select).value = picker.span
            picker.query_one("#year", Select).value = picker.year
        self.query_one("#note", Static).display = bool(_unsaved_note(self.controller))
        self._suggest(picker.period)
        self._show_sources(picker.period)
        self.set_focus(self.query_one("#export", Button))

    def _show_sources(self, period: Period) -> None:
        """Say when the period has no narrative or register row of its own."""
        from antq_tui.report.sources import report_sources, source_notes

        notes = source_notes(report_sources(self.workbook, period))
        line = self.query_one("#sources", Static)
        line.update("\n".join(f"⚠ {note}" for note in notes))
        line.display = bool(notes)

    def _suggest(self, period: Period) -> None:
        from antq_tui.report.export import EXPORTS_FOLDER, default_export_path

        # Relative to the workbook's folder: short enough to read at 80 columns.
        target = self.query_one("#target", Input)
        target.value = str(default_export_path(self.workbook, period, Path(EXPORTS_FOLDER)))
        target.cursor_position = len(target.value)
        self.edited_target = False

    def on_period_picker_changed(self, event: PeriodPicker.Changed) -> None:
        self._show_sources(event.period)
        if not self.edited_target:
            self._suggest(event.period)

    def _target(self) -> Path | None:
        text = self.query_one("#target", Input).value.strip()
        if not text:
            return None
        target = Path(text).expanduser()
        return target if target.is_absolute() else self.controller.path.parent / target

    def on_input_changed(self, event: Input.Changed) -> None:
        self.edited_target = True
        # A relative name is under the workbook's folder: say which folder, once (the
        # name is already on the line above).
        typed = Path(event.value.strip()).expanduser()
        target = self._target()
        where = "" if target is None or typed.is_absolute() else f"trong thư mục {target.parent}"
        self.query_one("#where", Static).update(where)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_close()

    def action_export(self, force: bool = False) -> None:
        period = self.query_one(PeriodPicker).period
        target = self._target()
        if target is None:
            self.query_one("#result", Static).update(
                Content.styled("Hãy ghi tên tệp .docx.", "$error")
            )
            return
        if target.exists() and not force:

            def answered(answer: str | None) -> None:
                if answer == YES:
                    self.action_export(force=True)

            self.app.push_screen(
                confirm("Tệp đã có", f"Tệp {target} đã có. Ghi đè lên tệp đó?", yes="Ghi đè"),
                answered,
            )
            return
        workbook = self.workbook

        def work() -> None:
            from antq_tui.report.export import export_docx

            try:
                make_folder(target.parent)
                written = export_docx(workbook, period, target, force=force)
            except AntqError as exc:
                self.post_message(msg.Done("export", error=exc.message))
                return
            self.post_message(msg.Done("export", written))

        self.query_one("#result", Static).update(Content.styled("Đang xuất…", "italic"))
        self.run_worker(work, thread=True, group="export", exclusive=True)

    def on_done(self, message: msg.Done) -> None:
        if message.job != "export":
            return
        message.stop()
        result = self.query_one("#result", Static)
        if message.error:
            result.update(Content.styled(message.error, "bold $error"))
            self.controller.say(message.error, "error")
            return
        where = message.result
        self.controller.say(f"Đã xuất báo cáo: {where}")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def open_export(controller: Controller, period: Period | None = None) -> None:
    controller.push_screen(ExportDialog(controller, period))
