"""How the commands declare what they take, so that all of them speak one way.

Every option has an English name and a Vietnamese one without diacritics
(``--month/--thang``), and help lists both. Errors name a parameter in curly
quotes, the way every other message quotes a name. The workbook argument is
checked by the core, in the words the reader uses for the same mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

WORKBOOK_METAVAR = "SỔ.xlsx"


class Option(click.Option):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        return "“" + "/".join(self.opts) + "”"


class Argument(click.Argument):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        # Brackets mark an optional argument in the usage line, not in a sentence.
        return "“" + (self.metavar or self.name or "").strip("[]") + "”"


def option(*names: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` with the project's error wording; give both names, English first."""
    return click.option(*names, cls=Option, **attrs)


def argument(*names: str, **attrs: Any) -> Callable[[F], F]:
    return click.argument(*names, cls=Argument, **attrs)


class Choice(click.ParamType[str]):
    """One of a few words, some with a Vietnamese alias: ``{"month": "month", "thang": "month"}``
    (typed -> meant). Case and spaces around do not matter."""

    name = "choice"

    def __init__(self, words: dict[str, str]) -> None:
        self.words = words

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.words) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        meant = self.words.get(str(value).strip().lower())
        if meant is None:
            choices = ", ".join(f"“{word}”" for word in self.words)
            self.fail(f"“{value}” không phải một trong {choices}.", param, ctx)
        return meant


class WorkbookFile(click.ParamType[Path]):
    """An existing workbook, checked before the command starts: a missing file, a folder,
    a name without .xlsx or a file that may not be read ends it with one sentence (status 2)."""

    name = "workbook"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        from antq_tui.workbook.safety import check_workbook_path

        path = Path(value)
        check_workbook_path(path)  # WorkbookUnreadable: main() says it, not click's usage lines
        return path


class PlainPath(click.ParamType[Path]):
    """A path taken as typed; what is wrong with it is said by the code that uses it
    (click's own checks would say it in other words: “Đường Dẫn '…' là thư mục”)."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return Path(value)


WORKBOOK_ARGUMENT = argument("path", metavar=WORKBOOK_METAVAR, type=WorkbookFile())

NO_PAGER_OPTION = option(
    "--no-pager",
    "--khong-phan-trang",
    is_flag=True,
    help="In thẳng ra màn hình, không qua trình xem từng trang (less).",
)


def force_option(help: str = "Ghi đè nếu tệp đã có.") -> Callable[[F], F]:
    return option("--force", "--ghi-de", is_flag=True, help=help)


def output_option(help: str) -> Callable[[F], F]:
    return option("-o", "--output", "--ra", metavar="TỆP", type=PlainPath(), help=help)


def format_option(words: dict[str, str], default: str, help: str) -> Callable[[F], F]:
    return option(
        "--format",
        "--dang",
        "output_format",
        type=Choice(words),
        default=default,
        show_default=True,
        help=help,
    )


class Year(click.ParamType[int]):
    """A year a commune's workbook may be about."""

    name = "year"
    first, last = 1990, 2100

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if not (text.isdigit() and self.first <= int(text) <= self.last):
            self.fail(
                f"Năm “{value}” không hợp lệ: ghi bốn chữ số, từ {self.first} đến {self.last}.",
                param,
                ctx,
            )
        return int(text)
