"""The province's summary report of a rollup, in the report model the DOCX renderer draws.

The layout is the communes' (Nghị định 30/2020: agency and number, national title, place
and date, BÁO CÁO and its subject, body, Nơi nhận and signature); the agency lines, the
number's symbol, the place and the signer come from the caller (options or the config
file's ``[rollup]`` table), with the province's people's committee as the default. The
body is generated: how many communes and which period (its dates and cut-off named), the
total and its change against last year's period, the categories and the communes with
the most incidents, a table by commune, the movement's results and the standing counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from antq_tui.model import schema
from antq_tui.model.dates import format_date
from antq_tui.model.periods import previous_year
from antq_tui.model.text import fold_key, format_int
from antq_tui.report.build import (
    BLANK_NUMBER,
    DEFAULT_AUTHORITY,
    DEFAULT_SIGNER_TITLE,
    KIND,
    MOTTO,
    MOVEMENT,
    NATION,
    PART_ONE,
    RECIPIENTS_TITLE,
    clean,
    recipient_lines,
)
from antq_tui.report.model import (
    Block,
    Header,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Span,
    Table,
)
from antq_tui.report.rollup.figures import CommuneRow, Figures, Rollup, comparable_total
from antq_tui.report.rollup.letterhead import Letterhead
from antq_tui.report.rollup.run import SETTING_NAMES
from antq_tui.report.totals import Totals
from antq_tui.report.vietnamese import amount, count, join, lower_first, percent
from antq_tui.report.wording import SAFE_TITLE, TEAM, comparison_sentence, same_period_name

TOP = 3  # categories and communes named as having the most incidents


def province_name(province: str) -> str:
    """ "tỉnh Hà Tĩnh"; a name that says what it is ("Thành phố Huế") kept as written; ""
    when no workbook names its province."""
    name = clean(province)
    if not name:
        return ""
    first = fold_key(name).split(" ", 1)[0]
    if first in (fold_key("tỉnh"), fold_key("thành")):
        return lower_first(name)
    return f"tỉnh {name}"


def _totals(rollup: Rollup, figures: Figures) -> Totals:
    """The province's figures as ``totals`` shapes them, for the sentences that read those."""
    period = rollup.period
    return Totals(
        period=period,
        incidents=figures.incidents,
        by_category=figures.by_category,
        by_village=figures.by_village,
        movement=figures.movement,
        previous_period=previous_year(period),
        previous=figures.previous,
        undated=figures.undated,
        standing=figures.standing,
    )


def _levels(rows: list[CommuneRow]) -> str:
    """ "248 xã, 02 phường"."""
    levels = Counter((row.admin_level or "Xã").lower() for row in rows)
    order = {level.lower(): at for at, level in enumerate(schema.ADMIN_LEVELS)}
    ranked = sorted(levels.items(), key=lambda item: order.get(item[0], len(order)))
    return ", ".join(f"{count(n)} {level}" for level, n in ranked) or "0 xã"


