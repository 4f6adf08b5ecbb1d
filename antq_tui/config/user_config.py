"""The user's settings: the default workbook, backups kept and the TUI's keys.

Read from the user's config folder (``~/.config/antq/config.toml`` on Linux, under
%APPDATA% on Windows); ``ANTQ_WORKBOOK`` overrides the workbook. Example::

    workbook = "~/so-antq/hoang-dieu.xlsx"
    backups = 20    # backups kept in .antq-backup/ beside the workbook (0: none)

    [keys]
    save = "ctrl+s,f2"
    delete = "delete,d"

    [rollup]        # the province's report of antq rollup --format docx
    agency = ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"]
    number = "BC-UBND"
    signer = "Nguyễn Văn An"
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from antq_tui.config.keymap import COMMANDS, parse_keymap
from antq_tui.files.places import config_dir
from antq_tui.model.errors import AntqError, os_reason
from antq_tui.report.rollup.letterhead import Letterhead
from antq_tui.workbook.guards.backups import DEFAULT_BACKUPS

CONFIG_NAME = "config.toml"


MAX_BACKUPS = 1000


WORKBOOK_ENV = "ANTQ_WORKBOOK"


@dataclass
class Config:
    path: Path | None = None  # the file read, if any
    workbook: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)  # command id -> keys
    backups: int = DEFAULT_BACKUPS  # how many backups the writer keeps
    warnings: list[str] = field(default_factory=list)  # Vietnamese, shown by the TUI
    rollup: Letterhead = field(default_factory=Letterhead)  # [rollup]: antq rollup's report


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


def _expand(value: str, base: Path) -> Path:
    path = Path(os.path.expandvars(value)).expanduser()
    return path if path.is_absolute() else base / path


def _where(exc: tomllib.TOMLDecodeError) -> str:
    """Where the file is wrong (" ở dòng 3, cột 5 (…)"), tomllib's own words kept."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if match is None:
        return f" ({exc})"
    detail = str(exc)[: match.start()].strip()
    return f" ở dòng {match.group(1)}, cột {match.group(2)} ({detail})"


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> Config:
    """Read the config file (absent is fine) and the environment."""
    env = os.environ if env is None else env
    path = path or config_path()
    config = Config()
    if path.is_file():
        config.path = path
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise AntqError(f"Tệp cấu hình {path} sai cú pháp TOML{_where(exc)}.") from exc
        except UnicodeDecodeError as exc:
            raise AntqError(
                f"Tệp cấu hình {path} không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8."
            ) from exc
        except OSError as exc:
            raise AntqError(f"Không đọc được tệp cấu hình {path}: {os_reason(exc)}.") from exc
        workbook = data.get("workbook")
        if isinstance(workbook, str) and workbook.strip():
            config.workbook = _expand(workbook.strip(), path.parent)
        elif workbook is not None:
            config.warnings.append(f"{path}: “workbook” phải là đường dẫn tới sổ .xlsx.")
        backups = data.get("backups", DEFAULT_BACKUPS)
        if (
            isinstance(backups, int)
            and not isinstance(backups, bool)
            and 0 <= backups <= MAX_BACKUPS
        ):
            config.backups = backups
        else:
            config.warnings.append(
                f"{path}: “backups” phải là số nguyên từ 0 đến {MAX_BACKUPS}; "
                f"dùng mặc định {DEFAULT_BACKUPS}."
            )
        keys = data.get("keys", {})
        if isinstance(keys, dict):
            config.keymap, warnings = parse_keymap(keys, str(path))
            config.warnings += warnings
        else:
            config.warnings.append(f'{path}: [keys] phải là một bảng, ví dụ save = "ctrl+s".')
        rollup = data.get("rollup", {})
        if isinstance(rollup, dict):
            config.rollup, warnings = parse_letterhead(rollup, str(path))
            config.warnings += warnings
        else:
            config.warnings.append(f'{path}: [rollup] phải là một bảng, ví dụ signer = "…".')
        unknown = sorted(set(data) - {"workbook", "backups", "keys", "rollup"})
        if unknown:
            config.warnings.append(f"{path}: bỏ qua mục không biết: {', '.join(unknown)}.")
    from_env = env.get(WORKBOOK_ENV, "").strip()
    if from_env:
        config.workbook = _expand(from_env, Path.cwd())
    return config


LETTERHEAD_LINES = ("agency", "recipients")
LETTERHEAD_TEXTS = ("number", "place", "authority", "signer_title", "signer")


def parse_letterhead(table: dict[str, object], where: str) -> tuple[Letterhead, list[str]]:
    """The ``[rollup]`` table: texts, and lists of lines (a single text is one line)."""
    letterhead = Letterhead()
    warnings = []
    for key, value in table.items():
        if key in LETTERHEAD_LINES:
            lines = [value] if isinstance(value, str) else value
            if isinstance(lines, list) and all(isinstance(line, str) for line in lines):
                setattr(letterhead, key, [line.strip() for line in lines if line.strip()])
                continue
            warnings.append(f'{where}: [rollup] “{key}” phải là danh sách dòng, ví dụ ["…", "…"].')
        elif key in LETTERHEAD_TEXTS:
            if isinstance(value, str):
                setattr(letterhead, key, value.strip())
                continue
            warnings.append(f"{where}: [rollup] “{key}” phải là một chuỗi chữ trong ngoặc kép.")
        else:
            known = ", ".join(LETTERHEAD_LINES + LETTERHEAD_TEXTS)
            warnings.append(f"{where}: [rollup] bỏ qua mục không biết “{key}” (các mục: {known}).")
    return letterhead, warnings


def effective_keys(config: Config) -> dict[str, str]:
    """Command id -> keys after the user's overrides."""
    return {c.id: config.keymap.get(c.id, c.keys) for c in COMMANDS}
