"""``antq fix``: repair what is safe to repair, list the rest."""

from __future__ import annotations

from pathlib import Path

import click

from antq_tui.cli import exits
from antq_tui.cli.options import WORKBOOK_ARGUMENT, force_option, option


@click.command()
@WORKBOOK_ARGUMENT
@option(
    "--dry-run",
    "--chay-thu",
    is_flag=True,
    help="Chỉ liệt kê những chỗ sẽ sửa, không ghi vào sổ.",
)
@force_option(
    "Vẫn ghi khi còn tệp khóa của Excel/LibreOffice (tệp khóa sót lại sau khi máy tắt "
    "đột ngột). Không bỏ qua khóa của một phiên antq khác."
)
def fix(path: Path, dry_run: bool, force: bool) -> None:
    """Sửa những lỗi sửa được an toàn trong SỔ.xlsx.

    Ngày gõ dạng chữ thành ngày thật; giá trị trong danh sách viết lệch (hoa/thường,
    dấu cách, kiểu gõ dấu) thành đúng cách viết của danh sách; bỏ dấu cách thừa. Những
    chỗ cần người kiểm tra (ví dụ “Dai Luong” không dấu, ngày không đọc được) được để
    nguyên và liệt kê. Trước khi ghi, sổ cũ được sao lưu vào thư mục .antq-backup.
    """
    from rich.table import Table

    from antq_tui.cli.render import console
    from antq_tui.config.user_config import load_config
    from antq_tui.editing.fix import load_for_fix
    from antq_tui.model.text import format_int
    from antq_tui.workbook.write.cellxml import shown
    from antq_tui.workbook.write.writer import save

    out = console()
    loaded, plan = load_for_fix(path)
    if plan.fixes:
        title = "Sẽ sửa (chạy thử, chưa ghi)" if dry_run else "Đã sửa"
        table = Table(title=title, title_justify="left", expand=True)
        table.add_column("Ô", no_wrap=True)
        table.add_column("Giá trị cũ", ratio=2)
        table.add_column("Giá trị mới", ratio=2)
        table.add_column("Lý do", ratio=2)
        for item in plan.fixes:
            table.add_row(item.cell, shown(item.old), shown(item.new), item.reason)
        if not dry_run:
            config = load_config()
            result = save(
                loaded,
                plan.edits(),
                command="antq fix",
                force=force,
                keep_backups=config.backups,
            )
            out.print(table)
            backup = f" Bản sao lưu: {result.backup}." if result.backup else ""
            out.print(
                f"[green]✓[/] Đã sửa {format_int(len(plan.fixes))} ô và lưu sổ “{path.name}”."
                f"{backup} Các thay đổi được ghi ở trang Nhật ký."
            )
        else:
            out.print(table)
            out.print(
                f"Có {format_int(len(plan.fixes))} ô sẽ được sửa. Chạy lại không có "
                "--dry-run/--chay-thu để ghi."
            )
    else:
        out.print(f"[green]✓[/] {path.name}: không có gì cần sửa tự động.")
    if plan.left:
        table = Table(title="Để nguyên — cần người kiểm tra", title_justify="left", expand=True)
        table.add_column("Ô", no_wrap=True)
        table.add_column("Giá trị", ratio=2)
        table.add_column("Vì sao", ratio=2)
        table.add_column("Gợi ý", ratio=3)
        for left in plan.left:
            table.add_row(left.cell, shown(left.value), left.reason, left.suggestion or "")
        out.print(table)
    raise SystemExit(exits.FINDINGS if dry_run and plan.fixes else exits.OK)
