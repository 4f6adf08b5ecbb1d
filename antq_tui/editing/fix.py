"""``antq fix``: the repairs that are safe to make without asking anyone.

- a date typed as text ("12/03/2021") becomes a real date cell;
- an allowed value that matches its list up to case, spacing, Unicode form or
  tone placement ("đông hoà", "Đông  Hòa") takes the list's own spelling;
- stray spaces (around text, doubled inside one-line text) and decomposed
  Unicode are cleaned; a cell holding only spaces is emptied;
- a whole number typed as text ("01") becomes a number.

Anything that needs a person's judgement is left as it is and listed: a value
that matches only once diacritics are stripped ("Dai Luong"), or a date that
cannot be read. The loader already canonicalises what it reads, so the plan
compares the raw cells (python-calamine) with what the loader made of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antq_tui.model import schema
from antq_tui.model.dates import parse_date_text
from antq_tui.model.period_tags import read_tag
from antq_tui.model.records import SheetLayout, column_letter
from antq_tui.model.text import Vocabulary, fold_key, strip_control
from antq_tui.workbook.reader import LoadedWorkbook
from antq_tui.workbook.write.verify import load_with_rows
from antq_tui.workbook.write.writer import SetCell

Rows = list[list[Any]]
_RUNS = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")

REASON_DATE = "Ngày gõ dạng chữ → ngày thật"
REASON_SPELLING = "Viết đúng như trong danh sách"
REASON_SPACES = "Bỏ dấu cách thừa"
REASON_UNICODE = "Chuẩn hóa chữ tiếng Việt (Unicode)"
REASON_BLANK = "Ô chỉ có dấu cách → để trống"
REASON_NUMBER = "Số gõ dạng chữ → số"


@dataclass(frozen=True)
class Fix:
    """One cell the plan changes."""

    sheet: str  # schema sheet name
    row: int
    field: str  # a key of the sheet layout's columns
    cell: str  # "Vụ việc!B5" (the sheet's name in the file)
    old: Any
    new: Any
    reason: str

    def edit(self) -> SetCell:
        return SetCell(self.sheet, self.row, self.field, self.new)


@dataclass(frozen=True)
class Leftover:
    """A cell that needs a person: listed, never changed."""

    sheet: str
    row: int
    cell: str
    value: Any
    reason: str
    suggestion: str | None = None


@dataclass
class FixPlan:
    fixes: list[Fix] = field(default_factory=list)
    left: list[Leftover] = field(default_factory=list)

    def edits(self) -> list[SetCell]:
        return [f.edit() for f in self.fixes]


def tidy_line(text: str) -> str:
    """One-line text: NFC, no control characters, single spaces, no spaces around."""
    text = strip_control(unicodedata.normalize("NFC", text))
    return _RUNS.sub(" ", text).strip()


def tidy_long(text: str) -> str:
    """Several lines: NFC, no control characters, no spaces at line ends or around."""
    text = strip_control(unicodedata.normalize("NFC", text)).replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _text_reason(raw: str, new: str) -> str:
    if unicodedata.normalize("NFC", raw) == raw:
        return REASON_SPACES
    return REASON_UNICODE if tidy_line(unicodedata.normalize("NFC", raw)) == new else REASON_SPACES


def _choice_reason(raw: str, canonical: str) -> str:
    nfc = unicodedata.normalize("NFC", raw)
    if nfc == canonical:
        return REASON_UNICODE
    return REASON_SPACES if tidy_line(nfc) == canonical else REASON_SPELLING


class _Planner:
    def __init__(self, loaded: LoadedWorkbook, rows: dict[str, Rows]) -> None:
        self.wb = loaded.workbook
        self.rows = rows
        self.plan = FixPlan()

    # ------------------------------------------------------------ cells
    def cells(
        self, sheet: str, field_name: str, only_row: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        layout = self.wb.layouts.get(sheet)
        grid = self.rows.get(sheet)
        if layout is None or grid is None or field_name not in layout.columns:
            return
        index = layout.columns[field_name]
        for number, row in enumerate(grid[1:], start=2):
            if only_row is not None and number != only_row:
                continue
            if index < len(row):
                yield number, row[index]

    def where(self, sheet: str, field_name: str, row: int) -> str:
        layout: SheetLayout = self.wb.layouts[sheet]
        return f"{layout.name}!{column_letter(layout.columns[field_name])}{row}"

    def fix(self, sheet: str, field_name: str, row: int, old: Any, new: Any, reason: str) -> None:
        cell = self.where(sheet, field_name, row)
        self.plan.fixes.append(Fix(sheet, row, field_name, cell, old, new, reason))

    def leave(
        self,
        sheet: str,
        field_name: str,
        row: int,
        value: Any,
        reason: str,
        hint: str | None = None,
    ) -> None:
        self.plan.left.append(
            Leftover(sheet, row, self.where(sheet, field_name, row), value, reason, hint)
        )

    # ------------------------------------------------------------ by kind
    def check(
        self,
        sheet: str,
        field_name: str,
        kind: schema.Kind,
        vocabulary: Vocabulary | None,
        list_label: str = "",
        only_row: int | None = None,
    ) -> None:
        for row, raw in self.cells(sheet, field_name, only_row):
            if not isinstance(raw, str) or raw == "":
                continue
            if not raw.strip():
                self.fix(sheet, field_name, row, raw, None, REASON_BLANK)
                continue
            if kind is schema.Kind.DATE:
                day = parse_date_text(raw)
                if day is None:
                    self.leave(sheet, field_name, row, raw, "Không đọc được ngày",
                               "Gõ lại theo dạng ngày/tháng/năm, ví dụ 05/03/2021.")  # fmt: skip
                else:
                    self.fix(sheet, field_name, row, raw, day, REASON_DATE)
            elif kind in (schema.Kind.COUNT, schema.Kind.YEAR):
                text = tidy_line(raw)
                if text.isascii() and text.isdigit():
                    number = int(text)
                    if kind is not schema.Kind.YEAR or 1900 <= number <= 2100:
                        self.fix(sheet, field_name, row, raw, number, REASON_NUMBER)
            elif vocabulary is not None:
                canonical = vocabulary.canonical(raw)
                if canonical is not None:
                    if canonical != raw:
                        self.fix(
                            sheet, field_name, row, raw, canonical, _choice_reason(raw, canonical)
                        )
                    continue
                suggestion = vocabulary.suggest(raw)
                if suggestion is not None and fold_key(suggestion) != fold_key(raw):
                    self.leave(sheet, field_name, row, raw, f"Không có trong {list_label}",
                               f"Có thể là “{suggestion}”; hãy kiểm tra rồi sửa tay.")  # fmt: skip
                elif tidy_line(raw) != raw:
                    self.fix(
                        sheet,
                        field_name,
                        row,
                        raw,
                        tidy_line(raw),
                        _text_reason(raw, tidy_line(raw)),
                    )
            elif kind is schema.Kind.PERIOD:
                self.period(sheet, field_name, row, raw)
            elif kind is schema.Kind.LONG_TEXT:
                new = tidy_long(raw)
                if new != raw:
                    self.fix(sheet, field_name, row, raw, new, _text_reason(raw, new))
            elif kind in (schema.Kind.TEXT, schema.Kind.AMOUNT):
                new = tidy_line(raw) if kind is schema.Kind.TEXT else raw.strip()
                if new != raw:
                    self.fix(sheet, field_name, row, raw, new, _text_reason(raw, new))

    def period(self, sheet: str, field_name: str, row: int, raw: str) -> None:
        """A Kỳ báo cáo text: spaces and Unicode tidied; one that needs a person is listed."""
        reading = read_tag(raw, self.wb.settings.year)
        if reading.tag is None:
            self.leave(sheet, field_name, row, raw, "Không đọc được kỳ báo cáo",
                       f"Có thể là “{reading.suggestion}”; hãy kiểm tra rồi sửa tay."
                       if reading.suggestion else "Ghi kỳ, ví dụ Quý I/2023.")  # fmt: skip
        elif not reading.exact:
            self.leave(sheet, field_name, row, raw, "Kỳ báo cáo viết thiếu dấu",
                       f"Có thể là “{reading.suggestion}”; hãy kiểm tra rồi sửa tay.")  # fmt: skip
        elif tidy_line(raw) != raw:
            self.fix(sheet, field_name, row, raw, tidy_line(raw), _text_reason(raw, tidy_line(raw)))

    def vocabulary(self, column: schema.Column) -> tuple[Vocabulary | None, str]:
        if column.kind is schema.Kind.VILLAGE:
            return self.wb.village_names(), "trang Thôn"
        if column.kind is schema.Kind.YES_NO:
            return Vocabulary(schema.YES_NO_VALUES), "Có/Không"
        if column.catalog:
            return self.wb.catalog.vocabulary(column.catalog), f"danh sách “{column.catalog}”"
        if column.choices:
            return Vocabulary(column.choices), "danh sách " + ", ".join(column.choices)
        return None, ""

    # ------------------------------------------------------------ sheets
    def run(self) -> FixPlan:
        for spec in (*schema.DATA_SHEETS, schema.REGISTER):
            for column in spec.columns:
                vocabulary, label = self.vocabulary(column)
                self.check(spec.name, column.field, column.kind, vocabulary, label)
        self.settings()
        self.sections()
        self.catalog()
        order = {name: i for i, name in enumerate(schema.SHEET_ORDER)}

        def place(sheet: str, row: int, cell: str) -> tuple[int, int, int, str]:
            letters = cell.rsplit("!", 1)[-1].rstrip("0123456789")
            return order.get(sheet, 99), row, len(letters), letters

        self.plan.fixes.sort(key=lambda f: place(f.sheet, f.row, f.cell))
        self.plan.left.sort(key=lambda f: place(f.sheet, f.row, f.cell))
        return self.plan

    def settings(self) -> None:
        sheet = schema.SETTINGS_SHEET
        layout = self.wb.layouts.get(sheet)
        grid = self.rows.get(sheet)
        if layout is None or grid is None or "key" not in layout.columns:
            return
        rows = self.wb.settings.rows
        for setting in schema.SETTINGS:
            row = rows.get(setting.field)
            if row is None:
                continue
            key_raw = grid[row - 1][layout.columns["key"]]
            if isinstance(key_raw, str) and key_raw != setting.key:
                self.fix(sheet, "key", row, key_raw, setting.key, REASON_SPELLING)
            if "value" not in layout.columns:
                continue
            vocabulary = Vocabulary(setting.choices) if setting.choices else None
            label = "danh sách " + ", ".join(setting.choices)
            self.check(sheet, "value", setting.kind, vocabulary, label, only_row=row)

    def sections(self) -> None:
        titles = Vocabulary(schema.SECTION_TITLES)
        self.check(
            schema.SECTIONS_SHEET, "title", schema.Kind.CHOICE, titles, "các mục của báo cáo"
        )
        self.check(schema.SECTIONS_SHEET, "text", schema.Kind.LONG_TEXT, None)
        self.check(schema.SECTIONS_SHEET, "period", schema.Kind.PERIOD, None)

    def catalog(self) -> None:
        for catalog in schema.CATALOG_LISTS:
            self.check(schema.CATALOG_SHEET, catalog.name, schema.Kind.TEXT, None)
            for attribute in catalog.attributes:
                vocabulary = (
                    Vocabulary(schema.YES_NO_VALUES)
                    if attribute.kind is schema.Kind.YES_NO
                    else None
                )
                kind = schema.Kind.CHOICE if vocabulary else attribute.kind
                self.check(
                    schema.CATALOG_SHEET,
                    f"{catalog.name}\x00{attribute.field}",
                    kind,
                    vocabulary,
                    "Có/Không",
                )


def plan_fixes(loaded: LoadedWorkbook, rows: dict[str, Rows]) -> FixPlan:
    """What ``antq fix`` would change in ``loaded``, given the raw cell grids of its sheets."""
    return _Planner(loaded, rows).run()


def load_for_fix(path: Path) -> tuple[LoadedWorkbook, FixPlan]:
    """Load ``path`` once, keeping the raw grids, and plan its repairs."""
    loaded, rows = load_with_rows(path, set(schema.READ_SHEETS))
    return loaded, plan_fixes(loaded, rows)
