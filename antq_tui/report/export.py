"""Write the report's DOCX to disk: never over a file silently, never wider open than the workbook."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import AntqError
from ..periods import Period
from ..records import Workbook
from ..text import ascii_key
from .build import build_report
from .model import ReportDocument
from .render_docx import write_docx

EXPORTS_FOLDER = "exports"


def slug(text: str) -> str:
    """ "Hoàng Diệu" -> "hoang-dieu"."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_key(text)).strip("-")


def default_export_path(workbook: Workbook, period: Period, folder: Path) -> Path:
    """``<folder>/<xa>-<period>.docx``, e.g. ``exports/hoang-dieu-nam-2021.docx``."""
    commune = slug(workbook.settings.commune) or "bao-cao"
    return folder / f"{commune}-{period.slug}.docx"


def _mode_like(source: Path | None) -> int | None:
    """The workbook's permission bits (None when it has no file)."""
    if source is None:
        return None
    try:
        return stat.S_IMODE(source.stat().st_mode)
    except OSError:
        return None


def write_new_file(
    target: Path,
    write: Callable[[Path], None],
    *,
    like: Path | None = None,
    force: bool = False,
    suffixes: tuple[str, ...] = (".docx",),
) -> Path:
    """Write a file through ``write(temp_path)`` and move it to ``target`` atomically.

    The file appears whole or not at all; an existing file is kept unless ``force``;
    its permissions are no wider than those of ``like`` (the workbook).
    """
    if target.suffix.lower() not in suffixes:
        raise AntqError(f"Tệp xuất “{target.name}” phải có đuôi {' hoặc '.join(suffixes)}.")
    if target.is_dir():
        raise AntqError(f"“{target}” là một thư mục; hãy ghi tên tệp {suffixes[0]}.")
    if target.exists() and not force:
        raise AntqError(f"Tệp {target} đã có; thêm --force nếu muốn ghi đè.")
    folder = target.parent
    if not folder.is_dir():
        raise AntqError(f"Thư mục {folder} không tồn tại.")
    temp = folder / f".{target.name}.antq-{os.getpid()}.tmp"
    try:
        # Created by us with the umask applied: the widest the user wants for a new file.
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.close(descriptor)
        write(temp)
        mode = stat.S_IMODE(temp.stat().st_mode)
        workbook_mode = _mode_like(like)
        if workbook_mode is not None:
            mode &= workbook_mode
        os.chmod(temp, mode)
        if force:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)  # fails if the name appeared meanwhile: never overwrite
            except FileExistsError:
                raise AntqError(f"Tệp {target} đã có; thêm --force nếu muốn ghi đè.") from None
            except OSError:  # file systems without hard links
                if target.exists():
                    raise AntqError(f"Tệp {target} đã có; thêm --force nếu muốn ghi đè.") from None
                os.replace(temp, target)
    except PermissionError:
        raise AntqError(f"Không có quyền ghi vào {folder}.") from None
    except OSError as exc:
        raise AntqError(f"Không ghi được tệp {target.name}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return target


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
    exports = (folder or Path.cwd()) / EXPORTS_FOLDER
    try:
        exports.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AntqError(f"Không tạo được thư mục {exports}: {exc.strerror or exc}.") from None
    return exports


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
