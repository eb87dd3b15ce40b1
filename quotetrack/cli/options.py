"""Options and helpers shared by every command, so that all of them behave alike."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TextIO, TypeVar

import click

from ..models import DEFAULT_SCOPE, SCOPES
from ..nlp import DEFAULT_MODEL, MODEL_ENV
from ..reading import INPUT_FORMATS, parse_field_overrides

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


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A day written YYYY-MM-DD (as dates are stored), and --since not after --until."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day written YYYY-MM-DD (e.g. 2018-02-20)", ctx, param) from None
    since, until = (value, ctx.params.get("until")) if param.name == "since" else (ctx.params.get("since"), value)
    if since and until and since > until:
        other = "--until" if param.name == "since" else "--since"
        raise click.BadParameter(f"{value} is {'after' if param.name == 'since' else 'before'} {other} {ctx.params[other[2:]]}", ctx, param)
    return value


def date_options(what: str) -> Callable[[Callable], Callable]:
    """--since and --until, the same for every command: days written YYYY-MM-DD, checked
    before anything runs (a bad one is one error line naming the option, exit code 2)."""

    def decorate(command: Callable) -> Callable:
        undated = f"{what} with no known date are left out"
        command = click.option("--until", metavar="YYYY-MM-DD", callback=_day, help=f"Only {what} published on or before this day ({undated}).")(command)
        return click.option("--since", metavar="YYYY-MM-DD", callback=_day, help=f"Only {what} published on or after this day ({undated}).")(command)

    return decorate


def _field_overrides(ctx: click.Context, param: click.Parameter, specs: tuple[str, ...]) -> dict[str, str]:
    try:
        return parse_field_overrides(specs)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def input_options(command: Callable) -> Callable:
    """--input-format and --field: how to read standard input, files named directly and feeds."""
    command = click.option(
        "--field",
        "fields",
        multiple=True,
        metavar="FIELD=KEY",
        callback=_field_overrides,
        help="Read an article field from this key of JSON-lines feeds (repeatable; dotted keys reach "
        "into objects): outlet=publisher, published=date, id=guid, text=body, outlet=source.name.",
    )(command)
    return click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS),
        default="auto",
        show_default=True,
        help="How to read - (standard input) and files named directly: text, html, jsonl (one article "
        "a line), urls (one address a line, fetched) or rss (a feed whose links are fetched). "
        "auto: by suffix for files, sniffed for standard input.",
    )(command)


def format_option(choices: Iterable[str], default: str) -> Callable:
    choices = list(choices)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format" + (": jsonl is one JSON object a line, for pipes." if "jsonl" in choices else "."),
    )


def watching(silent: bool) -> bool:
    """Whether a progress bar is drawn: a person is watching stderr and did not ask for --silent."""
    return not silent and sys.stderr.isatty()


def echo_error(message: str, silent: bool) -> None:
    """One `error:` line on stderr, on a line of its own even while a progress bar is drawn."""
    click.echo(("\r\x1b[K" if watching(silent) else "") + f"error: {message}", err=True)


def progress(items: Iterable[T], length: int | None, label: str, silent: bool) -> Iterator[T]:
    """Yield items, counting each one finished on a progress bar (see progress_bar)."""
    finished = 0
    with progress_bar(label, length, silent, lambda: finished):
        for item in items:
            yield item
            finished += 1


@contextmanager
def progress_bar(label: str, total: int | None, silent: bool, count: Callable[[], int]) -> Iterator[None]:
    """A progress bar on stderr while the block runs, when a person is watching (not --silent,
    stderr a terminal): `count()` items of `total` finished, percent and time left when the
    total is known, redrawn twice a second by a ticker thread so that it moves even while one
    long article is parsed."""
    if not watching(silent):
        yield
        return
    bar = ProgressBar(label, total, sys.stderr, count=count)
    bar.start()
    try:
        yield
    finally:
        bar.stop()


class ProgressBar:
    """`Ingesting  37/200  18% [###.......]  0:41 elapsed, 3:02 left` on one redrawn line."""

    WIDTH = 20

    def __init__(self, label: str, total: int | None, out: TextIO, interval: float = 0.5, count: Callable[[], int] | None = None) -> None:
        self.label, self.total, self.out, self.interval = label, total, out, interval
        self.count = count or (lambda: 0)
        self.started = time.monotonic()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="quotetrack-progress", daemon=True)

    def start(self) -> None:
        self.started = time.monotonic()
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        self.out.write(self.line() + "\n")
        self.out.flush()

    def _tick(self) -> None:
        while not self._stopped.wait(self.interval):
            self.out.write(self.line())
            self.out.flush()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        done = self.count()
        parts = [self.label]
        if self.total and done <= self.total:
            fraction = done / self.total
            filled = int(fraction * self.WIDTH)
            parts += [f"{done}/{self.total}", f"{fraction:4.0%}", "[" + "#" * filled + "." * (self.WIDTH - filled) + "]"]
            left = elapsed / done * (self.total - done) if done else None
            timing = f"{_clock(elapsed)} elapsed, {_clock(left) if left is not None else '?'} left"
        else:
            rate = done / elapsed if elapsed > 0 else 0.0
            parts += [f"{done}", f"({rate:.1f}/s)"]
            timing = f"{_clock(elapsed)} elapsed"
        return "\r" + "  ".join(parts + [timing]) + "\x1b[K"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def write_rows(rows: Iterable[dict[str, Any]], output_format: str, columns: list[str]) -> None:
    """Write dict rows to stdout as jsonl, json, csv or a table that fits the terminal.

    Lists stay JSON arrays in jsonl and json, and are JSON text in a CSV cell."""
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
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()})
    else:
        write_table(list(rows), columns, out)


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first); 100 when output goes to a pipe or file."""
    return shutil.get_terminal_size(fallback=(100, 24)).columns


