"""The `quotetrack` command line: thin Click commands on top of the library.

Each area keeps its commands in its own module; importing it registers them on `cli`. Every
command runs behind the same guard (`Command`): an argument that is not valid UTF-8, a library
error or a database failure (locked, damaged, full, read-only) is one `Error:` line naming the
file and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

import click

from .. import __version__
from ..errors import QuotetrackError, printable

# Arguments the operating system could not decode as UTF-8 arrive with lone surrogates.
UNDECODABLE = re.compile("[\ud800-\udfff]")
# Arguments that name files, which may be in any encoding the file system allows.
FILE_ARGUMENTS = ("paths",)


def _guarded(ctx: click.Context, call: Callable[[], Any]) -> Any:
    for name, value in ctx.params.items():
        values = value if isinstance(value, tuple) else (value,)
        bad = next((v for v in values if isinstance(v, str) and UNDECODABLE.search(v)), None)
        if bad is not None and name not in FILE_ARGUMENTS:
            param = next((p for p in ctx.command.params if p.name == name), None)
            raise click.BadParameter(f"{printable(bad)} is not valid UTF-8", ctx=ctx, param=param)
    try:
        return call()
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        database = ctx.params.get("db_path") or "the database"
        raise click.ClickException(f"{printable(str(database))}: {_database_problem(error)}") from None


def _database_problem(error: sqlite3.Error) -> str:
    message = str(error)
    if "malformed" in message or "not a database" in message:
        return f"the database file is damaged ({message}); restore it from a copy, or try `sqlite3 FILE .recover`"
    if "readonly" in message or "read-only" in message:
        return f"the database is read-only ({message}): copy it somewhere writable to change it"
    if "full" in message:
        return f"the disk is full ({message}); everything stored before this is kept"
    return f"database error ({message})"


class Command(click.Command):
    """A command behind quotetrack's guard (see the module docstring)."""

    def invoke(self, ctx: click.Context) -> Any:
        return _guarded(ctx, lambda: super(Command, self).invoke(ctx))


class Group(click.Group):
    """A group whose commands and subgroups are behind the guard too."""

    command_class = Command
    group_class = type  # subgroups are Groups

    def invoke(self, ctx: click.Context) -> Any:
        return _guarded(ctx, lambda: super(Group, self).invoke(ctx))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotetrack")
def cli() -> None:
    """Find quotes in news articles, attribute them to speakers, compare them across outlets.

    \b
    Examples:
      quotetrack extract corpus/ --format jsonl
      quotetrack ingest corpus/ --db quotes.db
      quotetrack quotes --db quotes.db --speaker Ayers
    """


from . import browse, crossref, evaluate, extract, store  # noqa: E402,F401  (registers commands)
