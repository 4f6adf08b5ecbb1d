"""A Select whose type-to-search ignores diacritics: typing "tay" finds "Tây Sơn"."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from antq_tui.model.text import ascii_key


class FoldingOverlay(SelectOverlay):
    def _find_search_match(self, query: str) -> int | None:
        needle = ascii_key(query)
        best: int | None = None
        best_at: int | None = None
        for index, option in enumerate(self._options):
            prompt = option.prompt
            text = prompt.plain if isinstance(prompt, Text) else prompt
            if not isinstance(text, str):
                continue
            at = ascii_key(text).find(needle)
            if at != -1 and (best_at is None or at < best_at):
                best, best_at = index, at
        return best


class VietSelect(Select[str]):
    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield FoldingOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
