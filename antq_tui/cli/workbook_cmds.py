"""``antq init`` and ``antq validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from antq_tui.cli import EXIT_FINDINGS, EXIT_OK
from antq_tui.cli.options import NO_PAGER_OPTION


@click.command()
@click.argument("path", metavar="SỔ", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--xa", "commune", metavar="TÊN", default="", help="Tên xã (ghi sẵn vào trang Thông tin chung)."
)
@click.option(
    "--nam",
    "year",
    metavar="NĂM",
    type=click.IntRange(1990, 2100),
    default=None,
    help="Năm báo cáo, ví dụ 2024 (mặc định: năm nay).",
)
def init(path: Path, commune: str, year: int | None) -> None:
    """Tạo sổ mới từ mẫu tại SỔ (không ghi đè tệp đã có)."""
    from datetime import date

    from antq_tui.model.text import clean_text
    from antq_tui.workbook.template import TemplateOptions, create_workbook

    create_workbook(
        path, TemplateOptions(commune=clean_text(commune), year=year or date.today().year)
    )
    click.echo(f"Đã tạo sổ {path}. Mở bằng Excel hoặc LibreOffice để nhập số liệu.")


@click.command()
@click.argument("path", metavar="SỔ", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Dạng kết quả: bảng dễ đọc hoặc JSON cho chương trình khác.",
)
@NO_PAGER_OPTION
def validate(path: Path, output_format: str, no_pager: bool) -> None:
    """Kiểm tra SỔ theo mọi quy tắc của mẫu sổ.

    Mã thoát: 0 không có lỗi (có thể có cảnh báo), 1 có lỗi, 2 tệp không đọc được.
    """
    from antq_tui.validate.checks import validate as run_validation
    from antq_tui.workbook.reader import load_workbook

    report = run_validation(load_workbook(path))
    if output_format == "json":
        click.echo(json.dumps([f.as_json() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        from antq_tui.cli.render import console, paged, print_findings

        out = console()
        with paged(out, not no_pager):
            print_findings(path, report, out)
    raise SystemExit(EXIT_OK if report.ok else EXIT_FINDINGS)
