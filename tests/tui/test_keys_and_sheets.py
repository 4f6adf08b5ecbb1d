"""Keys from the config, the command palette, and editing settings and narrative sections."""

from __future__ import annotations

from pathlib import Path

from antq_tui.config.user_config import Config, load_config
from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from tests.tui.conftest import make_app, on_screen, opened, settled, type_text, wait_until
from tests.tui.screen_text import flat_text, screen_text


async def test_keys_remapped_from_the_config_file(sample_copy: Path, private_home: Path) -> None:
    folder = private_home / ".config" / "antq"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        '[keys]\nsave = "f2"\nadd = "n,insert"\nhelp = "ctrl+h"\n', encoding="utf-8"
    )
    config = load_config()
    app = make_app(sample_copy, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert any("ctrl+h" in line and "SSH" in line for line in app.log_lines)
        await pilot.press("a")  # no longer "add"
        assert type(app.screen).__name__ == "MainScreen"
        await pilot.press("n")
        await on_screen(pilot, "RecordForm")
        await pilot.press("escape")
        await on_screen(pilot, "MainScreen")
        assert (" n Thêm " in screen_text(app) and " F2 Ghi" in screen_text(app)) or (
            " f2 Ghi" in screen_text(app)
        )
        await pilot.press("f1")  # help keeps its default: ctrl+h was refused
        await on_screen(pilot, "HelpScreen")
        assert "f2" in flat_text(app)


async def test_every_command_is_in_the_palette(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for needed in (
            "Thêm (a)",
            "Ghi sổ (ctrl+s)",
            "Xem báo cáo (p)",
            "Số liệu (t)",
            "Xuất DOCX (x)",
            "Kiểm tra (v)",
            "Hoàn tác (ctrl+z)",
            "Lọc (/)",
        ):
            assert needed in titles
        await pilot.press("ctrl+p")
        await type_text(pilot, "so lieu")
        await wait_until(pilot, lambda: "Số liệu (t)" in screen_text(app))
        await pilot.press("enter")
        await on_screen(pilot, "TotalsScreen")


async def test_edit_a_setting_with_its_allowed_values(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("7")
        assert main.model.sheet == schema.SETTINGS_SHEET
        index = next(i for i, r in enumerate(main.table.rows) if r.setting.field == "cutoff")
        main.table.move_to(index)
        await pilot.press("enter")
        await on_screen(pilot, "SettingForm")
        await pilot.press("enter")
        await type_text(pilot, "nghi")
        await pilot.press("enter", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await settled(pilot)
        assert main.table.current_item.text == schema.CUTOFF_ND09
        # A bad year is refused with the validator's message.
        index = next(i for i, r in enumerate(main.table.rows) if r.setting.field == "year")
        main.table.move_to(index)
        await pilot.press("enter")
        await on_screen(pilot, "SettingForm")
        await pilot.press("ctrl+u")
        await type_text(pilot, "1800")
        await wait_until(pilot, lambda: "không phải năm hợp lệ" in flat_text(app))
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ == "SettingForm"
        await pilot.press("escape")
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("b")
        await pilot.press("ctrl+s")
        await settled(pilot)
    settings = load_workbook(sample_copy).settings
    assert settings.cutoff == schema.CUTOFF_ND09 and settings.year == 2021


async def test_edit_a_narrative_section_in_a_text_area(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        await pilot.press("8")
        assert main.model.sheet == schema.SECTIONS_SHEET
        assert main.table.current_item.title == "Mở đầu"
        await pilot.press("enter")
        await on_screen(pilot, "SectionForm")
        assert type(app.focused).__name__ == "NarrativeArea"
        await pilot.press("ctrl+end", "enter")
        await type_text(pilot, "Đoạn thêm mới.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("ctrl+s")
        await settled(pilot)
    sections = load_workbook(sample_copy).sections
    opening = next(s for s in sections if s.title == "Mở đầu")
    assert opening.text.endswith("\nĐoạn thêm mới.")


async def test_no_workbook_configured_says_how_to_start(private_home: Path) -> None:
    from click.testing import CliRunner

    from antq_tui.cli import cli

    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 2
    assert "antq demo" in result.output and len(result.output.strip().splitlines()) == 1
    assert Config().workbook is None


async def test_ctrl_c_says_how_to_quit_in_vietnamese(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+c")
        assert app.is_running
        assert any(line.startswith("Bấm q (hoặc ctrl+q) để thoát") for line in app.log_lines)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: "Tìm lệnh" in screen_text(app))


async def test_a_file_that_is_not_a_workbook_ends_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_text("không phải sổ Excel", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 2
    assert not app.lock  # nothing was locked or journaled


def test_antq_alone_with_a_missing_default_workbook(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, ANTQ_WORKBOOK=str(tmp_path / "khong-co.xlsx"), HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "antq_tui"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert "Không tìm thấy tệp" in result.stderr and "Traceback" not in result.stderr


async def test_a_toast_leaves_the_status_line_readable(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot)
        await settled(pilot)
        bottom = screen_text(app).splitlines()[-3:]  # detail, status, keys
        app.notify("Đã xuất báo cáo: /một/đường/dẫn/khá/dài/đến/tệp/hoang-dieu-nam-2021.docx")
        await wait_until(pilot, lambda: "Đã xuất báo cáo" in screen_text(app))
        assert screen_text(app).splitlines()[-3:] == bottom


async def test_sort_by_the_cursors_column_and_back(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)
        table = main.table
        workbook_order = [item.row for item in table.rows]
        await pilot.press("down", "down", "right")  # the third record, column Ngày xảy ra
        assert table.current_column.field == "date"
        held = table.current_item
        await pilot.press("right_square_bracket")
        dates = [item.date for item in table.rows]
        assert dates == sorted(dates, reverse=True) and dates[0].isoformat() == "2021-12-05"
        assert table.current_item is held  # the cursor stays on its record
        assert "▼Ngày" in screen_text(app).splitlines()[1]
        assert "xếp ▼ Ngày xảy ra" in screen_text(app).splitlines()[-2]  # the status line
        await pilot.press("right", "left_square_bracket")  # Thôn, without diacritics first
        villages = [item.village for item in table.rows]
        assert villages[0] == "An Lạc" and villages.index("Đông Tiến") < villages.index("Lai Hà")
        assert "▲Thôn" in screen_text(app).splitlines()[1] and "▼" not in screen_text(app)
        # Editing works on the record under the cursor, wherever the sort put it.
        table.move_to(0)
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
        assert "hàng 14" in screen_text(app)  # An Lạc's incident is on row 14
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("left_square_bracket")  # the same key again: the workbook's order
        assert [item.row for item in table.rows] == workbook_order
        assert "▲" not in screen_text(app) and "xếp" not in screen_text(app).splitlines()[-2]


async def test_keys_arriving_together_follow_the_focus_the_key_before_gave(
    sample_copy: Path,
) -> None:
    """Over SSH a burst arrives in one read: each key goes where the one before left the
    focus ("/" then the filter's letters; "a" then the new form's date)."""
    from textual import events

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await opened(pilot)

        def burst(*keys: tuple[str, str]) -> None:
            for key, character in keys:  # queued at once, as a terminal's read hands them
                app.post_message(events.Key(key, character))

        burst(("slash", "/"), ("p", "p"), ("h", "h"), ("o", "o"), ("n", "n"), ("g", "g"))
        await wait_until(pilot, lambda: main.filters.get(main.model.sheet) == "phong")
        assert app.screen is main  # "p" did not open the preview
        burst(("escape", None), ("a", "a"), ("0", "0"), ("5", "5"))
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        form = app.screen
        await wait_until(pilot, lambda: form.texts()["date"] == "05")
