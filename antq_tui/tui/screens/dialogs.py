"""Small modal questions: a message and a few answers, each with its own letter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceDialog(ModalScreen[str]):
    """Ask; ``choices`` are (answer, letter, label). Escape answers ``escape``."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ChoiceDialog .title { text-style: bold; }
    ChoiceDialog VerticalScroll { height: auto; max-height: 14; }
    ChoiceDialog Horizontal { height: auto; margin-top: 1; }
    ChoiceDialog Button { margin-right: 1; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "escape", show=False)]

    def __init__(
        self,
        title: str,
        message: str,
        choices: Sequence[tuple[str, str, str]],
        *,
        escape: str = "cancel",
        default: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = list(choices)
        self.escape_answer = escape
        self.default = default or self.choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            with VerticalScroll():
                yield Static(self.message, markup=False)
            with Horizontal():
                for answer, letter, label in self.choices:
                    yield Button(
                        f"{label} ({letter})",
                        id=f"answer-{answer}",
                        variant="primary" if answer == self.default else "default",
                    )

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.default}", Button).focus()

    def on_key(self, event: Key) -> None:
        for answer, letter, _ in self.choices:
            if event.character and event.character.lower() == letter:
                event.stop()
                self.dismiss(answer)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_escape(self) -> None:
        self.dismiss(self.escape_answer)


def confirm(title: str, message: str, yes: str = "Đồng ý", no: str = "Thôi") -> ChoiceDialog:
    return ChoiceDialog(
        title, message, [("yes", "c", yes), ("no", "k", no)], escape="no", default="no"
    )


def message(title: str, text: str) -> ChoiceDialog:
    return ChoiceDialog(title, text, [("ok", "o", "Đóng")], escape="ok")
