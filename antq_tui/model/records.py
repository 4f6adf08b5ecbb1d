"""Typed records: one dataclass per data sheet, and the loaded workbook.

Field order is the sheet row, then the columns in ``schema``, so the loader can build records
positionally. Every record remembers its sheet row (0 for a record not yet
saved) and, in ``invalid``, the original text of any cell it could not read, so
nothing typed is lost even when it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from antq_tui.model import schema
from antq_tui.model.text import Vocabulary


@dataclass(slots=True)
class Record:
    """What every data sheet's record has: its sheet row, and the cells it could not read.

    ``row`` comes first so the loader can build records positionally (row, then the
    columns in schema order); ``invalid`` is keyword-only and stays None for clean rows.
    """

    SPEC: ClassVar[schema.SheetSpec]
    row: int = 0
    invalid: dict[str, str] | None = field(default=None, kw_only=True)

    def values(self) -> dict[str, Any]:
        """Field values by field name (without row and invalid)."""
        return {c.field: getattr(self, c.field) for c in self.SPEC.columns}


@dataclass(slots=True)
class Village(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.VILLAGES
    name: str = ""
    households: int | None = None
    population: int | None = None
    registered: bool | None = None
    recognition: str = ""
    years_in_row: int | None = None
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class Unit(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.UNITS
    name: str = ""
    kind: str = ""
    registered: bool | None = None
    recognition: str = ""
    years_in_row: int | None = None
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class Incident(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.INCIDENTS
    number: int | None = None
    date: date | None = None
    village: str = ""
    category: str = ""
    summary: str = ""
    deaths: int | None = None
    injuries: int | None = None
    damage: float | None = None
    handling: str = ""
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class Team(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.TEAMS
    name: str = ""
    village: str = ""
    leader: str = ""
    members: int | None = None
    rating: str = ""
    allowance: bool | None = None
    trained: bool | None = None
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class Model(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.MODELS
    name: str = ""
    kind: str = ""
    host: str = ""
    year_started: int | None = None
    status: str = ""
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class MovementResult(Record):
    SPEC: ClassVar[schema.SheetSpec] = schema.RESULTS
    date: date | None = None
    indicator: str = ""
    quantity: int | None = None
    village: str = ""
    note: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


@dataclass(slots=True)
class ReportEntry(Record):
    """A row of sheet Sổ báo cáo: the number, date and signer of one period's report."""

    SPEC: ClassVar[schema.SheetSpec] = schema.REGISTER
    period: str = ""  # as typed; period_tags reads it
    doc_number: str = ""
    sign_date: date | None = None
    signer: str = ""
    signer_title: str = ""
    recipients: str = ""
    origin: str = ""  # Xã cũ (schema.ORIGIN)


RECORD_TYPES: dict[str, type[Record]] = {
    cls.SPEC.key: cls for cls in (Village, Unit, Incident, Team, Model, MovementResult, ReportEntry)
}


@dataclass(slots=True)
class Settings:
    """Sheet Thông tin chung, one field per known key."""

    commune: str = ""
    admin_level: str = ""
    village_word: str = ""
    district: str = ""
    province: str = ""
    year: int | None = None
    cutoff: str = ""
    data_from: date | None = None
    doc_number: str = ""
    place: str = ""
    sign_date: date | None = None
    sign_authority: str = ""
    signer_title: str = ""
    signer: str = ""
    recipients: str = ""
    rows: dict[str, int] = field(default_factory=dict)  # field -> sheet row
    invalid: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # keys the program does not know
    unknown_rows: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Section:
    """One narrative section of sheet Nội dung."""

    title: str = ""
    text: str = ""
    row: int = 0
    period: str = ""  # column Kỳ báo cáo as typed; blank: the annual report of Năm báo cáo
    origin: str = ""  # column Xã cũ: a row of an old commune's reports, never of this one's


@dataclass(slots=True)
class CatalogEntry:
    value: str
    attributes: dict[str, Any]
    row: int


@dataclass
class Catalog:
    """Sheet Danh mục: each list's entries in row order, and their vocabularies."""

    entries: dict[str, list[CatalogEntry]] = field(default_factory=dict)

    def vocabulary(self, list_name: str) -> Vocabulary:
        cached: Vocabulary | None = self._vocabularies.get(list_name)
        if cached is None:
            cached = Vocabulary(e.value for e in self.entries.get(list_name, []))
            self._vocabularies[list_name] = cached
        return cached

    def entry(self, list_name: str, value: str) -> CatalogEntry | None:
        canonical = self.vocabulary(list_name).canonical(value)
        for entry in self.entries.get(list_name, []):
            if entry.value == canonical:
                return entry
        return None

    def __post_init__(self) -> None:
        self._vocabularies: dict[str, Vocabulary] = {}


@dataclass
class SheetLayout:
    """Where a known sheet's data sits in the file."""

    name: str  # the sheet's name as written in the file
    columns: dict[str, int]  # field -> 0-based column index of its header
    headers: list[str]  # row 1 as found
    missing: list[str] = field(default_factory=list)  # headers not found
    duplicate_headers: list[str] = field(default_factory=list)
    rows: int = 0  # rows read, header included
    # Row 1 has none of the headers but this lower row has them (a title row above).
    misplaced_header_row: int | None = None

    def column_letter(self, field_name: str) -> str | None:
        index = self.columns.get(field_name)
        return None if index is None else column_letter(index)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class Workbook:
    """Everything read from one workbook, typed."""

    path: Path | None = None
    settings: Settings = field(default_factory=Settings)
    villages: list[Village] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    results: list[MovementResult] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    register: list[ReportEntry] = field(default_factory=list)  # sheet Sổ báo cáo (optional)
    catalog: Catalog = field(default_factory=Catalog)
    # Keyed by the schema's sheet name; a sheet absent from the file has no layout.
    layouts: dict[str, SheetLayout] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)  # every sheet, in file order
    date1904: bool = False
    # The earliest date of a dated sheet as loaded: (its record list, the date). Valid while
    # ``records(key)`` is that very list (an edit session lays changes over a new one).
    first_dates: dict[str, tuple[list[Any], date | None]] = field(default_factory=dict, repr=False)

    def records(self, key: str) -> list[Any]:
        """The records of data sheet ``key`` ("incidents", "villages", ...)."""
        records: list[Any] = getattr(self, key)
        return records

    def cell(self, sheet: str, field_name: str, row: int) -> str:
        """``Vụ việc!C7``: where a field of a row is, or the sheet's row when the column is absent."""
        layout = self.layouts.get(sheet)
        letter = layout.column_letter(field_name) if layout else None
        return f"{sheet}!{letter}{row}" if letter else f"{sheet}!{row}:{row}"

    def village_names(self) -> Vocabulary:
        return Vocabulary(v.name for v in self.villages if v.name)


def field_names(record_type: type[Record]) -> list[str]:
    return [f.name for f in fields(record_type) if f.name not in ("row", "invalid")]
