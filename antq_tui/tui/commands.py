"""The command palette (ctrl+p): every command by its Vietnamese name, typed with or
without diacritics ("so lieu" finds "Số liệu"). When nothing matches, the palette says
so in Vietnamese (one line that closes it) instead of Textual's English "No matches".
"""

from __future__ import annotations

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from antq_tui.model.text import ascii_key

NO_MATCH_HELP = "Gõ tên khác (không cần dấu), hoặc Esc để đóng."


def no_match_title(query: str) -> str:
    return f"Không có lệnh nào khớp “{query.strip()}”"


class AntqCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(ascii_key(query))
        found = False
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = matcher.match(ascii_key(name))
            if score > 0:
                found = True
                yield Hit(score, name, callback, help=help_text)
        if not found and query.strip():
            title = no_match_title(query)
            yield Hit(1.0, Text(title), _nothing, text=title, help=NO_MATCH_HELP)


def _nothing() -> None:
    """Choosing the "no match" line only closes the palette."""
