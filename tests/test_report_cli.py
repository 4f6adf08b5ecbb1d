"""`antq preview`, `antq export` and `antq totals` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from antq_tui.model import schema
from tests import factory
from tests.conftest import SAMPLE
from tests.report_support import build_other
from tests.test_report import SEED_SENTENCE
from tests.tools import run_antq


def antq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_antq(*args, cwd=cwd, columns=100)


def joined(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ preview
def test_preview_prints_the_report(tmp_path: Path) -> None:
    result = antq("preview", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert SEED_SENTENCE in joined(result.stdout)
    assert "BÁO CÁO" in result.stdout and "Nguyễn Đức Du" in result.stdout
    assert "cùng kỳ năm trước (năm 2020)" in result.stderr  # told, not printed in the report
    assert "Traceback" not in result.stderr


def test_preview_of_a_month_and_a_custom_range(tmp_path: Path) -> None:
    month = joined(antq("preview", str(SAMPLE), "--month", "2021-03", cwd=tmp_path).stdout)
    assert "Trong tháng 3 năm 2021, địa bàn xã xảy ra 02 vụ việc gồm:" in month
    nd09 = joined(antq("preview", str(SAMPLE), "--month", "2021-03", "--cutoff", "nd09").stdout)
    # One incident is said as itself, not as "01 vụ việc gồm: 01 vụ …" (issue 11).
    assert (
        "(từ ngày 15/02/2021 đến ngày 14/03/2021), địa bàn xã xảy ra 01 vụ bắt quả tang tàng trữ "
        "trái phép chất ma túy." in nd09
    )
    custom = joined(
        antq("preview", str(SAMPLE), "--from", "05/03/2021", "--to", "31/03/2021").stdout
    )
    assert "Từ ngày 05/03/2021 đến ngày 31/03/2021, địa bàn xã xảy ra 02 vụ việc" in custom


def test_workbook_errors_give_a_one_line_warning(tmp_path: Path) -> None:
    path = factory.write(
        tmp_path / "loi.xlsx",
        incidents=[
            {"date": "32/13/2021", "village": "Tây Sơn", "category": "Ma túy"},
            {"date": date(2021, 4, 1), "village": "Không Có", "category": "Ma túy"},
        ],
    )
    result = antq("preview", str(path), cwd=tmp_path)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Cảnh báo")]
    assert len(warnings) == 1
    assert "lỗi" in warnings[0] and f"antq validate {path}" in warnings[0]
    assert "01 vụ việc chưa có ngày xảy ra hợp lệ" in result.stderr


@pytest.mark.parametrize("command", ["preview", "export", "totals"])
def test_unreadable_workbook_exits_2_with_the_readers_message(tmp_path: Path, command: str) -> None:
    broken = tmp_path / "hong.xlsx"
    broken.write_text("không phải sổ Excel", encoding="utf-8")
    result = antq(command, str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert "hong.xlsx" in result.stderr and "Traceback" not in result.stderr
    missing = antq(command, str(tmp_path / "khong-co.xlsx"), cwd=tmp_path)
    assert missing.returncode == 2 and "Không tìm thấy tệp" in missing.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--month", "2021-13"], "Tháng “2021-13” không hợp lệ"),
        (["--month", "2021-03", "--year", "2021"], "Chỉ chọn một kỳ"),
        (["--from", "01/03/2021"], "cần cả --from/--tu và --to/--den"),
        (["--tu", "01/03/2021"], "cần cả --from/--tu và --to/--den"),
        (["--cutoff", "lunar"], "lunar"),
    ],
)
def test_bad_periods_are_usage_errors(tmp_path: Path, args: list[str], needle: str) -> None:
    result = antq("totals", str(SAMPLE), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert needle in result.stderr and "Lỗi" in result.stderr


def test_help_is_vietnamese() -> None:
    for command in ("preview", "export", "totals"):
        text = antq(command, "--help").stdout
        assert "Cách dùng:" in text and "Kỳ báo cáo" in text and "--cutoff" in text
        assert "Show this message" not in text


# ------------------------------------------------------------------ export
def test_export_writes_to_exports_and_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "so.xlsx"
    shutil.copyfile(SAMPLE, source)
    os.chmod(source, 0o640)
    result = antq("export", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "exports" / "hoang-dieu-nam-2021.docx"
    assert "Đã ghi báo cáo năm 2021 vào exports/hoang-dieu-nam-2021.docx." in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) & ~0o640 == 0
    text = joined("\n".join(p.text for p in docx.Document(str(target)).paragraphs))
    assert SEED_SENTENCE in text
    again = antq("export", str(source), cwd=tmp_path)
    assert again.returncode == 3 and "--force/--ghi-de" in again.stderr
    forced = antq("export", str(source), "--half", "2021-H1", "-o", str(target), "--force")
    assert forced.returncode == 0
    assert "6 tháng đầu năm 2021" in "\n".join(
        p.text for p in docx.Document(str(target)).paragraphs
    )
    other = antq("export", str(source), "--quarter", "2021-Q2", cwd=tmp_path)
    assert (tmp_path / "exports" / "hoang-dieu-quy-2-2021.docx").exists(), other.stderr


def test_export_into_a_missing_folder_makes_it(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao" / "2021" / "nam.docx"
    result = antq("export", str(SAMPLE), "-o", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert SEED_SENTENCE in joined("\n".join(p.text for p in docx.Document(str(target)).paragraphs))
    figures = tmp_path / "so-lieu" / "nam.csv"
    written = antq("totals", str(SAMPLE), "--format", "csv", "-o", str(figures), cwd=tmp_path)
    assert written.returncode == 0 and figures.read_bytes().startswith(b"\xef\xbb\xbf")
    refused = antq("export", str(SAMPLE), "-o", str(tmp_path / "khac" / "nam.pdf"))
    assert refused.returncode == 2 and "phải có đuôi .docx" in refused.stderr
    assert not (tmp_path / "khac").exists()  # no folder for a name that is refused anyway


NO_DATA_2019 = (
    "Cảnh báo: sổ không có số liệu nào trong {period} (không có vụ việc hay kết quả phong "
    "trào nào ghi ngày trong kỳ; số liệu trong sổ từ ngày 15/01/2021 đến ngày 10/12/2021), "
    "nên mọi số liệu của kỳ này đều là 0."
)


@pytest.mark.parametrize(
    ("command", "period", "label"),
    [
        (["preview", "--no-pager"], ["--year", "2019"], "năm 2019"),
        (["export"], ["--month", "2019-03"], "tháng 3 năm 2019"),
        (["totals", "--format", "json"], ["--from", "01/01/2022", "--to", "31/03/2022"],
         "kỳ từ ngày 01/01/2022 đến ngày 31/03/2022"),
    ],
)  # fmt: skip
def test_a_period_without_any_data_says_so(
    tmp_path: Path, command: list[str], period: list[str], label: str
) -> None:
    result = antq(command[0], str(SAMPLE), *command[1:], *period, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert NO_DATA_2019.format(period=label) in result.stderr.splitlines()


def test_a_period_with_data_or_a_quiet_month_says_nothing_of_the_kind(tmp_path: Path) -> None:
    # October 2021 has no incident, but a movement result dated 20/10: it holds data.
    for period in (["--year", "2021"], ["--month", "2021-10"]):
        result = antq("totals", str(SAMPLE), *period, "--format", "json", cwd=tmp_path)
        assert result.returncode == 0 and "không có số liệu nào" not in result.stderr


def test_export_of_another_commune(tmp_path: Path) -> None:
    path = build_other(tmp_path / "tan-an.xlsx")
    result = antq("export", str(path), "--bang", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "exports" / "tan-an-nam-2023.docx"))
    assert len(document.tables) == 3  # header, the incidents table, signature
    assert document.tables[1].rows[-1].cells[1].text == "7"


# ------------------------------------------------------------------ totals
def test_totals_json_shape(tmp_path: Path) -> None:
    result = antq("totals", str(SAMPLE), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"period", "incidents", "movement", "previous"}
    assert data["period"] == {"from": "2021-01-01", "to": "2021-12-31", "label": "năm 2021"}
    incidents = data["incidents"]
    assert set(incidents) == {"count", "deaths", "injuries", "damage", "by_category", "by_village"}
    assert (incidents["count"], incidents["deaths"], incidents["injuries"]) == (14, 4, 3)
    assert incidents["damage"] == 39.5
    assert incidents["by_category"]["Trộm cắp tài sản"] == {"count": 6, "deaths": 0, "injuries": 0}
    assert incidents["by_village"]["Lai Hà"] == 3
    assert sum(incidents["by_village"].values()) == 14
    assert data["movement"]["Nguồn tin có giá trị"] == 20
    assert data["previous"] is None


def test_totals_json_of_a_month_gains_the_year_to_date(tmp_path: Path) -> None:
    result = antq("totals", str(SAMPLE), "--month", "2021-03", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert set(data) == {
        "period",
        "incidents",
        "movement",
        "previous",
        "year_to_date",
        "year_to_date_previous",
    }
    assert set(data["year_to_date"]) == set(data["incidents"])
    assert (data["incidents"]["count"], data["year_to_date"]["count"]) == (2, 4)
    assert data["year_to_date_previous"] is None  # the sample starts in 2021
    # The foreigners recorded in January stand at 06 in March: as at the end, not summed.
    assert data["movement"]["Người nước ngoài tạm trú được quản lý"] == 6
    table = antq("totals", str(SAMPLE), "--month", "2021-03", "--no-pager", cwd=tmp_path).stdout
    assert "Lũy kế từ đầu năm (từ ngày 01/01/2021 đến ngày 31/03/2021): 4 vụ" in joined(table)


def test_totals_by_month_json_and_comparison(tmp_path: Path) -> None:
    path = build_other(tmp_path / "tan-an.xlsx")
    result = antq("totals", str(path), "--by", "month", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["period"]["from"] == "2022-12-15" and data["period"]["to"] == "2023-12-14"
    months = data["months"]
    assert len(months) == 12
    assert months[0]["period"] == {
        "from": "2022-12-15",
        "to": "2023-01-14",
        "label": "tháng 1 năm 2023",
    }
    assert sum(m["incidents"]["count"] for m in months) == 7
    march = months[2]
    assert march["incidents"]["count"] == 2  # 05/03 (typed as text) and 14/03; not 15/03
    assert months[11]["incidents"]["count"] == 1  # 14/12 in; 15/12 belongs to next year
    whole = json.loads(antq("totals", str(path), "--format", "json").stdout)
    assert whole["previous"] == {"count": 3, "deaths": 0, "injuries": 1}


def test_totals_table_with_bars(tmp_path: Path) -> None:
    result = antq("totals", str(SAMPLE), "--by", "month", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("Trộm cắp tài sản" in line and " 6 " in line for line in lines)
    march = next(line for line in lines if "T03/2021" in line)
    october = next(line for line in lines if "T10/2021" in line)
    january = next(line for line in lines if "T01/2021" in line)
    assert march.count("█") == 2 * january.count("█") > 0  # 2 incidents vs 1
    assert "█" not in october
    assert max(len(line) for line in lines) <= 100
    # The whole-period row adds up every count column; no year before 2021 in the sample.
    whole = json.loads(antq("totals", str(SAMPLE), "--format", "json").stdout)["incidents"]
    cells = [c.strip() for c in next(x for x in lines if "Cả kỳ" in x).split("│")[1:-1]]
    assert cells[2:6] == ["14", str(whole["deaths"]), str(whole["injuries"]), "—"]
    assert whole["deaths"] > 0 and whole["injuries"] > 0


def test_totals_by_month_sums_last_year_when_held(tmp_path: Path) -> None:
    path = build_other(tmp_path / "tan-an.xlsx")
    lines = antq("totals", str(path), "--by", "month", cwd=tmp_path).stdout.splitlines()
    cells = [c.strip() for c in next(x for x in lines if "Cả kỳ" in x).split("│")[1:-1]]
    assert cells[2] == "7" and cells[5] == "3"  # this year's 7 and last year's 3 incidents


def _hostile_workbook(path: Path) -> Path:
    wb = factory.build(
        villages=["+Thôn Một", "@Xóm Hai", "-Trại Ba", "Thôn Bốn"],
        incidents=[
            {"date": date(2021, 2, 1), "village": "+Thôn Một", "category": "Ma túy"},
            {"date": date(2021, 3, 1), "village": "@Xóm Hai", "category": "Ma túy"},
            {"date": date(2021, 4, 1), "village": "-Trại Ba", "category": "Ma túy"},
            {"date": date(2021, 5, 1), "village": "Thôn Bốn", "category": "Ma túy"},
        ],
    )
    # A village whose name is a formula, stored as text the way Excel stores '=...
    ws = wb[schema.VILLAGES.name]
    cell = ws.cell(row=6, column=1, value='=HYPERLINK("http://x.invalid","bấm")')
    cell.data_type = "s"
    ws.cell(row=6, column=4, value="Có")
    wb.save(path)
    return path


def test_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    path = _hostile_workbook(tmp_path / "doc.xlsx")
    result = antq("totals", str(path), "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    names = [row[1] for row in rows if row[0] == "Thôn"]
    assert names == [
        "'+Thôn Một",
        "'@Xóm Hai",
        "'-Trại Ba",
        "Thôn Bốn",
        '\'=HYPERLINK("http://x.invalid","bấm")',
    ]
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
    out = tmp_path / "so-lieu.csv"
    written = antq("totals", str(path), "--format", "csv", "-o", str(out), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM
    assert antq("totals", str(path), "--format", "csv", "-o", str(out)).returncode == 3


def test_xlsx_has_text_cells_and_a_native_chart(tmp_path: Path) -> None:
    path = _hostile_workbook(tmp_path / "doc.xlsx")
    result = antq("totals", str(path), "--by", "month", "--format", "xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "exports" / "tay-son-nam-2021-so-lieu.xlsx"
    assert "exports/tay-son-nam-2021-so-lieu.xlsx" in result.stdout
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Tổng hợp", "Theo tháng"]
    summary = book["Tổng hợp"]
    formula_name = next(c for c in summary["B"] if str(c.value).startswith("=HYPERLINK"))
    assert formula_name.data_type == "s"
    monthly = book["Theo tháng"]
    assert len(monthly._charts) == 1
    assert [monthly.cell(row=r, column=4).value for r in range(2, 14)][:5] == [0, 1, 1, 1, 1]
