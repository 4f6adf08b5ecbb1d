"""A new user's first walk through the TUI: what confused them, each fixed and kept fixed."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antq_tui.tui.screens.dialogs import LETTERS, NO, YES
from antq_tui.workbook.guards import own_lock
from tests.tui.conftest import make_app, on_screen, opened, type_text, wait_until
from tests.tui.screen_text import flat_text, screen_text


async def _new_incident(pilot) -> None:
    await pilot.press("a")
    await on_screen(pilot, "RecordForm")


async def test_the_village_drop_down_shows_what_is_typed_and_finds_it(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _new_incident(pilot)
        form = app.screen
        await pilot.press("tab")  # Ngày xảy ra → Thôn, closed
        assert app.focused is not None and app.focused.id == "field-village"
        await type_text(pilot, "dong tie")  # typing opens the list; no diacritics needed
        await wait_until(pilot, lambda: "tìm: dong tie" in screen_text(app))
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await wait_until(pilot, lambda: "tìm: dong ─" in screen_text(app))
        await type_text(pilot, " tien")
        await wait_until(pilot, lambda: "tìm: dong tien" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.texts()["village"] == "Đông Tiến")
        assert "tìm:" not in screen_text(app)  # the list closed with its search
        await pilot.press("enter")  # opened again: a fresh search, and it says how
        await wait_until(pilot, lambda: "gõ để tìm" in screen_text(app))
        await type_text(pilot, "xyz")
        await wait_until(pilot, lambda: "tìm: xyz (không có)" in screen_text(app))
        await pilot.press("escape")  # closes the list, not the form
        await wait_until(pilot, lambda: "tìm:" not in screen_text(app))
        assert app.screen is form and app.focused is form.query_one("#field-village")
        assert form.texts()["village"] == "Đông Tiến"  # nothing found, nothing changed


async def test_a_new_form_says_what_is_missing_only_once_a_field_is_left_or_saved(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _new_incident(pilot)
        form = app.screen
        await wait_until(pilot, lambda: form.findings != [])  # checked: three are missing
        assert "Thiếu" not in screen_text(app)  # but nothing typed yet is not an error
        await pilot.press("tab")  # the date left empty
        await wait_until(pilot, lambda: "✗ Thiếu “Ngày xảy ra”" in screen_text(app))
        text = screen_text(app)
        assert "Thiếu “Thôn”" not in text and "Thiếu “Loại vụ việc”" not in text
        await pilot.press("ctrl+s")  # a save tried: everything missing is said
        await wait_until(pilot, lambda: "✗ Thiếu “Loại vụ việc”" in screen_text(app))
        assert "✗ Thiếu “Thôn”" in screen_text(app)


async def test_a_number_field_says_what_it_takes_instead_of_dropping_keys(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await _new_incident(pilot)
        form = app.screen
        form.query_one("#field-injuries").focus()
        await type_text(pilot, "-1")
        await wait_until(pilot, lambda: "chỉ nhận số nguyên từ 0 trở lên" in screen_text(app))
        assert form.texts()["injuries"] == "1"  # the minus did not fit, and it was said
        await pilot.press("tab")  # left: the note goes with the operator
        await wait_until(pilot, lambda: "chỉ nhận số nguyên" not in screen_text(app))
        assert app.focused is not None and app.focused.id == "field-damage"
        await type_text(pilot, "x")
        await wait_until(pilot, lambda: "chỉ nhận số từ 0 trở lên" in screen_text(app))


async def test_the_command_palette_says_in_vietnamese_when_nothing_matches(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("ctrl+p")
        await on_screen(pilot, "CommandPalette")
        await type_text(pilot, "xyz")
        await wait_until(pilot, lambda: "Không có lệnh nào khớp “xyz”" in screen_text(app))
        assert "No matches" not in screen_text(app)
        await pilot.press("enter")  # choosing the line only closes the palette
        await wait_until(pilot, lambda: app.screen is main)
        assert app.session is not None and not app.session.dirty


async def test_help_says_how_to_close_it_and_lists_the_panel_keys(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("f1")
        await on_screen(pilot, "HelpScreen")
        assert "(Esc, q, f1 hoặc ? để đóng)" in screen_text(app).splitlines()[1]  # at the top
        help_screen = app.screen
        help_screen.query_one("VerticalScroll").scroll_end(animate=False)
        await wait_until(pilot, lambda: "F sửa mọi gợi ý" in flat_text(app))
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is main)


async def test_after_fixing_every_suggestion_the_panel_counts_what_is_left(
    tmp_path: Path,
) -> None:
    from tests import factory

    path = factory.write(
        tmp_path / "goi-y.xlsx",
        incidents=[
            {"date": date(2021, 3, 1), "village": "Tay Son", "category": "Ma tuy"},
            {"date": date(2021, 3, 2), "village": "Tây Sơn", "category": "Ma túy"},
        ],
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("v")
        await on_screen(pilot, "ValidationScreen")
        assert screen_text(app).splitlines()[1].strip("█ ").startswith("Kiểm tra sổ: 2 lỗi")
        await pilot.press("F")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("c")
        await on_screen(pilot, "ValidationScreen")
        # Both fixed: once re-checked, the header says so (it kept saying 2).
        await wait_until(
            pilot, lambda: "Kiểm tra sổ: 0 lỗi, 0 cảnh báo" in screen_text(app).splitlines()[1]
        )


def test_a_dialog_letter_means_one_thing() -> None:
    assert len(set(LETTERS.values())) == len(LETTERS)
    assert (LETTERS[YES], LETTERS[NO]) == ("c", "k")  # có, không


async def test_k_never_restores_c_does(sample_copy: Path) -> None:
    """k was "Thôi" in two dialogs and "Khôi phục" in the recovery question."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("down", "delete")
        await on_screen(pilot, "ChoiceDialog")
        assert "Thôi (k)" in screen_text(app)
        await pilot.press("c")  # Xóa
        await wait_until(pilot, lambda: app.screen is main and app.session.pending == 1)
    # The app ended without a save: the next start offers the change back.
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "ChoiceDialog")
        text = screen_text(again)
        assert "Khôi phục (c)" in text and "(k)" not in text
        await pilot.press("k")
        await pilot.pause()  # the key handled (no clock): nothing happened
        assert type(again.screen).__name__ == "ChoiceDialog"
        await pilot.press("c")
        await wait_until(pilot, lambda: again.session.pending == 1)


