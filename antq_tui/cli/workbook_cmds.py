"""``antq init`` and ``antq validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from antq_tui.cli import exits
from antq_tui.cli.options import (
    NO_PAGER_OPTION,
    WORKBOOK_ARGUMENT,
    WORKBOOK_METAVAR,
    PlainPath,
    Year,
    argument,
    format_option,
    option,
)


@click.command()
@argument("path", metavar=WORKBOOK_METAVAR, type=PlainPath())
@option(
    "--commune",
    "--xa",
    metavar="TÊN",
    default="",
    help="Tên xã, ghi sẵn vào trang Thông tin chung (sổ cần có tên xã mới qua được kiểm tra).",
)
@option(
    "--year",
    "--nam",
    metavar="NĂM",
    type=Year(),
    default=None,
    help="Năm báo cáo, ví dụ 2024 (mặc định: năm nay).",
)
def init(path: Path, commune: str, year: int | None) -> None:
    """Tạo sổ mới từ mẫu tại SỔ.xlsx (không ghi đè tệp đã có)."""
    from datetime import date

    from antq_tui.model.text import clean_text
    from antq_tui.validate.checks import validate as run_validation
    from antq_tui.workbook.reader import load_workbook
    from antq_tui.workbook.template import TemplateOptions, create_workbook

    commune = clean_text(commune)
    create_workbook(path, TemplateOptions(commune=commune, year=year or date.today().year))
    click.echo(f"Đã tạo sổ “{path}”. Mở bằng Excel hoặc LibreOffice để nhập số liệu.")
    missing = run_validation(load_workbook(path), errors_only=True).errors
    if missing:
        lines = ["Sổ mới cần ghi thêm trước khi qua được antq validate:"]
        for finding in missing:
            cell = (finding.cell or "").split("!")[-1]
            where = f"ô {cell} trang “{finding.sheet}”" if cell else f"trang “{finding.sheet}”"
            lines.append(f"  {where}: {finding.message} {finding.suggestion or ''}".rstrip())
        if not commune:
            lines.append(
                "Tên xã cũng ghi sẵn được khi tạo sổ: antq init SỔ.xlsx --commune/--xa TÊN."
            )
        click.secho("\n".join(lines), err=True, fg="yellow")


@click.command()
@WORKBOOK_ARGUMENT
@format_option(
    {"text": "text", "bang": "text", "json": "json"},
    "text",
    "Dạng kết quả: bảng dễ đọc (text hoặc bang) hoặc JSON cho chương trình khác.",
)
@NO_PAGER_OPTION
def validate(path: Path, output_format: str, no_pager: bool) -> None:
    """Kiểm tra SỔ.xlsx theo mọi quy tắc của mẫu sổ."""
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
    raise SystemExit(exits.OK if report.ok else exits.FINDINGS)
