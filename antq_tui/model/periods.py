"""Report periods: months, quarters, halves, years and custom ranges.

What a month is depends on ``Kỳ chốt số liệu``: the calendar month, or, per
Nghị định 09/2019/NĐ-CP, the 15th of the previous month to the 14th of the month
(a quarter then runs from the 15th of the month before it to the 14th of its last
month; the first half from 15/12 of the previous year to 14/6; the year from 15/12
of the previous year to 14/12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from antq_tui.model import schema
from antq_tui.model.dates import format_date, parse_date_text
from antq_tui.model.errors import AntqError
from antq_tui.model.text import fold_key

CALENDAR = "calendar"
ND09 = "nd09"

YEAR = "year"
HALF = "half"
QUARTER = "quarter"
MONTH = "month"
CUSTOM = "custom"

_ROMAN = ("I", "II", "III", "IV")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class Period:
    start: date  # inclusive
    end: date  # inclusive
    label: str  # "năm 2021", "tháng 3 năm 2021", "6 tháng đầu năm 2021"
    kind: str  # "year" | "half" | "quarter" | "month" | "custom"
    year: int = 0  # the period's year (custom: the end's year)
    index: int = 0  # month 1-12, quarter 1-4, half 1-2; 0 for year and custom
    cutoff: str = CALENDAR  # "calendar" | "nd09"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def range_text(self) -> str:
        """``từ ngày 15/02/2021 đến ngày 14/03/2021``."""
        return f"từ ngày {format_date(self.start)} đến ngày {format_date(self.end)}"

    @property
    def slug(self) -> str:
        """ASCII piece of a file name: ``nam-2021``, ``thang-03-2021``, ``quy-1-2021``."""
        if self.kind == YEAR:
            return f"nam-{self.year}"
        if self.kind == HALF:
            return f"6-thang-{'dau' if self.index == 1 else 'cuoi'}-{self.year}"
        if self.kind == QUARTER:
            return f"quy-{self.index}-{self.year}"
        if self.kind == MONTH:
            return f"thang-{self.index:02d}-{self.year}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def cutoff_key(setting: str | None) -> str:
    """The cut-off code for a ``Kỳ chốt số liệu`` value (calendar when blank or unknown)."""
    if setting and fold_key(setting) in (fold_key(schema.CUTOFF_ND09), ND09):
        return ND09
    return CALENDAR


def _check_year(year: int) -> int:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise AntqError(f"Năm {year} không hợp lệ; năm phải từ {_MIN_YEAR} đến {_MAX_YEAR}.")
    return year


def _month_start(year: int, month: int, cutoff: str) -> date:
    """First day of month ``month`` of ``year`` under ``cutoff``."""
    if cutoff == ND09:
        return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)
    return date(year, month, 1)


def _span(year: int, first_month: int, last_month: int, cutoff: str) -> tuple[date, date]:
    """From the start of ``first_month`` to the end of ``last_month`` of ``year``."""
    start = _month_start(year, first_month, cutoff)
    if last_month == 12:
        end = date(year, 12, 14) if cutoff == ND09 else date(year, 12, 31)
    else:
        end = _month_start(year, last_month + 1, cutoff) - timedelta(days=1)
    return start, end


def year_period(year: int, cutoff: str = CALENDAR) -> Period:
    start, end = _span(_check_year(year), 1, 12, cutoff)
    return Period(start, end, f"năm {year}", YEAR, year, 0, cutoff)


def half_period(year: int, half: int, cutoff: str = CALENDAR) -> Period:
    first = 1 if half == 1 else 7
    start, end = _span(_check_year(year), first, first + 5, cutoff)
    label = f"6 tháng {'đầu' if half == 1 else 'cuối'} năm {year}"
    return Period(start, end, label, HALF, year, half, cutoff)


def quarter_period(year: int, quarter: int, cutoff: str = CALENDAR) -> Period:
    first = 3 * (quarter - 1) + 1
    start, end = _span(_check_year(year), first, first + 2, cutoff)
    return Period(
        start, end, f"quý {_ROMAN[quarter - 1]} năm {year}", QUARTER, year, quarter, cutoff
    )


def month_period(year: int, month: int, cutoff: str = CALENDAR) -> Period:
    start, end = _span(_check_year(year), month, month, cutoff)
    return Period(start, end, f"tháng {month} năm {year}", MONTH, year, month, cutoff)


def custom_period(start: date, end: date, cutoff: str = CALENDAR) -> Period:
    if end < start:
        raise AntqError(
            f"Ngày bắt đầu {format_date(start)} sau ngày kết thúc {format_date(end)}; "
            "hãy đổi lại --from/--tu và --to/--den."
        )
    label = f"từ ngày {format_date(start)} đến ngày {format_date(end)}"
    return Period(start, end, label, CUSTOM, end.year, 0, cutoff)


_MONTH = re.compile(r"(\d{4})\s*-\s*(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})\s*-\s*(?:Q|QUÝ|QUY)\s*([1-4])", re.IGNORECASE)
_HALF = re.compile(r"(\d{4})\s*-\s*H\s*([12])", re.IGNORECASE)


def _parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.fullmatch(text.strip())
    number = match.group(2) if match else text.strip()
    if number.isdigit() and not 1 <= int(number) <= 12:
        raise AntqError(
            f"Tháng “{text}” không hợp lệ: tháng phải từ 1 đến 12, ghi kèm năm theo dạng "
            "NNNN-TT, ví dụ 2021-03."
        )
    if not match:
        raise AntqError(f"Tháng “{text}” không hợp lệ; ghi theo dạng NNNN-TT, ví dụ 2021-03.")
    return int(match.group(1)), int(match.group(2))


def _parse_quarter(text: str) -> tuple[int, int]:
    match = _QUARTER.fullmatch(text.strip())
    if not match:
        raise AntqError(f"Quý “{text}” không hợp lệ; ghi theo dạng NNNN-Qn, ví dụ 2021-Q1.")
    return int(match.group(1)), int(match.group(2))


def _parse_half(text: str) -> tuple[int, int]:
    match = _HALF.fullmatch(text.strip())
    if not match:
        raise AntqError(
            f"Kỳ 6 tháng “{text}” không hợp lệ; ghi 2021-H1 (6 tháng đầu) hoặc 2021-H2 (6 tháng cuối)."
        )
    return int(match.group(1)), int(match.group(2))


def _parse_day(text: str | date, option: str) -> date:
    if isinstance(text, date):
        return text
    parsed = parse_date_text(text)
    if parsed is None:
        raise AntqError(
            f"Ngày “{text}” của {option} không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2021."
        )
    return parsed


def parse_period(
    *,
    month: str | None = None,
    quarter: str | None = None,
    half: str | None = None,
    year: int | str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    cutoff: str | None = None,
    default_year: int | None = None,
) -> Period:
    """The period the user asked for; the year ``default_year`` when none was given.

    ``cutoff`` is "calendar", "nd09" or a ``Kỳ chốt số liệu`` value; blank means calendar.
    Raises AntqError (Vietnamese) for a malformed or ambiguous request.
    """
    code = cutoff_key(cutoff)
    given = [
        name
        for name, value in (
            ("--month/--thang", month),
            ("--quarter/--quy", quarter),
            ("--half/--nua-nam", half),
            ("--year/--nam", year),
            ("--from/--tu và --to/--den", date_from or date_to),
        )
        if value not in (None, "")
    ]
    if len(given) > 1:
        raise AntqError(f"Chỉ chọn một kỳ báo cáo; đã chọn cùng lúc {', '.join(given)}.")
    if month:
        return month_period(*_parse_month(month), code)
    if quarter:
        return quarter_period(*_parse_quarter(quarter), code)
    if half:
        return half_period(*_parse_half(half), code)
    if date_from or date_to:
        if not (date_from and date_to):
            raise AntqError(
                "Kỳ tùy chọn cần cả --from/--tu và --to/--den, ví dụ --tu 01/03/2021 --den 31/05/2021."
            )
        return custom_period(
            _parse_day(date_from, "--from/--tu"), _parse_day(date_to, "--to/--den"), code
        )
    if year not in (None, ""):
        try:
            number = int(str(year).strip())
        except ValueError:
            raise AntqError(f"Năm “{year}” không hợp lệ; ghi bốn chữ số, ví dụ 2021.") from None
        return year_period(number, code)
    if default_year is None:
        raise AntqError(
            "Chưa biết kỳ báo cáo: trang Thông tin chung chưa ghi Năm báo cáo; "
            "hãy ghi năm vào đó hoặc chọn một kỳ: --year/--nam, --month/--thang, --quarter/--quy, "
            "--half/--nua-nam, --from/--tu và --to/--den."
        )
    return year_period(default_year, code)


def _same_day_a_year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def shift_years(period: Period, years: int) -> Period:
    """The same period ``years`` years later (negative: earlier)."""
    if period.kind == YEAR:
        return year_period(period.year + years, period.cutoff)
    if period.kind == HALF:
        return half_period(period.year + years, period.index, period.cutoff)
    if period.kind == QUARTER:
        return quarter_period(period.year + years, period.index, period.cutoff)
    if period.kind == MONTH:
        return month_period(period.year + years, period.index, period.cutoff)
    start, end = period.start, period.end
    for _ in range(abs(years)):
        if years < 0:
            start, end = _same_day_a_year_earlier(start), _same_day_a_year_earlier(end)
        else:
            start, end = _add_year(start), _add_year(end)
    return custom_period(start, end, period.cutoff)


def _add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def previous_year(period: Period) -> Period:
    """The same period one year earlier ("cùng kỳ năm trước")."""
    return shift_years(period, -1)


def next_period(period: Period) -> Period | None:
    """The period a report's "phương hướng" looks ahead to; None for a custom range."""
    if period.kind == YEAR:
        return year_period(period.year + 1, period.cutoff)
    if period.kind == HALF:
        if period.index == 1:
            return half_period(period.year, 2, period.cutoff)
        return year_period(period.year + 1, period.cutoff)
    if period.kind == QUARTER:
        if period.index == 4:
            return quarter_period(period.year + 1, 1, period.cutoff)
        return quarter_period(period.year, period.index + 1, period.cutoff)
    if period.kind == MONTH:
        if period.index == 12:
            return month_period(period.year + 1, 1, period.cutoff)
        return month_period(period.year, period.index + 1, period.cutoff)
    return None


def months_in(period: Period) -> list[Period]:
    """The months (under the period's cut-off) that make up ``period``.

    A custom range gets every month it touches, clipped to the range.
    """
    if period.kind == MONTH:
        return [period]
    months: list[Period] = []
    year, month = _month_containing(period.start, period.cutoff)
    while True:
        whole = month_period(year, month, period.cutoff)
        if whole.start > period.end:
            break
        if period.kind == CUSTOM and (whole.start < period.start or whole.end > period.end):
            start, end = max(whole.start, period.start), min(whole.end, period.end)
            months.append(replace(whole, start=start, end=end, label=f"{whole.label} (một phần)"))
        else:
            months.append(whole)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_containing(day: date, cutoff: str) -> tuple[int, int]:
    """(year, month) of the month that holds ``day`` under ``cutoff``."""
    if cutoff == ND09 and day.day >= 15:
        return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.year, day.month