async def test_quitting_with_only_a_draft_names_only_the_draft(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await _new_incident(pilot)
        await type_text(pilot, "31/02/2021")
        await pilot.press("ctrl+s")  # refused (no such date): kept as a draft
        await wait_until(pilot, lambda: app.session.drafts)
        await pilot.press("escape")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("g")  # Giữ nháp
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("q")
        await on_screen(pilot, "ChoiceDialog")
        text = flat_text(app)
        assert "Còn 1 bản nháp." in text
        assert "0 thay đổi" not in text and "Ghi rồi thoát" not in text
        await pilot.press("s")  # Sửa tiếp
        await wait_until(pilot, lambda: app.screen is main)


async def test_a_folder_without_write_permission_is_named(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened as "antq tui so.xlsx" from its folder: "thư mục ." helped nobody."""
    folder = sample_copy.parent
    monkeypatch.chdir(folder)
    if os.geteuid() == 0:  # root may write anywhere: ask as a clerk's account would be told
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode: (
                False
                if mode == os.W_OK and Path(path).absolute() == folder
                else real_access(path, mode)
            ),
        )
    folder.chmod(0o555)
    try:
        app = make_app(Path(sample_copy.name))
        async with app.run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            assert app.read_only is not None
            assert f"thư mục {folder} (nơi chứa sổ)" in app.read_only
            assert "thư mục ." not in " ".join(app.log_lines)
            assert "CHỈ ĐỌC" in screen_text(app)
    finally:
        folder.chmod(0o755)


async def test_a_lock_file_that_may_not_be_made_says_the_same(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk's account in a folder it may not write is refused by the kernel when the lock
    file is made, before any check of rights: told the same sentence, not "tệp khóa"."""
    folder = sample_copy.parent
    monkeypatch.chdir(folder)
    real_open = os.open

    def refuse_lock_files(path: Any, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(own_lock.os, "open", refuse_lock_files)
    app = make_app(Path(sample_copy.name))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.read_only == (
            f"Bạn không có quyền ghi vào thư mục {folder} (nơi chứa sổ); chỉ xem được."
        )
        assert "CHỈ ĐỌC" in screen_text(app)


async def test_the_export_dialog_shows_the_file_once_and_its_folder(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("x")
        await on_screen(pilot, "ExportDialog")
        folder = "".join(f"trong thư mục {sample_copy.parent / 'exports'}".split())
        # A long folder wraps: compare without the spaces the wrapping adds.
        await wait_until(pilot, lambda: folder in "".join(flat_text(app).split()))
        assert flat_text(app).count("hoang-dieu-nam-2021.docx") == 1
