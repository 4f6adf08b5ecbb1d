"""Never lose work: recovery after a kill, conflicts on disk, second operators, Excel locks."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from antq_tui.editing.journal import beside_path, find_journal
from antq_tui.model import schema
from antq_tui.workbook.reader import load, load_workbook
from antq_tui.workbook.write.writer import SetCell, save
from tests.tools import missing_system_part, require_tool
from tests.tui.conftest import (
    SmallDisk,
    make_app,
    on_screen,
    opened,
    settled,
    type_text,
    wait_until,
)
from tests.tui.screen_text import flat_text, screen_text

INCIDENTS = schema.INCIDENTS.name


async def _edit_summary(pilot, app, text: str) -> None:
    """On the current row: open the form on Tóm tắt, replace it, commit."""
    main = app.main
    while main.table.current_column.field != "summary":
        await pilot.press("right")
    await pilot.press("enter")
    await on_screen(pilot, "RecordForm")
    await pilot.press("ctrl+u")
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is main)
    await settled(pilot)


async def test_recovery_after_the_process_ended_without_saving(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Sửa trước khi mất kết nối")
        await pilot.press("down")
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        assert app.session.pending == 2
    # The app ended without a save (as after a kill: the journal is already on disk).
    assert load_workbook(sample_copy).incidents[0].summary != "Sửa trước khi mất kết nối"
    assert find_journal(sample_copy) == beside_path(sample_copy)
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        text = flat_text(again)
        assert "Khôi phục thay đổi chưa ghi?" in text
        assert "còn 2 thay đổi chưa ghi vào sổ" in text
        await pilot.press("c")  # Khôi phục
        await settled(pilot)
        assert again.session.pending == 2
        assert again.main.table.rows[0].summary == "Sửa trước khi mất kết nối"
        assert len(again.main.table.rows) == 13
        await pilot.press("ctrl+s")
        await settled(pilot)
    saved = load_workbook(sample_copy).incidents
    assert saved[0].summary == "Sửa trước khi mất kết nối" and len(saved) == 13
    assert find_journal(sample_copy) is None


async def test_recovery_can_be_declined_and_the_journal_is_kept_aside(
    sample_copy: Path, private_home: Path
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Bỏ đi")
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("b")
        await settled(pilot)
        assert again.session.pending == 0
    assert find_journal(sample_copy) is None
    kept = list((private_home / ".local/state/antq/journals/discarded").iterdir())
    assert len(kept) == 1 and "Bỏ đi" in kept[0].read_text(encoding="utf-8")


async def test_recovery_onto_a_workbook_changed_since_merges(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Của tôi")
    # Meanwhile someone changes another record in the file.
    loaded = load(sample_copy)
    other = loaded.workbook.incidents[5]
    save(loaded, [SetCell(INCIDENTS, other.row, "deaths", 3)], command="test", user="khac")
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        assert "gộp vào bản hiện tại" in flat_text(again)
        await pilot.press("c")  # Khôi phục
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
    saved = load_workbook(sample_copy).incidents
    assert saved[0].summary == "Của tôi" and saved[5].deaths == 3


async def test_conflict_on_save_then_merge(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Sửa của tôi")
        # Someone saves the same workbook in the meantime (another field of the same row,
        # and another row).
        loaded = load(sample_copy)
        first, third = loaded.workbook.incidents[0], loaded.workbook.incidents[2]
        save(
            loaded,
            [
                SetCell(INCIDENTS, first.row, "note", "ghi chú của họ"),
                SetCell(INCIDENTS, third.row, "injuries", 7),
            ],
            command="test",
            user="khac",
        )
        await pilot.press("ctrl+s")
        await on_screen(pilot, "ChoiceDialog")
        assert "Sổ đã bị sửa ở nơi khác" in flat_text(app)
        assert load_workbook(sample_copy).incidents[0].summary != "Sửa của tôi"  # not written
        await pilot.press("g")  # merge
        await settled(pilot)
        assert any("Đã gộp 1 thay đổi" in line for line in app.log_lines)
        await pilot.press("ctrl+s")
        await settled(pilot)
    saved = load_workbook(sample_copy).incidents
    assert saved[0].summary == "Sửa của tôi"
    assert saved[0].note == "ghi chú của họ"
    assert saved[2].injuries == 7


async def test_conflict_reload_discards_mine_but_keeps_them_aside(
    sample_copy: Path, private_home: Path
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Sẽ bỏ")
        loaded = load(sample_copy)
        save(loaded, [SetCell(INCIDENTS, 2, "note", "của họ")], command="test", user="khac")
        await pilot.press("ctrl+s")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("b")  # reload, mine set aside
        await settled(pilot)
        assert app.session.pending == 0
        assert app.main.table.rows[0].note == "của họ"
    kept = list((private_home / ".local/state/antq/journals/discarded").iterdir())
    assert len(kept) == 1 and "Sẽ bỏ" in kept[0].read_text(encoding="utf-8")


async def test_a_change_on_disk_is_noticed_without_saving(sample_copy: Path) -> None:
    app = make_app(sample_copy, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        loaded = load(sample_copy)
        save(loaded, [SetCell(INCIDENTS, 2, "note", "lần 1")], command="test", user="khac")
        # Nothing pending: the new version is simply loaded, and said.
        await wait_until(pilot, lambda: app.main.table.rows[0].note == "lần 1")
        assert any("đã tải lại" in line for line in app.log_lines)
        await _edit_summary(pilot, app, "đang sửa")
        loaded = load(sample_copy)
        save(loaded, [SetCell(INCIDENTS, 3, "note", "lần 2")], command="test", user="khac")
        # Pending edits: the operator is asked, at once.
        await on_screen(pilot, "ChoiceDialog")
        assert "Sổ vừa được sửa ở nơi khác" in flat_text(app)
        await pilot.press("g")
        await settled(pilot)
        rows = app.main.table.rows
        assert rows[0].summary == "đang sửa" and rows[1].note == "lần 2"


async def test_second_operator_gets_it_read_only(sample_copy: Path, lock_holder) -> None:
    holder = lock_holder(sample_copy)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        text = flat_text(app)
        assert "CHỈ ĐỌC" in text
        assert f"pid {holder.pid}" in text and "mở để sửa" in text
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await pilot.press("delete")
        await wait_until(pilot, lambda: app.log_lines.count(app.read_only) >= 4)  # and opening
        assert type(app.screen).__name__ == "MainScreen"
        # The record can still be looked at, in a form that cannot save.
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
        assert "(chỉ xem)" in screen_text(app)
        assert "Ghi bản ghi" not in screen_text(app)
    assert find_journal(sample_copy) is None


async def test_workbook_open_in_libreoffice_opens_read_only_until_closed(sample_copy: Path) -> None:
    lock = sample_copy.with_name(f".~lock.{sample_copy.name}#")
    lock.write_text("Nguyễn Văn An,an,may-xa,28.11.2026 09:15,file:///home/an;", encoding="utf-8")
    app = make_app(sample_copy, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        text = flat_text(app)
        assert "CHỈ ĐỌC" in text and "LibreOffice" in text and "Nguyễn Văn An" in text
        # And if nobody has it open any more (a lock left by a crash): what to delete, where.
        assert any(f"xóa tệp “{lock.name}”" in line for line in app.log_lines)
        await pilot.press("a")
        assert type(app.screen).__name__ == "MainScreen"
        lock.unlink()  # the clerk closes the workbook in LibreOffice
        await wait_until(pilot, lambda: app.read_only is None)
        assert "CHỈ ĐỌC" not in flat_text(app)
        await _edit_summary(pilot, app, "Sau khi đóng LibreOffice")
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert load_workbook(sample_copy).incidents[0].summary == "Sau khi đóng LibreOffice"


async def test_quit_asks_when_there_are_unsaved_edits(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Chưa ghi")
        await pilot.press("q")
        await on_screen(pilot, "ChoiceDialog")
        assert "Còn 1 thay đổi chưa ghi" in flat_text(app)
        await pilot.press("s")  # stay (Sửa tiếp)
        assert app.is_running and type(app.screen).__name__ == "MainScreen"
        await pilot.press("q")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("g")  # save, then quit
        await wait_until(pilot, lambda: not app.is_running)
    assert load_workbook(sample_copy).incidents[0].summary == "Chưa ghi"
    assert app.return_code == 0


async def test_an_unexpected_error_shows_one_sentence_and_keeps_the_journal(
    sample_copy: Path, private_home: Path, monkeypatch, capsys
) -> None:
    import pytest

    from antq_tui.tui.screens.main import MainScreen

    def broken(self) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(MainScreen, "action_totals", broken)
    app = make_app(sample_copy)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await _edit_summary(pilot, app, "Trước lỗi")
            await pilot.press("t")
            await wait_until(pilot, lambda: not app.is_running)
    printed = " ".join(capsys.readouterr().err.split())
    assert "Lỗi không mong muốn (RuntimeError); chương trình đã dừng." in printed
    assert "Traceback" not in printed
    log = private_home / ".local" / "state" / "antq" / "antq.log"
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")
    assert find_journal(sample_copy) is not None  # the edit survives the crash


_SAVE_THEN_DIE = """
import os, signal, sys
from pathlib import Path
from antq_tui.editing.drafts import Draft
from antq_tui.editing.journal import Journal
from antq_tui.editing.session import EditSession
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import save
path, sheet = Path(sys.argv[1]), sys.argv[2]
session = EditSession(load(path), Journal.for_workbook(path))
first = session.workbook.incidents[0]
added = dict(session.current(sheet, first.row), summary="Vụ thêm trước khi mất điện")
session.add(sheet, added)
session.set_draft(Draft(sheet, 3, {"date": "32/13/2021"}, base=session.base(sheet, 3)))
save(session.loaded, session.writer_edits(), command="antq tui",
     before_replace=session.journal.record_save)
