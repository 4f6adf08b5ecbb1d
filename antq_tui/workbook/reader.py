"""Read a workbook into typed records with python-calamine.

Columns are found by header (tolerant matching, see ``text.fold_key``), never by
position. Values are converted by the column's kind; a value that cannot be
converted is kept, as text, in the record's ``invalid`` map for the validator to
report and the TUI to show. Allowed values are stored in the list's own spelling
when they match it tolerantly, and as typed otherwise.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from antq_tui.model import schema
from antq_tui.model.dates import to_date
from antq_tui.model.errors import WorkbookUnreadable
from antq_tui.model.gcpause import paused_gc
from antq_tui.model.records import RECORD_TYPES, CatalogEntry, Section, SheetLayout, Workbook
from antq_tui.model.text import Vocabulary, fold_key, strip_control
from antq_tui.workbook.safety import CheckedFile, check_sheet_grid, inflate, open_checked

Row = Sequence[Any]
Converter = Callable[[Any], Any]


class _Invalid:
    """Marks a cell whose value cannot be converted to its column's kind."""


INVALID: Any = _Invalid()
# How far down to look for a header row that a title row pushed out of row 1.
_HEADER_SEARCH_ROWS = 6
# Columns whose first rows hardly repeat skip the conversion cache (STT, summaries).
_SAMPLE_ROWS = 1000
YES_NO = Vocabulary(schema.YES_NO_VALUES)
_NFC = partial(unicodedata.normalize, "NFC")
# Below this the shared strings parse in milliseconds: a thread beside them costs more than
# it saves (rollup opens hundreds of such workbooks, two processes at a time).
_OPEN_BESIDE_CHECKS_ABOVE = 1024 * 1024
_DATES_ONLY = {date}  # the types of a date column calamine read as dates, no datetime in it


@dataclass
class LoadedWorkbook:
    """A workbook and the file it came from (identity for conflict checks)."""

    workbook: Workbook
    source: CheckedFile


def cell_text(value: Any) -> str:
    """A raw cell value as the text a clerk would see in the cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return strip_control(unicodedata.normalize("NFC", str(value))).strip()


def to_text(value: Any) -> str:
    if isinstance(value, str):
        if not value.isprintable():
            value = strip_control(value)
        return unicodedata.normalize("NFC", value).strip()
    return cell_text(value)


def to_count(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else INVALID
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else INVALID
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        number = _parse_number_text(text)
        if number is not None and number.is_integer() and number >= 0:
            return int(number)
    return INVALID


def _parse_number_text(text: str) -> float | None:
    """Vietnamese style too: "1,5" is one and a half, "1.000.000" a million."""
    text = text.replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1 and "," not in text:
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def to_amount(value: Any) -> Any:
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, int | float):
        number: float | None = float(value)
    elif isinstance(value, str):
        number = _parse_number_text(value.strip())
    else:
        return INVALID
    return number if number is not None and number >= 0 else INVALID


def to_year(value: Any) -> Any:
    year = to_count(value)
    return year if year is not INVALID and 1900 <= year <= 2100 else INVALID


def to_yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        canonical = YES_NO.canonical(value)
        if canonical is not None:
            return canonical == schema.YES
    return INVALID


def date_converter(date1904: bool) -> Converter:
    def convert(value: Any) -> Any:
        if isinstance(value, time | timedelta):
            return INVALID
        converted = to_date(value, date1904)
        return INVALID if converted is None else converted

    return convert


def choice_converter(vocabulary: Vocabulary) -> Converter:
    """The list's spelling when the value matches tolerantly, else the text as typed."""
    cache: dict[Any, str] = {}

    def convert(value: Any) -> Any:
        found = cache.get(value)
        if found is None:
            text = to_text(value)
            found = vocabulary.canonical(text) or text
            cache[value] = found
        return found

    return convert


