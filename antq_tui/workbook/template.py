"""Build the empty workbook staff start from (``antq init``, ``workbooks/template.xlsx``).

Everything comes from ``schema``: sheets, headers, widths, formats, drop-downs and
the ``Hướng dẫn`` sheet. Drop-downs that read a ``Danh mục`` list or the village
names go through defined names: Excel moves a direct cross-sheet list reference
into an extension block that openpyxl would delete on its next save.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antq_tui.files.new_file import make_folder, write_new_file
from antq_tui.model import schema
from antq_tui.model.records import column_letter
from antq_tui.model.text import ascii_key

DATE_FORMAT = "dd/mm/yyyy"
LAST_ROW = 1048576
# How far down the drop-downs read a list: far beyond what a commune will type.
LIST_ROWS = 500
VILLAGE_ROWS = 1000

HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

KIND_LABELS = {
    schema.Kind.TEXT: "Chữ",
    schema.Kind.LONG_TEXT: "Chữ (nhiều dòng)",
    schema.Kind.DATE: "Ngày (dd/mm/yyyy)",
    schema.Kind.COUNT: "Số nguyên ≥ 0",
    schema.Kind.AMOUNT: "Số ≥ 0",
    schema.Kind.YEAR: "Năm",
    schema.Kind.CHOICE: "Chọn trong danh sách",
    schema.Kind.YES_NO: "Có/Không",
    schema.Kind.VILLAGE: "Tên thôn ở trang Thôn",
    schema.Kind.PERIOD: "Kỳ báo cáo",
}


@dataclass(frozen=True)
class TemplateOptions:
    commune: str = ""
    year: int | None = None


def defined_name_for(list_name: str) -> str:
    """DM_LoaiVuViec for "Loại vụ việc": ASCII names, which every program accepts."""
    return "DM_" + "".join(word.capitalize() for word in ascii_key(list_name).split())


VILLAGE_LIST_NAME = "DS_Thon"


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _style_header_row(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
        cell = ws.cell(row=1, column=index + 1, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = HEADER_ALIGN
        ws.column_dimensions[column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 33


def _validation_for(column: schema.Column) -> DataValidation | None:
    """The Excel drop-down or number check for one column, with Vietnamese messages."""
    title = column.header[:32]
    kwargs: dict[str, Any] = {
        "allow_blank": True,
        "showInputMessage": True,
        "showErrorMessage": True,
        "promptTitle": title,
        "prompt": column.help[:255],
        "errorTitle": "Giá trị không hợp lệ",
    }
    kind = column.kind
    if kind is schema.Kind.VILLAGE:
        return DataValidation(
            type="list",
            formula1=f"={VILLAGE_LIST_NAME}",
            errorStyle="warning",
            error="Thôn này chưa có ở trang Thôn. Hãy thêm thôn vào trang Thôn trước.",
            **kwargs,
        )
    if column.catalog:
        return DataValidation(
            type="list",
            formula1=f"={defined_name_for(column.catalog)}",
            errorStyle="warning",
            error=f"Giá trị chưa có trong danh sách {column.catalog}. "
            "Hãy thêm vào trang Danh mục trước.",
            **kwargs,
        )
    choices = schema.YES_NO_VALUES if kind is schema.Kind.YES_NO else column.choices
    if choices:
        return DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            error="Chỉ được chọn: " + ", ".join(choices) + ".",
            **kwargs,
        )
    if kind is schema.Kind.DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1990,1,1)",
            formula2="DATE(2100,12,31)",
            error="Hãy gõ ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2021.",
            **kwargs,
        )
    if kind is schema.Kind.COUNT:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="Hãy gõ số nguyên không âm (0, 1, 2, …).",
            **kwargs,
        )
    if kind is schema.Kind.AMOUNT:
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error="Hãy gõ một số không âm.",
            **kwargs,
        )
    if kind is schema.Kind.YEAR:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1900",
            formula2="2100",
            error="Hãy gõ năm có bốn chữ số, ví dụ 2021.",
            **kwargs,
        )
    if column.help:
        return DataValidation(type=None, **kwargs)  # an input message only
    return None


def _data_sheet(wb: OpenpyxlWorkbook, spec: schema.SheetSpec) -> None:
    ws = wb.create_sheet(spec.name)
    _style_header_row(ws, [c.header for c in spec.columns], [c.width for c in spec.columns])
    for index, column in enumerate(spec.columns):
        letter = column_letter(index)
        if column.kind is schema.Kind.DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        validation = _validation_for(column)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)


def _settings_sheet(wb: OpenpyxlWorkbook, options: TemplateOptions) -> None:
    ws = wb.create_sheet(schema.SETTINGS_SHEET)
    _style_header_row(
        ws, [schema.SETTINGS_KEY_HEADER, schema.SETTINGS_VALUE_HEADER, "Giải thích"], [24, 44, 70]
    )
    defaults: dict[str, Any] = {
        "commune": options.commune,
        "admin_level": "Xã",
        "year": options.year,
        "cutoff": schema.CUTOFF_CALENDAR,
        "place": options.commune,
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
    }
    for row, setting in enumerate(schema.SETTINGS, start=2):
        ws.cell(row=row, column=1, value=setting.key).font = BODY_FONT
        value_cell = ws.cell(row=row, column=2, value=defaults.get(setting.field) or None)
        value_cell.font = BODY_FONT
        value_cell.alignment = WRAP_TOP
        help_cell = ws.cell(
            row=row, column=3, value=("Bắt buộc. " if setting.required else "") + setting.help
        )
        help_cell.font = Font(name="Times New Roman", size=11, italic=True, color="595959")
        help_cell.alignment = WRAP_TOP
        column = schema.Column(
            setting.key, setting.field, setting.kind, choices=setting.choices, help=setting.help
        )
        if setting.kind is schema.Kind.DATE:
            value_cell.number_format = DATE_FORMAT
        validation = _validation_for(column)
        if validation is not None:
            validation.add(f"B{row}")
            ws.add_data_validation(validation)


def _sections_sheet(wb: OpenpyxlWorkbook) -> None:
    ws = wb.create_sheet(schema.SECTIONS_SHEET)
    _style_header_row(
        ws,
        [
            schema.SECTION_TITLE_HEADER,
            schema.SECTION_TEXT_HEADER,
            schema.SECTION_PERIOD_HEADER,
            schema.SECTION_ORIGIN_HEADER,
        ],
        [28, 110, 22, schema.ORIGIN.width],
    )
    for letter, title, prompt in (
        ("C", schema.SECTION_PERIOD_HEADER, schema.SECTION_PERIOD_HELP),
        ("D", schema.SECTION_ORIGIN_HEADER, SECTION_ORIGIN_HELP),
    ):
        message = DataValidation(
            type=None, allow_blank=True, showInputMessage=True, promptTitle=title, prompt=prompt
        )
        message.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(message)
    for row, title in enumerate(schema.SECTION_TITLES, start=2):
        ws.cell(row=row, column=1, value=title).font = BODY_FONT
        ws.cell(row=row, column=2).alignment = WRAP_TOP
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(schema.SECTION_TITLES) + '"',
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        showInputMessage=True,
        promptTitle="Mục của báo cáo",
        prompt="Tên mục trong báo cáo; mỗi đoạn văn một hàng, các hàng cùng mục in theo thứ tự.",
        errorTitle="Mục không có trong báo cáo",
        error="Mục này không có trong mẫu báo cáo nên sẽ không được in.",
    )
    if len(validation.formula1 or "") <= 255:
        validation.add(f"A2:A{LAST_ROW}")
        ws.add_data_validation(validation)


def catalog_columns() -> list[tuple[schema.CatalogList, schema.Column | None, str]]:
    """Danh mục's columns in order: each list, then the columns that word it."""
    columns: list[tuple[schema.CatalogList, schema.Column | None, str]] = []
    for catalog in schema.CATALOG_LISTS:
        columns.append((catalog, None, catalog.name))
        columns += [(catalog, a, catalog.attribute_header(a)) for a in catalog.attributes]
    return columns


