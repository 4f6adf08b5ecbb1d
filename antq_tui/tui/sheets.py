"""What each tab shows: its columns and the text of each cell, read from the schema.

A data sheet's rows are its records (as edited); Thông tin chung shows one row per
setting, Nội dung one row per report section (sections the file lacks included,
so the clerk can fill them in). Column ``Xã cũ`` shows only in a merged workbook, where
some row of the sheet names an old commune: elsewhere it is always blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from antq_tui.editing.drafts import catalog_draft_lists
from antq_tui.editing.entry import display_text, setting_text, value_text
from antq_tui.editing.session import EditSession
from antq_tui.editing.values import same_value
from antq_tui.model import schema
from antq_tui.model.text import ascii_key, fold_key


@dataclass(frozen=True)
class TableColumn:
    field: str
    header: str
    width: int
    right: bool = False  # numbers line up on the right
    grow: int = 0  # share of spare width on a wide terminal


@dataclass
class SettingItem:
    setting: schema.Setting
    text: str
    row: int  # negative: the key is not in the file yet
    invalid: bool = False


@dataclass
class SectionItem:
    title: str
    text: str
    row: int  # negative: the section is not in the file yet
    period: str = ""  # Kỳ báo cáo; blank: the annual report
    origin: str = ""  # Xã cũ: an old commune's report, not this one's


@dataclass
class CatalogItem:
    """One entry of a Danh mục list (``row`` is its sheet row, shared with other lists)."""

    list_name: str
    value: str
    attributes: dict[str, Any]
    row: int  # negative: a placeholder for an empty list


# Kinds whose values compare as they are (dates, numbers, Có/Không).
_ORDERED_KINDS = (
    schema.Kind.DATE,
    schema.Kind.COUNT,
    schema.Kind.AMOUNT,
    schema.Kind.YEAR,
    schema.Kind.YES_NO,
)


def _fold(text: str) -> str:
    """``text.ascii_key``, with a shortcut for numbers and dates (already plain ASCII)."""
    if text.isascii():
        return " ".join(text.lower().split())
    return ascii_key(text)


_NUMERIC = (schema.Kind.COUNT, schema.Kind.AMOUNT, schema.Kind.YEAR)
_ORIGIN = schema.ORIGIN.field


def has_origin(items: Sequence[Any]) -> bool:
    """Whether a row names an old commune (``Xã cũ``): the workbook was merged."""
    return any(map(attrgetter(_ORIGIN), items))


_WIDTH = {schema.Kind.DATE: 10, schema.Kind.YES_NO: 6, schema.Kind.YEAR: 6}


class SheetModel:
    sheet: str  # schema sheet name
    title: str  # tab label
    short: str  # tab label on a narrow terminal
    columns: list[TableColumn]
    editable_rows = True  # rows can be added and deleted

    def rows(self, session: EditSession) -> Sequence[Any]:
        raise NotImplementedError

    def cells(self, item: Any) -> list[str]:
        raise NotImplementedError

    def invalid(self, item: Any) -> set[str]:
        return set()

    def changed_state(self, session: EditSession, item: Any) -> str | None:
        """ "new" or "changed" when the row differs from the file, else None."""
        if not session.is_changed(self.sheet, item.row):
            return None
        return "new" if session.is_new(self.sheet, item.row) else "changed"

    def finding_field(self, item: Any, field: str) -> str:
        """The validator's field name of a table column of ``item``."""
        return field

    def owns_finding(self, item: Any, finding: Any) -> bool:
        """Whether a finding of the item's sheet row is about this item."""
        return True

    def owns_draft(self, item: Any, draft: Any) -> bool:
        """Whether a draft of the item's sheet row is about this item."""
        return True

    def table_field(self, field: str | None) -> str | None:
        """The table column showing the validator's field ``field``."""
        return field

    def search_key(self, item: Any) -> str:
        """The row's text folded for the diacritics-insensitive filter."""
        return "\n".join(_fold(text) for text in self.cells(item) if text)


