"""Period totals as terminal tables, CSV and XLSX (``antq totals``).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a
tab or carriage return) get a leading apostrophe; XLSX cells are always stored as
text when they hold text, so a village named "=1+1" stays a name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from antq_tui.model.periods import Period
from antq_tui.model.text import format_int, strip_control
from antq_tui.report.totals import Tally, Totals
from antq_tui.report.vietnamese import amount

Row = list[str | int | float]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BAR_WIDTH = 30


def neutralise(value: str | int | float) -> str | int | float:
    """A CSV cell that no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _damage(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


# ------------------------------------------------------------------ rows
SUMMARY_HEADER: Row = [
    "Nhóm",
    "Tên",
    "Số lượng",
    "Số người chết",
    "Số người bị thương",
    "Thiệt hại (triệu đồng)",
]


def summary_rows(totals: Totals) -> list[Row]:
    """The period's figures in long form: one line per category, village, indicator."""
    total = totals.incidents
    rows: list[Row] = [
        SUMMARY_HEADER,
        [
            "Kỳ báo cáo",
            totals.period.label,
            total.count,
            total.deaths,
            total.injuries,
            _damage(total.damage),
        ],
    ]
    for name, tally in totals.by_category.items():
        rows.append(
            ["Loại vụ việc", name, tally.count, tally.deaths, tally.injuries, _damage(tally.damage)]
        )
    for name, number in totals.by_village.items():
        rows.append(["Thôn", name, number, "", "", ""])
    for name, number in totals.movement.items():
        group = "Kết quả phong trào (cuối kỳ)" if name in totals.standing else "Kết quả phong trào"
        rows.append([group, name, number, "", "", ""])
    if totals.previous is not None:
        before = totals.previous
        rows.append(
            [
                "Cùng kỳ năm trước",
                totals.previous_period.label,
                before.count,
                before.deaths,
                before.injuries,
                _damage(before.damage),
            ]
        )
    ytd = totals.year_to_date
    if ytd is not None:
        tally = ytd.incidents
        rows.append(
            ["Lũy kế từ đầu năm", ytd.period.range_text, tally.count, tally.deaths,
             tally.injuries, _damage(tally.damage)]
        )  # fmt: skip
        if ytd.previous is not None:
            before = ytd.previous
            rows.append(
                ["Lũy kế cùng kỳ năm trước", ytd.previous_period.range_text, before.count,
                 before.deaths, before.injuries, _damage(before.damage)]
            )  # fmt: skip
    return rows


def monthly_rows(months: Sequence[tuple[Period, Totals]]) -> list[Row]:
    categories = list(months[0][1].by_category) if months else []
    header: Row = [
        "Tháng",
        "Từ ngày",
        "Đến ngày",
        "Số vụ",
        "Số người chết",
        "Số người bị thương",
        "Thiệt hại (triệu đồng)",
        "Cùng kỳ năm trước (số vụ)",
        *categories,
    ]
    rows: list[Row] = [header]
    for month, totals in months:
        tally = totals.incidents
        rows.append(
            [
                month.label,
                f"{month.start:%d/%m/%Y}",
                f"{month.end:%d/%m/%Y}",
                tally.count,
                tally.deaths,
                tally.injuries,
                _damage(tally.damage),
                "" if totals.previous is None else totals.previous.count,
                *(totals.by_category.get(name, Tally()).count for name in categories),
            ]
        )
    return rows


def csv_text(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(strip_control(v) if isinstance(v, str) else v) for v in row])
    return out.getvalue()


# ------------------------------------------------------------------ xlsx
@dataclass(frozen=True)
class Chart:
    """A native bar chart of one column of a sheet, labelled by its first column."""

    sheet: str
    title: str
    column: int = 4  # 1-based: "Số vụ"
    rows: int | None = None  # data rows drawn (None: all, below the header)
    width: float = 24  # cm


def write_xlsx(
    path: Path,
    sheets: dict[str, list[Row]],
    chart_sheet: str | None = None,
    *,
    chart: Chart | None = None,
) -> None:
    """An XLSX with one sheet per entry; a native bar chart of "Số vụ" on ``chart_sheet``
    (month by month), or the ``chart`` described."""
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    if chart is None and chart_sheet is not None:
        chart = Chart(chart_sheet, "Số vụ việc theo tháng")
    book = XlsxWorkbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([strip_control(v) if isinstance(v, str) else v for v in row])
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=1+1"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            widest = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(widest + 2, 10), 50)
        sheet.freeze_panes = "A2"
        last = sheet.max_row if chart is None or chart.rows is None else 1 + chart.rows
        if chart is not None and name == chart.sheet and last > 1:
            bars = BarChart()
            bars.type = "col"
            bars.title = chart.title
            bars.y_axis.title = "Số vụ"
            bars.legend = None
            data = Reference(sheet, min_col=chart.column, min_row=1, max_row=last)
            labels = Reference(sheet, min_col=1, min_row=2, max_row=last)
            bars.add_data(data, titles_from_data=True)
            bars.set_categories(labels)
            bars.width, bars.height = chart.width, 10
            sheet.add_chart(bars, f"A{sheet.max_row + 3}")
    book.save(str(path))


