"""The sentences the program writes from the rows.

Only the frame of a sentence lives here ("xảy ra N vụ việc gồm: ..."). How each
category, handling, indicator and model type is worded comes from sheet
``Danh mục`` (columns ``<list> - cách viết``, ``- nêu tên thôn``,
``- nêu nguyên nhân``), in the order of its rows, so another commune's lists read
just as naturally as the sample's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from antq_tui.model import schema
from antq_tui.model.dates import format_date
from antq_tui.model.periods import CUSTOM, ND09, YEAR, Period, year_period
from antq_tui.model.records import Incident, Model, Team, Unit, Village, Workbook
from antq_tui.model.text import ascii_key, fold_key, format_int
from antq_tui.report.totals import Tally, Totals
from antq_tui.report.vietnamese import (
    count,
    join,
    lower_first,
    percent,
    strip_end_punctuation,
    upper_first,
)

SAFE_TITLE = "“An toàn về ANTT”"
# What a row of sheet Thôn is called: thôn in a xã, tổ dân phố in a phường or thị trấn.
VILLAGE_WORD = "thôn"
TOWN_VILLAGE_WORD = "tổ dân phố"
# Names that already say what they are ("Thôn 3", "Tổ dân phố 5") take no extra word.
SETTLEMENT_WORDS = tuple(
    fold_key(w) for w in ("thôn", "làng", "xóm", "bản", "ấp", "buôn", "tổ", "khu", "khối", "phố")
)
_NUMBER_SLOT = re.compile(r"\{\s*s[ốo]\s*\}", re.IGNORECASE)


# ------------------------------------------------------------------ Danh mục wording
@dataclass(frozen=True)
class Wording:
    value: str
    phrase: str
    name_villages: bool = False
    name_causes: bool = False


def _default_phrase(value: str, noun: str) -> str:
    """ "vụ cướp giật" for a category "Cướp giật" that has no phrase of its own."""
    text = lower_first(value)
    return text if text.lower().startswith(noun) else f"{noun} {text}"


def wordings(workbook: Workbook, list_name: str, noun: str = "") -> dict[str, Wording]:
    """Each value of a Danh mục list with its phrase and flags, in row order."""
    out: dict[str, Wording] = {}
    for entry in workbook.catalog.entries.get(list_name, []):
        phrase = str(entry.attributes.get("phrase") or "").strip()
        if not phrase and noun:
            phrase = _default_phrase(entry.value, noun)
        out[entry.value] = Wording(
            entry.value,
            phrase,
            entry.attributes.get("name_villages") is True,
            entry.attributes.get("name_causes") is True,
        )
    return out


def _wording(known: dict[str, Wording], value: str, noun: str) -> Wording:
    """The list's wording, or a sensible default for a value missing from the list."""
    found = known.get(value)
    return found if found else Wording(value, _default_phrase(value, noun) if noun else "")


def admin_word(workbook: Workbook) -> str:
    """ "xã", "phường" or "thị trấn" (Cấp hành chính; xã when blank)."""
    level = workbook.settings.admin_level or schema.ADMIN_LEVELS[0]
    return level.lower()


def village_word(workbook: Workbook) -> str:
    level = fold_key(workbook.settings.admin_level or schema.ADMIN_LEVELS[0])
    return VILLAGE_WORD if level == fold_key(schema.ADMIN_LEVELS[0]) else TOWN_VILLAGE_WORD


def _says_what_it_is(name: str) -> bool:
    first = fold_key(name).split(" ", 1)[0]
    return first in SETTLEMENT_WORDS


def name_villages(workbook: Workbook, names: Sequence[str]) -> str:
    """ "thôn Đại Lương, Phong Lâm và Lai Hà"; "Tổ dân phố 3 và Tổ dân phố 5"."""
    if all(_says_what_it_is(n) for n in names):
        return join(names)
    return f"{village_word(workbook)} {join(names)}"


def period_opening(period: Period) -> str:
    """ "Trong năm 2021", "Trong tháng 3 năm 2021 (từ ngày 15/02/2021 đến ngày 14/03/2021)"."""
    if period.kind == CUSTOM:
        return upper_first(period.label)
    opening = f"Trong {period.label}"
    if period.cutoff == ND09:
        opening += f" ({period.range_text})"
    return opening


# ------------------------------------------------------------------ incidents
def _casualties(deaths: int, injuries: int) -> str:
    if deaths and injuries:
        return f" làm chết {count(deaths)} người, bị thương {count(injuries)} người"
    if deaths:
        return f" làm chết {count(deaths)} người"
    if injuries:
        return f" làm bị thương {count(injuries)} người"
    return ""


