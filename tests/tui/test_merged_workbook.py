"""A merged workbook in the TUI: column Xã cũ shows there (and only there), its forms show
and keep it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from antq_tui.editing.merge.run import merge_workbooks
from antq_tui.editing.merge.settings import MergeOptions
from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.conftest import TODAY
from tests.tui.conftest import make_app, on_screen, opened, settled, type_text, wait_until
from tests.tui.screen_text import screen_text

OLD_OPENING = "Năm 2024, xã Tân Lập ổn định."


def _merged(tmp_path: Path) -> Path:
    incident = {"date": date(2024, 2, 3), "village": "Đông Hòa", "category": "Khác"}
    old = [
        factory.write(tmp_path / "tan-lap.xlsx", commune="Tân Lập", year=2024,
                      villages=["Đông Hòa"], incidents=[incident],
                      sections=[("Mở đầu", OLD_OPENING)]),
        factory.write(tmp_path / "hoa-binh.xlsx", commune="Hòa Bình", year=2024,
                      villages=["Nam Hà"], incidents=[{**incident, "village": "Nam Hà"}]),
    ]  # fmt: skip
    target = tmp_path / "tan-hoa.xlsx"
    result = merge_workbooks(old, target, MergeOptions("Tân Hòa"), today=TODAY)
    assert not result.invalid
    return target


async def test_a_merged_workbook_shows_and_keeps_xa_cu(tmp_path: Path) -> None:
    path = _merged(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(140, 30)) as pilot:
        main = await opened(pilot)
        assert schema.ORIGIN.header in screen_text(app)  # Vụ việc's last column
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
        assert app.screen.texts()["origin"] == "Tân Lập"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("8")
        assert main.model.sheet == schema.SECTIONS_SHEET
        await wait_until(pilot, lambda: "Tân Lập" in screen_text(app))
        await pilot.press("end")
        assert main.table.current_item.origin == "Tân Lập"
        await pilot.press("enter")
        await on_screen(pilot, "SectionForm")
        assert app.screen.texts()["origin"] == "Tân Lập"
        await pilot.press("ctrl+end")
        await type_text(pilot, " Thêm.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("ctrl+s")
        await settled(pilot)
    section = next(s for s in load_workbook(path).sections if s.text.startswith(OLD_OPENING))
    assert (section.text, section.origin, section.period) == (
        OLD_OPENING + " Thêm.",
        "Tân Lập",
        "Năm 2024",
    )


async def test_an_ordinary_workbook_never_shows_xa_cu(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(140, 30)) as pilot:
        main = await opened(pilot)
        assert schema.ORIGIN.header not in screen_text(app)
        await pilot.press("enter")
        await on_screen(pilot, "RecordForm")
        assert "origin" not in app.screen.texts()
        assert schema.ORIGIN.header not in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("8")
        await wait_until(pilot, lambda: main.model.sheet == schema.SECTIONS_SHEET)
        assert schema.ORIGIN.header not in screen_text(app)
