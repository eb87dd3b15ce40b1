"""Options and helpers shared by every command, so that all of them behave alike."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import click

from ..models import DEFAULT_SCOPE, SCOPES
from ..nlp import DEFAULT_MODEL, MODEL_ENV

T = TypeVar("T")

# SQLite integers are signed 64-bit: a larger id or count would fail inside the query.
SQLITE_MAX_INT = 2**63 - 1
ROW_ID = click.IntRange(1, SQLITE_MAX_INT)  # an id printed by quotetrack (speaker, merge)
COUNT = click.IntRange(1, SQLITE_MAX_INT)  # how many rows, outlets, articles
PROCESSES = click.IntRange(1, 1024)

model_option = click.option(
    "--model",
    "model",
    envvar=MODEL_ENV,
    default=DEFAULT_MODEL,
    show_default=True,
    show_envvar=True,
    help="spaCy pipeline package to parse with.",
)

scope_option = click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default=DEFAULT_SCOPE,
    show_default=True,
    envvar="QUOTETRACK_SCOPE",
    show_envvar=True,
    help="statements: what someone said or wrote. attributions: also beliefs, intentions, stances, "
    "what polls or documents show and unattributed quotes (as PolNeAR annotates news), less the "
    "finds the confidence model rates unlikely.",
)

min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Only quotes with at least this confidence: the model's probability (0-1) that annotators of news would mark them.",
)

silent_option = click.option(
    "--silent", is_flag=True, help="No progress bar (it is also off when stderr is not a terminal)."
)

db_option = click.option(
    "--db",
    "db_path",
    default="quotes.db",
    show_default=True,
    envvar="QUOTETRACK_DB",
    show_envvar=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)


def format_option(choices: Iterable[str], default: str) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format: jsonl is one JSON object a line, for pipes.",
    )


def progress(items: Iterable[T], length: int | None, label: str, silent: bool) -> Iterator[T]:
    """Yield items, drawing a progress bar on stderr when a person is watching."""
    if silent or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def write_rows(rows: Iterable[dict[str, Any]], output_format: str, columns: list[str]) -> None:
    """Write dict rows to stdout as jsonl, json, csv or an aligned text table."""
    out = sys.stdout
    if output_format == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output_format == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        write_table(list(rows), columns, out)


def write_table(rows: list[dict[str, Any]], columns: list[str], out, max_width: int = 60) -> None:
    """A plain aligned table for people reading a terminal; long cells are shortened."""

    def cell(value: Any) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