os.kill(os.getpid(), signal.SIGKILL)  # after the rename, before the journal is removed
"""


async def test_a_kill_right_after_a_save_is_known_as_our_own_save(sample_copy: Path) -> None:
    before = len(load_workbook(sample_copy).incidents)
    died = subprocess.run(
        [sys.executable, "-c", _SAVE_THEN_DIE, str(sample_copy), INCIDENTS],
        capture_output=True,
        text=True,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert len(load_workbook(sample_copy).incidents) == before + 1  # the save went through
    assert find_journal(sample_copy) is not None  # and the journal was left behind
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await settled(pilot)
        assert "Khôi phục thay đổi chưa ghi?" not in flat_text(app)
        assert app.session.pending == 0  # the added record is in the file, not pending again
        assert len(app.session.drafts) == 1  # the draft was never saved: it is still there
        assert len(app.main.table.rows) == before + 1
        await pilot.press("q")
    assert len(load_workbook(sample_copy).incidents) == before + 1


async def test_a_kill_before_the_rename_still_offers_the_changes(sample_copy: Path) -> None:
    # The same crash one step earlier: the saved line is written, the file never replaced.
    script = _SAVE_THEN_DIE.replace(
        "before_replace=session.journal.record_save)",
        "before_replace=lambda h: (session.journal.record_save(h), os.kill(os.getpid(), 9)))",
    )
    before = sample_copy.read_bytes()
    died = subprocess.run(
        [sys.executable, "-c", script, str(sample_copy), INCIDENTS], capture_output=True, text=True
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert sample_copy.read_bytes() == before
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        assert "còn 1 thay đổi chưa ghi vào sổ và 1 bản nháp" in flat_text(app)


async def test_a_save_refused_for_an_office_lock_says_what_a_tui_user_can_do(
    sample_copy: Path,
) -> None:
    """The writer's refusal names the CLI's --force; the TUI says what works here."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _edit_summary(pilot, app, "Chưa ghi được")
        owner = sample_copy.with_name(f".~lock.{sample_copy.name}#")
        owner.write_text("Trần Thị Bình,binh,may-2,01.12.2026 10:00,file:///x;", encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("nên chưa ghi" in line for line in app.log_lines))
        said = next(line for line in app.log_lines if "nên chưa ghi" in line)
        assert "--force" not in said
        assert "Trần Thị Bình" in said and "LibreOffice" in said and "bấm ctrl+s" in said
        assert f"xóa tệp “{owner.name}” trong thư mục {sample_copy.parent}" in said
        assert app.session.pending == 1  # nothing lost
        owner.unlink()  # closed there: the next ctrl+s goes through
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert not app.session.dirty
    assert load_workbook(sample_copy).incidents[0].summary == "Chưa ghi được"


