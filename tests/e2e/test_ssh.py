"""The operator's real path: an SSH connection to the server, ``antq tui`` in its terminal."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from antq_tui.editing.journal import find_journal
from antq_tui.workbook.reader import load_workbook
from tests.e2e.sshd import Sshd, start_sshd
from tests.e2e.term import Tmux, antq_command, flat, wait_exited


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = start_sshd(tmp_path / "sshd")
    yield server
    server.stop()


def _remote(env: dict[str, str], *args: str) -> str:
    """The command line the SSH server runs: the operator's environment, then antq."""
    pairs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k != "TERM")
    return f"env {pairs} {shlex.join(antq_command(*args))}"


def test_edit_and_save_over_ssh(
    sshd: Sshd, tmux: Tmux, workbook: Path, user_env: dict[str, str]
) -> None:
    client_env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": user_env["HOME"]}
    tmux.start("ssh", sshd.ssh_command(_remote(user_env, "tui", str(workbook))), client_env)
    # The table comes first; the validation worker's count follows (on a busy machine, later).
    screen = tmux.wait_for("ssh", "0 lỗi", timeout=30)
    assert "Đông Tiến" in screen
    tmux.type("ssh", "/")
    tmux.wait_for("ssh", "Lọc: gõ chữ")
    tmux.type("ssh", "phong lam")
    tmux.wait_for("ssh", "lọc “phong lam”: 3/14")
    tmux.keys("ssh", "Enter")
    tmux.keys("ssh", "Right", "Right", "Right", "Right", "Enter")
    tmux.wait_for("ssh", "Sửa bản ghi")
    tmux.keys("ssh", "C-u")
    tmux.wait_gone("ssh", "Trộm gia cầm")  # Tóm tắt, cleared
    tmux.type("ssh", "Sửa qua SSH")
    tmux.wait_for("ssh", "Sửa qua SSH")
    tmux.keys("ssh", "C-s")
    tmux.wait_for("ssh", "1 thay đổi chưa ghi")
    tmux.keys("ssh", "C-s")
    tmux.wait_for("ssh", "đã ghi hết")
    tmux.keys("ssh", "q")
    tmux.wait_dead("ssh")
    phong_lam = [i for i in load_workbook(workbook).incidents if i.village == "Phong Lâm"]
    assert phong_lam[0].summary == "Sửa qua SSH"
    assert find_journal(workbook) is None


def test_dropped_connection_loses_nothing(
    sshd: Sshd, tmux: Tmux, workbook: Path, user_env: dict[str, str], tmp_path: Path
) -> None:
    pid_file = tmp_path / "antq.pid"
    client_env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": user_env["HOME"]}
    remote = f"echo $$ > {shlex.quote(str(pid_file))}; exec " + _remote(
        user_env, "tui", str(workbook)
    )
    tmux.start("ssh", sshd.ssh_command(remote), client_env)
    tmux.wait_for("ssh", "Đông Tiến", timeout=30)
    tmux.keys("ssh", "Down", "DC")  # delete row 3, confirm
    tmux.wait_for("ssh", "Xóa bản ghi?")
    tmux.keys("ssh", "c")
    tmux.wait_for("ssh", "1 thay đổi chưa ghi")
    remote_pid = int(pid_file.read_text())
    tmux.kill_session("ssh")  # the connection drops: sshd hangs up on antq
    wait_exited(remote_pid, timeout=20)
    assert len(load_workbook(workbook).incidents) == 14

    tmux.start("again", sshd.ssh_command(_remote(user_env, "tui", str(workbook))), client_env)
    screen = tmux.wait_for("again", "Khôi phục", timeout=30)
    screen = tmux.wait_for("again", "1 thay đổi chưa ghi vào sổ")
    assert "Lần trước" in flat(screen)
    tmux.keys("again", "c")  # Khôi phục
    tmux.wait_for("again", "Đã khôi phục")
    tmux.keys("again", "C-s")
    tmux.wait_for("again", "đã ghi hết")
    tmux.keys("again", "q")
    tmux.wait_dead("again")
    incidents = load_workbook(workbook).incidents
    assert len(incidents) == 13 and 3 not in [i.row for i in incidents]


SUMMARY = "Trộm gà lúc nửa đêm ở xóm Đông, thiệt hại nhỏ; đã báo Công an xã, đang xác minh."


def test_a_burst_of_keys_over_ssh_loses_nothing(
    sshd: Sshd, tmux: Tmux, workbook: Path, user_env: dict[str, str]
) -> None:
    """Keys typed fast arrive together over SSH: a whole record, typed with no pause, from
    the key that opens the form to the one that saves the workbook; none may be lost or
    go where the key before has not yet moved the focus."""
    client_env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": user_env["HOME"]}
    tmux.start("ssh", sshd.ssh_command(_remote(user_env, "tui", str(workbook))), client_env)
    tmux.wait_for("ssh", "Đông Tiến", timeout=30)
    tmux.keys("ssh", "/", "phong lam", "Enter", "Escape")  # filter, then clear it
    tmux.keys(
        "ssh",
        "a", "05/10/2021",  # a new record; its date
        "Tab", "lai", "Enter",  # Thôn: typed into the list, chosen
        "Tab", "trom", "Enter",  # Loại vụ việc
        "Tab", SUMMARY,  # Tóm tắt
        "Tab", "2", "Tab", "3",  # Số người chết, Số người bị thương
        "C-s",  # the record
        "C-s",  # the workbook
    )  # fmt: skip
    tmux.wait_for("ssh", "Đã ghi 1 thay đổi")  # said once the save is done
    screen = tmux.wait_for("ssh", "đã ghi hết")  # the status line, maybe a frame later
    assert "BÁO CÁO" not in screen
    tmux.keys("ssh", "q")
    tmux.wait_dead("ssh")
    added = load_workbook(workbook).incidents[-1]
    assert (added.number, added.village, added.category, added.summary) == (
        15,
        "Lai Hà",
        "Trộm cắp tài sản",
        SUMMARY,
    )
    assert (added.deaths, added.injuries) == (2, 3)
    assert str(added.date) == "2021-10-05"
    assert find_journal(workbook) is None