def _catalog_sheet(wb: OpenpyxlWorkbook) -> None:
    ws = wb.create_sheet(schema.CATALOG_SHEET)
    layout = catalog_columns()
    _style_header_row(ws, [h for _, _, h in layout], [a.width if a else 30 for _, a, _ in layout])
    for index, (catalog, attribute, _header) in enumerate(layout):
        position = 0 if attribute is None else catalog.attributes.index(attribute) + 1
        for row, default in enumerate(catalog.defaults, start=2):
            cell = ws.cell(row=row, column=index + 1, value=default[position] or None)
            cell.font = BODY_FONT
        letter = column_letter(index)
        if attribute is None:
            ref = f"{_quoted_sheet(ws.title)}!${letter}$2:${letter}${LIST_ROWS}"
            wb.defined_names[defined_name_for(catalog.name)] = DefinedName(
                defined_name_for(catalog.name), attr_text=ref
            )
        elif attribute.kind is schema.Kind.YES_NO:
            validation = _validation_for(attribute)
            if validation is not None:
                validation.add(f"{letter}2:{letter}{LIST_ROWS}")
                ws.add_data_validation(validation)


SECTIONS_GUIDE = (
    "Mỗi đoạn văn một hàng; hàng để trống cột Mục là đoạn tiếp theo của mục bên trên. "
    "Câu số liệu do chương trình viết được đặt ở cuối mục, hoặc đúng chỗ có dấu "
    + ", ".join(f"{{{m}}}" for m in schema.SECTION_MARKERS)
    + " (ví dụ: “Trên lĩnh vực trật tự an toàn xã hội: {vụ việc}”). Dấu có thể nằm giữa câu: "
    "“Kết quả hoạt động: {xếp loại đội}, được nhân dân ghi nhận.”",
    "Dấu mang tên một chỉ tiêu ở trang Danh mục thì được thay bằng số của chỉ tiêu đó trong kỳ, "
    "ví dụ “tiếp tục quản lý, theo dõi {Người nước ngoài tạm trú được quản lý} người nước "
    "ngoài”. Đoạn bắt đầu bằng {tiêu đề} là tên riêng của mục trong báo cáo, ví dụ "
    "“{tiêu đề} Công tác thực hiện Kế hoạch số 11-KH/HU…”.",
    f"Cột “{schema.SECTION_PERIOD_HEADER}”: để trống là phần lời của báo cáo năm (Năm báo cáo "
    "ở trang Thông tin chung). Báo cáo tháng, quý, 6 tháng có phần lời riêng thì ghi kỳ vào "
    "cột này, ví dụ Mục “Mở đầu”, Nội dung “Quý I năm 2023, tình hình an ninh, trật tự trên "
    "địa bàn xã ổn định…”, Kỳ báo cáo “Quý I/2023”. Mỗi báo cáo chỉ dùng các đoạn của đúng kỳ "
    "của nó; kỳ chưa có phần lời riêng vẫn có báo cáo ngắn gồm mở đầu, số liệu và kết thúc.",
    "Cách ghi kỳ: Năm 2023; 6 tháng đầu năm 2023, 6 tháng cuối năm 2023; Quý I năm 2023 "
    "hoặc Quý I/2023 (quý I–IV hoặc 1–4); Tháng 3 năm 2023, Tháng 3/2023 hoặc 03/2023.",
    f"Cột “{schema.SECTION_ORIGIN_HEADER}”: để trống. Sổ gộp từ sổ của các xã cũ (lệnh antq "
    "merge) giữ phần lời của báo cáo cũ với tên xã cũ ở cột này; báo cáo của xã mới không "
    "dùng các đoạn đó.",
)
# The input message of Nội dung's Xã cũ column.
SECTION_ORIGIN_HELP = (
    "Để trống. Đoạn ghi tên một xã cũ là phần lời báo cáo cũ của xã đó (sổ gộp bằng "
    "antq merge), không dùng trong báo cáo của xã mới."
)
REGISTER_GUIDE = (
    "Ví dụ: Kỳ báo cáo “Quý I/2023”, Số ký hiệu “12”, Ngày ký “05/04/2023”, các cột khác "
    "để trống: báo cáo quý I in “Số: 12/BC-UBND”, “ngày 05 tháng 4 năm 2023”, người ký và "
    "nơi nhận như trang Thông tin chung.",
    "Báo cáo chưa có hàng ở trang này: người ký, nơi nhận lấy ở trang Thông tin chung; số và "
    "ngày ký ở đó là của báo cáo năm, nên báo cáo tháng, quý, 6 tháng in “Số:      /BC-UBND” "
    "và “ngày … tháng … năm …” để ghi tay. Ngày ký trước ngày cuối kỳ bị cảnh báo.",
)


