"""``antq merge``: the workbooks of the old communes merged into the new commune's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from antq_tui.cli import exits
from antq_tui.cli.options import (
    WORKBOOK_METAVAR,
    Choice,
    PlainPath,
    WorkbookFile,
    Year,
    argument,
    force_option,
    option,
)

if TYPE_CHECKING:
    from antq_tui.editing.merge.run import MergeResult

LEVELS = {
    "xa": "Xã",
    "xã": "Xã",
    "phuong": "Phường",
    "phường": "Phường",
    "thi-tran": "Thị trấn",
    "thị trấn": "Thị trấn",
}
CUTOFFS = {"calendar": "calendar", "lich": "calendar", "nd09": "nd09"}
# Errors listed per old workbook before the rest is left to ``antq validate``.
SHOWN_ERRORS = 10


@click.command()
@argument("paths", metavar=f"{WORKBOOK_METAVAR}...", nargs=-1, required=True, type=WorkbookFile())
@option(
    "-o",
    "--output",
    "--ra",
    "target",
    metavar="SỔ_MỚI.xlsx",
    type=PlainPath(),
    required=True,
    help="Sổ mới cần tạo (thư mục chưa có thì được tạo).",
)
@option("--commune", "--xa", metavar="TÊN", required=True, help="Tên xã (phường) mới.")
@option(
    "--year",
    "--nam",
    metavar="NĂM",
    type=Year(),
    default=None,
    help="Năm báo cáo của sổ mới (mặc định: năm báo cáo muộn nhất của các sổ cũ).",
)
@option(
    "--province",
    "--tinh",
    metavar="TỈNH",
    default=None,
    help="Tỉnh của đơn vị mới (mặc định: tỉnh ghi trong các sổ cũ nếu giống nhau).",
)
@option(
    "--level",
    "--cap",
    type=Choice(LEVELS),
    default=None,
    help="Cấp hành chính của đơn vị mới: xa, phuong hoặc thi-tran (mặc định: như các sổ "
    "cũ nếu giống nhau).",
)
@option(
    "--cutoff",
    "--ky-chot",
    type=Choice(CUTOFFS),
    default=None,
    help="Kỳ chốt số liệu của sổ mới: calendar hoặc lich (theo lịch), nd09 (Nghị định "
    "09/2019); mặc định như các sổ cũ nếu giống nhau.",
)
@force_option("Ghi đè nếu SỔ_MỚI.xlsx đã có (bản cũ được sao lưu vào thư mục .antq-backup).")
def merge(
    paths: tuple[Path, ...],
    target: Path,
    commune: str,
    year: int | None,
    province: str | None,
    level: str | None,
    cutoff: str | None,
    force: bool,
) -> None:
    """Gộp sổ của các xã cũ thành sổ của xã (phường) mới sau sáp nhập.

    Sổ mới (từ mẫu) giữ mọi hàng của mọi sổ cũ: thôn, cơ quan - trường học, vụ việc,
    đội tự quản, mô hình, kết quả phong trào, danh mục; cột Xã cũ ghi mỗi hàng từ xã
    nào. Thôn trùng tên ở hai xã cũ được ghi kèm tên xã, ví dụ “Đông Hòa (Tân Lập)”.
    Phần lời và Sổ báo cáo của các xã cũ được giữ theo kỳ của chúng nhưng không đưa vào
    báo cáo của xã mới; số liệu cũ dùng để so sánh cùng kỳ. Sổ cũ không bị sửa. Sổ cũ
    nào có lỗi thì lệnh liệt kê lỗi và không ghi gì.

    \b
    Ví dụ:
      antq merge tan-lap.xlsx hoa-binh.xlsx -o tan-hoa.xlsx --xa "Tân Hòa"
    """
    from antq_tui.config.user_config import load_config
    from antq_tui.editing.merge.run import merge_workbooks
    from antq_tui.editing.merge.settings import MergeOptions
    from antq_tui.model import schema
    from antq_tui.model.text import clean_text

    cutoff_text = {"calendar": schema.CUTOFF_CALENDAR, "nd09": schema.CUTOFF_ND09}.get(cutoff or "")
    options = MergeOptions(
        commune=clean_text(commune),
        year=year,
        province=clean_text(province) if province is not None else None,
        level=level,
        cutoff=cutoff_text,
    )
    if not options.commune:
        raise click.BadParameter("cần tên xã (phường) mới.", param_hint="“--commune/--xa”")
    result = merge_workbooks(
        list(paths), target, options, force=force, keep_backups=load_config().backups
    )
    if result.invalid:
        _say_invalid(result)
        raise SystemExit(exits.FINDINGS)
    _say_done(result)


def _say_invalid(result: MergeResult) -> None:
    from antq_tui.model.text import format_int

    lines = []
    for invalid in result.invalid:
        errors = invalid.report.errors
        lines.append(f"Sổ “{invalid.book.path}” có {format_int(len(errors))} lỗi:")
        for finding in errors[:SHOWN_ERRORS]:
            where = f"{finding.cell}: " if finding.cell else f"Trang “{finding.sheet}”: "
            hint = f" {finding.suggestion}" if finding.suggestion else ""
            lines.append(f"  {where}{finding.message}{hint}")
        if len(errors) > SHOWN_ERRORS:
            more = format_int(len(errors) - SHOWN_ERRORS)
            lines.append(f"  … và {more} lỗi khác (antq validate {invalid.book.path} để xem đủ).")
    lines.append(
        f"Chưa ghi gì vào “{result.target}”. Sửa các lỗi trên (antq fix sửa được một số) "
        "rồi chạy lại lệnh."
    )
    click.secho("\n".join(lines), err=True, fg="red")


def _say_done(result: MergeResult) -> None:
    from antq_tui.model.dates import format_date
    from antq_tui.model.text import format_int

    assert result.merged is not None
    workbook = result.merged.workbook
    settings = workbook.settings
    level = (settings.admin_level or "Xã").lower()
    lines = [
        f"Đã gộp {len(result.books)} sổ vào “{result.target}” ({level} {settings.commune}, "
        f"Năm báo cáo {settings.year}): {format_int(len(workbook.villages))} thôn, "
        f"{format_int(len(workbook.incidents))} vụ việc, {format_int(len(workbook.teams))} "
        f"đội tự quản, {format_int(len(workbook.models))} mô hình, "
        f"{format_int(len(workbook.results))} kết quả phong trào."
    ]
    lines += [f"  “{book.path}”: Xã cũ “{book.label}”." for book in result.books]
    renamed = result.merged.renamed
    if renamed:
        lines.append(
            "Thôn trùng tên ở nhiều xã cũ được ghi kèm tên xã: "
            + ", ".join(f"“{r.new}”" for r in renamed)
            + "; vụ việc, đội tự quản, kết quả phong trào của mỗi thôn đã theo tên mới."
        )
    lines += result.merged.notes
    if settings.data_from is not None:
        lines.append(
            f"Số liệu từ ngày {format_date(settings.data_from)} (sớm nhất của các sổ cũ): báo "
            "cáo của xã mới so sánh cùng kỳ năm trước bằng số liệu các xã cũ."
        )
    lines.append(
        "Phần lời của xã mới viết ở các mục đầu trang Nội dung; các đoạn và hàng Sổ báo cáo "
        "có ghi Xã cũ là của báo cáo cũ, không đưa vào báo cáo mới. Sổ cũ không bị sửa; "
        "trang Nhật ký ghi tên các sổ đã gộp."
    )
    if result.backup is not None:
        lines.append(f"Tệp cũ cùng tên được sao lưu: {result.backup}.")
    click.echo("\n".join(lines))
