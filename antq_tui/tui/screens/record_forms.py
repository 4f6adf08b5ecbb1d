"""The three kinds of form: a data record, a setting of Thông tin chung, a Nội dung section."""

from __future__ import annotations

from typing import Any

from ... import schema
from ...edits import Draft, same_value
from ...entry import (
    allowed_values,
    build_record,
    catalog_entry_values,
    catalog_usage,
    catalog_users,
    check_catalog_entry,
    check_record,
    check_section,
    check_setting,
    record_text,
    value_text,
)
from ...text import format_int
from ...validate import Finding
from ...workbook.reader import INVALID
from ..sheets import (
    CatalogItem,
    CatalogSheet,
    DataSheet,
    SectionItem,
    SectionsSheet,
    SettingItem,
    SheetModel,
)
from .dialogs import ChoiceDialog
from .form import FormField, FormOutcome, FormScreen, fields_for


class RecordForm(FormScreen):
    def __init__(self, app: Any, model: DataSheet, row: int, new: bool, **kwargs: Any) -> None:
        self.controller = app
        self.model = model
        self.row = row
        self.new = new
        super().__init__(**kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        session = self.controller.session
        workbook = session.current_workbook()
        record = build_record(self.model.sheet, texts, self.row, workbook)
        return check_record(workbook, self.model.sheet, record, self.controller.today)


class SettingForm(FormScreen):
    def __init__(self, app: Any, setting: schema.Setting, **kwargs: Any) -> None:
        self.controller = app
        self.setting = setting
        super().__init__(**kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        workbook = self.controller.session.current_workbook()
        _, findings = check_setting(
            workbook, self.setting.field, texts.get("value", ""), self.controller.today
        )
        return findings


class SectionForm(FormScreen):
    def __init__(self, app: Any, row: int, **kwargs: Any) -> None:
        self.controller = app
        self.row = row
        super().__init__(**kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        return check_section(
            self.controller.session.current_workbook(),
            texts.get("title", ""),
            texts.get("text", ""),
            self.row,
            self.controller.today,
        )


def _title(verb: str, sheet: str, row: int, new: bool, read_only: bool) -> str:
    where = f"{sheet}, bản ghi mới" if new else f"{sheet}, hàng {row}"
    text = f"{verb} — {where}"
    return text + " (chỉ xem)" if read_only else text


def open_form(
    app: Any,
    model: SheetModel,
    item: Any | None,
    *,
    focus: str | None = None,
    draft: Draft | None = None,
) -> None:
    """Push the form for ``item`` (None: a new record) and apply what it returns."""
    session = app.session
    read_only = app.read_only is not None
    workbook = session.current_workbook()
    if isinstance(model, DataSheet):
        layout = workbook.layouts.get(model.sheet)
        present = set(layout.columns) if layout else set()
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
        missing = [c.header for c in model.spec.columns if c.field not in present]
        note = ""
        if missing:
            note = (
                "Sổ không có cột " + ", ".join(f"“{m}”" for m in missing) + " nên không sửa được."
            )
        base = None if new else session.base(model.sheet, row)
        draft = draft or session.draft(model.sheet, row)
        texts = dict(original)
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
        open_catalog_form(app, None, item, draft, focus=focus)
    elif isinstance(item, SettingItem):
        _open_setting(app, item, draft, read_only)


def _drafter(app: Any, sheet: str, row: int, new: bool, base: Any, original: dict[str, str]) -> Any:
    def keep(texts: dict[str, str]) -> None:
        if texts == original:
            app.drop_draft(sheet, row)
        else:
            app.keep_draft(Draft(sheet, row, texts, new, base))

    return keep


def _finish_record(
    app: Any, model: DataSheet, row: int, new: bool, base: Any, outcome: FormOutcome | None
) -> None:
    if outcome is None or outcome.action == "cancel":
        app.refresh_status()
        return
    if outcome.action == "draft":
        app.keep_draft(Draft(model.sheet, row, outcome.texts, new, base))
        app.say("Đã giữ bản nháp; mở lại bản ghi để sửa tiếp.")
        app.changed()
        return
    if outcome.action == "discard":
        app.drop_draft(model.sheet, row)
        return
    workbook = app.session.current_workbook()
    record = build_record(model.sheet, outcome.texts, row, workbook)
    values = record.values()
    if not new and app.session.current(model.sheet, row) == values:
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


def _open_setting(app: Any, item: SettingItem, draft: Draft | None, read_only: bool) -> None:
    setting = item.setting
    session = app.session
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
    app: Any, model: SectionsSheet, item: SectionItem | None, draft: Draft | None, read_only: bool
) -> None:
    session = app.session
    row = item.row if item is not None and item.row > 0 else None
    new = row is None
    target = row or (draft.row if draft else session.new_row(schema.SECTIONS_SHEET))
    original = {"title": item.title if item else "", "text": item.text if item else ""}
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
        from ...text import clean_text

        values = {
            "title": outcome.texts.get("title", ""),
            "text": clean_text(outcome.texts.get("text", "")),
        }
        if app.perform(lambda s: s.put(schema.SECTIONS_SHEET, target, values)) is not None:
            app.drop_draft(schema.SECTIONS_SHEET, target)
            app.say(f"Đã sửa mục “{values['title']}” (chưa ghi vào sổ; bấm ctrl+s để ghi).")
            main = app.main
            if main is not None:
                main.go_to(schema.SECTIONS_SHEET, target)

    app.push_screen(form, done)


# ---------------------------------------------------------------- Danh mục
class CatalogForm(FormScreen):
    def __init__(self, app: Any, list_name: str, row: int, **kwargs: Any) -> None:
        self.controller = app
        self.list_name = list_name
        self.row = row
        super().__init__(**kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        return check_catalog_entry(
            self.controller.session.current_workbook(),
            self.list_name,
            self.row,
            texts,
            self.controller.today,
        )


def _label(header: str) -> str:
    return header[:1].upper() + header[1:]


def open_catalog_form(
    app: Any,
    list_name: str | None,
    item: CatalogItem | None,
    draft: Draft | None = None,
    *,
    focus: str | None = None,
) -> None:
    """The form of one Danh mục entry; ``item`` None (or an empty list's row) adds one."""
    session = app.session
    read_only = app.read_only is not None
    sheet = schema.CATALOG_SHEET
    if item is not None:
        list_name = item.list_name
    if draft is not None:
        list_name = draft.texts.get("list") or list_name
    spec = schema.CATALOGS_BY_NAME.get(list_name or "", schema.CATALOG_LISTS[0])
    layout = session.workbook.layouts.get(sheet)
    if layout is None or spec.name not in layout.columns:
        app.say(
            f"Sổ không có cột “{spec.name}” ở trang {sheet} nên không thêm được. "
            "Thêm cột đó bằng Excel trước.",
            "warning",
        )
        return
    new = item is None or item.row <= 0
    if draft is not None:
        row = draft.row
    elif new:
        row = session.catalog_slot(spec.name)
    else:
        assert item is not None
        row = item.row
    if draft is None:
        found = session.draft(sheet, row)
        draft = found if found is not None and found.texts.get("list") == spec.name else None
    fields = [
        FormField("value", "Giá trị", schema.Kind.TEXT, True, None, spec.help),
        *(
            FormField(
                a.field,
                _label(a.header),
                a.kind,
                False,
                list(schema.YES_NO_VALUES) if a.kind is schema.Kind.YES_NO else None,
                a.help,
            )
            for a in spec.attributes
        ),
    ]
    if new:
        original = {f.name: "" for f in fields}
    else:
        assert item is not None
        original = {"value": item.value} | {
            a.field: value_text(a.kind, item.attributes.get(a.field)) for a in spec.attributes
        }
    missing = [
        _label(a.header) for a in spec.attributes if spec.attribute_field(a) not in layout.columns
    ]
    notes = []
    if missing:
        notes.append("Sổ không có cột " + ", ".join(f"“{m}”" for m in missing) + ".")
    if not new:
        used = catalog_usage(session.current_workbook(), spec.name, original["value"])
        if used:
            notes.append(
                f"{format_int(used)} ô trong các bản ghi đang dùng giá trị này; đổi giá trị "
                "thì chương trình hỏi có đổi theo cả các ô đó không."
            )
    texts = dict(original)
    if draft is not None:
        texts.update({k: v for k, v in draft.texts.items() if k != "list"})
        notes.append("Đang mở bản nháp chưa ghi của giá trị này.")
    base = None if session.is_new(sheet, row) else session.base(sheet, row)
    if new:
        title = f"Thêm vào danh sách {spec.name} — {sheet}, hàng {row}"
    else:
        title = f"Sửa danh mục — {spec.name}, hàng {row}"
    if read_only:
        title += " (chỉ xem)"

    def keep(typed: dict[str, str]) -> None:
        if typed == original:
            app.drop_draft(sheet, row)
        else:
            app.keep_draft(Draft(sheet, row, {"list": spec.name, **typed}, new, base))

    form = CatalogForm(
        app,
        spec.name,
        row,
        title=title,
        fields=fields,
        texts=texts,
        original=original,
        note=" ".join(notes),
        focus="value" if new or focus not in {f.name for f in fields} else focus,
        read_only=read_only,
        on_draft=keep,
    )

    def done(outcome: FormOutcome | None) -> None:
        if outcome is None or outcome.action == "cancel":
            app.refresh_status()
            return
        if outcome.action == "draft":
            keep(outcome.texts)
            app.say("Đã giữ bản nháp; mở lại giá trị để sửa tiếp.")
            app.changed()
            return
        if outcome.action == "discard":
            app.drop_draft(sheet, row)
            return
        values = catalog_entry_values(spec.name, outcome.texts)
        current = session.current(sheet, row) or {}
        if not new and all(same_value(current.get(n), values.get(n)) for n in values):
            app.drop_draft(sheet, row)
            app.say("Giá trị không thay đổi.")
            return
        old_value, new_value = original["value"], values.get(spec.name)
        users = [] if new else catalog_users(session.current_workbook(), spec.name, old_value)
        if not users or same_value(old_value, new_value):
            commit(values, [])
            return

        def answered(answer: str | None) -> None:
            if answer == "all":
                commit(values, users)
            elif answer == "list":
                commit(values, [])
            else:  # nothing lost: the form's text stays as a draft
                keep(outcome.texts)
                app.say("Chưa đổi gì; đã giữ bản nháp của giá trị này.")
                app.changed()

        app.push_screen(
            ChoiceDialog(
                "Đổi theo cả các bản ghi?",
                f"{format_int(len(users))} ô trong các bản ghi đang ghi “{old_value}”. "
                f"Đổi chúng thành “{new_value}” cùng lúc (một lần ctrl+z hoàn tác cả hai)?",
                [
                    ("all", "c", f"Đổi cả {format_int(len(users))} ô"),
                    ("list", "d", "Chỉ đổi danh mục"),
                    ("cancel", "t", "Thôi"),
                ],
                escape="cancel",
                default="all",
            ),
            answered,
        )

    def commit(values: dict[str, Any], users: list[tuple[str, int, str]]) -> None:
        if users:
            done_ = app.perform(lambda s: s.rename_catalog_value(spec.name, row, values, users))
        else:
            done_ = app.perform(lambda s: s.put_catalog_entry(spec.name, row, values))
        if done_ is None:
            return
        app.drop_draft(sheet, row)
        verb = f"Đã thêm vào danh sách “{spec.name}”" if new else "Đã sửa danh mục"
        if users:
            verb += f" và {format_int(len(users))} ô của các bản ghi dùng giá trị đó"
        app.say(f"{verb} (chưa ghi vào sổ; bấm ctrl+s để ghi).")
        main = app.main
        if main is not None:
            main.go_to(sheet, row, spec.name)

    app.push_screen(form, done)


__all__ = ["open_catalog_form", "open_form"]
