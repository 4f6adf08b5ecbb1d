"""The audit sheet ``Nhật ký``: one row per changed cell, appended by every save.

The sheet is created on first use as a new worksheet part and then grows through
the same row patcher as every other sheet. The loader and validator ignore it (it
is not one of ``schema.REQUIRED_SHEETS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from antq_tui.model import schema
from antq_tui.workbook.write.cellxml import CellValue, encode, escape_text

SHEET_NAME = schema.AUDIT_SHEET
HEADERS = ("Thời gian", "Người dùng", "Lệnh", "Trang", "Ô", "Giá trị cũ", "Giá trị mới")
WIDTHS = (20, 14, 22, 22, 9, 40, 40)
_NS_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    user: str
    command: str
    sheet: str
    cell: str
    old: str
    new: str

    def cells(self) -> tuple[datetime | str, ...]:
        """The row's values, in the order of ``HEADERS``."""
        stamp = self.when.replace(microsecond=0, tzinfo=None)
        return (stamp, self.user, self.command, self.sheet, self.cell, self.old, self.new)

    def values(self, date1904: bool) -> list[CellValue]:
        return [encode(value, date1904) for value in self.cells()]


def new_sheet_xml(header_style: int | None) -> bytes:
    """An empty audit sheet: the header row, column widths, the header frozen."""
    style = b' s="' + str(header_style).encode() + b'"' if header_style else b""
    header = b"".join(
        b'<c r="' + chr(65 + i).encode() + b'1"' + style + b' t="inlineStr"><is><t>'
        + escape_text(text) + b"</t></is></c>"
        for i, text in enumerate(HEADERS)
    )  # fmt: skip
    cols = b"".join(
        b'<col min="' + str(i).encode() + b'" max="' + str(i).encode() + b'" width="'
        + str(w).encode() + b'" customWidth="1"/>'
        for i, w in enumerate(WIDTHS, start=1)
    )  # fmt: skip
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="' + _NS_MAIN + b'" xmlns:r="' + _NS_REL + b'">'
        b'<dimension ref="A1:G1"/>'
        b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        b'<sheetFormatPr defaultRowHeight="15"/><cols>' + cols + b"</cols>"
        b'<sheetData><row r="1">' + header + b"</row></sheetData>"
        b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        b'footer="0.3"/></worksheet>'
    )  # fmt: skip
