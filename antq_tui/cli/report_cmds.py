"""``antq preview``, ``antq export`` and ``antq totals``: the report and the period figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from antq_tui.cli.options import (
    NO_PAGER_OPTION,
    WORKBOOK_ARGUMENT,
    Choice,
    force_option,
    format_option,
    option,
    output_option,
)
from antq_tui.cli.output_files import make_output_folder, shown, write_text_file

if TYPE_CHECKING:
    from antq_tui.model.periods import Period
    from antq_tui.model.records import Workbook

F = TypeVar("F", bound=Callable[..., Any])

PERIOD_HELP = """
Kỳ báo cáo (chọn một; mặc định là Năm báo cáo ghi trong sổ): --month/--thang 2021-03,
--quarter/--quy 2021-Q1, --half/--nua-nam 2021-H1, --year/--nam 2021, hoặc
--from/--tu 01/03/2021 --to/--den 31/05/2021. Tháng tính theo Kỳ chốt số liệu của sổ
(lịch, hoặc Nghị định 09/2019: từ ngày 15 tháng trước đến ngày 14); --cutoff/--ky-chot
đổi cách tính này.
Mỗi kỳ dùng phần lời của riêng kỳ đó (trang Nội dung, cột Kỳ báo cáo) và số, ngày ký của
nó (trang Sổ báo cáo).
"""


def period_options(function: F) -> F:
    """The options that choose a report period, shared by every report command."""
    return period_options_saying("Năm báo cáo", "Kỳ chốt số liệu của sổ")(function)


def period_options_saying(year_default: str, cutoff_default: str) -> Callable[[F], F]:
    """The period options, their help naming where the default year and cut-off come from."""
    options = [
        option("--month", "--thang", metavar="NNNN-TT", help="Một tháng, ví dụ 2021-03."),
        option("--quarter", "--quy", metavar="NNNN-Qn", help="Một quý, ví dụ 2021-Q1."),
        option(
            "--half",
            "--nua-nam",
            metavar="NNNN-H1|H2",
            help="Sáu tháng: 2021-H1 (đầu năm) hoặc 2021-H2 (cuối năm).",
        ),
        option(
            "--year",
            "--nam",
            metavar="NĂM",
            help=f"Cả năm, ví dụ 2021 (mặc định: {year_default}).",
        ),
        option(
            "--from",
            "--tu",
            "date_from",
            metavar="NGÀY",
            help="Từ ngày (ngày/tháng/năm), đi cùng --to/--den.",
        ),
        option(
            "--to",
            "--den",
            "date_to",
            metavar="NGÀY",
            help="Đến ngày (ngày/tháng/năm), đi cùng --from/--tu.",
        ),
        option(
            "--cutoff",
            "--ky-chot",
            type=Choice({"calendar": "calendar", "lich": "calendar", "nd09": "nd09"}),
            help="Cách tính tháng: calendar hoặc lich (theo lịch), nd09 (ngày 15 tháng trước "
            f"đến ngày 14). Mặc định theo {cutoff_default}.",
        ),
    ]

    def decorate_all(function: F) -> F:
        for decorate in reversed(options):
            function = decorate(function)
        return function

    return decorate_all


def _load(path: Path, *, check: bool) -> Workbook:
    """Read the workbook; with ``check``, warn in one line when it has errors."""
    from antq_tui.workbook.reader import load_workbook

    workbook = load_workbook(path)
    if check:
        from antq_tui.validate.checks import validate

        errors = len(validate(workbook, errors_only=True).errors)
        if errors:
            click.secho(
                f"Cảnh báo: sổ có {errors} lỗi nên số liệu có thể chưa đúng; "
                f"gõ antq validate {path} để xem.",
                err=True,
                fg="yellow",
            )
    return workbook


def _period(workbook: Workbook, options: dict[str, Any]) -> Period:
    from antq_tui.model.errors import AntqError
    from antq_tui.model.periods import parse_period

    try:
        return parse_period(
            month=options.get("month"),
            quarter=options.get("quarter"),
            half=options.get("half"),
            year=options.get("year"),
            date_from=options.get("date_from"),
            date_to=options.get("date_to"),
            cutoff=options.get("cutoff") or workbook.settings.cutoff,
            default_year=workbook.settings.year,
        )
    except AntqError as exc:
        raise click.UsageError(exc.message) from None


def _no_data_note(workbook: Workbook, period: Period) -> None:
    """Say so when nothing in the workbook is dated inside ``period``: the report or the
    figures that follow are all zeros, not a quiet period the commune recorded."""
    from antq_tui.model.dates import format_date
    from antq_tui.model.periods import CUSTOM

    days = [i.date for i in workbook.incidents if i.date is not None]
    days += [r.date for r in workbook.results if r.date is not None]
    if any(period.start <= day <= period.end for day in days):
        return
    span = f"kỳ {period.label}" if period.kind == CUSTOM else period.label
    held = (
        f"số liệu trong sổ từ ngày {format_date(min(days))} đến ngày {format_date(max(days))}"
        if days
        else "sổ chưa có vụ việc hay kết quả phong trào nào có ngày"
    )
    click.secho(
        f"Cảnh báo: sổ không có số liệu nào trong {span} (không có vụ việc hay kết quả "
        f"phong trào nào ghi ngày trong kỳ; {held}), nên mọi số liệu của kỳ này đều là 0.",
        err=True,
        fg="yellow",
    )


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.secho(note, err=True, dim=True)


TABLES_OPTION = option(
    "--tables",
    "--bang",
    "tables",
    is_flag=True,
    help="Thêm bảng vụ việc theo loại vào mục 1 của báo cáo.",
)


@click.command(epilog=PERIOD_HELP)
@WORKBOOK_ARGUMENT
@period_options
@TABLES_OPTION
@NO_PAGER_OPTION
def preview(path: Path, tables: bool, no_pager: bool, **options: Any) -> None:
    """Xem trước báo cáo của SỔ.xlsx ngay trong cửa sổ dòng lệnh.

    Trong một cửa sổ dòng lệnh, báo cáo dài được mở trong trình xem từng trang: phím cách
    sang trang, b lùi lại, / tìm, q thoát.
    """
    from antq_tui.cli.render import console, paged
    from antq_tui.report.build import build_report
    from antq_tui.report.render_rich import render_rich

    workbook = _load(path, check=True)
    period = _period(workbook, options)
    doc = build_report(workbook, period, tables=tables)
    out = console()
    rendered = render_rich(doc, width=min(out.width, 100))
    with paged(out, not no_pager):
        out.print(rendered)
    _notes(doc.notes)
    _no_data_note(workbook, period)


@click.command(epilog=PERIOD_HELP)
@WORKBOOK_ARGUMENT
@period_options
@TABLES_OPTION
@output_option(
    "Tệp .docx cần ghi (mặc định: exports/<xã>-<kỳ>.docx trong thư mục hiện tại); "
    "thư mục chưa có thì được tạo."
)
@force_option()
def export(path: Path, tables: bool, output: Path | None, force: bool, **options: Any) -> None:
    """Xuất báo cáo của SỔ.xlsx ra tệp Word (.docx) theo thể thức Nghị định 30/2020."""
    from antq_tui.report.build import build_report
    from antq_tui.report.export import default_export_path, exports_folder, save_document

    workbook = _load(path, check=True)
    period = _period(workbook, options)
    doc = build_report(workbook, period, tables=tables)
    if output is not None:
        make_output_folder(output, (".docx",))
    target = output or default_export_path(workbook, period, exports_folder())
    written = save_document(doc, target, like=workbook.path, force=force)
    _notes(doc.notes)
    _no_data_note(workbook, period)
    click.echo(f"Đã ghi báo cáo {period.label} vào {shown(written)}.")


FORMATS = {"table": "table", "bang": "table", "csv": "csv", "json": "json", "xlsx": "xlsx"}


@click.command(epilog=PERIOD_HELP)
@WORKBOOK_ARGUMENT
@period_options
@option(
    "--by",
    "--theo",
    type=Choice({"month": "month", "thang": "month"}),
    help="month hoặc thang: chia theo từng tháng của kỳ (kèm biểu đồ cột).",
)
@format_option(
    FORMATS,
    "table",
    "Dạng kết quả: bảng (table hoặc bang), CSV, JSON (cho chương trình khác) hoặc tệp "
    "Excel có biểu đồ.",
)
@output_option(
    "Ghi ra tệp thay vì màn hình (xlsx: mặc định exports/<xã>-<kỳ>-so-lieu.xlsx); "
    "thư mục chưa có thì được tạo."
)
@force_option()
@NO_PAGER_OPTION
def totals(
    path: Path,
    by: str | None,
    output_format: str,
    output: Path | None,
    force: bool,
    no_pager: bool,
    **options: Any,
) -> None:
    """Số liệu nhanh của SỔ.xlsx trong kỳ: vụ việc theo loại và theo thôn, kết quả phong trào, cùng kỳ năm trước.

    JSON: {"period": {"from", "to", "label"}, "incidents": {"count", "deaths", "injuries",
    "damage", "by_category", "by_village"}, "movement": {...}, "previous": {...} hoặc null};
    báo cáo tháng, quý có thêm "year_to_date" (lũy kế từ đầu năm, như "incidents") và
    "year_to_date_previous" (như "previous"); chỉ tiêu tính đến cuối kỳ (như số người nước
    ngoài đang quản lý) là số ghi gần nhất tính đến cuối kỳ, không cộng dồn.
    Với --by/--theo month: {"period": ..., "months": [mỗi tháng một đối tượng như trên]}.
    """
    import json

    from antq_tui.files.new_file import write_new_file
    from antq_tui.report import totals as figures
    from antq_tui.report import totals_output as formats
    from antq_tui.report.export import exports_folder, slug

    workbook = _load(path, check=False)
    period = _period(workbook, options)
    if by == "month":
        months = figures.monthly_totals(workbook, period)
        whole = figures.merge_totals(period, months)
        whole.year_to_date = figures.year_to_date_totals(workbook, period)
    else:
        months, whole = None, figures.compute_totals(workbook, period)
    if output is not None and output_format != "table":
        make_output_folder(output, (f".{output_format}",))

    def write_text(text: str, suffixes: tuple[str, ...], bom: bool = False) -> None:
        if output is None:
            click.echo(text, nl=not text.endswith("\n"))
            return
        encoding = "utf-8-sig" if bom else "utf-8"
        written = write_new_file(
            output,
            lambda temp: write_text_file(temp, text, encoding),
            like=workbook.path,
            force=force,
            suffixes=suffixes,
        )
        click.echo(f"Đã ghi số liệu {period.label} vào {shown(written)}.", err=True)

    if output_format == "json":
        data = (
            figures.monthly_json(period, months)
            if months is not None
            else figures.totals_json(whole)
        )
        write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", (".json",))
    elif output_format == "csv":
        rows = formats.monthly_rows(months) if months is not None else formats.summary_rows(whole)
        write_text(formats.csv_text(rows), (".csv",), bom=True)  # Excel reads UTF-8 with a BOM
    elif output_format == "xlsx":
        sheets = {"Tổng hợp": formats.summary_rows(whole)}
        if months is not None:
            sheets["Theo tháng"] = formats.monthly_rows(months)
        commune = slug(workbook.settings.commune) or "so-lieu"
        target = output or exports_folder() / f"{commune}-{period.slug}-so-lieu.xlsx"
        written = write_new_file(
            target,
            lambda temp: formats.write_xlsx(temp, sheets, chart_sheet="Theo tháng"),
            like=workbook.path,
            force=force,
            suffixes=(".xlsx",),
        )
        click.echo(f"Đã ghi số liệu {period.label} vào {shown(written)}.")
    else:
        from antq_tui.cli.render import console, paged

        out = console()
        if output is not None:
            raise click.UsageError(
                "Dạng bảng chỉ in ra màn hình; ghi tệp thì chọn --format/--dang csv, json "
                "hoặc xlsx."
            )
        with paged(out, not no_pager):
            out.print(formats.render_totals(whole))
            if months is not None:
                out.print(formats.render_monthly(period, months, width=out.width))
    _no_data_note(workbook, period)
