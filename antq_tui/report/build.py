"""Build the report model from a workbook and a period.

The narrative comes from the rows of sheet ``Nội dung`` that belong to the period
(see ``sources``; one row a paragraph; a row with an empty ``Mục`` continues the
section above; a cell may hold several paragraphs on separate lines). The program
writes the figures: each generated passage goes to the end of its section unless the
narrative names its place with a marker, e.g. "Trên lĩnh vực trật tự an toàn xã hội:
{vụ việc}". A marker may sit inside a sentence ("Kết quả hoạt động: {xếp loại đội},
được nhân dân ghi nhận."): the passage then joins the sentence and any further
sentence of it follows the paragraph. ``{<a Chỉ tiêu>}`` is that indicator's number;
a paragraph starting with ``{tiêu đề}`` names its item's heading.

A period without narrative rows of its own still gives a report that can be sent: an
opening naming the commune and the period, the figures in their sections (headings only
where there is content) and the closing. Number and date come from the period's row of
``Sổ báo cáo``; the annual report of ``Năm báo cáo`` may take them from ``Thông tin
chung``; any other report without its own prints the blank forms to fill in by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from antq_tui.model import schema
from antq_tui.model.dates import format_date
from antq_tui.model.periods import CUSTOM, HALF, YEAR, Period, next_period
from antq_tui.model.records import Section, Workbook
from antq_tui.model.text import Vocabulary, fold_key, format_int, strip_control
from antq_tui.report import wording
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
from antq_tui.report.sources import ReportSources, report_sources, source_notes
from antq_tui.report.totals import Totals, compute_totals
from antq_tui.report.vietnamese import amount, count, decree_date, lower_first, upper_first

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND = "BÁO CÁO"
MOVEMENT = "công tác xây dựng phong trào toàn dân bảo vệ ANTQ"
PART_ONE = "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ"
PART_TWO = "II. NHẬN XÉT, ĐÁNH GIÁ"
DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"
DEFAULT_RECIPIENT = "Lưu: VT"
RECIPIENTS_TITLE = "Nơi nhận:"
BLANK_NUMBER = "Số:        /BC-UBND"
PLAN = "Giải pháp"

# Generated passages, by the marker that places them.
INCIDENTS, MOVEMENT_RESULTS, REGISTRATION, RECOGNITION = (
    "incidents",
    "movement",
    "registration",
    "recognition",
)
TEAMS, TEAM_RESULTS, MODELS, MODEL_KINDS = ("teams", "team_results", "models", "model_kinds")
# A passage whose marker is absent goes with the one before it.
FOLLOWERS = {REGISTRATION: RECOGNITION, TEAMS: TEAM_RESULTS}
MARKERS = {fold_key(name): passage for name, passage in schema.SECTION_MARKERS.items()}
TITLE = fold_key(schema.TITLE_MARKER)
_MARKER = schema.SECTION_MARKER_PATTERN
_DASH = re.compile(r"^[-–—]\s+")
_TITLE_START = re.compile(r"^\{\s*([^{}]*?)\s*\}\s*")
_ITEM_NUMBER = re.compile(r"^(?:[0-9]+|[IVX]+)\.\s*")
# Text after a marker that carries on the marker's sentence.
_CARRIES_ON = ",;:.)"


@dataclass(frozen=True)
class Item:
    """A numbered item of a part: the Nội dung sections it holds and its passages."""

    title: str
    sections: tuple[str, ...]
    passages: tuple[tuple[str, str], ...] = ()  # (passage, section it follows by default)
    title_without_first: str = ""  # the title when the first section is empty


PART_ONE_ITEMS = (
    Item(
        "Công tác lãnh đạo, chỉ đạo thực hiện",
        ("Lãnh đạo, chỉ đạo", "Tình hình an ninh nông thôn"),
        (
            (INCIDENTS, "Tình hình an ninh nông thôn"),
            (MOVEMENT_RESULTS, "Tình hình an ninh nông thôn"),
        ),
        title_without_first="Tình hình an ninh, trật tự",
    ),
    Item(
        "Công tác tuyên truyền vận động toàn dân tham gia bảo vệ ANTQ",
        ("Tuyên truyền, vận động",),
    ),
    Item(
        "Công tác tiếp tục thực hiện Đề án xây dựng “Làng an toàn, khu dân cư an toàn; "
        "cơ quan, doanh nghiệp an toàn về ANTT”",
        ("Làng an toàn",),
        ((REGISTRATION, "Làng an toàn"), (RECOGNITION, "Làng an toàn")),
    ),
    Item(
        "Công tác xây dựng lực lượng an ninh cơ sở, đảm bảo an ninh nông thôn",
        ("Lực lượng an ninh cơ sở",),
        ((TEAMS, "Lực lượng an ninh cơ sở"), (TEAM_RESULTS, "Lực lượng an ninh cơ sở")),
    ),
    Item(
        "Công tác xây dựng, nhân rộng các mô hình, điển hình tiên tiến trong phong trào "
        "toàn dân bảo vệ ANTQ",
        ("Mô hình, điển hình",),
        ((MODELS, "Mô hình, điển hình"),),
    ),
    Item(
        "Kết quả thực hiện các Nghị quyết liên tịch, Chương trình mục tiêu quốc gia xây dựng "
        "nông thôn mới trong phong trào toàn dân bảo vệ ANTQ",
        ("Nghị quyết liên tịch",),
    ),
)
PART_TWO_ITEMS = (
    Item("Ưu điểm", ("Ưu điểm",)),
    Item("Tồn tại, hạn chế", ("Tồn tại, hạn chế",)),
    Item("Giải pháp thực hiện thời gian tiếp theo", (PLAN,)),
)
OPENING = "Mở đầu"


def clean(text: str) -> str:
    """Text fit for both renderers: no control characters, single spaces."""
    return re.sub(r"[ \t\u00a0]+", " ", strip_control(text)).strip()


@dataclass
class _Narrative:
    """The period's Nội dung rows as paragraphs by section (known titles canonical), and
    the headings its ``{tiêu đề}`` paragraphs give their sections' items."""

    paragraphs: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, sections: list[Section]) -> _Narrative:
        narrative = cls()
        for section in sections:
            title = clean(section.title)
            narrative.paragraphs.setdefault(title, [])
            for line in strip_control(section.text).splitlines():
                text = clean(line)
                start = _TITLE_START.match(_DASH.sub("", text))
                if start and fold_key(start.group(1)) == TITLE:
                    heading = _ITEM_NUMBER.sub("", _DASH.sub("", text)[start.end() :]).strip()
                    if heading:
                        narrative.headings.setdefault(title, heading)
                elif text:
                    narrative.paragraphs[title].append(text)
        return narrative

    def get(self, title: str) -> list[str]:
        return self.paragraphs.get(title, [])

    def markers(self) -> list[str]:
        return [
            name for texts in self.paragraphs.values() for t in texts for name in _MARKER.findall(t)
        ]