async def test_a_full_disk_opens_the_workbook_to_read_and_says_so(small_disk: SmallDisk) -> None:
    small_disk.fill()
    workbook = small_disk.workbook
    before = workbook.read_bytes()
    lock_file = workbook.with_name(f".~antq.{workbook.name}.lock")
    app = make_app(workbook)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert len(main.table.rows) == 14  # readable
        assert "CHỈ ĐỌC" in screen_text(app)
        assert app.read_only is not None and "đã đầy" in app.read_only
        assert str(small_disk.folder) in app.read_only
        said = " ".join(app.log_lines)
        assert "tệp khôi phục" not in said and "Chưa ghi gì" not in said
        assert not lock_file.exists()  # the empty lock file is gone
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert workbook.read_bytes() == before
    assert sorted(p.name for p in small_disk.folder.iterdir()) == ["filler", workbook.name]


async def test_a_disk_that_fills_up_while_editing_refuses_the_change_and_says_why(
    small_disk: SmallDisk,
) -> None:
    lock_name = f".~antq.{small_disk.workbook.name}.lock"
    app = make_app(small_disk.workbook)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert app.read_only is None
        small_disk.fill()
        await pilot.press("down", "delete")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await wait_until(pilot, lambda: any("Ổ đĩa đã đầy" in line for line in app.log_lines))
        said = next(line for line in app.log_lines if "Ổ đĩa đã đầy" in line)
        assert "chưa được thực hiện" in said
        assert app.screen is main and app.session.pending == 0  # refused, not half done
        assert len(main.table.rows) == 14
        names = {p.name for p in small_disk.folder.iterdir()}  # nothing half-written:
        assert names == {"filler", small_disk.workbook.name, lock_name}
        small_disk.free()  # room again: the same change goes through, into the journal
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        assert app.session.pending == 1 and find_journal(small_disk.workbook) is not None


