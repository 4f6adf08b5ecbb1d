"""``antq tui`` and ``antq demo``: the keyboard interface (Textual is imported inside)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from antq_tui.cli import exits
from antq_tui.cli.options import WORKBOOK_METAVAR, PlainPath, WorkbookFile, argument, option

DEMO_FOLDER = "antq-demo"
NO_WORKBOOK = (
    "Chưa có sổ mặc định: gõ antq demo để thử trên sổ mẫu, hoặc antq tui SỔ.xlsx "
    "(sổ mặc định đặt bằng biến ANTQ_WORKBOOK hoặc dòng workbook trong tệp {config})."
)
NO_TERMINAL = (
    "Giao diện cần một cửa sổ dòng lệnh (terminal). Qua SSH, khi gõ lệnh ngay sau tên máy, "
    "hãy thêm -t: ssh -t MÁY antq tui SỔ.xlsx. Các lệnh validate, fix, preview, export, "
    "totals chạy được không cần terminal."
)


def run_tui(path: Path, notice: str = "") -> None:
    from antq_tui.config.user_config import load_config
    from antq_tui.model.errors import AntqError
    from antq_tui.workbook.safety import check_workbook_path

    config = load_config()
    check_workbook_path(path)  # the default workbook and the demo copy are not arguments
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Textual would draw into a pipe and wait forever for keys that never come.
        raise AntqError(NO_TERMINAL)
    from antq_tui.tui.app import AntqApp

    app = AntqApp(path, config, notice=notice)
    app.run()
    code = app.return_code or 0
    if code:
        sys.exit(code)


@click.command()
@argument("path", required=False, metavar=f"[{WORKBOOK_METAVAR}]", type=WorkbookFile())
def tui(path: Path | None) -> None:
    """Mở giao diện bàn phím trên SỔ.xlsx (chạy được qua SSH).

    Không nêu sổ: mở sổ mặc định (biến ANTQ_WORKBOOK hoặc tệp cấu hình
    ~/.config/antq/config.toml). Mọi thay đổi chưa ghi được giữ ngay trong tệp
    khôi phục cạnh sổ.
    """
    if path is None:
        from antq_tui.config.user_config import config_path, load_config

        path = load_config().workbook
        if path is None:
            click.echo(NO_WORKBOOK.format(config=config_path()), err=True)
            raise SystemExit(exits.BAD_INPUT)
    run_tui(path)


def demo_folder() -> Path:
    return Path(os.environ.get("ANTQ_DEMO_DIR") or Path.home() / DEMO_FOLDER)


def copy_sample(folder: Path) -> tuple[Path, bool]:
    """The demo copy of the bundled sample: (path, True when it was already there)."""
    from antq_tui.files.new_file import make_folder
    from antq_tui.model.errors import AntqError
    from antq_tui.workbook.bundled import REPO_WORKBOOKS, SAMPLE_NAME
    from antq_tui.workbook.sample import create_sample

    if folder.exists() and not folder.is_dir():
        raise AntqError(f"“{folder}” là một tệp, không phải thư mục.")
    target = folder / SAMPLE_NAME
    if target.exists():
        return target, True
    make_folder(folder)
    tracked = REPO_WORKBOOKS / SAMPLE_NAME
    if tracked.is_file():  # running from the repository: the committed file, copied
        temp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(tracked, temp)
        os.chmod(temp, 0o640)
        os.replace(temp, target)
    else:  # an installed package: build it
        create_sample(target)
    return target, False


@click.command()
@option(
    "--folder",
    "--thu-muc",
    "folder",
    metavar="THƯ MỤC",
    type=PlainPath(),
    default=None,
    help="Thư mục chứa bản sao (mặc định ~/antq-demo hoặc biến ANTQ_DEMO_DIR).",
)
def demo(folder: Path | None) -> None:
    """Chép sổ mẫu (xã Hoàng Diệu, năm 2021) ra thư mục làm việc rồi mở giao diện.

    Tệp mẫu gốc không bao giờ bị sửa; đã có bản sao thì dùng lại bản đó.
    """
    target, reused = copy_sample(folder or demo_folder())
    if reused:
        notice = f"Dùng lại bản sao đã có: {target} (xóa tệp này để lấy lại sổ mẫu ban đầu)."
    else:
        notice = f"Đã chép sổ mẫu vào {target}; mọi thay đổi chỉ ghi vào bản sao này."
    click.echo(notice)
    run_tui(target, notice)
