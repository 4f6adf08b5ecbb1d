"""``Thông tin chung`` of a merged workbook: the new unit's, from the options and the old
workbooks where they agree.

The name is the option's; the year the option's or the latest ``Năm báo cáo`` of the
old workbooks; the level, province and cut-off the option's, else the old workbooks'
when they agree (a blank cut-off or level reads as the default), else the merge asks
for the option (``AntqError``, naming which workbook says what). ``Số liệu từ ngày``
is the earliest day the old workbooks cover (their own ``Số liệu từ ngày`` or their
earliest dated row), so the new commune's "cùng kỳ" comes from the old rows. The
district is left blank (communes report to the province since 1 July 2025); number,
date, signer and recipients belong to the new unit's first report, left to fill in,
and the signing authority and title are the template's (an old ``…XÃ`` would be wrong
for a new phường).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from antq_tui.editing.merge.inputs import OldBook
from antq_tui.model import schema
from antq_tui.model.errors import AntqError
from antq_tui.model.periods import ND09, cutoff_key
from antq_tui.model.records import Settings, Workbook
from antq_tui.model.text import clean_text, fold_key

DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"  # as the template
DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"


@dataclass(frozen=True)
class MergeOptions:
    """What the clerk says of the new unit (None: from the old workbooks)."""

    commune: str
    year: int | None = None
    province: str | None = None
    level: str | None = None  # one of schema.ADMIN_LEVELS
    cutoff: str | None = None  # schema.CUTOFF_CALENDAR or schema.CUTOFF_ND09


def _agreed(books: Sequence[OldBook], value: Callable[[Workbook], str]) -> str | None:
    """The one value the books give (blank ones aside), "" when none gives any, None when
    they differ."""
    found: dict[str, str] = {}
    for book in books:
        text = clean_text(value(book.workbook))
        if text:
            found.setdefault(fold_key(text), text)
    if len(found) > 1:
        return None
    return next(iter(found.values()), "")


def _who_says(books: Sequence[OldBook], value: Callable[[Workbook], str]) -> str:
    return "; ".join(f"sổ “{b.name}”: {value(b.workbook) or '(trống)'}" for b in books)


def _level(workbook: Workbook) -> str:
    return workbook.settings.admin_level or schema.ADMIN_LEVELS[0]


def _cutoff(workbook: Workbook) -> str:
    return (
        schema.CUTOFF_ND09
        if cutoff_key(workbook.settings.cutoff) == ND09
        else schema.CUTOFF_CALENDAR
    )


def earliest_covered(workbook: Workbook) -> date | None:
    """The first day a workbook's records cover: Số liệu từ ngày or its earliest dated row."""
    days = [r.date for key in ("incidents", "results") for r in workbook.records(key) if r.date]
    if workbook.settings.data_from is not None:
        days.append(workbook.settings.data_from)
    return min(days, default=None)


def merged_settings(books: Sequence[OldBook], options: MergeOptions) -> Settings:
    """The merged workbook's settings; ``AntqError`` when the old ones disagree on what
    only an option can decide."""
    level = options.level or _agreed(books, _level)
    if level is None:
        raise AntqError(
            "Các sổ cũ ghi cấp hành chính khác nhau (" + _who_says(books, _level) + "): "
            "chọn cấp của đơn vị mới bằng --level/--cap xa, phuong hoặc thi-tran."
        )
    cutoff = options.cutoff or _agreed(books, _cutoff)
    if cutoff is None:
        raise AntqError(
            "Các sổ cũ tính tháng khác nhau (" + _who_says(books, _cutoff) + "): chọn kỳ chốt "
            "số liệu của sổ mới bằng --cutoff/--ky-chot calendar (theo lịch) hoặc nd09."
        )
    province = options.province
    if province is None:
        province = _agreed(books, lambda w: w.settings.province)
        if province is None:
            raise AntqError(
                "Các sổ cũ ghi tỉnh khác nhau ("
                + _who_says(books, lambda w: w.settings.province)
                + "): ghi tỉnh của đơn vị mới bằng --province/--tinh."
            )
    years = [book.workbook.settings.year for book in books if book.workbook.settings.year]
    starts = [day for day in map(earliest_covered, (b.workbook for b in books)) if day]
    return Settings(
        commune=options.commune,
        admin_level=level,
        province=province,
        year=options.year or max(years, default=None),
        cutoff=cutoff,
        place=options.commune,
        sign_authority=DEFAULT_AUTHORITY,
        signer_title=DEFAULT_SIGNER_TITLE,
        village_word=_agreed(books, lambda w: w.settings.village_word) or "",
        data_from=min(starts, default=None),
    )
