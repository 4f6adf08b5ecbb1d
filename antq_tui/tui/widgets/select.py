"""A drop-down whose typing is seen and ignores diacritics: "lai ha" finds "Lai Hà".

Typing on the closed field opens its list; what was typed shows on the list's top
edge and the first option containing it (without diacritics, earliest match first) is
highlighted; Backspace takes a letter back, Enter chooses, Esc closes. Built on
Textual's public Select API (its own type-to-search is off: it hides what was typed,
forgets it after 0.7 s and matches only exact letters).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content
from textual.events import Key
from textual.widgets import OptionList, Select
from textual.widgets.select import NoSelection

from antq_tui.model.text import ascii_key

HINT = "gõ để tìm"


def best_match(prompts: Iterable[str], query: str) -> int | None:
    """The index of the prompt containing ``query`` earliest (folded), or None."""
    needle = ascii_key(query)
    if not needle:
        return None
    best: int | None = None
    best_at: int | None = None
    for index, prompt in enumerate(prompts):
        at = ascii_key(prompt).find(needle)
        if at != -1 and (best_at is None or at < best_at):
            best, best_at = index, at
    return best


def _plain(prompt: object) -> str:
    if isinstance(prompt, Content):
        return prompt.plain
    if isinstance(prompt, Text):
        return prompt.plain
    return prompt if isinstance(prompt, str) else ""


class VietSelect(Select[str]):
    DEFAULT_CSS = """
    VietSelect > OptionList.-textual-compact {
        border: round $border !important;
        border-title-color: $text;
        border-title-style: bold;
    }
    """

    def __init__(
        self,
        options: Iterable[tuple[str, str]],
        *,
        prompt: str,
        value: str | NoSelection = Select.NULL,
        id: str | None = None,
    ) -> None:
        super().__init__(
            options,
            prompt=prompt,
            allow_blank=True,
            value=value,
            type_to_search=False,
            id=id,
            compact=True,
        )
        self.query_text = ""  # typed since the list opened

    @property
    def overlay(self) -> OptionList:
        return self.query_one(OptionList)

    def watch_expanded(self, expanded: bool) -> None:
        self.query_text = ""
        self._show_query(found=True)

    def on_key(self, event: Key) -> None:
        if event.key == "backspace" and self.expanded:
            self.query_text = self.query_text[:-1]
        elif event.character is not None and event.is_printable:
            if not self.expanded:
                if event.character == " ":
                    return  # space opens the list, as in Textual's Select
                self.action_show_overlay()
            self.query_text += event.character
        else:
            return
        event.stop()
        event.prevent_default()
        self._search()

    def _search(self) -> None:
        overlay = self.overlay
        prompts = [
            _plain(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)
        ]
        index = best_match(prompts, self.query_text)
        if index is not None:
            overlay.highlighted = index
            overlay.scroll_to_highlight()
        self._show_query(found=index is not None or not self.query_text)

    def _show_query(self, found: bool) -> None:
        overlay = self.overlay
        if not self.query_text:
            overlay.border_title = HINT
        elif found:
            overlay.border_title = f"tìm: {self.query_text}"
        else:
            overlay.border_title = f"tìm: {self.query_text} (không có)"
