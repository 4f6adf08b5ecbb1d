"""A new workbook, from the template, holding everything a ``Workbook`` of records holds.

The template gives every sheet its headers, drop-downs, formats and the ``Hướng dẫn``
sheet; the small sheets (Thông tin chung, Nội dung, Danh mục and the audit sheet
``Nhật ký``) are filled through openpyxl, and the records of the data sheets and of
Sổ báo cáo, which may be tens of thousands, by ``bulk_rows``. What is written is what
the workbook says, defaults included: a setting left blank stays blank.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook as OpenpyxlWorkbook

from antq_tui.model import schema
from antq_tui.model.records import Catalog, Section, Settings, Workbook, column_letter
from antq_tui.workbook.template import (
    BODY_FONT,
    DATE_FORMAT,
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    WRAP_TOP,
    TemplateOptions,
    build_template,
    catalog_columns,
)
from antq_tui.workbook.write import audit as audit_sheet
from antq_tui.workbook.write.bulk_rows import fill_sheets
from antq_tui.workbook.write.styles import DATETIME_FORMAT

# The sheets whose rows go in by bulk_rows: every record sheet.
RECORD_SHEETS: tuple[schema.SheetSpec, ...] = (*schema.DATA_SHEETS, schema.REGISTER)


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return schema.YES if value else schema.NO
    return None if value == "" else value


def _settings(wb: OpenpyxlWorkbook, settings: Settings) -> None:
    ws = wb[schema.SETTINGS_SHEET]
    for row, setting in enumerate(schema.SETTINGS, start=2):  # the template's order
        cell = ws.cell(row=row, column=2, value=_cell_value(getattr(settings, setting.field)))
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT


def _sections(wb: OpenpyxlWorkbook, sections: Sequence[Section]) -> None:
    ws = wb[schema.SECTIONS_SHEET]
    ws.delete_rows(2, ws.max_row)
    for row, section in enumerate(sections, start=2):
        values = (section.title, section.text, section.period, section.origin)
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value or None)
            cell.font = BODY_FONT
            cell.alignment = WRAP_TOP


def _catalog(wb: OpenpyxlWorkbook, catalog: Catalog) -> None:
    ws = wb[schema.CATALOG_SHEET]
    for index, (listing, attribute, _header) in enumerate(catalog_columns(), start=1):
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=index).value = None
        for row, entry in enumerate(catalog.entries.get(listing.name, []), start=2):
            value = entry.value if attribute is None else entry.attributes.get(attribute.field)
            ws.cell(row=row, column=index, value=_cell_value(value)).font = BODY_FONT


def _audit(wb: OpenpyxlWorkbook, entries: Sequence[audit_sheet.AuditEntry]) -> None:
    """The audit sheet as a save creates it (``audit.new_sheet_xml``), with ``entries``."""
    ws = wb.create_sheet(audit_sheet.SHEET_NAME)
    for column, (header, width) in enumerate(
        zip(audit_sheet.HEADERS, audit_sheet.WIDTHS, strict=True), start=1
    ):
        cell = ws.cell(row=1, column=column, value=header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = HEADER_ALIGN
        ws.column_dimensions[column_letter(column - 1)].width = width
    ws.freeze_panes = "A2"
    for row, entry in enumerate(entries, start=2):
        for column, value in enumerate(entry.cells(), start=1):
            cell = ws.cell(row=row, column=column, value=value or None)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT


def workbook_package(
    workbook: Workbook, audit: Sequence[audit_sheet.AuditEntry] = (), *, level: int = 6
) -> bytes:
    """The .xlsx bytes of a new workbook holding ``workbook``'s settings, records,
    Nội dung, Sổ báo cáo and Danh mục, and ``audit`` as rows of ``Nhật ký``."""
    settings = workbook.settings
    wb = build_template(TemplateOptions(commune=settings.commune, year=settings.year))
    _settings(wb, settings)
    _sections(wb, workbook.sections)
    _catalog(wb, workbook.catalog)
    if audit:
        _audit(wb, audit)
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = {
        spec.name: [[getattr(r, c.field) for c in spec.columns] for r in workbook.records(spec.key)]
        for spec in RECORD_SHEETS
    }
    return fill_sheets(buffer.getvalue(), rows, level=level)
