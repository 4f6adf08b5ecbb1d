"""Merging: pending edits re-applied onto a workbook that changed on disk.

Used when a save finds the file changed (the operator chose "merge"), and when a
journal is restored onto a file that changed since it was written. Each changed
row is found again (same row with the same values, else the one row holding
exactly those values, else the nearby row that clearly agrees best); fields
changed on disk and not here keep the disk's value; a field changed on both sides
keeps ours and is reported; an edit whose row cannot be found becomes a draft of
a new record, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from antq_tui.editing.drafts import Draft, draft_from_op, with_catalog_texts
from antq_tui.editing.entry import spec_for, value_text
from antq_tui.editing.journal import Journal, JournalContent, decode_values
from antq_tui.editing.session import (
    CATALOG,
    SECTIONS,
    SETTING_BY_KEY,
    SETTINGS,
    Change,
    EditSession,
    NetChange,
    sheet_order,
)
from antq_tui.editing.values import Key, Values, same_value, same_values
from antq_tui.model import schema
from antq_tui.model.text import fold_key
from antq_tui.workbook.reader import LoadedWorkbook

# How far from its old row a record edited on disk is looked for.
NEARBY = 50


@dataclass(frozen=True)
class Conflict:
    """Something a merge could not re-apply as it was; said to the operator."""

    sheet: str
    row: int
    message: str


def net_from_ops(ops: Sequence[Mapping[str, Any]]) -> tuple[list[NetChange], list[Draft]]:
    """What a journal amounts to, without the file it was made against."""
    history: list[Change] = []
    drafts: dict[Key, Draft] = {}
    for op in ops:
        kind = op.get("op")
        if kind in ("put", "delete"):
            after = decode_values(op.get("after")) if kind == "put" else None
            before = decode_values(op.get("before"))
            joined = bool(op.get("joined"))
            history.append(Change(str(op["sheet"]), int(op["row"]), before, after, joined))
        elif kind == "undo":
            while history and history.pop().joined:  # a step: the change and those joined
                pass
        elif kind == "draft":
            draft = draft_from_op(op)
            drafts[(draft.sheet, draft.row)] = draft
        elif kind == "drop_draft":
            drafts.pop((str(op["sheet"]), int(op["row"])), None)
    first: dict[Key, Values | None] = {}
    last: dict[Key, Values | None] = {}
    for change in history:
        key = (change.sheet, change.row)
        first.setdefault(key, change.before)
        last[key] = change.after
    net = [
        NetChange(s, r, first[(s, r)], last[(s, r)])
        for s, r in sorted(last, key=lambda k: (sheet_order(k[0]), k[1]))
        if not same_values(first[(s, r)], last[(s, r)])
    ]
    return net, list(drafts.values())


def _label(sheet: str, row: int, new: bool = False) -> str:
    return f"{sheet}, bản ghi mới" if new else f"{sheet}, hàng {row}"


def _header(sheet: str, name: str) -> str:
    spec = spec_for(sheet)
    if spec is not None:
        return spec.column(name).header
    if sheet == SETTINGS:
        return schema.SETTINGS_VALUE_HEADER if name == "value" else schema.SETTINGS_KEY_HEADER
    if sheet == CATALOG:
        return schema.catalog_field_header(name)
    return schema.SECTION_TEXT_HEADER if name == "text" else schema.SECTION_TITLE_HEADER


def _show(value: Any) -> str:
    if value in (None, ""):
        return "(trống)"
    return f"“{value}”"


class _Finder:
    """Finds a row of the reloaded file again from the values it had."""

    def __init__(self, session: EditSession) -> None:
        self.session = session
        self._index: dict[str, dict[tuple[Any, ...], list[int]]] = {}

    def _values_key(self, values: Values) -> tuple[Any, ...]:
        return tuple((k, type(v).__name__, v) for k, v in sorted(values.items()))

    def locate(self, sheet: str, row: int, base: Values) -> tuple[int | None, Values | None]:
        """(row now, its values now); (None, None) when it is gone or unrecognisable."""
        s = self.session
        if sheet == SETTINGS:
            setting = SETTING_BY_KEY.get(fold_key(str(base.get("key", ""))))
            now = s.workbook.settings.rows.get(setting.field) if setting else None
            return (now, s.base(SETTINGS, now)) if now else (None, None)
        if sheet == SECTIONS:
            title = fold_key(str(base.get("title", "")))
            rows = [x.row for x in s.workbook.sections if fold_key(x.title) == title]
            if not rows:
                return None, None
            best = min(rows, key=lambda r: abs(r - row))
            return best, s.base(SECTIONS, best)
        theirs = s.base(sheet, row)
        if theirs is not None and same_values(theirs, base):
            return row, theirs
        index = self._index.get(sheet)
        if index is None:
            index = {}
            for r in s._rows_of(sheet):
                values = s.base(sheet, r)
                assert values is not None
                index.setdefault(self._values_key(values), []).append(r)
            self._index[sheet] = index
        rows = index.get(self._values_key(base), [])
        if rows:
            best = min(rows, key=lambda r: abs(r - row))
            return best, base
        # Edited on disk (and perhaps moved): the nearby row that agrees best, if clearly.
        filled = [k for k, v in base.items() if v not in (None, "")]
        scored: list[tuple[int, int, int]] = []
        for near in range(max(2, row - NEARBY), row + NEARBY + 1):
            values = s.base(sheet, near)
            if values is not None and filled:
                score = sum(same_value(values.get(k), base[k]) for k in filled)
                scored.append((score, -abs(near - row), near))
        if not scored:
            return None, None
        scored.sort(reverse=True)
        best_score, _, best = scored[0]
        clear = len(scored) == 1 or scored[1][0] < best_score
        if best_score * 10 >= len(filled) * 6 and clear:
            return best, s.base(sheet, best)
        return None, None


@dataclass(frozen=True)
class Unsaved:
    """What a journal still holds against the workbook as it is on disk now."""

    net: list[NetChange]
    drafts: list[Draft]
    same_file: bool  # made against this very file: replay, no merge needed
    saved_by_us: bool = False  # the file is the one our last save wrote: its changes are in it


def unsaved_in(content: JournalContent, current_sha256: str) -> Unsaved:
    """The changes of a journal not yet in the file whose hash is ``current_sha256``.

    When a ``saved`` line names this very file, the session was cut between the save's
    rename and the journal's removal: the changes before that line are in the file; only
    the drafts (never saved) are still pending, to be found again in the saved file.
    """
    ops = content.ops
    for at in range(len(ops) - 1, -1, -1):
        if ops[at].get("op") == "saved" and ops[at].get("sha256") == current_sha256:
            _, drafts = net_from_ops(ops[:at])
            return Unsaved([], drafts, same_file=False, saved_by_us=True)
    net, drafts = net_from_ops(ops)
    return Unsaved(net, drafts, same_file=content.sha256 == current_sha256)


def rebase_session(
    session: EditSession, loaded: LoadedWorkbook, journal: Journal | None = None
) -> tuple[EditSession, list[Conflict]]:
    """Re-apply what ``session`` has pending onto ``loaded`` (the file as it is now on disk)."""
    return rebase(loaded, session.net_changes(), list(session.drafts.values()), journal)


def rebase(
    loaded: LoadedWorkbook,
    net: Sequence[NetChange],
    drafts: Sequence[Draft],
    journal: Journal | None = None,
) -> tuple[EditSession, list[Conflict]]:
    session = EditSession(loaded, journal)
    finder = _Finder(session)
    conflicts: list[Conflict] = []
    taken: set[Key] = set()
    for change in net:
        if change.sheet == CATALOG:
            _rebase_catalog(session, change, conflicts)
            continue
        if change.base is None:
            if change.final is not None:
                added = session.new_row(change.sheet)
                session.apply(Change(change.sheet, added, None, change.final), log=False)
            continue
        row: int | None
        row, theirs = finder.locate(change.sheet, change.row, change.base)
        if row is not None and (change.sheet, row) in taken:
            row = None
        where = _label(change.sheet, change.row)
        if row is None or theirs is None:
            if change.final is None:
                conflicts.append(
                    Conflict(
                        change.sheet,
                        change.row,
                        f"{where}: bản ghi đã bị sửa hoặc xóa trên đĩa nên không xóa nữa.",
                    )
                )
                continue
            if change.sheet == SETTINGS:
                session.apply(
                    Change(SETTINGS, session.new_row(SETTINGS), None, change.final), log=False
                )
                continue
            draft = Draft(
                change.sheet,
                session.new_row(change.sheet),
                _texts_of(change.sheet, change.final),
                new=True,
            )
            session.set_draft(draft, log=False)
            conflicts.append(
                Conflict(
                    change.sheet,
                    change.row,
                    f"{where}: không tìm thấy bản ghi trên đĩa (đã bị sửa hoặc xóa); "
                    "thay đổi của bạn được giữ thành bản nháp của một bản ghi mới.",
                )
            )
            continue
        taken.add((change.sheet, row))
        if change.final is None:
            if not same_values(theirs, change.base):
                conflicts.append(
                    Conflict(
                        change.sheet,
                        row,
                        f"{_label(change.sheet, row)}: bản ghi đã bị sửa trên đĩa nên không xóa nữa.",
                    )
                )
                continue
            session.apply(Change(change.sheet, row, theirs, None), log=False)
            continue
        merged = dict(theirs)
        for name, ours in change.final.items():
            base_value = change.base.get(name)
            if same_value(ours, base_value):
                continue  # not ours to change: the disk's value stands
            disk = theirs.get(name)
            if not same_value(disk, base_value) and not same_value(disk, ours):
                conflicts.append(
                    Conflict(
                        change.sheet,
                        row,
                        f"{_label(change.sheet, row)}: ô “{_header(change.sheet, name)}” đã được sửa "
                        f"trên đĩa thành {_show(disk)}; giữ giá trị của bạn {_show(ours)}.",
                    )
                )
            merged[name] = ours
        session.apply(Change(change.sheet, row, theirs, merged), log=False)
    for draft in drafts:
        found = None
        if not draft.new and draft.base is not None:
            found, _ = finder.locate(draft.sheet, draft.row, draft.base)
        new = found is None
        at = session.new_row(draft.sheet) if found is None else found
        session.set_draft(
            Draft(draft.sheet, at, dict(draft.texts), new, None if new else draft.base), log=False
        )
    session.undo_stack.clear()
    return session, conflicts


def catalog_texts(list_name: str, values: Values) -> dict[str, str]:
    """A Danh mục entry's form texts (``value`` and each attribute) from its cells."""
    spec = schema.CATALOGS_BY_NAME[list_name]
    texts = {"value": value_text(schema.Kind.TEXT, values.get(spec.name))}
    for attribute in spec.attributes:
        texts[attribute.field] = value_text(
            attribute.kind, values.get(spec.attribute_field(attribute))
        )
    return texts


