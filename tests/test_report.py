"""The report model: the seed's sentence, golden texts, another commune, zero and comparisons."""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from antq_tui.model.periods import parse_period
from antq_tui.report.build import build_report
from antq_tui.report.model import Paragraph, ReportDocument
from antq_tui.report.render_rich import render_rich
from antq_tui.report.totals import compute_totals, totals_json
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.report_support import other_period, other_workbook, sample_report, sample_workbook

GOLDEN = Path(__file__).parent / "golden"
# The seed report (shared/reference), copied so a clone tests on its own.
SEED = GOLDEN / "seed-bao-cao-antq-2021-hoang-dieu.txt"
SEED_SENTENCE = (
    "Trong năm 2021, địa bàn xã xảy ra 14 vụ việc gồm: 01 vụ bắt quả tang tàng trữ trái phép "
    "chất ma túy; 04 vụ tai nạn giao thông làm chết 01 người, bị thương 03 người; 06 vụ trộm "
    "xảy ra tại thôn Đại Lương, Phong Lâm và Lai Hà đã bàn giao đội nghiệp vụ Công an huyện "
    "thụ lý theo thẩm quyền; 03 vụ tai nạn khác làm chết 03 người (tự ngã, thắt cổ và đuối nước)"
)


def words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def check_golden(name: str, text: str) -> None:
    """Compare with the checked-in golden text; ANTQ_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("ANTQ_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), (
        f"golden file {path} missing (run with ANTQ_UPDATE_GOLDEN=1, then read it)"
    )
    assert text == path.read_text(encoding="utf-8")


def build(tmp_path: Path, name: str = "xa.xlsx", **kwargs: Any) -> ReportDocument:
    path = factory.write(tmp_path / name, **kwargs)
    workbook = load_workbook(path)
    period = parse_period(
        cutoff=workbook.settings.cutoff, default_year=workbook.settings.year or 2021
    )
    return build_report(workbook, period)


def paragraph_with(doc: ReportDocument, needle: str) -> str:
    found = [p.text for p in doc.paragraphs() if needle in p.text]
    assert len(found) == 1, f"{needle!r} in {len(found)} paragraphs"
    return found[0]


# ------------------------------------------------------------------ the sample
def test_incident_sentence_is_the_seeds_word_for_word() -> None:
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    assert SEED_SENTENCE in seed  # the constant above really is the seed's text
    doc = sample_report()
    paragraph = paragraph_with(doc, "vụ việc gồm")
    assert paragraph == f"Trên lĩnh vực trật tự an toàn xã hội: {SEED_SENTENCE}."
    generated = [s for p in doc.paragraphs() for s in p.spans if s.generated]
    assert any(s.text == SEED_SENTENCE + "." for s in generated)


def test_sample_report_matches_golden_text() -> None:
    check_golden("sample-hoang-dieu-2021.txt", sample_report().plain_text())


@pytest.mark.parametrize(
    ("name", "request_"),
    [
        ("sample-hoang-dieu-6-thang-dau-2021.txt", {"half": "2021-H1"}),
        ("sample-hoang-dieu-thang-3-2021.txt", {"month": "2021-03"}),
    ],
)
def test_sample_period_reports_match_golden_texts(name: str, request_: dict[str, str]) -> None:
    """The sample has only the annual narrative: these are the short reports of a period
    without its own (opening, figures, closing; blank number and date to fill in)."""
    workbook = sample_workbook()
    doc = build_report(workbook, parse_period(cutoff=workbook.settings.cutoff, **request_))
    check_golden(name, doc.plain_text())


def test_sample_figures_as_the_seed_reports_them() -> None:
    doc = sample_report()
    text = doc.plain_text()
    # The seed's sentences, figures written from the rows where the narrative puts them.
    assert (
        "tổ chức đoàn thể ngay từ cơ sở. Ngay từ đầu năm đã có 07/07 làng; 03/03 trường THCS, "
        "Tiểu học, Mầm non đăng ký danh hiệu “An toàn về ANTT” đạt tỷ lệ 100%. Đã có nhiều làng "
        "nhiều năm liền liên tục đạt danh hiệu “An toàn về ANTT”. Năm 2020 đã có 07/07 làng và "
        "03/03 trường học được công nhận 05 năm liên tục đạt danh hiệu “An toàn về ANTT”."
    ) in text
    assert (
        "đến từng cơ sở thôn. Tổ chức kiện toàn, duy trì hoạt động 07 Đội tự quản về ANTT cấp "
        "thôn, Đội tự quản về ANTT đã cùng lực lượng Công an xã"
    ) in text
    assert (
        "Kết quả hoạt động: 07/07 Đội tự quản về ANTT hoạt động tốt, được nhân dân ghi nhận "
        "đánh giá. Tuy nhiên"
    ) in text
    assert (
        "duy trì hoạt động tốt 11 mô hình đã được xây dựng, nhân rộng góp phần đảm bảo ANCT, "
        "TTATXH ngay từ địa bàn cơ sở (gồm 03 mô hình Trường học an toàn về ANTT; 07 mô hình "
        "Đội tự quản về ANTT; 01 mô hình liên kết đảm bảo ANTT giữa Công an xã với Hội Phụ nữ xã)."
    ) in text
    # The foreigner figures in their police paragraph, not in the people's results.
    assert "năm 2021 tiếp tục quản lý, theo dõi 06 người nước ngoài (quốc tịch Hàn Quốc" in text
    assert "kiểm tra phát hiện 01 công dân Trung Quốc cư trú trái phép;" in text
    assert paragraph_with(doc, "Quần chúng nhân dân") == (
        "Quần chúng nhân dân đã tham gia cùng lực lượng Công an đưa 05 lượt đối tượng hình sự "
        "tù tha ra kiểm điểm, cam kết không vi phạm pháp luật; cung cấp cho lực lượng Công an "
        "20 nguồn tin có giá trị; giúp cho cơ quan Công an điều tra khám phá 10 vụ việc; lập 01 "
        "hồ sơ đối tượng đưa vào diện giáo dục tại xã."
    )
    assert "4. Công tác thực hiện Kế hoạch số 11-KH/HU ngày 25/01/2021" in text
    assert "trong tình hình mới" in text and "trong tình mới" not in text
    # Nothing the seed does not say: no invented figure, village name or date is stated.
    for invented in (
        "thành viên.",
        "84 thành viên",
        "03/07 đội chưa được chi trả phụ cấp",
        "xếp loại Tốt",
        "phối hợp với lực lượng Công an cung cấp",
        "01 vụ việc gồm",
        "Đông Tiến",
        "Tân Hưng",
        "Thượng Phúc",
        "An Lạc",
        "2016",
        "2019",
    ):
        assert invented not in text, invented
    assert re.findall(r"\b\d{2}/\d{2}/2021\b", text) == ["25/01/2021"] * text.count("25/01/2021")
    assert "Hoàng Diệu, ngày 15 tháng 12 năm 2021" in text
    assert (
        "Tổng kết công tác xây dựng phong trào toàn dân bảo vệ ANTQ năm 2021 và phương hướng "
        "nhiệm vụ năm 2022"
    ) in text
    # The sample holds only 2021: nothing to compare with, and it says so to the clerk.
    assert "cùng kỳ" not in text
    assert any("cùng kỳ năm trước (năm 2020)" in note for note in sample_report().notes)
    # Markers never leak into the document.
    assert "{" not in text and "}" not in text


def test_sample_month_report() -> None:
    workbook = sample_workbook()
    doc = build_report(workbook, parse_period(month="2021-03"))
    text = doc.plain_text()
    assert (
        "Trong tháng 3 năm 2021, địa bàn xã xảy ra 02 vụ việc gồm: 01 vụ bắt quả tang tàng trữ "
        "trái phép chất ma túy; 01 vụ tai nạn khác làm chết 01 người (tự ngã)."
    ) in text
    # The sample has no narrative for March: no plan section, so no "phương hướng".
    assert doc.subject == (
        "Kết quả công tác xây dựng phong trào toàn dân bảo vệ ANTQ tháng 3 năm 2021"
    )
    assert "Quần chúng nhân dân đã tham gia cung cấp cho lực lượng Công an 06 nguồn tin" in text
    # The foreigners under management stand at 06 at the month's end (recorded in January).
    assert (
        "Tính đến ngày 31/03/2021, trên địa bàn xã đang quản lý, theo dõi 06 người nước ngoài "
        "đến tạm trú."
    ) in text
    assert "Lũy kế từ đầu năm đến hết tháng 3 năm 2021, địa bàn xã xảy ra 04 vụ việc" in text
    # No sentence of the annual narrative, and no number or date borrowed from it.
    annual = {p.text for p in sample_report().paragraphs() if not p.generated}
    assert not annual & {p.text for p in doc.paragraphs()}
    assert "trong năm" not in text and "Ngay từ đầu năm" not in text
    assert doc.header.number == "Số:        /BC-UBND"
    assert doc.header.place_date == "Hoàng Diệu, ngày … tháng … năm 2021"
    assert not doc.has_narrative and doc.register_row is None


def _string_literals(path: Path) -> str:
    """Every string the code uses (docstrings and comments, which only explain, left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def test_wording_comes_from_data_not_from_the_seed() -> None:
    source = "\n".join(
        _string_literals(p)
        for p in (Path(__file__).parents[1] / "antq_tui" / "report").glob("*.py")
    )
    assert "vụ việc gồm" in source  # the frames are there; the seed's own words are not
    for phrase in (
        "bắt quả tang",
        "Đại Lương",
        "đội nghiệp vụ",
        "tự ngã",
        "đuối nước",
        "Hoàng Diệu",
        "nguồn tin",
        "Hội Phụ nữ",
        "vụ trộm",
    ):
        assert phrase not in source, phrase


# ------------------------------------------------------------------ another commune
def test_other_commune_reads_naturally(tmp_path: Path) -> None:
    workbook = other_workbook(tmp_path)
    doc = build_report(workbook, other_period(workbook))
    check_golden("tan-an-2023.txt", doc.plain_text())
    text = doc.plain_text()
    assert doc.header.agency == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN TÂN AN"]
    assert doc.header.number == "Số: 07/BC-UBND"
    assert doc.header.place_date == "Tân An, ngày 05 tháng 01 năm 2024"
    assert paragraph_with(doc, "vụ việc gồm") == (
        "Trong năm 2023 (từ ngày 15/12/2022 đến ngày 14/12/2023), địa bàn thị trấn xảy ra 07 vụ "
        "việc gồm: 02 vụ cướp giật tài sản xảy ra tại Tổ dân phố 1 và Tổ dân phố 2 đã chuyển "
        "Công an huyện điều tra theo thẩm quyền; 02 vụ tai nạn giao thông làm chết 01 người, bị "
        "thương 02 người; 02 vụ đánh nhau làm bị thương 01 người (mâu thuẫn trong đám cưới và "
        "say rượu), trong đó 01 vụ đã chuyển Công an huyện điều tra theo thẩm quyền, 01 vụ đã "
        "hòa giải thành; 01 vụ cháy xảy ra tại Tổ dân phố 5 (chập điện). So với năm 2022 tăng "
        "04 vụ (133,3%); số người chết tăng 01 người; số người bị thương tăng 02 người."
    )
    assert "Đã có 04/05 tổ dân phố; 02/02 trường Tiểu học, THCS đăng ký" in text
    assert "đạt tỷ lệ 75%; chưa có cơ quan nào đăng ký." in text
    assert "Năm 2023 đã có 03/05 tổ dân phố được công nhận nhiều năm liên tục (từ 02" in text
    assert "tiếp nhận 03 tin báo tố giác tội phạm; 12 buổi tuần tra." in text
    assert (
        "Kết quả hoạt động: 01/02 Đội tự quản về ANTT hoạt động tốt, 01/02 đội hoạt động khá."
        in text
    )
    # The model built in 2024 does not count in 2023; the marker put models in part II.
    ưu_điểm = paragraph_with(doc, "hưởng ứng")
    assert "hoạt động tốt 01 mô hình (gồm 01 mô hình “Camera an ninh”)" in ưu_điểm
    assert "Bên cạnh đó, còn 01 mô hình hoạt động mang tính hình thức." in ưu_điểm
    assert "Công tác xây dựng, nhân rộng các mô hình" not in text  # the empty item is left out
    # An unknown marker stays as typed; an unknown section is not printed (validator warns).
    assert "{không rõ}" in text
    assert "Phòng cháy" not in text
    # Nothing of the sample leaks in.
    for seed_word in ("Hoàng Diệu", "Đại Lương", "ma túy", "00 "):
        assert seed_word not in text, seed_word
    generated = " ".join(s.text for p in doc.paragraphs() for s in p.spans if s.generated)
    assert not re.search(r"\bthôn\b", generated)  # a thị trấn has tổ dân phố
    assert text.count("./.") == 1
    assert doc.signature.recipients == ["- Công an huyện;", "- Đảng ủy thị trấn;", "- Lưu: VT."]


def test_other_commune_adds_up(tmp_path: Path) -> None:
    workbook = other_workbook(tmp_path)
    totals = compute_totals(workbook, other_period(workbook))
    data = totals_json(totals)
    incidents = data["incidents"]
    assert (incidents["count"], incidents["deaths"], incidents["injuries"]) == (7, 1, 3)
    assert incidents["damage"] == 120
    assert sum(c["count"] for c in incidents["by_category"].values()) == incidents["count"]
    assert sum(c["deaths"] for c in incidents["by_category"].values()) == incidents["deaths"]
    assert sum(incidents["by_village"].values()) == incidents["count"]
    assert list(incidents["by_category"]) == [
        "Cướp giật tài sản",
        "Tai nạn giao thông",
        "Đánh nhau",
        "Cháy nổ",
    ]
    assert incidents["by_village"]["Tổ dân phố 5"] == 1  # the 15/12 incident belongs to 2024
    assert data["movement"] == {"Tin báo tố giác tội phạm": 3, "Buổi tuần tra": 12}
    assert data["previous"] == {"count": 3, "deaths": 0, "injuries": 1}
    # Every count in the sentence is one the totals hold.
    sentence = paragraph_with(build_report(workbook, other_period(workbook)), "vụ việc gồm")
    listed = [int(n) for n in re.findall(r"(\d+) vụ (?:cướp|tai nạn|đánh|cháy)", sentence)]
    assert sum(listed) == incidents["count"]


def test_nd09_month_edges_in_the_report(tmp_path: Path) -> None:
    workbook = other_workbook(tmp_path)
    march = build_report(workbook, other_period(workbook, month="2023-03"))
    sentence = paragraph_with(march, "vụ việc gồm")
    # 15/02..14/03: the text date 05/03 (5 March) and the 14th are in, the 15th is not.
    assert sentence.startswith(
        "Trong tháng 3 năm 2023 (từ ngày 15/02/2023 đến ngày 14/03/2023), địa bàn thị trấn xảy "
        "ra 02 vụ việc gồm: 01 vụ cướp giật tài sản xảy ra tại Tổ dân phố 1"
    )
    assert "01 vụ tai nạn giao thông làm chết 01 người." in sentence
    calendar = build_report(workbook, parse_period(month="2023-03"))
    sentence = paragraph_with(calendar, "vụ việc gồm")
    assert sentence.startswith("Trong tháng 3 năm 2023, địa bàn thị trấn xảy ra 03 vụ việc gồm:")
    assert "02 vụ tai nạn giao thông làm chết 01 người, bị thương 02 người" in sentence


# ------------------------------------------------------------------ zero and comparisons
def test_zero_is_said_in_words(tmp_path: Path) -> None:
    doc = build(tmp_path, commune="Yên Bình", year=2022, villages=["Thôn Đông", "Thôn Tây"])
    text = doc.plain_text()
    assert "Trong năm 2022, địa bàn xã không xảy ra vụ việc nào về an ninh, trật tự." in text
    assert "Trong năm 2022, chưa ghi nhận kết quả nào của phong trào quần chúng." in text
    assert "Đã có 02/02 thôn đăng ký danh hiệu “An toàn về ANTT” đạt tỷ lệ 100%." in text
    assert "Trên địa bàn xã chưa thành lập Đội tự quản về ANTT." in text
    assert "Trên địa bàn xã chưa xây dựng mô hình, điển hình tiên tiến nào." in text
    assert not re.search(r"\b00\b", text)
    # With no narrative at all the report still opens and closes properly.
    assert doc.body_lines()[2].startswith("Ủy ban nhân dân xã Yên Bình báo cáo kết quả")
    assert "1. Tình hình an ninh, trật tự" in text
    assert text.count("II. NHẬN XÉT") == 0  # an empty part is left out, never a blank heading


def _incident(day: date, **kwargs: Any) -> dict[str, Any]:
    return {"date": day, "village": "Tây Sơn", "category": "Tai nạn giao thông", **kwargs}


# An annual report says "So với năm 2021" (issue 11); zero on either side is compared too.
@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (4, 3, "So với năm 2021 giảm 01 vụ (25%)."),
        (3, 5, "So với năm 2021 tăng 02 vụ (66,7%)."),
        (2, 2, "So với năm 2021, số vụ việc không tăng, không giảm."),
        (0, 2, "So với năm 2021 tăng 02 vụ (năm 2021 không xảy ra vụ việc nào)."),
        (
            6,
            0,
            "Trong năm 2022, địa bàn xã không xảy ra vụ việc nào về an ninh, trật tự, giảm 06 vụ "
            "so với năm 2021.",
        ),
        (
            0,
            0,
            "Trong năm 2022, địa bàn xã không xảy ra vụ việc nào về an ninh, trật tự (năm 2021 "
            "cũng không xảy ra vụ việc nào).",
        ),
    ],
)
def test_comparison_with_the_same_period_a_year_earlier(
    tmp_path: Path, before: int, now: int, expected: str
) -> None:
    rows = [_incident(date(2021, 5, 1 + i)) for i in range(before)]
    rows += [_incident(date(2022, 5, 1 + i)) for i in range(now)]
    # A row dated on the first day of last year: the workbook reaches back to 2021.
    results = [{"date": date(2021, 1, 1), "indicator": "Buổi tuyên truyền", "quantity": 1}]
    doc = build(tmp_path, year=2022, incidents=rows, results=results)
    assert expected in doc.plain_text()
    assert doc.totals.previous is not None and doc.totals.previous.count == before