def _continues_before(text: str) -> bool:
    """Text before a marker that leaves its sentence open ("Ngay từ đầu năm {đăng ký}")."""
    text = text.rstrip()
    return bool(text) and text[-1] not in ".!?:"


def _continues_after(text: str) -> bool:
    """Text after a marker that carries on its sentence (", được nhân dân ghi nhận")."""
    text = text.lstrip()
    return bool(text) and (text[0] in _CARRIES_ON or text[0].islower())


class _Builder:
    def __init__(self, workbook: Workbook, period: Period, tables: bool) -> None:
        self.wb = workbook
        self.period = period
        self.tables = tables
        self.sources: ReportSources = report_sources(workbook, period)
        self.totals: Totals = compute_totals(workbook, period)
        self.narrative = _Narrative.read(self.sources.sections)
        self.indicators = Vocabulary(
            e.value for e in workbook.catalog.entries.get(schema.INDICATORS.name, [])
        )
        names = self.narrative.markers()
        # Passages whose marker appears somewhere: they go there, not to their default place.
        self.marked = {MARKERS[fold_key(n)] for n in names if fold_key(n) in MARKERS}
        # Indicators whose number a marker puts in the narrative: not said again.
        self.numbered = frozenset(
            found for n in names if (found := self.indicators.canonical(n)) is not None
        )
        self.passages = self.write_passages()
        self.placed: set[str] = set()

    # -------------------------------------------------------------- passages
    def write_passages(self) -> dict[str, list[str]]:
        wb, period, totals = self.wb, self.period, self.totals
        incident_text = [wording.incident_sentence(wb, period, totals)]
        for sentence in (
            wording.comparison_sentence(totals),
            wording.year_to_date_sentence(wb, totals),
        ):
            if sentence:
                incident_text.append(sentence)
        with_kinds = MODEL_KINDS not in self.marked
        passages = {
            INCIDENTS: incident_text,
            MOVEMENT_RESULTS: wording.movement_sentences(wb, period, totals, self.numbered),
            REGISTRATION: wording.registration_sentences(wb),
            RECOGNITION: wording.recognition_sentences(wb, period),
            TEAMS: wording.team_sentences(wb),
            TEAM_RESULTS: wording.team_result_sentences(wb),
            MODELS: wording.model_sentences(wb, period, with_kinds=with_kinds),
            MODEL_KINDS: [] if with_kinds else [wording.model_kinds(wb, period)],
        }
        for leader, follower in FOLLOWERS.items():
            if follower not in self.marked:
                passages[leader] = passages[leader] + passages[follower]
                passages[follower] = []
        return passages

    def passage_blocks(self, key: str) -> list[Block]:
        sentences = self.passages.get(key) or []
        self.placed.add(key)
        if not sentences:
            return []
        blocks: list[Block] = [Paragraph([Span(" ".join(sentences), generated=True)])]
        if key == INCIDENTS and self.tables and self.totals.incidents.count:
            blocks.append(self.incident_table())
        return blocks

    def incident_table(self) -> Table:
        rows = [
            [
                name or "Chưa ghi loại",
                format_int(t.count),
                format_int(t.deaths),
                format_int(t.injuries),
                amount(t.damage),
            ]
            for name, t in self.totals.by_category.items()
            if t.count
        ]
        total = self.totals.incidents
        rows.append(
            [
                "Tổng cộng",
                format_int(total.count),
                format_int(total.deaths),
                format_int(total.injuries),
                amount(total.damage),
            ]
        )
        return Table(
            f"Bảng: Vụ việc {self.period.label} theo loại",
            [
                "Loại vụ việc",
                "Số vụ",
                "Số người chết",
                "Số người bị thương",
                "Thiệt hại (triệu đồng)",
            ],
            rows,
            [False, True, True, True, True],
        )

    # -------------------------------------------------------------- narrative
    def indicator_number(self, name: str) -> str:
        number = self.totals.movement.get(name, 0)
        return count(number) if number else "0"

    def paragraph(self, text: str) -> list[Block]:
        """One narrative paragraph, with any markers replaced by their passages."""
        bullet = bool(_DASH.match(text))
        if bullet:
            text = _DASH.sub("", text, count=1)
        pieces = _MARKER.split(text)
        spans: list[Span] = []
        extra: list[Block] = []
        after_paragraph: list[str] = []  # further sentences of passages placed mid-sentence
        for at, piece in enumerate(pieces):
            if at % 2 == 0:
                if piece:
                    spans.append(Span(piece))
                continue
            key = MARKERS.get(fold_key(piece))
            if key is None:
                indicator = self.indicators.canonical(piece)
                if indicator is not None:
                    spans.append(Span(self.indicator_number(indicator), generated=True))
                else:
                    spans.append(Span("{" + piece + "}"))
                continue
            if key in self.placed:
                continue
            sentences = list(self.passages.get(key) or [])
            self.placed.add(key)
            if sentences:
                if _continues_before("".join(span.text for span in spans)):
                    sentences[0] = lower_first(sentences[0])
                following = pieces[at + 1] if at + 1 < len(pieces) else ""
                if _continues_after(following):
                    after_paragraph += sentences[1:]
                    sentences = [sentences[0].rstrip(".")]
                spans.append(Span(" ".join(sentences), generated=True))
            if key == INCIDENTS and self.tables and self.totals.incidents.count:
                extra.append(self.incident_table())
        if after_paragraph:
            spans.append(Span(" " + " ".join(after_paragraph), generated=True))
        spans = _tidy(spans)
        if not spans:
            return extra
        return [Paragraph(spans, bullet=bullet), *extra]

    def section_blocks(self, title: str) -> list[Block]:
        blocks: list[Block] = []
        for text in self.narrative.get(title):
            blocks.extend(self.paragraph(text))
        return blocks

    def item_blocks(self, item: Item) -> tuple[str, list[Block]]:
        blocks: list[Block] = []
        for section in item.sections:
            blocks.extend(self.section_blocks(section))
            for key, after in item.passages:
                if after == section and key not in self.placed | self.marked:
                    blocks.extend(self.passage_blocks(key))
        title = item.title
        if item.title_without_first and not self.narrative.get(item.sections[0]):
            title = item.title_without_first
        own = [self.narrative.headings[s] for s in item.sections if s in self.narrative.headings]
        return (own[0] if own else title), blocks

    def part(self, heading: str, items: list[tuple[str, list[Block]]]) -> list[Block]:
        filled = [(title, blocks) for title, blocks in items if blocks]
        if not filled:
            return []
        out: list[Block] = [Heading(1, heading)]
        for number, (title, blocks) in enumerate(filled, start=1):
            out.append(Heading(2, f"{number}. {title}"))
            out.extend(blocks)
        return out

    # -------------------------------------------------------------- document
    def build(self) -> ReportDocument:
        opening = self.section_blocks(OPENING) or [
            Paragraph([Span(self.default_opening(), generated=True)])
        ]
        # A section the report does not know is left out (the validator warns about it).
        part_one = [self.item_blocks(item) for item in PART_ONE_ITEMS]
        part_two = [self.item_blocks(item) for item in PART_TWO_ITEMS]
        body: list[Block] = [
            *opening,
            *self.part(PART_ONE, part_one),
            *self.part(PART_TWO, part_two),
            Paragraph([Span(self.closing(), generated=True)]),
        ]
        entry = self.sources.entry
        return ReportDocument(
            header=self.header(),
            kind=KIND,
            subject=self.subject(),
            body=body,
            signature=self.signature(),
            period=self.period,
            totals=self.totals,
            notes=self.collect_notes(),
            has_narrative=self.sources.has_narrative,
            register_row=entry.row if entry is not None else None,
        )

    def place_name(self) -> str:
        return f"{wording.admin_word(self.wb)} {clean(self.wb.settings.commune)}".strip()

    def default_opening(self) -> str:
        return (
            f"Ủy ban nhân dân {self.place_name()} báo cáo kết quả {MOVEMENT} "
            f"{self.period.label} như sau:"
        )

    def closing(self) -> str:
        return (
            "Trên đây là kết quả công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc "
            f"{self.period.label} trên địa bàn {self.place_name()}./."
        )

    def subject(self) -> str:
        """ "Tổng kết ... năm 2021 và phương hướng nhiệm vụ năm 2022": the plan only when
        the period's narrative has one (a Giải pháp section)."""
        period = self.period
        following = next_period(period)
        if period.kind == YEAR:
            lead = "Tổng kết"
        elif period.kind == HALF and period.index == 1:
            lead = "Sơ kết"
        else:
            lead = "Kết quả"
        text = f"{lead} {MOVEMENT} {period.label}"
        if following is not None and period.kind != CUSTOM and self.narrative.get(PLAN):
            text += f" và phương hướng nhiệm vụ {following.label}"
        return text

    def header(self) -> Header:
        settings = self.wb.settings
        entry, annual = self.sources.entry, self.sources.annual
        level = (settings.admin_level or schema.ADMIN_LEVELS[0]).upper()
        agency = ["ỦY BAN NHÂN DÂN", f"{level} {clean(settings.commune).upper()}".strip()]
        # Thông tin chung's number and date are the annual report's: never borrowed.
        number = clean(entry.doc_number if entry and entry.doc_number else "")
        if not number and annual:
            number = clean(settings.doc_number)
        if not number:
            number_line = BLANK_NUMBER
        elif number.isdigit():
            number_line = f"Số: {count(int(number))}/BC-UBND"
        else:
            number_line = f"Số: {number}"
        place = clean(settings.place) or clean(settings.commune)
        signed = entry.sign_date if entry else None
        if signed is None and annual:
            signed = settings.sign_date
        if signed is not None:
            when = decree_date(signed)
        else:
            when = f"ngày … tháng … năm {self.period.end.year}"
        return Header(
            agency, number_line, NATION, MOTTO, f"{place}, {when}" if place else upper_first(when)
        )

    def signature(self) -> Signature:
        settings = self.wb.settings
        entry = self.sources.entry
        recipients = (entry.recipients if entry else "") or settings.recipients
        title = (entry.signer_title if entry else "") or settings.signer_title
        signer = (entry.signer if entry else "") or settings.signer
        return Signature(
            RECIPIENTS_TITLE,
            recipient_lines(recipients.splitlines()),
            clean(settings.sign_authority or DEFAULT_AUTHORITY).upper(),
            clean(title or DEFAULT_SIGNER_TITLE).upper(),
            clean(signer),
        )

    def collect_notes(self) -> list[str]:
        sources, period = self.sources, self.period
        notes = source_notes(sources)
        signed = sources.entry.sign_date if sources.entry else None
        if signed is not None and signed < period.end:
            notes.append(
                f"Ngày ký {format_date(signed)} ở trước ngày cuối kỳ {format_date(period.end)}."
            )
        if self.totals.undated:
            notes.append(
                f"{count(self.totals.undated)} vụ việc chưa có ngày xảy ra hợp lệ nên không được tính."
            )
        if self.totals.undated_results:
            notes.append(
                f"{count(self.totals.undated_results)} kết quả phong trào chưa có ngày hợp lệ "
                "nên không được tính."
            )
        if self.totals.previous is None:
            before = self.totals.previous_period
            notes.append(
                f"Sổ không có số liệu cùng kỳ năm trước ({before.label}): số liệu chưa ghi từ "
                f"ngày {format_date(before.start)} nên báo cáo không so sánh; nếu sổ ghi đủ từ "
                "ngày đó, ghi ngày vào mục “Số liệu từ ngày” ở trang Thông tin chung."
            )
        return notes


def recipient_lines(lines: list[str]) -> list[str]:
    """Nơi nhận as the decree writes it: "- X;" each, the last "- Lưu: VT." (the default)."""
    names = [_DASH.sub("", clean(line)).lstrip("-").strip().rstrip(".;,") for line in lines]
    names = [name for name in names if name] or [DEFAULT_RECIPIENT]
    return [f"- {name}{'.' if at == len(names) - 1 else ';'}" for at, name in enumerate(names)]


def _tidy(spans: list[Span]) -> list[Span]:
    """Drop empty spans and the double space a marker without content leaves behind."""
    out: list[Span] = []
    for span in spans:
        text = span.text
        if out and out[-1].text.endswith(" "):
            text = text.lstrip(" ")
        if text:
            out.append(Span(text, span.generated))
    if out:
        out[0] = Span(out[0].text.lstrip(), out[0].generated)
        out[-1] = Span(out[-1].text.rstrip(), out[-1].generated)
    return [s for s in out if s.text]


def build_report(workbook: Workbook, period: Period, *, tables: bool = False) -> ReportDocument:
    """The one report model for ``period``; ``tables`` adds a table of incidents by category."""
    return _Builder(workbook, period, tables).build()
