"""`antq init` and `antq validate` through the real entry point."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from antq_tui.model import schema
from tests.conftest import SAMPLE
from tests.factory import build
from tests.tools import run_antq


def antq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_antq(*args, cwd=cwd, columns=120)


def test_help_is_vietnamese() -> None:
    result = antq("--help")
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout and "Tùy chọn" in result.stdout and "Lệnh" in result.stdout
    assert "Show this message" not in result.stdout
    validate_help = antq("validate", "--help").stdout
    assert "Kiểm tra SỔ" in validate_help and "Mã thoát" in validate_help


def test_usage_errors_are_vietnamese() -> None:
    result = antq("validate")
    assert result.returncode == 2
    assert "Thiếu tham số" in result.stderr and "Missing" not in result.stderr


def test_init_creates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "so" / "tay-son.xlsx"
    created = antq("init", str(target), "--xa", "Tây Sơn", "--nam", "2024")
    assert created.returncode == 0 and target.exists()
    assert antq("validate", str(target)).returncode == 0
    before = target.read_bytes()
    again = antq("init", str(target))
    assert again.returncode == 3 and "không ghi đè" in again.stderr
    assert target.read_bytes() == before


def test_validate_clean_sample_exit_0() -> None:
    result = antq("validate", str(SAMPLE))
    assert result.returncode == 0
    assert "sổ hợp lệ" in result.stdout


def test_validate_text_groups_by_sheet_and_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "loi.xlsx"
    build(
        incidents=[{"date": "05/03/2021", "village": "Tay Son", "category": "Ma túy"}],
        teams=[{"name": "Đội 1", "village": "Tây Sơn", "rating": "Giỏi"}],
    ).save(path)
    text = antq("validate", str(path))
    assert text.returncode == 1
    assert "Trang “Vụ việc”" in text.stdout and "Trang “Đội tự quản”" in text.stdout
    assert "C2" in text.stdout and "Tây Sơn" in text.stdout
    assert "2 lỗi" in text.stdout

    result = antq("validate", str(path), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert {tuple(sorted(f)) for f in findings} == {
        ("cell", "message", "severity", "sheet", "suggestion")
    }
    village = next(f for f in findings if f["cell"] == "Vụ việc!C2")
    assert village == {
        "severity": "error",
        "sheet": "Vụ việc",
        "cell": "Vụ việc!C2",
        "message": "Thôn “Tay Son” không có trong trang Thôn.",
        "suggestion": "Tây Sơn",
    }


def test_missing_sheet_and_header_exit_1_naming_them(tmp_path: Path) -> None:
    wb = build()
    del wb[schema.MODELS.name]
    wb[schema.INCIDENTS.name]["D1"] = "Phân loại"
    path = tmp_path / "thieu.xlsx"
    wb.save(path)
    result = antq("validate", str(path), "--format", "json")
    assert result.returncode == 1
    messages = [f["message"] for f in json.loads(result.stdout)]
    assert "Thiếu trang “Mô hình”." in messages
    assert "Trang “Vụ việc” thiếu cột “Loại vụ việc” ở hàng 1." in messages


def test_unreadable_file_exit_2_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("abc")
    result = antq("validate", str(path), "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "Tệp “x.xlsx” không phải sổ Excel (.xlsx)."


def test_init_without_a_commune_says_what_validate_will_need(tmp_path: Path) -> None:
    target = tmp_path / "moi.xlsx"
    created = antq("init", str(target), "--nam", "2024")
    assert created.returncode == 0, created.stderr
    assert created.stderr.splitlines() == [
        "Sổ mới cần ghi thêm trước khi qua được antq validate:",
        "  ô B2 trang “Thông tin chung”: Thiếu “Tên xã”. Ghi tên xã vào cột Giá trị.",
        "Tên xã cũng ghi sẵn được khi tạo sổ: antq init SỔ.xlsx --commune/--xa TÊN.",
    ]
    checked = antq("validate", str(target), "--format", "json")
    assert checked.returncode == 1  # what init said is what validate finds
    assert [(f["cell"], f["message"]) for f in json.loads(checked.stdout)] == [
        ("Thông tin chung!B2", "Thiếu “Tên xã”.")
    ]
    named = antq("init", str(tmp_path / "co-ten.xlsx"), "--xa", "Tây Sơn")
    assert named.returncode == 0 and named.stderr == ""