def test_no_comparison_without_last_years_data(tmp_path: Path) -> None:
    doc = build(tmp_path, year=2022, incidents=[_incident(date(2022, 5, 1))])
    assert "cùng kỳ" not in doc.plain_text()
    assert doc.totals.previous is None


def test_comparison_follows_the_period(tmp_path: Path) -> None:
    rows = [_incident(date(2021, 3, 10)), _incident(date(2021, 7, 1)), _incident(date(2022, 3, 3))]
    path = factory.write(
        tmp_path / "x.xlsx", year=2022, incidents=rows, settings={"data_from": date(2021, 1, 1)}
    )
    workbook = load_workbook(path)
    march = build_report(workbook, parse_period(month="2022-03"))
    assert "So với cùng kỳ năm 2021, số vụ việc không tăng, không giảm." in march.plain_text()
    q1 = build_report(workbook, parse_period(quarter="2022-Q1"))
    # Without a plan (Giải pháp) of its own the subject promises none (issue 11).
    assert q1.subject == "Kết quả công tác xây dựng phong trào toàn dân bảo vệ ANTQ quý I năm 2022"
    with_plan = factory.write(
        tmp_path / "y.xlsx",
        year=2022,
        incidents=rows,
        sections=[("Giải pháp", "Tăng cường tuần tra dịp lễ.", "Quý I/2022")],
    )
    q1 = build_report(load_workbook(with_plan), parse_period(quarter="2022-Q1"))
    assert q1.subject.endswith("quý I năm 2022 và phương hướng nhiệm vụ quý II năm 2022")


