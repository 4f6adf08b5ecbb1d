"""The form of one Danh mục entry: add, edit, and rename with the records that use it."""

from __future__ import annotations

from typing import Any

from antq_tui.editing.drafts import (
    Draft,
    catalog_draft_lists,
    catalog_draft_texts,
    with_catalog_texts,
    without_catalog_texts,
)
from antq_tui.editing.entry import (
    catalog_entry_values,
    catalog_usage,
    catalog_users,
    check_catalog_entry,
    value_text,
)
from antq_tui.editing.values import same_value
from antq_tui.model import schema
from antq_tui.model.text import format_int
from antq_tui.tui.controller import Controller
from antq_tui.tui.screens.dialogs import LIST_ONLY, NO, YES, ChoiceDialog
from antq_tui.tui.screens.form import FormField, FormOutcome, FormScreen
from antq_tui.tui.sheets import CatalogItem
from antq_tui.validate.findings import Finding


class CatalogForm(FormScreen):
    def __init__(self, controller: Controller, list_name: str, row: int, **kwargs: Any) -> None:
        self.list_name = list_name
        self.row = row
        super().__init__(controller, **kwargs)

    def check(self, texts: dict[str, str]) -> list[Finding]:
        return check_catalog_entry(
            self.controller.live_session.current_workbook(),
            self.list_name,
            self.row,
            texts,
            self.controller.today,
        )


def _label(header: str) -> str:
    return header[:1].upper() + header[1:]


def open_catalog_form(
    app: Controller,
    list_name: str | None,
    item: CatalogItem | None,
    draft: Draft | None = None,
    *,
    focus: str | None = None,
) -> None:
    """The form of one Danh mục entry; ``item`` None (or an empty list's row) adds one."""
    session = app.live_session
    read_only = app.read_only is not None
    sheet = schema.CATALOG_SHEET
    if item is not None:
        list_name = item.list_name
    if draft is not None and (item is None or item.list_name not in catalog_draft_lists(draft)):
        list_name = next(iter(catalog_draft_lists(draft)), list_name)
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
    typed_before = catalog_draft_texts(draft or session.draft(sheet, row), spec.name)
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
    if typed_before is not None:
        texts.update(typed_before)
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
            drop()
        else:
            row_draft = session.draft(sheet, row)
            app.keep_draft(with_catalog_texts(row_draft, sheet, row, spec.name, typed, new, base))

    def drop() -> None:
        """This list's draft only: the row may hold another list's draft."""
        row_draft = session.draft(sheet, row)
        if row_draft is None:
            return
        rest = without_catalog_texts(row_draft, spec.name)
        if rest is None:
            app.drop_draft(sheet, row)
        else:
            app.keep_draft(rest)
            app.changed()  # as drop_draft does: redraw and re-validate

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
            return
        if outcome.action == "draft":
            keep(outcome.texts)
            app.say("Đã giữ bản nháp; mở lại giá trị để sửa tiếp.")
            app.changed()
            return
        if outcome.action == "discard":
            drop()
            return
        values = catalog_entry_values(spec.name, outcome.texts)
        current = session.current(sheet, row) or {}
        if not new and all(same_value(current.get(n), values.get(n)) for n in values):
            drop()
            app.say("Giá trị không thay đổi.")
            return
        old_value, new_value = original["value"], values.get(spec.name)
        users = [] if new else catalog_users(session.current_workbook(), spec.name, old_value)
        if not users or same_value(old_value, new_value):
            commit(values, [])
            return

        def answered(answer: str | None) -> None:
            if answer == YES:
                commit(values, users)
            elif answer == LIST_ONLY:
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
                    (YES, f"Đổi cả {format_int(len(users))} ô"),
                    (LIST_ONLY, "Chỉ đổi danh mục"),
                    (NO, "Thôi"),
                ],
                escape=NO,
                default=YES,
            ),
            answered,
        )

    def commit(values: dict[str, Any], users: list[tuple[str, int, str]]) -> None:
        if users:
            applied = app.perform(lambda s: s.rename_catalog_value(spec.name, row, values, users))
        else:
            applied = app.perform(lambda s: s.put_catalog_entry(spec.name, row, values))
        if applied is None:
            return
        drop()
        verb = f"Đã thêm vào danh sách “{spec.name}”" if new else "Đã sửa danh mục"
        if users:
            verb += f" và {format_int(len(users))} ô của các bản ghi dùng giá trị đó"
        app.say(f"{verb} (chưa ghi vào sổ; bấm ctrl+s để ghi).")
        main = app.main
        if main is not None:
            main.go_to(sheet, row, spec.name)

    app.push_screen(form, done)


__all__ = ["open_catalog_form"]
