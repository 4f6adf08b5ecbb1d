"""What the operator types, read the loader's way and checked by the validator.

The TUI's forms hold text; this module turns a field's text into the typed value
the loader would have read from the same cell (or keeps the text as an invalid
cell, exactly as the loader does), shows typed values as text, and runs the
validator itself on a copy of the workbook holding the edited record, so a form
shows the same rules and messages as ``antq validate``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from antq_tui.model import schema
from antq_tui.model.dates import format_date, parse_date_text
from antq_tui.model.records import RECORD_TYPES, Record, Section, Settings, Workbook
from antq_tui.model.text import Vocabulary, clean_text, fold_key, format_int, nfc, strip_control
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Finding, Severity
from antq_tui.workbook import reader

# With more records than this the duplicate check is left to the full validation.
DUPLICATES_CHECKED_UP_TO = 5000


def spec_for(sheet: str) -> schema.SheetSpec | None:
    for spec in schema.DATA_SHEETS:
        if spec.name == sheet:
            return spec
    return None


def format_amount(value: float) -> str:
    """1.5 -> "1,5"; 15.0 -> "15" (the decimal comma staff type)."""
    if value == int(value):
        return str(int(value))
    return repr(value).replace(".", ",")


def value_text(kind: schema.Kind, value: Any) -> str:
    """A typed value as the text a form shows (and the loader reads back)."""
    if value is None or value == "":
        return ""
    if kind is schema.Kind.DATE and isinstance(value, date):
        return format_date(value)
    if kind is schema.Kind.YES_NO and isinstance(value, bool):
        return schema.YES if value else schema.NO
    if kind is schema.Kind.AMOUNT and isinstance(value, int | float):
        return format_amount(float(value))
    return str(value)


def display_text(kind: schema.Kind, value: Any) -> str:
    """A typed value as a table cell shows it (numbers grouped the Vietnamese way)."""
    if kind is schema.Kind.COUNT and isinstance(value, int):
        return format_int(value)
    if kind in (schema.Kind.TEXT, schema.Kind.LONG_TEXT) and isinstance(value, str):
        return " ⏎ ".join(value.splitlines()) if "\n" in value else value
    return value_text(kind, value)


def record_text(record: Record, field_name: str) -> str:
    """A record's field as form text: the invalid original when the loader kept one."""
    invalid = getattr(record, "invalid", None)
    if invalid and field_name in invalid:
        return str(invalid[field_name])
    return value_text(record.SPEC.column(field_name).kind, getattr(record, field_name))


def allowed_values(column: schema.Column, workbook: Workbook) -> Vocabulary | None:
    """The list a column's values come from (None for free columns)."""
    if column.kind is schema.Kind.YES_NO:
        return Vocabulary(schema.YES_NO_VALUES)
    if column.kind is schema.Kind.VILLAGE:
        return workbook.village_names()
    if column.catalog:
        return workbook.catalog.vocabulary(column.catalog)
    if column.choices:
        return Vocabulary(column.choices)
    return None


_INVALID = reader.INVALID


def parse_text(kind: schema.Kind, text: str, vocabulary: Vocabulary | None = None) -> Any:
    """The typed value of ``text`` or ``reader.INVALID``; blank gives None."""
    if kind is schema.Kind.LONG_TEXT:
        lines = [line.strip() for line in strip_control(nfc(text)).splitlines()]
        return "\n".join(line for line in lines if line)
    if kind in (schema.Kind.TEXT, schema.Kind.CHOICE, schema.Kind.VILLAGE):
        cleaned = clean_text(text)
        if vocabulary is not None and cleaned:
            return vocabulary.canonical(cleaned) or cleaned
        return cleaned
    if not text.strip():
        return None
    if kind is schema.Kind.DATE:
        return parse_date_text(text) or _INVALID
    if kind is schema.Kind.COUNT:
        return reader.to_count(text)
    if kind is schema.Kind.AMOUNT:
        return reader.to_amount(text)
    if kind is schema.Kind.YEAR:
        return reader.to_year(text)
    if kind is schema.Kind.YES_NO:
        return reader.to_yes_no(text)
    return clean_text(text)