# ------------------------------------------------------------------ markers and narrative
def test_markers_place_passages_and_dashes_make_list_paragraphs(tmp_path: Path) -> None:
    doc = build(
        tmp_path,
        incidents=[_incident(date(2021, 4, 2), summary="Va chạm", injuries=1)],
        sections=[
            ("Tình hình an ninh nông thôn", "Tình hình ổn định.\nVề trật tự: { VỤ VIỆC } Hết."),
            ("Làng an toàn", "- Tiếp tục thực hiện Đề án."),
            ("Làng an toàn", "– {đăng ký}"),
        ],
    )
    first, second = (
        p for p in doc.paragraphs() if "Tình hình ổn định" in p.text or "Về trật tự" in p.text
    )
    assert first.text == "Tình hình ổn định."
    assert second.text == (
        "Về trật tự: Trong năm 2021, địa bàn xã xảy ra 01 vụ tai nạn giao thông làm bị thương "
        "01 người. Hết."
    )
    assert [s.generated for s in second.spans] == [False, True, False]
    bullets = [p for p in doc.paragraphs() if p.bullet]
    assert [b.text for b in bullets][:1] == ["Tiếp tục thực hiện Đề án."]
    assert bullets[1].text.startswith("Đã có 03/03 thôn đăng ký")
    assert all(not p.text.startswith(("-", "–")) for p in doc.paragraphs())


