"""``antq rollup``: many communes' figures for one period, summed for the province."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from antq_tui.cli import exits
from antq_tui.cli.options import (
    NO_PAGER_OPTION,
    PlainPath,
    argument,
    force_option,
    format_option,
    option,
    output_option,
)
from antq_tui.cli.report_cmds import period_options_saying

if TYPE_CHECKING:
    from antq_tui.report.rollup.figures import Rollup

FORMATS = {
    "table": "table",
    "bang": "table",
    "csv": "csv",
    "json": "json",
    "xlsx": "xlsx",
    "docx": "docx",
}

EPILOG = """
ĐƯỜNG_DẪN là sổ .xlsx hoặc thư mục: một thư mục nghĩa là các tệp .xlsx nằm ngay trong nó (bỏ qua
tệp khóa của Excel ~$…, của LibreOffice .~lock…#, tệp tạm của antq; thư mục con, kể cả
.antq-backup, không được đọc).

Kỳ (chọn một): --month/--thang 2025-09, --quarter/--quy 2025-Q3, --half/--nua-nam 2025-H2,
--year/--nam 2025, --from/--tu … --to/--den …; mặc định là năm mà phần lớn các sổ ghi ở Năm
báo cáo. Mọi xã tính theo một kỳ chốt: --cutoff/--ky-chot calendar|nd09, mặc định là kỳ chốt
mà phần lớn các sổ dùng; lệnh nói kỳ chốt đã dùng và những xã ghi kỳ chốt khác.

Tệp không đọc được hay sổ còn lỗi (như antq validate báo) được liệt kê kèm lý do, các sổ
khác vẫn được cộng, và lệnh thoát với mã 1. Hai tệp cùng một xã (Tên xã và Tỉnh) không bao
giờ bị cộng hai lần: tệp có số liệu đến ngày gần nhất được tính, tệp kia được liệt kê.

\b
JSON: {"period": {"from", "to", "label"}, "communes": [{"file", "commune",
"province", "incidents": {như antq totals}, "previous": {"count", "deaths",
"injuries"} hoặc null, "movement": {chỉ tiêu: số}, "villages": {"total",
"registered", "recognised"}, "units": {như villages}, "teams": {"total", "good"},
"models": {"total", "good"}}], "total": {như một xã, không có file và commune},
"errors": [{"file", "message"}]}

