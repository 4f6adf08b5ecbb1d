"""The log of unexpected errors: the traceback for a technician, never for the operator."""

from __future__ import annotations

import traceback
from pathlib import Path

from antq_tui.files.places import state_dir


def log_path() -> Path:
    return state_dir() / "antq.log"


def log_unexpected(exc: BaseException | None) -> Path | None:
    """Append ``exc``'s traceback to the log; the log's path, or None if it cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            if exc is not None:
                log.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path
