"""The recovery journal: fsynced lines, torn tails, typed values."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from antq_tui.editing.journal import (
    Journal,
    beside_path,
    decode_values,
    encode_values,
    find_journal,
    read_journal,
    well_formed,
)


def test_round_trip_and_torn_tail(tmp_path: Path) -> None:
    workbook = tmp_path / "xa.xlsx"
    workbook.write_bytes(b"x")
    os.chmod(workbook, 0o640)
    journal = Journal.for_workbook(workbook)
    assert journal.path == beside_path(workbook) == tmp_path / ".~antq-journal.xa.xlsx.jsonl"
    journal.start({"sha256": "abc", "user": "u@h", "time": 0}, workbook=workbook)
    values = {"date": date(2021, 3, 5), "deaths": 1, "damage": 1.5, "ok": True, "note": "Tây Sơn"}
    journal.append({"op": "put", "sheet": "Vụ việc", "row": 3, "after": encode_values(values)})
    journal.append({"op": "undo"})
    journal.close()
    assert oct(journal.path.stat().st_mode & 0o777) == oct(0o640)
    with journal.path.open("ab") as f:  # killed in the middle of a line
        f.write(b'{"op": "put", "sheet": "V')
    content = read_journal(journal.path)
    assert content.torn
    assert content.sha256 == "abc"
    assert [op["op"] for op in content.ops] == ["put", "undo"]
    decoded = decode_values(content.ops[0]["after"])
    assert decoded == values
    assert type(decoded["deaths"]) is int and type(decoded["damage"]) is float
    assert find_journal(workbook) == journal.path


def test_remove_after_save(tmp_path: Path) -> None:
    workbook = tmp_path / "xa.xlsx"
    workbook.write_bytes(b"x")
    journal = Journal.for_workbook(workbook)
    journal.start({})
    journal.remove()
    assert find_journal(workbook) is None


def test_unwritable_folder_falls_back_to_state_dir(tmp_path: Path, monkeypatch) -> None:
    if os.geteuid() == 0:
        # root writes everywhere; check the choice through os.access instead
        monkeypatch.setattr(os, "access", lambda path, mode: False)
    folder = tmp_path / "ro"
    folder.mkdir()
    workbook = folder / "xa.xlsx"
    workbook.write_bytes(b"x")
    folder.chmod(0o555)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        journal = Journal.for_workbook(workbook)
        assert journal.path.parent == tmp_path / "state" / "antq" / "journals"
        journal.start({"sha256": "x"})
        journal.append({"op": "undo"})
        assert find_journal(workbook) == journal.path
    finally:
        folder.chmod(0o755)


def test_a_line_of_the_wrong_shape_ends_the_journal_there(tmp_path: Path) -> None:
    """Valid JSON this program never writes (a hand edit, another version): replay would
    trip on it, so it and what follows are treated like a torn tail."""
    workbook = tmp_path / "xa.xlsx"
    workbook.write_bytes(b"x")
    journal = Journal.for_workbook(workbook)
    journal.start({"sha256": "abc", "user": "u@h", "time": 0}, workbook=workbook)
    good = {"op": "put", "sheet": "Vụ việc", "row": 3, "after": {"deaths": 1}}
    journal.append(good)
    journal.append({"op": "put", "sheet": "Vụ việc", "row": "ba", "after": {}})
    journal.append({"op": "put", "sheet": "Vụ việc", "row": 4, "after": {"deaths": 2}})
    journal.close()
    content = read_journal(journal.path)
    assert content.ops == [good] and content.torn
    for wrong in (
        {"op": "draft", "sheet": "Vụ việc", "row": 2, "texts": {"date": 5}},
        {"op": "put", "sheet": "Vụ việc", "row": 2, "after": {"date": {"date": "hôm qua"}}},
        {"op": "delete", "sheet": None, "row": 2},
        {"op": "sort", "sheet": "Vụ việc", "row": 2},
    ):
        assert not well_formed(wrong), wrong
    assert well_formed({"op": "delete", "sheet": "Thôn", "row": 2, "before": {"name": "A"}})
