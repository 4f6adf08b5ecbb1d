"""Pilot tests of tab 9, Danh mục: add, edit, undo, delete and recovery of list entries."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from antq_tui.editing.drafts import catalog_draft_lists, catalog_draft_texts
from antq_tui.editing.journal import beside_path, find_journal, read_journal
from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
from tests.tui.conftest import make_app, on_screen, opened, settled, type_text, wait_until
from tests.tui.screen_text import flat_text, screen_text

CATALOG = schema.CATALOG_SHEET
KINDS = schema.INCIDENT_CATEGORIES.name
HANDLINGS = schema.HANDLINGS.name


def _entries(path: Path) -> dict[str, list[tuple[str, int, dict]]]:
    catalog = load(path).workbook.catalog
    return {n: [(e.value, e.row, e.attributes) for e in v] for n, v in catalog.entries.items()}


async def _to_entry(pilot, main, list_name: str, value: str) -> None:
    await pilot.press("9")
    assert main.model.sheet == CATALOG
    for index, item in enumerate(main.table.rows):
        if item.list_name == list_name and item.value == value:
            main.table.move_to(index)
            await pilot.pause()  # the move handled (no clock)
            return
    raise AssertionError(f"{list_name}: {value} not in the table")


async def test_add_a_category_it_is_offered_at_once_and_saved(sample_copy: Path) -> None:
    before = _entries(sample_copy)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        assert "9 DM" in screen_text(app).splitlines()[0]
        await pilot.press("9")
        assert main.model.sheet == CATALOG
        assert "Danh sách" in screen_text(app) and "Trộm cắp tài sản" in screen_text(app)
        await pilot.press("a")  # the cursor is on a Loại vụ việc row
        await on_screen(pilot, "CatalogForm")
        form = app.screen
        assert "Thêm vào danh sách Loại vụ việc" in screen_text(app)
        assert app.focused.id == "field-value"
        await type_text(pilot, "Giết người")
        await pilot.press("tab")
        await type_text(pilot, "vụ giết người")
        await pilot.press("tab", "enter")  # Nêu tên thôn: the Select opens
        await type_text(pilot, "co")
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.texts()["name_villages"] == "Có" and not form.errors)
        assert form.texts() == {
            "value": "Giết người",
            "phrase": "vụ giết người",
            "name_villages": "Có",
            "name_causes": "",
        }
        assert form.errors == []
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        item = main.table.current_item
        assert (item.list_name, item.value, item.row) == (KINDS, "Giết người", 12)
        assert main.row_mark(main.model, item) == ("+", "new")
        assert "1 thay đổi chưa ghi" in screen_text(app)
        catalog = app.session.current_workbook().catalog
        assert catalog.vocabulary(KINDS).canonical("giết người") == "Giết người"
        puts = [op for op in read_journal(find_journal(sample_copy)).ops if op["op"] == "put"]
        assert puts[-1]["after"][KINDS] == "Giết người"
        # The incident form offers it at once, before any save.
        await pilot.press("1", "a")
        await on_screen(pilot, "RecordForm")
        category = next(f for f in app.screen.fields if f.name == "category")
        assert "Giết người" in category.options
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "đã ghi hết" in screen_text(app)
    after = _entries(sample_copy)
    assert after[KINDS][-1] == (
        "Giết người",
        12,
        {"phrase": "vụ giết người", "name_villages": True},
    )
    assert after[KINDS][:-1] == before[KINDS]
    for name in (HANDLINGS, "Chỉ tiêu", "Loại mô hình"):
        assert after[name] == before[name]
    log = CalamineWorkbook.from_path(str(sample_copy)).get_sheet_by_name(schema.AUDIT_SHEET)
    assert any("Giết người" in map(str, row) for row in log.to_python())
    assert find_journal(sample_copy) is None


async def test_edit_an_attribute_then_undo(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await _to_entry(pilot, main, KINDS, "Trộm cắp tài sản")
        await pilot.press("right", "right")  # Cách viết
        assert main.table.current_column.field == "phrase"
        await pilot.press("enter")
        await on_screen(pilot, "CatalogForm")
        assert "Sửa danh mục — Loại vụ việc, hàng 4" in screen_text(app)
        assert "6 ô trong các bản ghi đang dùng giá trị này" in flat_text(app)
        assert app.focused.id == "field-phrase"
        await pilot.press("ctrl+u")
        await type_text(pilot, "vụ trộm cắp tài sản")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        item = main.table.current_item
        assert (item.value, item.attributes["phrase"]) == (
            "Trộm cắp tài sản",
            "vụ trộm cắp tài sản",
        )
        assert main.row_mark(main.model, item) == ("*", "changed")
        others = [i for i in main.table.rows if i.row == 4 and i.list_name != KINDS]
        assert others and all(main.row_mark(main.model, i) is None for i in others)
        catalog = app.session.current_workbook().catalog
        assert (
            catalog.entry(KINDS, "Trộm cắp tài sản").attributes["phrase"] == "vụ trộm cắp tài sản"
        )
        await pilot.press("ctrl+z")
        await settled(pilot)
        item = main.table.current_item
        assert (item.list_name, item.attributes["phrase"]) == (KINDS, "vụ trộm")
        assert app.session.pending == 0
        ops = [op["op"] for op in read_journal(find_journal(sample_copy)).ops]
        assert ops[-2:] == ["put", "undo"]


async def test_delete_asks_says_who_uses_it_and_clears_only_that_list(sample_copy: Path) -> None:
    before = _entries(sample_copy)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await _to_entry(pilot, main, HANDLINGS, "Bàn giao Công an huyện")
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
        text = flat_text(app)
        assert "Xóa giá trị khỏi danh mục? (Danh mục, hàng 2)" in text
        assert "Còn 6 bản ghi đang dùng giá trị này" in text
        await pilot.press("k")  # Thôi
        await wait_until(pilot, lambda: app.screen is main)
        assert not app.session.dirty
        await pilot.press("delete")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await settled(pilot)
        values = [(i.list_name, i.value) for i in main.table.rows]
        assert (HANDLINGS, "Bàn giao Công an huyện") not in values
        assert (KINDS, "Ma túy") in values
        # The records using it are flagged now.
        flagged = [f for f in app.report.findings if "Bàn giao Công an huyện" in f.message]
        assert len(flagged) == 6
        await pilot.press("ctrl+s")
        await settled(pilot)
    after = _entries(sample_copy)
    assert after[HANDLINGS] == before[HANDLINGS][1:]
    for name in (KINDS, "Chỉ tiêu", "Loại mô hình"):
        assert after[name] == before[name]  # row 2's other lists kept


async def test_an_added_entry_survives_the_end_of_the_process(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await _to_entry(pilot, main, HANDLINGS, "Đang xác minh")
        await pilot.press("a")
        await on_screen(pilot, "CatalogForm")
        assert "Thêm vào danh sách Xử lý — Danh mục, hàng 9" in screen_text(app)
        await type_text(pilot, "Nhắc nhở")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert app.session.pending == 1
    # The app ended without a save (as after a kill: the journal is already on disk).
    assert load(sample_copy).workbook.catalog.entry(HANDLINGS, "Nhắc nhở") is None
    assert find_journal(sample_copy) == beside_path(sample_copy)
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        assert "Khôi phục thay đổi chưa ghi?" in flat_text(again)
        await pilot.press("c")  # Khôi phục
        await settled(pilot)
        catalog = again.session.current_workbook().catalog
        assert catalog.entry(HANDLINGS, "Nhắc nhở").row == 9
        await pilot.press("ctrl+s")
        await settled(pilot)
    saved = load(sample_copy).workbook.catalog
    assert saved.entry(HANDLINGS, "Nhắc nhở").row == 9
    assert saved.entry(KINDS, "Gây rối trật tự công cộng").row == 9  # row 9's other list kept


async def test_filter_a_refused_entry_kept_as_draft_then_fixed_and_undone(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("9", "slash")
        await type_text(pilot, "xac minh")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(main.table.rows) == 1)
        assert [(i.list_name, i.value, i.row) for i in main.table.rows] == [
            (HANDLINGS, "Đang xác minh", 7)
        ]
        await pilot.press("enter")
        await on_screen(pilot, "CatalogForm")
        assert app.focused.id == "field-value"
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: "✗ Giá trị: chưa nhập." in screen_text(app))
        await pilot.press("ctrl+s")  # refused: kept as a draft of this list's entry
        await wait_until(pilot, lambda: app.session.drafts)
        assert type(app.screen).__name__ == "CatalogForm"
        await pilot.press("escape")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("g")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        (draft,) = app.session.drafts.values()
        assert draft.row == 7 and catalog_draft_lists(draft) == [HANDLINGS]
        assert catalog_draft_texts(draft, HANDLINGS)["value"] == ""
        assert main.row_mark(main.model, main.table.current_item) == ("~", "draft")
        same_row = [i for i in main.model.rows(app.session) if i.row == 7 and i.list_name == KINDS]
        assert same_row and main.row_mark(main.model, same_row[0]) is None
        await pilot.press("enter")
        await on_screen(pilot, "CatalogForm")
        assert app.screen.texts()["value"] == ""
        await type_text(pilot, "Đang xác minh thêm")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert app.session.drafts == {} and app.session.pending == 1
        item = main.table.current_item
        assert (item.list_name, item.value) == (HANDLINGS, "Đang xác minh thêm")
        await pilot.press("ctrl+z")
        await settled(pilot)
        item = main.table.current_item
        assert (item.list_name, item.value) == (HANDLINGS, "Đang xác minh")
        assert app.session.pending == 0


async def test_conflict_on_save_merges_list_by_list(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await _to_entry(pilot, main, HANDLINGS, "Đang xác minh")
        await pilot.press("a")
        await on_screen(pilot, "CatalogForm")
        await type_text(pilot, "Nhắc nhở")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        # Meanwhile someone fills the very cell this entry was to take (Xử lý, row 9).
        save(
            load(sample_copy),
            [SetCell(CATALOG, 9, HANDLINGS, "Khiển trách")],
            command="test",
            user="khac",
        )
        await pilot.press("ctrl+s")
        await on_screen(pilot, "ChoiceDialog")
        assert "Sổ đã bị sửa ở nơi khác" in flat_text(app)
        await pilot.press("g")  # merge
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "đã ghi hết" in screen_text(app)
    saved = load(sample_copy).workbook.catalog
    assert saved.entry(HANDLINGS, "Khiển trách").row == 9  # theirs kept
    assert saved.entry(HANDLINGS, "Nhắc nhở").row == 10  # ours in the next empty cell
    assert saved.entry(KINDS, "Gây rối trật tự công cộng").row == 9


def test_an_emptied_list_keeps_a_row_to_add_from(sample_copy: Path) -> None:
    from antq_tui.editing.session import EditSession
    from antq_tui.tui.sheets import CatalogSheet

    session = EditSession(load(sample_copy))
    for entry in session.workbook.catalog.entries["Loại mô hình"]:
        session.delete_catalog_entry("Loại mô hình", entry.row)
    rows = CatalogSheet().rows(session)
    models = [i for i in rows if i.list_name == "Loại mô hình"]
    assert len(models) == 1 and models[0].row < 0
    assert CatalogSheet().cells(models[0])[:2] == ["Loại mô hình", "(trống)"]
    assert session.catalog_slot("Loại mô hình") == 2


async def test_renaming_a_value_offers_to_rename_its_records(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)

        async def rename(answer: str) -> None:
            await _to_entry(pilot, main, KINDS, "Trộm cắp tài sản")
            await pilot.press("enter")
            await on_screen(pilot, "CatalogForm")
            await pilot.press("ctrl+u")
            await type_text(pilot, "Trộm cắp")
            await pilot.press("ctrl+s")
            await on_screen(pilot, "ChoiceDialog")
            assert "6 ô trong các bản ghi đang ghi “Trộm cắp tài sản”" in flat_text(app)
            await pilot.press(answer)
            await wait_until(pilot, lambda: app.screen is main)
            await settled(pilot)

        await rename("c")  # the records too
        incidents = app.session.current_workbook().incidents
        assert sum(i.category == "Trộm cắp" for i in incidents) == 6
        assert app.report.errors == [] and app.session.pending == 7
        await pilot.press("ctrl+z")  # one step back: the entry and the six records
        await settled(pilot)
        assert app.session.pending == 0
        assert (main.table.current_item.list_name, main.table.current_item.row) == (KINDS, 4)
        await rename("d")  # the list only: the records are flagged
        assert app.session.pending == 1
        assert len([f for f in app.report.errors if "Trộm cắp tài sản" in f.message]) == 6
        await pilot.press("ctrl+z")
        await settled(pilot)
        await rename("k")  # neither: nothing changes, the typed value waits as a draft
        assert app.session.pending == 0
        assert catalog_draft_texts(app.session.draft(CATALOG, 4), KINDS)["value"] == "Trộm cắp"
        await rename("c")
        assert app.session.draft(CATALOG, 4) is None
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert not app.session.dirty
    workbook = load(sample_copy).workbook
    assert [e.value for e in workbook.catalog.entries[KINDS]][2] == "Trộm cắp"
    assert sum(i.category == "Trộm cắp" for i in workbook.incidents) == 6
    assert not any(i.category == "Trộm cắp tài sản" for i in workbook.incidents)


async def test_drafts_of_two_lists_on_one_row_both_survive(sample_copy: Path) -> None:
    """Row 4 holds an entry of each list: a draft left on one is kept while another
    list's entry on that row is edited, committed or left as a draft too."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)

        async def leave_blank(list_name: str, value: str) -> None:
            await _to_entry(pilot, main, list_name, value)
            await pilot.press("enter")
            await on_screen(pilot, "CatalogForm")
            await pilot.press("ctrl+u", "ctrl+s")  # a required value emptied: refused
            await pilot.press("escape")
            await on_screen(pilot, "ChoiceDialog")
            await pilot.press("g")  # keep the draft
            await wait_until(pilot, lambda: app.screen is main)
            await settled(pilot)

        await leave_blank(KINDS, "Trộm cắp tài sản")
        await leave_blank(HANDLINGS, "Công an xã giải quyết")
        draft = app.session.draft(CATALOG, 4)
        assert sorted(catalog_draft_lists(draft)) == sorted([KINDS, HANDLINGS])
        marks = {i.list_name: main.row_mark(main.model, i) for i in main.table.rows if i.row == 4}
        assert marks[KINDS] == marks[HANDLINGS] == ("~", "draft")
        assert marks["Loại mô hình"] is None
        # A valid edit of the third list on row 4 leaves both drafts alone.
        await _to_entry(pilot, main, "Loại mô hình", "Liên kết bảo đảm ANTT")
        await pilot.press("enter")
        await on_screen(pilot, "CatalogForm")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Liên kết bảo đảm an ninh")
        await pilot.press("ctrl+s")
        await on_screen(pilot, "ChoiceDialog")  # a model uses it: rename that one too
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert sorted(catalog_draft_lists(app.session.draft(CATALOG, 4))) == sorted(
            [KINDS, HANDLINGS]
        )
        # Each draft reopens with its own list's text; finishing one keeps the other.
        await _to_entry(pilot, main, KINDS, "Trộm cắp tài sản")
        await pilot.press("enter")
        await on_screen(pilot, "CatalogForm")
        assert "Đang mở bản nháp" in flat_text(app)
        assert app.screen.texts()["value"] == ""
        await type_text(pilot, "Trộm cắp tài sản")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert catalog_draft_lists(app.session.draft(CATALOG, 4)) == [HANDLINGS]
        # The journal holds the same: a restart offers both back.
        ops = read_journal(find_journal(sample_copy)).ops
        last = [op for op in ops if op["op"] == "draft"][-1]
        assert any(key.startswith(HANDLINGS) for key in last["texts"])


async def test_undoing_an_add_stays_in_that_list(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        models = "Loại mô hình"
        first = _entries(sample_copy)[models][0][0]
        await _to_entry(pilot, main, models, first)
        await pilot.press("a")
        await on_screen(pilot, "CatalogForm")
        await type_text(pilot, "Camera an ninh")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        added = main.table.current_item
        assert (added.list_name, added.value) == (models, "Camera an ninh")
        await pilot.press("ctrl+z")
        await settled(pilot)
        # The added entry is gone; its row holds other lists' entries: stay in this list.
        assert main.table.current_item.list_name == models
