"""What the operator sees at 80x24 (the SSH size), compared with checked-in SVGs.

Cursor blink, animations and toasts are off; validation's "today" is fixed; only
the workbook's file name (not its temporary folder) is on screen. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import make_app, on_screen, opened, settled, wait_until
from tests.tui.screen_text import screen_text
from tests.tui.test_flows import _with_errors


def _ready(*keys: str, screen: str | None = None, text: str | None = None) -> Any:
    async def run_before(pilot: Any) -> None:
        await opened(pilot)
        await settled(pilot)
        if keys:
            await pilot.press(*keys)
        if screen:
            await on_screen(pilot, screen)
        if text:
            await wait_until(pilot, lambda: text in screen_text(pilot.app))
        await settled(pilot)  # no worker left (validation, the report being built)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), run_before=_ready("down", "down", "right"))


def test_main_screen_on_a_wide_terminal(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), terminal_size=(140, 30), run_before=_ready())


def test_record_form(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), run_before=_ready("enter", screen="RecordForm"))


def test_errors_in_table_and_panel(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(_with_errors(tmp_path))
    assert snap_compare(app, run_before=_ready("v", screen="ValidationScreen"))


def test_errors_beside_the_field(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(_with_errors(tmp_path))
    keys = ("down", "down", "right", "right", "enter")
    assert snap_compare(app, run_before=_ready(*keys, text="không có trong trang Thôn"))


def test_preview(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), run_before=_ready("p", text="BÁO CÁO"))


def test_totals(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), run_before=_ready("t", text="Cả kỳ"))


def test_help(snap_compare: Any, sample_copy: Path) -> None:
    assert snap_compare(make_app(sample_copy), run_before=_ready("f1", screen="HelpScreen"))


def test_read_only_under_libreoffice(snap_compare: Any, sample_copy: Path) -> None:
    lock = sample_copy.with_name(f".~lock.{sample_copy.name}#")
    lock.write_text("Nguyễn Văn An,an,may-xa,28.11.2026 09:15,file:///home/an;", encoding="utf-8")
    assert snap_compare(make_app(sample_copy), run_before=_ready())
