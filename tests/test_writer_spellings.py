"""Saving into sheets spelled every way XML allows: quotes, spaces, orders, prefixes.

Each workbook is written by openpyxl and re-spelled with expat (``tests.respell``);
the loader reads every spelling, so the writer must save into every spelling: the
edit lands in its row (no second row with the same number), the rows not edited
keep their bytes, the other parts their content, and calamine and LibreOffice read
what was written.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from xml.parsers import expat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import AppendRecord, SetCell, save
from tests.factory import write
from tests.respell import Respelled, Spelling, respell_workbook
from tests.tools import soffice_convert

INCIDENTS = [
    {
        "date": date(2021, 5, day),
        "village": "Tây Sơn",
        "category": "Khác",
        "summary": f"Vụ số {day}",
        "deaths": 0,
    }
    for day in range(1, 7)
]
SPELLINGS = {
    "single quotes": Spelling(single_quotes=True),
    "spaces around =": Spelling(spaces=True, seed=1),
    "other attribute order": Spelling(shuffled=True, seed=2),
    "namespace prefix": Spelling(prefix=True),
    "comments between rows": Spelling(comments=True, seed=3),
    "all at once": Spelling(True, True, True, True, True, seed=4),
}
# Parts a save may rewrite; every other member must keep its content.
_PATCHABLE = {
    "xl/workbook.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
}


def respelled_book(folder: Path, spelling: Spelling) -> tuple[Path, dict[str, Respelled]]:
    original = write(folder / "openpyxl.xlsx", incidents=INCIDENTS)
    target = folder / "respelled.xlsx"
    return target, respell_workbook(original, target, spelling)


def row_numbers(sheet_xml: bytes) -> list[int]:
    """The ``r`` of every row element, read by expat (prefix or not)."""
    numbers: list[int] = []
    parser = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rsplit(":", 1)[-1] == "row":
            numbers.append(int(attributes["r"]))

    parser.StartElementHandler = start
    parser.Parse(sheet_xml, True)
    return numbers


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def check_saved(before: Path, after: Path, parts: dict[str, Respelled], edited: set[int]) -> bytes:
    """The guarantees of every save; returns the saved incidents sheet."""
    part = load(after).source.package.sheet(schema.INCIDENTS.name)
    assert part is not None
    old, new = members(before), members(after)
    sheet = new[part.part]
    numbers = row_numbers(sheet)
    assert not [n for n, count in Counter(numbers).items() if count > 1], "a row twice"
    for number, original in parts[part.part].rows.items():
        if number not in edited:
            assert original in sheet, f"row {number} was not edited but changed"
    for name, data in old.items():
        if name != part.part and name not in _PATCHABLE:
            assert new[name] == data, f"{name} changed"
    return sheet


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_an_edit_and_a_new_record_are_saved_into_every_spelling(
    spelling: Spelling, tmp_path: Path
) -> None:
    path, parts = respelled_book(tmp_path, spelling)
    before = tmp_path / "before.xlsx"
    before.write_bytes(path.read_bytes())
    edits = [
        SetCell(schema.INCIDENTS.name, 3, "summary", "Trộm xe máy"),
        SetCell(schema.INCIDENTS.name, 5, "date", date(2021, 7, 9)),
        AppendRecord(
            schema.INCIDENTS.name,
            {"date": date(2021, 8, 1), "village": "Tây Sơn", "category": "Ma túy"},
        ),
    ]
    result = save(load(path), edits, command="test")
    assert result.appended_rows == [8]
    check_saved(before, path, parts, {3, 5, 8})
    incidents = {i.row: i for i in load(path).workbook.incidents}
    assert incidents[3].summary == "Trộm xe máy"
    assert incidents[5].date == date(2021, 7, 9)
    assert incidents[8].category == "Ma túy"
    assert [incidents[r].summary for r in (2, 4, 6, 7)] == [
        "Vụ số 1",
        "Vụ số 3",
        "Vụ số 5",
        "Vụ số 6",
    ]


def test_libreoffice_reads_a_save_into_every_spelling_at_once(tmp_path: Path) -> None:
    path, _ = respelled_book(tmp_path, SPELLINGS["all at once"])
    edits = [
        SetCell(schema.INCIDENTS.name, 3, "summary", "Trộm xe máy"),
        SetCell(schema.INCIDENTS.name, 5, "date", date(2021, 7, 9)),
        AppendRecord(schema.INCIDENTS.name, {"date": date(2021, 8, 1), "category": "Ma túy"}),
    ]
    save(load(path), edits, command="test")
    resaved = soffice_convert(path, tmp_path / "lo", "xlsx")
    rows = CalamineWorkbook.from_path(resaved).get_sheet_by_name(schema.INCIDENTS.name).to_python()
    assert rows[2][4] == "Trộm xe máy"
    assert rows[4][1] == date(2021, 7, 9)
    assert (rows[7][1], rows[7][3]) == (date(2021, 8, 1), "Ma túy")
    assert [rows[r][4] for r in (1, 3, 5, 6)] == ["Vụ số 1", "Vụ số 3", "Vụ số 5", "Vụ số 6"]
    assert len(rows) == 8


FIELDS = {
    "summary": st.text(alphabet="abc đơn ẩ'\"<&>", min_size=1, max_size=12).filter(str.strip),
    "deaths": st.integers(min_value=0, max_value=9),
    "date": st.dates(min_value=date(2020, 1, 1), max_value=date(2021, 12, 31)),
    "village": st.sampled_from(["Tây Sơn", "Đông Hòa"]),
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spelling=st.builds(
        Spelling,
        single_quotes=st.booleans(),
        spaces=st.booleans(),
        shuffled=st.booleans(),
        prefix=st.booleans(),
        comments=st.booleans(),
        seed=st.integers(0, 1000),
    ),
    edits=st.lists(
        st.tuples(st.integers(2, 7), st.sampled_from(sorted(FIELDS)), st.data()),
        min_size=1,
        max_size=6,
    ),
)
def test_any_spelling_takes_any_edits(
    spelling: Spelling,
    edits: list[tuple[int, str, st.DataObject]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("spelling")
    path, parts = respelled_book(folder, spelling)
    before = folder / "before.xlsx"
    before.write_bytes(path.read_bytes())
    wanted: dict[tuple[int, str], object] = {}
    changes = []
    for row, field_name, data in edits:
        value = data.draw(FIELDS[field_name])
        wanted[(row, field_name)] = value.strip() if isinstance(value, str) else value
        changes.append(SetCell(schema.INCIDENTS.name, row, field_name, value))
    save(load(path), changes, command="test")
    check_saved(before, path, parts, {row for row, _, _ in edits})
    incidents = {i.row: i for i in load(path).workbook.incidents}
    for (row, field_name), value in wanted.items():
        assert getattr(incidents[row], field_name) == value
    untouched = {r for r in range(2, 8)} - {row for row, _, _ in edits}
    for row in untouched:
        assert incidents[row].summary == f"Vụ số {row - 1}"