def _causes(incidents: Sequence[Incident]) -> str:
    """Each incident's summary in date order, repeated ones counted: "(tự ngã, 02 vụ đuối nước)"."""
    ordered = sorted(incidents, key=lambda i: (i.date, i.row))
    summaries = [lower_first(strip_end_punctuation(i.summary)) for i in ordered if i.summary]
    seen = Counter(summaries)
    items = []
    for summary in dict.fromkeys(summaries):
        times = seen[summary]
        items.append(summary if times == 1 else f"{count(times)} vụ {summary}")
    return f" ({join(items)})" if items else ""


def _handling(incidents: Sequence[Incident], handlings: dict[str, Wording]) -> str:
    """The handling phrase when all share one; else how many got which."""
    groups = Counter(i.handling for i in incidents)
    if len(groups) == 1:
        phrase = _wording(handlings, next(iter(groups)), "").phrase
        return f" {phrase}" if phrase else ""
    order = {value: at for at, value in enumerate(handlings)}
    parts = []
    for value, times in sorted(groups.items(), key=lambda g: order.get(g[0], len(order))):
        phrase = _wording(handlings, value, "").phrase
        if phrase:
            parts.append(f"{count(times)} vụ {phrase}")
    return f", trong đó {', '.join(parts)}" if parts else ""


def _villages(workbook: Workbook, incidents: Sequence[Incident], verb: str = " xảy ra") -> str:
    order = {v.name: at for at, v in enumerate(workbook.villages)}
    names = sorted(
        {i.village for i in incidents if i.village},
        key=lambda n: (n not in order, order.get(n, 0), n),
    )
    return f"{verb} tại {name_villages(workbook, names)}" if names else ""


def incident_sentence(workbook: Workbook, period: Period, totals: Totals) -> str:
    """ "Trong năm 2021, địa bàn xã xảy ra 14 vụ việc gồm: 01 vụ ...; 04 vụ ... ."

    One incident, or incidents of one category, need no "gồm". With none, the
    comparison with last year's period is said in the same sentence.
    """
    incidents = totals.rows
    place = f"địa bàn {admin_word(workbook)}"
    opening = period_opening(period)
    if not incidents:
        return f"{opening}, {place} không xảy ra vụ việc nào về an ninh, trật tự{_zero_change(totals)}."
    categories = wordings(workbook, schema.INCIDENT_CATEGORIES.name, "vụ")
    handlings = wordings(workbook, schema.HANDLINGS.name)
    groups: dict[str, list[Incident]] = {name: [] for name in categories}
    for incident in incidents:
        groups.setdefault(incident.category, []).append(incident)
    filled = [(name, members) for name, members in groups.items() if members]
    parts = []
    for name, members in filled:
        wording = _wording(categories, name, "vụ") if name else Wording("", "vụ việc chưa ghi loại")
        part = f"{count(len(members))} {wording.phrase}"
        part += _casualties(
            sum(i.deaths or 0 for i in members), sum(i.injuries or 0 for i in members)
        )
        if wording.name_villages:
            part += _villages(workbook, members, " xảy ra" if len(filled) > 1 else "")
        if wording.name_causes:
            part += _causes(members)
        part += _handling(members, handlings)
        parts.append(part)
    if len(parts) == 1:
        return f"{opening}, {place} xảy ra {parts[0]}."
    return f"{opening}, {place} xảy ra {count(len(incidents))} vụ việc gồm: {'; '.join(parts)}."


def same_period_name(totals: Totals) -> str:
    """ "năm 2020" for a year, "cùng kỳ năm 2020" for a shorter period."""
    before = totals.previous_period
    if before.kind == YEAR:
        return f"năm {before.year}"
    if before.kind == CUSTOM and before.start.year != before.end.year:
        return "cùng kỳ năm trước"
    return f"cùng kỳ năm {before.year}"


def _change(now: int, before: int, unit: str) -> str:
    if now > before:
        return f"tăng {count(now - before)} {unit}"
    if now < before:
        return f"giảm {count(before - now)} {unit}"
    return "không thay đổi"


def _casualty_changes(now: Tally, before: Tally) -> list[str]:
    extras = []
    if now.deaths != before.deaths:
        extras.append(f"số người chết {_change(now.deaths, before.deaths, 'người')}")
    if now.injuries != before.injuries:
        extras.append(f"số người bị thương {_change(now.injuries, before.injuries, 'người')}")
    return extras


