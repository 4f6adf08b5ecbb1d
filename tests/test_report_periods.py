"""Every period's report is its own: a second commune with narratives and register rows of
several periods, and the fallbacks when a period has neither."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antq_tui.model.periods import parse_period
from antq_tui.model.records import Workbook
from antq_tui.report.build import build_report
from antq_tui.report.model import ReportDocument
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.test_report import check_golden

ANNUAL_OPENING = "Năm 2023, tình hình an ninh, trật tự trên địa bàn xã Yên Lạc ổn định."
Q1_OPENING = "Quý I năm 2023, tình hình an ninh, trật tự trên địa bàn xã cơ bản ổn định."
MARCH_OPENING = "Tháng 3 năm 2023, xã tổ chức ra quân tấn công, trấn áp tội phạm."
MARCH_MORE = "Các thôn duy trì tuần tra ban đêm."
Q1_PLAN = "Quý II tập trung bảo đảm an ninh, trật tự dịp lễ 30/4 và 1/5."
ANNUAL_PLAN = "Năm 2024 tiếp tục nhân rộng mô hình tự quản."

SECTIONS = [
    ("Mở đầu", ANNUAL_OPENING, ""),
    ("Mở đầu", Q1_OPENING, "Quý I/2023"),
    (
        "Tình hình an ninh nông thôn",
        "Trên lĩnh vực trật tự an toàn xã hội: {vụ việc}",
        "quý 1/2023",
    ),
    ("Mở đầu", MARCH_OPENING, "03/2023"),
    ("", MARCH_MORE, ""),  # continues the March row above: March's too
    ("Giải pháp", Q1_PLAN, "Quý I năm 2023"),
    ("Giải pháp", ANNUAL_PLAN, ""),
    ("Mở đầu", "Một kỳ không đọc được.", "Quý 5/2023"),
]

REGISTER = [
    {
        "period": "Quý I/2023",
        "doc_number": "12",
        "sign_date": date(2023, 4, 5),
        "signer": "Trần Văn Bình",
        "signer_title": "Q. CHỦ TỊCH",
        "recipients": "Công an huyện\nLưu: VT",
    },
    {"period": "Tháng 3/2023", "doc_number": "8"},
    {"period": "Năm 2023", "doc_number": "31"},
    {"period": "Tháng 1/2023", "doc_number": "2", "sign_date": date(2023, 1, 20)},
]


@pytest.fixture(scope="module")
def yen_lac(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = factory.write(
        tmp_path_factory.mktemp("yl") / "yen-lac.xlsx",
        commune="Yên Lạc",
        year=2023,
        villages=["Thôn Đông", "Thôn Tây"],
        settings={
            "doc_number": "30",
            "sign_date": date(2023, 12, 20),
            "signer": "Nguyễn Văn An",
            "recipients": "UBND huyện\nĐảng ủy xã\nLưu: VP",
            "data_from": date(2022, 1, 1),
        },
        incidents=[
            {"date": date(2022, 2, 10), "village": "Thôn Đông", "category": "Trộm cắp tài sản"},
            {"date": date(2022, 3, 10), "village": "Thôn Đông", "category": "Trộm cắp tài sản"},
            {
                "date": date(2023, 2, 14),
                "village": "Thôn Tây",
                "category": "Tai nạn giao thông",
                "injuries": 1,
            },
            {"date": date(2023, 5, 2), "village": "Thôn Đông", "category": "Cháy nổ"},
        ],
        sections=SECTIONS,
        register=REGISTER,
    )
    return load_workbook(path)


def report(workbook: Workbook, **request: Any) -> ReportDocument:
    period = parse_period(
        cutoff=workbook.settings.cutoff, default_year=workbook.settings.year, **request
    )
    return build_report(workbook, period)


NARRATIVE = (ANNUAL_OPENING, Q1_OPENING, MARCH_OPENING, MARCH_MORE, Q1_PLAN, ANNUAL_PLAN)


def own_texts(doc: ReportDocument) -> set[str]:
    """The narrative sentences that made it into ``doc``."""
    text = doc.plain_text()
    return {sentence for sentence in NARRATIVE if sentence in text}


def test_a_quarter_takes_its_narrative_and_register_row_only(yen_lac: Workbook) -> None:
    doc = report(yen_lac, quarter="2023-Q1")
    assert own_texts(doc) == {Q1_OPENING, Q1_PLAN}
    assert doc.subject == (
        "Kết quả công tác xây dựng phong trào toàn dân bảo vệ ANTQ quý I năm 2023 và phương "
        "hướng nhiệm vụ quý II năm 2023"
    )
    assert doc.header.number == "Số: 12/BC-UBND"
    assert doc.header.place_date == "Yên Lạc, ngày 05 tháng 4 năm 2023"
    assert (doc.signature.title, doc.signature.signer) == ("Q. CHỦ TỊCH", "Trần Văn Bình")
    assert doc.signature.recipients == ["- Công an huyện;", "- Lưu: VT."]
    assert doc.has_narrative and doc.register_row == 2
    assert doc.notes == []  # its own narrative and row; the workbook reaches back to 2022
    check_golden("yen-lac-quy-1-2023.txt", doc.plain_text())


def test_a_month_continues_rows_and_falls_back_for_what_its_row_lacks(yen_lac: Workbook) -> None:
    doc = report(yen_lac, month="2023-03")
    assert own_texts(doc) == {MARCH_OPENING, MARCH_MORE}
    assert "phương hướng" not in doc.subject  # March has no plan of its own
    assert doc.header.number == "Số: 08/BC-UBND"
    # No date in its row: the blank form, never the annual report's 20/12/2023.
    assert doc.header.place_date == "Yên Lạc, ngày … tháng … năm 2023"
    assert (doc.signature.title, doc.signature.signer) == ("CHỦ TỊCH", "Nguyễn Văn An")
    assert doc.signature.recipients == ["- UBND huyện;", "- Đảng ủy xã;", "- Lưu: VP."]


def test_a_period_with_neither_is_short_says_so_and_borrows_no_number(yen_lac: Workbook) -> None:
    doc = report(yen_lac, quarter="2023-Q2")
    assert own_texts(doc) == set()
    assert not doc.has_narrative and doc.register_row is None
    assert doc.header.number == "Số:        /BC-UBND"
    assert doc.header.place_date == "Yên Lạc, ngày … tháng … năm 2023"
    assert (
        doc.subject == "Kết quả công tác xây dựng phong trào toàn dân bảo vệ ANTQ quý II năm 2023"
    )
    lines = doc.body_lines()
    assert lines[2] == (
        "Ủy ban nhân dân xã Yên Lạc báo cáo kết quả công tác xây dựng phong trào toàn dân bảo vệ "
        "ANTQ quý II năm 2023 như sau:"
    )
    assert lines[-1] == (
        "Trên đây là kết quả công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc quý II "
        "năm 2023 trên địa bàn xã Yên Lạc./."
    )
    assert "II. NHẬN XÉT, ĐÁNH GIÁ" not in lines  # headings only where there is content
    assert any("chưa có phần lời riêng" in note for note in doc.notes)
    assert any("Sổ báo cáo chưa có hàng của quý II năm 2023" in note for note in doc.notes)


def test_the_annual_report_takes_its_row_then_thông_tin_chung(yen_lac: Workbook) -> None:
    doc = report(yen_lac)
    assert own_texts(doc) == {ANNUAL_OPENING, ANNUAL_PLAN}
    assert doc.header.number == "Số: 31/BC-UBND"  # its register row wins
    assert doc.header.place_date == "Yên Lạc, ngày 20 tháng 12 năm 2023"  # then Thông tin chung
    assert doc.subject.endswith("năm 2023 và phương hướng nhiệm vụ năm 2024")
    # Another year's annual report is not the one Thông tin chung's number and date are for.
    other = report(yen_lac, year="2022")
    assert other.header.number == "Số:        /BC-UBND"
    assert other.header.place_date == "Yên Lạc, ngày … tháng … năm 2022"
    assert own_texts(other) == set()


def test_a_signing_date_before_the_period_ends_is_pointed_out(yen_lac: Workbook) -> None:
    doc = report(yen_lac, month="2023-01")
    assert doc.header.place_date == "Yên Lạc, ngày 20 tháng 01 năm 2023"
    assert "Ngày ký 20/01/2023 ở trước ngày cuối kỳ 31/01/2023." in doc.notes


def test_a_row_whose_period_is_unreadable_is_in_no_report(yen_lac: Workbook) -> None:
    for request in ({}, {"quarter": "2023-Q1"}, {"quarter": "2023-Q4"}, {"month": "2023-12"}):
        assert "Một kỳ không đọc được." not in report(yen_lac, **request).plain_text()


def test_the_short_report_compares_zero_with_last_year(yen_lac: Workbook) -> None:
    march = report(yen_lac, month="2023-03").plain_text()
    assert (
        "Trong tháng 3 năm 2023, địa bàn xã không xảy ra vụ việc nào về an ninh, trật tự, giảm "
        "01 vụ so với cùng kỳ năm 2022."
    ) in march
    assert (
        "Lũy kế từ đầu năm đến hết tháng 3 năm 2023, địa bàn xã xảy ra 01 vụ việc, làm bị "
        "thương 01 người; so với cùng kỳ năm 2022 giảm 01 vụ (50%)."
    ) in march


def test_a_workbook_without_the_column_keeps_every_row_for_the_annual_report(
    tmp_path: Path,
) -> None:
    wb = factory.build(
        sections=[("Mở đầu", "Năm 2021, tình hình ổn định."), ("Giải pháp", "Tiếp tục.")]
    )
    wb["Nội dung"].delete_cols(3)
    path = tmp_path / "cu.xlsx"
    wb.save(path)
    workbook = load_workbook(path)
    annual = report(workbook)
    assert "Năm 2021, tình hình ổn định." in annual.plain_text()
    assert annual.subject.endswith("và phương hướng nhiệm vụ năm 2022")
    march = report(workbook, month="2021-03")
    assert "Năm 2021, tình hình ổn định." not in march.plain_text()


def test_recognition_is_told_as_it_stood_at_the_periods_end(tmp_path: Path) -> None:
    """This year's results are decided at the year's end: a March report tells last year's
    (the runs without this year), a report ending with the year tells this year's."""
    from tests.report_support import other_period, other_workbook

    workbook = other_workbook(tmp_path)
    march = build_report(workbook, other_period(workbook, month="2023-03")).plain_text()
    assert "Kết quả xét công nhận" not in march
    assert ("Năm 2022 đã có 02/05 tổ dân phố được công nhận 02 năm liên tục đạt danh hiệu") in march
    second_half = build_report(workbook, other_period(workbook, half="2023-H2")).plain_text()
    assert "Kết quả xét công nhận: 03/04 tổ dân phố đạt danh hiệu" in second_half
    assert "Năm 2023 đã có 03/05 tổ dân phố được công nhận nhiều năm liên tục" in second_half