class _ConversionCache(dict[Any, Any]):
    """Converted value by raw value: counts, dates and list values repeat a lot.

    (Python treats True, 1 and 1.0 as one key; a boolean cell in a number column
    is rare enough that sharing its conversion with 1 is acceptable.)
    """

    def __init__(self, convert: Converter, default: Any) -> None:
        super().__init__()
        self.convert = convert
        self.default = default
        self.saw_invalid = False
        self.saw_blank_text = False

    def __missing__(self, raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.saw_blank_text = self.saw_blank_text or bool(raw)
            value = self.default
        else:
            value = self.convert(raw)
            if value is INVALID:
                self.saw_invalid = True
            elif value == "":
                value = self.default
        self[raw] = value
        return value


def _has_blank_rows(body: list[list[Any]], indexes: list[int]) -> bool:
    """Whether some row is empty in all of ``indexes``; fast when no extra columns exist."""
    if body and len(indexes) == len(body[0]):
        return body.count([""] * len(indexes)) > 0  # whole rows compared in C
    blank = ("",) * len(indexes) if len(indexes) > 1 else ""
    return blank in map(itemgetter(*indexes), body)


def _whole_numbers(raw: Sequence[Any]) -> list[Any] | None:
    """A column of whole numbers >= 0 converted in C, or None to take the general path.

    STT-like columns hold a different number on every row, which a cache cannot help.
    """
    try:
        whole = all(map(float.is_integer, raw))  # TypeError: a cell is not a float
    except TypeError:
        return None
    if not whole or min(raw) < 0:
        return None
    return list(map(int, raw))


def _plain_texts(raw: Sequence[Any]) -> list[str] | None:
    """A column of text converted in C as ``to_text`` does, or None when a cell is not text.

    Unique summaries defeat a conversion cache: 100,000 calls of to_text cost more
    than reading them.
    """
    try:
        printable = all(map(str.isprintable, raw))  # TypeError: a cell is not text
    except TypeError:
        return None
    if not printable:
        return list(map(to_text, raw))
    return list(map(str.strip, map(_NFC, raw)))


def _mostly_distinct(raw: Sequence[Any]) -> bool:
    """Whether a column's values hardly repeat (judged on its first rows)."""
    head = raw[:_SAMPLE_ROWS]
    return len(set(head)) * 2 > len(head)


def _converted(
    raw: Sequence[Any], kind: schema.Kind, convert: Converter, default: Any
) -> tuple[Sequence[Any], bool, bool]:
    """A column converted to its kind; whether a cell held only spaces; whether one was unreadable.

    Both paths give what ``_ConversionCache`` gives; numbers and texts that hardly
    repeat are converted in C. Repeating values go through the cache, which also
    makes equal values one shared object (cheaper to hash and compare later).
    """
    if kind is schema.Kind.DATE and set(map(type, raw)) == _DATES_ONLY:
        return list(raw), False, False  # dates as the file stores them: nothing to convert
    plain_text = convert is to_text and default == ""
    # Only counts and plain text have a C path: other columns need not be judged.
    if (kind is schema.Kind.COUNT or plain_text) and _mostly_distinct(raw):
        if kind is schema.Kind.COUNT:
            numbers = _whole_numbers(raw)
            if numbers is not None:
                return numbers, False, False
        else:
            texts = _plain_texts(raw)
            if texts is not None:
                # A cell of spaces alone is a blank cell (a control character alone is not).
                spaces = texts.count("") > raw.count("") and any(
                    text and text.isspace() for text in raw
                )
                return texts, spaces, False
    cache = _ConversionCache(convert, default)
    return list(map(cache.__getitem__, raw)), cache.saw_blank_text, cache.saw_invalid


def _values(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, c.field) for c in record.SPEC.columns)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def match_headers(
    header_row: Row, wanted: dict[str, str]
) -> tuple[dict[str, int], list[str], list[str]]:
    """Map field -> column index for headers found in ``header_row``.

    ``wanted`` maps a folded header to its field. Returns the map, the headers as
    found (text) and the folded headers that appear twice.
    """
    columns: dict[str, int] = {}
    duplicates: list[str] = []
    headers = [cell_text(v) for v in header_row]
    for index, text in enumerate(headers):
        field_name = wanted.get(fold_key(text)) if text else None
        if field_name is None:
            continue
        if field_name in columns:
            duplicates.append(text)
        else:
            columns[field_name] = index
    return columns, headers, duplicates