class DataSheet(SheetModel):
    def __init__(self, spec: schema.SheetSpec, short: str) -> None:
        self.spec = spec
        self.sheet = spec.name
        self.title = spec.name
        self.short = short
        self._all_columns = [
            TableColumn(
                c.field,
                c.header,
                _WIDTH.get(c.kind, min(c.width, 24)),
                right=c.kind in _NUMERIC,
                grow=c.width if c.kind in (schema.Kind.TEXT, schema.Kind.LONG_TEXT) else 0,
            )
            for c in spec.columns
        ]
        self._all_kinds = [(c.field, c.kind) for c in spec.columns]
        self.origin_shown = True
        self.show_origin(False)

    def show_origin(self, shown: bool) -> None:
        """Show column Xã cũ or not (see the module docstring); shown, it comes second,
        where a narrow terminal still shows it (it is the sheet's last in the file)."""
        if shown == self.origin_shown:
            return
        self.origin_shown = shown
        order = [i for i, (f, _) in enumerate(self._all_kinds) if f != _ORIGIN]
        if shown:
            order.insert(1, next(i for i, (f, _) in enumerate(self._all_kinds) if f == _ORIGIN))
        self.columns = [self._all_columns[i] for i in order]
        self._kinds = [self._all_kinds[i] for i in order]

    def rows(self, session: EditSession) -> Sequence[Any]:
        view = session.view(self.spec.key)
        self.show_origin(has_origin(view))
        return view

    def cells(self, item: Any) -> list[str]:
        invalid = item.invalid
        if invalid:
            return [
                invalid[f] if f in invalid else display_text(k, getattr(item, f))
                for f, k in self._kinds
            ]
        return [display_text(k, getattr(item, f)) for f, k in self._kinds]

    def invalid(self, item: Any) -> set[str]:
        return set(item.invalid or ())

    def search_keys(self, items: Sequence[Any]) -> list[str]:
        """Every row's search key, column by column (values repeat: fold each once)."""
        columns = []
        for field_name, kind in self._kinds:
            folded: dict[Any, str] = {}  # per column: 1 and True, 2021 and 2.021 differ
            column = []
            for item in items:
                value = getattr(item, field_name)
                key = folded.get(value)
                if key is None:
                    key = _fold(display_text(kind, value)) if value not in (None, "") else ""
                    folded[value] = key
                column.append(key)
            columns.append(column)
        keys = ["\n".join(parts) for parts in zip(*columns, strict=True)] if columns else []
        for index, item in enumerate(items):
            if item.invalid:
                keys[index] = self.search_key(item)
        return keys

    def sorted_rows(self, items: Sequence[Any], field: str, descending: bool) -> list[Any]:
        """``items`` ordered by ``field``; blank and unreadable cells last either way.

        Text sorts without diacritics first ("An Lạc" before "Đông Tiến" before "Lai Hà"),
        then as written; records equal on ``field`` keep the workbook's order.
        """
        kind = dict(self._kinds)[field]
        textual = kind not in _ORDERED_KINDS
        keys: dict[Any, Any] = {}
        filled, blank = [], []
        for item in items:
            value = getattr(item, field)
            if value is None or value == "" or (item.invalid and field in item.invalid):
                blank.append(item)
                continue
            if textual and value not in keys:
                keys[value] = (ascii_key(str(value)), str(value))
            filled.append(item)
        if textual:
            filled.sort(key=lambda item: keys[getattr(item, field)], reverse=descending)
        else:
            filled.sort(key=lambda item: getattr(item, field), reverse=descending)
        return filled + blank


class SettingsSheet(SheetModel):
    sheet = schema.SETTINGS_SHEET
    title = schema.SETTINGS_SHEET
    short = "Chung"
    editable_rows = False

    def __init__(self) -> None:
        self.columns = [
            TableColumn("key", schema.SETTINGS_KEY_HEADER, 20),
            TableColumn("value", schema.SETTINGS_VALUE_HEADER, 40, grow=1),
        ]

    def rows(self, session: EditSession) -> Sequence[Any]:
        settings = session.settings_view()
        return [
            SettingItem(
                s,
                setting_text(settings, s.field),
                settings.rows.get(s.field, -index),
                s.field in settings.invalid,
            )
            for index, s in enumerate(schema.SETTINGS, start=1)
        ]

    def cells(self, item: Any) -> list[str]:
        text = " ⏎ ".join(item.text.splitlines()) if "\n" in item.text else item.text
        return [item.setting.key, text]

    def invalid(self, item: Any) -> set[str]:
        return {"value"} if item.invalid else set()


