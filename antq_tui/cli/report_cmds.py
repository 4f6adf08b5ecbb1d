"""``antq preview``, ``antq export`` and ``antq totals``: the report and the period figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .options import NO_PAGER_OPTION

if TYPE_CHECKING:
    from ..periods import Period
    from ..records import Workbook

F = TypeVar("F", bound=Callable[..., Any])

PERIOD_HELP = """
Kỳ báo cáo (chọn một; mặc định là Năm báo cáo ghi trong sổ): --month 2021-03,
--quarter 2021-Q1, --half 2021-H1, --year 2021, hoặc --from 01/03/2021 --to 31/05/2021.
Tháng tính theo Kỳ chốt số liệu của sổ (lịch, hoặc Nghị định 09/2019: từ ngày 15 tháng
trước đến ngày 14); --cutoff đổi cách tính này. Mỗi kỳ dùng phần lời của riêng kỳ đó (trang
Nội dung, cột Kỳ báo cáo) và số, ngày ký của nó (trang Sổ báo cáo).
"""


def period_options(function: F) -> F:
    """The options that choose a report period, shared by every report command."""
    options = [
        click.option("--month", metavar="NNNN-TT", help="Một tháng, ví dụ 2021-03."),
        click.option("--quarter", metavar="NNNN-Qn", help="Một quý, ví dụ 2021-Q1."),
        click.option(
            "--half",
            metavar="NNNN-H1|H2",
            help="Sáu tháng: 2021-H1 (đầu năm) hoặc 2021-H2 (cuối năm).",
        ),
        click.option("--year", metavar="NĂM", help="Cả năm, ví dụ 2021 (mặc định: Năm báo cáo)."),
        click.option(
            "--from", "date_from", metavar="NGÀY", help="Từ ngày (ngày/tháng/năm), đi cùng --to."
        ),
        click.option(
            "--to", "date_to", metavar="NGÀY", help="Đến ngày (ngày/tháng/năm), đi cùng --from."
        ),
        click.option(
            "--cutoff",
            type=click.Choice(["calendar", "nd09"]),
            help="Cách tính tháng: calendar (theo lịch) hoặc nd09 (ngày 15 tháng trước đến ngày 14). "
            "Mặc định theo Kỳ chốt số liệu của sổ.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _load(path: Path, *, check: bool) -> Workbook:
    """Read the workbook; with ``check``, warn in one line when it has errors."""
    from ..workbook.reader import load_workbook

    workbook = load_workbook(path)
    if check:
        from ..validate import validate

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
    from ..errors import AntqError
    from ..periods import parse_period

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


def _write_text(path: Path, text: str, encoding: str) -> None:
    path.write_text(text, encoding=encoding, newline="")


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.secho(note, err=True, dim=True)


def _shown(path: Path) -> str:
    """``exports/x.docx`` when under the current directory, else the absolute path."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


TABLES_OPTION = click.option(
    "--bang", "tables", is_flag=True, help="Thêm bảng vụ việc theo loại vào mục 1 của báo cáo."
)


@click.command(epilog=PERIOD_HELP)
@click.argument("path", metavar="SỔ", type=click.Path(dir_okay=False, path_type=Path))
@period_options
@TABLES_OPTION
@NO_PAGER_OPTION
def preview(path: Path, tables: bool, no_pager: bool, **options: Any) -> None:
    """Xem trước báo cáo của SỔ ngay trong cửa sổ dòng lệnh.

    Trong một cửa sổ dòng lệnh, báo cáo dài được mở trong trình xem từng trang: phím cách
    sang trang, b lùi lại, / tìm, q thoát.
    """
    from ..report.build import build_report
    from ..report.render_rich import render_rich
    from .render import console, paged

    workbook = _load(path, check=True)
    doc = build_report(workbook, _period(workbook, options), tables=tables)
    out = console()
    rendered = render_rich(doc, width=min(out.width, 100))
    with paged(out, not no_pager):
        out.print(rendered)
    _notes(doc.notes)