def _shared_strings_size(checked: CheckedFile) -> int:
    part = checked.package.shared_strings
    return checked.zip.getinfo(part).file_size if part in checked.zip.namelist() else 0


def _open_book(checked: CheckedFile) -> CalamineWorkbook:
    """calamine's workbook, once the shared strings (which it parses at once) are checked."""
    if checked.package.shared_strings in checked.zip.namelist():
        inflate(checked, checked.package.shared_strings or "")
    return CalamineWorkbook.from_filelike(io.BytesIO(checked.data))


class _Reader:
    def __init__(self, checked: CheckedFile) -> None:
        self.checked = checked
        self.date1904 = checked.package.date1904
        self.workbook = Workbook(path=checked.path, date1904=self.date1904)
        self.workbook.sheet_names = [s.name for s in checked.package.sheets]
        by_key = {fold_key(s.name): s for s in checked.package.sheets}
        self.parts = {name: by_key.get(fold_key(name)) for name in schema.READ_SHEETS}
        try:
            if _shared_strings_size(checked) < _OPEN_BESIDE_CHECKS_ABOVE:
                self.book = _open_book(checked)
                self.check_grids()
            else:
                # Checking the shared strings and calamine's parse of them hardly hold the
                # GIL: meanwhile this thread checks the sheets' grids (before calamine reads them).
                with ThreadPoolExecutor(1) as pool:
                    opening = pool.submit(_open_book, checked)
                    self.check_grids()
                    self.book = opening.result()
        except WorkbookUnreadable:
            raise
        except Exception as exc:  # calamine raises many kinds on broken parts
            raise WorkbookUnreadable(
                f"Tệp “{checked.path.name}” bị hỏng nên không đọc được ({type(exc).__name__})."
            ) from exc

    def check_grids(self) -> None:
        for part in self.parts.values():
            if part is not None:
                check_sheet_grid(self.checked, part.name, part.part)

    def rows(self, sheet: str) -> list[list[Any]] | None:
        part = self.parts.get(sheet)
        if part is None:
            return None
        try:
            rows: list[list[Any]] = self.book.get_sheet_by_name(part.name).to_python(
                skip_empty_area=False
            )
        except Exception as exc:
            raise WorkbookUnreadable(
                f"Trang “{part.name}” của tệp “{self.checked.path.name}” bị hỏng nên không đọc được."
            ) from exc
        return rows

    def layout(
        self, sheet: str, rows: list[list[Any]], columns: Sequence[tuple[str, str]]
    ) -> SheetLayout:
        """Find ``columns`` ((header, field) pairs) in row 1 and record the layout."""
        wanted = {fold_key(header): field_name for header, field_name in columns}
        found, headers, duplicates = match_headers(rows[0] if rows else [], wanted)
        part = self.parts[sheet]
        layout = SheetLayout(
            name=part.name if part else sheet,
            columns=found,
            headers=headers,
            missing=[header for header, field_name in columns if field_name not in found],
            duplicate_headers=duplicates,
            rows=len(rows),
        )
        if not found:
            for number, row in enumerate(rows[1:_HEADER_SEARCH_ROWS], start=2):
                if len(match_headers(row, wanted)[0]) * 2 >= len(wanted):
                    layout.misplaced_header_row = number
                    break
        self.workbook.layouts[sheet] = layout
        return layout

    # ------------------------------------------------------------ sheets
    def read(self) -> Workbook:
        self.read_catalog()
        self.read_settings()
        villages_rows = self.rows(schema.VILLAGES.name)
        self.read_records(schema.VILLAGES, villages_rows)
        for spec in schema.DATA_SHEETS:
            if spec is not schema.VILLAGES:
                self.read_records(spec, self.rows(spec.name))
        self.read_sections()
        self.read_records(schema.REGISTER, self.rows(schema.REGISTER.name))
        return self.workbook

    def converter(self, column: schema.Column, villages: Vocabulary) -> Converter:
        kind = column.kind
        if kind is schema.Kind.DATE:
            return date_converter(self.date1904)
        if kind is schema.Kind.COUNT:
            return to_count
        if kind is schema.Kind.AMOUNT:
            return to_amount
        if kind is schema.Kind.YEAR:
            return to_year
        if kind is schema.Kind.YES_NO:
            return to_yes_no
        if kind is schema.Kind.VILLAGE:
            return choice_converter(villages)
        if kind is schema.Kind.CHOICE:
            if column.catalog:
                return choice_converter(self.workbook.catalog.vocabulary(column.catalog))
            return choice_converter(Vocabulary(column.choices))
        return to_text

    def read_records(self, spec: schema.SheetSpec, rows: list[list[Any]] | None) -> None:
        """Build the sheet's records column by column (the hot path at 100k rows)."""
        if rows is None:
            return
        layout = self.layout(spec.name, rows, [(c.header, c.field) for c in spec.columns])
        if spec.optional_headers:  # made before the column: read as blank, without a word
            layout.missing = [m for m in layout.missing if m not in spec.optional_headers]
        record_type = RECORD_TYPES[spec.key]
        villages = self.workbook.village_names()
        defaults = tuple(record_type.__dataclass_fields__[c.field].default for c in spec.columns)
        present = [(p, c) for p, c in enumerate(spec.columns) if c.field in layout.columns]
        body = rows[1:]
        if not body or not present:
            return
        # calamine's grid is dense (skip_empty_area=False): every row has every column.
        indexes = [layout.columns[c.field] for _, c in present]
        first: date | None = None
        numbers: list[int] = list(range(2, len(body) + 2))
        if _has_blank_rows(body, indexes):  # skip rows empty in every known column
            raw_blank = ("",) * len(indexes) if len(indexes) > 1 else ""
            filled = list(map(raw_blank.__ne__, map(itemgetter(*indexes), body)))
            body = list(compress(body, filled))
            numbers = list(compress(numbers, filled))
        columns: list[Any] = [repeat(d) for d in defaults]
        invalid_columns = []
        blank_text = False
        # One C-level transposition of the grid into columns.
        transposed = list(zip(*body, strict=True))
        for (position, column), index in zip(present, indexes, strict=True):
            raw_column = transposed[index]
            converted, blank, invalid = _converted(
                raw_column, column.kind, self.converter(column, villages), defaults[position]
            )
            columns[position] = converted
            if column.field == "date":  # dates repeat (shared objects): the earliest is cheap
                first = min((v for v in set(converted) if isinstance(v, date)), default=None)
            blank_text = blank_text or blank
            if invalid:
                invalid_columns.append((position, column.field, raw_column))
        records: list[Any] = list(map(record_type, numbers, *columns))
        for position, field_name, raw_column in invalid_columns:
            for at, record in enumerate(records):
                if getattr(record, field_name) is INVALID:
                    setattr(record, field_name, defaults[position])
                    if record.invalid is None:
                        record.invalid = {}
                    record.invalid[field_name] = cell_text(raw_column[at])
        if blank_text:  # rows holding only spaces are empty rows too
            records = [r for r in records if r.invalid or _values(r) != defaults]
        target = self.workbook.records(spec.key)
        target.extend(records)
        if "date" in layout.columns:
            self.workbook.first_dates[spec.key] = (target, first)

    def read_settings(self) -> None:
        rows = self.rows(schema.SETTINGS_SHEET)
        if rows is None:
            return
        layout = self.layout(
            schema.SETTINGS_SHEET,
            rows,
            [(schema.SETTINGS_KEY_HEADER, "key"), (schema.SETTINGS_VALUE_HEADER, "value")],
        )
        key_col, value_col = layout.columns.get("key"), layout.columns.get("value")
        if key_col is None:
            return
        by_key = {fold_key(s.key): s for s in schema.SETTINGS}
        settings = self.workbook.settings
        for row_number, row in enumerate(rows[1:], start=2):
            key_text = to_text(row[key_col]) if key_col < len(row) else ""
            if not key_text:
                continue
            raw = row[value_col] if value_col is not None and value_col < len(row) else ""
            setting = by_key.get(fold_key(key_text))
            if setting is None:
                settings.extra[key_text] = cell_text(raw)
                settings.unknown_rows[key_text] = row_number
                continue
            settings.rows[setting.field] = row_number
            if _is_blank(raw):
                continue
            column = schema.Column(
                setting.key, setting.field, setting.kind, choices=setting.choices
            )
            if setting.kind is schema.Kind.LONG_TEXT:
                value: Any = "\n".join(
                    line.strip() for line in to_text(raw).splitlines() if line.strip()
                )
            else:
                value = self.converter(column, Vocabulary(()))(raw)
            if value is INVALID:
                settings.invalid[setting.field] = cell_text(raw)
            else:
                setattr(settings, setting.field, value)

    def read_sections(self) -> None:
        rows = self.rows(schema.SECTIONS_SHEET)
        if rows is None:
            return
        layout = self.layout(
            schema.SECTIONS_SHEET,
            rows,
            [
                (schema.SECTION_TITLE_HEADER, "title"),
                (schema.SECTION_TEXT_HEADER, "text"),
                (schema.SECTION_PERIOD_HEADER, "period"),
                (schema.SECTION_ORIGIN_HEADER, "origin"),
            ],
        )
        # Workbooks made before these columns: every row is this commune's annual report's.
        later = (schema.SECTION_PERIOD_HEADER, schema.SECTION_ORIGIN_HEADER)
        layout.missing = [m for m in layout.missing if m not in later]
        title_col, text_col = layout.columns.get("title"), layout.columns.get("text")
        period_col, origin_col = layout.columns.get("period"), layout.columns.get("origin")
        titles = Vocabulary(schema.SECTION_TITLES)

        def cell(row: Row, col: int | None) -> str:
            return to_text(row[col]) if col is not None and col < len(row) else ""

        for row_number, row in enumerate(rows[1:], start=2):
            title, text, period = cell(row, title_col), cell(row, text_col), cell(row, period_col)
            origin = cell(row, origin_col)
            if title or text or period or origin:
                canonical = titles.canonical(title) if title else None
                self.workbook.sections.append(
                    Section(canonical or title, text, row_number, period, origin)
                )

    def read_catalog(self) -> None:
        rows = self.rows(schema.CATALOG_SHEET)
        if rows is None:
            return
        wanted: list[tuple[str, str]] = []
        for catalog in schema.CATALOG_LISTS:
            wanted.append((catalog.name, catalog.name))
            wanted += [
                (catalog.attribute_header(a), f"{catalog.name}\x00{a.field}")
                for a in catalog.attributes
            ]
        layout = self.layout(schema.CATALOG_SHEET, rows, wanted)
        # An absent attribute column is normal (the report falls back to defaults).
        layout.missing = [m for m in layout.missing if m in schema.CATALOGS_BY_NAME]
        entries = self.workbook.catalog.entries
        for catalog in schema.CATALOG_LISTS:
            column = layout.columns.get(catalog.name)
            entries[catalog.name] = []
            if column is None:
                continue
            attributes = [
                (a, layout.columns.get(f"{catalog.name}\x00{a.field}")) for a in catalog.attributes
            ]
            for row_number, row in enumerate(rows[1:], start=2):
                value = to_text(row[column]) if column < len(row) else ""
                if not value:
                    continue
                values: dict[str, Any] = {}
                for attribute, index in attributes:
                    raw = row[index] if index is not None and index < len(row) else ""
                    if _is_blank(raw):
                        continue
                    if attribute.kind is schema.Kind.YES_NO:
                        flag = to_yes_no(raw)
                        # An unreadable flag stays as text for the validator to name.
                        values[attribute.field] = cell_text(raw) if flag is INVALID else flag
                    else:
                        values[attribute.field] = to_text(raw)
                entries[catalog.name].append(CatalogEntry(value, values, row_number))


def load(path: Path | str) -> LoadedWorkbook:
    """Read the workbook at ``path``; raise WorkbookUnreadable if it is not one."""
    checked = open_checked(Path(path))
    with paused_gc():
        return LoadedWorkbook(_Reader(checked).read(), checked)


def load_workbook(path: Path | str) -> Workbook:
    return load(path).workbook
