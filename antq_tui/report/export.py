"""Write the report's DOCX to disk: never over a file silently, never wider open than the workbook."""

from __future__ import annotations

import re
from pathlib import Path

from antq_tui.files.new_file import make_folder, write_new_file
from antq_tui.model.periods import Period
from antq_tui.model.records import Workbook
from antq_tui.model.text import ascii_key
from antq_tui.report.build import build_report
from antq_tui.report.model import ReportDocument
from antq_tui.report.render_docx import write_docx

EXPORTS_FOLDER = "exports"


def slug(text: str) -> str:
    """ "Hoàng Diệu" -> "hoang-dieu"."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_key(text)).strip("-")


def default_export_path(workbook: Workbook, period: Period, folder: Path) -> Path:
    """``<folder>/<xa>-<period>.docx``, e.g. ``exports/hoang-dieu-nam-2021.docx``."""
    commune = slug(workbook.settings.commune) or "bao-cao"
    return folder / f"{commune}-{period.slug}.docx"


def save_document(
    doc: ReportDocument,
    target: Path,
    *,
    like: Path | None = None,
    force: bool = False,
) -> Path:
    """Write ``doc`` as DOCX to ``target`` (see ``write_new_file``)."""
    return write_new_file(target, lambda temp: write_docx(doc, temp), like=like, force=force)


def exports_folder(folder: Path | None = None) -> Path:
    """``exports/`` under ``folder`` (default: the current directory), created if missing."""
    return make_folder((folder or Path.cwd()) / EXPORTS_FOLDER)


def export_docx(
    workbook: Workbook,
    period: Period,
    target: Path | None = None,
    *,
    force: bool = False,
    tables: bool = False,
    folder: Path | None = None,
) -> Path:
    """Build the report for ``period`` and write it; return where it went.

    Without ``target`` the file goes to ``exports/`` under ``folder`` (default: the
    current directory), created if missing.
    """
    doc = build_report(workbook, period, tables=tables)
    if target is None:
        target = default_export_path(workbook, period, exports_folder(folder))
    return save_document(doc, target, like=workbook.path, force=force)
