"""antq rollup: communes made by openpyxl and re-saved by LibreOffice, summed for a province.

The expected figures are counted from tests/rollup_support.py's rows by hand (in
comments), and each commune's incidents are checked against ``antq totals``' own.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from antq_tui.model.periods import parse_period
from antq_tui.report.rollup.figures import rollup_json
from antq_tui.report.rollup.run import rollup
from antq_tui.report.totals import compute_totals, totals_json
from antq_tui.workbook.folder import is_workbook_name, workbook_files
from antq_tui.workbook.reader import load_workbook
from tests.rollup_support import COMMUNES, PROVINCE, write_commune
from tests.tools import run_antq

FIGURE_KEYS = {"incidents", "previous", "movement", "villages", "units", "teams", "models"}


def rollup_data(*args: str, cwd: Path) -> tuple[dict[str, Any], Any]:
    result = run_antq("rollup", *args, "--dang", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout), result


def by_commune(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["commune"]: c for c in data["communes"]}


# ------------------------------------------------------------------ the folder
def test_a_folder_skips_owner_files_temp_files_and_backups_and_lists_what_it_cannot_sum(
    province: Path, tmp_path: Path
) -> None:
    tan_lap = province / "tan-lap.xlsx"
    (province / "hong.xlsx").write_bytes(b"day khong phai so Excel")
    (province / "~$tan-lap.xlsx").write_bytes(b"\x04Lan " + b"\0" * 160)  # Excel's owner file
    (province / ".~lock.tan-lap.xlsx#").write_text("Lan,lan,may,01.01.2022 08:00,file;")
    shutil.copyfile(tan_lap, province / ".~antq-tan-lap.abcd1234.xlsx")  # a save cut short
    (province / ".antq-backup").mkdir()
    shutil.copyfile(tan_lap, province / ".antq-backup" / "tan-lap.20211230-080000.xlsx")
    write_commune(
        province,
        "bac-son",
        "nam-son.xlsx",
        commune="Nam Sơn",
        incidents=[{"date": "32/13/2021", "village": "Tổ dân phố 1", "category": "Ma túy",
                    "summary": "x", "handling": "Công an xã giải quyết"}],
    )  # fmt: skip

    data, result = rollup_data(str(province), cwd=tmp_path)

    assert result.returncode == 1
    assert [Path(c["file"]).name for c in data["communes"]] == [
        "bac-son.xlsx",
        "dong-hoa.xlsx",
        "tan-lap.xlsx",
    ]
    errors = {Path(e["file"]).name: e["message"] for e in data["errors"]}
    assert set(errors) == {"hong.xlsx", "nam-son.xlsx"}
    assert "không phải sổ Excel" in errors["hong.xlsx"]
    assert "Vụ việc!B2" in errors["nam-son.xlsx"] and "chưa được tổng hợp" in errors["nam-son.xlsx"]
    assert data["total"]["incidents"]["count"] == 6  # 1 + 2 + 3: nothing counted twice
    assert "Không tổng hợp: " in result.stderr and "hong.xlsx" in result.stderr
    assert "Đã tổng hợp 3 xã; 2 tệp không được tổng hợp" in result.stderr


def test_the_files_of_a_folder_by_name() -> None:
    assert is_workbook_name("tan-lap.xlsx") and is_workbook_name("TAN-LAP.XLSX")
    for name in ("~$tan-lap.xlsx", ".~lock.tan-lap.xlsx#", ".~antq-tan-lap.ab12cd34.xlsx",
                 "._tan-lap.xlsx", ".~antq-journal.tan-lap.xlsx.jsonl", "tan-lap.xls"):  # fmt: skip
        assert not is_workbook_name(name), name


def test_paths_missing_empty_or_named_twice(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    one = write_commune(folder, "tan-lap")
    empty = tmp_path / "trong"
    (empty / "con").mkdir(parents=True)
    write_commune(empty / "con", "bac-son")  # a subfolder is not entered
    (tmp_path / "ghi-chu.txt").write_text("x")
    files, problems = workbook_files(
        [folder, one, tmp_path / "khong-co.xlsx", empty, tmp_path / "ghi-chu.txt"]
    )
    assert files == [one]  # the same file named twice is one file
    messages = [p.message for p in problems]
    assert messages[0] == f"Không tìm thấy tệp “{tmp_path / 'khong-co.xlsx'}”."
    assert "không có sổ .xlsx nào" in messages[1] and ".antq-backup" in messages[1]
    assert "phải có đuôi .xlsx" in messages[2]


def test_nothing_to_sum_exits_2(tmp_path: Path) -> None:
    (tmp_path / "trong").mkdir()
    result = run_antq("rollup", "trong", cwd=tmp_path)
    assert result.returncode == 2
    assert "Không có sổ nào để tổng hợp" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ JSON
def test_json_shape_and_figures(province: Path, tmp_path: Path) -> None:
    data, result = rollup_data(str(province), "--nam", "2021", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(data) == {"period", "communes", "total", "errors"}
    assert data["period"] == {"from": "2021-01-01", "to": "2021-12-31", "label": "năm 2021"}
    assert data["errors"] == []
    communes = by_commune(data)
    assert list(communes) == ["Bắc Sơn", "Đông Hòa", "Tân Lập"]
    period = parse_period(year=2021, cutoff="calendar")
    for commune in data["communes"]:
        assert set(commune) == {"file", "commune", "province"} | FIGURE_KEYS
        assert commune["province"] == PROVINCE
        # "incidents" as antq totals gives them, for the same period and cut-off.
        alone = totals_json(compute_totals(load_workbook(commune["file"]), period))
        assert commune["incidents"] == alone["incidents"]
        assert commune["previous"] == alone["previous"]
        assert commune["movement"] == alone["movement"]
    tan_lap = communes["Tân Lập"]
    assert tan_lap["incidents"]["count"] == 3 and tan_lap["incidents"]["damage"] == 2.5
    assert tan_lap["previous"] == {"count": 1, "deaths": 0, "injuries": 0}  # Đánh bạc 2020
    # Đông Hòa Đạt, Tây Sơn Không đạt, Nam Hà not registered; the school Đạt, the clinic not.
    assert tan_lap["villages"] == {"total": 3, "registered": 2, "recognised": 1}
    assert tan_lap["units"] == {"total": 2, "registered": 1, "recognised": 1}
    assert tan_lap["teams"] == {"total": 2, "good": 1}
    assert tan_lap["models"] == {"total": 2, "good": 1}
    assert communes["Bắc Sơn"]["previous"] is None  # its records start in 2021

    total = data["total"]
    assert set(total) == {"province"} | FIGURE_KEYS
    assert total["province"] == PROVINCE
    assert total["incidents"]["count"] == 6 and total["incidents"]["deaths"] == 1
    assert total["incidents"]["injuries"] == 3 and total["incidents"]["damage"] == 12.5
    assert total["incidents"]["by_category"]["Trộm cắp tài sản"] == {
        "count": 3,
        "deaths": 0,
        "injuries": 0,
    }
    # Two communes have a village Đông Hòa: kept apart, named with their commune.
    assert total["incidents"]["by_village"]["Đông Hòa (Tân Lập)"] == 2
    assert total["incidents"]["by_village"]["Đông Hòa (Đông Hòa)"] == 1
    assert total["previous"] is None  # Bắc Sơn has no last year: no partial sum
    assert total["movement"]["Buổi tuyên truyền"] == 6  # 4 + 2
    assert total["movement"]["Người nước ngoài tạm trú được quản lý"] == 3  # as at 31/12
    assert total["villages"] == {"total": 6, "registered": 5, "recognised": 4}
    assert total["units"] == {"total": 2, "registered": 1, "recognised": 1}
    assert total["teams"] == {"total": 3, "good": 2}
    assert total["models"] == {"total": 3, "good": 2}


def test_a_commune_in_two_files_is_counted_once(province: Path, tmp_path: Path) -> None:
    newer = tmp_path / "moi"
    rows = [
        {"date": date(2021, 12, 28), "village": "Đông Hòa", "category": "Ma túy",
         "summary": "Tàng trữ", "handling": "Công an xã giải quyết"},
    ]  # fmt: skip
    write_commune(
        newer,
        "tan-lap",
        commune="TÂN  LẬP",  # folded: the same commune
        settings={"province": "hà tĩnh", "data_from": date(2020, 1, 1)},
        incidents=COMMUNES["tan-lap"]["incidents"] + rows,
    )
    data, result = rollup_data(str(province), str(newer / "tan-lap.xlsx"), cwd=tmp_path)
    assert result.returncode == 1
    communes = [c for c in data["communes"] if c["commune"].casefold().startswith("tân")]
    assert len(communes) == 1 and communes[0]["file"] == str(newer / "tan-lap.xlsx")
    assert data["total"]["incidents"]["count"] == 7  # 1 + 2 + 4, not 1 + 2 + 3 + 4
    [error] = data["errors"]
    assert error["file"] == str(province / "tan-lap.xlsx")
    assert "Cùng xã TÂN LẬP, tỉnh hà tĩnh với tệp" in error["message"]
    assert "số liệu ghi đến ngày 28/12/2021, mới hơn" in error["message"]
    assert "không được cộng" in error["message"]


def test_the_same_file_named_twice_is_no_duplicate(province: Path, tmp_path: Path) -> None:
    data, result = rollup_data(str(province), str(province / "tan-lap.xlsx"), cwd=tmp_path)
    assert result.returncode == 0 and data["errors"] == []
    assert len(data["communes"]) == 3


# ------------------------------------------------------------------ one cut-off, one year
def test_mixed_cutoffs_take_the_most_used_and_name_the_others(
    province: Path, tmp_path: Path
) -> None:
    data, result = rollup_data(str(province), "--nam", "2021", cwd=tmp_path)
    # Tân Lập and Bắc Sơn keep the calendar: Đông Hòa (ND 09) is summed by it too, and said.
    assert "Kỳ chốt số liệu cho mọi xã: Năm dương lịch" in result.stderr
    assert "1 sổ ghi kỳ chốt khác (Nghị định 09/2019)" in result.stderr
    assert "Đông Hòa (dong-hoa.xlsx)" in result.stderr
    assert by_commune(data)["Đông Hòa"]["incidents"]["count"] == 2  # 02/02 and 20/12/2021

    data, result = rollup_data(str(province), "--nam", "2021", "--ky-chot", "nd09", cwd=tmp_path)
    assert data["period"]["from"] == "2020-12-15" and data["period"]["to"] == "2021-12-14"
    assert "theo --cutoff/--ky-chot" in result.stderr
    assert "2 sổ ghi kỳ chốt khác (Năm dương lịch)" in result.stderr
    assert by_commune(data)["Đông Hòa"]["incidents"]["count"] == 1  # 20/12/2021 is in 2022


def test_the_cutoff_of_most_workbooks_wins_without_an_option(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    write_commune(folder, "dong-hoa")
    write_commune(folder, "tan-lap", settings={"province": PROVINCE, "cutoff": "Nghị định 09/2019"})
    write_commune(folder, "bac-son")
    result = rollup([folder], {}, workers=1)
    assert result.period.cutoff == "nd09"
    assert result.notes[0].startswith("Kỳ chốt số liệu cho mọi xã: Nghị định 09/2019")
    assert "Bắc Sơn (bac-son.xlsx)" in result.notes[1]


def test_without_a_period_the_year_most_workbooks_name(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    write_commune(folder, "tan-lap")
    write_commune(folder, "dong-hoa")
    write_commune(folder, "bac-son", year=2022)
    result = rollup([folder], {}, workers=1)
    assert result.period.label == "năm 2021"
    assert any("Bắc Sơn (2022)" in note and "năm 2021" in note for note in result.notes)
    bac_son = next(row for row in result.communes if row.commune == "Bắc Sơn")
    assert bac_son.figures.incidents.count == 1  # its 04/04/2021 incident, read for 2021


def test_a_process_per_core_gives_what_one_process_gives(province: Path) -> None:
    alone = rollup_json(rollup([province], {"year": "2021"}, workers=1))
    shared = rollup_json(rollup([province], {"year": "2021"}, workers=2))
    assert shared == alone and len(shared["communes"]) == 3


def test_a_merged_workbook_is_one_commune(resaved: dict[str, Path], tmp_path: Path) -> None:
    """antq merge's workbook (Xã cũ on every row) rolls up as its new commune, whole."""
    merged = run_antq(
        "merge", str(resaved["tan-lap"]), str(resaved["dong-hoa"]), "-o", "tan-hoa.xlsx",
        "--xa", "Tân Hòa", "--tinh", PROVINCE, "--ky-chot", "calendar", cwd=tmp_path,
    )  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    data, result = rollup_data(
        "tan-hoa.xlsx", str(resaved["bac-son"]), "--nam", "2021", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert list(by_commune(data)) == ["Tân Hòa", "Bắc Sơn"]
    tan_hoa = by_commune(data)["Tân Hòa"]
    assert tan_hoa["incidents"]["count"] == 5  # Tân Lập's 3 and Đông Hòa's 2 (calendar 2021)
    assert tan_hoa["previous"] == {"count": 3, "deaths": 0, "injuries": 0}  # from the old rows
    assert tan_hoa["incidents"]["by_village"]["Đông Hòa (Tân Lập)"] == 2
    assert tan_hoa["villages"] == {"total": 5, "registered": 4, "recognised": 3}
