"""The screen as plain text, for Pilot tests that read what the operator sees."""

from __future__ import annotations

from typing import Any


def screen_text(app: Any) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


def flat_text(app: Any) -> str:
    """The screen's words as one line: borders gone, wrapped lines joined."""
    lines = [line.strip("█▀▄▌▐│ ") for line in screen_text(app).splitlines()]
    return " ".join(" ".join(line.split()) for line in lines if line)