def _zero_change(totals: Totals) -> str:
    """ ", giảm 01 vụ so với cùng kỳ năm 2022" after "không xảy ra vụ việc nào"."""
    before = totals.previous
    if before is None:
        return ""
    name = same_period_name(totals)
    if not before.count:
        return f" ({name} cũng không xảy ra vụ việc nào)"
    text = f", giảm {count(before.count)} vụ so với {name}"
    extras = _casualty_changes(totals.incidents, before)
    return text + ("; " + "; ".join(extras) if extras else "")


def comparison_sentence(totals: Totals) -> str | None:
    """ "So với cùng kỳ năm 2020 tăng 02 vụ (16,7%)." ("So với năm 2020 …" for a year)
    when the workbook reaches back to last year's period and this one had incidents
    (with none, ``incident_sentence`` says it)."""
    before = totals.previous
    now = totals.incidents
    if before is None or not now.count:
        return None
    name = same_period_name(totals)
    if now.count == before.count:
        sentence = f"So với {name}, số vụ việc không tăng, không giảm"
    else:
        sentence = f"So với {name} {_change(now.count, before.count, 'vụ')}"
        if before.count:
            sentence += f" ({percent(abs(now.count - before.count), before.count)})"
        else:
            sentence += f" ({name} không xảy ra vụ việc nào)"
    extras = _casualty_changes(now, before)
    if extras:
        sentence += "; " + "; ".join(extras)
    return sentence + "."


def year_to_date_sentence(workbook: Workbook, totals: Totals) -> str | None:
    """ "Lũy kế từ đầu năm đến hết tháng 3 năm 2021, địa bàn xã xảy ra 04 vụ việc, làm chết
    02 người; so với cùng kỳ năm 2020 tăng 01 vụ (33,3%)." for a month or a quarter that
    is not the year's first."""
    ytd = totals.year_to_date
    if ytd is None or ytd.period.start == totals.period.start:
        return None
    tally = ytd.incidents
    opening = f"Lũy kế {ytd.period.label}"
    if ytd.period.cutoff == ND09:
        opening += f" ({ytd.period.range_text})"
    place = f"địa bàn {admin_word(workbook)}"
    if tally.count:
        sentence = f"{opening}, {place} xảy ra {count(tally.count)} vụ việc"
        casualties = _casualties(tally.deaths, tally.injuries)
        sentence += f",{casualties}" if casualties else ""
    else:
        sentence = f"{opening}, {place} không xảy ra vụ việc nào"
    before = ytd.previous
    if before is not None:
        # The same months a year earlier (under ND 09/2019 they begin in the December before).
        name = f"cùng kỳ năm {ytd.previous_period.year}"
        if tally.count == before.count:
            sentence += f"; so với {name} không tăng, không giảm"
        else:
            sentence += f"; so với {name} {_change(tally.count, before.count, 'vụ')}"
            if before.count:
                sentence += f" ({percent(abs(tally.count - before.count), before.count)})"
    return sentence + "."


# ------------------------------------------------------------------ movement results
def fill_number(phrase: str, number: int) -> str:
    if _NUMBER_SLOT.search(phrase):
        return _NUMBER_SLOT.sub(count(number), phrase)
    return f"{phrase} ({count(number)})"


def _indicator_phrase(indicators: dict[str, Wording], name: str, quantity: int) -> str:
    phrase = _wording(indicators, name, "").phrase or f"{{số}} {lower_first(name)}"
    return fill_number(phrase, quantity)


def movement_sentences(
    workbook: Workbook, period: Period, totals: Totals, placed: frozenset[str] = frozenset()
) -> list[str]:
    """What the people achieved with the police in the period (its flows), then the
    standing figures as at its end; indicators ``placed`` by a narrative marker are
    said there, not again here."""
    indicators = wordings(workbook, schema.INDICATORS.name)
    flows: list[str] = []
    standing: list[str] = []
    for name, quantity in totals.movement.items():
        if quantity <= 0 or name in placed:
            continue
        phrase = _indicator_phrase(indicators, name, quantity)
        (standing if name in totals.standing else flows).append(phrase)
    sentences = []
    if flows:
        # "cung cấp cho lực lượng Công an ..." needs no "cùng lực lượng Công an" before it.
        lead = "Quần chúng nhân dân đã tham gia"
        if "cong an" not in ascii_key(flows[0]):
            lead += " cùng lực lượng Công an"
        sentences.append(f"{lead} {'; '.join(flows)}.")
    elif not standing:
        sentences.append(
            f"{period_opening(period)}, chưa ghi nhận kết quả nào của phong trào quần chúng."
        )
    if standing:
        sentences.append(
            f"Tính đến ngày {format_date(period.end)}, trên địa bàn {admin_word(workbook)} "
            f"đang {'; '.join(standing)}."
        )
    return sentences


