"""Period totals: one pass, month by month, and the whole from its months."""

from __future__ import annotations

from dataclasses import replace
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


# ------------------------------------------------------------------ standing figures
def _foreigners(day: date, quantity: int, village: str | None = None) -> dict[str, object]:
    row: dict[str, object] = {
        "date": day,
        "indicator": "Người nước ngoài tạm trú được quản lý",
        "quantity": quantity,
    }
    if village:
        row["village"] = village
    return row


def test_a_standing_indicator_is_as_at_the_end_of_each_quarter(tmp_path: Path) -> None:
    """Foreigners under management: the latest count on or before the period's end (per
    village), never a sum; flows in the same workbook still add up inside the period."""
    path = factory.write(
        tmp_path / "x.xlsx",
        results=[
            _foreigners(date(2020, 11, 2), 4),  # last year's count still stands in January
            _foreigners(date(2021, 2, 10), 6, "Tây Sơn"),
            _foreigners(date(2021, 2, 10), 3, "Đông Hòa"),
            _foreigners(date(2021, 5, 20), 5, "Tây Sơn"),  # Đông Hòa's 3 still stand
            _foreigners(date(2021, 11, 30), 0, "Đông Hòa"),
            {"date": date(2021, 2, 1), "indicator": "Buổi tuyên truyền", "quantity": 2},
            {"date": date(2021, 8, 1), "indicator": "Buổi tuyên truyền", "quantity": 3},
        ],
    )
    workbook = load_workbook(path)
    name = "Người nước ngoài tạm trú được quản lý"
    as_at = {
        q: compute_totals(workbook, parse_period(quarter=f"2021-Q{q}")).movement[name]
        for q in range(1, 5)
    }
    # Q1: Tây Sơn 6 + Đông Hòa 3, plus the commune-wide 4 (no village) of 2020.
    assert as_at == {1: 13, 2: 12, 3: 12, 4: 9}
    january = compute_totals(workbook, parse_period(month="2021-01"))
    assert january.movement[name] == 4
    year = compute_totals(workbook, parse_period(year=2021))
    assert year.movement[name] == 9 and year.movement["Buổi tuyên truyền"] == 5
    assert name in year.standing and "Buổi tuyên truyền" not in year.standing
    # Month by month and the whole from its months agree: the whole takes the last month.
    period = parse_period(year=2021)
    months = monthly_totals(workbook, period)
    assert [t.movement[name] for _, t in months][:3] == [4, 13, 13]
    assert totals_json(merge_totals(period, months)) == totals_json(year)


# ------------------------------------------------------------------ year to date
def test_month_and_quarter_add_the_year_to_date_with_its_own_comparison(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "x.xlsx",
        year=2022,
        settings={"cutoff": "Nghị định 09/2019", "data_from": date(2020, 12, 15)},
        incidents=[
            _incident(date(2020, 12, 20)),  # last year's year to date (from 15/12/2020)
            _incident(date(2021, 2, 3), deaths=1),
            _incident(date(2021, 12, 14)),  # last year's December (under ND 09)
            _incident(date(2021, 12, 15)),  # this year's January, and its year to date
            _incident(date(2022, 2, 20), injuries=2),
            _incident(date(2022, 3, 14)),
            _incident(date(2022, 3, 15)),  # April under ND 09: not in March's year to date
        ],
    )
    workbook = load_workbook(path)
    march = compute_totals(workbook, parse_period(month="2022-03", cutoff="nd09"))
    ytd = march.year_to_date
    assert ytd is not None
    assert (ytd.period.start, ytd.period.end) == (date(2021, 12, 15), date(2022, 3, 14))
    assert (ytd.incidents.count, ytd.incidents.injuries) == (3, 2)
    assert ytd.previous is not None and ytd.previous.count == 2  # 20/12/2020 and 03/02/2021
    data = totals_json(march)
    assert set(data["year_to_date"]) == set(data["incidents"])  # same shape as "incidents"
    assert data["year_to_date"]["count"] == 3
    assert data["year_to_date_previous"] == {"count": 2, "deaths": 1, "injuries": 0}
    # A year or a half has no year to date; its JSON keeps the shape it had.
    assert set(totals_json(compute_totals(workbook, parse_period(year=2022)))) == {
        "period",
        "incidents",
        "movement",
        "previous",
    }