DOCX: báo cáo tổng hợp theo thể thức Nghị định 30/2020; dòng cơ quan, người ký lấy từ
--agency/--co-quan, --signer/--nguoi-ky, --signer-title/--chuc-vu hoặc bảng [rollup] của
tệp cấu hình (agency, number, place, authority, signer_title, signer, recipients).
"""


@click.command(epilog=EPILOG)
@argument("paths", metavar="ĐƯỜNG_DẪN...", nargs=-1, required=True, type=PlainPath())
@period_options_saying("năm mà phần lớn các sổ ghi", "kỳ chốt mà phần lớn các sổ dùng")
@format_option(
    FORMATS,
    "table",
    "Dạng kết quả: bảng (table hoặc bang), CSV, JSON (cho chương trình khác), tệp Excel có "
    "biểu đồ theo xã, hoặc báo cáo Word.",
)
@output_option(
    "Ghi ra tệp thay vì màn hình (xlsx, docx: mặc định exports/tong-hop-<kỳ>.xlsx|docx); "
    "thư mục chưa có thì được tạo."
)
@force_option()
@option(
    "--agency",
    "--co-quan",
    "agency",
    metavar="DÒNG",
    multiple=True,
    help="Dòng tên cơ quan ở đầu báo cáo docx (ghi nhiều lần cho nhiều dòng), ví dụ "
    "--co-quan 'UBND TỈNH HÀ TĨNH' --co-quan 'CÔNG AN TỈNH'.",
)
@option("--signer", "--nguoi-ky", metavar="TÊN", help="Người ký báo cáo docx.")
@option("--signer-title", "--chuc-vu", metavar="CHỨC VỤ", help="Chức vụ người ký.")
@NO_PAGER_OPTION
def rollup(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    force: bool,
    agency: tuple[str, ...],
    signer: str | None,
    signer_title: str | None,
    no_pager: bool,
    **options: Any,
) -> None:
    """Tổng hợp số liệu của nhiều xã (cấp tỉnh): mỗi xã một dòng và dòng tổng cộng.

    Mỗi xã: vụ việc (số vụ, người chết, bị thương, theo loại), cùng kỳ năm trước và mức
    tăng giảm, kết quả phong trào, thôn và cơ quan, trường học đăng ký / được công nhận
    “An toàn về ANTT” trên tổng số kèm tỷ lệ, Đội tự quản xếp loại Tốt, mô hình hoạt
    động tốt; tính đến cuối kỳ.
    """
    from antq_tui.model.errors import AntqError
    from antq_tui.model.periods import parse_period
    from antq_tui.report.rollup.run import rollup as roll_up

    if output is not None and output_format == "table":
        raise click.UsageError(
            "Dạng bảng chỉ in ra màn hình; ghi tệp thì chọn --format/--dang csv, json, xlsx "
            "hoặc docx."
        )
    try:  # a malformed period is a usage error, said before any file is read
        parse_period(**options, default_year=2000)
    except AntqError as exc:
        raise click.UsageError(exc.message) from None
    result = roll_up(list(paths), options, options.get("cutoff"))
    like = result.communes[0].file if result.communes else None
    _write(result, output_format, output, force, like, no_pager, agency, signer, signer_title)
    for note in result.notes:
        click.secho(note, err=True, dim=True)
    for error in result.errors:
        click.secho(f"Không tổng hợp: {error.file}: {error.message}", err=True, fg="red")
    summed = len(result.communes)
    if result.errors:
        click.secho(
            f"Đã tổng hợp {summed} xã; {len(result.errors)} tệp không được tổng hợp (xem trên).",
            err=True,
            fg="yellow",
        )
        raise SystemExit(exits.FINDINGS)


def _write(
    result: Rollup,
    output_format: str,
    output: Path | None,
    force: bool,
    like: Path | None,
    no_pager: bool,
    agency: tuple[str, ...],
    signer: str | None,
    signer_title: str | None,
) -> None:
    # Imported where used: a JSON or CSV run starts without python-docx, openpyxl or rich.
    from antq_tui.cli.output_files import make_output_folder, shown, write_text_file
    from antq_tui.files.new_file import write_new_file

    period = result.period
    if output is not None:
        make_output_folder(output, (f".{output_format}",))

    def done(written: Path) -> None:
        click.echo(f"Đã ghi số liệu tổng hợp {period.label} vào {shown(written)}.", err=True)

    def default_target(suffix: str) -> Path:
        from antq_tui.report.export import exports_folder, slug

        place = slug(result.province)
        name = "-".join(filter(None, ["tong-hop", place, period.slug]))
        return exports_folder() / f"{name}.{suffix}"

    def write_text(text: str, suffix: str, bom: bool = False) -> None:
        if output is None:
            click.echo(text, nl=not text.endswith("\n"))
            return
        encoding = "utf-8-sig" if bom else "utf-8"
        done(
            write_new_file(
                output,
                lambda temp: write_text_file(temp, text, encoding),
                like=like,
                force=force,
                suffixes=(suffix,),
            )
        )

    if output_format == "json":
        import json

        from antq_tui.report.rollup.figures import rollup_json

        data = rollup_json(result)
        write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", ".json")
    elif output_format == "csv":
        from antq_tui.report.rollup.output import rollup_rows
        from antq_tui.report.totals_output import csv_text

        write_text(csv_text(rollup_rows(result)), ".csv", bom=True)
    elif output_format == "xlsx":
        from antq_tui.report.rollup.output import write_rollup_xlsx

        target = output or default_target("xlsx")
        done(
            write_new_file(
                target,
                lambda temp: write_rollup_xlsx(temp, result),
                like=like,
                force=force,
                suffixes=(".xlsx",),
            )
        )
    elif output_format == "docx":
        from antq_tui.config.user_config import load_config
        from antq_tui.report.export import save_document
        from antq_tui.report.rollup.document import build_rollup_report
        from antq_tui.report.rollup.letterhead import Letterhead

        config = load_config()
        for warning in config.warnings:
            click.secho(warning, err=True, fg="yellow")
        given = Letterhead(
            agency=list(agency), signer=signer or "", signer_title=signer_title or ""
        )
        doc = build_rollup_report(result, config.rollup.merged(given))
        target = output or default_target("docx")
        done(save_document(doc, target, like=like, force=force))
    else:
        from antq_tui.cli.render import console, paged
        from antq_tui.report.rollup.output import render_rollup

        out = console()
        with paged(out, not no_pager):
            out.print(render_rollup(result))
