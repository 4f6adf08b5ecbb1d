"""The modal form of one record, built from the schema.

Every allowed-value column is a drop-down (fixed lists, Danh mục lists, village
names) that finds what is typed; dates are typed dd/mm/yyyy; number fields take only
what a number may hold, and say so when a key does not fit ("-1": only whole numbers
from 0). On every change the validator itself checks the record as it would stand in
the workbook and its messages appear under the fields; an empty field is not called
missing before the operator has left it or tried to save. A record with errors cannot
be saved, but what was typed is never thrown away: it is kept as a draft (in the
journal) until fixed or discarded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from antq_tui.model import schema
from antq_tui.model.text import Vocabulary
from antq_tui.tui.controller import Controller
from antq_tui.tui.screens.dialogs import CONTINUE, KEEP, SET_ASIDE, ChoiceDialog
from antq_tui.tui.widgets.select import VietSelect
from antq_tui.tui.widgets.text_area import NarrativeArea
from antq_tui.tui.widgets.typed_input import TypedInput
from antq_tui.validate.findings import Finding, Severity

CHECK_DELAY = 0.15  # seconds of quiet typing before the validator runs
DRAFT_DELAY = 0.4  # and before the draft reaches the journal

_RESTRICT = {
    schema.Kind.COUNT: r"[0-9]*",
    schema.Kind.YEAR: r"[0-9]*",
    schema.Kind.AMOUNT: r"[0-9 .,]*",
    schema.Kind.DATE: r"[0-9 /.\-]*",
}
# What a number or date field takes, said when a key does not fit.
_TAKES = {
    schema.Kind.COUNT: "Ô này chỉ nhận số nguyên từ 0 trở lên (chỉ chữ số), ví dụ 2.",
    schema.Kind.YEAR: "Ô này chỉ nhận năm bằng chữ số, ví dụ 2021.",
    schema.Kind.AMOUNT: "Ô này chỉ nhận số từ 0 trở lên (chữ số, dấu phẩy), ví dụ 1,5.",
    schema.Kind.DATE: "Ô này nhận ngày dạng ngày/tháng/năm, ví dụ 05/03/2021.",
}
_PLACEHOLDER = {
    schema.Kind.DATE: "ngày/tháng/năm, ví dụ 05/03/2021",
    schema.Kind.COUNT: "số nguyên, ví dụ 2",
    schema.Kind.AMOUNT: "số, ví dụ 1,5",
    schema.Kind.YEAR: "ví dụ 2021",
}


@dataclass
class FormField:
    name: str
    label: str
    kind: schema.Kind
    required: bool = False
    options: Sequence[str] | None = None  # a Select when given
    help: str = ""
    blank: str = "(trống)"  # what a Select shows for no value


@dataclass
class FormOutcome:
    action: str  # "commit", "draft", "discard", "cancel"
    texts: dict[str, str] = field(default_factory=dict)


def _field_id(name: str) -> str:
    return f"field-{name}"


class FormScreen(ModalScreen[FormOutcome]):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 100; max-width: 100%; height: 100%; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen .form-title { text-style: bold; height: 1; }
    FormScreen .form-note { color: $warning; height: auto; }
    FormScreen VerticalScroll { height: 1fr; }
    FormScreen .field-row { height: auto; }
    FormScreen .field-label { width: 24; height: 1; padding-right: 1; }
    FormScreen .field-label.required { text-style: bold; }
    FormScreen Input, FormScreen Select { width: 1fr; }
    FormScreen TextArea { height: 8; width: 1fr; }
    FormScreen .field-message { height: auto; padding-left: 24; }
    FormScreen .field-message.error { color: $error; }
    FormScreen .field-message.warning { color: $warning; }
    FormScreen .general { height: auto; }
    FormScreen .buttons { height: 1; margin-top: 0; }
    FormScreen Button { height: 1; min-width: 10; margin-right: 1; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Ghi bản ghi", priority=True),
        Binding("escape", "cancel", "Đóng", priority=True),
    ]

    def __init__(
        self,
        controller: Controller,
        title: str,
        fields: Sequence[FormField],
        texts: dict[str, str],
        *,
        original: dict[str, str],
        note: str = "",
        focus: str | None = None,
        read_only: bool = False,
        on_draft: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.form_title = title
        self.fields = list(fields)
        self.initial = dict(texts)
        self.original = dict(original)  # the record as in the table (not the draft)
        self.note = note
        self.focus_field = focus
        self.read_only = read_only
        self.on_draft = on_draft
        self.findings: list[Finding] = []
        self.original_filled = any(self.original.get(k) for k in self.original if k != "number")
        self._check_timer: Timer | None = None
        self._draft_timer: Timer | None = None
        self._answered = False  # dismissed: the outcome is being applied
        self.left: set[str] = set()  # fields the operator has been in and left
        self.tried = False  # a save was tried: every message shows
        self.refused: dict[str, str] = {}  # field -> why a key was refused (while in it)
        self._in_field: str | None = None

    # ------------------------------------------------------------ building
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="form-title", markup=False)
            if self.note:
                yield Static(self.note, classes="form-note", markup=False)
            with VerticalScroll():
                for spec in self.fields:
                    with Horizontal(classes="field-row"):
                        label = spec.label + (" *" if spec.required else "")
                        classes = "field-label required" if spec.required else "field-label"
                        yield Label(label, classes=classes, markup=False)
                        yield self._widget(spec)
                    yield Static(
                        "", id=f"message-{spec.name}", classes="field-message", markup=False
                    )
                yield Static("", id="general", classes="general", markup=False)
            with Horizontal(classes="buttons"):
                if not self.read_only:
                    yield Button(
                        "Ghi bản ghi (ctrl+s)", id="commit", variant="primary", compact=True
                    )
                yield Button("Đóng (esc)", id="cancel", compact=True)

    def _widget(self, spec: FormField) -> Widget:
        text = self.initial.get(spec.name, "")
        widget: Widget
        if spec.options is not None:
            options = [(o, o) for o in spec.options]
            if text and text not in spec.options:
                options.append((f"{text} (không có trong danh sách)", text))
            widget = VietSelect(
                options,
                prompt=spec.blank,
                value=text if text else Select.NULL,
                id=_field_id(spec.name),
            )
        elif spec.kind is schema.Kind.LONG_TEXT:
            widget = NarrativeArea(
                text, id=_field_id(spec.name), soft_wrap=True, show_line_numbers=False
            )
        else:
            widget = TypedInput(
                text,
                placeholder=_PLACEHOLDER.get(spec.kind, ""),
                restrict=_RESTRICT.get(spec.kind),
                id=_field_id(spec.name),
                compact=True,
                select_on_focus=False,
            )
        widget.tooltip = spec.help or None
        widget.disabled = self.read_only
        return widget

    def on_mount(self) -> None:
        self.controller.steady_cursors(self)
        empty = [f.name for f in self.fields if not self.initial.get(f.name)]
        first = self.fields[0].name if self.fields else None
        target = self.focus_field or (empty[0] if empty and not self.original_filled else first)
        if target:
            self.set_focus(self.query_one(f"#{_field_id(target)}"))  # before any key
        self.run_check()

    # ------------------------------------------------------------ reading the fields
    def texts(self) -> dict[str, str]:
        out = {}
        for spec in self.fields:
            widget = self.query_one(f"#{_field_id(spec.name)}")
            if isinstance(widget, Select):
                value = widget.value
                out[spec.name] = "" if value is Select.NULL or value is None else str(value)
            elif isinstance(widget, TextArea):
                out[spec.name] = widget.text
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
        return out

    @property
    def changed(self) -> bool:
        return self.texts() != self.original

    # ------------------------------------------------------------ checking
    def check(self, texts: dict[str, str]) -> list[Finding]:
        """The validator's findings for the record as typed (subclasses)."""
        return []

    def run_check(self) -> None:
        self.findings = self.check(self.texts())
        self.show_findings()

    def _waits(self, name: str, texts: dict[str, str]) -> bool:
        """Whether ``name``'s messages wait: it is empty as it opened, and the operator has
        neither left it nor tried to save (a new form is not a list of what is missing)."""
        text = texts.get(name, "")
        opened_with = self.initial.get(name, "")
        return not text and text == opened_with and name not in self.left and not self.tried

    def show_findings(self) -> None:
        texts = self.texts()
        by_field: dict[str, list[Finding]] = {}
        general: list[Finding] = []
        names = {spec.name for spec in self.fields}
        for finding in self.findings:
            if finding.field in names:
                by_field.setdefault(finding.field or "", []).append(finding)
            else:
                general.append(finding)
        for spec in self.fields:
            widget = self.query_one(f"#message-{spec.name}", Static)
            found = [] if self._waits(spec.name, texts) else by_field.get(spec.name, [])
            lines = [_line(f) for f in found]
            refused = self.refused.get(spec.name)
            if refused:
                lines.insert(0, "⚠ " + refused)
            widget.update("\n".join(lines))
            error = any(f.severity is Severity.ERROR for f in found)
            widget.set_class(error, "error")
            widget.set_class(bool(lines) and not error, "warning")
            widget.display = bool(lines)
        general_widget = self.query_one("#general", Static)
        general_widget.update("\n".join(_line(f) for f in general))
        general_widget.display = bool(general)

    def _field_of(self, widget: Widget | None) -> str | None:
        """The form field ``widget`` belongs to (a drop-down's list is inside its field)."""
        while widget is not None:
            if widget.id and widget.id.startswith("field-"):
                return widget.id.removeprefix("field-")
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return None

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        name = self._field_of(event.widget)
        if name == self._in_field:
            return
        if self._in_field is not None:
            self.left.add(self._in_field)
            self.refused.pop(self._in_field, "")  # said while the operator was there
            self.show_findings()
        self._in_field = name

    def on_typed_input_refused(self, event: TypedInput.Refused) -> None:
        name = self._field_of(event.field)
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is None:
            return
        self.refused[spec.name] = _TAKES.get(spec.kind, "Ô này không nhận kí tự đó.")
        self.show_findings()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def _schedule(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.run_check)
        if self.on_draft is not None and not self.read_only:
            if self._draft_timer is not None:
                self._draft_timer.stop()
            self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        if self.on_draft is not None and self.is_attached and not self._answered:
            self.on_draft(self.texts())

    def dismiss(self, result: FormOutcome | None = None) -> AwaitComplete:
        """Close with ``result``; a draft timer still pending must not bring the typed
        text back as a draft once the outcome (a commit, a discard) has been applied."""
        self._answered = True
        for timer in (self._check_timer, self._draft_timer):
            if timer is not None:
                timer.stop()
        return super().dismiss(result)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._schedule()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._schedule()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._schedule()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # ------------------------------------------------------------ closing
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "commit":
            self.action_commit()
        else:
            self.action_cancel()

    def action_commit(self) -> None:
        if self.read_only:
            self.dismiss(FormOutcome("cancel"))
            return
        self.tried = True
        self.run_check()
        texts = self.texts()
        if self.errors:
            if self.on_draft is not None:
                self.on_draft(texts)
            first = self.errors[0]
            if first.field:
                for widget in self.query(f"#{_field_id(first.field)}"):
                    self.set_focus(widget)
            self.controller.say(
                f"Bản ghi còn {len(self.errors)} lỗi nên chưa ghi được; đã giữ bản nháp. "
                f"{first.message}",
                "error",
            )
            return
        self.dismiss(FormOutcome("commit", texts))

    def action_cancel(self) -> None:
        for select in self.query(VietSelect):
            if select.expanded:  # Esc closes an open list first, not the whole form
                select.expanded = False
                self.set_focus(select)
                return
        texts = self.texts()
        if self.read_only or (texts == self.original and texts == self.initial):
            self.dismiss(FormOutcome("cancel"))
            return
        if texts == self.original:  # a draft was opened and put back as it was
            self.dismiss(FormOutcome("discard"))
            return

        def answered(answer: str | None) -> None:
            if answer == KEEP:
                self.dismiss(FormOutcome("draft", self.texts()))
            elif answer == SET_ASIDE:
                self.dismiss(FormOutcome("discard"))

        self.app.push_screen(
            ChoiceDialog(
                "Biểu mẫu có thay đổi chưa ghi",
                "Giữ lại làm bản nháp (mở lại bản ghi để sửa tiếp), hay bỏ các thay đổi?",
                [(KEEP, "Giữ nháp"), (SET_ASIDE, "Bỏ thay đổi"), (CONTINUE, "Sửa tiếp")],
                escape=CONTINUE,
                default=KEEP,
            ),
            answered,
        )


def _line(finding: Finding) -> str:
    mark = "✗ " if finding.severity is Severity.ERROR else "⚠ "
    text = mark + finding.message
    if finding.suggestion:
        text += f" → {finding.suggestion}"
    return text


def option_values(values: Sequence[str]) -> list[str]:
    return [v for v in values if v]


def fields_for(
    spec: schema.SheetSpec,
    present: set[str],
    allowed: Callable[[schema.Column], Vocabulary | None],
) -> list[FormField]:
    """The form's fields for a data sheet: every column the file has."""
    out = []
    for column in spec.columns:
        if column.field not in present:
            continue
        vocabulary = allowed(column)
        out.append(
            FormField(
                column.field,
                column.header,
                column.kind,
                column.required,
                option_values(vocabulary.values) if vocabulary is not None else None,
                column.help,
            )
        )
    return out
