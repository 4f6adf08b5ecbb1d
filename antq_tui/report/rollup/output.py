"""The rollup as rows (CSV, XLSX with a chart by commune) and as terminal tables.

One row per commune, then the total row: incidents, last year's period and the change,
the categories, the movement results, villages and units registered and recognised
with the rate, teams rated Tốt and models working well, each of all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from antq_tui.model.text import fold_key, format_int
from antq_tui.report.rollup.figures import Figures, Rollup
from antq_tui.report.totals_output import (
    Chart,
    Row,
    category_table,
    movement_table,
    tally_cells,
    titled_table,
    write_xlsx,
)
from antq_tui.report.vietnamese import percent

TOTAL = "Tổng cộng"
COUNT_COLUMN = 4  # "Số vụ", 1-based: the column the chart draws


def _rate(part: int, whole: int) -> float | str:
    return round(100 * part / whole, 1) if whole else ""


def _damage(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def _change(figures: Figures) -> int | str:
    change = figures.change
    return "" if change is None else change


def header(rollup: Rollup) -> Row:
    total = rollup.total
    return [
        "Xã",
        "Tỉnh",
        "Tệp",
        "Số vụ",
        "Số người chết",
        "Số người bị thương",
        "Thiệt hại (triệu đồng)",
        "Cùng kỳ năm trước (số vụ)",
        "Tăng, giảm (số vụ)",
        *(f"Vụ: {name}" for name in total.by_category),
        *(f"{name} (cuối kỳ)" if name in total.standing else name for name in total.movement),
        "Thôn",
        "Thôn đăng ký",
        "Thôn được công nhận",
        "Tỷ lệ thôn đăng ký (%)",
        "Cơ quan, trường học",
        "Cơ quan, trường học đăng ký",
        "Cơ quan, trường học được công nhận",
        "Tỷ lệ cơ quan, trường học đăng ký (%)",
        "Đội tự quản",
        "Đội xếp loại Tốt",
        "Mô hình",
        "Mô hình hoạt động tốt",
    ]


def _by_name(values: dict[str, int], names: Sequence[str]) -> list[int]:
    folded = {fold_key(name): number for name, number in values.items()}
    return [folded.get(fold_key(name), 0) for name in names]


def _figure_cells(figures: Figures, total: Figures) -> Row:
    tally = figures.incidents
    categories = {name: t.count for name, t in figures.by_category.items()}
    villages, units = figures.villages, figures.units
    return [
        tally.count,
        tally.deaths,
        tally.injuries,
        _damage(tally.damage),
        "" if figures.previous is None else figures.previous.count,
        _change(figures),
        *_by_name(categories, list(total.by_category)),
        *_by_name(figures.movement, list(total.movement)),
        villages.total,
        villages.registered,
        villages.recognised,
        _rate(villages.registered, villages.total),
        units.total,
        units.registered,
        units.recognised,
        _rate(units.registered, units.total),
        figures.teams.total,
        figures.teams.good,
        figures.models.total,
        figures.models.good,
    ]


def rollup_rows(rollup: Rollup) -> list[Row]:
    """The header, one row per commune, the total row."""
    rows: list[Row] = [header(rollup)]
    for row in rollup.communes:
        rows.append(
            [row.commune, row.province, str(row.file), *_figure_cells(row.figures, rollup.total)]
        )
    rows.append([TOTAL, rollup.province, "", *_figure_cells(rollup.total, rollup.total)])
    return rows


def error_rows(rollup: Rollup) -> list[Row]:
    rows: list[Row] = [["Tệp", "Lý do"]]
    rows += [[str(e.file), e.message] for e in rollup.errors]
    return rows


def about_rows(rollup: Rollup) -> list[Row]:
    period = rollup.period
    rows: list[Row] = [
        ["Mục", "Nội dung"],
        ["Kỳ báo cáo", period.label],
        ["Từ ngày", f"{period.start:%d/%m/%Y}"],
        ["Đến ngày", f"{period.end:%d/%m/%Y}"],
        ["Số xã được tổng hợp", len(rollup.communes)],
        ["Số tệp không tổng hợp được", len(rollup.errors)],
    ]
    rows += [["Ghi chú", note] for note in rollup.notes]
    return rows


def write_rollup_xlsx(path: Path, rollup: Rollup) -> None:
    """Sheets Tổng hợp (with a native bar chart of incidents by commune), Kỳ báo cáo and,
    when some file was not summed, Không tổng hợp được."""
    sheets = {"Tổng hợp": rollup_rows(rollup), "Kỳ báo cáo": about_rows(rollup)}
    if rollup.errors:
        sheets["Không tổng hợp được"] = error_rows(rollup)
    chart = Chart(
        sheet="Tổng hợp",
        title=f"Số vụ việc theo xã, {rollup.period.label}",
        column=COUNT_COLUMN,
        rows=len(rollup.communes),  # not the total row
        width=max(24, min(80, 2 + len(rollup.communes) * 0.8)),
    )
    write_xlsx(path, sheets, chart=chart)


# ------------------------------------------------------------------ terminal
def _sign(change: int | None) -> str:
    if change is None:
        return "—"
    return f"+{format_int(change)}" if change > 0 else format_int(change)


def _of(part: int, whole: int) -> str:
    return f"{format_int(part)}/{format_int(whole)}" if whole else "—"


def _incident_line(table: Table, name: str, figures: Figures, style: str = "") -> None:
    table.add_row(
        Text(name),
        *tally_cells(figures.incidents),
        "—" if figures.previous is None else format_int(figures.previous.count),
        _sign(figures.change),
        style=style,
    )


def _standing_line(table: Table, name: str, figures: Figures, style: str = "") -> None:
    villages, units = figures.villages, figures.units
    table.add_row(
        Text(name),
        _of(villages.registered, villages.total),
        format_int(villages.recognised),
        rate_text(villages.registered, villages.total),
        _of(units.registered, units.total),
        format_int(units.recognised),
        _of(figures.teams.good, figures.teams.total),
        _of(figures.models.good, figures.models.total),
        style=style,
    )


def rate_text(part: int, whole: int) -> str:
    return percent(part, whole) if whole else "—"


def render_rollup(rollup: Rollup) -> RenderableType:
    """Incidents by commune, the standing counts by commune, then the province's
    categories and movement results."""
    period = rollup.period
    place = f", tỉnh {rollup.province}" if rollup.province else ""
    incidents = titled_table(
        f"Vụ việc {period.label} theo xã{place} ({period.range_text})",
        ["Xã", "Số vụ", "Chết", "Bị thương", "Thiệt hại (tr.đ)", "Cùng kỳ", "Tăng, giảm"],
    )
    standing = titled_table(
        f"“An toàn về ANTT”, Đội tự quản, mô hình theo xã (tính đến {period.end:%d/%m/%Y})",
        ["Xã", "Thôn ĐK", "CN", "Tỷ lệ ĐK", "Đơn vị ĐK", "CN", "Đội Tốt", "Mô hình tốt"],
    )
    for row in rollup.communes:
        _incident_line(incidents, row.commune, row.figures)
        _standing_line(standing, row.commune, row.figures)
    _incident_line(incidents, TOTAL, rollup.total, style="bold")
    _standing_line(standing, TOTAL, rollup.total, style="bold")
    note = Text(
        "ĐK: đăng ký/tổng số, CN: được công nhận “An toàn về ANTT”; Đơn vị: cơ quan, trường "
        "học, doanh nghiệp; Đội Tốt: đội xếp loại Tốt/tổng số đội.",
        style="dim",
    )
    total = rollup.total
    return Group(
        incidents,
        standing,
        note,
        category_table("Vụ việc theo loại (tổng các xã)", total.by_category),
        movement_table("Kết quả phong trào (tổng các xã)", total.movement, total.standing),
    )