# ------------------------------------------------------------------ cùng kỳ
def _incident(day: date, **extra: object) -> dict[str, object]:
    return {"date": day, "village": "Tây Sơn", "category": "Khác", **extra}


@pytest.mark.parametrize(
    ("rows", "settings", "previous"),
    [
        # Zero this year, one last year: compared.
        ([_incident(date(2021, 1, 1)), _incident(date(2021, 3, 5))], {}, 1),
        # Zero last year (the first row is before last March): compared too.
        ([_incident(date(2021, 1, 1)), _incident(date(2022, 3, 5))], {}, 0),
        # The workbook starts this year: nothing is known of last year.
        ([_incident(date(2022, 1, 2)), _incident(date(2022, 3, 5))], {}, None),
        # Records begin inside last year's March: its first days are unknown.
        ([_incident(date(2021, 3, 10)), _incident(date(2022, 3, 5))], {}, None),
        # ... unless Số liệu từ ngày says the records cover them.
        ([_incident(date(2022, 3, 5))], {"data_from": date(2021, 3, 1)}, 0),
        ([_incident(date(2022, 3, 5))], {"data_from": date(2021, 3, 2)}, None),
    ],
)
def test_cùng_kỳ_whenever_the_records_reach_back(
    tmp_path: Path, rows: list[dict[str, object]], settings: dict[str, object], previous: int | None
) -> None:
    path = factory.write(tmp_path / "x.xlsx", year=2022, incidents=rows, settings=settings)
    totals = compute_totals(load_workbook(path), parse_period(month="2022-03"))
    assert (None if totals.previous is None else totals.previous.count) == previous


def test_the_loaders_earliest_date_holds_only_for_the_rows_it_loaded(tmp_path: Path) -> None:
    """The reader notes each dated sheet's earliest date (no extra pass at 100k rows); rows
    laid over by an edit session are a new list, whose earliest is computed again."""
    import copy
    from dataclasses import replace

    from antq_tui.report.totals import earliest_day

    path = factory.write(
        tmp_path / "x.xlsx",
        year=2022,
        incidents=[_incident(date(2022, 3, 5)), _incident("không rõ"), _incident(date(2021, 6, 1))],
        results=[{"date": date(2021, 4, 1), "indicator": "Buổi tuyên truyền", "quantity": 1}],
    )
    workbook = load_workbook(path)
    assert workbook.first_dates["incidents"][1] == date(2021, 6, 1)
    assert earliest_day(workbook) == date(2021, 4, 1)
    edited = copy.copy(workbook)
    edited.incidents = [*workbook.incidents, replace(workbook.incidents[0], date=date(2021, 1, 1))]
    assert earliest_day(edited) == date(2021, 1, 1)
    march = parse_period(month="2022-03")
    assert compute_totals(workbook, march).previous is None
    assert compute_totals(edited, march).previous is not None


@pytest.mark.parametrize("distinct", [5, 200])
def test_categories_tallied_alike_few_or_many(distinct: int) -> None:
    """A handful of categories is summed a pass per category; hundreds (free text typed
    in the column) one pass in all. Both give each category its own count and sums."""
    workbook = sample_workbook()
    template = workbook.incidents[0]
    workbook.incidents = [
        replace(template, row=2 + n, category=f"Loại {n % distinct}", deaths=n % 3, damage=1.5)
        for n in range(1000)
    ]
    totals = compute_totals(workbook, parse_period(year=str(template.date.year)))
    typed = {name: tally for name, tally in totals.by_category.items() if tally.count}
    assert len(typed) == distinct
    for k in range(distinct):
        members = [n for n in range(1000) if n % distinct == k]
        tally = typed[f"Loại {k}"]
        assert tally.count == len(members)
        assert tally.deaths == sum(n % 3 for n in members)
        assert tally.damage == pytest.approx(1.5 * len(members))
    assert totals.incidents.count == 1000
