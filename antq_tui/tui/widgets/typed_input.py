"""A one-line field that takes only what its kind allows, and says so when a key is refused.

Textual's Input drops a refused key with a bell many terminals never sound: "-1"
became "1" without a word. This one posts ``Refused`` so the form can say what the
field takes.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class TypedInput(Input):
    class Refused(Message):
        """A key did not fit the field (``TypedInput.restrict``)."""

        def __init__(self, field: TypedInput) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> TypedInput:
            return self.field

    def restricted(self) -> None:
        self.post_message(self.Refused(self))
