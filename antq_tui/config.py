"""The user's settings: the default workbook and the TUI's keys.

Read from ``$XDG_CONFIG_HOME/antq/config.toml`` (``~/.config/antq/config.toml``);
``ANTQ_WORKBOOK`` overrides the workbook. The key table is the one description of
the TUI's commands: their ids, default keys and Vietnamese names; the TUI builds
its bindings, footer, help and command palette from it. Example::

    workbook = "~/so-antq/hoang-dieu.xlsx"
    backups = 20    # backups kept in .antq-backup/ beside the workbook (0: none)

    [keys]
    save = "ctrl+s,f2"
    delete = "delete,d"
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AntqError, os_reason

CONFIG_NAME = "config.toml"
DEFAULT_BACKUPS = 20  # backups the writer keeps beside a workbook
MAX_BACKUPS = 1000
WORKBOOK_ENV = "ANTQ_WORKBOOK"


@dataclass(frozen=True)
class Command:
    id: str  # binding id, the key of [keys] in the config
    keys: str  # Textual key names, comma-separated
    title: str  # Vietnamese, shown in the footer, help and command palette
    help: str


# The operator's commands on the main screen, in the order the help lists them.
COMMANDS: tuple[Command, ...] = (
    Command("add", "a", "Thêm", "Thêm một bản ghi vào trang đang xem."),
    Command("edit", "enter", "Sửa", "Mở biểu mẫu của bản ghi đang chọn."),
    Command("copy", "c", "Chép", "Thêm bản ghi mới chép từ bản ghi đang chọn (STT mới)."),
    Command("delete", "delete", "Xóa", "Xóa bản ghi đang chọn (hỏi lại trước khi xóa)."),
    Command("filter", "slash", "Lọc", "Lọc các hàng; không cần gõ dấu: “tay son” tìm ra Tây Sơn."),
    Command("save", "ctrl+s", "Ghi sổ", "Ghi các thay đổi vào tệp Excel (giữ nguyên định dạng)."),
    Command("undo", "ctrl+z", "Hoàn tác", "Hoàn tác thay đổi bản ghi gần nhất."),
    Command(
        "validation",
        "v",
        "Kiểm tra",
        "Danh sách lỗi và cảnh báo; Enter nhảy đến ô, f sửa theo gợi ý.",
    ),
    Command("preview", "p", "Xem báo cáo", "Xem trước báo cáo trên màn hình."),
    Command("export", "x", "Xuất DOCX", "Xuất báo cáo ra tệp Word (DOCX)."),
    Command("totals", "t", "Số liệu", "Tổng hợp số liệu theo kỳ, biểu đồ từng tháng."),
    Command(
        "sort",
        "left_square_bracket",
        "Xếp tăng",
        "Xếp các hàng theo cột đang chọn, tăng dần; bấm lại để về thứ tự trong sổ.",
    ),
    Command(
        "sort_descending",
        "right_square_bracket",
        "Xếp giảm",
        "Xếp các hàng theo cột đang chọn, giảm dần; bấm lại để về thứ tự trong sổ.",
    ),
    Command("next_sheet", "tab", "Trang sau", "Chuyển sang trang tiếp theo."),
    Command("previous_sheet", "shift+tab", "Trang trước", "Chuyển về trang trước."),
    Command("help", "f1,question_mark", "Trợ giúp", "Danh sách phím."),
    Command("quit", "q", "Thoát", "Thoát (hỏi lại nếu còn thay đổi chưa ghi)."),
)
COMMANDS_BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}

# Keys that do not reach the program through SSH and tmux (see pitfalls.md).
UNSAFE_KEYS = frozenset({"ctrl+h", "ctrl+enter", "ctrl+space", "ctrl+m", "ctrl+i", "ctrl+j"})


@dataclass
class Config:
    path: Path | None = None  # the file read, if any
    workbook: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)  # command id -> keys
    backups: int = DEFAULT_BACKUPS  # how many backups the writer keeps
    warnings: list[str] = field(default_factory=list)  # Vietnamese, shown by the TUI


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "antq"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    return config_dir(env) / CONFIG_NAME


def _expand(value: str, base: Path) -> Path:
    path = Path(os.path.expandvars(value)).expanduser()
    return path if path.is_absolute() else base / path


# Keys Textual names by word that are typed as one character: how staff write them in
# [keys], and how the help and the key hints show them.
KEY_CHARS = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def normalise_keys(keys: str) -> list[str]:
    """ "Ctrl+S, F2" -> ["ctrl+s", "f2"]; "?" and "/" by their Textual names."""
    names = {**{char: name for name, char in KEY_CHARS.items()}, "del": "delete"}
    out = []
    for key in keys.split(","):
        key = key.strip()
        if not key:
            continue
        key = key if len(key) == 1 and key.isupper() else key.lower()
        out.append(names.get(key, key))
    return out


def parse_keymap(table: Mapping[str, object], where: str) -> tuple[dict[str, str], list[str]]:
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for command_id, value in table.items():
        if command_id not in COMMANDS_BY_ID:
            known = ", ".join(COMMANDS_BY_ID)
            warnings.append(f"{where}: không có lệnh “{command_id}” (các lệnh: {known}).")
            continue
        if not isinstance(value, str):
            warnings.append(f'{where}: phím của “{command_id}” phải là chuỗi, ví dụ "ctrl+s".')
            continue
        keys = normalise_keys(value)
        unsafe = [k for k in keys if k in UNSAFE_KEYS]
        if unsafe:
            warnings.append(
                f"{where}: phím {', '.join(unsafe)} không đi qua được SSH/tmux nên bị bỏ qua."
            )
            keys = [k for k in keys if k not in UNSAFE_KEYS]
        if keys:
            keymap[command_id] = ",".join(keys)
    return keymap, warnings


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
    path = path or config_path(env)
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
        unknown = sorted(set(data) - {"workbook", "backups", "keys"})
        if unknown:
            config.warnings.append(f"{path}: bỏ qua mục không biết: {', '.join(unknown)}.")
    from_env = env.get(WORKBOOK_ENV, "").strip()
    if from_env:
        config.workbook = _expand(from_env, Path.cwd())
    return config


def effective_keys(config: Config) -> dict[str, str]:
    """Command id -> keys after the user's overrides."""
    return {c.id: config.keymap.get(c.id, c.keys) for c in COMMANDS}
