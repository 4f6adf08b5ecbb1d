"""Options more than one command takes."""

from __future__ import annotations

import click

NO_PAGER_OPTION = click.option(
    "--no-pager",
    is_flag=True,
    help="In thẳng ra màn hình, không qua trình xem từng trang (less).",
)
