"""Per-period reports in the TUI: a narrative row for a period picked in the form, and the
preview and export of a period saying what the period lacks of its own."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from tests.tui.conftest import make_app, on_screen, opened, settled, wait_until
from tests.tui.screen_text import flat_text, screen_text

Q1_TEXT = "Quý I năm 2021, tình hình an ninh, trật tự trên địa bàn xã ổn định."
NO_NARRATIVE = "chưa có phần lời riêng"
NO_REGISTER_ROW = "Sổ báo cáo chưa có hàng của"


async def test_a_quarters_narrative_from_the_form_goes_into_that_quarters_report_only(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await opened(pilot)
        await pilot.press("8", "a")
        await on_screen(pilot, "SectionForm")
        form = app.screen
        period = form.query_one("#field-period")
        options = [value for _, value in period._options]  # type: ignore[attr-defined]
        assert "Quý I năm 2021" in options and "Tháng 12 năm 2021" in options
        assert "(trống: báo cáo năm 2021)" in screen_text(app)
        form.query_one("#field-title").value = "Mở đầu"  # type: ignore[attr-defined]
        form.query_one("#field-text").text = Q1_TEXT  # type: ignore[attr-defined]
        period.value = "Quý I năm 2021"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is main)
        await pilot.press("ctrl+s")
        await settled(pilot)
        saved = [s for s in load_workbook(sample_copy).sections if s.text == Q1_TEXT]
        assert [(s.title, s.period) for s in saved] == [("Mở đầu", "Quý I năm 2021")]

        await pilot.press("p")
        await wait_until(pilot, lambda: "BÁO CÁO" in screen_text(app))
        assert Q1_TEXT not in flat_text(app)  # not in the annual report
        picker = app.screen.query_one("PeriodPicker")
        picker.query_one("#span").value = "quarter-1"
        await wait_until(pilot, lambda: Q1_TEXT in flat_text(app))
        shown = flat_text(app)
        assert NO_NARRATIVE not in shown  # it has its own now
        assert f"{NO_REGISTER_ROW} quý I năm 2021" in shown  # but no number or date yet
        assert "ngày … tháng … năm 2021" in shown
        picker.query_one("#span").value = "month-3"
        await wait_until(pilot, lambda: "tháng 3 năm 2021 như sau" in flat_text(app))
        shown = flat_text(app)
        assert NO_NARRATIVE in shown and Q1_TEXT not in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)

        # The export dialog says the same for the period it is about to write.
        await pilot.press("x")
        await on_screen(pilot, "ExportDialog")
        assert NO_NARRATIVE not in flat_text(app)  # the annual report has both
        app.screen.query_one("PeriodPicker").query_one("#span").value = "month-3"
        await wait_until(pilot, lambda: NO_NARRATIVE in flat_text(app))
        assert f"{NO_REGISTER_ROW} tháng 3 năm 2021" in flat_text(app)
        await pilot.press("escape")


async def test_a_workbook_without_the_column_says_so_in_the_form(sample_copy: Path) -> None:
    wb = openpyxl.load_workbook(sample_copy)
    wb[schema.SECTIONS_SHEET].delete_cols(3)
    wb.save(sample_copy)
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("8", "enter")
        await on_screen(pilot, "SectionForm")
        assert not app.screen.query("#field-period")
        assert "chưa có cột “Kỳ báo cáo”" in flat_text(app)
        await pilot.press("escape")
