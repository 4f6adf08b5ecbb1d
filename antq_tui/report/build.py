"""Build the report model from a workbook and a period.

The narrative comes from sheet ``Nội dung`` (one row a paragraph; a row with an
empty ``Mục`` continues the section above; a cell may hold several paragraphs on
separate lines). The program writes the figures: each generated passage goes to
the end of its section unless the narrative names its place with a marker, e.g. a
paragraph "Trên lĩnh vực trật tự an toàn xã hội: {vụ việc}". Markers:
``{vụ việc}``, ``{phong trào}``, ``{đăng ký}``, ``{đội tự quản}``, ``{mô hình}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from antq_tui.model import schema
from antq_tui.model.periods import CUSTOM, HALF, YEAR, Period, next_period
from antq_tui.model.records import Workbook
from antq_tui.model.text import fold_key, format_int, strip_control
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
from antq_tui.report.totals import Totals, compute_totals
from antq_tui.report.vietnamese import amount, count, decree_date, upper_first

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

# Generated passages, by the marker that places them.
INCIDENTS, MOVEMENT_RESULTS, REGISTRATION, TEAMS, MODELS = (
    "incidents",
    "movement",
    "registration",
    "teams",
    "models",
)
MARKERS = {fold_key(name): passage for name, passage in schema.SECTION_MARKERS.items()}
_MARKER = schema.SECTION_MARKER_PATTERN
_DASH = re.compile(r"^[-–—]\s+")


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
        ((REGISTRATION, "Làng an toàn"),),
    ),
    Item(
        "Công tác xây dựng lực lượng an ninh cơ sở, đảm bảo an ninh nông thôn",
        ("Lực lượng an ninh cơ sở",),
        ((TEAMS, "Lực lượng an ninh cơ sở"),),
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
    Item("Giải pháp thực hiện thời gian tiếp theo", ("Giải pháp",)),
)
OPENING = "Mở đầu"


def clean(text: str) -> str:
    """Text fit for both renderers: no control characters, single spaces."""
    return re.sub(r"[ \t\u00a0]+", " ", strip_control(text)).strip()


@dataclass
class _Narrative:
    """Sheet Nội dung as paragraphs by section (known titles in their canonical spelling)."""

    paragraphs: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, workbook: Workbook) -> _Narrative:
        narrative = cls()
        current = ""
        for section in workbook.sections:
            title = clean(section.title)
            if title:
                current = title
            narrative.paragraphs.setdefault(current, [])
            for line in strip_control(section.text).splitlines():
                if clean(line):
                    narrative.paragraphs[current].append(clean(line))
        return narrative

    def get(self, title: str) -> list[str]:
        return self.paragraphs.get(title, [])


class _Builder:
    def __init__(self, workbook: Workbook, period: Period, tables: bool) -> None:
        self.wb = workbook
        self.period = period
        self.tables = tables
        self.totals: Totals = compute_totals(workbook, period)
        self.narrative = _Narrative.read(workbook)
        self.passages = self.write_passages()
        self.placed: set[str] = set()
        # Passages whose marker appears somewhere: they go there, not to their default place.
        self.marked = {
            MARKERS[fold_key(name)]
            for paragraphs in self.narrative.paragraphs.values()
            for text in paragraphs
            for name in _MARKER.findall(text)
            if fold_key(name) in MARKERS
        }

    # -------------------------------------------------------------- passages
    def write_passages(self) -> dict[str, list[str]]:
        wb, period = self.wb, self.period
        incident_text = [wording.incident_sentence(wb, period, self.totals.rows)]
        comparison = wording.comparison_sentence(self.totals)
        if comparison:
            incident_text.append(comparison)
        return {
            INCIDENTS: incident_text,
            MOVEMENT_RESULTS: [wording.movement_sentence(wb, period, self.totals)],
            REGISTRATION: wording.registration_sentences(wb),
            TEAMS: wording.team_sentences(wb),
            MODELS: wording.model_sentences(wb, period),
        }

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
    def paragraph(self, text: str) -> list[Block]:
        """One narrative paragraph, with any markers replaced by their passages."""
        bullet = bool(_DASH.match(text))
        if bullet:
            text = _DASH.sub("", text, count=1)
        pieces = _MARKER.split(text)
        spans: list[Span] = []
        extra: list[Block] = []
        for at, piece in enumerate(pieces):
            if at % 2 == 0:
                if piece:
                    spans.append(Span(piece))
                continue
            key = MARKERS.get(fold_key(piece))
            if key is None or key in self.placed:
                if key is None:
                    spans.append(Span("{" + piece + "}"))
                continue
            sentences = self.passages.get(key) or []
            self.placed.add(key)
            if sentences:
                spans.append(Span(" ".join(sentences), generated=True))
            if key == INCIDENTS and self.tables and self.totals.incidents.count:
                extra.append(self.incident_table())
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
        return title, blocks

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
        return ReportDocument(
            header=self.header(),
            kind=KIND,
            subject=self.subject(),
            body=body,
            signature=self.signature(),
            period=self.period,
            totals=self.totals,
            notes=self.collect_notes(),
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
        period = self.period
        following = next_period(period)
        if period.kind == YEAR:
            lead = "Tổng kết"
        elif period.kind == HALF and period.index == 1:
            lead = "Sơ kết"
        else:
            lead = "Kết quả"
        text = f"{lead} {MOVEMENT} {period.label}"
        if following is not None and period.kind != CUSTOM:
            text += f" và phương hướng nhiệm vụ {following.label}"
        return text

    def header(self) -> Header:
        settings = self.wb.settings
        level = (settings.admin_level or schema.ADMIN_LEVELS[0]).upper()
        agency = ["ỦY BAN NHÂN DÂN", f"{level} {clean(settings.commune).upper()}".strip()]
        number = clean(settings.doc_number)
        if not number:
            number_line = "Số:        /BC-UBND"
        elif number.isdigit():
            number_line = f"Số: {count(int(number))}/BC-UBND"
        else:
            number_line = f"Số: {number}"
        place = clean(settings.place) or clean(settings.commune)
        if settings.sign_date is not None:
            when = decree_date(settings.sign_date)
        else:
            when = f"ngày      tháng      năm {self.period.end.year}"
        return Header(
            agency, number_line, NATION, MOTTO, f"{place}, {when}" if place else upper_first(when)
        )

    def signature(self) -> Signature:
        settings = self.wb.settings
        lines = [clean(line) for line in settings.recipients.splitlines()]
        lines = [_DASH.sub("", line).lstrip("-").strip().rstrip(".;,") for line in lines if line]
        lines = [line for line in lines if line] or [DEFAULT_RECIPIENT]
        recipients = [
            f"- {line}{'.' if at == len(lines) - 1 else ';'}" for at, line in enumerate(lines)
        ]
        return Signature(
            RECIPIENTS_TITLE,
            recipients,
            clean(settings.sign_authority or DEFAULT_AUTHORITY).upper(),
            clean(settings.signer_title or DEFAULT_SIGNER_TITLE).upper(),
            clean(settings.signer),
        )

    def collect_notes(self) -> list[str]:
        notes = []
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
            notes.append(
                f"Sổ không có số liệu cùng kỳ năm trước ({self.totals.previous_period.label}) "
                "nên báo cáo không so sánh."
            )
        return notes


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
