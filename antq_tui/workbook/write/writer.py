"""Save edits into the workbook without losing a byte of anything else.

    result = save(loaded, [SetCell("Vụ việc", 7, "village", "Lai Hà")], command="antq tui")

Only the worksheet parts that change are rewritten, row by row (``xmlpatch``);
styles.xml only when a date style must be added; workbook.xml only for
``fullCalcOnLoad`` and, the first time, the audit sheet. Every other zip member
is copied byte for byte (``zippatch``). The new file is written beside the old
one, fsynced, re-read with the loader and checked, backed up and only then put
in place (``atomic_save.replace_atomically``), under antq's own lock, after checking
that nobody changed the file or has it open in Excel or LibreOffice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from antq_tui.files.identity import current_user
from antq_tui.model import schema
from antq_tui.model.errors import AntqError, SaveFailed, WorkbookChanged, WorkbookLocked
from antq_tui.model.gcpause import paused_gc
from antq_tui.model.text import fold_key
from antq_tui.workbook.guards.atomic_save import replace_atomically
from antq_tui.workbook.guards.backups import DEFAULT_BACKUPS
from antq_tui.workbook.guards.change_check import check_unchanged
from antq_tui.workbook.guards.office_locks import check_office_locks
from antq_tui.workbook.guards.own_lock import exclusive
from antq_tui.workbook.reader import LoadedWorkbook
from antq_tui.workbook.safety import CheckedFile, inflate
from antq_tui.workbook.write import audit as audit_sheet
from antq_tui.workbook.write import parts, zippatch
from antq_tui.workbook.write.cellxml import CellValue, cell_ref, encode
from antq_tui.workbook.write.styles import StyleBook
from antq_tui.workbook.write.verify import Check, verify_saved
from antq_tui.workbook.write.xmlpatch import SharedStrings, SheetPatcher
from antq_tui.workbook.write.xmltags import attributes, start_tags

__all__ = [
    "AppendRecord",
    "ClearRecord",
    "Edit",
    "SaveFailed",
    "SaveResult",
    "SetCell",
    "WorkbookChanged",
    "WorkbookLocked",
    "save",
]

COMPRESS_LEVEL = 6


@dataclass(frozen=True)
class SetCell:
    """Change one field of an existing row (a blank value clears the cell)."""

    sheet: str  # schema sheet name: "Vụ việc", "Thông tin chung", "Nội dung", ...
    row: int
    field: str  # a key of workbook.layouts[sheet].columns
    value: Any  # date, datetime, int, float, str, bool (written Có/Không) or None


@dataclass(frozen=True)
class AppendRecord:
    """Add a row below the last used row of the sheet."""

    sheet: str
    values: dict[str, Any]


@dataclass(frozen=True)
class ClearRecord:
    """Delete a record: every value in its row is cleared (formats stay)."""

    sheet: str
    row: int


Edit = SetCell | AppendRecord | ClearRecord


@dataclass
class SaveResult:
    loaded: LoadedWorkbook  # the workbook re-read after saving (new file identity)
    backup: Path | None
    appended_rows: list[int]  # the sheet row given to each AppendRecord, in order
    changes: list[audit_sheet.AuditEntry] = field(default_factory=list)


def _header(sheet: str, field_name: str) -> str:
    spec = next((s for s in (*schema.DATA_SHEETS, schema.REGISTER) if s.name == sheet), None)
    if spec is not None:
        try:
            return spec.column(field_name).header
        except KeyError:
            return field_name
    fixed = {
        (schema.SETTINGS_SHEET, "key"): schema.SETTINGS_KEY_HEADER,
        (schema.SETTINGS_SHEET, "value"): schema.SETTINGS_VALUE_HEADER,
        (schema.SECTIONS_SHEET, "title"): schema.SECTION_TITLE_HEADER,
        (schema.SECTIONS_SHEET, "text"): schema.SECTION_TEXT_HEADER,
        (schema.SECTIONS_SHEET, "period"): schema.SECTION_PERIOD_HEADER,
        (schema.SECTIONS_SHEET, "origin"): schema.SECTION_ORIGIN_HEADER,
    }
    if (sheet, field_name) in fixed:
        return fixed[(sheet, field_name)]
    list_name, _, attribute = field_name.partition("\x00")
    catalog = schema.CATALOGS_BY_NAME.get(list_name)
    if catalog is not None and attribute:
        for column in catalog.attributes:
            if column.field == attribute:
                return catalog.attribute_header(column)
    return list_name


@dataclass
class _Sheet:
    """One sheet being edited: where it lives and its patcher."""

    key: str  # schema name, or the audit sheet's name
    name: str  # the name in the file
    part: str
    patcher: SheetPatcher
    original: bytes = b""
    next_row: int = 0
    appended: list[int] = field(default_factory=list)


class _Plan:
    """The edits of one save, turned into new package bytes and checks."""

    def __init__(self, loaded: LoadedWorkbook, user: str, command: str, now: datetime) -> None:
        self.loaded = loaded
        self.source: CheckedFile = loaded.source
        self.date1904 = loaded.workbook.date1904
        self.user, self.command, self.now = user, command, now
        package = self.source.package
        self.styles = StyleBook.parse(self._read(package.styles) if package.styles else None)
        self._shared: SharedStrings | None = None
        self.sheets: dict[str, _Sheet] = {}
        self.checks: dict[tuple[str, int, int], Check] = {}
        self.entries: list[audit_sheet.AuditEntry] = []
        self.appended_rows: list[int] = []
        self.new_audit_part: str | None = None

    def _read(self, part: str) -> bytes:
        return inflate(self.source, part)

    def _names(self) -> set[str]:
        return set(self.source.zip.namelist())

    @property
    def shared(self) -> SharedStrings:
        if self._shared is None:
            part = self.source.package.shared_strings
            names = self._names()
            self._shared = SharedStrings(self._read(part) if part and part in names else None)
        return self._shared

    # ------------------------------------------------------------ sheets
    def sheet(self, key: str) -> _Sheet:
        work = self.sheets.get(key)
        if work is not None:
            return work
        layout = self.loaded.workbook.layouts.get(key)
        part = self.source.package.sheet(layout.name) if layout else None
        if layout is None or part is None:
            raise SaveFailed(f"Sổ không có trang “{key}” nên không ghi được vào đó.")
        xml = self._read(part.part)
        patcher = SheetPatcher(
            xml, self.styles, self.shared, date1904=self.date1904, name=part.name
        )
        work = _Sheet(key, part.name, part.part, patcher, xml)
        self.sheets[key] = work
        return work

    def column(self, key: str, field_name: str) -> int:
        """1-based column of a field; SaveFailed when the sheet has no such column."""
        layout = self.loaded.workbook.layouts[key]
        index = layout.columns.get(field_name)
        if index is None:
            raise SaveFailed(
                f"Trang “{layout.name}” không có cột “{_header(key, field_name)}” nên không ghi "
                "được giá trị đó. Hãy thêm cột (đúng tên tiêu đề) rồi thử lại."
            )
        return index + 1

    def _next_row(self, work: _Sheet) -> int:
        if not work.next_row:
            queued = max(work.patcher.edits, default=0)
            work.next_row = max(work.patcher.last_used_row(), queued, 1) + 1
        row = work.next_row
        work.next_row += 1
        return row

    # ------------------------------------------------------------ edits
    def _set(self, work: _Sheet, row: int, column: int, value: CellValue, log: bool) -> None:
        old = work.patcher.old_cell(row, column) if log else None
        work.patcher.set(row, column, value)
        self.checks[(work.key, row, column)] = Check(work.name, row, column, value.expected)
        new_kind = "date" if value.kind == "datetime" else value.kind
        if old is not None and (old.text != value.text or old.kind != new_kind):
            self._log(work, row, column, old.text, value.text)

    def _log(self, work: _Sheet, row: int, column: int, old: str, new: str) -> None:
        self.entries.append(
            audit_sheet.AuditEntry(
                self.now, self.user, self.command, work.name, cell_ref(row, column), old, new
            )
        )

    def apply(self, edit: Edit) -> None:
        work = self.sheet(edit.sheet)
        if isinstance(edit, SetCell):
            self._check_row(work, edit.row)
            column = self.column(edit.sheet, edit.field)
            self._set(work, edit.row, column, encode(edit.value, self.date1904), True)
        elif isinstance(edit, AppendRecord):
            values = [
                (self.column(edit.sheet, name), encode(value, self.date1904))
                for name, value in edit.values.items()
                if not (value is None or (isinstance(value, str) and not value.strip()))
            ]
            if not any(v.kind != "blank" for _, v in values):
                raise SaveFailed(f"Hàng mới ở trang “{work.name}” không có giá trị nào để ghi.")
            row = self._next_row(work)
            for column, value in sorted(values, key=lambda cv: cv[0]):
                self._set(work, row, column, value, True)
            work.appended.append(row)
            self.appended_rows.append(row)
        elif isinstance(edit, ClearRecord):
            self._check_row(work, edit.row)
            olds = work.patcher.row_texts(edit.row)
            work.patcher.clear_row(edit.row)
            for (key, row, column), _ in list(self.checks.items()):
                if key == work.key and row == edit.row:
                    self.checks[(key, row, column)] = Check(work.name, row, column, "")
            for column, old in sorted(olds.items()):
                self.checks[(work.key, edit.row, column)] = Check(work.name, edit.row, column, "")
                self._log(work, edit.row, column, old, "")
        else:  # pragma: no cover - the type checker sees every kind
            raise SaveFailed(f"Không hiểu thay đổi {edit!r}.")

    @staticmethod
    def _check_row(work: _Sheet, row: int) -> None:
        if row < 2:
            raise SaveFailed(
                f"Hàng {row} của trang “{work.name}” là hàng tiêu đề; chương trình không sửa hàng đó."
            )

    # ------------------------------------------------------------ audit
    def _audit_sheet(self) -> _Sheet:
        existing = next(
            (
                s
                for s in self.source.package.sheets
                if fold_key(s.name) == fold_key(audit_sheet.SHEET_NAME)
            ),
            None,
        )
        if existing is not None:
            xml = self._read(existing.part)
            name, part = existing.name, existing.part
        else:
            header_style = self._header_style()
            xml = audit_sheet.new_sheet_xml(header_style)
            name = audit_sheet.SHEET_NAME
            part = parts.new_worksheet_part(self._names())
            self.new_audit_part = part
        patcher = SheetPatcher(xml, self.styles, self.shared, date1904=self.date1904, name=name)
        return _Sheet(name, name, part, patcher, xml)

    def _header_style(self) -> int | None:
        """The look of the data sheets' headers, so the audit sheet matches them."""
        layout = self.loaded.workbook.layouts.get(schema.INCIDENTS.name)
        part = self.source.package.sheet(layout.name) if layout else None
        if part is None:
            return None
        with self.source.zip.open(part.part) as stream:
            head = stream.read(256 * 1024)  # row 1 is near the start: no need to inflate all
        for tag in start_tags(head, b"c"):
            attrs = attributes(head[tag.start : tag.end])
            if attrs.get(b"r", b"").strip().upper() == b"A1":
                style = attrs.get(b"s", b"").strip()
                return int(style) if style.isdigit() else None
        return None

    def write_audit(self) -> _Sheet | None:
        if not self.entries:
            return None
        work = self._audit_sheet()
        # The entries of one save share their time, user, command and sheet: encode once.
        encoded: dict[tuple[type, Any], CellValue] = {}
        for entry in self.entries:
            row = self._next_row(work)
            for column, raw in enumerate(entry.cells(), start=1):
                value = encoded.get((type(raw), raw))
                if value is None:
                    value = encoded[(type(raw), raw)] = encode(raw, self.date1904)
                if value.kind != "blank":
                    self._set(work, row, column, value, False)
        return work

    # ------------------------------------------------------------ package
    def build(self, audit: bool) -> bytes:
        audit_work = self.write_audit() if audit else None
        replaced: dict[str, bytes] = {}
        added: dict[str, bytes] = {}
        removed: set[str] = set()
        formula_removed = False
        workbook_xml = self._read("xl/workbook.xml")
        for work in [*self.sheets.values(), *([audit_work] if audit_work else [])]:
            xml = work.patcher.render()
            formula_removed = formula_removed or work.patcher.formula_removed
            if work.appended:
                replaced.update(self._grown_tables(work))
                xml, workbook_xml = self._grown_filter(work, xml, workbook_xml)
            if work.part == self.new_audit_part:
                added[work.part] = xml
            elif xml != work.original:
                replaced[work.part] = xml
        if not replaced and not added:
            return self.source.data
        names = self._names()
        if self.styles.changed and self.source.package.styles:
            replaced[self.source.package.styles] = self.styles.render()
        workbook_xml = parts.ensure_full_calc(workbook_xml)
        rels_part, types_part = "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
        rels_xml, types_xml = self._read(rels_part), self._read(types_part)
        original_rels, original_types = rels_xml, types_xml
        if formula_removed:
            rels_xml, types_xml, chain = parts.drop_calc_chain(rels_xml, types_xml)
            if chain and chain in names:
                removed.add(chain)
        if self.new_audit_part:
            workbook_xml, rels_xml, types_xml = parts.add_sheet(
                workbook_xml, rels_xml, types_xml, audit_sheet.SHEET_NAME, self.new_audit_part
            )
        if workbook_xml != self._read("xl/workbook.xml"):
            replaced["xl/workbook.xml"] = workbook_xml
        if rels_xml != original_rels:
            replaced[rels_part] = rels_xml
        if types_xml != original_types:
            replaced[types_part] = types_xml
        return zippatch.rewrite(
            self.source.data, replaced, add=added, remove=frozenset(removed), level=COMPRESS_LEVEL
        )

    def _grown_tables(self, work: _Sheet) -> dict[str, bytes]:
        rels_part = parts.sheet_rels_part(work.part)
        names = self._names()
        rels = self._read(rels_part) if rels_part in names else None
        grown: dict[str, bytes] = {}
        for table in parts.table_parts(work.part, rels):
            if table not in names:
                continue
            new = parts.grow_table(self._read(table), min(work.appended), max(work.appended))
            if new is not None:
                grown[table] = new
        return grown

    def _grown_filter(self, work: _Sheet, xml: bytes, workbook_xml: bytes) -> tuple[bytes, bytes]:
        """Grow the sheet's AutoFilter (and Excel's name for it) over rows added below it."""
        first, last = min(work.appended), max(work.appended)
        grown = parts.grow_sheet_filter(xml, first, last)
        if grown is None:
            return xml, workbook_xml
        xml, old_last = grown
        sheet = next((s for s in self.source.package.sheets if s.part == work.part), None)
        position = parts.sheet_position(workbook_xml, sheet.rel_id) if sheet else None
        if position is not None:
            workbook_xml = parts.grow_filter_name(workbook_xml, position, old_last, last)
        return xml, workbook_xml

    def verify(self, temp: Path) -> LoadedWorkbook:
        return verify_saved(temp, list(self.checks.values()), self._sheet_keys())

    def _sheet_keys(self) -> dict[str, str]:
        """File sheet name -> schema sheet name (the loader reads by schema name)."""
        return {work.name: work.key for work in self.sheets.values()}


