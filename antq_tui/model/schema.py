"""The workbook described once, as data.

Sheets, their columns, which are required, their types and allowed-value lists,
the settings keys and the report's narrative sections. The template builder, the
loader, the validator, the TUI's forms and the ``Hướng dẫn`` sheet all read this.
Adding a column is one line here (plus the record field it fills).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"  # several lines (narrative, recipients)
    DATE = "date"
    COUNT = "count"  # whole number >= 0
    AMOUNT = "amount"  # number >= 0 (money)
    YEAR = "year"
    CHOICE = "choice"  # one of a fixed list or a Danh mục list
    YES_NO = "yes_no"
    VILLAGE = "village"  # a row of sheet Thôn
    PERIOD = "period"  # a report period as staff write it ("Quý I/2023"), see period_tags


YES = "Có"
NO = "Không"
YES_NO_VALUES = (YES, NO)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()  # a fixed list of allowed values
    catalog: str | None = None  # or the name of a Danh mục list
    width: int = 14
    help: str = ""
    # Added after workbooks were in use: a sheet without this header reads as if the
    # column were blank, and the validator says nothing of its absence.
    optional_header: bool = False

    @property
    def has_allowed_values(self) -> bool:
        return (
            bool(self.choices)
            or self.catalog is not None
            or self.kind
            in (
                Kind.YES_NO,
                Kind.VILLAGE,
            )
        )


@dataclass(frozen=True)
class SheetSpec:
    name: str
    key: str  # short English name used in code ("incidents")
    columns: tuple[Column, ...]
    help: str
    # Fields that identify a record; two rows agreeing on all of them are duplicates.
    identity: tuple[str, ...] = ()

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    @property
    def optional_headers(self) -> tuple[str, ...]:
        """Headers a workbook may lack without a word (see ``Column.optional_header``)."""
        return tuple(c.header for c in self.columns if c.optional_header)


# ---------------------------------------------------------------- fixed lists
RECOGNITION = ("Đạt", "Không đạt", "Chưa xét")
RECOGNISED = "Đạt"
UNIT_KINDS = ("Trường học", "Cơ quan", "Doanh nghiệp")
RATINGS = ("Tốt", "Khá", "Trung bình", "Yếu")
MODEL_STATUSES = ("Hoạt động tốt", "Hình thức", "Ngừng hoạt động")
WORKING_WELL = "Hoạt động tốt"
ADMIN_LEVELS = ("Xã", "Phường", "Thị trấn")
CUTOFF_CALENDAR = "Năm dương lịch"
CUTOFF_ND09 = "Nghị định 09/2019"
CUTOFFS = (CUTOFF_CALENDAR, CUTOFF_ND09)

_REGISTERED = 'Đăng ký "An toàn về ANTT"'

# ---------------------------------------------------------------- data sheets
_NOTE = Column("Ghi chú", "note", width=30, help="Ghi chú tùy ý.")

# The old commune a row came from when several communes' workbooks were merged into one
# (``antq merge``): the last column of every data sheet, of Nội dung and of Sổ báo cáo.
# Blank in an ordinary workbook. A Nội dung or Sổ báo cáo row that names an old commune
# belongs to that commune's old reports and is never used in the new commune's.
ORIGIN = Column(
    "Xã cũ",
    "origin",
    width=16,
    optional_header=True,
    help="Xã (phường) cũ mà hàng này thuộc về trước khi sáp nhập, do lệnh antq merge ghi; "
    "để trống ở sổ của một xã.",
)


def _registration_columns(subject: str) -> tuple[Column, ...]:
    """Registration for "An toàn về ANTT" and its result: villages and units alike."""
    return (
        Column(
            _REGISTERED,
            "registered",
            Kind.YES_NO,
            required=True,
            width=20,
            help=f'{subject} có đăng ký danh hiệu "An toàn về ANTT" trong năm không: Có hoặc Không.',
        ),
        Column(
            "Kết quả công nhận",
            "recognition",
            Kind.CHOICE,
            choices=RECOGNITION,
            width=18,
            help="Kết quả xét công nhận: Đạt, Không đạt hoặc Chưa xét.",
        ),
        Column(
            "Số năm liên tục đạt",
            "years_in_row",
            Kind.COUNT,
            width=12,
            help="Số năm liền đạt danh hiệu tính đến năm báo cáo.",
        ),
    )


VILLAGES = SheetSpec(
    name="Thôn",
    key="villages",
    help="Mỗi hàng là một thôn (làng, tổ dân phố) của xã.",
    # Not by Xã cũ: the other sheets name a village by its name alone.
    identity=("name",),
    columns=(
        Column("Tên thôn", "name", required=True, width=22, help="Tên thôn, làng."),
        Column("Số hộ", "households", Kind.COUNT, width=10, help="Số hộ gia đình."),
        Column("Số nhân khẩu", "population", Kind.COUNT, width=14, help="Số nhân khẩu."),
        *_registration_columns("Thôn"),
        _NOTE,
        ORIGIN,
    ),
)

UNITS = SheetSpec(
    name="Cơ quan - Trường học",
    key="units",
    help="Mỗi hàng là một trường học, cơ quan hoặc doanh nghiệp trên địa bàn.",
    identity=("name", "origin"),
    columns=(
        Column(
            "Tên đơn vị", "name", required=True, width=30, help="Tên trường, cơ quan, doanh nghiệp."
        ),
        Column(
            "Loại đơn vị",
            "kind",
            Kind.CHOICE,
            required=True,
            choices=UNIT_KINDS,
            width=16,
            help="Trường học, Cơ quan hoặc Doanh nghiệp.",
        ),
        *_registration_columns("Đơn vị"),
        _NOTE,
        ORIGIN,
    ),
)

INCIDENTS = SheetSpec(
    name="Vụ việc",
    key="incidents",
    help="Mỗi hàng là một vụ việc về an ninh, trật tự xảy ra trên địa bàn xã.",
    identity=("date", "village", "category", "summary", "origin"),
    columns=(
        Column("STT", "number", Kind.COUNT, width=6, help="Số thứ tự (không bắt buộc)."),
        Column(
            "Ngày xảy ra",
            "date",
            Kind.DATE,
            required=True,
            width=13,
            help="Ngày xảy ra vụ việc, gõ theo dạng ngày/tháng/năm, ví dụ 05/03/2021.",
        ),
        Column(
            "Thôn",
            "village",
            Kind.VILLAGE,
            required=True,
            width=18,
            help="Thôn nơi xảy ra, phải có trong trang Thôn.",
        ),
        Column(
            "Loại vụ việc",
            "category",
            Kind.CHOICE,
            required=True,
            catalog="Loại vụ việc",
            width=22,
            help="Chọn trong danh sách; thêm loại mới ở trang Danh mục.",
        ),
        Column("Tóm tắt", "summary", width=40, help="Tóm tắt ngắn gọn diễn biến, nguyên nhân."),
        Column("Số người chết", "deaths", Kind.COUNT, width=10, help="Số người chết (số nguyên)."),
        Column(
            "Số người bị thương",
            "injuries",
            Kind.COUNT,
            width=12,
            help="Số người bị thương (số nguyên).",
        ),
        Column(
            "Thiệt hại (triệu đồng)",
            "damage",
            Kind.AMOUNT,
            width=14,
            help="Giá trị thiệt hại ước tính, đơn vị triệu đồng.",
        ),
        Column(
            "Xử lý",
            "handling",
            Kind.CHOICE,
            catalog="Xử lý",
            width=26,
            help="Kết quả xử lý; chọn trong danh sách ở trang Danh mục.",
        ),
        _NOTE,
        ORIGIN,
    ),
)

TEAMS = SheetSpec(
    name="Đội tự quản",
    key="teams",
    help="Mỗi hàng là một Đội tự quản về an ninh, trật tự.",
    identity=("name", "village", "origin"),
    columns=(
        Column("Tên đội", "name", required=True, width=30, help="Tên đội tự quản."),
        Column(
            "Thôn",
            "village",
            Kind.VILLAGE,
            required=True,
            width=18,
            help="Thôn của đội, phải có trong trang Thôn.",
        ),
        Column("Đội trưởng", "leader", width=22, help="Họ tên đội trưởng."),
        Column("Số thành viên", "members", Kind.COUNT, width=10, help="Số thành viên của đội."),
        Column(
            "Xếp loại",
            "rating",
            Kind.CHOICE,
            required=True,
            choices=RATINGS,
            width=12,
            help="Tốt, Khá, Trung bình hoặc Yếu.",
        ),
        Column(
            "Chi trả phụ cấp",
            "allowance",
            Kind.YES_NO,
            width=12,
            help="Thành viên có được chi trả phụ cấp không: Có hoặc Không.",
        ),
        Column(
            "Đã tập huấn",
            "trained",
            Kind.YES_NO,
            width=12,
            help="Thành viên đã được tập huấn nghiệp vụ chưa: Có hoặc Không.",
        ),
        _NOTE,
        ORIGIN,
    ),
)

MODELS = SheetSpec(
    name="Mô hình",
    key="models",
    help="Mỗi hàng là một mô hình, điển hình tiên tiến trong phong trào.",
    identity=("name", "origin"),
    columns=(
        Column("Tên mô hình", "name", required=True, width=40, help="Tên mô hình."),
        Column(
            "Loại mô hình",
            "kind",
            Kind.CHOICE,
            required=True,
            catalog="Loại mô hình",
            width=28,
            help="Chọn trong danh sách; thêm loại mới ở trang Danh mục.",
        ),
        Column("Đơn vị chủ trì", "host", width=24, help="Thôn, trường, đoàn thể chủ trì."),
        Column(
            "Năm xây dựng", "year_started", Kind.YEAR, width=10, help="Năm bắt đầu, ví dụ 2019."
        ),
        Column(
            "Tình trạng",
            "status",
            Kind.CHOICE,
            required=True,
            choices=MODEL_STATUSES,
            width=18,
            help="Hoạt động tốt, Hình thức hoặc Ngừng hoạt động.",
        ),
        _NOTE,
        ORIGIN,
    ),
)

RESULTS = SheetSpec(
    name="Kết quả phong trào",
    key="results",
    help="Mỗi hàng là một kết quả của phong trào quần chúng, ghi theo ngày.",
    identity=("date", "indicator", "village", "note", "origin"),
    columns=(
        Column(
            "Ngày",
            "date",
            Kind.DATE,
            required=True,
            width=13,
            help="Ngày ghi nhận kết quả, dạng ngày/tháng/năm.",
        ),
        Column(
            "Chỉ tiêu",
            "indicator",
            Kind.CHOICE,
            required=True,
            catalog="Chỉ tiêu",
            width=40,
            help="Chọn trong danh sách; thêm chỉ tiêu mới ở trang Danh mục.",
        ),
        Column(
            "Số lượng",
            "quantity",
            Kind.COUNT,
            required=True,
            width=10,
            help="Số lượng (số nguyên).",
        ),
        Column(
            "Thôn",
            "village",
            Kind.VILLAGE,
            width=18,
            help="Thôn (nếu có), phải có trong trang Thôn.",
        ),
        _NOTE,
        ORIGIN,
    ),
)

DATA_SHEETS: tuple[SheetSpec, ...] = (INCIDENTS, VILLAGES, UNITS, TEAMS, MODELS, RESULTS)

_PERIOD_HELP = (
    "Kỳ của báo cáo, ví dụ Năm 2023, 6 tháng đầu năm 2023, Quý I/2023, Tháng 3/2023 (hoặc 03/2023)."
)

# Sổ báo cáo: one row a report sent. Optional: a workbook without it reads as before.
REGISTER = SheetSpec(
    name="Sổ báo cáo",
    key="register",
    help="Mỗi hàng là một báo cáo đã hoặc sẽ gửi: số, ngày ký, người ký, nơi nhận của kỳ đó. "
    "Ô để trống thì lấy ở trang Thông tin chung, trừ số và ngày ký: báo cáo tháng, quý, "
    "6 tháng không có số, ngày riêng thì để trống để ghi tay.",
    identity=("period", "origin"),
    columns=(
        Column("Kỳ báo cáo", "period", Kind.PERIOD, required=True, width=24, help=_PERIOD_HELP),
        Column(
            "Số ký hiệu",
            "doc_number",
            width=14,
            help="Số của báo cáo, ví dụ 25 (in thành Số: 25/BC-UBND).",
        ),
        Column(
            "Ngày ký",
            "sign_date",
            Kind.DATE,
            width=13,
            help="Ngày ký báo cáo, dạng ngày/tháng/năm; không trước ngày cuối kỳ.",
        ),
        Column(
            "Người ký", "signer", width=22, help="Họ tên người ký; để trống: như Thông tin chung."
        ),
        Column(
            "Chức vụ người ký",
            "signer_title",
            width=16,
            help="Ví dụ CHỦ TỊCH, KT. CHỦ TỊCH; để trống: như Thông tin chung.",
        ),
        Column(
            "Nơi nhận",
            "recipients",
            Kind.LONG_TEXT,
            width=40,
            help="Mỗi nơi nhận một dòng (Alt+Enter để xuống dòng); để trống: như Thông tin chung.",
        ),
        ORIGIN,
    ),
)

# ---------------------------------------------------------------- Thông tin chung
SETTINGS_SHEET = "Thông tin chung"
SETTINGS_KEY_HEADER = "Mục"
SETTINGS_VALUE_HEADER = "Giá trị"


@dataclass(frozen=True)
class Setting:
    key: str  # text of column Mục
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("Tên xã", "commune", required=True, help="Tên xã, phường, thị trấn, ví dụ Hoàng Diệu."),
    Setting(
        "Cấp hành chính",
        "admin_level",
        Kind.CHOICE,
        choices=ADMIN_LEVELS,
        help="Xã, Phường hoặc Thị trấn (mặc định Xã).",
    ),
    Setting("Huyện", "district", help="Tên huyện (quận, thị xã)."),
    Setting("Tỉnh", "province", help="Tên tỉnh, thành phố."),
    Setting("Năm báo cáo", "year", Kind.YEAR, required=True, help="Năm của báo cáo, ví dụ 2021."),
    Setting(
        "Kỳ chốt số liệu",
        "cutoff",
        Kind.CHOICE,
        choices=CUTOFFS,
        help="Năm dương lịch (tháng tính từ ngày 1) hoặc Nghị định 09/2019 "
        "(tháng tính từ ngày 15 tháng trước đến ngày 14).",
    ),
    Setting(
        "Số ký hiệu",
        "doc_number",
        help="Số của báo cáo năm, ví dụ 25 (in thành Số: 25/BC-UBND); "
        "báo cáo tháng, quý, 6 tháng ghi số ở trang Sổ báo cáo.",
    ),
    Setting("Địa danh", "place", help="Địa danh ghi ở dòng ngày tháng, ví dụ Hoàng Diệu."),
    Setting(
        "Ngày ký",
        "sign_date",
        Kind.DATE,
        help="Ngày ký báo cáo năm, dạng ngày/tháng/năm; "
        "báo cáo tháng, quý, 6 tháng ghi ngày ở trang Sổ báo cáo.",
    ),
    Setting("Thẩm quyền ký", "sign_authority", help="Ví dụ TM. ỦY BAN NHÂN DÂN."),
    Setting("Chức vụ người ký", "signer_title", help="Ví dụ CHỦ TỊCH."),
    Setting("Người ký", "signer", help="Họ tên người ký."),
    Setting(
        "Nơi nhận",
        "recipients",
        Kind.LONG_TEXT,
        help="Mỗi nơi nhận một dòng trong cùng một ô (Alt+Enter để xuống dòng).",
    ),
    Setting(
        "Cách gọi thôn",
        "village_word",
        help="Từ báo cáo dùng khi đếm thôn đăng ký, đạt danh hiệu “An toàn về ANTT”, "
        "ví dụ làng (07/07 làng); để trống: thôn (tổ dân phố ở phường, thị trấn).",
    ),
    Setting(
        "Số liệu từ ngày",
        "data_from",
        Kind.DATE,
        help="Ngày đầu tiên sổ ghi đủ số liệu; có ngày này thì báo cáo so sánh cùng kỳ "
        "năm trước khi kỳ đó nằm sau ngày này (kể cả khi cùng kỳ không có vụ việc nào).",
    ),
)

# ---------------------------------------------------------------- Nội dung
SECTIONS_SHEET = "Nội dung"
SECTION_TITLE_HEADER = "Mục"
SECTION_TEXT_HEADER = "Nội dung"
SECTION_PERIOD_HEADER = "Kỳ báo cáo"
SECTION_ORIGIN_HEADER = ORIGIN.header
SECTION_PERIOD_HELP = (
    "Để trống: báo cáo năm (Năm báo cáo ở trang Thông tin chung). "
    "Đoạn của kỳ khác ghi kỳ đó, ví dụ Quý I/2023, Tháng 3/2023, 6 tháng đầu năm 2023."
)

SECTION_TITLES: tuple[str, ...] = (
    "Mở đầu",
    "Lãnh đạo, chỉ đạo",
    "Tình hình an ninh nông thôn",
    "Tuyên truyền, vận động",
    "Làng an toàn",
    "Lực lượng an ninh cơ sở",
    "Mô hình, điển hình",
    "Nghị quyết liên tịch",
    "Ưu điểm",
    "Tồn tại, hạn chế",
    "Giải pháp",
)

# A paragraph may name the place of a passage the program writes, e.g.
# "Trên lĩnh vực trật tự an toàn xã hội: {vụ việc}"; marker -> passage. A marker may
# also name a Chỉ tiêu of Danh mục ("{Nguồn tin có giá trị}"): its number goes there.
SECTION_MARKERS: dict[str, str] = {
    "vụ việc": "incidents",
    "phong trào": "movement",
    "kết quả phong trào": "movement",
    "đăng ký": "registration",
    "công nhận": "recognition",
    "đội tự quản": "teams",
    "xếp loại đội": "team_results",
    "mô hình": "models",
    "các loại mô hình": "model_kinds",
}
# A paragraph starting with this marker is the heading of its item ("4. ...").
TITLE_MARKER = "tiêu đề"
SECTION_MARKER_PATTERN = re.compile(r"\{([^{}\n]{1,80})\}")

# ---------------------------------------------------------------- Danh mục
CATALOG_SHEET = "Danh mục"


@dataclass(frozen=True)
class CatalogList:
    """One allowed-value list of sheet Danh mục, and the columns that word it.

    The list's own column has the list's name as header. The attribute columns
    next to it tell the report how to write each value; their header is
    ``"<list> - <attribute>"`` so two lists never share a header.
    """

    name: str
    help: str
    attributes: tuple[Column, ...] = ()
    # Default rows: the value, then one entry per attribute column.
    defaults: tuple[tuple[str, ...], ...] = field(default=())

    def attribute_header(self, column: Column) -> str:
        return f"{self.name} - {column.header}"

    def attribute_field(self, column: Column) -> str:
        """The layout's field name of an attribute column: ``"<list>\\x00<field>"``."""
        return f"{self.name}\x00{column.field}"

    def field_names(self) -> list[str]:
        """The layout's field names of this list: its own column, then its attributes."""
        return [self.name, *(self.attribute_field(a) for a in self.attributes)]


