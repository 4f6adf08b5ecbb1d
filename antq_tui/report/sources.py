"""The rows a report takes as its own: its narrative and its register row.

A report of a period uses only the ``Nội dung`` rows of that period (column ``Kỳ báo
cáo``; blank means the annual report of ``Năm báo cáo``) and the ``Sổ báo cáo`` row of
that period, never another period's. A row with an empty ``Mục`` continues the row
above it: its section and, when its own ``Kỳ báo cáo`` is blank, its period.

A row whose ``Xã cũ`` names an old commune (a merged workbook, ``antq merge``) belongs to
that commune's old reports: no report of this workbook uses it, and the rows left are
read as if the old ones were not there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from antq_tui.model.period_tags import PeriodTag, parse_tag, tag_of
from antq_tui.model.periods import CUSTOM, YEAR, Period
from antq_tui.model.records import ReportEntry, Section, Workbook

# The period of a blank Kỳ báo cáo when Năm báo cáo is not set: any annual report.
_ANY_YEAR = PeriodTag(YEAR, 0)


@dataclass(frozen=True)
class ReportSources:
    period: Period
    sections: list[Section]  # the period's narrative rows, each with its section's title
    entry: ReportEntry | None  # the period's row of Sổ báo cáo
    # The annual report of Năm báo cáo: Thông tin chung's number and date are its own.
    annual: bool

    @property
    def has_narrative(self) -> bool:
        return any(section.text.strip() for section in self.sections)


def _matches(row_tag: PeriodTag | None, tag: PeriodTag | None) -> bool:
    if row_tag is None or tag is None:
        return False
    if row_tag == _ANY_YEAR:
        return tag.kind == YEAR
    return row_tag == tag


def narrative_rows(workbook: Workbook, period: Period) -> list[Section]:
    """The ``Nội dung`` rows of ``period``, in sheet order, each with its section's title."""
    tag = tag_of(period)
    year = workbook.settings.year
    annual = PeriodTag(YEAR, year) if year else _ANY_YEAR
    rows: list[Section] = []
    title = ""
    row_tag: PeriodTag | None = annual
    for section in workbook.sections:
        if section.origin:
            continue
        if section.title:
            title = section.title
            row_tag = parse_tag(section.period) if section.period else annual
        elif section.period:
            row_tag = parse_tag(section.period)
        if _matches(row_tag, tag):
            rows.append(replace(section, title=title))
    return rows


def register_entry(workbook: Workbook, period: Period) -> ReportEntry | None:
    """The first ``Sổ báo cáo`` row of ``period`` (the validator warns about a second)."""
    tag = tag_of(period)
    if tag is None:
        return None
    return next(
        (e for e in workbook.register if e.period and not e.origin and parse_tag(e.period) == tag),
        None,
    )


def report_sources(workbook: Workbook, period: Period) -> ReportSources:
    year = workbook.settings.year
    annual = period.kind == YEAR and (year is None or period.year == year)
    return ReportSources(
        period, narrative_rows(workbook, period), register_entry(workbook, period), annual
    )


def source_notes(sources: ReportSources) -> list[str]:
    """What the clerk should know when a report has no narrative or register row of its own."""
    period = sources.period
    if period.kind == CUSTOM:
        return []
    notes = []
    if not sources.has_narrative:
        notes.append(
            f"Báo cáo {period.label} chưa có phần lời riêng (trang Nội dung, cột Kỳ báo cáo): "
            "báo cáo gồm mở đầu, số liệu và phần kết."
        )
    if sources.entry is None and not sources.annual:
        notes.append(
            f"Trang Sổ báo cáo chưa có hàng của {period.label}: số và ngày ký để trống để "
            "ghi tay; người ký, nơi nhận lấy ở trang Thông tin chung."
        )
    return notes
