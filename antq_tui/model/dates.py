"""Dates as staff type them: real date cells, or text written day-first."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_EXCEL_1900 = date(1899, 12, 30)
_EXCEL_1904 = date(1904, 1, 1)
# Serial numbers that can be a date a commune records (1900-01-01 .. 9999-12-31).
_MAX_SERIAL = 2958465


@lru_cache(maxsize=4096)
def parse_date_text(text: str) -> date | None:
    """Read ``12/03/2021`` as 12 March 2021 (also ``12-3-21``, ``12.03.2021``, ISO)."""
    text = text.strip()
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = _DAY_FIRST.fullmatch(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def from_serial(serial: float, date1904: bool = False) -> date | None:
    """An Excel serial day number as a date, in the workbook's date system."""
    if not 1 <= serial <= _MAX_SERIAL or serial != int(serial):
        return None
    return (_EXCEL_1904 if date1904 else _EXCEL_1900) + timedelta(days=int(serial))


def to_date(value: object, date1904: bool = False) -> date | None:
    """Any cell value as a date; None when it cannot be one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_serial(value, date1904)
    return None


def format_date(value: date) -> str:
    """dd/mm/yyyy, the way staff read and type dates."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
