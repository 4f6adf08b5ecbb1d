"""The TUI's commands: ids, default keys and Vietnamese names, and the user's [keys] table.

The one description of the operator's commands: the TUI builds its bindings, footer,
help and command palette from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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


# How the help, the key hints and the command palette show keys to staff.
_KEY_NAMES = {
    **KEY_CHARS,
    "enter": "Enter",
    "delete": "Delete",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}


def key_label(keys: str) -> str:
    """ "f1,question_mark" -> "f1, ?"."""
    return ", ".join(_KEY_NAMES.get(k, k) for k in keys.split(","))
