"""Small modal questions: a message and a few answers, each with its letter.

A letter means one thing in every dialog, so an operator learns it once: c (có) does
what the question asks, k (không) leaves things as they are, and so on (``LETTERS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Static

# The answers a dialog can offer, by meaning, and the one letter of each.
YES = "yes"  # c, có: do what the question asks (delete, restore, overwrite…)
NO = "no"  # k, không: leave things as they are
KEEP = "keep"  # g: keep your work (save it, keep it as a draft, merge it)
SET_ASIDE = "set_aside"  # b, bỏ: put your work aside (kept in a file, not applied)
QUIT = "quit"  # t, thoát
CONTINUE = "continue"  # s: back to work, decide later (sửa tiếp, để sau)
CLOSE = "close"  # o: close a message (OK)
LIST_ONLY = "list_only"  # d: change the Danh mục entry only, not the records using it

LETTERS: dict[str, str] = {
    YES: "c",
    NO: "k",
    KEEP: "g",
    SET_ASIDE: "b",
    QUIT: "t",
    CONTINUE: "s",
    CLOSE: "o",
    LIST_ONLY: "d",
}


class ChoiceDialog(ModalScreen[str]):
    """Ask; ``choices`` are (answer, label), answers from ``LETTERS``. Escape answers
    ``escape``."""

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
        choices: Sequence[tuple[str, str]],
        *,
        escape: str = NO,
        default: str | None = None,
    ) -> None:
        super().__init__()
        unknown = [answer for answer, _ in choices if answer not in LETTERS]
        if unknown:
            raise ValueError(f"answers without a letter: {unknown}")
        self.title_text = title
        self.message = message
        self.choices = [(answer, LETTERS[answer], label) for answer, label in choices]
        self.escape_answer = escape
        self.default = default or self.choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
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
        self.set_focus(self.query_one(f"#answer-{self.default}", Button))

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
    return ChoiceDialog(title, message, [(YES, yes), (NO, no)], escape=NO, default=NO)


def message(title: str, text: str) -> ChoiceDialog:
    return ChoiceDialog(title, text, [(CLOSE, "Đóng")], escape=CLOSE)
