"""The edit session: what the operator changed and has not saved yet.

A change replaces the values of one row of one sheet (or adds a row, or clears
one). The session keeps the loaded workbook untouched and lays the changes over
it for display (``view``, ``current_workbook``), undoes the last one, keeps forms
that cannot be saved yet as drafts, and turns the net result into the writer's
edits. With a journal, every change reaches the disk before the session applies it.

Rows: a row of the file is its sheet row; a row added in the session gets a
number past the sheet's last row, so every record has one identity: (sheet, row).
"""

from __future__ import annotations

import copy
import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from antq_tui.editing.drafts import Draft, draft_from_op
from antq_tui.editing.entry import make_record, record_values, spec_for
from antq_tui.editing.journal import Journal, decode_values, encode_values
from antq_tui.editing.values import (
    Key,
    Values,
    catalog_from_rows,
    catalog_rows,
    is_blank,
    same_value,
    same_values,
)
from antq_tui.files.identity import user_at_host
from antq_tui.model import schema
from antq_tui.model.records import Catalog, Record, Section, Settings, Workbook
from antq_tui.model.text import fold_key
from antq_tui.validate.findings import Finding
from antq_tui.workbook.reader import LoadedWorkbook

SETTINGS = schema.SETTINGS_SHEET


SECTIONS = schema.SECTIONS_SHEET


CATALOG = schema.CATALOG_SHEET


SETTING_BY_FIELD = {s.field: s for s in schema.SETTINGS}


SETTING_BY_KEY = {fold_key(s.key): s for s in schema.SETTINGS}


_MISSING: Any = object()


@dataclass(frozen=True)
class Change:
    """One record change: ``before`` None means added, ``after`` None means cleared."""

    sheet: str
    row: int
    before: Values | None
    after: Values | None
    joined: bool = False  # part of the change before it: one undo takes back both

    def op(self) -> dict[str, Any]:
        op = {
            "op": "put" if self.after is not None else "delete",
            "sheet": self.sheet,
            "row": self.row,
            "before": encode_values(self.before),
            "after": encode_values(self.after),
        }
        if self.joined:
            op["joined"] = True
        return op


@dataclass(frozen=True)
class NetChange:
    sheet: str
    row: int
    base: Values | None  # as in the file (None: a new row)
    final: Values | None  # as now (None: cleared)


def sheet_order(sheet: str) -> int:
    return schema.SHEET_ORDER.index(sheet) if sheet in schema.SHEET_ORDER else 99


