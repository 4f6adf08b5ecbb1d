"""``antq merge`` as a clerk runs it: what it refuses, in which words, with which status,
and that the old workbooks never change and the new one appears whole or not at all."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antq_tui.model import schema
from antq_tui.validate.checks import validate
from antq_tui.workbook.guards.own_lock import WriterLock
from antq_tui.workbook.reader import load, load_workbook
from antq_tui.workbook.write.writer import AppendRecord, save
from tests.conftest import TODAY
from tests.factory import write
from tests.tools import run_antq


def _old(folder: Path, name: str, commune: str, **kwargs: Any) -> Path:
    kwargs.setdefault("villages", ["Đông Hòa", "Bắc Sơn"])
    kwargs.setdefault(
        "incidents", [{"date": date(2024, 2, 3), "village": "Đông Hòa", "category": "Khác"}]
    )
    return write(folder / name, commune=commune, year=2024, **kwargs)


@pytest.fixture
def olds(tmp_path: Path) -> list[Path]:
    return [
        _old(tmp_path, "tan-lap.xlsx", "Tân Lập"),
        _old(tmp_path, "hoa-binh.xlsx", "Hòa Bình", villages=["Đông Hòa", "Nam Hà"]),
    ]


def _digest(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def _merge(tmp_path: Path, *args: str) -> Any:
    return run_antq("merge", *args, cwd=tmp_path)


def test_merge_writes_the_new_workbook_and_leaves_the_old_ones_as_they_were(
    tmp_path: Path, olds: list[Path]
) -> None:
    before = _digest(olds)
    done = _merge(tmp_path, *map(str, olds), "-o", "moi/tan-hoa.xlsx", "--xa", "Tân Hòa",
                  "--cap", "phuong", "--tinh", "Ninh Bình", "--nam", "2025")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _digest(olds) == before
    assert "Đã gộp 2 sổ vào “moi/tan-hoa.xlsx” (phường Tân Hòa, Năm báo cáo 2025)" in done.stdout
    assert "“Đông Hòa (Tân Lập)”, “Đông Hòa (Hòa Bình)”" in done.stdout
    target = tmp_path / "moi" / "tan-hoa.xlsx"
    assert (target.stat().st_mode & 0o777) & ~0o640 == 0  # personal data: never world-readable
    merged = load_workbook(target)
    settings = merged.settings
    assert (settings.commune, settings.admin_level, settings.province, settings.year) == (
        "Tân Hòa", "Phường", "Ninh Bình", 2025,
    )  # fmt: skip
    assert validate(merged, today=TODAY).errors == []
    again = _merge(tmp_path, *map(str, olds), "-o", "moi/tan-hoa.xlsx", "--xa", "Tân Hòa")
    assert again.returncode == 3
    assert "đã có; thêm --force/--ghi-de" in again.stderr


def test_an_invalid_old_workbook_is_named_with_its_cells_and_nothing_is_written(
    tmp_path: Path, olds: list[Path]
) -> None:
    bad = _old(
        tmp_path,
        "yen-thinh.xlsx",
        "Yên Thịnh",
        incidents=[{"date": date(2024, 2, 3), "village": "Dong Hoa", "category": "Khác"}],
    )
    done = _merge(tmp_path, *map(str, [*olds, bad]), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert done.returncode == 1
    assert f"Sổ “{bad}” có 1 lỗi:" in done.stderr
    assert "Vụ việc!C2: Thôn “Dong Hoa” không có trong trang Thôn. Đông Hòa" in done.stderr
    assert "Chưa ghi gì vào “moi.xlsx”" in done.stderr
    assert not (tmp_path / "moi.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_an_unreadable_old_workbook_ends_with_status_2(tmp_path: Path, olds: list[Path]) -> None:
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    done = _merge(tmp_path, *map(str, [*olds, broken]), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert done.returncode == 2
    assert "hong.xlsx" in done.stderr and "Traceback" not in done.stderr
    missing = _merge(tmp_path, str(olds[0]), "khong-co.xlsx", "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert missing.returncode == 2 and "Không tìm thấy tệp “khong-co.xlsx”" in missing.stderr
    assert not (tmp_path / "moi.xlsx").exists()


def test_one_workbook_given_twice_or_a_copy_of_it_is_refused(
    tmp_path: Path, olds: list[Path]
) -> None:
    twice = _merge(tmp_path, str(olds[0]), str(olds[0]), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert twice.returncode == 2 and "được ghi hai lần" in twice.stderr
    copy = tmp_path / "ban-sao.xlsx"
    shutil.copyfile(olds[0], copy)
    copied = _merge(tmp_path, str(olds[0]), str(copy), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert copied.returncode == 2 and "là cùng một sổ" in copied.stderr
    same = _old(tmp_path, "tan-lap-2.xlsx", "Tân  lập")  # another workbook of Tân Lập
    two = _merge(tmp_path, str(olds[0]), str(same), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert two.returncode == 2 and "cùng là sổ của xã “Tân Lập”" in two.stderr
    into_old = _merge(tmp_path, *map(str, olds), "-o", str(olds[0]), "--xa", "Tân Hòa", "--force")
    assert into_old.returncode == 2 and "là một sổ cũ" in into_old.stderr
    assert not (tmp_path / "moi.xlsx").exists()


def test_namesakes_of_two_districts_are_told_apart(tmp_path: Path) -> None:
    a = _old(tmp_path, "a.xlsx", "Tân Lập", settings={"district": "Ba Vì"})
    b = _old(tmp_path, "b.xlsx", "Tân Lập", settings={"district": "Thạch Thất"})
    done = _merge(tmp_path, str(a), str(b), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert done.returncode == 0, done.stderr
    villages = [(v.name, v.origin) for v in load_workbook(tmp_path / "moi.xlsx").villages]
    assert villages[0] == ("Đông Hòa (Tân Lập (Ba Vì))", "Tân Lập (Ba Vì)")
    assert villages[2] == ("Đông Hòa (Tân Lập (Thạch Thất))", "Tân Lập (Thạch Thất)")


def test_what_only_an_option_can_decide_is_asked_for(tmp_path: Path) -> None:
    a = _old(tmp_path, "a.xlsx", "Tân Lập", settings={"province": "Hà Nam"})
    b = _old(tmp_path, "b.xlsx", "Hòa Bình",
             settings={"province": "Ninh Bình", "cutoff": schema.CUTOFF_ND09})  # fmt: skip
    asked = _merge(tmp_path, str(a), str(b), "-o", "moi.xlsx", "--xa", "Tân Hòa")
    assert asked.returncode == 2 and "--cutoff/--ky-chot" in asked.stderr
    assert "sổ “a.xlsx”: Năm dương lịch; sổ “b.xlsx”: Nghị định 09/2019" in asked.stderr
    asked = _merge(
        tmp_path, str(a), str(b), "-o", "moi.xlsx", "--xa", "Tân Hòa", "--ky-chot", "nd09"
    )
    assert asked.returncode == 2 and "--province/--tinh" in asked.stderr
    done = _merge(tmp_path, str(a), str(b), "-o", "moi.xlsx", "--xa", "Tân Hòa",
                  "--ky-chot", "nd09", "--tinh", "Ninh Bình")  # fmt: skip
    assert done.returncode == 0, done.stderr
    settings = load_workbook(tmp_path / "moi.xlsx").settings
    assert (settings.cutoff, settings.province) == (schema.CUTOFF_ND09, "Ninh Bình")
    no_name = _merge(tmp_path, str(a), str(b), "-o", "x.xlsx")
    assert no_name.returncode == 2 and "--commune" in no_name.stderr


def test_force_replaces_an_existing_file_after_a_backup(tmp_path: Path, olds: list[Path]) -> None:
    target = tmp_path / "tan-hoa.xlsx"
    target.write_bytes(b"an older merge")
    done = _merge(tmp_path, *map(str, olds), "-o", "tan-hoa.xlsx", "--xa", "Tân Hòa", "--ghi-de")
    assert done.returncode == 0, done.stderr
    assert len(load_workbook(target).incidents) == 2
    (backup,) = (tmp_path / ".antq-backup").iterdir()
    assert backup.read_bytes() == b"an older merge" and str(backup.name) in done.stdout


def test_a_merged_workbook_merges_again(tmp_path: Path, olds: list[Path]) -> None:
    first = _merge(tmp_path, *map(str, olds), "-o", "tan-hoa.xlsx", "--xa", "Tân Hòa")
    assert first.returncode == 0, first.stderr
    merged = tmp_path / "tan-hoa.xlsx"
    # The new commune's own work after the merge: an incident with a blank Xã cũ.
    own = {"date": date(2025, 3, 3), "village": "Bắc Sơn", "category": "Khác", "summary": "Mới"}
    save(load(merged), [AppendRecord(schema.INCIDENTS.name, own)], command="test")
    third = _old(tmp_path, "yen-thinh.xlsx", "Yên Thịnh")
    done = _merge(tmp_path, str(merged), str(third), "-o", "dai-phong.xlsx", "--xa", "Đại Phong")
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(tmp_path / "dai-phong.xlsx")
    assert [(i.origin, i.village) for i in workbook.incidents] == [
        ("Tân Lập", "Đông Hòa (Tân Lập)"),  # the first merge's origins stay
        ("Hòa Bình", "Đông Hòa (Hòa Bình)"),
        ("Tân Hòa", "Bắc Sơn (Tân Lập)"),  # Tân Hòa's own row, in Tân Lập's Bắc Sơn
        ("Yên Thịnh", "Đông Hòa"),
    ]
    assert [v.name for v in workbook.villages] == [
        "Đông Hòa (Tân Lập)", "Bắc Sơn (Tân Lập)", "Đông Hòa (Hòa Bình)", "Nam Hà",
        "Đông Hòa", "Bắc Sơn (Yên Thịnh)",
    ]  # fmt: skip
    assert validate(workbook, today=TODAY).errors == []


def test_force_never_replaces_a_file_open_elsewhere(tmp_path: Path, olds: list[Path]) -> None:
    target = tmp_path / "tan-hoa.xlsx"
    target.write_bytes(b"opened by a clerk")
    with WriterLock(target):  # another antq (the TUI) has it open
        held = _merge(tmp_path, *map(str, olds), "-o", "tan-hoa.xlsx", "--xa", "Tân Hòa", "--force")
    assert held.returncode == 3 and "Traceback" not in held.stderr
    owner = tmp_path / ".~lock.tan-hoa.xlsx#"
    owner.write_text(",Trần Thị Mai,may-2,04.12.2026 08:00,file:///x;", encoding="utf-8")
    opened = _merge(tmp_path, *map(str, olds), "-o", "tan-hoa.xlsx", "--xa", "Tân Hòa", "--force")
    assert opened.returncode == 3
    assert "đang được mở bởi Trần Thị Mai (máy may-2" in opened.stderr
    assert "tệp khóa “.~lock.tan-hoa.xlsx#” sót lại: xóa nó" in opened.stderr
    assert target.read_bytes() == b"opened by a clerk"
    assert not (tmp_path / ".antq-backup").exists()