# ------------------------------------------------------------------ An toàn về ANTT
# School levels a school's name may say, for "03/03 trường THCS, Tiểu học, Mầm non".
SCHOOL_LEVELS = (
    "Mầm non",
    "Mẫu giáo",
    "Nhà trẻ",
    "Tiểu học",
    "THCS",
    "Trung học cơ sở",
    "THPT",
    "Trung học phổ thông",
)
_SCHOOL = schema.UNIT_KINDS[0]


@dataclass(frozen=True)
class _Group:
    word: str  # "thôn", "làng", "trường học"
    members: Sequence[Village | Unit]


def safety_village_word(workbook: Workbook) -> str:
    """What the commune calls a village in the "An toàn về ANTT" counts (Cách gọi thôn)."""
    own = " ".join(workbook.settings.village_word.split()).strip(" .,;")
    return own.lower() if own else village_word(workbook)


def _safety_groups(workbook: Workbook) -> list[_Group]:
    groups = [_Group(safety_village_word(workbook), [v for v in workbook.villages if v.name])]
    for kind in schema.UNIT_KINDS:
        units = [u for u in workbook.units if u.name and u.kind == kind]
        if units:
            groups.append(_Group(kind.lower(), units))
    return [g for g in groups if g.members]


def _school_level(name: str) -> str | None:
    """The level a school's name says ("Trường THCS Hoàng Diệu" -> "THCS"), if any."""
    key = f" {fold_key(name)} "
    found = [(key.find(f" {fold_key(level)} "), level) for level in SCHOOL_LEVELS]
    found = [(at, level) for at, level in found if at >= 0]
    return min(found)[1] if found else None


def _registered_word(group: _Group) -> str:
    """ "trường THCS, Tiểu học, Mầm non" when every school registered and its name says its
    level; the group's word otherwise."""
    if group.word != _SCHOOL.lower() or not all(m.registered is True for m in group.members):
        return group.word
    levels = [_school_level(m.name) for m in group.members]
    if None in levels:
        return group.word
    return "trường " + ", ".join(dict.fromkeys(level for level in levels if level))


def registration_sentences(workbook: Workbook) -> list[str]:
    """Registration for "An toàn về ANTT": x/y of each group and the rate."""
    groups = _safety_groups(workbook)
    if not groups:
        return []
    registered = [[m for m in g.members if m.registered is True] for g in groups]
    done = [
        f"{count(len(r))}/{count(len(g.members))} {_registered_word(g)}"
        for g, r in zip(groups, registered, strict=True)
        if r
    ]
    missing = [g.word for g, r in zip(groups, registered, strict=True) if not r]
    total = sum(len(g.members) for g in groups)
    signed = sum(len(r) for r in registered)
    if not done:
        return [f"Chưa có {join(missing, 'hoặc')} nào đăng ký danh hiệu {SAFE_TITLE}."]
    sentence = (
        f"Đã có {'; '.join(done)} đăng ký danh hiệu {SAFE_TITLE} đạt tỷ lệ {percent(signed, total)}"
    )
    if missing:
        sentence += f"; chưa có {join(missing, 'hoặc')} nào đăng ký"
    return [sentence + "."]


