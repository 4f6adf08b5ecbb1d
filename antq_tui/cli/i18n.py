"""Click's own messages (usage, errors, help) in Vietnamese.

Click looks its messages up through ``gettext`` in each of its modules; we give
those modules a lookup that answers from the table below and falls back to the
English text for anything not listed.
"""

from __future__ import annotations

import importlib

VIETNAMESE = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Aborted!": "Đã dừng.",
    "Missing command.": "Thiếu lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "argument": "tham số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "No such command {name!r}.": "Không có lệnh “{name}”.",
    "No such option {name!r}.": "Không có tùy chọn “{name}”.",
    "Try '{command} {option}' for help.": "Gõ “{command} {option}” để xem hướng dẫn.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Did you mean {possibility}?": "Có phải ý bạn là “{possibility}”?",
    "(Did you mean one of: {possibilities}?)": "(Có phải một trong: {possibilities}?)",
    "(Possible options: {possibilities})": "(Có phải một trong: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn “{name}” cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn “{name}” cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn “{name}” không nhận giá trị.",
    "{value!r} is not {choice}.": "“{value}” không phải {choice}.",
    "{value!r} is not one of {choices}.": "“{value}” không phải một trong {choices}.",
    "{value!r} is not a valid {number_type}.": "“{value}” không phải một số.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} does not match the format {format}.": "“{value}” không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "“{value}” không đúng các dạng {formats}.",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi.",
    "Error: invalid input": "Lỗi: giá trị không hợp lệ",
}

_MODULES = ("core", "exceptions", "formatting", "types", "decorators", "parser", "termui")


def _gettext(message: str) -> str:
    return VIETNAMESE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _format_possibilities(possibilities: list[str]) -> str:
    # click >= 8.4 quotes the suggested option names with repr() before translating.
    quoted = ", ".join(f"“{name}”" for name in sorted(possibilities))
    if len(possibilities) == 1:
        return f"Có phải ý bạn là {quoted}?"
    return f"(Có phải một trong: {quoted}?)"


def install() -> None:
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
        if hasattr(module, "_format_possibilities"):
            module._format_possibilities = _format_possibilities  # type: ignore[attr-defined]
