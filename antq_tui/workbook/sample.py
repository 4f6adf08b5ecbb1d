"""The bundled sample: xã Hoàng Diệu's 2021 figures from the seed report.

The seed report gives counts, not every detail: where it is silent (the other four
villages' names, exact dates, the years models began) the rows say in ``Ghi chú`` that
the value is invented for the sample, and no sentence of the report states it. What the
seed does not say at all (team sizes, allowance per team) is left empty. The narrative
is the annual report's (blank Kỳ báo cáo); Sổ báo cáo is empty, so the month, quarter
and half-year reports show the short form with blank number and date.
``antq demo`` and ``workbooks/`` use this builder.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from antq_tui.model import schema
from antq_tui.workbook.template import (
    BODY_FONT,
    DATE_FORMAT,
    WRAP_TOP,
    TemplateOptions,
    build_template,
    save_new,
)

INVENTED_VILLAGE = "Dữ liệu mẫu: tên thôn tự đặt, báo cáo gốc không nêu."

VILLAGES = [
    # name, households, population, registered, recognition, years in a row, note
    ("Đại Lương", None, None, "Có", "Chưa xét", 5, ""),
    ("Phong Lâm", None, None, "Có", "Chưa xét", 5, ""),
    ("Lai Hà", None, None, "Có", "Chưa xét", 5, ""),
    ("Đông Tiến", None, None, "Có", "Chưa xét", 5, INVENTED_VILLAGE),
    ("Tân Hưng", None, None, "Có", "Chưa xét", 5, INVENTED_VILLAGE),
    ("Thượng Phúc", None, None, "Có", "Chưa xét", 5, INVENTED_VILLAGE),
    ("An Lạc", None, None, "Có", "Chưa xét", 5, INVENTED_VILLAGE),
]

# In the seed's order: "03/03 trường THCS, Tiểu học, Mầm non".
UNITS = [
    ("Trường THCS Hoàng Diệu", "Trường học", "Có", "Chưa xét", 5, ""),
    ("Trường Tiểu học Hoàng Diệu", "Trường học", "Có", "Chưa xét", 5, ""),
    ("Trường Mầm non Hoàng Diệu", "Trường học", "Có", "Chưa xét", 5, ""),
]

_BAN_GIAO = "Bàn giao Công an huyện"
INCIDENTS = [
    # date, village, category, summary, deaths, injuries, damage, handling
    (
        date(2021, 3, 12),
        "Lai Hà",
        "Ma túy",
        "Bắt quả tang tàng trữ trái phép chất ma túy",
        0,
        0,
        None,
        "",
    ),
    (
        date(2021, 1, 23),
        "Đông Tiến",
        "Tai nạn giao thông",
        "Va chạm xe máy trên đường liên xã",
        1,
        0,
        None,
        "",
    ),
    (
        date(2021, 5, 8),
        "Tân Hưng",
        "Tai nạn giao thông",
        "Va chạm giữa xe máy và xe đạp",
        0,
        1,
        None,
        "",
    ),
    (date(2021, 8, 19), "Phong Lâm", "Tai nạn giao thông", "Xe máy tự ngã", 0, 1, None, ""),
    (date(2021, 11, 2), "An Lạc", "Tai nạn giao thông", "Va chạm giữa hai xe máy", 0, 1, None, ""),
    (date(2021, 2, 4), "Đại Lương", "Trộm cắp tài sản", "Trộm xe máy", 0, 0, 15, _BAN_GIAO),
    (
        date(2021, 4, 17),
        "Đại Lương",
        "Trộm cắp tài sản",
        "Trộm tài sản trong nhà dân",
        0,
        0,
        8,
        _BAN_GIAO,
    ),
    (date(2021, 6, 9), "Phong Lâm", "Trộm cắp tài sản", "Trộm gia cầm", 0, 0, 2.5, _BAN_GIAO),
    (date(2021, 7, 27), "Phong Lâm", "Trộm cắp tài sản", "Trộm xe đạp điện", 0, 0, 6, _BAN_GIAO),
    (date(2021, 9, 14), "Lai Hà", "Trộm cắp tài sản", "Trộm máy bơm nước", 0, 0, 3, _BAN_GIAO),
    (
        date(2021, 12, 5),
        "Lai Hà",
        "Trộm cắp tài sản",
        "Trộm tiền trong nhà dân",
        0,
        0,
        5,
        _BAN_GIAO,
    ),
    (date(2021, 3, 30), "Thượng Phúc", "Tai nạn khác", "Tự ngã", 1, 0, None, ""),
    (date(2021, 7, 6), "Tân Hưng", "Tai nạn khác", "Thắt cổ", 1, 0, None, ""),
    (date(2021, 8, 22), "Đông Tiến", "Tai nạn khác", "Đuối nước", 1, 0, None, ""),
]

# name, village, leader, members, rating, allowance, trained. The seed says "7/7 Đội tự
# quản về ANTT hoạt động tốt" and, of allowance and training, only what its narrative
# says ("còn một số thôn chưa chi trả phụ cấp"): those cells stay empty.
TEAMS = [(f"Đội tự quản về ANTT thôn {v[0]}", v[0], "", None, "Tốt", None, None) for v in VILLAGES]

_LINK_MODEL = "Liên kết bảo đảm ANTT"
MODELS = [
    *[
        (
            f"Trường học an toàn về ANTT - {unit[0]}",
            "Trường học an toàn về ANTT",
            unit[0],
            2016,
            "Hoạt động tốt",
        )
        for unit in UNITS
    ],
    *[
        (
            f"Đội tự quản về ANTT thôn {v[0]}",
            "Đội tự quản về ANTT",
            f"Thôn {v[0]}",
            2016,
            "Hoạt động tốt",
        )
        for v in VILLAGES
    ],
    (
        "Liên kết đảm bảo ANTT giữa Công an xã với Hội Phụ nữ xã",
        _LINK_MODEL,
        "Công an xã, Hội Phụ nữ xã",
        2019,
        "Hoạt động tốt",
    ),
]

RESULTS = [
    # date, indicator, quantity, village
    (date(2021, 1, 15), "Người nước ngoài tạm trú được quản lý", 6, ""),
    (date(2021, 2, 26), "Lượt đối tượng tù tha ra kiểm điểm", 3, "Đại Lương"),
    (date(2021, 9, 10), "Lượt đối tượng tù tha ra kiểm điểm", 2, "Lai Hà"),
    (date(2021, 3, 31), "Nguồn tin có giá trị", 6, ""),
    (date(2021, 6, 30), "Nguồn tin có giá trị", 5, ""),
    (date(2021, 9, 30), "Nguồn tin có giá trị", 4, ""),
    (date(2021, 12, 10), "Nguồn tin có giá trị", 5, ""),
    (date(2021, 6, 30), "Vụ việc khám phá nhờ nguồn tin", 4, ""),
    (date(2021, 12, 10), "Vụ việc khám phá nhờ nguồn tin", 6, ""),
    (date(2021, 10, 20), "Hồ sơ đưa vào diện giáo dục tại xã", 1, ""),
    (date(2021, 5, 18), "Người nước ngoài cư trú trái phép bị phát hiện", 1, ""),
]

SETTINGS: dict[str, Any] = {
    "commune": "Hoàng Diệu",
    "admin_level": "Xã",
    "village_word": "làng",
    "year": 2021,
    "cutoff": schema.CUTOFF_CALENDAR,
    "doc_number": "",
    "place": "Hoàng Diệu",
    "sign_date": date(2021, 12, 15),
    "sign_authority": "TM. ỦY BAN NHÂN DÂN XÃ",
    "signer_title": "CHỦ TỊCH",
    "signer": "Nguyễn Đức Du",
    "recipients": "\n".join(
        [
            "BCĐ 138 huyện (qua CAH)",
            "TT Đảng ủy, HĐND xã",
            "Lãnh đạo UBND xã",
            "Thành viên BCĐ xã",
            "Các thôn, ban, ngành, đoàn thể, trường học",
            "Lưu: VP, CAX",
        ]
    ),
}

# The seed's own wording of categories and model types (its Danh mục).
PHRASES = {
    ("Loại vụ việc", "Ma túy"): "vụ bắt quả tang tàng trữ trái phép chất ma túy",
    (
        "Loại mô hình",
        _LINK_MODEL,
    ): "mô hình liên kết đảm bảo ANTT giữa Công an xã với Hội Phụ nữ xã",
}


def narrative() -> list[tuple[str, str]]:
    """(section, paragraph) pairs from the bundled narrative text."""
    text = (
        resources.files("antq_tui.data")
        .joinpath("hoang-dieu-2021-noi-dung.txt")
        .read_text(encoding="utf-8")
    )
    pairs: list[tuple[str, str]] = []
    section = ""
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            pairs.append((section, " ".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        if line.startswith("#") and not line.startswith("## "):
            continue
        if line.startswith("## "):
            flush()
            section = line[3:].strip()
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
    flush()
    return pairs


def _append(ws: Worksheet, row: int, values: tuple[Any, ...] | list[Any]) -> None:
    for col, value in enumerate(values, start=1):
        if value in ("", None):
            continue
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = BODY_FONT
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT


def build_sample() -> Any:
    wb = build_template(TemplateOptions(commune=SETTINGS["commune"], year=SETTINGS["year"]))
    settings = wb[schema.SETTINGS_SHEET]
    for row, setting in enumerate(schema.SETTINGS, start=2):
        value = SETTINGS.get(setting.field)
        cell = settings.cell(row=row, column=2, value=value if value not in ("", None) else None)
        cell.font = BODY_FONT
        cell.alignment = WRAP_TOP
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT

    for row, village in enumerate(VILLAGES, start=2):
        _append(wb[schema.VILLAGES.name], row, village)
    for row, unit in enumerate(UNITS, start=2):
        _append(wb[schema.UNITS.name], row, unit)
    for row, (when, *rest) in enumerate(sorted(INCIDENTS, key=lambda i: i[0]), start=2):
        named_in_seed = rest[1] == "Trộm cắp tài sản"
        note = "Dữ liệu mẫu: ngày tự đặt." if named_in_seed else "Dữ liệu mẫu: ngày và thôn tự đặt."
        _append(wb[schema.INCIDENTS.name], row, [row - 1, when, *rest, note])
    for row, team in enumerate(TEAMS, start=2):
        _append(wb[schema.TEAMS.name], row, team)
    for row, model in enumerate(MODELS, start=2):
        _append(wb[schema.MODELS.name], row, [*model, "Dữ liệu mẫu: năm xây dựng tự đặt."])
    for row, result in enumerate(sorted(RESULTS, key=lambda r: r[0]), start=2):
        _append(wb[schema.RESULTS.name], row, [*result, "Dữ liệu mẫu: ngày tự đặt."])

    sections = wb[schema.SECTIONS_SHEET]
    sections.delete_rows(2, sections.max_row)
    for row, (title, paragraph) in enumerate(narrative(), start=2):
        _append(sections, row, [title, paragraph])
        sections.cell(row=row, column=2).alignment = WRAP_TOP

    catalog = wb[schema.CATALOG_SHEET]
    headers = [c.value for c in catalog[1]]
    for (list_name, value), phrase in PHRASES.items():
        value_col = headers.index(list_name) + 1
        phrase_col = headers.index(f"{list_name} - cách viết") + 1
        for row in range(2, catalog.max_row + 1):
            if catalog.cell(row=row, column=value_col).value == value:
                catalog.cell(row=row, column=phrase_col, value=phrase)
    return wb


def create_sample(path: Path) -> None:
    save_new(build_sample(), path)