_PHRASE = Column(
    "cách viết",
    "phrase",
    width=44,
    help="Cụm từ dùng trong câu của báo cáo; để trống thì dùng tên viết thường.",
)

INCIDENT_CATEGORIES = CatalogList(
    name="Loại vụ việc",
    help="Các loại vụ việc. Thứ tự các hàng là thứ tự trong câu của báo cáo.",
    attributes=(
        _PHRASE,
        Column(
            "nêu tên thôn",
            "name_villages",
            Kind.YES_NO,
            width=14,
            help="Có: báo cáo nêu tên các thôn nơi xảy ra loại vụ việc này.",
        ),
        Column(
            "nêu nguyên nhân",
            "name_causes",
            Kind.YES_NO,
            width=14,
            help="Có: báo cáo nêu tóm tắt từng vụ trong ngoặc, ví dụ (tự ngã, đuối nước).",
        ),
    ),
    defaults=(
        ("Ma túy", "vụ vi phạm pháp luật về ma túy", NO, NO),
        ("Tai nạn giao thông", "vụ tai nạn giao thông", NO, NO),
        ("Trộm cắp tài sản", "vụ trộm", YES, NO),
        ("Tai nạn khác", "vụ tai nạn khác", NO, YES),
        ("Cố ý gây thương tích", "vụ cố ý gây thương tích", YES, NO),
        ("Cháy nổ", "vụ cháy, nổ", YES, NO),
        ("Đánh bạc", "vụ đánh bạc", NO, NO),
        ("Gây rối trật tự công cộng", "vụ gây rối trật tự công cộng", NO, NO),
        ("Khiếu kiện đông người", "vụ khiếu kiện đông người", NO, NO),
        ("Khác", "vụ việc khác", NO, NO),
    ),
)

