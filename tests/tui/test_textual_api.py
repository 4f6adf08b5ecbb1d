"""What the TUI takes from Textual beyond its public API, so an upgrade cannot break it
unnoticed: the private methods it overrides, and the pin that makes them safe."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import tomllib
from pathlib import Path

import textual

import antq_tui.tui

# Textual has no public hook for an unhandled exception (the operator gets one
# Vietnamese sentence and the log, not a traceback).
KNOWN = {"antq_tui.tui.app.AntqApp._fatal_error"}

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _tui_classes() -> list[type]:
    classes: dict[str, type] = {}
    for info in pkgutil.walk_packages(antq_tui.tui.__path__, "antq_tui.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                classes[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(classes.values())


def private_overrides() -> set[str]:
    """Methods named ``_x`` that a TUI class defines and a Textual class already had."""
    found = set()
    for cls in _tui_classes():
        textual_bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
        for name, value in vars(cls).items():
            if not name.startswith("_") or name.startswith("__") or not callable(value):
                continue
            if any(name in vars(base) for base in textual_bases):
                found.add(f"{cls.__module__}.{cls.__qualname__}.{name}")
    return found


def test_the_only_private_textual_method_overridden_is_the_known_one() -> None:
    assert private_overrides() == KNOWN


def test_textual_is_pinned_to_the_minor_version_the_override_was_written_for() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (spec,) = [d for d in dependencies if re.match(r"textual\b", d)]
    major, minor = (int(n) for n in textual.__version__.split(".")[:2])
    assert spec == f"textual>={major}.{minor},<{major}.{minor + 1}"
