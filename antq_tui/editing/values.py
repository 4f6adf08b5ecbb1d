"""Record values as the edit session holds them: comparisons, blanks, and Danh mục as rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from antq_tui.model import schema
from antq_tui.model.records import Catalog, CatalogEntry

Values = dict[str, Any]


Key = tuple[str, int]  # (schema sheet name, sheet row)


def same_value(a: Any, b: Any) -> bool:
    """Equal and of one type (1 is not True, "1" is not 1); blanks are all alike."""
    if a in (None, "") and b in (None, ""):
        return True
    return type(a) is type(b) and a == b


def same_values(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(same_value(a.get(k), b.get(k)) for k in set(a) | set(b))


def is_blank(values: Mapping[str, Any] | None) -> bool:
    return values is None or all(v in (None, "") for v in values.values())


def catalog_rows(catalog: Catalog) -> dict[int, Values]:
    """Danh mục as rows: sheet row -> layout field -> value (one row holds several lists)."""
    rows: dict[int, Values] = {}
    for name, entries in catalog.entries.items():
        spec = schema.CATALOGS_BY_NAME.get(name)
        if spec is None:
            continue
        for entry in entries:
            values = rows.setdefault(entry.row, {})
            values[name] = entry.value
            for attribute in spec.attributes:
                if attribute.field in entry.attributes:
                    values[spec.attribute_field(attribute)] = entry.attributes[attribute.field]
    return rows


def catalog_from_rows(rows: Mapping[int, Values | None]) -> Catalog:
    """The reader's Catalog from rows as ``catalog_rows`` gives them (blank cells skipped)."""
    entries: dict[str, list[CatalogEntry]] = {c.name: [] for c in schema.CATALOG_LISTS}
    for row in sorted(rows):
        values = rows[row]
        if not values:
            continue
        for spec in schema.CATALOG_LISTS:
            value = values.get(spec.name)
            if value in (None, ""):
                continue
            attributes = {}
            for attribute in spec.attributes:
                cell = values.get(spec.attribute_field(attribute))
                if cell not in (None, ""):
                    attributes[attribute.field] = cell
            entries[spec.name].append(CatalogEntry(str(value), attributes, row))
    return Catalog(entries)
