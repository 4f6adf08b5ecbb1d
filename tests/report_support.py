"""Workbooks the report tests share: the bundled sample and a second, different commune.

The second commune (thị trấn Tân An, 2023) differs from the sample everywhere the
report could lean on the seed: a thị trấn with "Tổ dân phố" names, its own Danh mục
lists and wording (some phrases left blank), Nghị định 09/2019 cut-off, the 1904
date system, a date typed as text, last year's rows for the comparison, a model
built after the period, a marker in part II and a section the template does not know;
``Số liệu từ ngày`` says its records reach back to last year's period.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from antq_tui.model import schema
from antq_tui.model.periods import Period, parse_period
from antq_tui.model.records import Workbook
from antq_tui.report.build import build_report
from antq_tui.report.model import ReportDocument
from antq_tui.workbook.reader import load_workbook
from tests import factory
from tests.conftest import SAMPLE

YES, NO = schema.YES, schema.NO


def set_catalog(wb: Any, list_name: str, rows: list[tuple[str, ...]]) -> None:
    """Replace a Danh mục list and its wording columns: (value, phrase, flags...)."""
    ws = wb[schema.CATALOG_SHEET]
    catalog = schema.CATALOGS_BY_NAME[list_name]
    headers = [c.value for c in ws[1]]
    columns = [headers.index(list_name) + 1] + [
        headers.index(catalog.attribute_header(a)) + 1 for a in catalog.attributes
    ]
    for row in range(2, ws.max_row + 1):
        for col in columns:
            ws.cell(row=row, column=col).value = None
    for row, values in enumerate(rows, start=2):
        for col, value in zip(columns, values, strict=False):
            ws.cell(row=row, column=col, value=value or None)


OTHER_INCIDENTS: list[dict[str, Any]] = [
    # 2023 under ND 09 runs 15/12/2022 .. 14/12/2023.
    {"date": date(2022, 12, 20), "village": "Tổ dân phố 2", "category": "Cướp giật tài sản",
     "summary": "Giật túi xách", "handling": "Chuyển Công an huyện"},
    {"date": date(2023, 3, 14), "village": "Tổ dân phố 1", "category": "Cướp giật tài sản",
     "summary": "Giật điện thoại", "handling": "Chuyển Công an huyện"},
    {"date": "05/03/2023", "village": "Tổ dân phố 2", "category": "Tai nạn giao thông",
     "summary": "Xe máy va chạm", "deaths": 1},
    {"date": date(2023, 3, 15), "village": "Tổ dân phố 4", "category": "Tai nạn giao thông",
     "summary": "Ô tô va chạm xe máy", "injuries": 2},
    {"date": date(2023, 7, 2), "village": "Tổ dân phố 1", "category": "Đánh nhau",
     "summary": "Mâu thuẫn trong đám cưới.", "injuries": 1, "handling": "Hòa giải"},
    {"date": date(2023, 8, 9), "village": "Tổ dân phố 3", "category": "Đánh nhau",
     "summary": "Say rượu", "handling": "Chuyển Công an huyện"},
    {"date": date(2023, 12, 14), "village": "Tổ dân phố 5", "category": "Cháy nổ",
     "summary": "Chập điện", "damage": 120},
    # The 15th belongs to next year's first month under ND 09.
    {"date": date(2023, 12, 15), "village": "Tổ dân phố 5", "category": "Tai nạn giao thông",
     "summary": "Ngã xe", "deaths": 1},
    # Last year's period (15/12/2021 .. 14/12/2022): 3 incidents.
    {"date": date(2021, 12, 20), "village": "Tổ dân phố 2", "category": "Đánh nhau",
     "summary": "Tranh chấp đất"},
    {"date": date(2022, 5, 1), "village": "Tổ dân phố 1", "category": "Tai nạn giao thông",
     "summary": "Va chạm", "injuries": 1},
    {"date": date(2022, 12, 14), "village": "Tổ dân phố 3", "category": "Cướp giật tài sản",
     "summary": "Giật dây chuyền", "damage": 15.5},
]  # fmt: skip

OTHER_SECTIONS = [
    ("Mở đầu", "Năm 2023, tình hình an ninh, trật tự trên địa bàn thị trấn Tân An ổn định."),
    ("Tình hình an ninh nông thôn", "Tình hình an ninh chính trị được giữ vững."),
    ("Ưu điểm", "Phong trào được các tổ dân phố hưởng ứng. {mô hình}"),
    ("Ưu điểm", "Công tác phối hợp giữa các lực lượng được duy trì thường xuyên."),
    ("Phòng cháy, chữa cháy", "- Tổ chức 02 buổi diễn tập phòng cháy tại chợ."),
    ("Giải pháp", "Tiếp tục duy trì các mô hình; {không rõ} giữ nguyên."),
]


def build_other(path: Path) -> Path:
    wb = factory.build(
        commune="Tân An",
        year=2023,
        settings={
            "admin_level": "Thị trấn",
            "cutoff": schema.CUTOFF_ND09,
            # Its records start with last year's period: "cùng kỳ" is compared.
            "data_from": date(2021, 12, 15),
            "doc_number": "7",
            "place": "Tân An",
            "sign_date": date(2024, 1, 5),
            "signer": "Lê Thị Hoa",
            "recipients": "Công an huyện;\n- Đảng ủy thị trấn\n\nLưu: VT.",
        },
        villages=[
            {"name": "Tổ dân phố 1", "registered": YES, "recognition": "Đạt", "years_in_row": 3},
            {"name": "Tổ dân phố 2", "registered": YES, "recognition": "Đạt", "years_in_row": 3},
            {"name": "Tổ dân phố 3", "registered": YES, "recognition": "Không đạt"},
            {"name": "Tổ dân phố 4", "registered": YES, "recognition": "Đạt", "years_in_row": 2},
            {"name": "Tổ dân phố 5", "registered": NO},
        ],
        units=[
            {"name": "Trường Tiểu học Tân An", "kind": "Trường học", "registered": YES},
            {"name": "Trường THCS Tân An", "kind": "Trường học", "registered": YES},
            {"name": "Chi cục Thuế", "kind": "Cơ quan", "registered": NO},
        ],
        incidents=OTHER_INCIDENTS,
        teams=[
            {
                "name": "Đội 1",
                "village": "Tổ dân phố 1",
                "members": 9,
                "rating": "Tốt",
                "allowance": YES,
                "trained": YES,
            },
            {
                "name": "Đội 2",
                "village": "Tổ dân phố 3",
                "members": 8,
                "rating": "Khá",
                "allowance": YES,
                "trained": NO,
            },
        ],
        models=[
            {
                "name": "Camera chợ",
                "kind": "Camera an ninh",
                "year_started": 2021,
                "status": "Hoạt động tốt",
            },
            {
                "name": "Camera bến xe",
                "kind": "Camera an ninh",
                "year_started": 2024,
                "status": "Hoạt động tốt",
            },
            {
                "name": "Tổ tự quản khu chợ",
                "kind": "Tổ tự quản",
                "year_started": 2020,
                "status": "Hình thức",
            },
        ],
        results=[
            {"date": date(2023, 2, 1), "indicator": "Tin báo tố giác tội phạm", "quantity": 3},
            {"date": date(2023, 6, 1), "indicator": "Buổi tuần tra", "quantity": 12},
            {"date": date(2022, 6, 1), "indicator": "Buổi tuần tra", "quantity": 4},
        ],
        sections=OTHER_SECTIONS,
    )
    set_catalog(
        wb,
        "Loại vụ việc",
        [
            ("Cướp giật tài sản", "vụ cướp giật tài sản", YES, NO),
            ("Tai nạn giao thông", "vụ tai nạn giao thông", NO, NO),
            ("Đánh nhau", "", NO, YES),
            ("Cháy nổ", "vụ cháy", YES, YES),
        ],
    )
    set_catalog(
        wb,
        "Xử lý",
        [
            ("Chuyển Công an huyện", "đã chuyển Công an huyện điều tra theo thẩm quyền"),
            ("Hòa giải", "đã hòa giải thành"),
            ("Chưa xử lý", ""),
        ],
    )
    set_catalog(
        wb,
        "Chỉ tiêu",
        [
            ("Tin báo tố giác tội phạm", "tiếp nhận {số} tin báo tố giác tội phạm"),
            ("Buổi tuần tra",),
        ],
    )
    set_catalog(
        wb, "Loại mô hình", [("Camera an ninh", "mô hình “Camera an ninh”"), ("Tổ tự quản",)]
    )
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    return path


def other_workbook(tmp_path: Path) -> Workbook:
    workbook = load_workbook(build_other(tmp_path / "tan-an-2023.xlsx"))
    assert workbook.date1904  # the test really covers the 1904 date system
    return workbook


def other_period(workbook: Workbook, **kwargs: Any) -> Period:
    return parse_period(
        cutoff=workbook.settings.cutoff, default_year=workbook.settings.year, **kwargs
    )


def sample_workbook() -> Workbook:
    return load_workbook(SAMPLE)


def sample_report(**kwargs: Any) -> ReportDocument:
    workbook = sample_workbook()
    period = parse_period(cutoff=workbook.settings.cutoff, default_year=workbook.settings.year)
    return build_report(workbook, period, **kwargs)
