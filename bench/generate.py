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
VERSION = 2  # bump when the generated content changes
REPORT_YEAR = 2021
VILLAGES = [
    "Đại Lương", "Phong Lâm", "Lai Hà", "Đông Tiến", "Tân Hưng", "Thượng Phúc",
    "An Lạc", "Hòa Bình", "Thanh Xuân", "Phú Thọ", "Quyết Tiến", "Đồng Tâm",
]  # fmt: skip
# Real "Tóm tắt" cells are sentences, each its own: what happened, to whom, where,
# when, and what came of it. Built from these parts, every summary is unique.
EVENTS = [
    "Va chạm giữa hai xe máy trên đường liên xã", "Va chạm giữa xe máy và xe đạp",
    "Xe máy tự ngã khi tránh ổ gà", "Trộm xe máy để ngoài sân", "Trộm tài sản trong nhà dân",
    "Trộm gà, vịt trong chuồng", "Xô xát giữa hai gia đình do tranh chấp đất",
    "Đánh bạc dưới hình thức ghi lô đề", "Cháy bếp do chập điện", "Đuối nước tại ao làng",
    "Gây rối trật tự tại đám cưới", "Cố ý gây thương tích sau khi uống rượu",
    "Lừa đảo chiếm đoạt tiền qua mạng xã hội", "Tàng trữ pháo nổ để bán dịp Tết",
    "Tranh chấp lối đi chung giữa hai hộ", "Mâu thuẫn vợ chồng dẫn đến đánh nhau",
]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quang", "Ngọc", "Xuân", "Thế"]
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hùng", "Hương", "Khánh",
    "Lan", "Long", "Mai", "Nam", "Nga", "Phúc", "Quý", "Sơn", "Thảo", "Thắng", "Tuấn", "Yến",
]  # fmt: skip
PLACES = [
    "tại nhà {who}, xóm {n}", "trước cổng nhà {who}", "tại ngã ba xóm {n}",
    "trên đường bờ đê gần xóm {n}", "tại chợ {village}", "tại cánh đồng thôn {village}",
]  # fmt: skip
OUTCOMES = [
    "thiệt hại khoảng {money} triệu đồng", "{who} bị thương nhẹ, đã sơ cứu tại trạm y tế",
    "hai bên đã hòa giải tại chỗ", "đã lập biên bản, chuyển Công an huyện giải quyết",
    "Công an xã đã thu giữ tang vật", "chưa xác định được đối tượng, đang tiếp tục xác minh",
    "{who} đã tự nguyện bồi thường", "nhắc nhở, yêu cầu viết cam kết không tái phạm",
]  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(['ông', 'bà', 'anh', 'chị'])} {rng.choice(SURNAMES)} " + (
        f"{rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    )


def summary(rng: random.Random, village: str) -> str:
    """One incident's summary, 30 to 250 characters, in the words staff write."""
    who = _person(rng)
    place = rng.choice(PLACES).format(who=who, n=rng.randint(1, 15), village=village)
    hour, minute = rng.randint(0, 23), rng.randrange(0, 60, 5)
    moment = f"khoảng {hour} giờ {minute} phút" if minute else f"khoảng {hour} giờ"
    money = f"{rng.randint(1, 90) / 2:g}".replace(".", ",")  # 4,5 triệu đồng
    outcome = rng.choice(OUTCOMES).format(who=who, money=money)
    parts = [rng.choice(EVENTS), place, moment, outcome]
    if rng.random() < 0.3:
        parts.insert(1, f"liên quan đến {_person(rng)}")
    text = ", ".join(parts[: rng.randint(2, len(parts))]) + "."
    return text if len(text) <= 250 else text[:249].rsplit(" ", 1)[0] + "."


def long_summary(rng: random.Random, village: str, chars: int) -> str:
    """A summary of exactly ``chars`` characters: many sentences, as a pasted account reads."""
    sentences: list[str] = []
    length = 0
    while length < chars:
        sentences.append(summary(rng, village))
        length += len(sentences[-1]) + 1
    return " ".join(sentences)[:chars]


def path_for(incidents: int, text_chars: int = 0) -> Path:
    long = f"-text{text_chars}" if text_chars else ""
    return OUT / f"antq-{incidents}{long}-v{VERSION}.xlsx"


def generate(
    incidents: int,
    path: Path | None = None,
    seed: int = 1,
    text_chars: int = 0,
    info: dict[str, str | int] | None = None,
) -> Path:
    """Write (or reuse) a workbook with ``incidents`` incident rows, each summary unique.

    ``text_chars`` makes every summary that long (Excel allows 32,767 per cell);
    ``info`` overrides Thông tin chung by field ("commune", "province", "cutoff").
    """
    target = path or path_for(incidents, text_chars)
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
    values.update(info or {})
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
        units.write_row(row, 0, [f"{name} {values['commune']}", kind, "Có", "Đạt", 3])

    categories = [d[0] for d in schema.INCIDENT_CATEGORIES.defaults]
    handlings = [d[0] for d in schema.HANDLINGS.defaults]
    ws = sheet(schema.INCIDENTS.name, [c.header for c in schema.INCIDENTS.columns])
    ws.set_column(1, 1, 12, dates)
    first = date(REPORT_YEAR - 6, 1, 1)
    span = (date(REPORT_YEAR, 12, 31) - first).days
    seen: set[str] = set()
    for row in range(1, incidents + 1):
        when = first + timedelta(days=rng.randrange(span + 1))
        category = rng.choice(categories)
        village = rng.choice(VILLAGES)
        text = ""
        while not text or text in seen:
            text = long_summary(rng, village, text_chars) if text_chars else summary(rng, village)
        seen.add(text)
        ws.write_number(row, 0, row)
        ws.write_datetime(row, 1, when, dates)  # type: ignore[arg-type]
        ws.write_string(row, 2, village)
        ws.write_string(row, 3, category)
        ws.write_string(row, 4, text)
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
