"""Who is running the program (named in locks, the journal and the audit sheet)."""

from __future__ import annotations

import getpass
import os
import socket


def current_user() -> str:
    """The login name (for SSH sessions, the SSH user; on Windows, USERNAME)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No name for this id (a container, an account removed since): say the id.
        getuid = getattr(os, "getuid", None)
        return str(getuid()) if getuid else "?"


def user_at_host() -> str:
    """``user@host``: who made a change, in the journal and the audit sheet."""
    return f"{current_user()}@{socket.gethostname()}"