class EditSession:
    def __init__(self, loaded: LoadedWorkbook, journal: Journal | None = None) -> None:
        self.loaded = loaded
        self.journal = journal
        self.undo_stack: list[Change] = []
        self.drafts: dict[Key, Draft] = {}
        self.version = 0
        self._state: dict[Key, Values | None] = {}  # touched rows that differ from the file
        self._made: dict[Key, Record] = {}
        self._base_rows: dict[str, dict[int, Any]] = {}
        self._next_row: dict[str, int] = {}
        self._sheet_versions: dict[str, int] = {}
        self._views: dict[str, tuple[int, Any]] = {}

    # ------------------------------------------------------------ the file
    @property
    def workbook(self) -> Workbook:
        return self.loaded.workbook

    def header(self) -> dict[str, Any]:
        source = self.loaded.source
        return {
            "workbook": source.path.name,
            "path": str(source.path),
            "sha256": source.sha256,
            "size": source.size,
            "mtime_ns": source.mtime_ns,
            "user": user_at_host(),
            "time": time.time(),
        }

    def _rows_of(self, sheet: str) -> dict[int, Any]:
        rows = self._base_rows.get(sheet)
        if rows is None:
            wb = self.workbook
            if sheet == SETTINGS:
                rows = {row: SETTING_BY_FIELD[name] for name, row in wb.settings.rows.items()}
            elif sheet == SECTIONS:
                rows = {s.row: s for s in wb.sections}
            elif sheet == CATALOG:
                rows = catalog_rows(wb.catalog)
            else:
                spec = spec_for(sheet)
                assert spec is not None, sheet
                rows = {r.row: r for r in wb.records(spec.key)}
            self._base_rows[sheet] = rows
        return rows

    def base(self, sheet: str, row: int) -> Values | None:
        """The row's values as in the file; None when the file has no such record."""
        item = self._rows_of(sheet).get(row)
        if item is None:
            return None
        if sheet == SETTINGS:
            settings = self.workbook.settings
            value = settings.invalid.get(item.field, getattr(settings, item.field))
            return {"key": item.key, "value": value}
        if sheet == SECTIONS:
            return {
                "title": item.title,
                "text": item.text,
                "period": item.period,
                "origin": item.origin,
            }
        if sheet == CATALOG:
            return dict(item)
        return record_values(item)

    def current(self, sheet: str, row: int) -> Values | None:
        found = self._state.get((sheet, row), _MISSING)
        return self.base(sheet, row) if found is _MISSING else found

    def last_row(self, sheet: str) -> int:
        layout = self.workbook.layouts.get(sheet)
        rows = [layout.rows if layout else 1, *self._rows_of(sheet)]
        if sheet == SETTINGS:
            rows += self.workbook.settings.unknown_rows.values()
        rows += [r for s, r in self._state if s == sheet]
        rows += [r for s, r in self.drafts if s == sheet]
        return max(rows)

    def new_row(self, sheet: str) -> int:
        row = max(self._next_row.get(sheet, 0), self.last_row(sheet) + 1)
        self._next_row[sheet] = row + 1
        return row

    def is_new(self, sheet: str, row: int) -> bool:
        return row not in self._rows_of(sheet)

    # ------------------------------------------------------------ Danh mục
    def catalog_slot(self, list_name: str) -> int:
        """Where a new entry of ``list_name`` goes: the first row with no value for that
        list (a row holding other lists' cells included), else a new row at the end."""
        last = self.last_row(CATALOG)
        for row in range(2, last + 1):
            if (CATALOG, row) in self.drafts:
                continue
            values = self.current(CATALOG, row)
            if values is None or values.get(list_name) in (None, ""):
                return row
        return self.new_row(CATALOG)

    def put_catalog_entry(
        self, list_name: str, row: int, values: Values, *, log: bool = True
    ) -> Change:
        """Set one list's cells of a Danh mục row (``values`` keyed by layout field),
        keeping the other lists' cells of that row."""
        spec = schema.CATALOGS_BY_NAME[list_name]
        merged = dict(self.current(CATALOG, row) or {})
        for name in spec.field_names():
            merged[name] = values.get(name)
        return self.put(CATALOG, row, merged, log=log)

    def rename_catalog_value(
        self, list_name: str, row: int, values: Values, users: Iterable[tuple[str, int, str]]
    ) -> Change:
        """``put_catalog_entry``, and the records' cells in ``users`` (sheet, row, field)
        take the entry's new value: one step for undo."""
        first = self.put_catalog_entry(list_name, row, values)
        new_value = values.get(list_name)
        for sheet, record_row, field_name in users:
            before = self.current(sheet, record_row)
            if before is None:
                continue
            after = dict(before)
            after[field_name] = new_value
            self.apply(Change(sheet, record_row, before, after, joined=True))
        return first

    def apply_suggestions(self, findings: Iterable[Finding]) -> list[Change]:
        """``apply_suggestion`` for each finding, as one step for undo."""
        changes: list[Change] = []
        for finding in findings:
            change = self.apply_suggestion(finding, joined=bool(changes))
            if change is not None:
                changes.append(change)
        return changes

    def apply_suggestion(self, finding: Finding, *, joined: bool = False) -> Change | None:
        """Put a finding's suggested value ("Tay Son" -> "Tây Sơn") in its row's cell:
        a record, a setting of Thông tin chung, a section title of Nội dung.

        None when the finding has no value to put or names no cell of a row here.
        """
        if finding.replacement is None or finding.row is None or finding.field is None:
            return None
        values = self.current(finding.sheet, finding.row)
        if values is None or finding.field not in values:
            return None
        if values[finding.field] == finding.replacement:
            return None
        after = {**values, finding.field: finding.replacement}
        return self.apply(Change(finding.sheet, finding.row, values, after, joined))

    def delete_catalog_entry(self, list_name: str, row: int, *, log: bool = True) -> Change:
        """Clear one list's cells of a Danh mục row; the other lists' cells stay."""
        return self.put_catalog_entry(list_name, row, {}, log=log)

    # ------------------------------------------------------------ changing
    def _set(self, sheet: str, row: int, values: Values | None) -> None:
        key = (sheet, row)
        base = self.base(sheet, row)
        if sheet == CATALOG and base is None and is_blank(values):
            values = None  # a row added and emptied again: nothing to write
        if same_values(values, base):
            self._state.pop(key, None)
        else:
            self._state[key] = values
        self._made.pop(key, None)
        self.version += 1
        self._sheet_versions[sheet] = self._sheet_versions.get(sheet, 0) + 1

    def _log(self, op: dict[str, Any]) -> None:
        if self.journal is not None:
            if not self.journal.is_open:  # the first change: the journal begins
                self.start_journal()
            self.journal.append(op)  # raises JournalError: then nothing changes

    def apply(self, change: Change, *, log: bool = True) -> Change:
        if log:
            self._log(change.op())
        self._set(change.sheet, change.row, change.after)
        self.undo_stack.append(change)
        return change

    def put(self, sheet: str, row: int, values: Values, *, log: bool = True) -> Change:
        """Replace the values of a row (adding it when it is new)."""
        return self.apply(Change(sheet, row, self.current(sheet, row), dict(values)), log=log)

    def add(self, sheet: str, values: Values) -> Change:
        return self.put(sheet, self.new_row(sheet), values)

    def delete(self, sheet: str, row: int) -> Change:
        return self.apply(Change(sheet, row, self.current(sheet, row), None))

    def put_setting(self, field_name: str, value: Any) -> Change:
        setting = SETTING_BY_FIELD[field_name]
        row = self.workbook.settings.rows.get(field_name)
        if row is None:
            row = next(
                (
                    r
                    for (s, r), v in self._state.items()
                    if s == SETTINGS
                    and v
                    and fold_key(str(v.get("key", ""))) == fold_key(setting.key)
                ),
                None,
            ) or self.new_row(SETTINGS)
        return self.put(SETTINGS, row, {"key": setting.key, "value": value})

    def undo(self) -> Change | None:
        """Take back the last record change; None when there is nothing to undo."""
        if not self.undo_stack:
            return None
        self._log({"op": "undo"})
        return self._take_back()

    def _take_back(self) -> Change:
        """Pop the last step (a change and those joined to it); return its first change."""
        while True:
            change = self.undo_stack.pop()
            self._set(change.sheet, change.row, change.before)
            if not change.joined or not self.undo_stack:
                return change

    # ------------------------------------------------------------ drafts
    def set_draft(self, draft: Draft, *, log: bool = True) -> None:
        if log:
            self._log(draft.op())
        self.drafts[(draft.sheet, draft.row)] = draft
        self.version += 1

    def drop_draft(self, sheet: str, row: int, *, log: bool = True) -> None:
        if (sheet, row) not in self.drafts:
            return
        if log:
            self._log({"op": "drop_draft", "sheet": sheet, "row": row})
        del self.drafts[(sheet, row)]
        self.version += 1

    def draft(self, sheet: str, row: int) -> Draft | None:
        return self.drafts.get((sheet, row))

    # ------------------------------------------------------------ journal replay
    def replay(self, ops: Iterable[Mapping[str, Any]]) -> int:
        """Apply journal ops made against this very file; returns how many applied."""
        applied = 0
        for op in ops:
            kind = op.get("op")
            if kind in ("put", "delete"):
                sheet, row = str(op["sheet"]), int(op["row"])
                after = decode_values(op.get("after")) if kind == "put" else None
                before = decode_values(op.get("before"))
                joined = bool(op.get("joined"))
                self.apply(Change(sheet, row, before, after, joined), log=False)
                self._next_row[sheet] = max(self._next_row.get(sheet, 0), row + 1)
            elif kind == "undo":
                if self.undo_stack:
                    self._take_back()
            elif kind == "draft":
                self.set_draft(draft_from_op(op), log=False)
            elif kind == "drop_draft":
                self.drop_draft(str(op["sheet"]), int(op["row"]), log=False)
            else:
                continue
            applied += 1
        return applied

    def ops(self) -> list[dict[str, Any]]:
        """Journal ops that rebuild this session's pending state (undo history folded)."""
        ops = [Change(n.sheet, n.row, n.base, n.final).op() for n in self.net_changes()]
        return ops + [d.op() for d in self.drafts.values()]

    def start_journal(self) -> None:
        """(Re)write the journal: this file's identity and what is pending now."""
        if self.journal is not None:
            self.journal.start(self.header(), self.ops(), workbook=self.loaded.source.path)

    # ------------------------------------------------------------ what is pending
    @property
    def pending(self) -> int:
        return len(self._state)

    @property
    def dirty(self) -> bool:
        return bool(self._state)

    def is_changed(self, sheet: str, row: int) -> bool:
        return (sheet, row) in self._state

    def net_changes(self) -> list[NetChange]:
        keys = sorted(self._state, key=lambda k: (sheet_order(k[0]), k[1]))
        return [NetChange(s, r, self.base(s, r), self._state[(s, r)]) for s, r in keys]

    def writer_edits(self) -> list[Any]:
        """The writer's edits for everything pending: cell sets and clears, then appends."""
        from antq_tui.workbook.write.writer import AppendRecord, ClearRecord, SetCell

        edits: list[Any] = []
        appends: list[Any] = []
        for change in self.net_changes():
            layout = self.workbook.layouts.get(change.sheet)
            present = set(layout.columns) if layout else set()
            inside = layout is not None and change.row <= layout.rows
            if change.base is None and change.sheet == CATALOG and inside and change.final:
                # A blank row inside the sheet is filled cell by cell, not appended.
                for name, value in change.final.items():
                    if name in present and value not in (None, ""):
                        edits.append(SetCell(change.sheet, change.row, name, value))
                continue
            if change.base is None:
                if change.final is not None:
                    values = {
                        k: v
                        for k, v in change.final.items()
                        if k in present and v not in (None, "")
                    }
                    appends.append(AppendRecord(change.sheet, values))
            elif change.final is None:
                edits.append(ClearRecord(change.sheet, change.row))
            else:
                for name, value in change.final.items():
                    if name in present and not same_value(value, change.base.get(name)):
                        edits.append(SetCell(change.sheet, change.row, name, value))
        return edits + appends

    # ------------------------------------------------------------ the workbook as edited
    def _record(self, sheet: str, row: int, values: Values) -> Record:
        key = (sheet, row)
        made = self._made.get(key)
        if made is None:
            made = make_record(sheet, values, row)
            self._made[key] = made
        return made

    def _cached(self, sheet: str) -> Any:
        version = self._sheet_versions.get(sheet, 0)
        cached = self._views.get(sheet)
        return cached[1] if cached and cached[0] == version else None

    def view(self, key: str) -> list[Any]:
        """The records of data sheet ``key`` as edited (new ones last)."""
        spec = schema.SHEETS_BY_KEY[key]
        base: list[Any] = self.workbook.records(key)
        touched = {r: v for (s, r), v in self._state.items() if s == spec.name}
        if not touched:
            return base
        cached = self._cached(spec.name)
        if cached is not None:
            result: list[Any] = cached
            return result
        out: list[Any] = []
        for record in base:
            values = touched.pop(record.row, _MISSING)
            if values is _MISSING:
                out.append(record)
            elif values is not None:
                out.append(self._record(spec.name, record.row, values))
        for row in sorted(touched):
            values = touched[row]
            if values is not None:
                out.append(self._record(spec.name, row, values))
        self._views[spec.name] = (self._sheet_versions.get(spec.name, 0), out)
        return out

    def settings_view(self) -> Settings:
        base = self.workbook.settings
        touched = {r: v for (s, r), v in self._state.items() if s == SETTINGS}
        if not touched:
            return base
        settings = dataclasses.replace(
            base,
            rows=dict(base.rows),
            invalid=dict(base.invalid),
            extra=dict(base.extra),
            unknown_rows=dict(base.unknown_rows),
        )
        for row, values in touched.items():
            if values is None:
                continue
            setting = SETTING_BY_KEY.get(fold_key(str(values.get("key", ""))))
            if setting is None:
                continue
            settings.invalid.pop(setting.field, None)
            setattr(settings, setting.field, values.get("value"))
            settings.rows[setting.field] = row
        return settings

    def sections_view(self) -> list[Section]:
        touched = {r: v for (s, r), v in self._state.items() if s == SECTIONS}
        if not touched:
            return self.workbook.sections
        out = []
        for section in self.workbook.sections:
            values = touched.pop(section.row, _MISSING)
            if values is _MISSING:
                out.append(section)
            elif values is not None:
                out.append(_section(values, section.row))
        for row in sorted(touched):
            values = touched[row]
            if values is not None:
                out.append(_section(values, row))
        return out

    def catalog_view(self) -> Catalog:
        """Danh mục as edited: what forms, the validator and the report see."""
        touched = {r: v for (s, r), v in self._state.items() if s == CATALOG}
        if not touched:
            return self.workbook.catalog
        cached = self._cached(CATALOG)
        if cached is not None:
            result: Catalog = cached
            return result
        rows: dict[int, Values | None] = dict(self._rows_of(CATALOG))
        rows.update(touched)
        catalog = catalog_from_rows(rows)
        self._views[CATALOG] = (self._sheet_versions.get(CATALOG, 0), catalog)
        return catalog

    def current_workbook(self) -> Workbook:
        """A shallow copy of the workbook with the pending changes laid over it."""
        if not self._state:
            return self.workbook
        clone = copy.copy(self.workbook)
        for spec in schema.DATA_SHEETS:
            setattr(clone, spec.key, self.view(spec.key))
        clone.settings = self.settings_view()
        clone.sections = self.sections_view()
        clone.catalog = self.catalog_view()
        return clone


def _section(values: Mapping[str, Any], row: int) -> Section:
    return Section(
        values.get("title", ""),
        values.get("text", ""),
        row,
        values.get("period") or "",
        values.get("origin") or "",
    )