def _allowed_text(column: schema.Column) -> str:
    if column.kind is schema.Kind.YES_NO:
        return "Có, Không"
    if column.choices:
        return ", ".join(column.choices)
    if column.catalog:
        return f"Danh mục: {column.catalog}"
    if column.kind is schema.Kind.VILLAGE:
        return "Tên thôn ở trang Thôn"
    if column.kind is schema.Kind.PERIOD:
        return "Năm 2023, Quý I/2023, Tháng 3/2023…"
    return ""


def _sheet_lines(
    spec: schema.SheetSpec, notes: tuple[str, ...] = ()
) -> list[tuple[str, list[Any]]]:
    """A sheet's heading, one line a column and ``notes``, for the Hướng dẫn sheet."""
    lines: list[tuple[str, list[Any]]] = [
        ("heading", [f"Trang “{spec.name}”: {spec.help}"]),
        ("columns", ["Cột", "Bắt buộc", "Kiểu", "Giá trị cho phép", "Giải thích"]),
    ]
    for column in spec.columns:
        row = [
            column.header,
            "*" if column.required else "",
            KIND_LABELS[column.kind],
            _allowed_text(column),
            column.help,
        ]
        lines.append(("row", row))
    lines += [("text", [note]) for note in notes]
    lines.append(("blank", []))
    return lines


