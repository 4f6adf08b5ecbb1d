"""New files (workbook, report, totals): whole or not at all, never over another file,
and a failure said in Vietnamese."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from antq_tui.files.new_file import write_new_file
from antq_tui.model.errors import AntqError, os_reason
from tests.conftest import SAMPLE
from tests.tools import run_antq


def test_os_errors_are_said_in_vietnamese_with_the_systems_words_kept() -> None:
    missing = os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert missing == "không có tệp hoặc thư mục này (No such file or directory)"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")).startswith("ổ đĩa đã đầy")
    # An errno with no Vietnamese wording keeps the system's words rather than nothing.
    assert os_reason(OSError(errno.EXFULL, "Exchange full")) == "Exchange full"


@pytest.mark.parametrize(
    "args",
    [
        ["init", "/proc/antq-test/so.xlsx"],  # /proc takes no new folders or files
        ["export", str(SAMPLE), "-o", "/proc/bao-cao.docx"],
        ["totals", str(SAMPLE), "--format", "json", "-o", "/proc/so-lieu.json"],
    ],
)
def test_a_place_that_cannot_be_written_is_one_vietnamese_sentence(
    tmp_path: Path, args: list[str]
) -> None:
    result = run_antq(*args, cwd=tmp_path)
    assert result.returncode == 3, result.stderr  # nothing written
    assert "Traceback" not in result.stderr and "không mong muốn" not in result.stderr
    assert "/proc" in result.stderr
    assert "không có tệp hoặc thư mục này" in result.stderr or "không có quyền" in result.stderr


def test_init_rejects_a_name_that_is_not_xlsx(tmp_path: Path) -> None:
    result = run_antq("init", str(tmp_path / "so.xls"))
    assert result.returncode == 2 and "đuôi .xlsx" in result.stderr
    assert not (tmp_path / "so.xls").exists()


def test_new_workbook_is_not_readable_by_everyone(tmp_path: Path) -> None:
    target = tmp_path / "so.xlsx"
    assert run_antq("init", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) & 0o007 == 0


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    # FAT on a USB stick and many network shares refuse link(); mounting one needs
    # privileges a test machine may not have, so link() is made to answer as they do.
    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


def test_without_hard_links_the_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_hard_links(monkeypatch)
    target = tmp_path / "bao-cao.docx"
    write_new_file(target, lambda temp: temp.write_bytes(b"report"))
    assert target.read_bytes() == b"report"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]  # no temp file left


def test_without_hard_links_a_file_that_appeared_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_hard_links(monkeypatch)
    target = tmp_path / "bao-cao.docx"

    def write_while_someone_saves(temp: Path) -> None:
        temp.write_bytes(b"ours")
        target.write_bytes(b"theirs")  # another program saved this name while we wrote

    with pytest.raises(AntqError, match="đã có"):
        write_new_file(target, write_while_someone_saves)
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]