def write_table(rows: list[dict[str, Any]], columns: list[str], out: TextIO, width: int | None = None) -> None:
    """An aligned table for people reading a terminal: it fits `width` (the terminal's), long
    cells wrap onto more lines instead of being cut, and on a terminal too narrow for every
    column the last ones are left out (columns come most important first)."""
    gap, width = 2, width or terminal_width()
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    readable = min(max(natural), 24)  # the widest column (the text) never narrower than this
    while True:
        widths = fit_widths(natural, width - gap * (len(columns) - 1), [len(c) for c in columns])
        if len(columns) <= 2 or max(widths) >= readable and sum(widths) + gap * (len(columns) - 1) <= width:
            break
        columns, natural = columns[:-1], natural[:-1]  # the last columns matter least
    cells = [r[: len(columns)] for r in cells]
    separator = " " * gap

    def emit(values: list[str]) -> None:
        for line in _wrapped(values, widths):
            out.write(separator.join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n")

    emit(columns)
    out.write(separator.join("-" * w for w in widths) + "\n")
    for row_cells in cells:
        emit(row_cells)


def _wrapped(values: list[str], widths: list[int]) -> list[tuple[str, ...]]:
    """The screen lines of one row: each cell wrapped to its column, short ones padded."""
    wrapped = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] for v, w in zip(values, widths)]
    height = max(len(w) for w in wrapped)
    return list(zip(*(w + [""] * (height - len(w)) for w in wrapped)))


def fit_widths(natural: list[int], available: int, smallest: list[int]) -> list[int]:
    """Column widths summing to at most `available`: the widest columns are narrowed first, to
    one common width, so short columns stay whole (never below `smallest`, their headers)."""
    if sum(natural) <= available:
        return natural

    def widths(cap: int) -> list[int]:
        return [max(low, min(n, cap)) for n, low in zip(natural, smallest)]

    cap = max(natural)
    low, high = 0, cap  # the largest cap whose widths fit
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(widths(middle)) <= available else (low, middle - 1)
    return widths(low)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return " ".join(str(value).split())