class _Builder:
    def __init__(self, rollup: Rollup, letterhead: Letterhead) -> None:
        self.rollup = rollup
        self.head = letterhead
        self.period = rollup.period
        self.total = rollup.total
        self.totals = _totals(rollup, rollup.total)
        self.place = province_name(rollup.province)
        self.where = f" trên địa bàn {self.place}" if self.place else ""

    # -------------------------------------------------------------- sentences
    def opening(self) -> list[str]:
        rollup, period = self.rollup, self.period
        sentences = [
            f"Trên cơ sở sổ theo dõi phong trào toàn dân bảo vệ ANTQ của "
            f"{_levels(rollup.communes)}{self.where}, tổng hợp kết quả {MOVEMENT} "
            f"{period.label} như sau:"
        ]
        cutoff = SETTING_NAMES[period.cutoff]
        sentences.append(
            f"Số liệu tính {period.range_text} (kỳ chốt số liệu: {cutoff}), chung cho mọi xã."
        )
        if rollup.errors:
            names = join([e.file.name for e in rollup.errors])
            sentences.append(
                f"Chưa tổng hợp {count(len(rollup.errors))} tệp ({names}) vì không đọc được, "
                "sổ còn lỗi hoặc trùng xã với tệp khác; số liệu dưới đây chưa gồm các tệp này."
            )
        return sentences

    def incident_sentences(self) -> list[str]:
        tally = self.total.incidents
        opening = f"Trong {self.period.label}, trên địa bàn {_levels(self.rollup.communes)}"
        if not tally.count:
            return [f"{opening} không xảy ra vụ việc nào về an ninh, trật tự."]
        sentence = f"{opening} xảy ra {count(tally.count)} vụ việc về an ninh, trật tự"
        harm = []
        if tally.deaths:
            harm.append(f"làm chết {count(tally.deaths)} người")
        if tally.injuries:
            harm.append(f"bị thương {count(tally.injuries)} người")
        if tally.damage:
            harm.append(f"thiệt hại khoảng {amount(tally.damage)} triệu đồng")
        sentences = [sentence + (", " + ", ".join(harm) if harm else "") + "."]
        sentences += self.comparison()
        sentences += self.most_categories()
        sentences += self.most_communes()
        return sentences

    def comparison(self) -> list[str]:
        """Against last year's period: every commune's, or those that have it, said so."""
        rows = self.rollup.communes
        compared = self.rollup.compared
        if self.total.previous is not None:
            sentence = comparison_sentence(self.totals)
            return [sentence] if sentence else []
        sub = comparable_total(rows)
        if sub is None:
            return ["Các sổ chưa có số liệu cùng kỳ năm trước nên chưa so sánh được."]
        totals = _totals(self.rollup, sub)
        sentence = comparison_sentence(totals)
        if sentence is None:  # none in those communes this period
            before = sub.previous.count if sub.previous else 0
            sentence = (
                f"So với {same_period_name(totals)} giảm {count(before)} vụ."
                if before
                else f"So với {same_period_name(totals)}, số vụ việc không tăng, không giảm."
            )
        return [
            sentence.rstrip(".")
            + f" (so sánh trên {count(len(compared))}/{count(len(rows))} xã có số liệu cùng kỳ)."
        ]

    def most_categories(self) -> list[str]:
        whole = self.total.incidents.count
        ranked = sorted(
            ((name, t.count) for name, t in self.total.by_category.items() if t.count),
            key=lambda item: -item[1],
        )[:TOP]
        if len(ranked) < 2:
            return []
        parts = [f"{lower_first(name)} {count(n)} vụ ({percent(n, whole)})" for name, n in ranked]
        return [f"Các loại vụ việc xảy ra nhiều nhất: {'; '.join(parts)}."]

    def most_communes(self) -> list[str]:
        ranked = sorted(
            (row for row in self.rollup.communes if row.figures.incidents.count),
            key=lambda row: -row.figures.incidents.count,
        )[:TOP]
        if len(ranked) < 2:
            return []
        parts = [f"{row.name} {count(row.figures.incidents.count)} vụ" for row in ranked]
        return [f"Các xã xảy ra nhiều vụ việc nhất: {join(parts)}."]

    def movement_sentences(self) -> list[str]:
        flows = [
            f"{lower_first(name)}: {format_int(n)}"
            for name, n in self.total.movement.items()
            if n and name not in self.total.standing
        ]
        standing = [
            f"{lower_first(name)}: {format_int(n)}"
            for name, n in self.total.movement.items()
            if n and name in self.total.standing
        ]
        sentences = []
        if flows:
            sentences.append(f"Kết quả phong trào quần chúng của các xã: {'; '.join(flows)}.")
        if standing:
            sentences.append(
                f"Tính đến ngày {format_date(self.period.end)}: {'; '.join(standing)}."
            )
        return sentences or [
            f"Trong {self.period.label}, các sổ chưa ghi nhận kết quả nào của phong trào quần chúng."
        ]

    def safety_sentences(self) -> list[str]:
        sentences = []
        for group, word in ((self.total.villages, "thôn, tổ dân phố"),
                            (self.total.units, "cơ quan, trường học, doanh nghiệp")):  # fmt: skip
            if not group.total:
                continue
            sentences.append(
                f"Có {count(group.registered)}/{count(group.total)} {word} đăng ký danh hiệu "
                f"{SAFE_TITLE} ({percent(group.registered, group.total)}), "
                f"{count(group.recognised)} {word} được công nhận."
            )
        return sentences

    def team_sentences(self) -> list[str]:
        teams = self.total.teams
        if not teams.total:
            return [f"Các sổ chưa ghi {TEAM} nào."]
        return [
            f"Các xã có {count(teams.total)} {TEAM}, trong đó {count(teams.good)} đội xếp loại "
            f"hoạt động tốt ({percent(teams.good, teams.total)})."
        ]

    def model_sentences(self) -> list[str]:
        models = self.total.models
        if not models.total:
            return ["Các sổ chưa ghi mô hình, điển hình tiên tiến nào."]
        return [
            f"Có {count(models.good)}/{count(models.total)} mô hình hoạt động tốt "
            f"({percent(models.good, models.total)})."
        ]

    # -------------------------------------------------------------- tables
    def _by_commune(
        self, title: str, headers: list[str], cells: Callable[[str, Figures], list[str]]
    ) -> Table:
        """One row a commune, then the total; the name column left, figures right."""
        rows = [cells(row.commune, row.figures) for row in self.rollup.communes]
        rows.append(cells("Tổng cộng", self.total))
        return Table(title, headers, rows, [False] + [True] * (len(headers) - 1))

    def incident_table(self) -> Table:
        return self._by_commune(
            f"Bảng 1: Vụ việc {self.period.label} theo xã",
            ["Xã", "Số vụ", "Số người chết", "Số người bị thương", "Cùng kỳ năm trước",
             "Tăng, giảm"],
            self._incident_row,
        )  # fmt: skip

    @staticmethod
    def _incident_row(name: str, figures: Figures) -> list[str]:
        tally, change = figures.incidents, figures.change
        return [
            name,
            format_int(tally.count),
            format_int(tally.deaths),
            format_int(tally.injuries),
            "-" if figures.previous is None else format_int(figures.previous.count),
            "-"
            if change is None
            else (f"+{format_int(change)}" if change > 0 else format_int(change)),
        ]

    def movement_table(self) -> Table:
        return self._by_commune(
            "Bảng 2: “An toàn về ANTT”, Đội tự quản, mô hình theo xã",
            ["Xã", "Thôn đăng ký", "Thôn công nhận", "Đơn vị đăng ký", "Đội tốt",
             "Mô hình tốt"],
            self._movement_row,
        )  # fmt: skip

    @staticmethod
    def _movement_row(name: str, figures: Figures) -> list[str]:
        villages, units = figures.villages, figures.units
        return [
            name,
            f"{format_int(villages.registered)}/{format_int(villages.total)}",
            format_int(villages.recognised),
            f"{format_int(units.registered)}/{format_int(units.total)}",
            f"{format_int(figures.teams.good)}/{format_int(figures.teams.total)}",
            f"{format_int(figures.models.good)}/{format_int(figures.models.total)}",
        ]

    # -------------------------------------------------------------- document
    @staticmethod
    def paragraph(sentences: list[str]) -> Paragraph:
        return Paragraph([Span(" ".join(sentences), generated=True)])

    def body(self) -> list[Block]:
        items: list[tuple[str, list[Block]]] = [
            (
                "Tình hình an ninh, trật tự",
                [self.paragraph(self.incident_sentences()), self.incident_table()],
            ),
            ("Kết quả phong trào quần chúng", [self.paragraph(self.movement_sentences())]),
            (
                "Xây dựng “Làng an toàn, khu dân cư an toàn; cơ quan, doanh nghiệp an toàn "
                "về ANTT”",
                [self.paragraph(safety)] if (safety := self.safety_sentences()) else [],
            ),
            ("Lực lượng an ninh cơ sở", [self.paragraph(self.team_sentences())]),
            (
                "Mô hình, điển hình tiên tiến",
                [self.paragraph(self.model_sentences()), self.movement_table()],
            ),
        ]
        body: list[Block] = [self.paragraph([s]) for s in self.opening()]
        body.append(Heading(1, PART_ONE))
        number = 0
        for title, blocks in items:
            if blocks:
                number += 1
                body.append(Heading(2, f"{number}. {title}"))
                body += blocks
        body.append(
            self.paragraph(
                [
                    "Trên đây là báo cáo tổng hợp kết quả công tác xây dựng phong trào toàn dân "
                    f"bảo vệ an ninh Tổ quốc {self.period.label}{self.where}./."
                ]
            )
        )
        return body

    def header(self) -> Header:
        agency = [clean(line).upper() for line in self.head.agency if clean(line)]
        if not agency:
            agency = ["ỦY BAN NHÂN DÂN", self.place.upper()] if self.place else ["ỦY BAN NHÂN DÂN"]
        number = clean(self.head.number)
        if not number:
            number_line = BLANK_NUMBER
        elif "/" in number:
            number_line = f"Số: {number}"
        else:
            number_line = f"Số:        /{number}"
        place = clean(self.head.place) or clean(self.rollup.province)
        when = f"ngày … tháng … năm {self.period.end.year}"
        return Header(agency, number_line, NATION, MOTTO, f"{place}, {when}" if place else when)

    def signature(self) -> Signature:
        head = self.head
        return Signature(
            RECIPIENTS_TITLE,
            recipient_lines(head.recipients),
            clean(head.authority or DEFAULT_AUTHORITY).upper(),
            clean(head.signer_title or DEFAULT_SIGNER_TITLE).upper(),
            clean(head.signer),
        )

    def build(self) -> ReportDocument:
        subject = f"Tổng hợp kết quả {MOVEMENT} {self.period.label}{self.where}"
        return ReportDocument(
            header=self.header(),
            kind=KIND,
            subject=subject,
            body=self.body(),
            signature=self.signature(),
            period=self.period,
            totals=self.totals,
            notes=list(self.rollup.notes),
        )


def build_rollup_report(rollup: Rollup, letterhead: Letterhead | None = None) -> ReportDocument:
    """The province's report of ``rollup`` (see the module's docstring)."""
    return _Builder(rollup, letterhead or Letterhead()).build()
