"""Pilot tests of the operator's flows on real workbooks (one flow a test)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from antq_tui import schema
from antq_tui.journal import find_journal, read_journal
from antq_tui.workbook.reader import load_workbook
from tests.tui.conftest import make_app, opened, settled, type_text, wait_until
from tests.tui.screen_text import screen_text


async def test_browse_sheets_and_status(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        text = screen_text(app)
        assert "1 Vụ việc" in text.splitlines()[0]
        assert "Đông Tiến" in text and "Va chạm" in text
        assert f"{sample_copy.name} │ đã ghi hết │ 0 lỗi · 0 cảnh báo" in text
        assert len(main.table.rows) == 14
        await pilot.press("tab")
        assert main.model.sheet == "Thôn"
        assert "Đại Lương" in screen_text(app)
        await pilot.press("8")
        assert main.model.sheet == schema.SECTIONS_SHEET
        assert "Lãnh đạo, chỉ đạo" in screen_text(app)


async def test_add_a_record_and_save_it(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        form = app.screen
        assert app.focused.id == "field-date"  # STT is filled in: 15
        assert form.texts()["number"] == "15"
        await type_text(pilot, "05/10/2021")
        await pilot.press("tab", "enter")  # the village Select opens
        await type_text(pilot, "lai")
        await pilot.press("enter")
        await pilot.press("tab", "enter")
        await type_text(pilot, "trom")
        await pilot.press("enter")
        await pilot.press("tab")
        await type_text(pilot, "Trộm gà")
        await pilot.pause(0.3)
        assert form.texts()["village"] == "Lai Hà"
        assert form.texts()["category"] == "Trộm cắp tài sản"
        assert form.errors == []
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert len(main.table.rows) == 15
        assert main.table.current_item.summary == "Trộm gà"
        assert "1 thay đổi chưa ghi" in screen_text(app)
        journal = find_journal(sample_copy)
        assert journal is not None  # on disk before any save
        puts = [op for op in read_journal(journal).ops if op["op"] == "put"]
        assert puts[-1]["after"]["summary"] == "Trộm gà"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "đã ghi hết" in screen_text(app)
        assert any("Đã ghi 1 thay đổi" in line for line in app.log_lines)
    incidents = load_workbook(sample_copy).incidents
    added = incidents[-1]
    assert (added.number, added.date, added.village, added.category, added.summary) == (
        15,
        date(2021, 10, 5),
        "Lai Hà",
        "Trộm cắp tài sản",
        "Trộm gà",
    )
    assert find_journal(sample_copy) is None  # cleared after the save


async def test_edit_a_record(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down", "right", "right", "right", "right")  # row 3, Tóm tắt
        assert main.table.current_column.field == "summary"
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        assert app.focused.id == "field-summary"  # the form opens on the cursor's field
        await pilot.press("ctrl+u")
        await type_text(pilot, "Trộm xe máy Honda")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert main.table.current_item.summary == "Trộm xe máy Honda"
        assert main.row_mark(main.model, main.table.current_item) == ("*", "changed")
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert load_workbook(sample_copy).incidents[1].summary == "Trộm xe máy Honda"


async def test_invalid_record_is_refused_but_kept_as_a_draft(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("right", "enter")  # Ngày xảy ra of row 2
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        await pilot.press("ctrl+u")
        await type_text(pilot, "31/02/2021")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "✗ Ngày xảy ra: “31/02/2021” không phải ngày hợp lệ" in text
        await pilot.press("ctrl+s")  # refused
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "RecordForm"
        assert any("chưa ghi được" in line for line in app.log_lines)
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.press("g")  # keep the draft
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert main.row_mark(main.model, main.table.current_item) == ("~", "draft")
        assert app.session.pending == 0 and len(app.session.drafts) == 1
        assert "1 nháp" in screen_text(app)
        draft_ops = [op for op in read_journal(find_journal(sample_copy)).ops if op["op"] == "draft"]
        assert draft_ops[-1]["texts"]["date"] == "31/02/2021"
        # Reopening shows the draft as typed; fixing it saves.
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        assert app.screen.texts()["date"] == "31/02/2021"
        await pilot.press("ctrl+u")
        await type_text(pilot, "28/02/2021")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert app.session.drafts == {} and app.session.pending == 1
        assert main.table.current_item.date == date(2021, 2, 28)


async def test_delete_asks_then_undo_brings_it_back(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down", "down")
        row = main.table.current_item.row
        await pilot.press("delete")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        assert f"hàng {row}" in screen_text(app)
        await pilot.press("k")  # Thôi: nothing happens
        await pilot.pause(0.05)
        assert len(main.table.rows) == 14
        await pilot.press("delete")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        assert len(main.table.rows) == 13
        assert row not in [r.row for r in main.table.rows]
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert len(main.table.rows) == 14 and main.table.current_item.row == row
        assert app.session.pending == 0
        await pilot.press("delete")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
    rows = [r.row for r in load_workbook(sample_copy).incidents]
    assert len(rows) == 13 and row not in rows


async def test_filter_without_diacritics(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dai luong")
        await pilot.pause(0.1)
        assert {r.village for r in main.table.rows} == {"Đại Lương"}
        assert len(main.table.rows) == 2
        assert "lọc “dai luong”: 2/14" in screen_text(app)
        await pilot.press("enter")  # keep the filter, back to the table
        assert app.focused is main.table
        await pilot.press("escape")
        assert len(main.table.rows) == 14


async def test_undo_reverts_an_edit(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        before = main.table.current_item.summary
        await pilot.press("right", "right", "right", "right", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        await type_text(pilot, " (sửa)")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert main.table.current_item.summary == before + " (sửa)"
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert main.table.current_item.summary == before
        assert app.session.pending == 0
        await pilot.press("ctrl+z")
        assert any("Không còn gì để hoàn tác" in line for line in app.log_lines)
