"""Keys typed fast are handled one after the other, each where the one before left focus.

Over SSH, keys typed quickly arrive together: "/phong lam" or "a05/10/2021⇥lai" in one
read. Textual forwards every key at once to the widget focused *then*, and runs a
key's binding only when the key has bubbled back up: "/" opened the filter after
"phong" had already gone to the table ("p" opened the preview), "a" opened the form
after the date had gone to the table, a Tab moved on after the next letters had gone
into the field it was leaving. Here a key waits until the one before has been
through its widgets, its binding, and what they asked the app to do next (a focus, a
screen: a new screen first mounts). Built on public calls only: each widget's
``call_later`` is a barrier behind what it has queued.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

# Seconds between looks at a screen still mounting, while keys wait for it.
MOUNT_LOOK = 0.01
# Seconds between looks at a widget the key is passing through, in case it was removed
# before it could let the key through (the key then goes no further).
GONE_LOOK = 0.25


class KeyOrder(App[int]):
    """Part of AntqApp: the order of keys typed ahead."""

    def __init__(self) -> None:
        super().__init__()
        self.typed_ahead: list[events.Key] = []  # keys waiting for the one in flight
        self._key_in_flight = False
        self._key_journeys: set[asyncio.Task[None]] = set()

    def screen_ready(self) -> bool:
        """Whether the screen on top can take keys (mounted, its first field focused).

        The loading screen takes none: keys typed while a workbook loads are dropped, as
        ctrl+q must still quit then."""
        from antq_tui.tui.screens.loading import LoadingScreen

        screen = self.screen
        return screen.is_mounted or isinstance(screen, LoadingScreen)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight or self.typed_ahead or not self.screen_ready():
                self.typed_ahead.append(event)
                if not self._key_in_flight and len(self.typed_ahead) == 1:
                    self.set_timer(MOUNT_LOOK, self._next_key)
                return
            await self._send_key(event)
            return
        await super().on_event(event)

    async def _send_key(self, event: events.Key) -> None:
        target: DOMNode = self.focused or self.screen
        self._key_in_flight = True
        await super().on_event(event)  # priority bindings, else on to the focused widget
        path = [node for node in target.ancestors_with_self if not isinstance(node, App)]
        journey = asyncio.create_task(self._follow_key(path))
        self._key_journeys.add(journey)
        journey.add_done_callback(self._key_journeys.discard)

    async def _follow_key(self, path: list[DOMNode]) -> None:
        """Wait while the key goes up from the focused widget to its screen."""
        for node in path:
            passed = asyncio.Event()
            if node.call_later(passed.set):  # behind the key in that node's queue
                while not passed.is_set():
                    try:
                        await asyncio.wait_for(passed.wait(), GONE_LOOK)
                    except TimeoutError:
                        if not node.is_attached:  # removed meanwhile (a closed form)
                            break
            if isinstance(node, Screen):
                break
        # The key, bubbled to the app, is queued before this: its binding runs first.
        self.call_later(self._after_key)

    def _after_key(self) -> None:
        # What the binding asked of the app (a focus, a screen) is queued before this.
        self.call_later(self._key_done)

    async def _key_done(self) -> None:
        self._key_in_flight = False
        await self._next_key()

    async def _next_key(self) -> None:
        if self._key_in_flight or not self.typed_ahead:
            return
        if not self.screen_ready():
            self.set_timer(MOUNT_LOOK, self._next_key)
            return
        await self._send_key(self.typed_ahead.pop(0))