# ------------------------------------------------------------------ terminal
def titled_table(title: str, columns: Sequence[str]) -> Table:
    """A terminal table: a label column, then figures aligned right."""
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(columns[0], no_wrap=True)
    for name in columns[1:]:
        table.add_column(name, justify="right")
    return table


def tally_cells(tally: Tally) -> list[str]:
    """Số vụ, Chết, Bị thương, Thiệt hại: the cells of an incident count."""
    return [
        format_int(tally.count),
        format_int(tally.deaths),
        format_int(tally.injuries),
        amount(tally.damage),
    ]


def category_table(title: str, by_category: dict[str, Tally], total: Tally | None = None) -> Table:
    """Incidents by category (empty ones dimmed), with a total line when given."""
    table = titled_table(title, ["Loại vụ việc", "Số vụ", "Chết", "Bị thương", "Thiệt hại (tr.đ)"])
    for name, tally in by_category.items():
        table.add_row(Text(name), *tally_cells(tally), style="" if tally.count else "dim")
    if total is not None:
        table.add_row(Text("Tổng cộng", style="bold"), *tally_cells(total), style="bold")
    return table


def movement_table(title: str, movement: dict[str, int], standing: frozenset[str]) -> Table:
    """Movement results; standing indicators say they are as at the period's end."""
    table = titled_table(title, ["Chỉ tiêu", "Số lượng"])
    for name, number in movement.items():
        label = f"{name} (tính đến cuối kỳ)" if name in standing else name
        table.add_row(Text(label), format_int(number), style="" if number else "dim")
    return table


def render_totals(totals: Totals) -> RenderableType:
    period = totals.period
    parts: list[RenderableType] = [
        Text(f"Số liệu {period.label} ({period.range_text})", style="bold"),
    ]
    categories = category_table("Vụ việc theo loại", totals.by_category, totals.incidents)
    villages = titled_table("Vụ việc theo thôn", ["Thôn", "Số vụ"])
    for name, number in totals.by_village.items():
        villages.add_row(Text(name), format_int(number), style="" if number else "dim")
    movement = movement_table("Kết quả phong trào", totals.movement, totals.standing)
    parts += [categories, villages, movement]
    parts.append(_comparison_line(totals, "Cùng kỳ năm trước"))
    ytd = totals.year_to_date
    if ytd is not None:
        tally = ytd.incidents
        parts.append(
            Text(
                f"Lũy kế từ đầu năm ({ytd.period.range_text}): {format_int(tally.count)} vụ, "
                f"{format_int(tally.deaths)} người chết, {format_int(tally.injuries)} người "
                "bị thương."
            )
        )
        parts.append(_comparison_line(ytd, "Lũy kế cùng kỳ năm trước"))
    if totals.undated:
        parts.append(
            Text(
                f"{format_int(totals.undated)} vụ việc chưa có ngày hợp lệ nên không được tính.",
                style="yellow",
            )
        )
    return Group(*parts)


def _comparison_line(totals: Totals, name: str) -> Text:
    if totals.previous is None:
        return Text(
            f"Sổ không có số liệu {name.lower()} ({totals.previous_period.label}).",
            style="dim",
        )
    before = totals.previous
    change = totals.incidents.count - before.count
    sign = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
    line = (
        f"{name} ({totals.previous_period.label}): {format_int(before.count)} vụ, "
        f"{format_int(before.deaths)} người chết, {format_int(before.injuries)} người bị thương; "
        f"số vụ {sign}"
    )
    if change:
        line += f" {format_int(abs(change))}"
    return Text(line + ".")


def _short_month(month: Period) -> str:
    """``T03/2021`` (a star when a custom range covers only part of the month)."""
    partial = "*" if month.label.endswith("(một phần)") else ""
    return f"T{month.index:02d}/{month.year}{partial}"


def render_monthly(
    period: Period, months: Sequence[tuple[Period, Totals]], width: int = 80
) -> RenderableType:
    """Month rows with a bar per month sized to fit ``width`` columns."""
    bar_width = max(5, min(BAR_WIDTH, width - 68))
    table = Table(
        title=f"Số vụ việc theo tháng, {period.label}", title_justify="left", title_style="bold"
    )
    table.add_column("Tháng", no_wrap=True)
    table.add_column("Từ - đến ngày", no_wrap=True)
    for name in ("Số vụ", "Chết", "Bị thương", "Cùng kỳ"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=bar_width)
    peak = max((t.incidents.count for _, t in months), default=0)
    for month, totals in months:
        count = totals.incidents.count
        bar = "█" * round(bar_width * count / peak) if peak else ""
        table.add_row(
            _short_month(month),
            f"{month.start:%d/%m} - {month.end:%d/%m}",
            format_int(count),
            format_int(totals.incidents.deaths),
            format_int(totals.incidents.injuries),
            "—" if totals.previous is None else format_int(totals.previous.count),
            Text(bar, style="cyan"),
        )
    earlier = [t.previous.count for _, t in months if t.previous is not None]
    table.add_row(
        "Cả kỳ",
        "",
        format_int(sum(t.incidents.count for _, t in months)),
        format_int(sum(t.incidents.deaths for _, t in months)),
        format_int(sum(t.incidents.injuries for _, t in months)),
        format_int(sum(earlier)) if earlier else "—",
        "",
        style="bold",
    )
    return table
