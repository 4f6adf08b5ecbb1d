from __future__ import annotations

from datetime import date, datetime

import pytest

from antq_tui.model.dates import format_date, from_serial, parse_date_text, to_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2023", date(2023, 3, 5)),  # day first: 5 March, never 3 May
        ("12/03/2021", date(2021, 3, 12)),
        ("12-03-2021", date(2021, 3, 12)),
        ("12/3/21", date(2021, 3, 12)),
        ("5.3.2021", date(2021, 3, 5)),
        ("2021-03-12", date(2021, 3, 12)),
        (" 01/12/2011 ", date(2011, 12, 1)),
    ],
)
def test_text_dates_are_day_first(text: str, expected: date) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "13/13/2021", "hôm qua", "2021", "12/2021", ""])
def test_impossible_or_partial_dates_are_refused(text: str) -> None:
    assert parse_date_text(text) is None


def test_serials_follow_the_workbook_date_system() -> None:
    assert from_serial(44267) == date(2021, 3, 12)  # 1900 system
    assert from_serial(42805, date1904=True) == date(2021, 3, 12)
    assert from_serial(1.5) is None
    assert from_serial(-3) is None


def test_to_date_accepts_cells_of_every_kind() -> None:
    assert to_date(datetime(2021, 3, 12, 8, 30)) == date(2021, 3, 12)
    assert to_date(date(2021, 3, 12)) == date(2021, 3, 12)
    assert to_date("12/03/2021") == date(2021, 3, 12)
    assert to_date(44267.0) == date(2021, 3, 12)
    assert to_date(True) is None


def test_format_date_is_dd_mm_yyyy() -> None:
    assert format_date(date(2021, 3, 5)) == "05/03/2021"
