"""Where the commands write their files (-o) and how they name them back to the user."""

from __future__ import annotations

from pathlib import Path


def make_output_folder(target: Path, suffixes: tuple[str, ...]) -> None:
    """The folder of ``-o`` made when missing, as ``init`` does (not for a name the
    writer will refuse anyway)."""
    from antq_tui.files.new_file import make_folder

    if target.suffix.lower() in suffixes:
        make_folder(target.parent)


def write_text_file(path: Path, text: str, encoding: str) -> None:
    path.write_text(text, encoding=encoding, newline="")


def shown(path: Path) -> str:
    """``exports/x.docx`` when under the current directory, else the absolute path."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())
