"""The Nhật ký sheet: every save appends who changed which cell, from what, to what."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.audit import HEADERS
from antq_tui.workbook.write.writer import AppendRecord, ClearRecord, SetCell, save
from tests.conftest import TODAY


def log_rows(path: Path) -> list[list[object]]:
    rows: list[list[object]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(schema.AUDIT_SHEET).to_python()
    )
    return rows


def test_first_save_creates_the_log_and_later_saves_append(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "canbo.xa")
    loaded = load(sample_copy)
    assert schema.AUDIT_SHEET not in loaded.workbook.sheet_names
    first = loaded.workbook.incidents[0]
    started = datetime.now().replace(microsecond=0)
    result = save(
        loaded,
        [SetCell(schema.INCIDENTS.name, first.row, "date", date(2021, 2, 3))],
        command="antq tui",
    )
    assert result.loaded.workbook.sheet_names[-1] == schema.AUDIT_SHEET
    rows = log_rows(sample_copy)
    assert rows[0] == list(HEADERS)
    when, *rest = rows[1]
    assert isinstance(when, datetime) and started <= when <= datetime.now() + timedelta(seconds=1)
    assert rest == ["canbo.xa", "antq tui", "Vụ việc", f"B{first.row}", "23/01/2021", "03/02/2021"]

    second = result.loaded.workbook.incidents[1]
    grid = CalamineWorkbook.from_path(str(sample_copy)).get_sheet_by_name(schema.INCIDENTS.name)
    filled = {
        f"{chr(65 + i)}{second.row}"
        for i, v in enumerate(grid.to_python()[second.row - 1])
        if v != ""
    }
    save(
        result.loaded,
        [
            AppendRecord(schema.INCIDENTS.name, {"village": "Lai Hà", "summary": "=2+2"}),
            ClearRecord(schema.INCIDENTS.name, second.row),
        ],
        command="antq tui",
        user="nguyenvana",
    )
    rows = log_rows(sample_copy)
    assert rows[1][1:] == rest  # the first entry is still there, unchanged
    logged = [tuple(r[1:]) for r in rows[2:]]
    new_row = len(result.loaded.workbook.incidents) + 2
    assert ("nguyenvana", "antq tui", "Vụ việc", f"C{new_row}", "", "Lai Hà") in logged
    assert ("nguyenvana", "antq tui", "Vụ việc", f"E{new_row}", "", "=2+2") in logged
    assert ("nguyenvana", "antq tui", "Vụ việc", f"C{second.row}", "Đại Lương", "") in logged
    cleared = [r for r in logged if r[3] in filled]
    assert {r[3] for r in cleared} == filled and len(filled) >= 8
    assert all(r[5] == "" and r[4] for r in cleared)


def test_log_sheet_is_ignored_by_loader_and_validator(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    findings = [f.message for f in validate(loaded.workbook, today=TODAY).findings]
    first = loaded.workbook.incidents[0]
    result = save(loaded, [SetCell(schema.INCIDENTS.name, first.row, "note", "tạm")], command="t")
    back = save(
        result.loaded, [SetCell(schema.INCIDENTS.name, first.row, "note", first.note)], command="t"
    )
    workbook = back.loaded.workbook
    assert schema.AUDIT_SHEET in workbook.sheet_names
    assert schema.AUDIT_SHEET not in workbook.layouts
    assert [f.message for f in validate(workbook, today=TODAY).findings] == findings
    assert len(log_rows(sample_copy)) == 3


def test_log_header_looks_like_the_data_sheets(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    save(loaded, [SetCell(schema.INCIDENTS.name, 2, "note", "x")], command="t")
    with zipfile.ZipFile(sample_copy) as zf:
        incidents = zf.read(loaded.source.package.sheets[4].part)
        log_part = next(n for n in zf.namelist() if n not in loaded.source.zip.namelist())
        log = zf.read(log_part)
    style = re.search(rb'<c r="A1" s="(\d+)"', incidents)
    assert style is not None
    assert re.search(rb'<c r="A1" s="%s"' % style.group(1), log)
    assert b'state="frozen"' in log


def test_no_log_when_asked(sample_copy: Path) -> None:
    save(
        load(sample_copy),
        [SetCell(schema.INCIDENTS.name, 2, "note", "x")],
        command="t",
        audit=False,
    )
    assert schema.AUDIT_SHEET not in load(sample_copy).workbook.sheet_names


def test_unchanged_value_is_not_logged(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    first = loaded.workbook.incidents[0]
    save(
        loaded,
        [
            SetCell(schema.INCIDENTS.name, first.row, "village", first.village),
            SetCell(schema.INCIDENTS.name, first.row, "deaths", 3),
        ],
        command="t",
    )
    assert [r[4] for r in log_rows(sample_copy)[1:]] == [f"F{first.row}"]
