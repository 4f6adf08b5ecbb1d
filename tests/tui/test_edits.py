"""The edit session: changes laid over the file, undo, drafts, journal replay, merge."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from antq_tui.editing.drafts import Draft
from antq_tui.editing.entry import record_values
from antq_tui.editing.journal import Journal, read_journal
from antq_tui.editing.rebase import net_from_ops, rebase_session
from antq_tui.editing.session import EditSession
from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load
from tests import factory

INCIDENTS = schema.INCIDENTS.name


def _workbook(tmp_path: Path, name: str = "xa.xlsx", **kwargs) -> Path:
    incidents = kwargs.pop(
        "incidents",
        [
            {"date": date(2021, 3, 1), "village": "Tây Sơn", "category": "Ma túy", "summary": "A"},
            {"date": date(2021, 4, 1), "village": "Bắc Sơn", "category": "Khác", "summary": "B"},
            {"date": date(2021, 5, 1), "village": "Đông Hòa", "category": "Khác", "summary": "C"},
        ],
    )
    return factory.write(tmp_path / name, incidents=incidents, **kwargs)


def _values(record) -> dict:
    return record_values(record)


def test_put_add_delete_and_undo(tmp_path: Path) -> None:
    loaded = load(_workbook(tmp_path))
    session = EditSession(loaded)
    first, second, third = loaded.workbook.incidents
    assert [r.row for r in (first, second, third)] == [2, 3, 4]
    edited = _values(first) | {"summary": "A sửa"}
    session.put(INCIDENTS, 2, edited)
    added = session.add(INCIDENTS, _values(second) | {"summary": "D"})
    assert added.row > 4 and session.is_new(INCIDENTS, added.row)
    session.delete(INCIDENTS, 3)
    view = session.view("incidents")
    assert [r.summary for r in view] == ["A sửa", "C", "D"]
    assert loaded.workbook.incidents[0].summary == "A"  # the loaded workbook is untouched
    assert session.pending == 3
    assert session.current_workbook().incidents == view
    # undo, last first
    assert session.undo().after is None
    assert [r.summary for r in session.view("incidents")] == ["A sửa", "B", "C", "D"]
    session.undo()
    session.undo()
    assert session.pending == 0 and not session.dirty
    assert session.view("incidents") is loaded.workbook.incidents
    assert session.undo() is None


def test_putting_back_the_original_is_not_pending(tmp_path: Path) -> None:
    loaded = load(_workbook(tmp_path))
    session = EditSession(loaded)
    original = _values(loaded.workbook.incidents[0])
    session.put(INCIDENTS, 2, original | {"summary": "X"})
    session.put(INCIDENTS, 2, original)
    assert session.pending == 0


def test_settings_and_sections_views(tmp_path: Path) -> None:
    loaded = load(_workbook(tmp_path, sections=[("Mở đầu", "Cũ")]))
    session = EditSession(loaded)
    session.put_setting("year", 2022)
    section = loaded.workbook.sections[0]
    session.put(schema.SECTIONS_SHEET, section.row, {"title": "Mở đầu", "text": "Mới\nhai dòng"})
    wb = session.current_workbook()
    assert wb.settings.year == 2022 and loaded.workbook.settings.year == 2021
    assert wb.sections[0].text == "Mới\nhai dòng"
    net = session.net_changes()
    assert [(n.sheet, n.final) for n in net] == [
        (schema.SETTINGS_SHEET, {"key": "Năm báo cáo", "value": 2022}),
        (schema.SECTIONS_SHEET, {"title": "Mở đầu", "text": "Mới\nhai dòng"}),
    ]


def test_journal_replay_rebuilds_the_session(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    loaded = load(path)
    journal = Journal.for_workbook(path)
    session = EditSession(loaded, journal)
    session.start_journal()
    session.put(INCIDENTS, 2, _values(loaded.workbook.incidents[0]) | {"deaths": 2})
    session.add(INCIDENTS, _values(loaded.workbook.incidents[1]) | {"summary": "mới"})
    session.delete(INCIDENTS, 4)
    session.undo()  # the delete
    session.set_draft(
        Draft(INCIDENTS, 3, {"date": "32/13/2021"}, base=_values(loaded.workbook.incidents[1]))
    )
    journal.close()
    content = read_journal(journal.path)
    assert content.sha256 == loaded.source.sha256
    again = EditSession(load(path))
    again.replay(content.ops)
    assert [r.summary for r in again.view("incidents")] == ["A", "B", "C", "mới"]
    assert again.view("incidents")[0].deaths == 2
    assert again.draft(INCIDENTS, 3).texts == {"date": "32/13/2021"}
    assert len(again.undo_stack) == 2  # history survives a restore on the same file
    net, drafts = net_from_ops(content.ops)
    assert [(n.row, n.final and n.final["summary"]) for n in net] == [(2, "A"), (5, "mới")]
    assert len(drafts) == 1


def test_rebase_onto_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    session = EditSession(load(path))
    a, b, c = session.workbook.incidents
    session.put(INCIDENTS, a.row, _values(a) | {"deaths": 1})  # field they leave alone
    session.put(INCIDENTS, c.row, _values(c) | {"summary": "ours"})  # they change it too
    session.delete(INCIDENTS, b.row)
    session.add(INCIDENTS, _values(a) | {"summary": "new"})
    # Meanwhile someone inserts a row at the top and edits C's summary and A's note.
    incidents = [
        {"date": date(2021, 1, 9), "village": "Tây Sơn", "category": "Khác", "summary": "inserted"},
        {"date": date(2021, 3, 1), "village": "Tây Sơn", "category": "Ma túy", "summary": "A"},
        {"date": date(2021, 4, 1), "village": "Bắc Sơn", "category": "Khác", "summary": "B"},
        {"date": date(2021, 5, 1), "village": "Đông Hòa", "category": "Khác", "summary": "theirs"},
    ]
    path.unlink()
    _workbook(tmp_path, incidents=incidents)
    merged, conflicts = rebase_session(session, load(path))
    view = merged.view("incidents")
    assert [(r.summary, r.deaths) for r in view] == [
        ("inserted", None),
        ("A", 1),  # found again one row lower
        ("ours", None),  # B deleted; C: both changed the summary, ours kept and said
        ("new", None),
    ]
    assert len(conflicts) == 1 and "“theirs”" in conflicts[0].message
    assert "“ours”" in conflicts[0].message


def test_rebase_keeps_an_edit_whose_record_vanished_as_a_draft(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    session = EditSession(load(path))
    a = session.workbook.incidents[0]
    session.put(INCIDENTS, a.row, _values(a) | {"summary": "mine"})
    path.unlink()
    _workbook(
        tmp_path,
        incidents=[
            {"date": date(2021, 7, 7), "village": "Bắc Sơn", "category": "Khác", "summary": "other"}
        ],
    )
    merged, conflicts = rebase_session(session, load(path))
    assert [r.summary for r in merged.view("incidents")] == ["other"]
    (draft,) = merged.drafts.values()
    assert draft.new and draft.texts["summary"] == "mine" and draft.texts["date"] == "01/03/2021"
    assert "bản nháp" in conflicts[0].message


def test_invalid_cells_of_the_file_are_part_of_the_base(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        incidents=[
            {"date": "32/01/2021", "village": "Tây Sơn", "category": "Khác", "summary": "x"}
        ],
    )
    session = EditSession(load(path))
    record = session.workbook.incidents[0]
    assert session.base(INCIDENTS, record.row)["date"] == "32/01/2021"
    fixed = dataclasses.replace(record, date=date(2021, 1, 31), invalid=None)
    session.put(INCIDENTS, record.row, fixed.values())
    assert session.pending == 1


def test_writer_edits_save_what_the_view_shows(tmp_path: Path) -> None:
    from antq_tui.workbook.write.writer import save

    path = _workbook(tmp_path, sections=[("Mở đầu", "Cũ")])
    session = EditSession(load(path))
    a, b, c = session.workbook.incidents
    session.put(INCIDENTS, a.row, _values(a) | {"deaths": 2, "damage": 1.5})
    session.delete(INCIDENTS, b.row)
    session.add(INCIDENTS, _values(c) | {"summary": "mới", "handling": "Hòa giải tại cơ sở"})
    session.put_setting("cutoff", schema.CUTOFF_ND09)
    section = session.workbook.sections[0]
    session.put(schema.SECTIONS_SHEET, section.row, {"title": "Mở đầu", "text": "Mới"})
    expected = [_values(r) for r in session.view("incidents")]
    result = save(session.loaded, session.writer_edits(), command="antq tui", user="test")
    reread = load(path).workbook
    assert [_values(r) for r in reread.incidents] == expected
    assert reread.settings.cutoff == schema.CUTOFF_ND09
    assert reread.sections[0].text == "Mới"
    assert result.appended_rows == [5]


def test_suggestions_are_put_in_records_settings_and_section_titles(tmp_path: Path) -> None:
    loaded = load(
        _workbook(
            tmp_path,
            incidents=[{"date": date(2021, 3, 1), "village": "Tay Son", "category": "Ma túy"}],
            sections=[("mo dau", "Văn bản")],
        )
    )
    session = EditSession(loaded)
    session.put_setting("cutoff", "nghi dinh 09/2019")
    found = validate(session.current_workbook(), today=date(2022, 1, 1)).findings
    fixable = [f for f in found if f.replacement]
    assert {(f.sheet, f.replacement) for f in fixable} == {
        (INCIDENTS, "Tây Sơn"),
        (schema.SETTINGS_SHEET, schema.CUTOFF_ND09),
        (schema.SECTIONS_SHEET, "Mở đầu"),
    }
    for finding in fixable:
        assert session.apply_suggestion(finding) is not None
        assert session.apply_suggestion(finding) is None  # already there: no second change
    wb = session.current_workbook()
    assert wb.incidents[0].village == "Tây Sơn"
    assert wb.settings.cutoff == schema.CUTOFF_ND09 and wb.sections[0].title == "Mở đầu"
    assert not [f for f in validate(wb, today=date(2022, 1, 1)).findings if f.replacement]
