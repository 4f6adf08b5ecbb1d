"""``Kỳ báo cáo`` cells: which report a narrative row or a register row belongs to.

Staff write a period the way they say it: ``Năm 2023``; ``6 tháng đầu năm 2023``,
``6 tháng cuối năm 2023``; ``Quý I năm 2023``, ``Quý I/2023`` (I–IV or 1–4);
``Tháng 3 năm 2023``, ``Tháng 3/2023``, ``03/2023``. Case, spaces, Unicode form and
tone placement do not matter. A text that reads only once its diacritics are
stripped ("Quy I/2023") is understood but flagged, like every other value; a text
that names no period gets the nearest valid form as a suggestion.

A tag names a period independently of the cut-off: ``Tháng 3/2023`` is March under
the calendar and 15/02–14/03 under Nghị định 09/2019 alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from antq_tui.model.periods import (
    CALENDAR,
    HALF,
    MONTH,
    QUARTER,
    YEAR,
    Period,
    half_period,
    month_period,
    quarter_period,
    year_period,
)
from antq_tui.model.text import ascii_key, fold_key

ROMAN = ("I", "II", "III", "IV")
# The Vietnamese words of a period and their spelling without diacritics.
_WORDS: dict[str, set[str]] = {}
for _word in ("năm", "tháng", "quý", "quí", "đầu", "cuối", "cả"):
    _WORDS.setdefault(ascii_key(_word), set()).add(fold_key(_word))
_LETTERS = re.compile(r"[^\W\d_][\w\u0300-\u036f]*")
_YEAR_RE = r"(\d{4})"
_SEP = r"\s*(?:nam|[/.\-])?\s*"
_PATTERNS = (
    (YEAR, re.compile(rf"(?:ca\s+)?(?:nam\s*)?{_YEAR_RE}")),
    (HALF, re.compile(rf"(?:6|sau)\s*thang\s*(dau|cuoi){_SEP}{_YEAR_RE}")),
    (QUARTER, re.compile(rf"qu[yi]\s*(iv|iii|ii|i|[1-4]){_SEP}{_YEAR_RE}")),
    (MONTH, re.compile(rf"thang\s*(\d{{1,2}}){_SEP}{_YEAR_RE}")),
    (MONTH, re.compile(rf"(\d{{1,2}})\s*[/.\-]\s*{_YEAR_RE}")),
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class PeriodTag:
    """A report period without its cut-off: (kind, year, index) as in ``Period``."""

    kind: str  # year | half | quarter | month
    year: int
    index: int = 0

    def period(self, cutoff: str = CALENDAR) -> Period:
        if self.kind == HALF:
            return half_period(self.year, self.index, cutoff)
        if self.kind == QUARTER:
            return quarter_period(self.year, self.index, cutoff)
        if self.kind == MONTH:
            return month_period(self.year, self.index, cutoff)
        return year_period(self.year, cutoff)

    @property
    def text(self) -> str:
        """How the template writes it: ``Quý I năm 2023``, ``Tháng 3 năm 2023``."""
        label = self.period().label
        return label[:1].upper() + label[1:]


def tag_of(period: Period) -> PeriodTag | None:
    """The tag of a report period; None for a custom range (it has no narrative)."""
    if period.kind in (YEAR, HALF, QUARTER, MONTH):
        return PeriodTag(period.kind, period.year, period.index)
    return None


@dataclass(frozen=True, slots=True)
class TagReading:
    """What a ``Kỳ báo cáo`` text says."""

    tag: PeriodTag | None  # None: it names no period
    exact: bool  # written with its Vietnamese letters (not only readable without them)
    suggestion: str | None  # the nearest valid form when the text is not exact


def _index(kind: str, number: str) -> int | None:
    if kind == QUARTER:
        value = ROMAN.index(number.upper()) + 1 if number.upper() in ROMAN else int(number)
        return value if 1 <= value <= 4 else None
    if kind == MONTH:
        value = int(number)
        return value if 1 <= value <= 12 else None
    if kind == HALF:
        return 1 if number == "dau" else 2
    return 0


def _parse(ascii_text: str) -> PeriodTag | None:
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(ascii_text)
        if match is None:
            continue
        year = int(match.group(match.lastindex or 1))
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        index = _index(kind, match.group(1)) if kind != YEAR else 0
        if index is None:
            return None
        return PeriodTag(kind, year, index)
    return None


def _written_with_diacritics(text: str) -> bool:
    """Every period word ("nam", "quý", ...) carries its Vietnamese letters."""
    for word in _LETTERS.findall(fold_key(text)):
        plain = ascii_key(word)
        if plain in _WORDS and word not in _WORDS[plain]:
            return False
    return True


def _nearest(ascii_text: str, default_year: int | None) -> str | None:
    """The valid form closest to a text that names no period: its kind word, its numbers."""
    years = [int(y) for y in re.findall(r"\d{4}", ascii_text) if _MIN_YEAR <= int(y) <= _MAX_YEAR]
    year = years[0] if years else default_year
    if year is None:
        return None
    small = [int(n) for n in re.findall(r"(?<!\d)\d{1,2}(?!\d)", ascii_text)]
    if re.search(r"(?:6|sau)\s*thang", ascii_text):
        half = 2 if "cuoi" in ascii_text else 1
        return PeriodTag(HALF, year, half).text
    if re.search(r"qu[yi]", ascii_text):
        roman = re.search(r"qu[yi]\s*(iv|iii|ii|i)\b", ascii_text)
        number = ROMAN.index(roman.group(1).upper()) + 1 if roman else (small[0] if small else 1)
        return PeriodTag(QUARTER, year, min(max(number, 1), 4)).text
    if "thang" in ascii_text or small:
        month = small[0] if small else 1
        return PeriodTag(MONTH, year, min(max(month, 1), 12)).text
    return PeriodTag(YEAR, year).text


# No period is written in more letters than this; a longer cell is read from its start only
# (and not kept in the cache: a hostile file could hold thousands of long cells).
_LONGEST = 60


def read_tag(text: str, default_year: int | None = None) -> TagReading:
    """Read a ``Kỳ báo cáo`` text; ``default_year`` completes a suggestion without a year."""
    if len(text) > _LONGEST:
        start = " ".join(ascii_key(text[:_LONGEST]).split())
        return TagReading(None, False, _nearest(start, default_year))
    return _read_tag(text, default_year)


@lru_cache(maxsize=4096)
def _read_tag(text: str, default_year: int | None) -> TagReading:
    plain = " ".join(ascii_key(text).split())
    tag = _parse(plain)
    if tag is None:
        return TagReading(None, False, _nearest(plain, default_year))
    if _written_with_diacritics(text):
        return TagReading(tag, True, None)
    return TagReading(tag, False, tag.text)


def parse_tag(text: str) -> PeriodTag | None:
    """The period a ``Kỳ báo cáo`` text names (read without diacritics too), or None."""
    return read_tag(text).tag


def period_choices(year: int) -> list[str]:
    """The periods of ``year`` as the template writes them, year first, for a picker."""
    tags = [PeriodTag(YEAR, year)]
    tags += [PeriodTag(HALF, year, half) for half in (1, 2)]
    tags += [PeriodTag(QUARTER, year, quarter) for quarter in range(1, 5)]
    tags += [PeriodTag(MONTH, year, month) for month in range(1, 13)]
    return [tag.text for tag in tags]


def year_to_date(period: Period) -> Period | None:
    """From the start of the period's year to its end, for a month or a quarter.

    The year starts on 1 January, or on 15 December of the year before under Nghị định
    09/2019, as ``year_period`` says. None for other periods.
    """
    if period.kind not in (MONTH, QUARTER):
        return None
    start = year_period(period.year, period.cutoff).start
    label = f"từ đầu năm đến hết {period.label}"
    return Period(start, period.end, label, "custom", period.year, 0, period.cutoff)
