"""``Danh mục`` of a merged workbook: every old workbook's lists, one value once.

Values are the same when they fold alike (``fold_key``: "Hòa giải" and "Hoà giải");
the first workbook's spelling and row order come first, then each later workbook's
new values. A value keeps its wording (phrase, flags): a cell one workbook leaves
blank is taken from another; two that differ keep the first and are said. A Danh
mục made before the ``tính đến cuối kỳ`` column reads, as the report reads it, with
the default list's marks, and the merged list says so in the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from antq_tui.editing.merge.inputs import OldBook
from antq_tui.model import schema
from antq_tui.model.records import Catalog, CatalogEntry, Workbook
from antq_tui.model.text import fold_key

_STANDING_BY_DEFAULT = frozenset(
    fold_key(row[0]) for row in schema.INDICATORS.defaults if row[2] == schema.YES
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return fold_key(a) == fold_key(b)
    return bool(a == b)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _attributes(
    workbook: Workbook, listing: schema.CatalogList, entry: CatalogEntry
) -> dict[str, Any]:
    attributes = dict(entry.attributes)
    layout = workbook.layouts.get(schema.CATALOG_SHEET)
    standing = schema.INDICATORS.attribute_field(schema.STANDING)
    if listing is schema.INDICATORS and (layout is None or standing not in layout.columns):
        attributes[schema.STANDING.field] = fold_key(entry.value) in _STANDING_BY_DEFAULT
    return attributes


def merged_catalog(books: Sequence[OldBook]) -> tuple[Catalog, list[str]]:
    """The union of the books' lists, and what the clerk should check."""
    catalog = Catalog()
    notes: list[str] = []
    for listing in schema.CATALOG_LISTS:
        kept: dict[str, tuple[CatalogEntry, OldBook]] = {}
        for book in books:
            for entry in book.workbook.catalog.entries.get(listing.name, []):
                attributes = _attributes(book.workbook, listing, entry)
                key = fold_key(entry.value)
                if key not in kept:
                    kept[key] = (CatalogEntry(entry.value, attributes, 0), book)
                    continue
                first, owner = kept[key]
                for column in listing.attributes:
                    mine, theirs = first.attributes.get(column.field), attributes.get(column.field)
                    if _blank(mine) and not _blank(theirs):
                        first.attributes[column.field] = theirs
                    elif not _blank(theirs) and not _same(mine, theirs):
                        notes.append(
                            f"Danh mục “{listing.name}”, “{first.value}”: cột "
                            f"“{listing.attribute_header(column)}” ở sổ “{owner.name}” và sổ "
                            f"“{book.name}” khác nhau; giữ như sổ “{owner.name}”."
                        )
        catalog.entries[listing.name] = [entry for entry, _ in kept.values()]
    return catalog, notes
