"""Every option has an English name and a Vietnamese one without diacritics; help shows both,
both work alike, and click's own messages quote and name things the way the project does."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from antq_tui.cli import COMMANDS, cli
from tests.conftest import SAMPLE
from tests.tools import run_antq

# English name -> the Vietnamese a commune clerk types for it.
ALIASES = {
    "--month": "--thang",
    "--quarter": "--quy",
    "--half": "--nua-nam",
    "--year": "--nam",
    "--from": "--tu",
    "--to": "--den",
    "--cutoff": "--ky-chot",
    "--tables": "--bang",
    "--by": "--theo",
    "--format": "--dang",
    "--output": "--ra",
    "--force": "--ghi-de",
    "--dry-run": "--chay-thu",
    "--no-pager": "--khong-phan-trang",
    "--commune": "--xa",
    "--folder": "--thu-muc",
    "--agency": "--co-quan",
    "--signer": "--nguoi-ky",
    "--signer-title": "--chuc-vu",
    "--province": "--tinh",
    "--level": "--cap",
    "--help": "--tro-giup",
    "--version": "--phien-ban",
}


def antq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_antq(*args, cwd=cwd, columns=120)


def group_context() -> click.Context:
    return click.Context(cli, **cli.context_settings)  # as `antq` makes it: -h, --help, ...


def commands() -> dict[str, click.Command]:
    found = {name: cli.get_command(group_context(), name) for name in COMMANDS}
    assert all(found.values()), found
    return {name: command for name, command in found.items() if command is not None}


def long_names(command: click.Command) -> list[list[str]]:
    ctx = group_context() if command is cli else click.Context(command, parent=group_context())
    return [
        [name for name in param.opts + param.secondary_opts if name.startswith("--")]
        for param in command.get_params(ctx)
        if isinstance(param, click.Option)
    ]


@pytest.mark.parametrize("name", ["antq", *COMMANDS])
def test_every_option_has_its_english_and_vietnamese_name(name: str) -> None:
    command = cli if name == "antq" else commands()[name]
    for names in long_names(command):
        assert len(names) == 2, names
        english, vietnamese = names
        assert ALIASES.get(english) == vietnamese, names
        assert vietnamese.isascii() and vietnamese == vietnamese.lower()


@pytest.mark.parametrize("name", ["antq", *COMMANDS])
def test_help_shows_both_names(name: str) -> None:
    command = cli if name == "antq" else commands()[name]
    text = antq("--help").stdout if name == "antq" else antq(name, "--help").stdout
    for english, vietnamese in (names for names in long_names(command)):
        assert f"{english}, {vietnamese}" in text, (english, text)


def _json(args: list[str], cwd: Path) -> object:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        (
            ["--month", "2021-03", "--cutoff", "nd09", "--by", "month", "--format", "json"],
            ["--thang", "2021-03", "--ky-chot", "nd09", "--theo", "thang", "--dang", "json"],
        ),
        (["--quarter", "2021-Q2", "--format", "json"], ["--quy", "2021-Q2", "--dang", "json"]),
        (["--half", "2021-H2", "--format", "json"], ["--nua-nam", "2021-H2", "--dang", "json"]),
        (["--year", "2020", "--format", "json"], ["--nam", "2020", "--dang", "json"]),
        (
            [
                "--from",
                "05/03/2021",
                "--to",
                "31/05/2021",
                "--cutoff",
                "calendar",
                "--format",
                "json",
            ],
            ["--tu", "05/03/2021", "--den", "31/05/2021", "--ky-chot", "lich", "--dang", "json"],
        ),
    ],
)
def test_vietnamese_names_and_values_mean_the_same(
    english: list[str], vietnamese: list[str], tmp_path: Path
) -> None:
    said_in_english = _json(["totals", str(SAMPLE), *english], tmp_path)
    assert said_in_english == _json(["totals", str(SAMPLE), *vietnamese], tmp_path)
    assert said_in_english != _json(["totals", str(SAMPLE), "--format", "json"], tmp_path)


def test_vietnamese_names_of_the_writing_commands(tmp_path: Path) -> None:
    workbook = tmp_path / "so.xlsx"
    created = antq("init", str(workbook), "--xa", "Tây Sơn", "--nam", "2023", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    checked = antq("validate", str(workbook), "--dang", "json", "--khong-phan-trang")
    assert checked.returncode == 0 and json.loads(checked.stdout) == []

    messy = tmp_path / "sample.xlsx"
    shutil.copyfile(SAMPLE, messy)
    target = tmp_path / "bao-cao.docx"
    exported = antq("export", str(messy), "--thang", "2021-03", "--bang", "--ra", str(target))
    assert exported.returncode == 0 and target.exists(), exported.stderr
    again = antq("export", str(messy), "--ra", str(target), "--ghi-de")
    assert again.returncode == 0, again.stderr
    assert "năm 2021" in again.stdout  # the whole year now, written over the month

    before = messy.read_bytes()
    trial = antq("fix", str(messy), "--chay-thu")
    assert trial.returncode == 0 and "không có gì cần sửa" in trial.stdout
    assert messy.read_bytes() == before


def test_a_month_out_of_range_is_said_about_the_value() -> None:
    # Before --thang existed, click answered "No such option --thang. Did you mean --half?"
    for typed in ("13", "2021-13"):
        result = antq("totals", str(SAMPLE), "--thang", typed)
        assert result.returncode == 2
        assert f"Tháng “{typed}” không hợp lệ: tháng phải từ 1 đến 12" in result.stderr
        assert "--half" not in result.stderr and "Có phải" not in result.stderr


def _error_line(result: subprocess.CompletedProcess[str]) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("Lỗi"))


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["validate"], "Lỗi: Thiếu tham số “SỔ.xlsx”."),
        (
            ["totals", str(SAMPLE), "--ky-chot", "lunar"],
            "Lỗi: Giá trị không hợp lệ cho “--cutoff/--ky-chot”: “lunar” không phải một trong "
            "“calendar”, “lich”, “nd09”.",
        ),
        (
            ["totals", str(SAMPLE), "--dang", "pdf"],
            "Lỗi: Giá trị không hợp lệ cho “--format/--dang”: “pdf” không phải một trong "
            "“table”, “bang”, “csv”, “json”, “xlsx”.",
        ),
        (["totals", str(SAMPLE), "--thang"], "Lỗi: Tùy chọn “--thang” cần một giá trị."),
        (
            ["init", "so.xlsx", "--nam", "hai"],
            "Lỗi: Giá trị không hợp lệ cho “--year/--nam”: Năm “hai” không hợp lệ: ghi bốn chữ "
            "số, từ 1990 đến 2100.",
        ),
        (["init", "a.xlsx", "b.xlsx"], "Lỗi: Thừa tham số (b.xlsx)"),
        (["validate", "--nothing"], "Lỗi: Không có tùy chọn “--nothing”."),
        (["validate", "--dng"], "Lỗi: Không có tùy chọn “--dng”. Có phải ý bạn là “--dang”?"),
        (
            ["totals", "--thangg", "3"],
            "Lỗi: Không có tùy chọn “--thangg”. (Có phải một trong: “--dang”, “--thang”?)",
        ),
    ],
)
def test_click_messages_quote_the_projects_way(args: list[str], line: str, tmp_path: Path) -> None:
    result = antq(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert _error_line(result) == line
    assert "'" not in result.stderr and "[SỔ" not in result.stderr
    hints = [line for line in result.stderr.splitlines() if line.startswith("Gõ")]
    assert hints in ([], [f"Gõ “antq {args[0]} --tro-giup” để xem hướng dẫn."])


def test_no_click_title_case_anywhere_in_help() -> None:
    # click writes a path type's name title-cased ("Đường Dẫn", "Thư Mục") in its messages
    # and upper-cased as a default metavar; every parameter here names its own.
    texts = [antq("--help").stdout] + [antq(name, "--help").stdout for name in COMMANDS]
    for text in texts:
        assert not re.search(r"Đường Dẫn|Thư Mục|Tệp Tin|\bPATH\b|\bTEXT\b|INTEGER", text), text
