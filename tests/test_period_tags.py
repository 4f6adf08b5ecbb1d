"""Kỳ báo cáo cells: the spellings staff use, the nearest valid form, the year to date."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from antq_tui.model.period_tags import PeriodTag, read_tag, tag_of, year_to_date
from antq_tui.model.periods import CALENDAR, ND09, parse_period, previous_year

YEAR_2023 = PeriodTag("year", 2023)
Q1 = PeriodTag("quarter", 2023, 1)
MARCH = PeriodTag("month", 2023, 3)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Năm 2023", YEAR_2023),
        ("năm  2023 ", YEAR_2023),
        ("6 tháng đầu năm 2023", PeriodTag("half", 2023, 1)),
        ("6 THÁNG CUỐI NĂM 2023", PeriodTag("half", 2023, 2)),
        ("Quý I năm 2023", Q1),
        ("Quý I/2023", Q1),
        ("quý 1/2023", Q1),
        ("QUÝ  IV / 2023", PeriodTag("quarter", 2023, 4)),
        ("Quí II năm 2023", PeriodTag("quarter", 2023, 2)),  # the old spelling of quý
        ("Tháng 3 năm 2023", MARCH),
        ("Tháng 3/2023", MARCH),
        ("tháng 03/2023", MARCH),
        ("03/2023", MARCH),
        ("12-2023", PeriodTag("month", 2023, 12)),
        # Decomposed Unicode (macOS, some Windows keyboards) reads the same.
        (unicodedata.normalize("NFD", "Tháng 3 năm 2023"), MARCH),
    ],
)
def test_the_spellings_staff_use(text: str, tag: PeriodTag) -> None:
    reading = read_tag(text)
    assert reading.tag == tag
    assert reading.exact and reading.suggestion is None


def test_a_tag_names_the_same_period_under_either_cut_off() -> None:
    assert MARCH.period(CALENDAR) == parse_period(month="2023-03")
    nd09 = MARCH.period(ND09)
    assert (nd09.start, nd09.end) == (date(2023, 2, 15), date(2023, 3, 14))
    assert tag_of(nd09) == tag_of(parse_period(month="2023-03")) == MARCH
    assert tag_of(parse_period(date_from="01/03/2023", date_to="31/05/2023")) is None
    assert [t.text for t in (YEAR_2023, Q1, MARCH, PeriodTag("half", 2023, 2))] == [
        "Năm 2023",
        "Quý I năm 2023",
        "Tháng 3 năm 2023",
        "6 tháng cuối năm 2023",
    ]


def test_without_diacritics_it_is_understood_but_not_exact() -> None:
    """Like "Dai Luong" for "Đại Lương": read, flagged, and the right spelling suggested."""
    for text, suggestion in (
        ("Quy I/2023", "Quý I năm 2023"),
        ("Thang 3/2023", "Tháng 3 năm 2023"),
        ("6 thang dau nam 2023", "6 tháng đầu năm 2023"),
    ):
        reading = read_tag(text)
        assert reading.tag is not None and not reading.exact
        assert reading.suggestion == suggestion


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        ("Quý 5/2023", "Quý IV năm 2023"),
        ("tháng 13/2023", "Tháng 12 năm 2023"),
        ("6 tháng giữa năm 2023", "6 tháng đầu năm 2023"),
        ("quý hai", "Quý I năm 2021"),  # no year: the report year completes it
        ("báo cáo cuối năm", "Năm 2021"),
    ],
)
def test_a_text_naming_no_period_gets_the_nearest_valid_form(text: str, nearest: str) -> None:
    reading = read_tag(text, default_year=2021)
    assert reading.tag is None and not reading.exact
    assert reading.suggestion == nearest


def test_year_to_date_starts_the_year_by_the_cut_off() -> None:
    march = parse_period(month="2021-03")
    ytd = year_to_date(march)
    assert ytd is not None and (ytd.start, ytd.end) == (date(2021, 1, 1), date(2021, 3, 31))
    # Nghị định 09/2019: the year starts on 15 December of the year before.
    nd09 = year_to_date(parse_period(month="2021-03", cutoff=ND09))
    assert nd09 is not None and (nd09.start, nd09.end) == (date(2020, 12, 15), date(2021, 3, 14))
    q3 = year_to_date(parse_period(quarter="2021-Q3", cutoff=ND09))
    assert q3 is not None and (q3.start, q3.end) == (date(2020, 12, 15), date(2021, 9, 14))
    # Last year's: built from last year's month, so February ends on the 29th in a leap year.
    feb = year_to_date(previous_year(parse_period(month="2025-02")))
    assert feb is not None and (feb.start, feb.end) == (date(2024, 1, 1), date(2024, 2, 29))
    for other in (
        parse_period(year="2021"),
        parse_period(half="2021-H1"),
        parse_period(date_from="01/03/2021", date_to="31/05/2021"),
    ):
        assert year_to_date(other) is None


def test_a_huge_cell_is_no_period_and_is_read_in_bounded_time() -> None:
    """A hostile file's 32,000-character cell: refused at once, never cached whole."""
    text = "Quý " + " " * 16_000 + "I/2023" + "x" * 16_000
    reading = read_tag(text, default_year=2023)
    assert reading.tag is None and reading.suggestion == "Quý I năm 2023"
    assert read_tag("Quý I/2023" + " " * 100).tag is None  # no period is that long
