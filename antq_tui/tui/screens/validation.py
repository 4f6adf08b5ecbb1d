"""The validation panel: every error and warning, and the drafts; Enter jumps there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from antq_tui.editing.drafts import Draft
from antq_tui.model.text import format_int
from antq_tui.tui.controller import Controller
from antq_tui.tui.screens.dialogs import YES, confirm
from antq_tui.tui.state import Checked, Pending
from antq_tui.validate.findings import Finding, Severity

Target = Finding | Draft


def header(checked: Checked | None, pending: Pending) -> str:
    """The panel's first line: the counts as they are now (fixes included)."""
    if checked is None:
        text = "Kiểm tra sổ: đang kiểm tra lại…"
    else:
        text = (
            f"Kiểm tra sổ: {format_int(checked.errors)} lỗi, "
            f"{format_int(checked.warnings)} cảnh báo"
        )
    if pending.drafts:
        text += f", {format_int(pending.drafts)} bản nháp chưa ghi"
    return text


class ValidationScreen(ModalScreen[Target | None]):
    DEFAULT_CSS = """
    ValidationScreen { align: center middle; }
    ValidationScreen > Vertical {
        width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    ValidationScreen .title { text-style: bold; height: 1; }
    ValidationScreen OptionList { height: 1fr; border: none; }
    ValidationScreen .hint { height: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,v", "close", "Đóng"),
        Binding("f", "apply_suggestion", "Sửa theo gợi ý"),
        Binding("F", "apply_all_suggestions", "Sửa mọi gợi ý"),
    ]
    LIMIT = 2000  # rows listed; the status line has the full counts

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.targets: list[Target] = []

    def compose(self) -> ComposeResult:
        report = self.controller.report
        session = self.controller.session
        drafts = list(session.drafts.values()) if session else []
        # Errors first; each kind in the validator's reading order (sheet, row, column).
        findings = sorted(
            report.findings if report else [], key=lambda f: f.severity is not Severity.ERROR
        )
        options: list[Option] = []
        for draft in drafts:
            where = (
                f"{draft.sheet}, bản ghi mới" if draft.new else f"{draft.sheet}, hàng {draft.row}"
            )
            options.append(
                Option(
                    Content.assemble(
                        ("Nháp ", "bold $warning"),
                        f"{where}: chưa ghi được vì còn lỗi; Enter để mở lại.",
                    )
                )
            )
            self.targets.append(draft)
        for finding in findings[: self.LIMIT]:
            options.append(Option(_finding_line(finding)))
            self.targets.append(finding)
        with Vertical():
            yield Static(
                header(self.controller.checked, self.controller.pending),
                id="header",
                classes="title",
                markup=False,
            )
            if options:
                yield OptionList(*options, id="findings")
            else:
                yield Static("Sổ hợp lệ: không có lỗi hay cảnh báo nào.", markup=False)
            hint = "↑↓ chọn · Enter đến ô đó · f sửa theo gợi ý (→), F sửa tất cả · Esc đóng"
            if len(findings) > self.LIMIT:
                hint += f" · chỉ liệt kê {format_int(self.LIMIT)} mục đầu"
            yield Static(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        for widget in self.query(OptionList):
            self.set_focus(widget)
            widget.highlighted = 0
        # The counts follow the validator: a fix (f, F) shows once it has re-checked.
        self.watch(self.app, "checked", self._recount, init=False)
        self.watch(self.app, "pending", self._recount, init=False)

    def _recount(self) -> None:
        header_line = self.query_one("#header", Static)
        header_line.update(header(self.controller.checked, self.controller.pending))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.targets[event.option_index])

    def action_apply_suggestion(self) -> None:
        """Put the highlighted finding's suggestion in its cell, and stay for the next one."""
        listing = self.query(OptionList)
        if not listing or listing.first().highlighted is None:
            return
        options = listing.first()
        index = options.highlighted
        assert index is not None
        target = self.targets[index]
        controller = self.controller
        if not isinstance(target, Finding) or target.replacement is None:
            controller.say("Mục này không có gợi ý sửa sẵn; Enter để đến ô đó rồi sửa.")
            return
        if not controller.guard_edit():
            return
        change = controller.perform(lambda session: session.apply_suggestion(target))
        if change is None:
            controller.say("Ô này đã mang giá trị gợi ý, hoặc không sửa được từ đây.")
            return
        self._mark_done(options, index, target)
        controller.say(
            f"Đã sửa {target.cell} thành “{target.replacement}” (chưa ghi; ctrl+s để ghi)."
        )
        if index + 1 < options.option_count:
            options.highlighted = index + 1

    @staticmethod
    def _mark_done(options: OptionList, index: int, finding: Finding) -> None:
        done = Content.assemble(
            ("Đã sửa ", "bold $success"),
            (f"{finding.cell}  → {finding.replacement}", "$text-muted"),
        )
        options.replace_option_prompt_at_index(index, done)

    def action_apply_all_suggestions(self) -> None:
        """Every suggestion listed, after one question; one ctrl+z takes them all back."""
        listing = self.query(OptionList)
        fixable = [
            (index, target)
            for index, target in enumerate(self.targets)
            if isinstance(target, Finding) and target.replacement is not None
        ]
        controller = self.controller
        if not listing or not fixable:
            controller.say("Không có mục nào có gợi ý sửa sẵn.")
            return
        if not controller.guard_edit():
            return
        options = listing.first()

        def answered(answer: str | None) -> None:
            if answer != YES:
                return
            findings = [target for _, target in fixable]
            changes = controller.perform(lambda session: session.apply_suggestions(findings))
            if not changes:
                controller.say("Các ô đó đã mang giá trị gợi ý.")
                return
            for index, target in fixable:
                self._mark_done(options, index, target)
            controller.say(
                f"Đã sửa {format_int(len(changes))} ô theo gợi ý (chưa ghi; ctrl+s để ghi; "
                "một lần ctrl+z hoàn tác tất cả)."
            )

        lines = [f"{t.cell}: → {t.replacement}" for _, t in fixable[:8]]
        if len(fixable) > 8:
            lines.append(f"… và {format_int(len(fixable) - 8)} ô nữa.")
        self.app.push_screen(
            confirm(
                f"Sửa {format_int(len(fixable))} ô theo gợi ý?",
                "\n".join(lines) + "\nMột lần ctrl+z hoàn tác tất cả.",
                yes="Sửa",
                no="Thôi",
            ),
            answered,
        )

    def action_close(self) -> None:
        self.dismiss(None)


def _finding_line(finding: Finding) -> Content:
    if finding.severity is Severity.ERROR:
        kind = ("Lỗi ", "bold $error")
    else:
        kind = ("Cảnh báo ", "$warning")
    parts: list[tuple[str, str] | str] = [
        kind,
        (f"{finding.cell or finding.sheet}  ", "bold"),
        finding.message,
    ]
    if finding.suggestion:
        parts.append((f" → {finding.suggestion}", "$accent"))
    return Content.assemble(*parts)