class SectionsSheet(SheetModel):
    sheet = schema.SECTIONS_SHEET
    title = schema.SECTIONS_SHEET
    short = "Nội dung"

    _COLUMNS = (
        TableColumn("title", schema.SECTION_TITLE_HEADER, 24),
        # Before the text, so the period shows at 80 columns (blank: the annual report).
        TableColumn("period", schema.SECTION_PERIOD_HEADER, 14),
        TableColumn("text", schema.SECTION_TEXT_HEADER, 50, grow=1),
    )

    def __init__(self) -> None:
        self.columns = list(self._COLUMNS)

    def rows(self, session: EditSession) -> Sequence[Any]:
        sections = session.sections_view()
        items = [SectionItem(s.title, s.text, s.row, s.period, s.origin) for s in sections]
        # Placeholders for the annual report's sections the file lacks.
        present = {fold_key(s.title) for s in sections if not s.period and not s.origin}
        missing = [t for t in schema.SECTION_TITLES if fold_key(t) not in present]
        items += [SectionItem(t, "", -index) for index, t in enumerate(missing, start=1)]
        self.columns = list(self._COLUMNS)
        if has_origin(sections):  # beside the period: whose report, which period
            self.columns.insert(2, TableColumn(_ORIGIN, schema.SECTION_ORIGIN_HEADER, 12))
        return items

    def cells(self, item: Any) -> list[str]:
        text = " ⏎ ".join(item.text.splitlines())
        if len(self.columns) > len(self._COLUMNS):
            return [item.title, item.period, item.origin, text]
        return [item.title, item.period, text]


class CatalogSheet(SheetModel):
    """Danh mục: every entry of every list, list by list (a sheet row holds several lists)."""

    sheet = schema.CATALOG_SHEET
    title = schema.CATALOG_SHEET
    short = "DM"

    def __init__(self) -> None:
        self.attributes: list[schema.Column] = []
        for spec in schema.CATALOG_LISTS:
            for attribute in spec.attributes:
                if attribute.field not in {a.field for a in self.attributes}:
                    self.attributes.append(attribute)
        self.columns = [
            TableColumn("list", "Danh sách", 14),
            TableColumn("value", "Giá trị", 26, grow=1),
            *(
                TableColumn(
                    a.field,
                    a.header[:1].upper() + a.header[1:],
                    _WIDTH.get(a.kind, 30),
                    grow=1 if a.kind is schema.Kind.TEXT else 0,
                )
                for a in self.attributes
            ),
        ]

    def rows(self, session: EditSession) -> Sequence[Any]:
        catalog = session.catalog_view()
        items: list[CatalogItem] = []
        for index, spec in enumerate(schema.CATALOG_LISTS, start=1):
            entries = catalog.entries.get(spec.name, [])
            items += [CatalogItem(spec.name, e.value, e.attributes, e.row) for e in entries]
            if not entries:
                items.append(CatalogItem(spec.name, "", {}, -index))
        return items

    def cells(self, item: Any) -> list[str]:
        spec = schema.CATALOGS_BY_NAME[item.list_name]
        kinds = {a.field: a.kind for a in spec.attributes}
        out = [item.list_name, item.value if item.row > 0 else "(trống)"]
        for attribute in self.attributes:
            kind = kinds.get(attribute.field)
            value = item.attributes.get(attribute.field)
            out.append("" if kind is None else value_text(kind, value))
        return out

    def invalid(self, item: Any) -> set[str]:
        spec = schema.CATALOGS_BY_NAME[item.list_name]
        return {
            a.field
            for a in spec.attributes
            if a.kind is schema.Kind.YES_NO and isinstance(item.attributes.get(a.field), str)
        }

    def changed_state(self, session: EditSession, item: Any) -> str | None:
        if item.row <= 0 or not session.is_changed(self.sheet, item.row):
            return None
        spec = schema.CATALOGS_BY_NAME[item.list_name]
        base = session.base(self.sheet, item.row) or {}
        current = session.current(self.sheet, item.row) or {}
        names = spec.field_names()
        if all(same_value(base.get(n), current.get(n)) for n in names):
            return None  # another list of the same sheet row changed
        return "new" if base.get(spec.name) in (None, "") else "changed"

    def finding_field(self, item: Any, field: str) -> str:
        if field == "value":
            return str(item.list_name)
        if field == "list":
            return ""
        return f"{item.list_name}\x00{field}"

    def owns_finding(self, item: Any, finding: Any) -> bool:
        return not finding.field or finding.field.partition("\x00")[0] == item.list_name

    def owns_draft(self, item: Any, draft: Any) -> bool:
        return item.list_name in catalog_draft_lists(draft)

    def table_field(self, field: str | None) -> str | None:
        if not field:
            return None
        _, _, attribute = field.partition("\x00")
        return attribute or "value"


def all_sheets() -> list[SheetModel]:
    """The tabs, Vụ việc first."""
    shorts = {
        schema.INCIDENTS.key: "Vụ việc",
        schema.VILLAGES.key: "Thôn",
        schema.UNITS.key: "CQ-TH",
        schema.TEAMS.key: "Đội TQ",
        schema.MODELS.key: "Mô hình",
        schema.RESULTS.key: "KQPT",
    }
    models: list[SheetModel] = [DataSheet(spec, shorts[spec.key]) for spec in schema.DATA_SHEETS]
    return [*models, SettingsSheet(), SectionsSheet(), CatalogSheet()]
