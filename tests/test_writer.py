"""The surgical writer on real workbooks: edits land, nothing else moves."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import AppendRecord, ClearRecord, SaveFailed, SetCell, save
from tests import factory


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def grid(path: Path, sheet: str) -> list[list[object]]:
    rows: list[list[object]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    )
    return rows


def incident_part(path: Path) -> str:
    loaded = load(path)
    part = loaded.source.package.sheet(schema.INCIDENTS.name)
    assert part is not None
    return part.part


def test_set_cell_changes_only_that_sheet_and_workbook_bits(sample_copy: Path) -> None:
    original = sample_copy.read_bytes()
    before = parts(sample_copy)
    loaded = load(sample_copy)
    first = loaded.workbook.incidents[0]
    result = save(
        loaded,
        [SetCell(schema.INCIDENTS.name, first.row, "village", "Lai Hà")],
        command="test",
        audit=False,
    )
    after = parts(sample_copy)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {incident_part(sample_copy)}  # workbook.xml already asks for a full calc
    assert set(after) == set(before)
    again = load(sample_copy).workbook.incidents[0]
    assert again.village == "Lai Hà"
    assert result.loaded.workbook.incidents[0].village == "Lai Hà"
    assert result.loaded.source.path == sample_copy
    assert result.backup is not None and result.backup.read_bytes() == original


def test_untouched_rows_of_the_edited_sheet_keep_their_bytes(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    part = incident_part(sample_copy)
    xml_before = parts(sample_copy)[part]
    row = loaded.workbook.incidents[3].row
    save(loaded, [SetCell(schema.INCIDENTS.name, row, "deaths", 4)], command="test", audit=False)
    xml_after = parts(sample_copy)[part]
    start = xml_before.index(f'<row r="{row}"'.encode())
    end = xml_before.index(b"</row>", start) + len(b"</row>")
    new_end = xml_after.index(b"</row>", start) + len(b"</row>")
    assert xml_after[:start] == xml_before[:start]
    assert xml_after[new_end:] == xml_before[end:]
    assert xml_after[start:new_end] != xml_before[start:end]


def test_values_are_typed_text_stays_text_and_dates_are_dates(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "so.xlsx",
        incidents=[{"date": date(2021, 3, 5), "village": "Tây Sơn", "category": "Ma túy"}],
    )
    loaded = load(path)
    result = save(
        loaded,
        [
            AppendRecord(
                schema.INCIDENTS.name,
                {
                    "date": date(2021, 4, 1),
                    "village": "Bắc Sơn",
                    "category": "Khác",
                    "summary": "=1+1 <b>&amp;</b>\x07 _x0041_",
                    "deaths": 2,
                    "damage": 1.5,
                },
            )
        ],
        command="test",
        audit=False,
    )
    assert result.appended_rows == [3]
    rows = grid(path, schema.INCIDENTS.name)
    assert rows[2][1] == date(2021, 4, 1)  # a real date cell, read back as a date
    assert rows[2][4] == "=1+1 <b>&amp;</b> _x0041_"  # text, control char gone, escapes kept
    assert rows[2][5] == 2 and rows[2][7] == 1.5
    incident = load(path).workbook.incidents[-1]
    assert (incident.date, incident.village, incident.deaths) == (date(2021, 4, 1), "Bắc Sơn", 2)


def test_bool_is_written_co_khong(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "so.xlsx",
        teams=[{"name": "Đội 1", "village": "Tây Sơn", "rating": "Tốt", "trained": "Không"}],
    )
    loaded = load(path)
    row = loaded.workbook.teams[0].row
    save(loaded, [SetCell(schema.TEAMS.name, row, "trained", True)], command="t", audit=False)
    assert grid(path, schema.TEAMS.name)[row - 1][6] == "Có"
    assert load(path).workbook.teams[0].trained is True


def test_clear_record_empties_the_row_and_the_loader_skips_it(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    victim = loaded.workbook.incidents[1]
    save(loaded, [ClearRecord(schema.INCIDENTS.name, victim.row)], command="t", audit=False)
    after = load(sample_copy).workbook.incidents
    assert len(after) == len(loaded.workbook.incidents) - 1
    assert victim.row not in {i.row for i in after}
    assert all(v == "" for v in grid(sample_copy, schema.INCIDENTS.name)[victim.row - 1])


def test_header_row_and_missing_column_are_refused(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    loaded = load(sample_copy)
    with pytest.raises(SaveFailed, match="tiêu đề"):
        save(loaded, [SetCell(schema.INCIDENTS.name, 1, "village", "x")], command="t")
    with pytest.raises(SaveFailed, match="không có cột"):
        save(loaded, [SetCell(schema.INCIDENTS.name, 2, "nope", "x")], command="t")
    assert sample_copy.read_bytes() == before