HANDLINGS = CatalogList(
    name="Xử lý",
    help="Các hình thức xử lý vụ việc. Cách viết để trống thì báo cáo không nêu.",
    attributes=(_PHRASE,),
    defaults=(
        (
            "Bàn giao Công an huyện",
            "đã bàn giao đội nghiệp vụ Công an huyện thụ lý theo thẩm quyền",
        ),
        ("Bàn giao Công an tỉnh", "đã bàn giao Công an tỉnh thụ lý theo thẩm quyền"),
        ("Công an xã giải quyết", "đã được Công an xã giải quyết theo thẩm quyền"),
        ("Xử phạt vi phạm hành chính", "đã xử phạt vi phạm hành chính"),
        ("Hòa giải tại cơ sở", "đã hòa giải thành tại cơ sở"),
        ("Đang xác minh", "đang tiếp tục xác minh"),
        ("Không xử lý", ""),
    ),
)

STANDING = Column(
    "tính đến cuối kỳ",
    "standing",
    Kind.YES_NO,
    width=14,
    help="Có: chỉ tiêu là số đang có tại một thời điểm (như số người nước ngoài đang quản lý); "
    "báo cáo lấy số ghi gần nhất tính đến ngày cuối kỳ (mỗi thôn một số), không cộng dồn.",
)

