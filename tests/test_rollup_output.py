"""antq rollup's files read back: XLSX (openpyxl), DOCX (python-docx, then LibreOffice to PDF),
CSV, and the terminal table. Figures as tests/rollup_support.py's rows give them."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import docx
from openpyxl import load_workbook as open_xlsx

from tests.rollup_support import write_commune
from tests.tools import require_tool, run_antq, soffice_convert


def test_xlsx_has_the_table_by_commune_and_a_native_chart(province: Path, tmp_path: Path) -> None:
    (province / "hong.xlsx").write_bytes(b"khong phai so")
    result = run_antq("rollup", "tinh", "--nam", "2021", "--dang", "xlsx", cwd=tmp_path)
    assert result.returncode == 1  # hong.xlsx was left out, and listed
    target = tmp_path / "exports" / "tong-hop-ha-tinh-nam-2021.xlsx"
    assert "exports/tong-hop-ha-tinh-nam-2021.xlsx" in result.stderr
    book = open_xlsx(target)
    sheet = book["Tổng hợp"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["Xã", "Tỉnh", "Tệp", "Số vụ"]
    column = {name: at for at, name in enumerate(header)}
    assert [r[0] for r in rows[1:]] == ["Bắc Sơn", "Đông Hòa", "Tân Lập", "Tổng cộng"]
    tan_lap, total = rows[3], rows[4]
    assert tan_lap[column["Số vụ"]] == 3 and tan_lap[column["Cùng kỳ năm trước (số vụ)"]] == 1
    assert tan_lap[column["Tăng, giảm (số vụ)"]] == 2
    assert (
        tan_lap[column["Thôn đăng ký"]] == 2 and tan_lap[column["Tỷ lệ thôn đăng ký (%)"]] == 66.7
    )
    assert tan_lap[column["Vụ: Trộm cắp tài sản"]] == 2
    assert total[column["Số vụ"]] == 6 and total[column["Đội xếp loại Tốt"]] == 2
    assert total[column["Cùng kỳ năm trước (số vụ)"]] is None  # not every commune has it
    [chart] = sheet._charts
    [series] = chart.series
    # The communes' counts, not the total row (it would dwarf them).
    assert series.val.numRef.f == "'Tổng hợp'!$D$2:$D$4"
    assert series.cat.numRef.f == "'Tổng hợp'!$A$2:$A$4"
    about = {r[0].value: r[1].value for r in book["Kỳ báo cáo"].iter_rows(min_row=2)}
    assert about["Kỳ báo cáo"] == "năm 2021" and about["Số xã được tổng hợp"] == 3
    notes = [r[1].value for r in book["Kỳ báo cáo"].iter_rows() if r[0].value == "Ghi chú"]
    assert notes[0].startswith("Kỳ chốt số liệu cho mọi xã: Năm dương lịch")
    left_out = [[c.value for c in r] for r in book["Không tổng hợp được"].iter_rows(min_row=2)]
    assert left_out[0][0].endswith("hong.xlsx")


def test_docx_is_the_provinces_report(province: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg" / "antq" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[rollup]\nnumber = "BC-CAT"\nsigner = "Nguyễn Văn An"\n'
        'signer_title = "Phó Giám đốc"\nauthority = "KT. GIÁM ĐỐC"\n'
        'recipients = ["Bộ Công an (V05)", "Lưu: VT"]\n',
        encoding="utf-8",
    )
    target = tmp_path / "bao-cao" / "tinh.docx"
    result = run_antq(
        "rollup", "tinh", "--nam", "2021", "--dang", "docx", "--ra", str(target),
        "--co-quan", "UBND tỉnh Hà Tĩnh", "--co-quan", "Công an tỉnh",
        cwd=tmp_path, XDG_CONFIG_HOME=str(tmp_path / "cfg"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(target))
    header, *tables, signature = document.tables
    agency = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    assert agency[:2] == ["UBND TỈNH HÀ TĨNH", "CÔNG AN TỈNH"]  # options over the config
    assert "Số:        /BC-CAT" in agency
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert (
        "Tổng hợp kết quả công tác xây dựng phong trào toàn dân bảo vệ ANTQ năm 2021 trên "
        "địa bàn tỉnh Hà Tĩnh" in text
    )
    assert "của 02 xã, 01 phường trên địa bàn tỉnh Hà Tĩnh" in text
    assert (
        "Số liệu tính từ ngày 01/01/2021 đến ngày 31/12/2021 (kỳ chốt số liệu: Năm dương lịch)"
        in text
    )
    assert (
        "Trong năm 2021, trên địa bàn 02 xã, 01 phường xảy ra 06 vụ việc về an ninh, trật tự, "
        "làm chết 01 người, bị thương 03 người, thiệt hại khoảng 12,5 triệu đồng." in text
    )
    # Tân Lập 3 against 1, Đông Hòa 2 against 2; Bắc Sơn has no 2020.
    assert (
        "So với năm 2020 tăng 02 vụ (66,7%); số người chết tăng 01 người; số người bị thương "
        "tăng 03 người (so sánh trên 02/03 xã có số liệu cùng kỳ)." in text
    )
    assert "Các loại vụ việc xảy ra nhiều nhất: trộm cắp tài sản 03 vụ (50%);" in text
    assert (
        "Các xã xảy ra nhiều vụ việc nhất: xã Tân Lập 03 vụ, xã Đông Hòa 02 vụ và phường "
        "Bắc Sơn 01 vụ." in text
    )
    assert "Có 05/06 thôn, tổ dân phố đăng ký danh hiệu “An toàn về ANTT” (83,3%)" in text
    by_commune = [[c.text for c in row.cells] for row in tables[0].rows]
    assert by_commune[0][:2] == ["Xã", "Số vụ"]
    assert by_commune[3] == ["Tân Lập", "3", "1", "2", "1", "+2"]
    assert by_commune[1][4:] == ["-", "-"]  # Bắc Sơn: no last year
    assert by_commune[-1][:2] == ["Tổng cộng", "6"]
    signed = "\n".join(p.text for p in signature.rows[0].cells[1].paragraphs)
    assert "KT. GIÁM ĐỐC" in signed and "PHÓ GIÁM ĐỐC" in signed and "Nguyễn Văn An" in signed
    recipients = [p.text for p in signature.rows[0].cells[0].paragraphs]
    assert recipients == ["Nơi nhận:", "- Bộ Công an (V05);", "- Lưu: VT."]

    require_tool("pdftotext")
    pdf = soffice_convert(target, tmp_path / "pdf", "pdf")
    shown = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BÁO CÁO" in shown and "Tổng cộng" in shown and "Tân Lập" in shown


def test_csv_one_row_a_commune_and_formula_cells_neutralised(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    write_commune(folder, "tan-lap")
    write_commune(folder, "bac-son", commune="@Bắc Sơn")
    out = tmp_path / "tinh.csv"
    result = run_antq(
        "rollup", "tinh", "--nam", "2021", "--dang", "csv", "-o", str(out), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[0] for r in rows] == ["Xã", "'@Bắc Sơn", "Tân Lập", "Tổng cộng"]
    assert rows[-1][3] == "4"  # Số vụ: 1 + 3


def test_table_names_the_cutoff_and_table_output_is_screen_only(
    province: Path, tmp_path: Path
) -> None:
    result = run_antq("rollup", "tinh", "--nam", "2021", cwd=tmp_path, columns=100)
    assert result.returncode == 0, result.stderr
    assert "Vụ việc năm 2021 theo xã, tỉnh Hà Tĩnh" in result.stdout
    assert "│ Tân Lập   │     3 │" in result.stdout
    assert "Tổng cộng" in result.stdout and "Kết quả phong trào (tổng các xã)" in result.stdout
    assert "Kỳ chốt số liệu cho mọi xã: Năm dương lịch" in result.stderr
    wrong = run_antq("rollup", "tinh", "--ra", "x.txt", cwd=tmp_path)
    assert wrong.returncode == 2 and "Dạng bảng chỉ in ra màn hình" in wrong.stderr


def test_an_existing_output_is_kept_without_force(province: Path, tmp_path: Path) -> None:
    target = tmp_path / "tong.json"
    target.write_text("cũ")
    result = run_antq("rollup", "tinh", "--dang", "json", "--ra", str(target), cwd=tmp_path)
    assert result.returncode == 3 and target.read_text() == "cũ"
    again = run_antq(
        "rollup", "tinh", "--dang", "json", "--ra", str(target), "--ghi-de", cwd=tmp_path
    )
    assert again.returncode == 0 and '"communes"' in target.read_text()


def test_a_wrong_rollup_table_is_said_and_the_report_still_written(
    province: Path, tmp_path: Path
) -> None:
    config = tmp_path / "cfg" / "antq" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[rollup]\nagency = 5\nsigner = "Lê Thị Hoa"\nfoo = 1\n', encoding="utf-8")
    target = tmp_path / "tinh.docx"
    result = run_antq(
        "rollup", "tinh", "--dang", "docx", "-o", str(target),
        cwd=tmp_path, XDG_CONFIG_HOME=str(tmp_path / "cfg"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[rollup] “agency” phải là danh sách dòng" in result.stderr
    assert "[rollup] bỏ qua mục không biết “foo”" in result.stderr
    document = docx.Document(str(target))
    agency = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert agency[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"]  # the default
    assert "Lê Thị Hoa" in document.tables[-1].rows[0].cells[1].paragraphs[-1].text
