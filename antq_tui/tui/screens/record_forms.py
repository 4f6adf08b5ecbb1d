"""The three kinds of form: a data record, a setting of Thông tin chung, a Nội dung section."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from antq_tui.editing.drafts import Draft
from antq_tui.editing.entry import (
    allowed_values,
    build_record,
    check_record,
    check_section,
    check_setting,
    record_text,
)
from antq_tui.editing.values import Values
from antq_tui.model import schema
from antq_tui.model.period_tags import period_choices
from antq_tui.tui.controller import Controller
from antq_tui.tui.screens.form import FormField, FormOutcome, FormScreen, fields_for
from antq_tui.tui.sheets import (
    CatalogSheet,
    DataSheet,
    SectionItem,
    SectionsSheet,
    SettingItem,
    SheetModel,
    has_origin,
)
from antq_tui.validate.findings import Finding
from antq_tui.workbook.reader import INVALID


class RecordForm(FormScreen):
    def __init__(
        self, controller: Controller, model: DataSheet, row: int, new: bool, **kwargs: Any
    ) -> None:
        self.model = model
        self.row = row
        self.new = new
        super().__init__(controller, **kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        workbook = self.controller.live_session.current_workbook()
        record = build_record(self.model.sheet, texts, self.row, workbook)
        return check_record(workbook, self.model.sheet, record, self.controller.today)


class SettingForm(FormScreen):
    def __init__(self, controller: Controller, setting: schema.Setting, **kwargs: Any) -> None:
        self.setting = setting
        super().__init__(controller, **kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        workbook = self.controller.live_session.current_workbook()
        _, findings = check_setting(
            workbook, self.setting.field, texts.get("value", ""), self.controller.today
        )
        return findings


class SectionForm(FormScreen):
    def __init__(self, controller: Controller, row: int, **kwargs: Any) -> None:
        self.row = row
        super().__init__(controller, **kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        return check_section(
            self.controller.live_session.current_workbook(),
            texts.get("title", ""),
            texts.get("text", ""),
            self.row,
            self.controller.today,
            texts.get("period", ""),
            texts.get("origin", ""),
        )


def _title(verb: str, sheet: str, row: int, new: bool, read_only: bool) -> str:
    where = f"{sheet}, bản ghi mới" if new else f"{sheet}, hàng {row}"
    text = f"{verb} — {where}"
    return text + " (chỉ xem)" if read_only else text


def open_form(
    app: Controller,
    model: SheetModel,
    item: Any | None,
    *,
    focus: str | None = None,
    draft: Draft | None = None,
    copy_of: Any | None = None,
) -> None:
    """Push the form for ``item`` (None: a new record, filled from ``copy_of`` when given,
    its STT excepted) and apply what it returns."""
    session = app.live_session
    read_only = app.read_only is not None
    workbook = session.current_workbook()
    if isinstance(model, DataSheet):
        layout = workbook.layouts.get(model.sheet)
        present = set(layout.columns) if layout else set()
        if not model.origin_shown:  # Xã cũ only in a merged workbook (tui.sheets)
            present.discard(schema.ORIGIN.field)
        fields = fields_for(model.spec, present, lambda c: allowed_values(c, workbook))
        if item is None:
            row, new = (draft.row, True) if draft else (session.new_row(model.sheet), True)
            original = {f.name: "" for f in fields}
            if model.spec is schema.INCIDENTS and "number" in present:
                numbers = [r.number for r in session.view(model.spec.key) if r.number]
                original["number"] = str(max(numbers, default=0) + 1)
        else:
            row, new = item.row, session.is_new(model.sheet, item.row)
            original = {f.name: record_text(item, f.name) for f in fields}
        missing = [
            c.header for c in model.spec.columns if c.field not in present and not c.optional_header
        ]
        note = ""
        if missing:
            note = (
                "Sổ không có cột " + ", ".join(f"“{m}”" for m in missing) + " nên không sửa được."
            )
        base = None if new else session.base(model.sheet, row)
        draft = draft or session.draft(model.sheet, row)
        texts = dict(original)
        if copy_of is not None and draft is None:
            texts.update(
                {f.name: record_text(copy_of, f.name) for f in fields if f.name != "number"}
            )
            note = (note + " " if note else "") + f"Chép từ bản ghi ở hàng {copy_of.row}."
        if draft is not None:
            texts.update(draft.texts)
            note = (note + " " if note else "") + "Đang mở bản nháp chưa ghi của bản ghi này."
        form: FormScreen = RecordForm(
            app,
            model,
            row,
            new,
            title=_title(
                "Thêm bản ghi" if item is None else "Sửa bản ghi", model.sheet, row, new, read_only
            ),
            fields=fields,
            texts=texts,
            original=original,
            note=note,
            focus=focus,
            read_only=read_only,
            on_draft=_drafter(app, model.sheet, row, new, base, original),
        )

        def done(outcome: FormOutcome | None) -> None:
            _finish_record(app, model, row, new, base, outcome)

        app.push_screen(form, done)
    elif isinstance(model, SectionsSheet):
        _open_section(app, model, item, draft, read_only)
    elif isinstance(model, CatalogSheet):
        from antq_tui.tui.screens.catalog_form import open_catalog_form

        open_catalog_form(app, None, item, draft, focus=focus)
    elif isinstance(item, SettingItem):
        _open_setting(app, item, draft, read_only)


def _drafter(
    app: Controller,
    sheet: str,
    row: int,
    new: bool,
    base: Values | None,
    original: dict[str, str],
) -> Callable[[dict[str, str]], None]:
    def keep(texts: dict[str, str]) -> None:
        if texts == original:
            app.drop_draft(sheet, row)
        else:
            app.keep_draft(Draft(sheet, row, texts, new, base))

    return keep


def _finish_record(
    app: Controller,
    model: DataSheet,
    row: int,
    new: bool,
    base: Values | None,
    outcome: FormOutcome | None,
) -> None:
    if outcome is None or outcome.action == "cancel":
        return
    if outcome.action == "draft":
        app.keep_draft(Draft(model.sheet, row, outcome.texts, new, base))
        app.say("Đã giữ bản nháp; mở lại bản ghi để sửa tiếp.")
        app.changed()
        return
    if outcome.action == "discard":
        app.drop_draft(model.sheet, row)
        return
    session = app.live_session
    workbook = session.current_workbook()
    record = build_record(model.sheet, outcome.texts, row, workbook)
    values = record.values()
    if not new and session.current(model.sheet, row) == values:
        app.drop_draft(model.sheet, row)  # nothing to undo, nothing to journal
        app.say("Bản ghi không thay đổi.")
        return
    result = app.perform(lambda s: s.put(model.sheet, row, values))
    if result is None:
        return
    app.drop_draft(model.sheet, row)
    app.say(("Đã thêm" if new else "Đã sửa") + " bản ghi (chưa ghi vào sổ; bấm ctrl+s để ghi).")
    main = app.main
    if main is not None:
        main.go_to(model.sheet, row)


def _open_setting(app: Controller, item: SettingItem, draft: Draft | None, read_only: bool) -> None:
    setting = item.setting
    session = app.live_session
    row = item.row if item.row > 0 else None
    draft = draft or (session.draft(schema.SETTINGS_SHEET, row) if row else None)
    options: list[str] | None = None
    if setting.choices:
        options = list(setting.choices)
    field = FormField("value", setting.key, setting.kind, setting.required, options, setting.help)
    original = {"value": item.text}
    texts = dict(original)
    if draft is not None:
        texts.update(draft.texts)
    draft_row = row or session.new_row(schema.SETTINGS_SHEET)
    base = session.base(schema.SETTINGS_SHEET, row) if row else None
    form = SettingForm(
        app,
        setting,
        title=_title(
            "Sửa thông tin chung", schema.SETTINGS_SHEET, draft_row, row is None, read_only
        ),
        fields=[field],
        texts=texts,
        original=original,
        read_only=read_only,
        on_draft=_drafter(app, schema.SETTINGS_SHEET, draft_row, row is None, base, original),
    )

    def done(outcome: FormOutcome | None) -> None:
        if outcome is None or outcome.action == "cancel":
            return
        if outcome.action == "draft":
            app.keep_draft(
                Draft(schema.SETTINGS_SHEET, draft_row, outcome.texts, row is None, base)
            )
            app.changed()
            return
        if outcome.action == "discard":
            app.drop_draft(schema.SETTINGS_SHEET, draft_row)
            return
        value, _ = check_setting(
            session.current_workbook(), setting.field, outcome.texts.get("value", ""), app.today
        )
        if value is INVALID:
            return
        if app.perform(lambda s: s.put_setting(setting.field, value)) is not None:
            app.drop_draft(schema.SETTINGS_SHEET, draft_row)
            app.say(f"Đã sửa “{setting.key}” (chưa ghi vào sổ; bấm ctrl+s để ghi).")

    app.push_screen(form, done)


def _open_section(
    app: Controller,
    model: SectionsSheet,
    item: SectionItem | None,
    draft: Draft | None,
    read_only: bool,
) -> None:
    session = app.live_session
    row = item.row if item is not None and item.row > 0 else None
    new = row is None
    target = row or (draft.row if draft else session.new_row(schema.SECTIONS_SHEET))
    original = {
        "title": item.title if item else "",
        "text": item.text if item else "",
        "period": item.period if item else "",
    }
    origin = item.origin if item else ""  # kept as it is when the form does not show it
    draft = draft or session.draft(schema.SECTIONS_SHEET, target)
    texts = dict(original)
    if draft is not None:
        texts.update(draft.texts)
    titles = list(schema.SECTION_TITLES)
    fields = [
        FormField(
            "title",
            schema.SECTION_TITLE_HEADER,
            schema.Kind.CHOICE,
            True,
            titles,
            "Mục của báo cáo mà đoạn này thuộc về.",
        ),
        FormField(
            "text",
            schema.SECTION_TEXT_HEADER,
            schema.Kind.LONG_TEXT,
            False,
            None,
            "Nội dung tường thuật; số liệu do chương trình tự điền.",
        ),
    ]
    workbook = session.current_workbook()
    layout = workbook.layouts.get(schema.SECTIONS_SHEET)
    note = ""
    if layout is not None and "period" in layout.columns:
        year = workbook.settings.year
        fields.append(
            FormField(
                "period",
                schema.SECTION_PERIOD_HEADER,
                schema.Kind.PERIOD,
                False,
                period_choices(year or (app.today or date.today()).year),
                schema.SECTION_PERIOD_HELP,
                blank=f"(trống: báo cáo năm {year})" if year else "(trống: báo cáo năm)",
            )
        )
    else:
        texts.pop("period", None)
        original.pop("period", None)
        note = (
            f"Trang Nội dung của sổ chưa có cột “{schema.SECTION_PERIOD_HEADER}” nên đoạn này "
            "thuộc báo cáo năm; thêm cột đó vào hàng 1 để viết phần lời cho tháng, quý, 6 tháng."
        )
    origin_shown = layout is not None and "origin" in layout.columns
    if origin_shown and (origin or has_origin(session.sections_view())):
        original["origin"] = origin
        texts.setdefault("origin", origin)
        fields.append(
            FormField(
                "origin",
                schema.SECTION_ORIGIN_HEADER,
                schema.Kind.TEXT,
                False,
                None,
                schema.ORIGIN.help,
            )
        )
    base = None if new else session.base(schema.SECTIONS_SHEET, target)
    form = SectionForm(
        app,
        target,
        title=_title(
            "Sửa nội dung" if item else "Thêm nội dung",
            schema.SECTIONS_SHEET,
            target,
            new,
            read_only,
        ),
        fields=fields,
        texts=texts,
        original=original,
        note=note,
        focus="text" if item is not None else "title",
        read_only=read_only,
        on_draft=_drafter(app, schema.SECTIONS_SHEET, target, new, base, original),
    )

    def done(outcome: FormOutcome | None) -> None:
        if outcome is None or outcome.action == "cancel":
            return
        if outcome.action == "draft":
            app.keep_draft(Draft(schema.SECTIONS_SHEET, target, outcome.texts, new, base))
            app.changed()
            return
        if outcome.action == "discard":
            app.drop_draft(schema.SECTIONS_SHEET, target)
            return
        from antq_tui.model.text import clean_text

        values = {
            "title": outcome.texts.get("title", ""),
            "text": clean_text(outcome.texts.get("text", "")),
            "period": clean_text(outcome.texts.get("period", "")),
            "origin": clean_text(outcome.texts.get("origin", origin)),
        }
        if app.perform(lambda s: s.put(schema.SECTIONS_SHEET, target, values)) is not None:
            app.drop_draft(schema.SECTIONS_SHEET, target)
            app.say(f"Đã sửa mục “{values['title']}” (chưa ghi vào sổ; bấm ctrl+s để ghi).")
            main = app.main
            if main is not None:
                main.go_to(schema.SECTIONS_SHEET, target)

    app.push_screen(form, done)


__all__ = ["open_form"]
