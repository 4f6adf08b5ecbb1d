"""Round trip on the bundled sample: one edit in every kind of sheet and field type;
the loader reads exactly the new values back and every other record is unchanged."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import AppendRecord, SetCell, save
from tests.conftest import TODAY


def snapshot(workbook: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        spec.key: [asdict(r) for r in workbook.records(spec.key)] for spec in schema.DATA_SHEETS
    }


def test_every_sheet_kind_round_trips(sample_copy: Path) -> None:
    loaded = load(sample_copy)
    wb = loaded.workbook
    before = snapshot(wb)
    errors_before = {f.message for f in validate(wb, today=TODAY).errors}
    incident, village, unit = wb.incidents[0], wb.villages[0], wb.units[0]
    team, model, result = wb.teams[0], wb.models[0], wb.results[0]
    section = wb.sections[0]
    catalog_rows = wb.layouts[schema.CATALOG_SHEET].rows
    free_catalog_row = max(e.row for e in wb.catalog.entries["Loại vụ việc"]) + 1
    assert free_catalog_row <= catalog_rows + 1
    edits = [
        SetCell(schema.INCIDENTS.name, incident.row, "date", date(2021, 6, 30)),
        SetCell(schema.INCIDENTS.name, incident.row, "village", village.name),
        SetCell(schema.INCIDENTS.name, incident.row, "deaths", 2),
        SetCell(schema.INCIDENTS.name, incident.row, "damage", 12.5),
        SetCell(schema.INCIDENTS.name, incident.row, "note", "Ghi chú\nhai dòng"),
        SetCell(schema.VILLAGES.name, village.row, "registered", False),
        SetCell(schema.VILLAGES.name, village.row, "households", 1234),
        SetCell(schema.UNITS.name, unit.row, "kind", "Cơ quan"),
        SetCell(schema.TEAMS.name, team.row, "allowance", True),
        SetCell(schema.TEAMS.name, team.row, "leader", "Phạm Văn Dũng"),
        SetCell(schema.MODELS.name, model.row, "year_started", 2020),
        SetCell(schema.RESULTS.name, result.row, "quantity", 7),
        SetCell(schema.SETTINGS_SHEET, wb.settings.rows["signer"], "value", "Trần Văn Bình"),
        SetCell(schema.SETTINGS_SHEET, wb.settings.rows["sign_date"], "value", date(2021, 12, 20)),
        SetCell(schema.SECTIONS_SHEET, section.row, "text", "Đoạn mở đầu mới."),
        SetCell(schema.CATALOG_SHEET, free_catalog_row, "Loại vụ việc", "Buôn lậu"),
        AppendRecord(schema.VILLAGES.name, {"name": "Thôn Mới", "registered": True}),
    ]
    saved = save(loaded, edits, command="test").loaded.workbook
    for workbook in (saved, load(sample_copy).workbook):
        first = workbook.incidents[0]
        assert (first.date, first.village, first.deaths, first.damage, first.note) == (
            date(2021, 6, 30),
            village.name,
            2,
            12.5,
            "Ghi chú\nhai dòng",
        )
        assert (workbook.villages[0].registered, workbook.villages[0].households) == (False, 1234)
        assert workbook.villages[-1].name == "Thôn Mới" and workbook.villages[-1].registered
        assert workbook.units[0].kind == "Cơ quan"
        assert (workbook.teams[0].allowance, workbook.teams[0].leader) == (True, "Phạm Văn Dũng")
        assert workbook.models[0].year_started == 2020
        assert workbook.results[0].quantity == 7
        assert workbook.settings.signer == "Trần Văn Bình"
        assert workbook.settings.sign_date == date(2021, 12, 20)
        assert workbook.sections[0].text == "Đoạn mở đầu mới."
        assert "Buôn lậu" in workbook.catalog.vocabulary("Loại vụ việc")
        after = snapshot(workbook)
        for key in after:  # every record not edited is exactly as it was
            edited = {0} if key != "villages" else {0, len(after[key]) - 1}
            for index, record in enumerate(after[key]):
                if index not in edited and index < len(before[key]):
                    assert record == before[key][index], (key, index)
    errors_after = {f.message for f in validate(saved, today=TODAY).errors}
    assert errors_after <= errors_before
