"""Generate realistic workbooks for benchmarks: N incidents, other sheets commune-sized.

Written with XlsxWriter, which (like Excel) stores text as shared strings, so the
files look like what staff save. Files are cached in bench/out/ by size.

    python -m bench.generate 1000 10000 100000
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from antq_tui.model import schema
from antq_tui.workbook.sample import narrative

OUT = Path(__file__).resolve().parent / "out"
VERSION = 1  # bump when the generated content changes
REPORT_YEAR = 2021
VILLAGES = [
    "Đại Lương", "Phong Lâm", "Lai Hà", "Đông Tiến", "Tân Hưng", "Thượng Phúc",
    "An Lạc", "Hòa Bình", "Thanh Xuân", "Phú Thọ", "Quyết Tiến", "Đồng Tâm",
]  # fmt: skip
SUMMARIES = [
    "Va chạm giữa hai xe máy trên đường liên xã",
    "Trộm xe máy để ngoài sân",
    "Trộm tài sản trong nhà dân khi vắng chủ",
    "Xô xát giữa hai gia đình do tranh chấp đất",
    "Đánh bạc dưới hình thức ghi lô đề",
    "Cháy bếp do chập điện",
    "Đuối nước tại ao làng",
    "Gây rối tại đám cưới",
]


def path_for(incidents: int) -> Path:
    return OUT / f"antq-{incidents}-v{VERSION}.xlsx"


def generate(incidents: int, path: Path | None = None, seed: int = 1) -> Path:
    """Write (or reuse) a workbook with ``incidents`` incident rows."""
    target = path or path_for(incidents)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    temp = target.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(temp))
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})

    def sheet(name: str, headers: list[str]) -> xlsxwriter.worksheet.Worksheet:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers, bold)
        ws.freeze_panes(1, 0)
        return ws

    sheet(schema.INSTRUCTIONS_SHEET, ["Hướng dẫn"])
    settings = sheet(
        schema.SETTINGS_SHEET, [schema.SETTINGS_KEY_HEADER, schema.SETTINGS_VALUE_HEADER]
    )
    values = {"commune": "Hoàng Diệu", "year": REPORT_YEAR, "cutoff": schema.CUTOFF_CALENDAR,
              "admin_level": "Xã", "place": "Hoàng Diệu", "signer": "Nguyễn Văn An",
              "sign_authority": "TM. ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH"}  # fmt: skip
    for row, setting in enumerate(schema.SETTINGS, start=1):
        settings.write(row, 0, setting.key)
        if setting.field in values:
            settings.write(row, 1, values[setting.field])

    villages = sheet(schema.VILLAGES.name, [c.header for c in schema.VILLAGES.columns])
    for row, name in enumerate(VILLAGES, start=1):
        villages.write_row(
            row,
            0,
            [name, rng.randint(200, 900), rng.randint(800, 3500), "Có", "Đạt", rng.randint(1, 8)],
        )
    units = sheet(schema.UNITS.name, [c.header for c in schema.UNITS.columns])
    for row, name in enumerate(
        ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trạm Y tế", "Công ty May"], start=1
    ):
        kind = (
            "Trường học"
            if name.startswith("Trường")
            else "Cơ quan"
            if name.startswith("Trạm")
            else "Doanh nghiệp"
        )
        units.write_row(row, 0, [f"{name} Hoàng Diệu", kind, "Có", "Đạt", 3])

    categories = [d[0] for d in schema.INCIDENT_CATEGORIES.defaults]
    handlings = [d[0] for d in schema.HANDLINGS.defaults]
    ws = sheet(schema.INCIDENTS.name, [c.header for c in schema.INCIDENTS.columns])
    ws.set_column(1, 1, 12, dates)
    first = date(REPORT_YEAR - 6, 1, 1)
    span = (date(REPORT_YEAR, 12, 31) - first).days
    for row in range(1, incidents + 1):
        when = first + timedelta(days=rng.randrange(span + 1))
        category = rng.choice(categories)
        ws.write_number(row, 0, row)
        ws.write_datetime(row, 1, when, dates)  # type: ignore[arg-type]
        ws.write_string(row, 2, rng.choice(VILLAGES))
        ws.write_string(row, 3, category)
        ws.write_string(row, 4, rng.choice(SUMMARIES))
        ws.write_number(row, 5, 1 if rng.random() < 0.05 else 0)
        ws.write_number(row, 6, rng.randrange(3) if rng.random() < 0.2 else 0)
        if rng.random() < 0.3:
            ws.write_number(row, 7, rng.randrange(1, 200) / 2)
        ws.write_string(row, 8, rng.choice(handlings))

    teams = sheet(schema.TEAMS.name, [c.header for c in schema.TEAMS.columns])
    for row, name in enumerate(VILLAGES, start=1):
        teams.write_row(
            row, 0, [f"Đội tự quản thôn {name}", name, "", rng.randint(8, 15), "Tốt", "Có", "Không"]
        )
    models = sheet(schema.MODELS.name, [c.header for c in schema.MODELS.columns])
    kinds = [d[0] for d in schema.MODEL_KINDS.defaults]
    for row in range(1, 21):
        models.write_row(
            row,
            0,
            [f"Mô hình số {row}", rng.choice(kinds), "", rng.randint(2010, 2021), "Hoạt động tốt"],
        )
    results = sheet(schema.RESULTS.name, [c.header for c in schema.RESULTS.columns])
    results.set_column(0, 0, 12, dates)
    indicators = [d[0] for d in schema.INDICATORS.defaults]
    for row in range(1, max(50, incidents // 20) + 1):
        results.write_datetime(row, 0, first + timedelta(days=rng.randrange(span + 1)), dates)  # type: ignore[arg-type]
        results.write_row(row, 1, [rng.choice(indicators), rng.randint(1, 10)])
    sections = sheet(
        schema.SECTIONS_SHEET, [schema.SECTION_TITLE_HEADER, schema.SECTION_TEXT_HEADER]
    )
    for row, (title, text) in enumerate(narrative(), start=1):
        sections.write_row(row, 0, [title, text])
    catalog = sheet(schema.CATALOG_SHEET, [])
    col = 0
    for catalog_list in schema.CATALOG_LISTS:
        headers = [catalog_list.name] + [
            catalog_list.attribute_header(a) for a in catalog_list.attributes
        ]
        catalog.write_row(0, col, headers, bold)
        for row, default in enumerate(catalog_list.defaults, start=1):
            catalog.write_row(row, col, list(default))
        col += len(headers)
    wb.close()
    temp.replace(target)
    return target


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000", "10000", "100000"]:
        print(generate(int(arg)))
