"""The merged workbook's content, from the old communes' workbooks (no file is touched).

Every row of every old workbook is kept, each workbook's rows together and in their
order, with its commune in ``Xã cũ`` (a row that already names one, from a workbook
merged before, keeps it). STT numbers are kept as the old commune gave them: with Xã
cũ they still point to that commune's papers, and a new incident takes the next
number after the largest.

- Villages: a name found in two old communes (compared folded: "Đông Hoà" is "Đông
  Hòa") becomes one village per commune, "Đông Hòa (Tân Lập)" and "Đông Hòa (Hòa
  Bình)", and every incident, team and result of each points to its own.
- Danh mục values are written in the merged list's spelling (``catalog``).
- Nội dung: the new commune's sections first, empty to fill in; then each old
  commune's paragraphs (sections with no text left out) under their own periods: a
  section with a blank Kỳ báo cáo was the old annual report's, so it says that year.
- Sổ báo cáo: each old commune's rows, and its annual report's number, date and
  signer from its Thông tin chung (when it had them) as a row ``Năm …`` of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import attrgetter
from typing import Any

from antq_tui.editing.merge.catalog import merged_catalog
from antq_tui.editing.merge.inputs import OldBook
from antq_tui.editing.merge.settings import MergeOptions, merged_settings
from antq_tui.model import schema
from antq_tui.model.period_tags import PeriodTag, parse_tag
from antq_tui.model.periods import YEAR
from antq_tui.model.records import RECORD_TYPES, Record, ReportEntry, Section, Workbook
from antq_tui.model.text import Vocabulary, fold_key


@dataclass(frozen=True)
class Renamed:
    origin: str  # the old commune's label
    old: str
    new: str


@dataclass
class Merged:
    workbook: Workbook
    renamed: list[Renamed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the clerk should check


def _village_names(books: Sequence[OldBook]) -> tuple[list[dict[str, str]], list[Renamed]]:
    """Per book, its villages' new names by folded old name; the villages renamed."""
    owners: dict[str, set[int]] = {}
    for index, book in enumerate(books):
        for village in book.workbook.villages:
            owners.setdefault(fold_key(village.name), set()).add(index)
    taken = set(owners)
    maps: list[dict[str, str]] = []
    renamed: list[Renamed] = []
    for book in books:
        mapping: dict[str, str] = {}
        for village in book.workbook.villages:
            key = fold_key(village.name)
            if key in mapping:
                continue  # named twice in its own workbook: one name still
            if len(owners[key]) == 1:
                mapping[key] = village.name
                continue
            origin = village.origin or book.label  # a village merged before keeps its commune
            new, number = f"{village.name} ({origin})", 2
            while fold_key(new) in taken:
                new, number = f"{village.name} ({origin} {number})", number + 1
            taken.add(fold_key(new))
            mapping[key] = new
            renamed.append(Renamed(origin, village.name, new))
        maps.append(mapping)
    return maps, renamed


def _cached(convert: Callable[[str], str]) -> Callable[[Any], Any]:
    """``convert`` of a non-blank text, each distinct value once."""
    known: dict[Any, Any] = {}

    def mapped(value: Any) -> Any:
        if not value:
            return value
        found = known.get(value)
        if found is None:
            found = known[value] = convert(value)
        return found

    return mapped


def _moved_records(
    spec: schema.SheetSpec, book: OldBook, mappers: dict[str, Callable[[Any], Any]]
) -> list[Record]:
    """The book's records of ``spec``, new objects with the mapped columns, built by column."""
    rows: list[Record] = book.workbook.records(spec.key)
    if not rows:
        return []
    columns = []
    for column in spec.columns:
        values = list(map(attrgetter(column.field), rows))
        mapper = mappers.get(column.field)
        columns.append(list(map(mapper, values)) if mapper else values)
    return list(map(RECORD_TYPES[spec.key], repeat(0, len(rows)), *columns))


def _spelled(vocabulary: Vocabulary) -> Callable[[str], str]:
    """A list value in the merged list's spelling."""
    return lambda value: vocabulary.canonical(value) or value


def _mappers(
    spec: schema.SheetSpec, book: OldBook, villages: dict[str, str], lists: dict[str, Vocabulary]
) -> dict[str, Callable[[Any], Any]]:
    label = book.label
    out: dict[str, Callable[[Any], Any]] = {
        schema.ORIGIN.field: lambda origin: origin or label,
    }
    for column in spec.columns:
        if column.kind is schema.Kind.VILLAGE or (
            spec is schema.VILLAGES and column.field == "name"
        ):
            out[column.field] = _cached(lambda name: villages.get(fold_key(name), name))
        elif column.catalog:
            out[column.field] = _cached(_spelled(lists[column.catalog]))
    return out


def _blocks(sections: Sequence[Section]) -> list[list[Section]]:
    """Sections cut where a row names its Mục (a row without one continues the above)."""
    blocks: list[list[Section]] = []
    for section in sections:
        if section.title or not blocks:
            blocks.append([])
        blocks[-1].append(section)
    return blocks


def _sections(books: Sequence[OldBook]) -> list[Section]:
    out = [Section(title) for title in schema.SECTION_TITLES]  # the new commune's, to write
    for book in books:
        year = book.workbook.settings.year
        annual = PeriodTag(YEAR, year).text if year else ""
        by_origin: dict[str, list[Section]] = {}
        for section in book.workbook.sections:
            by_origin.setdefault(section.origin or book.label, []).append(section)
        for origin, sections in by_origin.items():
            for block in _blocks(sections):
                if not any(section.text.strip() for section in block):
                    continue
                for section in block:
                    period = section.period or (annual if section.title else "")
                    out.append(Section(section.title, section.text, 0, period, origin))
    return out


def _register(books: Sequence[OldBook]) -> list[ReportEntry]:
    out: list[ReportEntry] = []
    for book in books:
        workbook = book.workbook
        own = [
            replace(e, row=0, invalid=None, origin=e.origin or book.label)
            for e in workbook.register
        ]
        settings = workbook.settings
        if settings.year and (settings.doc_number or settings.sign_date):
            tag = PeriodTag(YEAR, settings.year)
            if not any(not e.origin and parse_tag(e.period) == tag for e in workbook.register):
                own.append(
                    ReportEntry(
                        period=tag.text,
                        doc_number=settings.doc_number,
                        sign_date=settings.sign_date,
                        signer=settings.signer,
                        signer_title=settings.signer_title,
                        recipients=settings.recipients,
                        origin=book.label,
                    )
                )
        out += own
    return out


def combine(books: Sequence[OldBook], options: MergeOptions) -> Merged:
    """The merged workbook of ``books`` (valid, labelled), as records."""
    catalog, notes = merged_catalog(books)
    merged = Workbook(settings=merged_settings(books, options), catalog=catalog)
    lists = {listing.name: catalog.vocabulary(listing.name) for listing in schema.CATALOG_LISTS}
    village_maps, renamed = _village_names(books)
    for spec in schema.DATA_SHEETS:
        target = merged.records(spec.key)
        for book, villages in zip(books, village_maps, strict=True):
            target += _moved_records(spec, book, _mappers(spec, book, villages, lists))
    merged.sections = _sections(books)
    merged.register = _register(books)
    return Merged(merged, renamed, notes)
