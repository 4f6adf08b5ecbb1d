"""Numbers, dates and lists written the way Vietnamese administrative reports write them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from antq_tui.model.text import format_decimal, format_int


def count(number: int) -> str:
    """A count in a report sentence: "01" .. "09" below ten, "14", "1.250"."""
    return f"{number:02d}" if 0 <= number < 10 else format_int(number)


def percent(numerator: float, denominator: float) -> str:
    """``85,7%``; a whole rate without decimals (``100%``)."""
    rate = round(100 * numerator / denominator, 1) if denominator else 0.0
    if rate.is_integer():
        return f"{int(rate)}%"
    return f"{format_decimal(rate, 1)}%"


def amount(number: float) -> str:
    """``39,5`` (million đồng), grouping thousands with dots."""
    if float(number).is_integer():
        return format_int(int(number))
    return format_decimal(number, 1).rstrip("0").rstrip(",")


def decree_date(day: date) -> str:
    """``ngày 05 tháng 01 năm 2022``, ``ngày 29 tháng 6 năm 2022`` (Nghị định 30/2020).

    Days below 10 and months 1 and 2 take a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def join(items: Sequence[str], last: str = "và") -> str:
    """``a``, ``a và b``, ``a, b và c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name in capitals.

    "Trộm xe máy" -> "trộm xe máy"; "ANTT ..." and "UBND ..." stay.
    """
    text = text.strip()
    if len(text) < 2 or not text[0].isupper():
        return text
    first_word = text.split(maxsplit=1)[0]
    if len(first_word) > 1 and first_word[1].isupper():
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_end_punctuation(text: str) -> str:
    return text.strip().rstrip(".;,:").strip()
