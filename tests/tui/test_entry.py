"""Form text read the loader's way, checked by the validator itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from antq_tui.editing.entry import (
    build_record,
    check_record,
    check_setting,
    record_text,
    value_text,
)
from antq_tui.model import schema
from antq_tui.workbook.reader import load_workbook
from tests.conftest import SAMPLE, TODAY

INCIDENTS = schema.INCIDENTS.name


def _texts(**overrides: str) -> dict[str, str]:
    texts = {
        "date": "05/03/2021",
        "village": "Lai Hà",
        "category": "Trộm cắp tài sản",
        "summary": "Trộm gà",
        "deaths": "",
        "injuries": "0",
        "damage": "1,5",
    }
    texts.update(overrides)
    return texts


def test_texts_become_typed_values_like_the_loader_reads_them() -> None:
    wb = load_workbook(SAMPLE)
    record = build_record(INCIDENTS, _texts(village="  lai ha\u0300 "), 99, wb)
    assert record.date == date(2021, 3, 5)
    assert record.village == "Lai Hà"  # the list's own spelling (tone placement, case folded)
    assert record.damage == 1.5
    assert record.deaths is None and record.injuries == 0
    assert record.invalid is None
    assert check_record(wb, INCIDENTS, record, TODAY) == []


def test_bad_text_kept_and_reported_with_the_validators_words() -> None:
    wb = load_workbook(SAMPLE)
    record = build_record(
        INCIDENTS, _texts(date="31/02/2021", village="Lai Ha", injuries="-1"), 99, wb
    )
    assert record.invalid == {"date": "31/02/2021", "injuries": "-1"}
    assert record_text(record, "date") == "31/02/2021"  # nothing typed is lost
    findings = {f.field: f for f in check_record(wb, INCIDENTS, record, TODAY)}
    assert "không phải ngày hợp lệ" in findings["date"].message
    assert findings["village"].message == "Thôn “Lai Ha” không có trong trang Thôn."
    assert findings["village"].replacement == "Lai Hà"
    assert "số nguyên không âm" in findings["injuries"].message
    assert all(f.cell and f.cell.endswith("99") for f in findings.values())


def test_required_future_and_duplicate() -> None:
    wb = load_workbook(SAMPLE)
    missing = build_record(INCIDENTS, _texts(date="", category=""), 99, wb)
    messages = {f.field: f.message for f in check_record(wb, INCIDENTS, missing, TODAY)}
    assert messages["date"] == "Thiếu “Ngày xảy ra”."
    assert messages["category"] == "Thiếu “Loại vụ việc”."
    future = build_record(INCIDENTS, _texts(date="01/01/2099"), 99, wb)
    assert any("sau ngày hôm nay" in f.message for f in check_record(wb, INCIDENTS, future, TODAY))
    first = wb.incidents[0]
    copy_texts = {c.field: record_text(first, c.field) for c in schema.INCIDENTS.columns}
    duplicate = build_record(INCIDENTS, copy_texts, 99, wb)
    dup = check_record(wb, INCIDENTS, duplicate, TODAY)
    assert [f.message for f in dup] == [f"Hàng 99 trùng với hàng {first.row}."]


def test_setting_checked_by_the_validator(tmp_path: Path) -> None:
    wb = load_workbook(SAMPLE)
    value, findings = check_setting(wb, "year", "20x1", TODAY)
    assert findings and "năm hợp lệ" in findings[0].message
    value, findings = check_setting(wb, "cutoff", "nghi dinh 09/2019", TODAY)
    assert findings and findings[0].replacement == schema.CUTOFF_ND09
    value, findings = check_setting(wb, "cutoff", schema.CUTOFF_ND09, TODAY)
    assert (value, findings) == (schema.CUTOFF_ND09, [])


def test_value_text() -> None:
    assert value_text(schema.Kind.AMOUNT, 15.0) == "15"
    assert value_text(schema.Kind.AMOUNT, 2.25) == "2,25"
    assert value_text(schema.Kind.YES_NO, False) == "Không"
    assert value_text(schema.Kind.DATE, date(2021, 1, 5)) == "05/01/2021"


def test_section_checked_by_the_validator() -> None:
    from antq_tui.editing.entry import check_section

    wb = load_workbook(SAMPLE)
    assert check_section(wb, "Mở đầu", "Năm 2021…", 30, TODAY) == []
    (missing,) = check_section(wb, "", "Một đoạn", 30, TODAY)
    assert missing.message.startswith("Thiếu tên mục") and missing.field == "title"
    (unknown,) = check_section(wb, "Mo dau", "x", 30, TODAY)
    assert unknown.replacement == "Mở đầu"
