"""Drafts: forms that could not be saved yet (they have errors), kept as typed.

A Danh mục row holds one entry of each list, and each may have its own draft: the
row's draft keeps them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from antq_tui.editing.journal import decode_values, encode_values
from antq_tui.editing.values import Values


@dataclass
class Draft:
    """A form that could not be saved yet (it has errors), kept as typed."""

    sheet: str
    row: int
    texts: dict[str, str]
    new: bool = False  # a record not in the file
    base: Values | None = None  # the record's values when the draft began (to find it again)

    def op(self) -> dict[str, Any]:
        return {
            "op": "draft",
            "sheet": self.sheet,
            "row": self.row,
            "new": self.new,
            "texts": self.texts,
            "base": encode_values(self.base),
        }


# A Danh mục row holds one entry of each list, and each may have its own draft: the
# row's draft keeps them all, each form text under "<list>\x00<field>". Journals from
# before hold one list as {"list": name, <field>: text}; they are read the same way.
_LIST_KEY = "list"


def _catalog_parts(draft: Draft | None) -> dict[str, dict[str, str]]:
    if draft is None:
        return {}
    if _LIST_KEY in draft.texts:
        texts = {k: v for k, v in draft.texts.items() if k != _LIST_KEY}
        return {draft.texts[_LIST_KEY]: texts}
    parts: dict[str, dict[str, str]] = {}
    for key, text in draft.texts.items():
        list_name, _, field_name = key.partition("\x00")
        parts.setdefault(list_name, {})[field_name] = text
    return parts


def catalog_draft_lists(draft: Draft | None) -> list[str]:
    """The lists with a draft in a Danh mục row's draft."""
    return list(_catalog_parts(draft))


def catalog_draft_texts(draft: Draft | None, list_name: str) -> dict[str, str] | None:
    """What was typed for ``list_name``'s entry in a Danh mục row's draft, if anything."""
    return _catalog_parts(draft).get(list_name)


def _catalog_draft(
    like: Draft, parts: dict[str, dict[str, str]], new: bool, base: Values | None
) -> Draft | None:
    if not parts:
        return None
    texts = {f"{name}\x00{k}": v for name, typed in parts.items() for k, v in typed.items()}
    return Draft(like.sheet, like.row, texts, new, base)


def with_catalog_texts(
    draft: Draft | None,
    sheet: str,
    row: int,
    list_name: str,
    typed: Mapping[str, str],
    new: bool,
    base: Values | None,
) -> Draft:
    """The row's draft with ``list_name``'s typed texts set; the other lists' kept."""
    parts = _catalog_parts(draft)
    parts[list_name] = dict(typed)
    # "new" (the row is not in the file) only while every list's draft is a new entry.
    still_new = new and (draft is None or draft.new)
    made = _catalog_draft(Draft(sheet, row, {}), parts, still_new, base)
    assert made is not None
    return made


def without_catalog_texts(draft: Draft, list_name: str) -> Draft | None:
    """The row's draft without ``list_name``'s part; None when nothing is left."""
    parts = _catalog_parts(draft)
    parts.pop(list_name, None)
    return _catalog_draft(draft, parts, draft.new, draft.base)


def draft_from_op(op: Mapping[str, Any]) -> Draft:
    return Draft(
        str(op["sheet"]),
        int(op["row"]),
        {str(k): str(v) for k, v in dict(op.get("texts") or {}).items()},
        bool(op.get("new")),
        decode_values(op.get("base")),
    )
