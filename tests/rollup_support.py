"""Communes for the rollup tests: made by openpyxl (tests/factory.py), re-saved by LibreOffice.

Tân Lập and Bắc Sơn keep the calendar, Đông Hòa Nghị định 09/2019 (one incident on
20/12/2021: in the calendar year 2021, in the ND09 year 2022). Tân Lập and Đông Hòa
each have a village named Đông Hòa and hold last year (Số liệu từ ngày); Bắc Sơn's
records start in 2021 (no last year to compare).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from tests import factory
from tests.tools import soffice_convert

PROVINCE = "Hà Tĩnh"
ND09 = "Nghị định 09/2019"


def _incident(day: date, village: str, category: str, **more: Any) -> dict[str, Any]:
    return {"date": day, "village": village, "category": category,
            "summary": f"{category} tại {village}", "handling": "Công an xã giải quyết",
            **more}  # fmt: skip


COMMUNES: dict[str, dict[str, Any]] = {
    "tan-lap": {
        "commune": "Tân Lập",
        "settings": {"province": PROVINCE, "data_from": date(2020, 1, 1)},
        "villages": [
            {"name": "Đông Hòa", "registered": "Có", "recognition": "Đạt"},
            {"name": "Tây Sơn", "registered": "Có", "recognition": "Không đạt"},
            {"name": "Nam Hà", "registered": "Không"},
        ],
        "units": [
            {
                "name": "Trường Tiểu học Tân Lập",
                "kind": "Trường học",
                "registered": "Có",
                "recognition": "Đạt",
            },
            {"name": "Trạm Y tế Tân Lập", "kind": "Cơ quan", "registered": "Không"},
        ],
        "incidents": [
            _incident(date(2021, 3, 5), "Đông Hòa", "Trộm cắp tài sản", damage=2.5),
            _incident(date(2021, 6, 1), "Tây Sơn", "Trộm cắp tài sản"),
            _incident(date(2021, 9, 9), "Đông Hòa", "Tai nạn giao thông", deaths=1, injuries=2),
            _incident(date(2020, 4, 4), "Nam Hà", "Đánh bạc"),
        ],
        "teams": [
            {"name": "Đội Đông Hòa", "village": "Đông Hòa", "rating": "Tốt"},
            {"name": "Đội Tây Sơn", "village": "Tây Sơn", "rating": "Khá"},
        ],
        "models": [
            {
                "name": "Camera Đông Hòa",
                "kind": "Camera an ninh",
                "status": "Hoạt động tốt",
                "year_started": 2019,
            },
            {
                "name": "Khu tự quản",
                "kind": "Khu dân cư tự quản",
                "status": "Hình thức",
                "year_started": 2020,
            },
        ],
        "results": [
            {"date": date(2021, 5, 1), "indicator": "Buổi tuyên truyền", "quantity": 4},
            {
                "date": date(2021, 12, 1),
                "indicator": "Người nước ngoài tạm trú được quản lý",
                "quantity": 3,
                "village": "Đông Hòa",
            },
        ],
    },
    "dong-hoa": {
        "commune": "Đông Hòa",
        "settings": {"province": PROVINCE, "cutoff": ND09, "data_from": date(2019, 12, 15)},
        "villages": [
            {"name": "Đông Hòa", "registered": "Có", "recognition": "Đạt"},
            {"name": "Bắc Hà", "registered": "Có", "recognition": "Đạt"},
        ],
        "incidents": [
            _incident(date(2021, 2, 2), "Đông Hòa", "Cố ý gây thương tích", injuries=1),
            _incident(date(2021, 12, 20), "Bắc Hà", "Cháy nổ", damage=10),
            _incident(date(2020, 7, 7), "Bắc Hà", "Cháy nổ"),
            _incident(date(2020, 8, 8), "Bắc Hà", "Trộm cắp tài sản"),
        ],
        "teams": [{"name": "Đội Bắc Hà", "village": "Bắc Hà", "rating": "Tốt"}],
        "models": [
            {"name": "Liên kết", "kind": "Liên kết bảo đảm ANTT", "status": "Hoạt động tốt"}
        ],
        "results": [{"date": date(2021, 3, 3), "indicator": "Buổi tuyên truyền", "quantity": 2}],
    },
    "bac-son": {
        "commune": "Bắc Sơn",
        "settings": {"province": PROVINCE, "admin_level": "Phường"},
        "villages": [{"name": "Tổ dân phố 1", "registered": "Có", "recognition": "Đạt"}],
        "incidents": [_incident(date(2021, 4, 4), "Tổ dân phố 1", "Trộm cắp tài sản")],
    },
}


def write_commune(folder: Path, key: str, name: str = "", **changes: Any) -> Path:
    """One commune's workbook as openpyxl writes it, as ``name`` (default: ``key``.xlsx);
    ``changes`` override its settings or rows."""
    spec = {**COMMUNES[key], **changes}
    folder.mkdir(parents=True, exist_ok=True)
    return factory.write(folder / (name or f"{key}.xlsx"), **spec)


def libreoffice_communes(folder: Path, keys: list[str] | None = None) -> dict[str, Path]:
    """The communes made by openpyxl, each re-saved by LibreOffice into ``folder``."""
    made = folder.parent / f"{folder.name}-openpyxl"
    out: dict[str, Path] = {}
    for key in keys or list(COMMUNES):
        source = write_commune(made, key)
        out[key] = soffice_convert(source, folder, "xlsx")
    shutil.rmtree(made)
    return out
