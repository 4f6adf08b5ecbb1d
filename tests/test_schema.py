"""The schema is the one description of the workbook; the records must agree with it."""

from __future__ import annotations

from antq_tui.model import schema
from antq_tui.model.records import RECORD_TYPES, Settings, field_names
from antq_tui.model.text import fold_key


def test_every_data_sheet_has_a_record_with_fields_in_column_order() -> None:
    for spec in schema.DATA_SHEETS:
        assert field_names(RECORD_TYPES[spec.key]) == [c.field for c in spec.columns]


def test_settings_keys_are_fields_of_settings() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert {s.field for s in schema.SETTINGS} <= fields


def test_headers_are_unique_per_sheet_even_when_folded() -> None:
    for spec in schema.DATA_SHEETS:
        folded = [fold_key(c.header) for c in spec.columns]
        assert len(folded) == len(set(folded)), spec.name
    catalog_headers = [c.name for c in schema.CATALOG_LISTS] + [
        c.attribute_header(a) for c in schema.CATALOG_LISTS for a in c.attributes
    ]
    assert len({fold_key(h) for h in catalog_headers}) == len(catalog_headers)


def test_catalog_lists_hold_what_the_format_requires() -> None:
    names = {c.name: [d[0] for d in c.defaults] for c in schema.CATALOG_LISTS}
    assert set(names) >= {"Loại vụ việc", "Xử lý", "Chỉ tiêu", "Loại mô hình"}
    assert {"Ma túy", "Tai nạn giao thông", "Trộm cắp tài sản", "Tai nạn khác", "Khác"} <= set(
        names["Loại vụ việc"]
    )
    assert len(names["Chỉ tiêu"]) == 8
    for catalog in schema.CATALOG_LISTS:
        for default in catalog.defaults:
            assert len(default) == 1 + len(catalog.attributes), default


def test_every_referenced_catalog_list_exists() -> None:
    for spec in schema.DATA_SHEETS:
        for column in spec.columns:
            if column.catalog:
                assert column.catalog in schema.CATALOGS_BY_NAME
