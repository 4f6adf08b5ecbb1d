"""Build small real workbooks for tests: the template plus the rows a test names.

Rows are dicts keyed by schema field name ("village", "date", ...). Values are
written as given, so a test can put text where a date belongs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from antq_tui.model import schema
from antq_tui.workbook.template import DATE_FORMAT, TemplateOptions, build_template


def _fill(ws: Any, spec: schema.SheetSpec, rows: list[dict[str, Any]], start: int = 2) -> None:
    fields = [c.field for c in spec.columns]
    for offset, record in enumerate(rows):
        unknown = set(record) - set(fields)
        assert not unknown, f"unknown fields for {spec.name}: {unknown}"
        for col, field_name in enumerate(fields, start=1):
            if field_name in record and record[field_name] is not None:
                cell = ws.cell(row=start + offset, column=col, value=record[field_name])
                if isinstance(record[field_name], date):
                    cell.number_format = DATE_FORMAT


def build(
    *,
    commune: str = "Tây Sơn",
    year: int = 2021,
    settings: dict[str, Any] | None = None,
    villages: list[str | dict[str, Any]] | None = None,
    sections: list[tuple[str, ...]] | None = None,
    register: list[dict[str, Any]] | None = None,
    catalog: dict[str, list[str]] | None = None,
    **sheets: list[dict[str, Any]],
) -> Any:
    """An openpyxl workbook: template, settings, villages and the given records.

    ``sheets`` are keyed by schema key: incidents=[...], teams=[...], units=[...],
    models=[...], results=[...]. ``sections`` are (Mục, Nội dung[, Kỳ báo cáo]);
    ``register`` fills Sổ báo cáo. ``catalog`` replaces whole Danh mục lists.
    """
    wb = build_template(TemplateOptions(commune=commune, year=year))
    if settings:
        ws = wb[schema.SETTINGS_SHEET]
        keys = {s.field: s.key for s in schema.SETTINGS}
        rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        for field_name, value in settings.items():
            row = rows[keys[field_name]]
            ws.cell(row=row, column=2).value = value  # None clears
    village_rows = [
        v if isinstance(v, dict) else {"name": v, "registered": "Có"}
        for v in (villages if villages is not None else ["Tây Sơn", "Đông Hòa", "Bắc Sơn"])
    ]
    _fill(wb[schema.VILLAGES.name], schema.VILLAGES, village_rows)
    for key, rows in sheets.items():
        spec = schema.SHEETS_BY_KEY[key]
        _fill(wb[spec.name], spec, rows)
    if sections is not None:
        ws = wb[schema.SECTIONS_SHEET]
        ws.delete_rows(2, ws.max_row)
        for row, section in enumerate(sections, start=2):
            for col, value in enumerate(section, start=1):
                ws.cell(row=row, column=col, value=value or None)
    if register is not None:
        _fill(wb[schema.REGISTER.name], schema.REGISTER, register)
    if catalog:
        ws = wb[schema.CATALOG_SHEET]
        headers = [c.value for c in ws[1]]
        for list_name, values in catalog.items():
            col = headers.index(list_name) + 1
            for row in range(2, ws.max_row + 1):
                ws.cell(row=row, column=col).value = None
            for row, value in enumerate(values, start=2):
                ws.cell(row=row, column=col, value=value)
    return wb


def write(path: Path, **kwargs: Any) -> Path:
    build(**kwargs).save(path)
    return path
