"""The command palette (ctrl+p): every command by its Vietnamese name, typed with or
without diacritics ("so lieu" finds "Số liệu").
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from antq_tui.model.text import ascii_key


class AntqCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(ascii_key(query))
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = matcher.match(ascii_key(name))
            if score > 0:
                yield Hit(score, name, callback, help=help_text)
