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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from antq_tui.model import schema
from antq_tui.model.periods import CUSTOM, ND09, Period
from antq_tui.model.records import Incident, Model, Team, Unit, Village, Workbook
from antq_tui.model.text import fold_key, format_int
from antq_tui.report.totals import Totals
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


def _villages(workbook: Workbook, incidents: Sequence[Incident]) -> str:
    order = {v.name: at for at, v in enumerate(workbook.villages)}
    names = sorted(
        {i.village for i in incidents if i.village},
        key=lambda n: (n not in order, order.get(n, 0), n),
    )
    return f" xảy ra tại {name_villages(workbook, names)}" if names else ""


def incident_sentence(workbook: Workbook, period: Period, incidents: Sequence[Incident]) -> str:
    """ "Trong năm 2021, địa bàn xã xảy ra 14 vụ việc gồm: 01 vụ ...; 04 vụ ... ."."""
    place = f"địa bàn {admin_word(workbook)}"
    opening = period_opening(period)
    if not incidents:
        return f"{opening}, {place} không xảy ra vụ việc nào về an ninh, trật tự."
    categories = wordings(workbook, schema.INCIDENT_CATEGORIES.name, "vụ")
    handlings = wordings(workbook, schema.HANDLINGS.name)
    groups: dict[str, list[Incident]] = {name: [] for name in categories}
    for incident in incidents:
        groups.setdefault(incident.category, []).append(incident)
    parts = []
    for name, members in groups.items():
        if not members:
            continue
        wording = _wording(categories, name, "vụ") if name else Wording("", "vụ việc chưa ghi loại")
        part = f"{count(len(members))} {wording.phrase}"
        part += _casualties(
            sum(i.deaths or 0 for i in members), sum(i.injuries or 0 for i in members)
        )
        if wording.name_villages:
            part += _villages(workbook, members)
        if wording.name_causes:
            part += _causes(members)
        part += _handling(members, handlings)
        parts.append(part)
    return f"{opening}, {place} xảy ra {count(len(incidents))} vụ việc gồm: {'; '.join(parts)}."


def _same_period_name(totals: Totals) -> str:
    before = totals.previous_period
    if before.kind == CUSTOM and before.start.year != before.end.year:
        return "cùng kỳ năm trước"
    return f"cùng kỳ năm {before.year}"


def _change(now: int, before: int, unit: str) -> str:
    if now > before:
        return f"tăng {count(now - before)} {unit}"
    if now < before:
        return f"giảm {count(before - now)} {unit}"
    return "không thay đổi"


def comparison_sentence(totals: Totals) -> str | None:
    """ "So với cùng kỳ năm 2020 tăng 02 vụ (16,7%)." when last year's period is in the workbook."""
    before = totals.previous
    if before is None:
        return None
    now = totals.incidents
    name = _same_period_name(totals)
    if now.count == before.count:
        sentence = f"So với {name}, số vụ việc không tăng, không giảm"
    else:
        sentence = f"So với {name} {_change(now.count, before.count, 'vụ')}"
        if before.count:
            sentence += f" ({percent(abs(now.count - before.count), before.count)})"
        else:
            sentence += f" ({name} không xảy ra vụ việc nào)"
    extras = []
    if now.deaths != before.deaths:
        extras.append(f"số người chết {_change(now.deaths, before.deaths, 'người')}")
    if now.injuries != before.injuries:
        extras.append(f"số người bị thương {_change(now.injuries, before.injuries, 'người')}")
    if extras:
        sentence += "; " + "; ".join(extras)
    return sentence + "."


# ------------------------------------------------------------------ movement results
def fill_number(phrase: str, number: int) -> str:
    if _NUMBER_SLOT.search(phrase):
        return _NUMBER_SLOT.sub(count(number), phrase)
    return f"{phrase} ({count(number)})"


def movement_sentence(workbook: Workbook, period: Period, totals: Totals) -> str:
    """ "... quần chúng nhân dân đã phối hợp với lực lượng Công an đưa 05 lượt ...; ..."."""
    indicators = wordings(workbook, schema.INDICATORS.name)
    parts = []
    for name, quantity in totals.movement.items():
        if quantity <= 0:
            continue
        phrase = _wording(indicators, name, "").phrase or f"{{số}} {lower_first(name)}"
        parts.append(fill_number(phrase, quantity))
    if not parts:
        return f"{period_opening(period)}, chưa ghi nhận kết quả nào của phong trào quần chúng."
    return f"Quần chúng nhân dân đã phối hợp với lực lượng Công an {'; '.join(parts)}."


# ------------------------------------------------------------------ An toàn về ANTT
@dataclass(frozen=True)
class _Group:
    word: str  # "thôn", "trường học"
    members: list[Village] | list[Unit]


def _safety_groups(workbook: Workbook) -> list[_Group]:
    groups = [_Group(village_word(workbook), [v for v in workbook.villages if v.name])]
    for kind in schema.UNIT_KINDS:
        units = [u for u in workbook.units if u.name and u.kind == kind]
        if units:
            groups.append(_Group(kind.lower(), units))
    return [g for g in groups if g.members]