INDICATORS = CatalogList(
    name="Chỉ tiêu",
    help="Các chỉ tiêu kết quả phong trào. Trong cách viết, {số} là chỗ điền số lượng.",
    attributes=(_PHRASE, STANDING),
    defaults=(
        (
            "Lượt đối tượng tù tha ra kiểm điểm",
            "đưa {số} lượt đối tượng hình sự tù tha ra kiểm điểm, cam kết không vi phạm pháp luật",
            NO,
        ),
        ("Nguồn tin có giá trị", "cung cấp cho lực lượng Công an {số} nguồn tin có giá trị", NO),
        (
            "Vụ việc khám phá nhờ nguồn tin",
            "giúp cho cơ quan Công an điều tra khám phá {số} vụ việc",
            NO,
        ),
        (
            "Hồ sơ đưa vào diện giáo dục tại xã",
            "lập {số} hồ sơ đối tượng đưa vào diện giáo dục tại xã",
            NO,
        ),
        (
            "Người nước ngoài tạm trú được quản lý",
            "quản lý, theo dõi {số} người nước ngoài đến tạm trú",
            YES,
        ),
        (
            "Người nước ngoài cư trú trái phép bị phát hiện",
            "phát hiện {số} người nước ngoài cư trú trái phép",
            NO,
        ),
        ("Buổi tuyên truyền", "tổ chức {số} buổi tuyên truyền", NO),
        ("Lượt người tham dự tuyên truyền", "thu hút {số} lượt người tham dự tuyên truyền", NO),
    ),
)

