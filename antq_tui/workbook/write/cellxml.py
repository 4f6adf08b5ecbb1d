"""One cell's XML: cell references, writing a typed value, reading an old one.

New text is written as an inline string (``t="inlineStr"``): it needs no change
to the shared-string table, Excel and LibreOffice read it, and it can never be
taken for a formula, so text starting with "=" stays text. Characters XML cannot
hold are removed; Excel's ``_xHHHH_`` escapes are applied so text that happens to
look like one survives.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from antq_tui.model import schema
from antq_tui.model.errors import SaveFailed
from antq_tui.model.records import column_letter
from antq_tui.model.text import strip_control

MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_EXCEL_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_FIRST_1900_SERIAL_DATE = date(1900, 3, 1)  # before it, Excel's 1900 leap-year bug shifts days


class CellValueError(SaveFailed):
    """A value cannot be written into a cell (too long, not a finite number, ...)."""


@lru_cache(maxsize=4096)
def column_number(letters: bytes | str) -> int:
    """A -> 1, Z -> 26, AA -> 27."""
    number = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + ch - 64
    return number


def cell_ref(row: int, column: int) -> str:
    """Row 5, column 3 (1-based) -> "C5"."""
    return f"{_letters(column)}{row}"


@lru_cache(maxsize=4096)
def _letters(column: int) -> str:
    return column_letter(column - 1)


def split_ref(ref: bytes | str) -> tuple[int, int]:
    """b"C5" -> (row 5, column 3)."""
    match = _REF.fullmatch(ref.encode() if isinstance(ref, str) else ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_number(match.group(1))


def escape_text(text: str) -> bytes:
    """Text as the content of a ``<t>`` element."""
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("\r", "_x000D_")
    return html.escape(text, quote=False).encode("utf-8")


def unescape_text(raw: bytes) -> str:
    text = html.unescape(raw.decode("utf-8"))
    if "_x" in text:
        text = _EXCEL_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def clean_cell_text(value: str) -> str:
    """What a text cell will hold: NFC, no control characters, Windows line ends unified."""
    text = unicodedata.normalize("NFC", value)
    if not text.isprintable():
        text = strip_control(text).replace("\r\n", "\n")
    if len(text) > MAX_CELL_TEXT:
        raise CellValueError(
            f"Nội dung dài {len(text)} ký tự, quá giới hạn {MAX_CELL_TEXT} ký tự của một ô Excel."
        )
    return text


def to_serial(value: date | datetime, date1904: bool) -> float:
    """A date as Excel's serial day number in the workbook's date system."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    if moment.tzinfo is not None:
        moment = moment.replace(tzinfo=None)
    day = moment.date()
    if date1904:
        if day < date(1904, 1, 1):
            raise CellValueError(
                f"Ngày {day:%d/%m/%Y} ở trước năm 1904, sổ này (hệ ngày 1904) không ghi được."
            )
        delta = moment - _EPOCH_1904
    else:
        if day < _FIRST_1900_SERIAL_DATE:
            raise CellValueError(f"Ngày {day:%d/%m/%Y} quá sớm, Excel không ghi được.")
        delta = moment - _EPOCH_1900
    return delta / timedelta(days=1)


@dataclass(frozen=True)
class CellValue:
    """A typed value ready to be written: what goes in the cell, and how."""

    kind: str  # "blank" | "number" | "text" | "date" | "datetime"
    xml: bytes  # the children of <c> (without prefix placeholders filled)
    text: str  # how it reads to a clerk (for the audit log)
    expected: Any  # what python-calamine reads back from the saved cell


def encode(value: Any, date1904: bool) -> CellValue:
    """A typed value as cell content. ``{p}`` in ``xml`` stands for the element prefix."""
    if value is None or (isinstance(value, str) and value == ""):
        return CellValue("blank", b"", "", "")
    if isinstance(value, bool):
        value = schema.YES if value else schema.NO
    if isinstance(value, datetime | date):
        serial = to_serial(value, date1904)
        number = _number_text(serial)
        if isinstance(value, datetime):
            text = value.strftime("%d/%m/%Y %H:%M:%S")
            moment = value.replace(tzinfo=None, microsecond=0)
            return CellValue("datetime", b"<{p}v>" + number + b"</{p}v>", text, moment)
        return CellValue("date", b"<{p}v>" + number + b"</{p}v>", f"{value:%d/%m/%Y}", value)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellValueError(f"Giá trị {value} không phải một số ghi được vào ô.")
        number = _number_text(value)
        return CellValue("number", b"<{p}v>" + number + b"</{p}v>", number.decode(), float(value))
    if isinstance(value, str):
        text = clean_cell_text(value)
        if text == "":
            return CellValue("blank", b"", "", "")
        space = b' xml:space="preserve"' if text != text.strip() or "\n" in text else b""
        xml = b"<{p}is><{p}t" + space + b">" + escape_text(text) + b"</{p}t></{p}is>"
        return CellValue("text", xml, text, text)
    raise CellValueError(f"Không ghi được giá trị kiểu {type(value).__name__} vào ô.")


def _number_text(number: float) -> bytes:
    if isinstance(number, int) or (float(number).is_integer() and abs(number) < 1e15):
        return str(int(number)).encode()
    return repr(float(number)).encode()


def shown(value: Any) -> str:
    """A value as messages and tables show it: text in quotes so stray spaces are visible."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return schema.YES if value else schema.NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return "“" + value.replace("\n", "⏎") + "”"
    return str(value)


# ---------------------------------------------------------------- reading old cells
_TEXT_RUN = re.compile(
    rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>|<(?:\w+:)?t(?:\s[^>]*)?/>", re.S
)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)


def rich_text(fragment: bytes) -> str:
    """The text of an ``<si>`` or ``<is>`` element (runs joined, phonetic hints left out)."""
    fragment = _PHONETIC.sub(b"", fragment)
    return "".join(unescape_text(m.group(1) or b"") for m in _TEXT_RUN.finditer(fragment))


def raw_value(body: bytes) -> bytes | None:
    match = _VALUE.search(body)
    return None if match is None else match.group(1)
