"""Period totals: one pass, month by month, and the whole from its months."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from antq_tui.model.periods import parse_period
from antq_tui.report.totals import compute_totals, merge_totals, monthly_totals, totals_json
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.report_support import other_period, other_workbook, sample_workbook


@pytest.mark.parametrize(
    "request_",
    [
        {},
        {"half": "2021-H2"},
        {"cutoff": "nd09"},
        {"date_from": "10/02/2021", "date_to": "20/09/2021"},
    ],
)
def test_whole_from_months_equals_one_pass(request_: dict[str, str]) -> None:
    workbook = sample_workbook()
    period = parse_period(default_year=2021, **request_)  # type: ignore[arg-type]
    months = monthly_totals(workbook, period)
    assert totals_json(merge_totals(period, months)) == totals_json(
        compute_totals(workbook, period)
    )
    assert (
        sum(t.incidents.count for _, t in months)
        == compute_totals(workbook, period).incidents.count
    )


def test_other_commune_months_and_last_year(tmp_path: Path) -> None:
    workbook = other_workbook(tmp_path)
    period = other_period(workbook)
    months = monthly_totals(workbook, period)
    assert totals_json(merge_totals(period, months)) == totals_json(
        compute_totals(workbook, period)
    )
    # Last year's months: 15/12/2021 (Đánh nhau), 01/05/2022, 14/12/2022 -> Jan, May, Dec.
    previous = [(m.index, t.previous.count if t.previous else None) for m, t in months]
    assert previous[0] == (1, 1) and previous[4] == (5, 1) and previous[11] == (12, 1)
    assert previous[1] == (2, 0)  # the workbook holds last year: a real zero, not "unknown"


def test_undated_and_unlisted_values(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "x.xlsx",
        incidents=[
            {"date": date(2021, 1, 5), "village": "Tây Sơn", "category": "Cướp giật", "deaths": 2},
            {"date": "không rõ", "village": "Tây Sơn", "category": "Ma túy"},
            {"date": date(2021, 1, 6), "village": "Làng Lạ", "category": "Ma túy", "damage": 1.25},
        ],
        results=[{"date": date(2021, 2, 1), "indicator": "Chỉ tiêu mới", "quantity": 4}],
    )
    totals = compute_totals(load_workbook(path), parse_period(year=2021))
    data = totals_json(totals)
    assert data["incidents"]["count"] == 2 and totals.undated == 1
    assert list(data["incidents"]["by_category"])[-1] == "Cướp giật"  # after the Danh mục list
    assert data["incidents"]["by_category"]["Cướp giật"]["deaths"] == 2
    assert data["incidents"]["by_village"] == {
        "Tây Sơn": 1,
        "Đông Hòa": 0,
        "Bắc Sơn": 0,
        "Làng Lạ": 1,
    }
    assert data["incidents"]["damage"] == 1.25
    assert data["movement"]["Chỉ tiêu mới"] == 4
    assert data["previous"] is None
