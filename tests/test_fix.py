"""``antq fix``: safe repairs are made and logged, judgement calls are listed and left."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from antq_tui.editing.fix import (
    REASON_BLANK,
    REASON_DATE,
    REASON_NUMBER,
    REASON_SPACES,
    REASON_SPELLING,
    REASON_UNICODE,
    load_for_fix,
)
from antq_tui.model import schema
from antq_tui.workbook.reader import load
from tests import factory
from tests.tools import run_antq

NFD_DONG_HOA = "Đông Hòa".replace("ò", "o\u0300")


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return factory.write(
        tmp_path / "so.xlsx",
        villages=["Tây Sơn", "Đông Hòa", "Đại Lương"],
        settings={"sign_date": "15/12/2021", "admin_level": "xã", "commune": "Tây  Sơn "},
        incidents=[
            {"date": "12/03/2021", "village": "  tây  sơn ", "category": "tai nạn giao thông",
             "summary": "  Va chạm  xe "},
            {"date": date(2021, 4, 1), "village": "Đông Hoà", "category": "Ma túy", "deaths": "01"},
            {"date": "31/02/2021", "village": "Dai Luong", "category": "Ma tuy"},
            {"date": "05-06-21", "village": NFD_DONG_HOA, "category": "Khác", "note": "   "},
        ],
        teams=[{"name": "Đội 1", "village": "Tây Sơn", "rating": "tốt", "trained": "có"}],
    )  # fmt: skip


def test_plan_lists_each_safe_fix_and_leaves_judgement_calls(messy: Path) -> None:
    _, plan = load_for_fix(messy)
    fixes = {f.cell: (f.old, f.new, f.reason) for f in plan.fixes}
    assert fixes["Vụ việc!B2"] == ("12/03/2021", date(2021, 3, 12), REASON_DATE)
    assert fixes["Vụ việc!B5"] == ("05-06-21", date(2021, 6, 5), REASON_DATE)
    assert fixes["Vụ việc!C2"] == ("  tây  sơn ", "Tây Sơn", REASON_SPELLING)
    assert fixes["Vụ việc!C3"] == ("Đông Hoà", "Đông Hòa", REASON_SPELLING)  # tone placement
    assert fixes["Vụ việc!C5"] == (NFD_DONG_HOA, "Đông Hòa", REASON_UNICODE)
    assert fixes["Vụ việc!D2"] == ("tai nạn giao thông", "Tai nạn giao thông", REASON_SPELLING)
    assert fixes["Vụ việc!E2"] == ("  Va chạm  xe ", "Va chạm xe", REASON_SPACES)
    assert fixes["Vụ việc!F3"] == ("01", 1, REASON_NUMBER)
    assert fixes["Vụ việc!J5"] == ("   ", None, REASON_BLANK)
    assert fixes["Đội tự quản!E2"][1:] == ("Tốt", REASON_SPELLING)
    assert fixes["Đội tự quản!G2"][1:] == ("Có", REASON_SPELLING)
    assert fixes["Thông tin chung!B10"] == ("15/12/2021", date(2021, 12, 15), REASON_DATE)
    assert fixes["Thông tin chung!B3"][1] == "Xã"
    assert fixes["Thông tin chung!B2"][1:] == ("Tây Sơn", REASON_SPACES)
    left = {item.cell: (item.value, item.suggestion) for item in plan.left}
    assert set(left) == {"Vụ việc!B4", "Vụ việc!C4", "Vụ việc!D4"}
    assert "Đại Lương" in (left["Vụ việc!C4"][1] or "")
    assert "Ma túy" in (left["Vụ việc!D4"][1] or "")
    assert not any(f.cell.startswith("Vụ việc!") and f.row == 4 for f in plan.fixes)
    # listed in reading order: sheet by sheet, row by row, column by column
    cells = [f.cell for f in plan.fixes if f.sheet == schema.INCIDENTS.name]
    assert cells == ["Vụ việc!B2", "Vụ việc!C2", "Vụ việc!D2", "Vụ việc!E2", "Vụ việc!C3",
                     "Vụ việc!F3", "Vụ việc!B5", "Vụ việc!C5", "Vụ việc!J5"]  # fmt: skip


def run_cli(*args: str, config_home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"LOGNAME": "canbo"}
    if config_home is not None:
        env["XDG_CONFIG_HOME"] = str(config_home)
    return run_antq(*args, columns=160, **env)


def test_dry_run_lists_and_writes_nothing(messy: Path) -> None:
    before = messy.read_bytes()
    done = run_cli("fix", str(messy), "--dry-run")
    assert done.returncode == 1, done.stderr
    assert "Sẽ sửa (chạy thử, chưa ghi)" in done.stdout
    assert "Vụ việc!B2" in done.stdout and "Ngày gõ dạng chữ" in done.stdout
    assert "Để nguyên — cần người kiểm tra" in done.stdout and "Đại Lương" in done.stdout
    assert messy.read_bytes() == before
    assert not (messy.parent / ".antq-backup").exists()


def test_fix_saves_real_values_and_logs_them(messy: Path) -> None:
    done = run_cli("fix", str(messy))
    assert done.returncode == 0, done.stderr
    assert "Đã sửa" in done.stdout and "Bản sao lưu" in done.stdout
    book = CalamineWorkbook.from_path(str(messy))
    incidents = book.get_sheet_by_name(schema.INCIDENTS.name).to_python()
    assert incidents[1][1] == date(2021, 3, 12)  # a real date cell now
    assert incidents[1][2] == "Tây Sơn" and incidents[2][2] == "Đông Hòa"
    assert incidents[2][5] == 1 and isinstance(incidents[2][5], float)
    assert incidents[4][9] == ""
    assert incidents[3][1:4] == ["31/02/2021", "Dai Luong", "Ma tuy"]  # left as typed
    log = book.get_sheet_by_name(schema.AUDIT_SHEET).to_python()
    assert log[0][:3] == ["Thời gian", "Người dùng", "Lệnh"]
    assert {tuple(r[1:5]) for r in log[1:]} >= {("canbo", "antq fix", "Vụ việc", "B2")}
    logged = {r[4] for r in log[1:] if r[3] == "Vụ việc"}
    assert logged == {"B2", "C2", "D2", "E2", "C3", "F3", "B5", "C5", "J5"}
    loaded = load(messy)
    assert loaded.workbook.incidents[0].date == date(2021, 3, 12)
    again = run_cli("fix", str(messy))
    assert again.returncode == 0
    assert "không có gì cần sửa tự động" in again.stdout
    assert "Để nguyên" in again.stdout  # the judgement calls are still listed


def test_backups_setting_in_the_config_is_honoured(messy: Path, tmp_path: Path) -> None:
    config = tmp_path / "config-home" / "antq" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("backups = 0\n", encoding="utf-8")
    done = run_cli("fix", str(messy), config_home=config.parent.parent)
    assert done.returncode == 0, done.stderr
    assert "Bản sao lưu" not in done.stdout
    assert not (messy.parent / ".antq-backup").exists()
    assert load(messy).workbook.incidents[0].date == date(2021, 3, 12)


def test_nothing_to_fix_on_the_sample(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    done = run_cli("fix", str(sample_copy))
    assert done.returncode == 0, done.stderr
    assert "không có gì cần sửa tự động" in done.stdout
    assert sample_copy.read_bytes() == before


def test_locked_workbook_is_not_fixed(messy: Path) -> None:
    messy.with_name(f".~lock.{messy.name}#").write_text(
        "Lê Văn Cường,cuong,may-2,28.11.2026 10:00,file:///x;", encoding="utf-8"
    )
    before = messy.read_bytes()
    done = run_cli("fix", str(messy))
    assert done.returncode == 3  # nothing written
    assert "Lê Văn Cường" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.stderr
    assert messy.read_bytes() == before
    assert run_cli("fix", str(messy), "--force").returncode == 0
    assert load(messy).workbook.incidents[0].village == "Tây Sơn"