@click.command(epilog=PERIOD_HELP)
@click.argument("path", metavar="SỔ", type=click.Path(dir_okay=False, path_type=Path))
@period_options
@TABLES_OPTION
@click.option(
    "-o",
    "--output",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp .docx cần ghi (mặc định: exports/<xã>-<kỳ>.docx trong thư mục hiện tại).",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
def export(path: Path, tables: bool, output: Path | None, force: bool, **options: Any) -> None:
    """Xuất báo cáo của SỔ ra tệp Word (.docx) theo thể thức Nghị định 30/2020."""
    from ..report.build import build_report
    from ..report.export import default_export_path, exports_folder, save_document

    workbook = _load(path, check=True)
    period = _period(workbook, options)
    doc = build_report(workbook, period, tables=tables)
    target = output or default_export_path(workbook, period, exports_folder())
    written = save_document(doc, target, like=workbook.path, force=force)
    _notes(doc.notes)
    click.echo(f"Đã ghi báo cáo {period.label} vào {_shown(written)}.")


FORMATS = ["table", "csv", "json", "xlsx"]


@click.command(epilog=PERIOD_HELP)
@click.argument("path", metavar="SỔ", type=click.Path(dir_okay=False, path_type=Path))
@period_options
@click.option(
    "--by",
    type=click.Choice(["month"]),
    help="month: chia theo từng tháng của kỳ (kèm biểu đồ cột).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Dạng kết quả: bảng, CSV, JSON (cho chương trình khác) hoặc tệp Excel có biểu đồ.",
)
@click.option(
    "-o",
    "--output",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi ra tệp thay vì màn hình (xlsx: mặc định exports/<xã>-<kỳ>-so-lieu.xlsx).",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
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
    """Số liệu nhanh của SỔ trong kỳ: vụ việc theo loại và theo thôn, kết quả phong trào, cùng kỳ năm trước.

    JSON: {"period": {"from", "to", "label"}, "incidents": {"count", "deaths", "injuries",
    "damage", "by_category", "by_village"}, "movement": {...}, "previous": {...} hoặc null};
    báo cáo tháng, quý có thêm "year_to_date" (lũy kế từ đầu năm, như "incidents") và
    "year_to_date_previous" (như "previous"); chỉ tiêu tính đến cuối kỳ (như số người nước
    ngoài đang quản lý) là số ghi gần nhất tính đến cuối kỳ, không cộng dồn.
    Với --by month: {"period": ..., "months": [mỗi tháng một đối tượng như trên]}.
    """
    import json

    from ..newfile import write_new_file
    from ..report import totals as figures
    from ..report import totals_output as formats
    from ..report.export import exports_folder, slug

    workbook = _load(path, check=False)
    period = _period(workbook, options)
    if by == "month":
        months = figures.monthly_totals(workbook, period)
        whole = figures.merge_totals(period, months)
        whole.year_to_date = figures.year_to_date_totals(workbook, period)
    else:
        months, whole = None, figures.compute_totals(workbook, period)

    def write_text(text: str, suffixes: tuple[str, ...], bom: bool = False) -> None:
        if output is None:
            click.echo(text, nl=not text.endswith("\n"))
            return
        encoding = "utf-8-sig" if bom else "utf-8"
        written = write_new_file(
            output,
            lambda temp: _write_text(temp, text, encoding),
            like=workbook.path,
            force=force,
            suffixes=suffixes,
        )
        click.echo(f"Đã ghi số liệu {period.label} vào {_shown(written)}.", err=True)

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
        click.echo(f"Đã ghi số liệu {period.label} vào {_shown(written)}.")
    else:
        from .render import console, paged

        out = console()
        if output is not None:
            raise click.UsageError(
                "Dạng bảng chỉ in ra màn hình; ghi tệp thì chọn --format csv, json hoặc xlsx."
            )
        with paged(out, not no_pager):
            out.print(formats.render_totals(whole))
            if months is not None:
                out.print(formats.render_monthly(period, months, width=out.width))