def save(
    loaded: LoadedWorkbook,
    edits: Sequence[Edit],
    *,
    command: str,
    user: str | None = None,
    force: bool = False,
    keep_backups: int = DEFAULT_BACKUPS,
    audit: bool = True,
    before_replace: Callable[[str], None] | None = None,
) -> SaveResult:
    """Write ``edits`` into the workbook ``loaded`` came from; see the module docstring.

    Raises WorkbookLocked, WorkbookChanged or SaveFailed (the file is then untouched).
    ``force`` ignores Excel's and LibreOffice's owner files (left behind by a crash);
    it never overrides another antq's lock. ``before_replace`` gets the new file's
    SHA-256 just before it takes the old one's place (see ``replace_atomically``).
    """
    if not edits:
        return SaveResult(loaded, None, [])
    path = loaded.source.path
    now = datetime.now()
    with exclusive(path):
        check_office_locks(path, force)
        check_unchanged(loaded.source)
        plan = _Plan(loaded, user or current_user(), command, now)
        try:
            with paused_gc():  # thousands of edits make objects without cycles
                for edit in edits:
                    plan.apply(edit)
                data = plan.build(audit)
        except (SaveFailed, WorkbookChanged, WorkbookLocked):
            raise
        except AntqError as exc:
            raise SaveFailed(exc.message) from exc
        except Exception as exc:
            raise SaveFailed(
                f"Không chuẩn bị được nội dung để lưu sổ {path.name} (lỗi {type(exc).__name__}). "
                "Sổ gốc vẫn nguyên vẹn."
            ) from exc
        saved, backup = replace_atomically(
            loaded.source,
            data,
            plan.verify,
            keep_backups=keep_backups,
            now=now,
            before_replace=before_replace,
        )
    checked = replace(saved.source, path=path)
    saved.workbook.path = path
    return SaveResult(
        LoadedWorkbook(saved.workbook, checked), backup, plan.appended_rows, plan.entries
    )
