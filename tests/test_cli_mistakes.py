"""One sentence and one exit status per kind of mistake, whichever command meets it.

The table (``antq --help``, README): 0 done; 1 the workbook has errors (or fix --dry-run
has something to fix); 2 a wrong command line or a workbook that cannot be read;
3 nothing written; 4 a fault of the program.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from antq_tui.cli import COMMANDS, cli
from tests.conftest import REPO, SAMPLE
from tests.tools import run_antq

READING = ["validate", "fix", "preview", "export", "totals", "tui"]
OK, FINDINGS, BAD_INPUT, NOT_WRITTEN, UNEXPECTED = 0, 1, 2, 3, 4


def cli_command(name: str) -> click.Command | None:
    """The command, its module imported (the group imports each one when it is asked for)."""
    return cli.get_command(click.Context(cli), name)


def antq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_antq(*args, cwd=cwd, columns=120)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "so-cu.xlsx"  # a folder with a workbook's name
    folder.mkdir()
    return folder


def _not_xlsx(tmp_path: Path) -> Path:
    old = tmp_path / "so-cu.xls"
    shutil.copyfile(SAMPLE, old)  # readable content: the name alone is wrong
    return old


MISTAKES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "folder": (_folder, "“{path}” là một thư mục, không phải tệp .xlsx."),
    "missing": (lambda tmp: tmp / "khong-co.xlsx", "Không tìm thấy tệp “{path}”."),
    "not xlsx": (
        _not_xlsx,
        "Tệp “so-cu.xls” phải có đuôi .xlsx. Sổ .xls hoặc .ods thì mở bằng Excel hoặc "
        "LibreOffice rồi lưu lại dưới dạng .xlsx.",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
@pytest.mark.parametrize("command", READING)
def test_a_wrong_workbook_path_is_one_sentence_and_status_2(
    tmp_path: Path, command: str, mistake: str
) -> None:
    make, sentence = MISTAKES[mistake]
    path = make(tmp_path)
    result = antq(command, str(path), cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert result.stderr == sentence.format(path=path) + "\n"
    assert result.stdout == ""
    assert not (tmp_path / "exports").exists()


def _as_another_account(args: list[str], cwd: Path) -> tuple[int, str]:
    """``antq ARGS`` run by an account that may not read the workbook: as root, a forked
    child that became "nobody" (root reads anything); otherwise this account itself."""
    # Imported here: "nobody" may not read the Python installation (it may sit in /root).
    from antq_tui.cli import main
    from antq_tui.workbook import safety  # noqa: F401  (the check the commands run first)

    for name in COMMANDS:
        assert cli_command(name) is not None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        code = 1
        try:
            os.close(read_end)
            sys.stderr = open(write_end, "w", encoding="utf-8")  # noqa: SIM115
            os.chdir(cwd)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        said = stream.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), said


@pytest.mark.parametrize("command", READING)
def test_a_workbook_that_may_not_be_read_is_one_sentence_and_status_2(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "rieng.xlsx"
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o200)  # the owner may write it, nobody may read it
    for folder in [tmp_path, *tmp_path.parents[:-1]]:
        mode = folder.stat().st_mode
        if not mode & 0o001:  # others may pass through to it (/tmp already lets them)
            folder.chmod(mode | 0o001)
    code, said = _as_another_account([command, str(path)], tmp_path)
    assert code == BAD_INPUT, said
    assert said == f"Không đọc được tệp “{path}”: không có quyền (Permission denied).\n"


@pytest.mark.parametrize("mistake", ["folder", "not xlsx"])
def test_init_says_a_wrong_name_the_same_way(tmp_path: Path, mistake: str) -> None:
    make, sentence = MISTAKES[mistake]
    path = make(tmp_path)
    if mistake == "not xlsx":
        path.unlink()  # a new file's name: only the name is wrong
    result = antq("init", str(path), cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    first_sentence = sentence.format(path=path).split(". ")[0].rstrip(".") + "."
    assert result.stderr == first_sentence + "\n"
    assert not path.is_file()


def test_an_output_that_is_a_folder_is_said_the_same_way(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao.docx"
    folder.mkdir()
    result = antq("export", str(SAMPLE), "-o", str(folder), cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert result.stderr.splitlines()[-1] == f"“{folder}” là một thư mục, không phải tệp .docx."


def test_a_demo_folder_that_is_a_file(tmp_path: Path) -> None:
    taken = tmp_path / "antq-demo"
    taken.write_text("x", encoding="utf-8")
    result = antq("demo", "--thu-muc", str(taken), cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert result.stderr == f"“{taken}” là một tệp, không phải thư mục.\n"


def test_nothing_written_is_status_3_for_every_writer(tmp_path: Path) -> None:
    workbook = tmp_path / "so.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    report, figures = tmp_path / "bao-cao.docx", tmp_path / "so-lieu.json"
    report.write_bytes(b"docx")
    figures.write_text("{}", encoding="utf-8")
    for args in (
        ["init", str(workbook)],
        ["export", str(workbook), "-o", str(report)],
        ["totals", str(workbook), "--format", "json", "-o", str(figures)],
    ):
        result = antq(*args, cwd=tmp_path)
        assert result.returncode == NOT_WRITTEN, (args, result.stderr)
        assert result.stderr.startswith("Tệp “") and "đã có" in result.stderr
    assert report.read_bytes() == b"docx" and figures.read_text(encoding="utf-8") == "{}"
    assert workbook.read_bytes() == SAMPLE.read_bytes()


def test_the_table_is_in_every_help_and_in_the_readme() -> None:
    from antq_tui.cli import exits

    named = [exits.OK, exits.FINDINGS, exits.BAD_INPUT, exits.NOT_WRITTEN, exits.UNEXPECTED]
    assert named == [OK, FINDINGS, BAD_INPUT, NOT_WRITTEN, UNEXPECTED]
    lines = [line.strip() for line in exits.HELP.splitlines()[1:] if line.strip()]
    codes = [line.split()[0] for line in lines if line.split()[0].isdigit()]
    assert codes == ["0", "1", "2", "3", "4", "130"]
    for args in (["--help"], *([name, "--help"] for name in COMMANDS)):
        text = " ".join(antq(*args).stdout.split())
        assert " ".join(exits.HELP.split()[1:]) in text, args
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in codes:
        assert f"| {code} |" in readme, code
