"""The validator: every rule of the workbook format, one module for CLI and TUI.

Each finding names its severity, sheet and cell, says what is wrong in Vietnamese
and, where one exists, suggests the fix. Checks run column by column over all
records (not record by record) so 100,000 incidents validate in a fraction of the
time it takes to read them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter, ne
from typing import Any

from antq_tui.model import schema
from antq_tui.model.gcpause import paused_gc
from antq_tui.model.period_tags import parse_tag, read_tag
from antq_tui.model.periods import cutoff_key, year_period
from antq_tui.model.records import Record, ReportEntry, Section, Workbook, column_letter
from antq_tui.model.text import Vocabulary, fold_key, format_int, skeletons
from antq_tui.validate.findings import Finding, Report, Severity, in_reading_order

ERROR_MESSAGES_BY_KIND: dict[schema.Kind, str] = {
    schema.Kind.DATE: "“{value}” không phải ngày hợp lệ; gõ theo dạng ngày/tháng/năm, ví dụ 05/03/2021.",
    schema.Kind.COUNT: "“{value}” không phải số nguyên không âm (0, 1, 2, …).",
    schema.Kind.AMOUNT: "“{value}” không phải số không âm; gõ số, ví dụ 1,5.",
    schema.Kind.YEAR: "“{value}” không phải năm hợp lệ (ví dụ 2021).",
    schema.Kind.YES_NO: "“{value}” không hợp lệ; chỉ được ghi Có hoặc Không.",
}


def validate(workbook: Workbook, today: date | None = None, *, errors_only: bool = False) -> Report:
    """Check ``workbook`` against every rule; ``today`` fixes "the future" for tests.

    ``errors_only`` is for callers that only count errors (export, preview): the
    checks that can only warn, such as duplicate rows, are skipped.
    """
    checker = _Checker(workbook, today or date.today(), errors_only)
    with paused_gc():
        findings = list(checker.run())
    if errors_only:
        findings = [f for f in findings if f.severity is Severity.ERROR]
    return Report(in_reading_order(findings))


_CHECKED_KINDS = (schema.Kind.CHOICE, schema.Kind.VILLAGE, schema.Kind.DATE, schema.Kind.YEAR)


def _needs_checks(column: schema.Column) -> bool:
    """Columns whose values need a look beyond conversion (which the loader did)."""
    return column.required or column.kind in _CHECKED_KINDS


def _quote(value: object) -> str:
    return f"“{value}”"


class _Checker:
    def __init__(self, workbook: Workbook, today: date, errors_only: bool = False) -> None:
        self.wb = workbook
        self.today = today
        self.errors_only = errors_only
        self.year = workbook.settings.year
        self.villages = workbook.village_names()
        self.markers: Vocabulary | None = None  # Nội dung's markers, made at the first use

    def run(self) -> Iterator[Finding]:
        yield from self.check_sheets()
        yield from self.check_settings()
        yield from self.check_catalog()
        for spec in schema.DATA_SHEETS:
            if spec.name in self.wb.layouts:
                yield from self.check_records(spec)
        yield from self.check_sections()
        if schema.REGISTER.name in self.wb.layouts:
            yield from self.check_register()

    # ------------------------------------------------------------ helpers
    def finding(
        self,
        severity: Severity,
        sheet: str,
        field_name: str | None,
        row: int | None,
        message: str,
        suggestion: str | None = None,
        replacement: str | None = None,
    ) -> Finding:
        if row is None:
            cell = None
        elif field_name is None:
            cell = f"{sheet}!{row}:{row}"
        else:
            cell = self.wb.cell(sheet, field_name, row)
        return Finding(severity, sheet, cell, message, suggestion, row, field_name, replacement)

    # ------------------------------------------------------------ structure
    def check_sheets(self) -> Iterator[Finding]:
        for name in schema.READ_SHEETS:
            layout = self.wb.layouts.get(name)
            if layout is None and name in schema.OPTIONAL_SHEETS:
                continue  # made before the sheet existed: reports fall back, as they did
            if layout is None:
                yield Finding(
                    Severity.ERROR,
                    name,
                    None,
                    f"Thiếu trang “{name}”.",
                    f"Thêm trang “{name}” (tạo sổ mẫu bằng lệnh antq init để xem cách bố trí).",
                )
                continue
            if layout.misplaced_header_row:
                yield Finding(
                    Severity.ERROR,
                    name,
                    f"{layout.name}!A1",
                    f"Hàng tiêu đề của trang “{layout.name}” đang ở hàng "
                    f"{layout.misplaced_header_row}; hàng tiêu đề phải là hàng 1.",
                    f"Xóa {layout.misplaced_header_row - 1} dòng phía trên hàng tiêu đề.",
                )
                continue
            required = self.required_headers(name)
            next_free = len(layout.headers)
            for header in layout.missing:
                severity = Severity.ERROR if header in required else Severity.WARNING
                where = f"{layout.name}!{column_letter(next_free)}1"
                next_free += 1
                yield Finding(
                    severity,
                    name,
                    where,
                    f"Trang “{layout.name}” thiếu cột “{header}” ở hàng 1.",
                    f"Thêm tiêu đề “{header}” vào hàng 1.",
                )
            for header in layout.duplicate_headers:
                yield Finding(
                    Severity.WARNING,
                    name,
                    f"{layout.name}!1:1",
                    f"Cột “{header}” có hai lần ở hàng 1; chương trình chỉ đọc cột đầu tiên.",
                    "Đổi tên hoặc xóa cột trùng.",
                )

    @staticmethod
    def required_headers(sheet: str) -> set[str]:
        for spec in (*schema.DATA_SHEETS, schema.REGISTER):
            if spec.name == sheet:
                return set(spec.required_headers)
        if sheet == schema.SETTINGS_SHEET:
            return {schema.SETTINGS_KEY_HEADER, schema.SETTINGS_VALUE_HEADER}
        if sheet == schema.SECTIONS_SHEET:
            return {schema.SECTION_TITLE_HEADER, schema.SECTION_TEXT_HEADER}
        if sheet == schema.CATALOG_SHEET:
            return {c.name for c in schema.CATALOG_LISTS}
        return set()

    # ------------------------------------------------------------ settings
    def check_settings(self) -> Iterator[Finding]:
        sheet = schema.SETTINGS_SHEET
        layout = self.wb.layouts.get(sheet)
        if layout is None or "key" not in layout.columns:
            return
        settings = self.wb.settings
        value_col = column_letter(layout.columns.get("value", 1))
        next_row = max([*settings.rows.values(), *settings.unknown_rows.values(), 1]) + 1

        def at(row: int) -> str:
            return f"{layout.name}!{value_col}{row}"

        for setting in schema.SETTINGS:
            row = settings.rows.get(setting.field)
            value = getattr(settings, setting.field)
            if setting.field in settings.invalid:
                raw = settings.invalid[setting.field]
                yield Finding(
                    Severity.ERROR,
                    sheet,
                    at(row or next_row),
                    f"{setting.key}: " + ERROR_MESSAGES_BY_KIND[setting.kind].format(value=raw),
                    row=row,
                )
            elif setting.required and value in ("", None):
                yield Finding(
                    Severity.ERROR,
                    sheet,
                    at(row) if row else f"{layout.name}!A{next_row}",
                    f"Thiếu “{setting.key}”.",
                    f"Ghi “{setting.key}” ở cột Mục và giá trị ở cột Giá trị."
                    if row is None
                    else f"Ghi {setting.key.lower()} vào cột Giá trị.",
                    row=row,
                )
            elif setting.choices and value and value not in setting.choices:
                yield Finding(
                    Severity.ERROR,
                    sheet,
                    at(row or next_row),
                    f"{setting.key}: {_quote(value)} không hợp lệ; chỉ được chọn "
                    + ", ".join(setting.choices)
                    + ".",
                    Vocabulary(setting.choices).suggest(value),
                    row=row,
                    field="value",
                    replacement=Vocabulary(setting.choices).suggest(value),
                )
        if settings.sign_date and settings.sign_date > self.today:
            row = settings.rows.get("sign_date")
            yield Finding(
                Severity.WARNING,
                sheet,
                at(row or next_row),
                "Ngày ký ở sau ngày hôm nay.",
                row=row,
            )
        known = Vocabulary(s.key for s in schema.SETTINGS)
        for key, row in settings.unknown_rows.items():
            suggestion = known.suggest(key)
            yield Finding(
                Severity.WARNING,
                sheet,
                f"{layout.name}!{column_letter(layout.columns['key'])}{row}",
                f"Mục {_quote(key)} không phải mục chương trình dùng; giá trị được giữ nguyên.",
                suggestion,
                row=row,
                field="key",
                replacement=suggestion,
            )

    # ------------------------------------------------------------ Danh mục
    def check_catalog(self) -> Iterator[Finding]:
        sheet = schema.CATALOG_SHEET
        if sheet not in self.wb.layouts:
            return
        for catalog in schema.CATALOG_LISTS:
            entries = self.wb.catalog.entries.get(catalog.name, [])
            if catalog.name not in self.wb.layouts[sheet].columns:
                continue  # reported as a missing header
            if not entries:
                yield self.finding(
                    Severity.ERROR,
                    sheet,
                    catalog.name,
                    2,
                    f"Danh sách “{catalog.name}” trống.",
                    "Ghi ít nhất một giá trị dưới tiêu đề.",
                )
            seen: dict[str, int] = {}
            for entry in entries:
                key = fold_key(entry.value)
                if key in seen:
                    yield self.finding(
                        Severity.WARNING,
                        sheet,
                        catalog.name,
                        entry.row,
                        f"{_quote(entry.value)} đã có trong danh sách “{catalog.name}” "
                        f"(hàng {seen[key]}).",
                        "Xóa dòng trùng.",
                    )
                seen.setdefault(key, entry.row)
                for attribute in catalog.attributes:
                    value = entry.attributes.get(attribute.field)
                    header = catalog.attribute_header(attribute)
                    if attribute.kind is schema.Kind.YES_NO and isinstance(value, str):
                        yield self.catalog_finding(
                            entry.row,
                            catalog.name,
                            attribute.field,
                            f"{header}: "
                            + ERROR_MESSAGES_BY_KIND[schema.Kind.YES_NO].format(value=value),
                        )
                    if (
                        catalog is schema.INDICATORS
                        and attribute.field == "phrase"
                        and isinstance(value, str)
                        and "{số}" not in value
                    ):
                        yield self.catalog_finding(
                            entry.row,
                            catalog.name,
                            attribute.field,
                            f"{header}: câu {_quote(value)} không có chỗ điền số lượng {{số}}.",
                            Severity.WARNING,
                            "Thêm {số} vào chỗ cần điền số, ví dụ “tổ chức {số} buổi tuyên truyền”.",
                        )

    def catalog_finding(
        self,
        row: int,
        list_name: str,
        attribute: str,
        message: str,
        severity: Severity = Severity.ERROR,
        suggestion: str | None = None,
    ) -> Finding:
        layout = self.wb.layouts[schema.CATALOG_SHEET]
        field_name = f"{list_name}\x00{attribute}"
        index = layout.columns.get(field_name)
        cell = f"{layout.name}!{column_letter(index)}{row}" if index is not None else None
        return Finding(severity, schema.CATALOG_SHEET, cell, message, suggestion, row, field_name)

    # ------------------------------------------------------------ data sheets
    def check_records(self, spec: schema.SheetSpec) -> Iterator[Finding]:
        records: list[Record] = self.wb.records(spec.key)
        if not records:
            return
        layout = self.wb.layouts[spec.name]
        rows: list[int] = list(map(attrgetter("row"), records))
        invalid = [(r.row, r.invalid) for r in records if r.invalid]
        for row, bad in invalid:
            for field_name, raw in bad.items():
                column = spec.column(field_name)
                yield self.finding(
                    Severity.ERROR,
                    spec.name,
                    field_name,
                    row,
                    f"{column.header}: " + ERROR_MESSAGES_BY_KIND[column.kind].format(value=raw),
                )
        unreadable = {(row, f) for row, bad in invalid for f in bad}
        known: dict[str, list[Any]] = {}  # columns read here, reused for duplicates
        for column in spec.columns:
            if column.field not in layout.columns or not _needs_checks(column):
                continue
            values = known[column.field] = list(map(attrgetter(column.field), records))
            if column.required and (None in values or "" in values):
                for row, value in zip(rows, values, strict=True):
                    if (value is None or value == "") and (row, column.field) not in unreadable:
                        yield self.finding(
                            Severity.ERROR,
                            spec.name,
                            column.field,
                            row,
                            f"Thiếu “{column.header}”.",
                        )
            yield from self.check_allowed(spec, column, rows, values)
            if column.kind is schema.Kind.DATE:
                yield from self.check_dates(spec, column, rows, values)
            if column.kind is schema.Kind.YEAR:
                for row, value in zip(rows, values, strict=True):
                    if value is not None and value > self.today.year:
                        yield self.finding(
                            Severity.ERROR,
                            spec.name,
                            column.field,
                            row,
                            f"{column.header}: năm {value} ở tương lai.",
                        )
        yield from self.check_consistency(spec, records)
        if not self.errors_only:
            yield from self.check_duplicates(spec, records, known)

    def allowed_values(self, column: schema.Column) -> tuple[Vocabulary, str, str | None]:
        """The vocabulary, how to name the list, and where staff extend it."""
        if column.kind is schema.Kind.VILLAGE:
            return self.villages, "trang Thôn", f"Thêm thôn này vào trang “{schema.VILLAGES.name}”."
        if column.kind is schema.Kind.YES_NO:
            return Vocabulary(schema.YES_NO_VALUES), "Có/Không", None
        if column.catalog:
            return (
                self.wb.catalog.vocabulary(column.catalog),
                f"danh sách “{column.catalog}” (trang Danh mục)",
                f"Thêm giá trị này vào cột “{column.catalog}” của trang Danh mục.",
            )
        return Vocabulary(column.choices), ", ".join(column.choices), None

    def check_allowed(
        self, spec: schema.SheetSpec, column: schema.Column, rows: list[int], values: list[Any]
    ) -> Iterator[Finding]:
        if column.kind not in (schema.Kind.CHOICE, schema.Kind.VILLAGE):
            return
        vocabulary, list_label, extend_hint = self.allowed_values(column)
        allowed = set(vocabulary.values)
        unknown = set(values) - allowed - {"", None}
        if not unknown:
            return  # the common case, decided without a Python-level loop
        for row, value in zip(rows, values, strict=True):
            if value not in unknown:
                continue
            suggestion = vocabulary.suggest(value)
            if column.kind is schema.Kind.VILLAGE:
                message = f"Thôn {_quote(value)} không có trong {list_label}."
            elif column.catalog:
                message = f"{column.header}: {_quote(value)} không có trong {list_label}."
            else:
                message = (
                    f"{column.header}: {_quote(value)} không hợp lệ; chỉ được chọn {list_label}."
                )
            yield self.finding(
                Severity.ERROR,
                spec.name,
                column.field,
                row,
                message,
                suggestion or extend_hint,
                replacement=suggestion,
            )

    def check_dates(
        self, spec: schema.SheetSpec, column: schema.Column, rows: list[int], values: list[Any]
    ) -> Iterator[Finding]:
        if None in values:
            rows = list(compress(rows, map(is_not, values, repeat(None))))
            values = [value for value in values if value is not None]
        if not values:
            return
        latest = max(values)
        if latest > self.today:
            for row, value in zip(rows, values, strict=True):
                if value > self.today:
                    yield self.finding(
                        Severity.ERROR,
                        spec.name,
                        column.field,
                        row,
                        f"{column.header}: ngày {value:%d/%m/%Y} ở sau ngày hôm nay.",
                        "Kiểm tra lại ngày, tháng, năm (gõ theo thứ tự ngày/tháng/năm).",
                    )
        if self.year is None:
            return
        report_year = year_period(self.year, cutoff_key(self.wb.settings.cutoff))
        year_start, year_end = report_year.start, report_year.end
        if latest > year_end:
            for row, value in zip(rows, values, strict=True):
                if year_end < value <= self.today:
                    yield self.finding(
                        Severity.WARNING,
                        spec.name,
                        column.field,
                        row,
                        f"{column.header}: ngày {value:%d/%m/%Y} ở sau kỳ báo cáo năm {self.year} "
                        f"({report_year.start:%d/%m/%Y}–{report_year.end:%d/%m/%Y}).",
                        "Kiểm tra lại năm, hoặc sửa Năm báo cáo ở trang Thông tin chung.",
                    )
        is_earlier = list(map(year_start.__gt__, values))
        count = sum(is_earlier)
        if count:
            # One finding, not one per row: keeping earlier years is normal (comparisons).
            if count == 1:
                message = (
                    f"{column.header}: năm {min(values).year}, trước năm báo cáo {self.year}; "
                    "hàng này chỉ dùng để so sánh cùng kỳ, không tính vào báo cáo năm nay."
                )
            else:
                message = (
                    f"{format_int(count)} hàng có {column.header.lower()} trước năm báo cáo "
                    f"{self.year} (từ năm {min(values).year}); các hàng này chỉ dùng để so "
                    "sánh cùng kỳ, không tính vào báo cáo năm nay."
                )
            first = next(compress(rows, is_earlier))
            yield self.finding(Severity.WARNING, spec.name, column.field, first, message)

    def check_consistency(self, spec: schema.SheetSpec, records: list[Any]) -> Iterator[Finding]:
        if spec in (schema.VILLAGES, schema.UNITS):
            for record in records:
                if record.recognition == schema.RECOGNISED and record.registered is False:
                    yield self.finding(
                        Severity.ERROR,
                        spec.name,
                        "recognition",
                        record.row,
                        "Kết quả công nhận là Đạt nhưng đơn vị không đăng ký “An toàn về ANTT”.",
                        "Sửa Đăng ký thành Có, hoặc sửa Kết quả công nhận.",
                    )
        if spec is schema.TEAMS:
            known_villages = set(self.villages.values)
            teams_per_village = Counter(r.village for r in records if r.village in known_villages)
            for village, count in teams_per_village.items():
                if count > 1:
                    first = next(r for r in records if r.village == village)
                    yield self.finding(
                        Severity.WARNING,
                        spec.name,
                        "village",
                        first.row,
                        f"Thôn {village} có {count} đội tự quản.",
                        "Kiểm tra lại nếu mỗi thôn chỉ có một đội.",
                    )

    def check_duplicates(
        self, spec: schema.SheetSpec, records: list[Any], known: dict[str, list[Any]]
    ) -> Iterator[Finding]:
        """Rows whose identity fields agree, free text compared folded (``fold_key``).

        Folding every free-text cell costs seconds on 100,000 unique summaries, so
        rows are narrowed first: only rows that agree on every other identity field,
        then on their texts' skeletons (which equal folds share), are ever folded.
        ``known`` holds columns the caller already read, by field.
        """
        if not spec.identity or len(records) < 2:
            return
        fields = spec.identity
        texts = [spec.column(f).kind is schema.Kind.TEXT for f in fields]

        def column(field_name: str) -> list[Any]:
            if field_name not in known:
                known[field_name] = list(map(attrgetter(field_name), records))
            return known[field_name]

        kept: list[int] = list(range(len(records)))
        if any(texts):
            others = [column(f) for f, text in zip(fields, texts, strict=True) if not text]
            if others:
                kept = _repeated(list(zip(*others, strict=True)))
                if not kept:
                    return
            subset = _pick(records, kept)
            coarse = [
                skeletons(list(map(attrgetter(f), subset))) if text else _pick(column(f), kept)
                for f, text in zip(fields, texts, strict=True)
            ]
            kept = _pick(kept, _repeated(list(zip(*coarse, strict=True))))
            if not kept:
                return
        subset = _pick(records, kept)
        keys = list(
            zip(
                *(
                    _folded(list(map(attrgetter(f), subset))) if text else _pick(column(f), kept)
                    for f, text in zip(fields, texts, strict=True)
                ),
                strict=True,
            )
        )
        rows = list(map(attrgetter("row"), subset))
        blank = tuple(type(records[0]).__dataclass_fields__[f].default for f in fields)
        # The first row of each key, built in C: later rows overwrite, so go backwards.
        first_row = dict(zip(reversed(keys), reversed(rows), strict=True))
        if len(first_row) == len(keys):
            return
        firsts = list(map(first_row.__getitem__, keys))
        repeated = compress(zip(keys, rows, firsts, strict=True), map(ne, firsts, rows))
        for key, row, first in repeated:
            if key != blank:
                yield self.finding(
                    Severity.WARNING,
                    spec.name,
                    None,
                    row,
                    f"Hàng {row} trùng với hàng {first}.",
                    "Xóa hàng trùng nếu là ghi hai lần.",
                )

    # ------------------------------------------------------------ Nội dung
    def check_sections(self) -> Iterator[Finding]:
        sheet = schema.SECTIONS_SHEET
        if sheet not in self.wb.layouts:
            return
        known = Vocabulary(schema.SECTION_TITLES)
        origins: set[str] = set()  # each old commune's rows read as a sheet of their own
        for section in self.wb.sections:
            first = section.origin not in origins
            origins.add(section.origin)
            if section.period:
                yield from self.check_period(sheet, section.row, section.period)
            if not section.title:
                if first:  # later rows without a Mục continue the section above
                    yield self.finding(
                        Severity.ERROR,
                        sheet,
                        "title",
                        section.row,
                        "Thiếu tên mục cho đoạn nội dung đầu tiên.",
                        "Chọn tên mục, ví dụ “" + schema.SECTION_TITLES[0] + "”.",
                    )
                yield from self.check_markers(section)
                continue
            yield from self.check_markers(section)
            if section.title not in known:
                suggestion = known.suggest(section.title)
                yield self.finding(
                    Severity.WARNING,
                    sheet,
                    "title",
                    section.row,
                    f"Mục {_quote(section.title)} không có trong báo cáo nên sẽ không được in.",
                    suggestion,
                    replacement=suggestion,
                )

    def check_markers(self, section: Section) -> Iterator[Finding]:
        if self.errors_only:  # an unknown marker is only ever a warning
            return
        if self.markers is None:
            self.markers = Vocabulary(
                [
                    *schema.SECTION_MARKERS,
                    schema.TITLE_MARKER,
                    *(e.value for e in self.wb.catalog.entries.get(schema.INDICATORS.name, [])),
                ]
            )
        markers = self.markers
        for name in schema.SECTION_MARKER_PATTERN.findall(section.text):
            if name in markers:
                continue
            suggestion = markers.suggest(name)
            yield self.finding(
                Severity.WARNING,
                schema.SECTIONS_SHEET,
                "text",
                section.row,
                f"Dấu {{{name}}} không phải chỗ điền số liệu nào nên sẽ in nguyên văn.",
                f"{{{suggestion}}}"
                if suggestion
                else "Các dấu dùng được: "
                + ", ".join(f"{{{m}}}" for m in schema.SECTION_MARKERS)
                + ", {tiêu đề} và tên một chỉ tiêu ở trang Danh mục.",
            )

    # ------------------------------------------------------------ Kỳ báo cáo
    def check_period(self, sheet: str, row: int, text: str) -> Iterator[Finding]:
        """A Kỳ báo cáo cell: a period, written with its Vietnamese letters."""
        reading = read_tag(text, self.year)
        if reading.exact:
            return
        suggestion = reading.suggestion
        if reading.tag is None:
            message = f"Kỳ báo cáo {_quote(text)} không phải một kỳ báo cáo" + (
                f"; gần nhất là {_quote(suggestion)}." if suggestion else "."
            )
            hint = (
                "Ghi kỳ theo dạng Năm 2023, 6 tháng đầu năm 2023, Quý I/2023, Tháng 3/2023; "
                "để trống nếu là báo cáo năm."
            )
            yield self.finding(Severity.ERROR, sheet, "period", row, message, hint)
            return
        yield self.finding(
            Severity.ERROR,
            sheet,
            "period",
            row,
            f"Kỳ báo cáo {_quote(text)} viết thiếu dấu.",
            suggestion,
            replacement=suggestion,
        )

    # ------------------------------------------------------------ Sổ báo cáo
    def check_register(self) -> Iterator[Finding]:
        sheet = schema.REGISTER.name
        layout = self.wb.layouts[sheet]
        entries: list[ReportEntry] = self.wb.register
        cutoff = cutoff_key(self.wb.settings.cutoff)
        first_of: dict[Any, int] = {}
        for entry in entries:
            for field_name, raw in (entry.invalid or {}).items():
                column = schema.REGISTER.column(field_name)
                yield self.finding(
                    Severity.ERROR,
                    sheet,
                    field_name,
                    entry.row,
                    f"{column.header}: " + ERROR_MESSAGES_BY_KIND[column.kind].format(value=raw),
                )
            if "period" not in layout.columns:
                continue
            if not entry.period:
                yield self.finding(
                    Severity.ERROR,
                    sheet,
                    "period",
                    entry.row,
                    "Thiếu “Kỳ báo cáo”: hàng này là báo cáo của kỳ nào?",
                    "Ghi kỳ, ví dụ Quý I/2023.",
                )
                continue
            yield from self.check_period(sheet, entry.row, entry.period)
            tag = parse_tag(entry.period)
            if tag is None:
                continue
            key = (entry.origin, tag)  # an old commune's report of the same period is another
            if key in first_of:
                yield self.finding(
                    Severity.WARNING,
                    sheet,
                    "period",
                    entry.row,
                    f"{tag.text} đã có ở hàng {first_of[key]}; báo cáo dùng hàng {first_of[key]}.",
                    "Xóa hàng trùng, hoặc sửa kỳ báo cáo.",
                )
                continue
            first_of[key] = entry.row
            day = entry.sign_date
            if day is None or entry.origin:  # an old commune's report, sent long ago
                continue
            end = tag.period(cutoff).end
            if day < end:
                yield self.finding(
                    Severity.WARNING,
                    sheet,
                    "sign_date",
                    entry.row,
                    f"Ngày ký {day:%d/%m/%Y} ở trước ngày cuối {tag.period(cutoff).label} "
                    f"({end:%d/%m/%Y}).",
                    "Kiểm tra lại ngày ký hoặc kỳ báo cáo.",
                )
            elif day > self.today:
                yield self.finding(
                    Severity.WARNING, sheet, "sign_date", entry.row, "Ngày ký ở sau ngày hôm nay."
                )


def _folded(texts: list[str]) -> list[str]:
    """Each text's ``fold_key``, folding each distinct text once."""
    folded = {text: fold_key(text) for text in set(texts)}
    return list(map(folded.__getitem__, texts))


def _pick(values: Sequence[Any], positions: list[int]) -> list[Any]:
    """``values`` at ``positions``, picked in C."""
    return (
        list(itemgetter(*positions)(values))
        if len(positions) > 1
        else [values[p] for p in positions]
    )


def _repeated(keys: list[Any]) -> list[int]:
    """Positions of the keys that occur more than once, in order."""
    counts = Counter(keys)
    if len(counts) == len(keys):
        return []
    return list(compress(range(len(keys)), map((1).__lt__, map(counts.__getitem__, keys))))
