"""The keys, as the operator's config sets them."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from antq_tui.config.keymap import COMMANDS, key_label
from antq_tui.config.user_config import config_path
from antq_tui.tui.controller import Controller

CLOSE_KEYS = "Esc, q, f1 hoặc ?"

# The validation panel's own keys (the main screen's commands do not list them).
PANEL_KEYS = (
    "Trong danh sách lỗi (v): Enter đến ô đó (hoặc mở lại bản nháp), f sửa ô đang chọn "
    "theo gợi ý (“Tay Son” → “Tây Sơn”), F sửa mọi gợi ý một lần (một ctrl+z hoàn tác tất "
    "cả), Esc đóng."
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; max-width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Đóng")]

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, expand=True, pad_edge=False)
        table.add_column("Phím", no_wrap=True, style="bold")
        table.add_column("Việc", ratio=1)
        for command in COMMANDS:
            keys = self.controller.keys.get(command.id, command.keys)
            table.add_row(key_label(keys), f"{command.title}: {command.help}")
        table.add_row(
            "↑ ↓ ← → (k j h l)", "Di chuyển trong bảng; PgUp/PgDn lật trang; Home/End về đầu/cuối."
        )
        table.add_row("1 … 9", "Chuyển thẳng đến trang thứ 1 … 9 (trang 9 “DM” là Danh mục).")
        table.add_row("ctrl+p", "Bảng lệnh: tìm và chạy mọi lệnh theo tên.")
        with Vertical(), VerticalScroll():
            yield Static(f"Trợ giúp — phím tắt ({CLOSE_KEYS} để đóng)", markup=False)
            yield Static(table)
            yield Static(
                "Trong biểu mẫu: Tab/Shift+Tab chuyển ô, ctrl+s ghi bản ghi, Esc đóng. "
                "Ngày gõ ngày/tháng/năm. Bản ghi còn lỗi được giữ làm bản nháp.\n"
                f"{PANEL_KEYS}\n"
                f'Đổi phím trong {config_path()}, mục [keys], ví dụ: save = "ctrl+s,f2".\n'
                "Mọi thay đổi chưa ghi được lưu ngay vào tệp khôi phục cạnh sổ: mất kết "
                f"nối SSH cũng không mất gì.\nĐóng trợ giúp: {CLOSE_KEYS}.",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