def registration_sentences(workbook: Workbook) -> list[str]:
    """Registration x/y with the rate, recognition, and years in a row."""
    groups = _safety_groups(workbook)
    if not groups:
        return []
    registered = [[m for m in g.members if m.registered is True] for g in groups]
    done = [
        f"{count(len(r))}/{count(len(g.members))} {g.word}"
        for g, r in zip(groups, registered, strict=True)
        if r
    ]
    missing = [g.word for g, r in zip(groups, registered, strict=True) if not r]
    total = sum(len(g.members) for g in groups)
    signed = sum(len(r) for r in registered)
    sentences = []
    if done:
        sentence = f"Đã có {'; '.join(done)} đăng ký danh hiệu {SAFE_TITLE}, đạt tỷ lệ {percent(signed, total)}"
        if missing:
            sentence += f"; chưa có {join(missing, 'hoặc')} nào đăng ký"
        sentences.append(sentence + ".")
    else:
        sentences.append(f"Chưa có {join(missing, 'hoặc')} nào đăng ký danh hiệu {SAFE_TITLE}.")

    judged = [[m for m in r if m.recognition in ("Đạt", "Không đạt")] for r in registered]
    if any(judged):
        passed = [
            f"{count(sum(m.recognition == schema.RECOGNISED for m in j))}/{count(len(j))} {g.word}"
            for g, j in zip(groups, judged, strict=True)
            if j
        ]
        sentences.append(f"Kết quả xét công nhận: {'; '.join(passed)} đạt danh hiệu {SAFE_TITLE}.")

    steady = [[m for m in g.members if (m.years_in_row or 0) >= 2] for g in groups]
    years = [m.years_in_row or 0 for s in steady for m in s]
    if years:
        who = join(
            [
                f"{count(len(s))}/{count(len(g.members))} {g.word}"
                for g, s in zip(groups, steady, strict=True)
                if s
            ]
        )
        low, high = min(years), max(years)
        if low == high:
            sentences.append(f"Đã có {who} đạt danh hiệu {SAFE_TITLE} {count(low)} năm liên tục.")
        else:
            sentences.append(
                f"Đã có {who} đạt danh hiệu {SAFE_TITLE} nhiều năm liên tục (từ {count(low)} đến {count(high)} năm)."
            )
    return sentences


# ------------------------------------------------------------------ teams
def _yes_no_clause(teams: Sequence[Team], field: str, missing: str, everyone: str) -> str | None:
    values = [getattr(t, field) for t in teams]
    without = values.count(False)
    if without:
        return f"{count(without)}/{count(len(teams))} đội {missing}"
    if values and all(v is True for v in values):
        return everyone
    return None


def team_sentences(workbook: Workbook) -> list[str]:
    teams = [t for t in workbook.teams if t.name or t.village]
    if not teams:
        return [f"Trên địa bàn {admin_word(workbook)} chưa thành lập Đội tự quản về ANTT."]
    members = sum(t.members or 0 for t in teams)
    first = f"Tổ chức kiện toàn, duy trì hoạt động {count(len(teams))} Đội tự quản về ANTT"
    if members:
        first += f" với {format_int(members)} thành viên"
    sentences = [first + "."]
    ratings = Counter(t.rating for t in teams if t.rating in schema.RATINGS)
    if ratings:
        rated = [
            f"{count(ratings[r])}/{count(len(teams))} đội xếp loại {r}"
            for r in schema.RATINGS
            if ratings[r]
        ]
        sentences.append(f"Kết quả xếp loại: {', '.join(rated)}.")
    clauses = [
        _yes_no_clause(
            teams,
            "allowance",
            "chưa được chi trả phụ cấp cho thành viên",
            "thành viên các đội đều được chi trả phụ cấp",
        ),
        _yes_no_clause(
            teams,
            "trained",
            "chưa được tập huấn nghiệp vụ",
            "các đội đều đã được tập huấn nghiệp vụ",
        ),
    ]
    said = [c for c in clauses if c]
    if said:
        lead = "Còn " if said[0][0].isdigit() else ""
        sentences.append(upper_first(lead + "; ".join(said)) + ".")
    return sentences


# ------------------------------------------------------------------ models
def models_in(workbook: Workbook, period: Period) -> list[Model]:
    """Models that exist by the end of ``period`` (built that year or before, or undated)."""
    return [
        m
        for m in workbook.models
        if m.name and (m.year_started is None or m.year_started <= period.end.year)
    ]


def model_sentences(workbook: Workbook, period: Period) -> list[str]:
    models = models_in(workbook, period)
    place = f"Trên địa bàn {admin_word(workbook)}"
    if not models:
        return [f"{place} chưa xây dựng mô hình, điển hình tiên tiến nào."]
    kinds = wordings(workbook, schema.MODEL_KINDS.name, "mô hình")
    good = [m for m in models if m.status == schema.WORKING_WELL]
    sentences = []
    if good:
        by_kind: dict[str, int] = dict.fromkeys(kinds, 0)
        for model in good:
            by_kind[model.kind] = by_kind.get(model.kind, 0) + 1
        parts = [
            f"{count(n)} {_wording(kinds, kind, 'mô hình').phrase if kind else 'mô hình chưa ghi loại'}"
            for kind, n in by_kind.items()
            if n
        ]
        sentences.append(
            f"{place} hiện đang duy trì hoạt động tốt {count(len(good))} mô hình (gồm {'; '.join(parts)})."
        )
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


def nonempty(items: Iterable[str | None]) -> list[str]:
    return [i for i in items if i]
