"""Periods: calendar and Nghị định 09/2019 cut-offs, parsing, edges."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from antq_tui.model import schema
from antq_tui.model.errors import AntqError
from antq_tui.model.periods import (
    CALENDAR,
    ND09,
    cutoff_key,
    months_in,
    next_period,
    parse_period,
    previous_year,
)


def test_calendar_month_runs_first_to_last_day() -> None:
    feb = parse_period(month="2024-02")
    assert (feb.start, feb.end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert feb.label == "tháng 2 năm 2024"
    assert (feb.kind, feb.year, feb.index) == ("month", 2024, 2)
    dec = parse_period(month="2021-12")
    assert dec.end == date(2021, 12, 31)


def test_nd09_month_runs_15th_to_14th() -> None:
    march = parse_period(month="2021-03", cutoff="nd09")
    assert (march.start, march.end) == (date(2021, 2, 15), date(2021, 3, 14))
    january = parse_period(month="2021-01", cutoff=ND09)
    assert (january.start, january.end) == (date(2020, 12, 15), date(2021, 1, 14))


def test_nd09_edges_14th_and_15th() -> None:
    march = parse_period(month="2021-03", cutoff=ND09)
    april = parse_period(month="2021-04", cutoff=ND09)
    assert date(2021, 3, 14) in march and date(2021, 3, 14) not in april
    assert date(2021, 3, 15) in april and date(2021, 3, 15) not in march
    assert date(2021, 2, 14) not in march and date(2021, 2, 15) in march
    # The same days under the calendar: both in March.
    calendar_march = parse_period(month="2021-03")
    assert date(2021, 3, 14) in calendar_march and date(2021, 3, 15) in calendar_march
    assert date(2021, 2, 28) not in calendar_march


def test_nd09_quarter_half_and_year() -> None:
    q1 = parse_period(quarter="2021-Q1", cutoff=ND09)
    assert (q1.start, q1.end) == (date(2020, 12, 15), date(2021, 3, 14))
    q4 = parse_period(quarter="2021-Q4", cutoff=ND09)
    assert (q4.start, q4.end) == (date(2021, 9, 15), date(2021, 12, 14))
    h1 = parse_period(half="2021-H1", cutoff=ND09)
    assert (h1.start, h1.end) == (date(2020, 12, 15), date(2021, 6, 14))
    h2 = parse_period(half="2021-H2", cutoff=ND09)
    assert (h2.start, h2.end) == (date(2021, 6, 15), date(2021, 12, 14))
    year = parse_period(year=2021, cutoff=ND09)
    assert (year.start, year.end) == (date(2020, 12, 15), date(2021, 12, 14))


def test_calendar_quarter_half_year_and_labels() -> None:
    q2 = parse_period(quarter="2021-q2")
    assert (q2.start, q2.end, q2.label) == (date(2021, 4, 1), date(2021, 6, 30), "quý II năm 2021")
    h1 = parse_period(half="2021-H1")
    assert (h1.start, h1.end, h1.label) == (
        date(2021, 1, 1),
        date(2021, 6, 30),
        "6 tháng đầu năm 2021",
    )
    assert parse_period(half="2021-h2").label == "6 tháng cuối năm 2021"
    year = parse_period(default_year=2021)
    assert (year.start, year.end, year.label, year.kind) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
        "năm 2021",
        "year",
    )


def test_custom_range_typed_day_first() -> None:
    # 05/03 is the 5th of March, never the 3rd of May.
    period = parse_period(date_from="05/03/2021", date_to="20/04/2021")
    assert (period.start, period.end) == (date(2021, 3, 5), date(2021, 4, 20))
    assert period.label == "từ ngày 05/03/2021 đến ngày 20/04/2021"
    assert period.kind == "custom"


def test_cutoff_from_the_workbook_setting() -> None:
    assert cutoff_key(schema.CUTOFF_ND09) == ND09
    assert cutoff_key("nghị định 09/2019") == ND09
    assert cutoff_key(schema.CUTOFF_CALENDAR) == CALENDAR
    assert cutoff_key("") == CALENDAR
    period = parse_period(month="2021-03", cutoff=schema.CUTOFF_ND09)
    assert period.start == date(2021, 2, 15)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"month": "2021-13"}, "Tháng “2021-13” không hợp lệ"),
        ({"month": "03/2021"}, "NNNN-TT"),
        ({"quarter": "2021-Q5"}, "Quý “2021-Q5”"),
        ({"half": "2021-H3"}, "2021-H1"),
        ({"year": "hai nghìn"}, "Năm “hai nghìn”"),
        ({"year": 1800}, "Năm 1800 không hợp lệ"),
        ({"date_from": "01/03/2021"}, "cần cả --from/--tu và --to/--den"),
        ({"date_from": "31/05/2021", "date_to": "01/03/2021"}, "sau ngày kết thúc"),
        ({"date_from": "32/05/2021", "date_to": "01/06/2021"}, "“32/05/2021” của --from"),
        ({"month": "2021-03", "year": 2021}, "Chỉ chọn một kỳ"),
        ({}, "Năm báo cáo"),
    ],
)
def test_bad_requests_say_what_is_wrong(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(AntqError) as caught:
        parse_period(**kwargs)  # type: ignore[arg-type]
    assert needle in caught.value.message


def test_previous_year_keeps_kind_and_cutoff() -> None:
    march = parse_period(month="2021-03", cutoff=ND09)
    before = previous_year(march)
    assert (before.start, before.end, before.label) == (
        date(2020, 2, 15),
        date(2020, 3, 14),
        "tháng 3 năm 2020",
    )
    leap = parse_period(date_from="29/02/2024", date_to="15/03/2024")
    assert (previous_year(leap).start, previous_year(leap).end) == (
        date(2023, 2, 28),
        date(2023, 3, 15),
    )


def test_next_period_for_the_outlook() -> None:
    assert next_period(parse_period(year=2021)).label == "năm 2022"  # type: ignore[union-attr]
    assert next_period(parse_period(half="2021-H1")).label == "6 tháng cuối năm 2021"  # type: ignore[union-attr]
    assert next_period(parse_period(quarter="2021-Q4")).label == "quý I năm 2022"  # type: ignore[union-attr]
    assert next_period(parse_period(month="2021-12")).label == "tháng 1 năm 2022"  # type: ignore[union-attr]
    assert next_period(parse_period(date_from="01/01/2021", date_to="02/02/2021")) is None


def test_months_in_cover_the_period_without_gaps() -> None:
    for cutoff in (CALENDAR, ND09):
        year = parse_period(year=2021, cutoff=cutoff)
        months = months_in(year)
        assert [m.index for m in months] == list(range(1, 13))
        assert months[0].start == year.start and months[-1].end == year.end
        for before, after in pairwise(months):
            assert (after.start - before.end).days == 1
    custom = months_in(parse_period(date_from="10/03/2021", date_to="05/05/2021"))
    assert [(m.start, m.end) for m in custom] == [
        (date(2021, 3, 10), date(2021, 3, 31)),
        (date(2021, 4, 1), date(2021, 4, 30)),
        (date(2021, 5, 1), date(2021, 5, 5)),
    ]
    assert custom[0].label == "tháng 3 năm 2021 (một phần)"


def test_nd09_months_of_a_year_run_from_the_15th_to_the_14th() -> None:
    months = months_in(parse_period(year=2021, cutoff=ND09))
    assert len(months) == 12
    assert (months[0].start, months[0].end) == (date(2020, 12, 15), date(2021, 1, 14))
    assert (months[1].start, months[11].end) == (date(2021, 1, 15), date(2021, 12, 14))
    assert all(a.end + timedelta(days=1) == b.start for a, b in pairwise(months))
