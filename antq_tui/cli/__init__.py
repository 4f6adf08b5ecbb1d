"""The ``antq`` command line: a thin face over the core.

Commands live in small modules that import only click at the top; each imports
the heavy parts (openpyxl, python-docx, Textual) inside the command, so
``antq --help`` stays fast. Every error reaches the user as one Vietnamese
sentence; an unexpected one is logged with its traceback, never printed.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from antq_tui import __version__
from antq_tui.cli import exits, i18n
from antq_tui.files.error_log import log_unexpected
from antq_tui.model.errors import AntqError

i18n.install()

OPTIONS_METAVAR = "[TÙY CHỌN]"

# name -> "module:function"; a command's module is imported only when needed.
COMMANDS: dict[str, str] = {
    "init": "antq_tui.cli.workbook_cmds:init",
    "validate": "antq_tui.cli.workbook_cmds:validate",
    "fix": "antq_tui.cli.fix_cmd:fix",
    "merge": "antq_tui.cli.merge_cmd:merge",
    "preview": "antq_tui.cli.report_cmds:preview",
    "export": "antq_tui.cli.report_cmds:export",
    "totals": "antq_tui.cli.report_cmds:totals",
    "rollup": "antq_tui.cli.rollup_cmd:rollup",
    "tui": "antq_tui.cli.tui_cmds:tui",
    "demo": "antq_tui.cli.tui_cmds:demo",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self.get_command(ctx, name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None  # a command still being built
            raise
        command: click.Command = getattr(module, attribute)
        command.options_metavar = OPTIONS_METAVAR
        # Every command's help ends with the one exit table (once: commands are module-level).
        if command.epilog is None or exits.HELP not in command.epilog:
            command.epilog = "\n\n".join(filter(None, [command.epilog, exits.HELP]))
        return command


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="[LỆNH] [THAM SỐ]...",
    epilog=exits.HELP,
    context_settings={
        "help_option_names": ["-h", "--help", "--tro-giup"],
        "max_content_width": 100,
    },
)
@click.version_option(__version__, "-V", "--version", "--phien-ban", prog_name="antq")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """antq: sổ theo dõi phong trào Toàn dân bảo vệ an ninh Tổ quốc của xã.

    Gõ antq (không kèm lệnh) để mở giao diện trên sổ mặc định (biến môi trường
    ANTQ_WORKBOOK hoặc tệp cấu hình). Thử ngay trên sổ mẫu: antq demo.
    """
    if ctx.invoked_subcommand is None:
        tui = cli.get_command(ctx, "tui")
        if tui is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(tui)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI with user-facing error handling."""
    try:
        return cli.main(args=argv, prog_name="antq", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(exits.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except AntqError as exc:
        click.secho(exc.message, err=True, fg="red")
        sys.exit(exits.for_error(exc))
    except KeyboardInterrupt:
        click.echo("Đã dừng.", err=True)
        sys.exit(exits.INTERRUPTED)
    except BrokenPipeError:
        sys.exit(exits.OK)
    except MemoryError:
        click.secho("Không đủ bộ nhớ để xử lý tệp này.", err=True, fg="red")
        sys.exit(exits.BAD_INPUT)
    except Exception as exc:
        if os.environ.get("ANTQ_DEBUG"):
            raise
        where = log_unexpected(exc)
        click.secho(
            f"Lỗi không mong muốn: {type(exc).__name__}."
            + (f" Chi tiết đã ghi vào {where}." if where else ""),
            err=True,
            fg="red",
        )
        sys.exit(exits.UNEXPECTED)