def _rebase_catalog(session: EditSession, change: NetChange, conflicts: list[Conflict]) -> None:
    """One Danh mục row, list by list: a row holds several lists, each edited on its own.

    An added entry goes to its list's first empty cell now (the disk may have filled
    the one it had); an edited or deleted one is found again by its value.
    """
    base, final = change.base or {}, change.final or {}
    disk = session.workbook.catalog
    for spec in schema.CATALOG_LISTS:
        names = spec.field_names()
        if all(same_value(base.get(n), final.get(n)) for n in names):
            continue
        old = {n: base.get(n) for n in names}
        ours = {n: final.get(n) for n in names}
        where = f"{CATALOG}, danh sách “{spec.name}”"
        if old[spec.name] in (None, ""):  # added here
            if ours[spec.name] in (None, ""):
                continue
            same = disk.entry(spec.name, str(ours[spec.name]))
            if same is not None:
                theirs = session.current(CATALOG, same.row) or {}
                _merge_catalog(session, spec, same.row, theirs, old, ours, conflicts)
                continue
            session.put_catalog_entry(spec.name, session.catalog_slot(spec.name), ours, log=False)
            continue
        rows = [e.row for e in disk.entries.get(spec.name, []) if e.value == old[spec.name]]
        if not rows:
            if ours[spec.name] in (None, ""):
                conflicts.append(
                    Conflict(
                        CATALOG,
                        change.row,
                        f"{where}: “{old[spec.name]}” đã bị sửa hoặc xóa trên đĩa nên không xóa nữa.",
                    )
                )
                continue
            typed = catalog_texts(spec.name, ours)
            draft = with_catalog_texts(
                None, CATALOG, session.new_row(CATALOG), spec.name, typed, True, None
            )
            session.set_draft(draft, log=False)
            conflicts.append(
                Conflict(
                    CATALOG,
                    change.row,
                    f"{where}: không tìm thấy “{old[spec.name]}” trên đĩa (đã bị sửa hoặc xóa); "
                    "thay đổi của bạn được giữ thành bản nháp.",
                )
            )
            continue
        row = min(rows, key=lambda r: abs(r - change.row))
        theirs = session.current(CATALOG, row) or {}
        if ours[spec.name] in (None, ""):  # deleted here
            if not all(same_value(theirs.get(n), old[n]) for n in names):
                conflicts.append(
                    Conflict(
                        CATALOG,
                        row,
                        f"{where}, hàng {row}: “{old[spec.name]}” đã được sửa trên đĩa "
                        "nên không xóa nữa.",
                    )
                )
                continue
            session.delete_catalog_entry(spec.name, row, log=False)
            continue
        _merge_catalog(session, spec, row, theirs, old, ours, conflicts)