async def test_an_unexpected_error_with_nothing_pending_speaks_of_no_recovery_file(
    sample_copy: Path, monkeypatch, capsys
) -> None:
    import pytest

    from antq_tui.tui.screens.main import MainScreen

    def broken(self) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(MainScreen, "action_totals", broken)
    app = make_app(sample_copy)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await pilot.press("t")
            await wait_until(pilot, lambda: not app.is_running)
    printed = " ".join(capsys.readouterr().err.split())
    assert "Lỗi không mong muốn (RuntimeError); chương trình đã dừng." in printed
    assert "tệp khôi phục" not in printed  # there is none: nothing was changed
    assert find_journal(sample_copy) is None


FULL_DISK_TESTS = (
    test_a_full_disk_opens_the_workbook_to_read_and_says_so,
    test_a_disk_that_fills_up_while_editing_refuses_the_change_and_says_why,
)


def test_full_disk_tests_as_root_of_a_user_namespace(tmp_path: Path) -> None:
    """The full-disk tests mount a tmpfs, which needs root: for a user who is not, they
    skip, and here they run again inside ``unshare -rm`` (root of a private user and
    mount namespace), so they are never left out. As root they run twice; it costs
    seconds."""
    unshare = require_tool("unshare")
    ids = [f"{__file__}::{test.__name__}" for test in FULL_DISK_TESTS]
    result = subprocess.run(
        [unshare, "-rm", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'inner'}", *ids],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    if "unshare failed" in result.stderr:
        missing_system_part(f"cannot enter a user namespace: {result.stderr.strip()}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(FULL_DISK_TESTS)} passed" in result.stdout, result.stdout
    assert "skipped" not in result.stdout, result.stdout
