"""``antq tui`` in a real terminal (tmux): keys in, screen out, the workbook on disk checked."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from antq_tui.editing.journal import beside_path, find_journal
from antq_tui.workbook.reader import load_workbook
from tests.e2e.term import Tmux, antq_command, file_says, flat, wait_exited
from tests.tools import require_tool


def _add_incident(tmux: Tmux, name: str, summary: str) -> None:
    """Step by step, each step seen on the screen before the next (no clock)."""
    tmux.keys(name, "a")
    tmux.wait_for(name, "Thêm bản ghi")
    tmux.type(name, "05/10/2021")
    tmux.wait_for(name, "05/10/2021")
    tmux.keys(name, "Tab", "Enter")  # Thôn: its list opens
    tmux.wait_for(name, "gõ để tìm")
    tmux.type(name, "lai")
    tmux.wait_for(name, "tìm: lai")
    tmux.keys(name, "Enter", "Tab", "Enter")  # chosen; Loại vụ việc: its list opens
    tmux.wait_for(name, "gõ để tìm")
    tmux.type(name, "trom")
    tmux.wait_for(name, "tìm: trom")
    tmux.keys(name, "Enter")
    tmux.wait_for(name, "Trộm cắp tài sản")
    tmux.keys(name, "Tab")
    tmux.type(name, summary)


def test_add_save_and_quit_in_a_real_terminal(
    tmux: Tmux, workbook: Path, user_env: dict[str, str]
) -> None:
    tmux.start("antq", antq_command("tui", str(workbook)), user_env)
    screen = tmux.wait_for("antq", "Đông Tiến")
    assert "1 Vụ việc" in screen and "đã ghi hết" in screen
    _add_incident(tmux, "antq", "Trộm gà qua tmux")
    tmux.wait_for("antq", "Trộm gà qua tmux")
    tmux.keys("antq", "C-s")  # commit the form
    tmux.wait_for("antq", "1 thay đổi chưa ghi")
    tmux.keys("antq", "C-s")  # save the workbook
    tmux.wait_for("antq", "đã ghi hết")
    tmux.keys("antq", "q")
    deadline_screen = tmux.wait_dead("antq")
    assert "Traceback" not in deadline_screen
    added = load_workbook(workbook).incidents[-1]
    assert (added.date, added.village, added.category, added.summary) == (
        date(2021, 10, 5),
        "Lai Hà",
        "Trộm cắp tài sản",
        "Trộm gà qua tmux",
    )
    assert find_journal(workbook) is None


def test_sighup_mid_edit_loses_nothing(
    tmux: Tmux, workbook: Path, user_env: dict[str, str]
) -> None:
    tmux.start("first", antq_command("tui", str(workbook)), user_env)
    tmux.wait_for("first", "Đông Tiến")
    # One change committed (not saved) and one form half typed when the line drops.
    tmux.keys("first", "Right", "Right", "Right", "Right", "Enter")
    tmux.wait_for("first", "Sửa bản ghi")
    tmux.keys("first", "C-u")
    tmux.wait_gone("first", "Va chạm xe máy")  # Tóm tắt of row 2, cleared
    tmux.type("first", "Đã sửa, chưa ghi")
    tmux.wait_for("first", "Đã sửa, chưa ghi")
    tmux.keys("first", "C-s")
    tmux.wait_for("first", "1 thay đổi chưa ghi")
    _add_incident(tmux, "first", "Đang gõ dở")
    tmux.wait_for("first", "Đang gõ dở")
    # The draft reaches the journal after a moment of quiet typing: wait for it there.
    file_says(beside_path(workbook), "Đang gõ dở")
    pid = tmux.pane_pid("first")
    tmux.kill_session("first")  # the terminal goes away: SIGHUP
    wait_exited(pid)
    assert load_workbook(workbook).incidents[0].summary != "Đã sửa, chưa ghi"  # never saved
    assert find_journal(workbook) is not None

    tmux.start("second", antq_command("tui", str(workbook)), user_env)
    screen = tmux.wait_for("second", "1 bản nháp")
    assert "Khôi phục thay đổi chưa ghi?" in screen
    assert "1 thay đổi chưa ghi vào sổ và 1 bản nháp" in flat(screen)
    tmux.keys("second", "c")  # Khôi phục
    screen = tmux.wait_for("second", "Đang gõ dở")  # the half-typed form is open again
    assert "Thêm bản ghi" in screen
    tmux.keys("second", "C-s")  # commit the recovered form
    tmux.wait_for("second", "2 thay đổi chưa ghi")
    tmux.keys("second", "C-s")
    tmux.wait_for("second", "đã ghi hết")
    tmux.keys("second", "q")
    tmux.wait_dead("second")
    incidents = load_workbook(workbook).incidents
    assert incidents[0].summary == "Đã sửa, chưa ghi"
    assert incidents[-1].summary == "Đang gõ dở" and incidents[-1].village == "Lai Hà"
    assert find_journal(workbook) is None
    assert not os.path.exists(workbook.with_name(f".~antq.{workbook.name}.lock"))


def test_antq_demo_opens_a_copy_and_reuses_it(tmux: Tmux, user_env: dict[str, str]) -> None:
    import hashlib

    from tests.conftest import SAMPLE

    before = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    tmux.start("demo", antq_command("demo"), user_env)
    screen = tmux.wait_for("demo", "Đông Tiến")
    copy = Path(user_env["HOME"]) / "antq-demo" / SAMPLE.name
    assert copy.is_file()
    assert "sample-hoang-dieu-2021.xlsx" in screen
    tmux.keys("demo", "q")
    tmux.wait_dead("demo")
    tmux.kill_session("demo")
    tmux.start("demo2", antq_command("demo"), user_env)
    tmux.wait_for("demo2", "Đông Tiến")  # the TUI is up (the echo before it is gone)
    tmux.wait_for("demo2", "Dùng lại bản sao đã có")  # and says so in a toast
    tmux.keys("demo2", "q")
    tmux.wait_dead("demo2")
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == before


def test_preview_pages_a_long_report_in_a_terminal(
    tmux: Tmux, workbook: Path, user_env: dict[str, str]
) -> None:
    require_tool("less")
    env = dict(user_env) | {"PATH": os.environ["PATH"], "PAGER": "less"}
    tmux.start("preview", antq_command("preview", str(workbook)), env)
    screen = tmux.wait_for("preview", "BÁO CÁO")
    # The pager holds the first screen: the report's end is not on it yet.
    assert "Nơi nhận" not in flat(screen)
    assert not tmux.pane_dead("preview")
    tmux.keys("preview", "G")  # to the end, as in less
    assert "Nơi nhận" in flat(tmux.wait_for("preview", "Nơi nhận"))
    tmux.keys("preview", "q")
    last = tmux.wait_dead("preview")
    assert "Traceback" not in last
    # --no-pager, or a pipe, prints it all at once and ends.
    tmux.start("plain", antq_command("preview", str(workbook), "--no-pager"), env)
    assert "Nguyễn Đức Du" in flat(tmux.wait_dead("plain"))  # the signer, at the very end