def recognition_sentences(workbook: Workbook, period: Period) -> list[str]:
    """This year's recognition results, then who was recognised several years in a row.

    ``Số năm liên tục đạt`` counts up to the report year when that year's result is Đạt,
    and up to the year before while it is not known yet (Chưa xét or blank). A report
    ending before the year does is told the results as they stood then: last year's.
    """
    groups = [
        _Group(g.word, as_at_end(workbook, period, g.members)) for g in _safety_groups(workbook)
    ]
    report_year = workbook.settings.year or period.year
    sentences = []
    judged = [
        [m for m in g.members if m.registered is True and m.recognition in ("Đạt", "Không đạt")]
        for g in groups
    ]
    if any(judged):
        passed = [
            f"{count(sum(m.recognition == schema.RECOGNISED for m in j))}/{count(len(j))} {g.word}"
            for g, j in zip(groups, judged, strict=True)
            if j
        ]
        sentences.append(f"Kết quả xét công nhận: {'; '.join(passed)} đạt danh hiệu {SAFE_TITLE}.")
    by_year: dict[int, list[list[Village | Unit]]] = {}
    for group in groups:
        for year in (report_year, report_year - 1):
            steady = [
                m
                for m in group.members
                if (m.years_in_row or 0) >= 2
                and (year == report_year) == (m.recognition == schema.RECOGNISED)
            ]
            by_year.setdefault(year, []).append(steady)
    for year in sorted(by_year):
        members = by_year[year]
        years = [m.years_in_row or 0 for steady in members for m in steady]
        if not years:
            continue
        who = join(
            [
                f"{count(len(steady))}/{count(len(g.members))} {g.word}"
                for g, steady in zip(groups, members, strict=True)
                if steady
            ]
        )
        low, high = min(years), max(years)
        run = (
            f"{count(low)} năm liên tục"
            if low == high
            else f"nhiều năm liên tục (từ {count(low)} đến {count(high)} năm)"
        )
        sentences.append(f"Năm {year} đã có {who} được công nhận {run} đạt danh hiệu {SAFE_TITLE}.")
    return sentences


def as_at_end(
    workbook: Workbook, period: Period, members: Sequence[Village | Unit]
) -> list[Village | Unit]:
    """``members`` as they stood at the end of ``period``: one ending before the report
    year does sees last year's recognition (this year's is not decided yet)."""
    report_year = workbook.settings.year or period.year
    if period.end < year_period(report_year, period.cutoff).end:
        return [_before_this_year(m) for m in members]
    return list(members)


@dataclass(frozen=True)
class SafetyCount:
    """How many villages (or units) there are, registered for “An toàn về ANTT”, recognised."""

    total: int
    registered: int
    recognised: int


def safety_counts(workbook: Workbook, period: Period) -> tuple[SafetyCount, SafetyCount]:
    """Villages, then schools, agencies and enterprises, counted as the sentences count them
    (named; a unit of a known kind), as they stood at the end of ``period``."""
    villages = [v for v in workbook.villages if v.name]
    units = [u for u in workbook.units if u.name and u.kind in schema.UNIT_KINDS]
    counts = []
    for members in (villages, units):
        registered = [m for m in as_at_end(workbook, period, members) if m.registered is True]
        recognised = sum(m.recognition == schema.RECOGNISED for m in registered)
        counts.append(SafetyCount(len(members), len(registered), recognised))
    return counts[0], counts[1]


def _before_this_year(member: Village | Unit) -> Village | Unit:
    """A village or unit as it stood before this year's recognition was decided."""
    if member.recognition not in ("Đạt", "Không đạt"):
        return member
    years = member.years_in_row
    if member.recognition == schema.RECOGNISED and years:
        years -= 1
    return replace(member, recognition="", years_in_row=years)


# ------------------------------------------------------------------ teams
TEAM = "Đội tự quản về ANTT"
RATING_WORDS = {"Tốt": "hoạt động tốt", "Khá": "hoạt động khá", "Trung bình": "hoạt động trung bình",
                "Yếu": "hoạt động yếu"}  # fmt: skip


def _yes_no_clause(teams: Sequence[Team], field: str, missing: str, everyone: str) -> str | None:
    values = [getattr(t, field) for t in teams]
    without = values.count(False)
    if without:
        return f"{count(without)}/{count(len(teams))} đội {missing}"
    if values and all(v is True for v in values):
        return everyone
    return None


def _teams(workbook: Workbook) -> list[Team]:
    return [t for t in workbook.teams if t.name or t.village]


def team_sentences(workbook: Workbook) -> list[str]:
    """How many teams there are, at the level of a thôn (and their members when all known)."""
    teams = _teams(workbook)
    if not teams:
        return [f"Trên địa bàn {admin_word(workbook)} chưa thành lập {TEAM}."]
    first = (
        f"Tổ chức kiện toàn, duy trì hoạt động {count(len(teams))} {TEAM} "
        f"cấp {village_word(workbook)}"
    )
    if all(t.members is not None for t in teams):
        first += f" với {format_int(sum(t.members or 0 for t in teams))} thành viên"
    return [first + "."]


def team_counts(workbook: Workbook) -> tuple[int, int]:
    """The teams, and those rated Tốt."""
    teams = _teams(workbook)
    return len(teams), sum(t.rating == schema.RATINGS[0] for t in teams)


