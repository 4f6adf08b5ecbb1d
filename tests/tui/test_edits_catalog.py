"""Danh mục in the edit session: entries as row cells, the overlay, the writer, merge."""

from __future__ import annotations

import shutil
from pathlib import Path

from antq_tui.editing.drafts import (
    Draft,
    catalog_draft_lists,
    catalog_draft_texts,
    with_catalog_texts,
    without_catalog_texts,
)
from antq_tui.editing.entry import (
    catalog_entry_values,
    catalog_usage,
    catalog_users,
    check_catalog_entry,
)
from antq_tui.editing.journal import Journal, read_journal
from antq_tui.editing.rebase import net_from_ops, rebase_session
from antq_tui.editing.session import EditSession
from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
from tests.conftest import SAMPLE, TODAY

CATALOG = schema.CATALOG_SHEET
KINDS = schema.INCIDENT_CATEGORIES.name
HANDLINGS = schema.HANDLINGS.name
PHRASE = f"{KINDS}\x00phrase"
VILLAGES = f"{KINDS}\x00name_villages"


def _sample(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


def _entries(catalog, name: str) -> list[tuple[str, int, dict]]:
    return [(e.value, e.row, e.attributes) for e in catalog.entries[name]]


def test_base_holds_every_list_of_a_row(tmp_path: Path) -> None:
    session = EditSession(load(_sample(tmp_path)))
    base = session.base(CATALOG, 4)
    assert base[KINDS] == "Trộm cắp tài sản" and base[VILLAGES] is True
    assert base[HANDLINGS] == "Công an xã giải quyết"
    assert base["Loại mô hình"] == "Liên kết bảo đảm ANTT"
    assert session.base(CATALOG, 40) is None
    # The first empty cell of each list: Xử lý has 7 entries (rows 2-8), Loại vụ việc 10.
    assert session.catalog_slot(HANDLINGS) == 9
    assert session.catalog_slot(KINDS) == 12


def test_overlay_is_what_forms_and_the_validator_see(tmp_path: Path) -> None:
    session = EditSession(load(_sample(tmp_path)))
    workbook = session.workbook
    assert workbook.catalog.vocabulary(KINDS).canonical("giết người") is None
    row = session.catalog_slot(KINDS)
    values = catalog_entry_values(KINDS, {"value": "Giết người", "phrase": "vụ giết người"})
    session.put_catalog_entry(KINDS, row, values)
    current = session.current_workbook()
    assert current.catalog.vocabulary(KINDS).canonical("giết  người") == "Giết người"
    assert current.catalog.entry(KINDS, "Giết người").attributes == {"phrase": "vụ giết người"}
    assert workbook.catalog.entry(KINDS, "Giết người") is None  # the file's view untouched
    # A record using the new category is valid in the edited workbook only.
    incident = workbook.incidents[0]
    incident.category = "Giết người"
    assert any("Giết người" in f.message for f in validate(workbook, TODAY).findings)
    assert not any("Giết người" in f.message for f in validate(current, TODAY).findings)
    # Undo takes it away again.
    session.undo()
    assert session.current_workbook().catalog.entry(KINDS, "Giết người") is None
    assert not session.dirty


def test_writer_edits_touch_only_the_changed_cells(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    session = EditSession(load(path))
    before = load(path).workbook.catalog
    # An entry into row 9, which holds other lists' cells; an edited attribute; a delete.
    slot = session.catalog_slot(HANDLINGS)
    session.put_catalog_entry(
        HANDLINGS, slot, catalog_entry_values(HANDLINGS, {"value": "Nhắc nhở", "phrase": "x"})
    )
    trom = session.current(CATALOG, 4)
    session.put_catalog_entry(
        KINDS,
        4,
        {n: trom.get(n) for n in schema.INCIDENT_CATEGORIES.field_names()} | {VILLAGES: False},
    )
    session.delete_catalog_entry("Loại mô hình", 5)  # Camera an ninh
    session.put_catalog_entry(KINDS, session.catalog_slot(KINDS), {KINDS: "Giết người"})
    edits = session.writer_edits()
    sets = sorted((e.row, e.field, e.value) for e in edits if isinstance(e, SetCell))
    assert sets == [
        (4, VILLAGES, False),
        (5, "Loại mô hình", None),
        (5, "Loại mô hình\x00phrase", None),
        (9, HANDLINGS, "Nhắc nhở"),
        (9, f"{HANDLINGS}\x00phrase", "x"),
    ]
    appends = [e for e in edits if not isinstance(e, SetCell)]
    assert [a.values for a in appends] == [{KINDS: "Giết người"}]
    save(session.loaded, edits, command="antq tui", user="test")
    after = load(path).workbook.catalog
    assert after.entry(HANDLINGS, "Nhắc nhở").row == 9
    assert after.entry(KINDS, "Trộm cắp tài sản").attributes["name_villages"] is False
    assert after.entry("Loại mô hình", "Camera an ninh") is None
    assert after.entry(KINDS, "Giết người").row == 12
    # Everything else is as it was, the other lists of rows 4, 5 and 9 included.
    for name in (KINDS, HANDLINGS, "Chỉ tiêu", "Loại mô hình"):
        kept = [e for e in _entries(before, name) if e[0] not in ("Camera an ninh",)]
        if name == KINDS:
            kept = [(v, r, a | {"name_villages": False} if r == 4 else a) for v, r, a in kept]
        assert [e for e in _entries(after, name) if e[0] not in ("Nhắc nhở", "Giết người")] == kept


def test_deleted_then_emptied_new_row_writes_nothing(tmp_path: Path) -> None:
    session = EditSession(load(_sample(tmp_path)))
    row = session.catalog_slot(KINDS)
    session.put_catalog_entry(KINDS, row, {KINDS: "Tạm"})
    session.delete_catalog_entry(KINDS, row)
    assert not session.dirty and session.writer_edits() == []


def test_journal_replay_and_rebase_list_by_list(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    loaded = load(path)
    journal = Journal.for_workbook(path)
    session = EditSession(loaded, journal)
    session.start_journal()
    session.put_catalog_entry(HANDLINGS, 9, {HANDLINGS: "Nhắc nhở"})
    session.put_catalog_entry(KINDS, 4, dict(session.current(CATALOG, 4)) | {PHRASE: "vụ trộm cắp"})
    journal.close()
    again = EditSession(load(path))
    again.replay(read_journal(journal.path).ops)
    assert again.current_workbook().catalog.entry(HANDLINGS, "Nhắc nhở").row == 9
    assert again.current(CATALOG, 4)[PHRASE] == "vụ trộm cắp"
    # Meanwhile someone else filled Xử lý row 9 and changed nothing else.
    save(load(path), [SetCell(CATALOG, 9, HANDLINGS, "Khiển trách")], command="x", user="khac")
    merged, conflicts = rebase_session(again, load(path))
    catalog = merged.current_workbook().catalog
    assert catalog.entry(HANDLINGS, "Khiển trách").row == 9  # theirs kept
    assert catalog.entry(HANDLINGS, "Nhắc nhở").row == 10  # ours moved to the next empty cell
    assert catalog.entry(KINDS, "Trộm cắp tài sản").attributes["phrase"] == "vụ trộm cắp"
    assert conflicts == []


def test_form_check_and_usage(tmp_path: Path) -> None:
    workbook = load(_sample(tmp_path)).workbook
    empty = check_catalog_entry(workbook, KINDS, 12, {"value": ""}, TODAY)
    assert [(f.field, f.severity.value) for f in empty] == [("value", "error")]
    duplicate = check_catalog_entry(workbook, KINDS, 12, {"value": "ma túy"}, TODAY)
    assert [f.field for f in duplicate] == ["value"] and "hàng 2" in duplicate[0].message
    earlier = check_catalog_entry(workbook, KINDS, 2, {"value": "Khác"}, TODAY)
    assert [f.field for f in earlier] == ["value"] and "hàng 11" in earlier[0].message
    phrase = check_catalog_entry(workbook, "Chỉ tiêu", 2, {"value": "X", "phrase": "không số"})
    assert [f.field for f in phrase] == ["phrase"] and "{số}" in phrase[0].message
    assert catalog_usage(workbook, KINDS, "Trộm cắp tài sản") == 6
    assert catalog_usage(workbook, KINDS, "Giết người") == 0


def test_renaming_a_value_renames_its_records_in_one_undo_step(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    loaded = load(path)
    journal = Journal.for_workbook(path)
    session = EditSession(loaded, journal)
    users = catalog_users(session.current_workbook(), KINDS, "trộm cắp tài sản")
    assert len(users) == 6 and {u[0] for u in users} == {schema.INCIDENTS.name}
    values = dict(session.current(CATALOG, 4) or {}) | {KINDS: "Trộm cắp"}
    first = session.rename_catalog_value(KINDS, 4, values, users)
    assert (first.sheet, first.row) == (CATALOG, 4)
    current = session.current_workbook()
    assert sum(i.category == "Trộm cắp" for i in current.incidents) == 6
    assert not validate(current, TODAY).errors
    assert session.pending == 7
    # A restart replays the journal to the same state; one undo takes all seven back.
    again = EditSession(load(path))
    again.replay(read_journal(journal.path).ops)
    assert again.pending == 7
    assert len(net_from_ops(read_journal(journal.path).ops)[0]) == 7  # what recovery counts
    for each in (session, again):
        undone = each.undo()
        assert undone is not None and (undone.sheet, undone.row) == (CATALOG, 4)
        assert each.pending == 0 and not each.undo_stack
    # The undo is in the journal too: replayed, nothing is pending.
    journal.close()
    replayed = EditSession(load(path))
    replayed.replay(read_journal(journal.path).ops)
    assert replayed.pending == 0
    assert net_from_ops(read_journal(journal.path).ops) == ([], [])  # a changed file's rebase


def test_a_catalog_rows_draft_holds_each_lists_texts() -> None:
    # A journal written before drafts were kept list by list holds one list this way.
    old = Draft(CATALOG, 4, {"list": KINDS, "value": "", "phrase": "vụ trộm"})
    assert catalog_draft_lists(old) == [KINDS]
    assert catalog_draft_texts(old, KINDS) == {"value": "", "phrase": "vụ trộm"}
    assert catalog_draft_texts(old, HANDLINGS) is None
    both = with_catalog_texts(old, CATALOG, 4, HANDLINGS, {"value": "Nhắc"}, False, None)
    assert catalog_draft_lists(both) == [KINDS, HANDLINGS]
    assert catalog_draft_texts(both, KINDS) == {"value": "", "phrase": "vụ trộm"}
    assert catalog_draft_texts(both, HANDLINGS) == {"value": "Nhắc"}
    left = without_catalog_texts(both, KINDS)
    assert left is not None and catalog_draft_lists(left) == [HANDLINGS]
    assert without_catalog_texts(left, HANDLINGS) is None