def _merge_catalog(
    session: EditSession,
    spec: schema.CatalogList,
    row: int,
    theirs: Values,
    old: Values,
    ours: Values,
    conflicts: list[Conflict],
) -> None:
    merged = {n: theirs.get(n) for n in spec.field_names()}
    for name in spec.field_names():
        if same_value(ours[name], old[name]):
            continue  # not ours to change: the disk's value stands
        disk = theirs.get(name)
        if not same_value(disk, old[name]) and not same_value(disk, ours[name]):
            conflicts.append(
                Conflict(
                    CATALOG,
                    row,
                    f"{_label(CATALOG, row)}: ô “{_header(CATALOG, name)}” đã được sửa trên đĩa "
                    f"thành {_show(disk)}; giữ giá trị của bạn {_show(ours[name])}.",
                )
            )
        merged[name] = ours[name]
    session.put_catalog_entry(spec.name, row, merged, log=False)


def _texts_of(sheet: str, values: Values) -> dict[str, str]:
    spec = spec_for(sheet)
    if spec is None:
        return {k: "" if v is None else str(v) for k, v in values.items()}
    return {c.field: value_text(c.kind, values.get(c.field)) for c in spec.columns}


def carry_drafts(
    old: EditSession, loaded: LoadedWorkbook, journal: Journal | None = None
) -> EditSession:
    """A fresh session on the saved file, keeping the drafts (they were not saved)."""
    session, _ = rebase(loaded, [], list(old.drafts.values()), journal)
    return session


__all__ = [
    "Conflict",
    "Unsaved",
    "carry_drafts",
    "catalog_texts",
    "net_from_ops",
    "rebase",
    "rebase_session",
    "unsaved_in",
]
