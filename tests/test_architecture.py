"""One core, two faces: the core never imports Textual or click."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "antq_tui.text",
    "antq_tui.dates",
    "antq_tui.schema",
    "antq_tui.records",
    "antq_tui.validate",
    "antq_tui.workbook.reader",
    "antq_tui.workbook.template",
    "antq_tui.workbook.sample",
    "antq_tui.config",
    "antq_tui.journal",
    "antq_tui.entry",
    "antq_tui.edits",
    "antq_tui.merge",
]
OPTIONAL_CORE_MODULES = [
    "antq_tui.periods",
    "antq_tui.period_tags",
    "antq_tui.workbook.writer",
    "antq_tui.workbook.guard",
    "antq_tui.workbook.audit",
    "antq_tui.workbook.verify",
    "antq_tui.fix",
    "antq_tui.report.build",
    "antq_tui.report.render_rich",
    "antq_tui.report.render_docx",
    "antq_tui.report.totals",
    "antq_tui.report.model",
    "antq_tui.report.sources",
    "antq_tui.report.wording",
    "antq_tui.report.vietnamese",
    "antq_tui.report.metrics",
    "antq_tui.report.export",
    "antq_tui.report.totals_output",
]


def _imported_after(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        if not (exc.name and name.startswith(exc.name)): raise\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_imports_neither_textual_nor_click() -> None:
    loaded = _imported_after(CORE_MODULES + OPTIONAL_CORE_MODULES)
    assert "antq_tui.workbook.reader" in loaded  # the check really imported the core
    leaked = sorted(m for m in loaded if m.split(".")[0] in ("textual", "click"))
    assert leaked == []


def test_cli_help_does_not_import_textual_or_docx() -> None:
    code = (
        "import sys\n"
        "from antq_tui.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('textual' in sys.modules, 'docx' in sys.modules, 'openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Cách dùng" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "False False False"