def team_result_sentences(workbook: Workbook) -> list[str]:
    """How the teams work (their rating), then allowance and training where the rows say."""
    teams = _teams(workbook)
    if not teams:
        return []
    sentences = []
    ratings = Counter(t.rating for t in teams if t.rating in schema.RATINGS)
    present = [rating for rating in schema.RATINGS if ratings[rating]]
    rated = [
        f"{count(ratings[rating])}/{count(len(teams))} {'đội' if at else TEAM} {RATING_WORDS[rating]}"
        for at, rating in enumerate(present)
    ]
    if rated:
        sentences.append(f"Kết quả hoạt động: {', '.join(rated)}.")
    untrained = "Thành viên Đội tự quản về ANTT chưa được đào tạo, tập huấn nghiệp vụ."
    unpaid = "Thành viên Đội tự quản về ANTT chưa được chi trả phụ cấp."
    allowance = [t.allowance for t in teams]
    trained = [t.trained for t in teams]
    every_unpaid = all(v is False for v in allowance)
    every_untrained = all(v is False for v in trained)
    clauses = [
        None
        if every_unpaid
        else _yes_no_clause(
            teams,
            "allowance",
            "chưa được chi trả phụ cấp cho thành viên",
            "thành viên các đội đều được chi trả phụ cấp",
        ),
        None
        if every_untrained
        else _yes_no_clause(
            teams,
            "trained",
            "chưa được tập huấn nghiệp vụ",
            "các đội đều đã được tập huấn nghiệp vụ",
        ),
    ]
    said = [c for c in clauses if c]
    if every_unpaid:
        sentences.append(unpaid)
    if said:
        lead = "Còn " if said[0][0].isdigit() else ""
        sentences.append(upper_first(lead + "; ".join(said)) + ".")
    if every_untrained:
        sentences.append(untrained)
    return sentences


# ------------------------------------------------------------------ models
def models_in(workbook: Workbook, period: Period) -> list[Model]:
    """Models that exist by the end of ``period`` (built that year or before, or undated)."""
    return [
        m
        for m in workbook.models
        if m.name and (m.year_started is None or m.year_started <= period.end.year)
    ]


def model_counts(workbook: Workbook, period: Period) -> tuple[int, int]:
    """The models that exist by the end of ``period``, and those working well."""
    models = models_in(workbook, period)
    return len(models), sum(m.status == schema.WORKING_WELL for m in models)


def model_kinds(workbook: Workbook, period: Period) -> str:
    """ "03 mô hình Trường học an toàn về ANTT; 07 mô hình ..." (the models working well)."""
    kinds = wordings(workbook, schema.MODEL_KINDS.name, "mô hình")
    by_kind: dict[str, int] = dict.fromkeys(kinds, 0)
    for model in models_in(workbook, period):
        if model.status == schema.WORKING_WELL:
            by_kind[model.kind] = by_kind.get(model.kind, 0) + 1
    return "; ".join(
        f"{count(n)} {_wording(kinds, kind, 'mô hình').phrase if kind else 'mô hình chưa ghi loại'}"
        for kind, n in by_kind.items()
        if n
    )


def model_sentences(workbook: Workbook, period: Period, *, with_kinds: bool = True) -> list[str]:
    """How many models work well (by kind unless the narrative places the kinds itself),
    then those that are only formal or have stopped."""
    models = models_in(workbook, period)
    place = f"Trên địa bàn {admin_word(workbook)}"
    if not models:
        return [f"{place} chưa xây dựng mô hình, điển hình tiên tiến nào."]
    good = [m for m in models if m.status == schema.WORKING_WELL]
    sentences = []
    if good:
        sentence = f"{place} hiện đang duy trì hoạt động tốt {count(len(good))} mô hình"
        if with_kinds:
            sentence += f" (gồm {model_kinds(workbook, period)})"
        sentences.append(sentence + ".")
    else:
        sentences.append(f"{place} chưa có mô hình nào hoạt động tốt.")
    others = Counter(m.status for m in models if m.status != schema.WORKING_WELL)
    clauses = []
    formal, stopped = schema.MODEL_STATUSES[1], schema.MODEL_STATUSES[2]
    if others.get(formal):
        clauses.append(f"còn {count(others[formal])} mô hình hoạt động mang tính hình thức")
    if others.get(stopped):
        clauses.append(f"{count(others[stopped])} mô hình đã ngừng hoạt động")
    if clauses:
        sentences.append(f"Bên cạnh đó, {'; '.join(clauses)}.")
    return sentences
