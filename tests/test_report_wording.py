"""Numbers, dates and lists written the Vietnamese administrative way."""

from __future__ import annotations

from datetime import date

import pytest

from antq_tui.report.vietnamese import (
    amount,
    count,
    decree_date,
    join,
    lower_first,
    percent,
    strip_end_punctuation,
)
from antq_tui.report.wording import fill_number


@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "00"), (1, "01"), (7, "07"), (9, "09"), (10, "10"), (14, "14"), (1250, "1.250")],
)
def test_counts_below_ten_are_zero_padded(number: int, text: str) -> None:
    assert count(number) == text


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (6, 7, "85,7%"),
        (7, 7, "100%"),
        (3, 4, "75%"),
        (1, 3, "33,3%"),
        (2, 3, "66,7%"),
        (0, 5, "0%"),
    ],
)
def test_percent_uses_a_decimal_comma(numerator: int, denominator: int, text: str) -> None:
    assert percent(numerator, denominator) == text


def test_amounts() -> None:
    assert amount(39.5) == "39,5"
    assert amount(120) == "120"
    assert amount(1500.75) == "1.500,8"
    assert amount(2000000) == "2.000.000"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2022, 1, 5), "ngày 05 tháng 01 năm 2022"),
        (date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
        (date(2022, 6, 29), "ngày 29 tháng 6 năm 2022"),
        (date(2021, 12, 15), "ngày 15 tháng 12 năm 2021"),
        (date(2021, 3, 9), "ngày 09 tháng 3 năm 2021"),
    ],
)
def test_dates_follow_decree_30(day: date, text: str) -> None:
    assert decree_date(day) == text


def test_join_and_case() -> None:
    assert join([]) == ""
    assert join(["Đại Lương"]) == "Đại Lương"
    assert join(["Đại Lương", "Lai Hà"]) == "Đại Lương và Lai Hà"
    assert join(["Đại Lương", "Phong Lâm", "Lai Hà"]) == "Đại Lương, Phong Lâm và Lai Hà"
    assert lower_first("Tự ngã") == "tự ngã"
    assert lower_first("Đuối nước") == "đuối nước"
    assert lower_first("UBND xã xử lý") == "UBND xã xử lý"
    assert lower_first("ANTT") == "ANTT"
    assert strip_end_punctuation(" Say rượu. ") == "Say rượu"


def test_number_slot_in_indicator_phrases() -> None:
    assert fill_number("cung cấp {số} nguồn tin", 20) == "cung cấp 20 nguồn tin"
    assert fill_number("lập {Số} hồ sơ", 1) == "lập 01 hồ sơ"
    assert fill_number("lập { so } hồ sơ", 3) == "lập 03 hồ sơ"
    assert fill_number("tổ chức tuần tra", 4) == "tổ chức tuần tra (04)"