MODEL_KINDS = CatalogList(
    name="Loại mô hình",
    help="Các loại mô hình, điển hình tiên tiến.",
    attributes=(_PHRASE,),
    defaults=(
        ("Trường học an toàn về ANTT", "mô hình Trường học an toàn về ANTT"),
        ("Đội tự quản về ANTT", "mô hình Đội tự quản về ANTT"),
        ("Liên kết bảo đảm ANTT", "mô hình liên kết bảo đảm ANTT"),
        ("Camera an ninh", "mô hình Camera an ninh"),
        ("Khu dân cư tự quản", "mô hình Khu dân cư tự quản về ANTT"),
        ("Khác", "mô hình khác"),
    ),
)

CATALOG_LISTS: tuple[CatalogList, ...] = (INCIDENT_CATEGORIES, HANDLINGS, INDICATORS, MODEL_KINDS)

INSTRUCTIONS_SHEET = "Hướng dẫn"
AUDIT_SHEET = "Nhật ký"

# Every sheet the program knows, in the order the template creates them.
SHEET_ORDER: tuple[str, ...] = (
    INSTRUCTIONS_SHEET,
    SETTINGS_SHEET,
    VILLAGES.name,
    UNITS.name,
    INCIDENTS.name,
    TEAMS.name,
    MODELS.name,
    RESULTS.name,
    SECTIONS_SHEET,
    REGISTER.name,
    CATALOG_SHEET,
)
# Sheets a workbook may lack (older workbooks were made before them).
OPTIONAL_SHEETS: tuple[str, ...] = (REGISTER.name,)
REQUIRED_SHEETS: tuple[str, ...] = tuple(
    s for s in SHEET_ORDER if s != INSTRUCTIONS_SHEET and s not in OPTIONAL_SHEETS
)
READ_SHEETS: tuple[str, ...] = (*REQUIRED_SHEETS, *OPTIONAL_SHEETS)

SHEETS_BY_KEY: dict[str, SheetSpec] = {s.key: s for s in DATA_SHEETS}
CATALOGS_BY_NAME: dict[str, CatalogList] = {c.name: c for c in CATALOG_LISTS}


def catalog_field_header(field_name: str) -> str:
    """The Danh mục header of a layout field name (``"Loại vụ việc\\x00phrase"``)."""
    list_name, _, attribute = field_name.partition("\x00")
    catalog = CATALOGS_BY_NAME.get(list_name)
    if catalog is not None and attribute:
        for column in catalog.attributes:
            if column.field == attribute:
                return catalog.attribute_header(column)
    return list_name
