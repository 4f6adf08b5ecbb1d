"""Pilot tests of the operator's flows on real workbooks (one flow a test)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from antq_tui.editing.journal import find_journal, read_journal
from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from tests.tui.conftest import make_app, on_screen, opened, settled, type_text, wait_until
from tests.tui.screen_text import flat_text, screen_text


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
        await on_screen(pilot, "RecordForm")
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
        await wait_until(pilot, lambda: form.texts()["summary"] == "Trộm gà" and not form.errors)
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
        await on_screen(pilot, "RecordForm")
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


async def test_committing_an_unchanged_record_changes_nothing(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down", "enter")
        await on_screen(pilot, "RecordForm")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert app.session.undo_stack == [] and not app.session.dirty
        assert [n.message for n in app._notifications] == ["Bản ghi không thay đổi."]
        assert "đã ghi hết" in screen_text(app)
    assert find_journal(sample_copy) is None


async def test_invalid_record_is_refused_but_kept_as_a_draft(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("right", "enter")  # Ngày xảy ra of row 2
        await on_screen(pilot, "RecordForm")
        await pilot.press("ctrl+u")
        await type_text(pilot, "31/02/2021")
        await wait_until(
            pilot,
            lambda: "✗ Ngày xảy ra: “31/02/2021” không phải ngày hợp lệ" in screen_text(app),
        )
        await pilot.press("ctrl+s")  # refused
        await wait_until(pilot, lambda: any("chưa ghi được" in line for line in app.log_lines))
        assert type(app.screen).__name__ == "RecordForm"
        assert any("chưa ghi được" in line for line in app.log_lines)
        await pilot.press("escape")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("g")  # keep the draft
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert main.row_mark(main.model, main.table.current_item) == ("~", "draft")
        assert app.session.pending == 0 and len(app.session.drafts) == 1
        assert "1 nháp" in screen_text(app)
        draft_ops = [
            op for op in read_journal(find_journal(sample_copy)).ops if op["op"] == "draft"
        ]
        assert draft_ops[-1]["texts"]["date"] == "31/02/2021"
        # Reopening shows the draft as typed; fixing it saves.
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
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
        await on_screen(pilot, "ChoiceDialog")
        assert f"hàng {row}" in screen_text(app)
        await pilot.press("k")  # Thôi: nothing happens
        await wait_until(pilot, lambda: app.screen is main)
        assert len(main.table.rows) == 14 and not app.session.dirty
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        assert len(main.table.rows) == 13
        assert row not in [r.row for r in main.table.rows]
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert len(main.table.rows) == 14 and main.table.current_item.row == row
        assert app.session.pending == 0
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
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
        await wait_until(pilot, lambda: "lọc “dai luong”" in screen_text(app))
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
        await on_screen(pilot, "RecordForm")
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


def _with_errors(tmp_path: Path) -> Path:
    from tests import factory

    return factory.write(
        tmp_path / "tay-son.xlsx",
        incidents=[
            {"date": date(2021, 3, 1), "village": "Tây Sơn", "category": "Ma túy", "summary": "a"},
            {"date": date(2021, 4, 1), "village": "Bắc Sơn", "category": "Khác", "summary": "b"},
            {"date": date(2021, 5, 1), "village": "Tay Son", "category": "Khác", "summary": "c"},
        ],
    )


async def test_validation_panel_jumps_to_the_record_and_field(tmp_path: Path) -> None:
    path = _with_errors(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert "1 lỗi" in screen_text(app)
        assert main.row_mark(main.model, main.table.rows[2]) == ("!", "error")
        await pilot.press("v")
        await on_screen(pilot, "ValidationScreen")
        text = screen_text(app)
        assert "Lỗi Vụ việc!C4  Thôn “Tay Son” không có trong trang Thôn. → Tây Sơn" in text
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is main)
        assert main.table.current_item.row == 4
        assert main.table.current_column.field == "village"
        assert "Thôn: Tay Son  ✗ Thôn “Tay Son” không có trong trang Thôn. → Tây Sơn" in (
            screen_text(app)
        )
        # Fix it from there: the form opens on the field, the Select offers the list.
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
        assert app.focused.id == "field-village"
        await wait_until(
            pilot, lambda: "✗ Thôn “Tay Son” không có trong trang Thôn. → Tây Sơn" in flat_text(app)
        )
        await pilot.press("enter")
        await type_text(pilot, "tay")
        await pilot.press("enter", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert "0 lỗi" in screen_text(app)


async def test_validation_panel_puts_suggestions_in_place(tmp_path: Path) -> None:
    from tests import factory

    path = factory.write(
        tmp_path / "goi-y.xlsx",
        incidents=[
            {"date": date(2021, 3, 1), "village": "Tay Son", "category": "Ma tuy"},
            {"date": "32/13/2021", "village": "Tây Sơn", "category": "Khác"},
        ],
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert "3 lỗi" in screen_text(app)
        await pilot.press("v")
        await on_screen(pilot, "ValidationScreen")
        await pilot.press("f")  # Vụ việc!C2: Tay Son -> Tây Sơn, then the next one
        await pilot.press("f")  # Vụ việc!D2: Ma tuy -> Ma túy
        await wait_until(pilot, lambda: "Đã sửa Vụ việc!D2  → Ma túy" in screen_text(app))
        assert "Đã sửa Vụ việc!C2  → Tây Sơn" in screen_text(app)
        await pilot.press("f")  # Vụ việc!B3, a date: nothing to put, said so
        assert "không có gợi ý sửa sẵn" in app.log_lines[-1]
        assert app.session.pending == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert "1 lỗi" in screen_text(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
    first = load_workbook(path).incidents[0]
    assert (first.village, first.category) == ("Tây Sơn", "Ma túy")


async def test_preview_shows_the_report_model(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 40)) as pilot:
        await opened(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: "BÁO CÁO" in screen_text(app))
        text = screen_text(app)
        assert "XÃ HOÀNG DIỆU" in text and "năm 2021" in text
        page = " ".join(line.strip() for line in text.splitlines())
        first_screen = screen_text(app)
        await pilot.press("pagedown", "pagedown")
        await wait_until(pilot, lambda: screen_text(app) != first_screen)
        page += " " + " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "14 vụ việc" in page
        await pilot.press("escape")
        assert type(app.screen).__name__ == "MainScreen"


async def test_preview_and_docx_say_the_same_words(sample_copy: Path) -> None:
    """The preview renders the same model the export writes: compare their texts."""
    import docx

    from antq_tui.model.periods import year_period
    from antq_tui.report.build import build_report

    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: "hoang-dieu-nam-2021.docx" in screen_text(app))
        await pilot.press("ctrl+s")
        await on_screen(pilot, "MainScreen")
        target = sample_copy.parent / "exports" / "hoang-dieu-nam-2021.docx"
        assert target.is_file()
        assert f"Đã xuất báo cáo: {target}" in app.log_lines
        # Exporting again does not overwrite without asking.
        await pilot.press("x")
        await on_screen(pilot, "ExportDialog")
        await pilot.press("ctrl+s")
        await on_screen(pilot, "ChoiceDialog")
        assert "đã có" in screen_text(app)
        await pilot.press("k", "escape")
    words = " ".join(p.text for p in docx.Document(str(target)).paragraphs)
    model = build_report(load_workbook(sample_copy), year_period(2021))
    first = next(b for b in model.body if hasattr(b, "spans"))
    sentence = "".join(s.text for s in first.spans)
    assert sentence[:80] in words


async def test_totals_for_a_period_with_month_bars(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 40)) as pilot:
        await opened(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: "Số vụ việc theo tháng" in screen_text(app))
        text = screen_text(app)
        rows = {line.split("│")[1].strip(): line for line in text.splitlines() if "│ T" in line}
        assert rows["T03/2021"].count("█") > rows["T01/2021"].count("█") > 0
        assert "│ Cả kỳ" in text and "14" in text.split("│ Cả kỳ")[1].split("\n")[0]
        # Another period: the first quarter has 4 incidents in the sample.
        picker = app.screen.query_one("PeriodPicker")
        picker.query_one("#span").value = "quarter-1"
        await wait_until(pilot, lambda: "theo tháng, quý I năm 2021" in screen_text(app))
        text = screen_text(app)
        assert "T04/2021" not in text
        cells = text.split("│ Cả kỳ")[1].split("\n")[0].split("│")
        assert cells[2].strip() == "4"


async def test_columns_scroll_sideways_and_the_cell_is_shown_in_full(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        header = screen_text(app).splitlines()[1]
        assert "Ghi chú" not in header and "Hàng" in header
        for _ in range(9):
            await pilot.press("l")  # VisiData's right
        header = screen_text(app).splitlines()[1]
        assert main.table.current_column.field == "note"
        assert "Ghi chú" in header and "Hàng" in header  # row numbers stay on the left
        detail = screen_text(app).splitlines()[-3]
        assert detail.strip() == "Ghi chú: " + main.table.current_item.note
        await pilot.press("question_mark")
        await on_screen(pilot, "HelpScreen")
        await pilot.press("escape", "end")
        assert main.table.cursor_row == 13
        await pilot.press("home", "pagedown")
        assert main.table.cursor_row == 13  # one page of 20 rows reaches the end


async def test_copy_a_record_into_a_new_one(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down")  # row 3: 04/02/2021, Đại Lương, Trộm cắp tài sản
        source = main.table.current_item
        await pilot.press("c")
        await on_screen(pilot, "RecordForm")
        form = app.screen
        texts = form.texts()
        assert texts["number"] == "15"  # a new STT, not the copied one
        assert (texts["village"], texts["category"], texts["summary"]) == (
            "Đại Lương",
            "Trộm cắp tài sản",
            "Trộm xe máy",
        )
        assert "Chép từ bản ghi ở hàng 3" in flat_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        added = main.table.current_item
        assert added.row == 16 and added.village == source.village and added.number == 15
        assert app.session.pending == 1


async def test_validation_panel_puts_every_suggestion_as_one_step(tmp_path: Path) -> None:
    from tests import factory

    path = factory.write(
        tmp_path / "goi-y.xlsx",
        incidents=[
            {"date": date(2021, 3, 1), "village": "Tay Son", "category": "Ma tuy"},
            {"date": date(2021, 3, 2), "village": "tay  son", "category": "Ma túy"},
            {"date": date(2021, 3, 3), "village": "Tay Son", "category": "Khác"},
        ],
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert "4 lỗi" in screen_text(app)
        await pilot.press("v")
        await on_screen(pilot, "ValidationScreen")
        await pilot.press("F")
        await on_screen(pilot, "ChoiceDialog")
        assert "Sửa 4 ô theo gợi ý?" in flat_text(app)
        await pilot.press("c")
        await on_screen(pilot, "ValidationScreen")
        assert flat_text(app).count("Đã sửa") == 4
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert "0 lỗi" in screen_text(app) and app.session.pending == 3
        villages = {i.village for i in app.session.current_workbook().incidents}
        assert villages == {"Tây Sơn"}
        await pilot.press("ctrl+z")  # one step back: all four cells
        await settled(pilot)
        assert app.session.pending == 0 and "4 lỗi" in screen_text(app)


async def test_committing_right_after_typing_leaves_no_draft(sample_copy: Path) -> None:
    """The form keeps a draft 0.4 s after the last key. When that timer goes off just as
    ctrl+s is applied (seen in tmux: the value saved and a stale draft of it left behind),
    it must not bring the typed text back as a draft."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("right", "right", "right", "right", "enter")  # Tóm tắt
        await on_screen(pilot, "RecordForm")
        await type_text(pilot, " (sửa)")
        form = app.screen
        form.action_commit()  # what ctrl+s does
        for _ in range(4):  # the draft timer going off while the form is still on screen
            form._keep_draft()
            await asyncio.sleep(0)  # one turn of the loop: the commit is applied meanwhile
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert app.session.pending == 1 and not app.session.drafts
        assert "nháp" not in screen_text(app)