def _instructions_sheet(wb: OpenpyxlWorkbook) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = schema.INSTRUCTIONS_SHEET
    for letter, width in zip("ABCDE", (30, 12, 22, 36, 70), strict=True):
        ws.column_dimensions[letter].width = width
    lines: list[tuple[str, list[Any]]] = [
        ("title", ["HƯỚNG DẪN SỬ DỤNG SỔ THEO DÕI PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"]),
        (
            "text",
            ["Sổ này lưu số liệu của xã; chương trình antq đọc sổ để kiểm tra và lập báo cáo."],
        ),
        (
            "text",
            ["• Hàng 1 của mỗi trang là hàng tiêu đề; không chèn dòng tiêu đề nào phía trên."],
        ),
        (
            "text",
            ["• Có thể thêm cột riêng ở bên phải; chương trình giữ nguyên và bỏ qua các cột đó."],
        ),
        ("text", ["• Hàng để trống được bỏ qua; số liệu có thể tiếp tục ở bên dưới."]),
        ("text", ["• Ngày gõ theo thứ tự ngày/tháng/năm, ví dụ 05/03/2021 là ngày 5 tháng 3."]),
        (
            "text",
            [
                "• Cột có danh sách thả xuống: chọn trong danh sách; muốn thêm giá trị mới thì thêm một dòng ở trang Danh mục."
            ],
        ),
        ("text", ["• Ô đánh dấu * là bắt buộc. Kiểm tra sổ bằng lệnh: antq validate <tệp sổ>."]),
        ("blank", []),
    ]
    for spec in schema.DATA_SHEETS:
        lines += _sheet_lines(spec)
    lines.append(
        (
            "heading",
            [
                f"Trang “{schema.SETTINGS_SHEET}”: thông tin của xã và của báo cáo, mỗi mục một hàng."
            ],
        )
    )
    lines.append(("columns", ["Mục", "Bắt buộc", "Kiểu", "Giá trị cho phép", "Giải thích"]))
    for setting in schema.SETTINGS:
        lines.append(
            (
                "row",
                [
                    setting.key,
                    "*" if setting.required else "",
                    KIND_LABELS[setting.kind],
                    ", ".join(setting.choices),
                    setting.help,
                ],
            )
        )
    lines.append(("blank", []))
    lines.append(
        (
            "heading",
            [
                f"Trang “{schema.SECTIONS_SHEET}”: phần lời của báo cáo do cán bộ viết; mọi con số do chương trình tự tính."
            ],
        )
    )
    lines.append(
        ("text", ["Các mục: " + "; ".join(schema.SECTION_TITLES) + ". Mục để trống không được in."])
    )
    lines += [("text", [line]) for line in SECTIONS_GUIDE]
    lines.append(("blank", []))
    lines += _sheet_lines(schema.REGISTER, REGISTER_GUIDE)
    lines.append(("heading", [f"Trang “{schema.CATALOG_SHEET}”: các danh sách giá trị cho phép."]))
    for catalog in schema.CATALOG_LISTS:
        lines.append(("row", [catalog.name, "", "Danh sách", "", catalog.help]))
        for attribute in catalog.attributes:
            lines.append(
                (
                    "row",
                    [
                        catalog.attribute_header(attribute),
                        "",
                        KIND_LABELS[attribute.kind],
                        "",
                        attribute.help,
                    ],
                )
            )

    for row, (style, values) in enumerate(lines, start=1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = {"title": TITLE_FONT, "heading": HEADER_FONT, "columns": HEADER_FONT}.get(
                style, BODY_FONT
            )
            if style == "columns":
                cell.fill = HEADER_FILL
            if style == "row":
                cell.alignment = WRAP_TOP


def build_template(options: TemplateOptions | None = None) -> OpenpyxlWorkbook:
    """The template as an openpyxl workbook, ready to fill or save."""
    options = options or TemplateOptions()
    wb = OpenpyxlWorkbook()
    _instructions_sheet(wb)
    _settings_sheet(wb, options)
    for name in schema.SHEET_ORDER[2:]:
        spec = next((s for s in (*schema.DATA_SHEETS, schema.REGISTER) if s.name == name), None)
        if spec is not None:
            _data_sheet(wb, spec)
        elif name == schema.SECTIONS_SHEET:
            _sections_sheet(wb)
        elif name == schema.CATALOG_SHEET:
            _catalog_sheet(wb)
    village_ref = f"{_quoted_sheet(schema.VILLAGES.name)}!$A$2:$A${VILLAGE_ROWS}"
    wb.defined_names[VILLAGE_LIST_NAME] = DefinedName(VILLAGE_LIST_NAME, attr_text=village_ref)
    wb.active = 1  # open on Thông tin chung
    return wb


def save_new(wb: OpenpyxlWorkbook, path: Path) -> None:
    """Save a new workbook; refuse to overwrite and never leave a half-written file."""
    make_folder(path.parent)
    write_new_file(
        path,
        wb.save,
        suffixes=(".xlsx",),
        max_mode=0o640,  # personal data: not readable by everyone
        overwrite_hint="chương trình không ghi đè, hãy chọn tên khác",
    )


def create_workbook(path: Path, options: TemplateOptions | None = None) -> None:
    save_new(build_template(options), path)
