"""One core, two faces, in layers: the import-linter contracts hold, and they can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACES = ("antq_tui.cli", "antq_tui.tui", "antq_tui.__main__")  # __main__ runs the CLI


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    # The project's contracts in pyproject.toml, checked on the package found from cwd.
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_import_contracts_catch_an_import_upwards(tmp_path: Path) -> None:
    # The same contracts on a copy of the package where the model imports the report.
    shutil.copytree(
        ROOT / "antq_tui", tmp_path / "antq_tui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    text = tmp_path / "antq_tui" / "model" / "text.py"
    text.write_text(
        text.read_text(encoding="utf-8") + "\nimport antq_tui.report.build\n", encoding="utf-8"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "antq_tui.model.text -> antq_tui.report.build" in result.stdout


def core_modules() -> list[str]:
    """Every module outside the faces, found on disk (importing packages to list them would
    import the faces' too)."""
    names = []
    for path in sorted((ROOT / "antq_tui").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not name.startswith(FACES):
            names.append(name)
    return names


def test_every_core_module_imports_without_textual_or_click() -> None:
    # At run time too (a lazy import inside a function is invisible to a static check).
    names = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'click'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(names) > 50 and "antq_tui.workbook.write.writer" in names  # it walked the core
    assert out.stdout.strip() == "[]"


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