def build_record(sheet: str, texts: Mapping[str, str], row: int, workbook: Workbook) -> Record:
    """A record from form texts, the loader's way: unreadable text kept in ``invalid``."""
    spec = spec_for(sheet)
    assert spec is not None, sheet
    record = RECORD_TYPES[spec.key]()
    record.row = row
    invalid: dict[str, str] = {}
    for column in spec.columns:
        text = texts.get(column.field, "")
        value = parse_text(column.kind, text, allowed_values(column, workbook))
        if value is _INVALID:
            invalid[column.field] = clean_text(text)
            value = getattr(record, column.field)  # the field's default
        setattr(record, column.field, value)
    record.invalid = invalid or None
    return record


def record_values(record: Record) -> dict[str, Any]:
    """Field -> value, the loader's invalid original text standing in for its field."""
    values = record.values()
    invalid = getattr(record, "invalid", None)
    if invalid:
        values.update(invalid)
    return values


def make_record(sheet: str, values: Mapping[str, Any], row: int) -> Record:
    spec = spec_for(sheet)
    assert spec is not None, sheet
    record = RECORD_TYPES[spec.key](**values)
    record.row = row
    return record


def _skeleton(workbook: Workbook) -> Workbook:
    """A shallow copy with every data sheet empty but Thôn (it makes the village list)."""
    clone = copy.copy(workbook)
    for spec in schema.DATA_SHEETS:
        if spec is not schema.VILLAGES:
            setattr(clone, spec.key, [])
    clone.sections = []
    clone.register = []
    return clone


def check_record(
    workbook: Workbook, sheet: str, record: Record, today: date | None = None
) -> list[Finding]:
    """The validator's findings for ``record`` as if it stood at its row of ``sheet``.

    ``workbook`` is the current state (other records included); the record replaces
    the one at its row, or is added when its row is new.
    """
    spec = spec_for(sheet)
    assert spec is not None, sheet
    row: int = record.row
    clone = _skeleton(workbook)
    current = workbook.records(spec.key)
    if spec is schema.VILLAGES or len(current) <= DUPLICATES_CHECKED_UP_TO + 1:
        records = [*(r for r in current if r.row != row), record]
    else:
        records = [record]
    setattr(clone, spec.key, records)
    report = validate(clone, today)
    return [f for f in report.findings if f.sheet == sheet and f.row == row]


def check_setting(
    workbook: Workbook, field_name: str, text: str, today: date | None = None
) -> tuple[Any, list[Finding]]:
    """Parse a setting's text and return (value or INVALID, the validator's findings)."""
    setting = next(s for s in schema.SETTINGS if s.field == field_name)
    vocabulary = Vocabulary(setting.choices) if setting.choices else None
    value = parse_text(setting.kind, text, vocabulary)
    settings: Settings = dataclasses.replace(
        workbook.settings,
        rows=dict(workbook.settings.rows),
        invalid=dict(workbook.settings.invalid),
        extra=dict(workbook.settings.extra),
        unknown_rows=dict(workbook.settings.unknown_rows),
    )
    settings.invalid.pop(field_name, None)
    if value is _INVALID:
        settings.invalid[field_name] = clean_text(text)
        setattr(settings, field_name, getattr(Settings(), field_name))
    else:
        setattr(settings, field_name, value)
    row = settings.rows.get(field_name)
    if row is None:
        row = max([*settings.rows.values(), *settings.unknown_rows.values(), 1]) + 1
        settings.rows[field_name] = row
    clone = _skeleton(workbook)
    clone.settings = settings
    clone.villages = []
    report = validate(clone, today)
    findings = [f for f in report.findings if f.sheet == schema.SETTINGS_SHEET and f.row == row]
    return value, findings


def check_section(
    workbook: Workbook,
    title: str,
    text: str,
    row: int,
    today: date | None = None,
    period: str = "",
    origin: str = "",
) -> list[Finding]:
    """The validator's findings for one Nội dung section as typed."""
    clone = _skeleton(workbook)
    clone.villages = []
    clone.sections = [
        Section(clean_text(title), clean_text(text), row, clean_text(period), clean_text(origin))
    ]
    report = validate(clone, today)
    return [f for f in report.findings if f.sheet == schema.SECTIONS_SHEET and f.row == row]


