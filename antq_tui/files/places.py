"""Where the program keeps its own files, by each system's convention (platformdirs).

Linux: ``~/.config/antq`` and ``~/.local/state/antq`` (``XDG_CONFIG_HOME`` and
``XDG_STATE_HOME`` respected); Windows: under ``%APPDATA%`` and ``%LOCALAPPDATA%``.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "antq"


def config_dir() -> Path:
    return platformdirs.user_config_path(APP, appauthor=False)


def state_dir() -> Path:
    """Journals of read-only folders, journals set aside, the log of unexpected errors."""
    return platformdirs.user_state_path(APP, appauthor=False)
