"""A whole ``Workbook`` of records written as a new workbook (``workbook.new_workbook``)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from pathlib import Path

import openpyxl

from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from antq_tui.workbook.write.audit import HEADERS, AuditEntry
from antq_tui.workbook.write.new_workbook import RECORD_SHEETS, workbook_package
from tests.conftest import SAMPLE


def test_the_sample_written_anew_reads_back_the_same(tmp_path: Path) -> None:
    sample = load_workbook(SAMPLE)
    entry = AuditEntry(datetime(2025, 7, 1, 8, 30), "cán bộ", "antq merge", "", "", "a", "b")
    path = tmp_path / "again.xlsx"
    path.write_bytes(workbook_package(sample, [entry]))
    again = load_workbook(path)
    for spec in RECORD_SHEETS:
        assert [r.values() for r in again.records(spec.key)] == [
            r.values() for r in sample.records(spec.key)
        ], spec.name
    for setting in fields(sample.settings):
        if setting.name not in ("rows",):
            assert getattr(again.settings, setting.name) == getattr(sample.settings, setting.name)
    assert [(s.title, s.text, s.period, s.origin) for s in again.sections] == [
        (s.title, s.text, s.period, s.origin) for s in sample.sections
    ]
    assert again.catalog.entries.keys() == sample.catalog.entries.keys()
    for name, entries in sample.catalog.entries.items():
        assert [(e.value, e.attributes) for e in again.catalog.entries[name]] == [
            (e.value, e.attributes) for e in entries
        ]
    audit = openpyxl.load_workbook(path)[schema.AUDIT_SHEET]
    assert [c.value for c in audit[1]] == list(HEADERS)
    assert [c.value for c in audit[2]] == [datetime(2025, 7, 1, 8, 30), "cán bộ", "antq merge",
                                           None, None, "a", "b"]  # fmt: skip
    assert audit["A2"].number_format == "dd/mm/yyyy hh:mm:ss"
