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
            yield Static("Trợ giúp — phím tắt", markup=False)
            yield Static(table)
            yield Static(
                "Trong biểu mẫu: Tab/Shift+Tab chuyển ô, ctrl+s ghi bản ghi, Esc đóng. "
                "Ngày gõ ngày/tháng/năm. Bản ghi còn lỗi được giữ làm bản nháp.\n"
                f'Đổi phím trong {config_path()}, mục [keys], ví dụ: save = "ctrl+s,f2".\n'
                "Mọi thay đổi chưa ghi được lưu ngay vào tệp khôi phục cạnh sổ: mất kết "
                "nối SSH cũng không mất gì.",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