def setting_text(settings: Settings, field_name: str) -> str:
    if field_name in settings.invalid:
        return settings.invalid[field_name]
    setting = next(s for s in schema.SETTINGS if s.field == field_name)
    return value_text(setting.kind, getattr(settings, field_name))


# ---------------------------------------------------------------- Danh mục
def catalog_entry_values(list_name: str, texts: Mapping[str, str]) -> dict[str, Any]:
    """A Danh mục entry's cells (keyed by layout field) from form texts (``value``, attributes).

    An unreadable Có/Không stays as its text, as the loader keeps it.
    """
    spec = schema.CATALOGS_BY_NAME[list_name]
    values: dict[str, Any] = {spec.name: clean_text(texts.get("value", ""))}
    for attribute in spec.attributes:
        text = texts.get(attribute.field, "")
        value = parse_text(attribute.kind, text)
        if value is _INVALID:
            value = clean_text(text)
        values[spec.attribute_field(attribute)] = value
    return values


def catalog_users(workbook: Workbook, list_name: str, value: str) -> list[tuple[str, int, str]]:
    """The cells (sheet, row, field) of records that use ``value`` of list ``list_name``."""
    if not value:
        return []
    wanted = fold_key(value)
    users: list[tuple[str, int, str]] = []
    for spec in schema.DATA_SHEETS:
        columns = [c.field for c in spec.columns if c.catalog == list_name]
        if not columns:
            continue
        for record in workbook.records(spec.key):
            for name in columns:
                cell = getattr(record, name)
                if isinstance(cell, str) and cell and fold_key(cell) == wanted:
                    users.append((spec.name, record.row, name))
    return users


def catalog_usage(workbook: Workbook, list_name: str, value: str) -> int:
    """How many records use ``value`` of Danh mục list ``list_name``."""
    return len(catalog_users(workbook, list_name, value))


def check_catalog_entry(
    workbook: Workbook,
    list_name: str,
    row: int,
    texts: Mapping[str, str],
    today: date | None = None,
) -> list[Finding]:
    """The validator's findings for one Danh mục entry as typed (at ``row`` of its list).

    ``workbook`` is the current state; the entry replaces what its list holds at ``row``.
    Findings name the form's fields: ``value`` and the attribute fields.
    """
    from antq_tui.editing.values import catalog_from_rows, catalog_rows

    spec = schema.CATALOGS_BY_NAME[list_name]
    values = catalog_entry_values(list_name, texts)
    rows = catalog_rows(workbook.catalog)
    rows[row] = {**rows.get(row, {}), **values}
    clone = _skeleton(workbook)
    clone.villages = []
    clone.catalog = catalog_from_rows(rows)
    report = validate(clone, today)
    fields = {spec.name: "value"} | {spec.attribute_field(a): a.field for a in spec.attributes}
    out: list[Finding] = []
    for finding in report.findings:
        if finding.sheet != schema.CATALOG_SHEET or finding.row != row:
            continue
        if finding.field not in fields:
            continue
        out.append(dataclasses.replace(finding, field=fields[finding.field]))
    value = values[spec.name]
    if not value:
        out.insert(
            0,
            Finding(
                Severity.ERROR,
                schema.CATALOG_SHEET,
                None,
                "Giá trị: chưa nhập.",
                f"Gõ giá trị mới của danh sách “{list_name}”.",
                row,
                "value",
            ),
        )
    elif not any(f.field == "value" for f in out):
        # The validator names a duplicate on the later row; the form says it either way.
        for entry in clone.catalog.entries.get(list_name, []):
            if entry.row != row and fold_key(entry.value) == fold_key(value):
                out.append(
                    Finding(
                        Severity.WARNING,
                        schema.CATALOG_SHEET,
                        None,
                        f"“{entry.value}” đã có trong danh sách “{list_name}” (hàng {entry.row}).",
                        "Sửa dòng đã có thay vì thêm dòng trùng.",
                        row,
                        "value",
                    )
                )
                break
    return out