def test_tables_option_adds_incidents_by_category() -> None:
    doc = sample_report(tables=True)
    table = next(b for b in doc.body if not isinstance(b, Paragraph) and hasattr(b, "rows"))
    assert table.rows[-1] == ["Tổng cộng", "14", "4", "3", "39,5"]  # type: ignore[union-attr]
    assert [r[0] for r in table.rows[:-1]] == [  # type: ignore[union-attr]
        "Ma túy",
        "Tai nạn giao thông",
        "Trộm cắp tài sản",
        "Tai nạn khác",
    ]


# ------------------------------------------------------------------ rich preview
def rich_text(doc: ReportDocument, width: int = 100) -> str:
    console = Console(file=StringIO(), width=width, record=True, color_system=None)
    console.print(render_rich(doc, width=width))
    return console.export_text()


def test_rich_preview_says_every_word_of_the_model() -> None:
    doc = sample_report(tables=True)
    shown = rich_text(doc)
    assert Counter(words(shown)) == Counter(words(doc.plain_text()))
    # The body reads in the model's order (the header's two columns interleave, so skip them).
    body = words("\n".join(doc.body_lines()))
    shown_words = words(shown)
    start = shown_words.index("BÁO")
    assert shown_words[start : start + len(body)] == body


def test_rich_preview_fits_narrow_terminals() -> None:
    shown = rich_text(sample_report(), width=60)
    assert max(len(line) for line in shown.splitlines()) <= 60
    assert "14 vụ việc" in " ".join(shown.split())
