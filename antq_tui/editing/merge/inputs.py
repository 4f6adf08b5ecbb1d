"""The old communes' workbooks a merge starts from: read, validated, told apart.

Each is read whole (an unreadable one ends the merge: ``WorkbookUnreadable``); the
same workbook named twice, or a copy of it, is refused. Once each is known to be
valid, each gets the label its rows will carry in ``Xã cũ``: its ``Tên xã``, or,
when two old communes share a name, with their level (``Phường Hòa Bình``) or
their district (``Hòa Bình (Ba Vì)``); two workbooks of one commune are refused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from antq_tui.model import schema
from antq_tui.model.errors import AntqError
from antq_tui.model.records import Workbook
from antq_tui.model.text import clean_text, fold_key
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Report
from antq_tui.workbook.reader import LoadedWorkbook, load


@dataclass(frozen=True)
class OldBook:
    """One old commune's workbook."""

    path: Path
    loaded: LoadedWorkbook
    label: str = ""  # what its rows carry in Xã cũ (``labelled``)

    @property
    def workbook(self) -> Workbook:
        return self.loaded.workbook

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Invalid:
    book: OldBook
    report: Report  # its errors (and warnings)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _level(workbook: Workbook) -> str:
    return workbook.settings.admin_level or schema.ADMIN_LEVELS[0]


def _labels(workbooks: Sequence[Workbook], names: Sequence[str]) -> list[str]:
    """Each workbook's Xã cũ: its commune's name, told apart from a namesake."""
    communes = [clean_text(w.settings.commune) for w in workbooks]
    labels = list(communes)
    groups: dict[str, list[int]] = {}
    for index, commune in enumerate(communes):
        groups.setdefault(fold_key(commune), []).append(index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        levels = {fold_key(_level(workbooks[i])) for i in indexes}
        districts = {fold_key(workbooks[i].settings.district) for i in indexes}
        if len(levels) == len(indexes):
            for i in indexes:
                labels[i] = f"{_level(workbooks[i])} {communes[i]}"
        elif len(districts) == len(indexes) and "" not in districts:
            for i in indexes:
                labels[i] = f"{communes[i]} ({clean_text(workbooks[i].settings.district)})"
        else:
            first, second = (names[i] for i in indexes[:2])
            raise AntqError(
                f"Sổ “{first}” và sổ “{second}” cùng là sổ của {_level(workbooks[indexes[0]]).lower()} "
                f"“{communes[indexes[0]]}”: mỗi xã cũ chỉ gộp một sổ (sổ đang dùng). Nếu là "
                "hai xã trùng tên thì ghi Huyện ở trang Thông tin chung của mỗi sổ cho khác nhau."
            )
    return labels


def read_old_books(paths: Sequence[Path]) -> list[OldBook]:
    """Read every old workbook; refuse one named twice or a copy of another.
    ``WorkbookUnreadable`` names a file that cannot be read."""
    if len(paths) < 2:
        raise AntqError("Cần ít nhất hai sổ cũ để gộp.")
    for at, path in enumerate(paths):
        for earlier in paths[:at]:
            if _same_file(path, earlier):
                raise AntqError(f"Sổ “{path}” được ghi hai lần; mỗi sổ cũ chỉ ghi một lần.")
    books: list[OldBook] = []
    seen: dict[str, Path] = {}
    for path in paths:
        loaded = load(path)
        copy_of = seen.setdefault(loaded.source.sha256, path)
        if copy_of != path:
            raise AntqError(
                f"Sổ “{path}” và sổ “{copy_of}” là cùng một sổ (nội dung giống hệt nhau); "
                "mỗi sổ cũ chỉ ghi một lần."
            )
        books.append(OldBook(path, loaded))
    return books


def invalid_books(books: Sequence[OldBook], today: date | None = None) -> list[Invalid]:
    """The books with errors, each with its validator report."""
    out = []
    for book in books:
        report = validate(book.workbook, today, errors_only=True)
        if report.errors:
            out.append(Invalid(book, report))
    return out


def labelled(books: Sequence[OldBook]) -> list[OldBook]:
    """The (valid) books with the label each one's rows carry in Xã cũ."""
    labels = _labels([book.workbook for book in books], [book.name for book in books])
    return [replace(book, label=label) for book, label in zip(books, labels, strict=True)]
