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
    screen = tmux.wait_for("ssh", "Đông Tiến", timeout=30)
    assert "0 lỗi" in screen
    tmux.type("ssh", "/")
    tmux.type("ssh", "phong lam")
    tmux.keys("ssh", "Enter")
    tmux.wait_for("ssh", "lọc “phong lam”: 3/14")
    tmux.keys("ssh", "Right", "Right", "Right", "Right", "Enter")
    tmux.wait_for("ssh", "Sửa bản ghi")
    tmux.keys("ssh", "C-u")
    tmux.type("ssh", "Sửa qua SSH")
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
