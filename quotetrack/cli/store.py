"""`quotetrack ingest`, `quotes` and `speakers`: filling the database and reading it back."""

from __future__ import annotations

import sqlite3
import sys
from functools import partial

import click

from ..errors import InputError, InputWarning, QuotetrackError, printable
from ..models import KINDS
from . import cli
from .options import (
    COUNT, PROCESSES, date_options, db_option, echo_error, format_option, input_options, min_confidence_option, model_option, progress_bar, scope_option, silent_option, watching, write_rows,
)

LISTING_FORMATS = ["table", "jsonl", "json", "csv"]
QUOTE_LISTING_COLUMNS = ["quote_id", "speaker_name", "text", "outlet", "published", "kind"]  # the table; other formats give every field


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--outlet", help="Outlet name for every input (overrides metadata and feeds).")
@click.option("--update", is_flag=True, help="For articles stored already (same text), refresh title, outlet, URL, date and author from this reading instead of skipping them.")
@input_options
@click.option("--no-match", is_flag=True, help="Skip matching speakers and quotes across articles afterwards.")
@click.option("--processes", type=PROCESSES, help="Worker processes for parsing (default: every core).")
@click.option("--dask", "dask_scheduler", metavar="ADDRESS", help="Extract on a Dask cluster: a scheduler address, or local:N. Needs pip install 'quotetrack[dask]'.")
@click.option("--partition-size", type=COUNT, default=64, show_default=True, help="Articles per Dask task.")
@model_option
@scope_option
@silent_option
def ingest(
    paths: tuple[str, ...], db_path: str, outlet: str | None, update: bool, input_format: str, fields: dict[str, str],
    no_match: bool, processes: int | None, dask_scheduler: str | None, partition_size: int, model: str, scope: str, silent: bool,
) -> None:
    """Extract quotes from articles and store them in the database.

    PATHS are .txt, .html or .jsonl files, folders (read recursively), http(s) URLs of pages or
    RSS/Atom feeds (fetched), .urls files (one URL a line) or - for standard input.
    Articles already stored (same text) are skipped, so re-running never duplicates rows;
    --update refreshes their metadata instead. A bad input gets one error line; the rest is
    stored and the exit code is 1.

    \b
    Examples:
      quotetrack ingest corpus/
      quotetrack ingest https://example.com/news/article.html
      quotetrack ingest https://example.com/feed.rss --db news.db
      head feed.jsonl | quotetrack ingest - --input-format jsonl
      quotetrack ingest feed.jsonl --field outlet=source.name --field published=date
      quotetrack ingest feed.jsonl --update
      quotetrack ingest feed.jsonl --db news.db --outlet "Daily Mail"
      quotetrack ingest articles/ --silent --processes 4
      quotetrack ingest archive.jsonl --dask local:4
      quotetrack ingest archive.jsonl --dask tcp://scheduler:8786
      quotetrack ingest corpus/ --scope attributions --db broad.db
    """

    def on_error(error: InputError) -> None:
        echo_error(str(error), silent)

    def on_warning(warning: InputWarning) -> None:
        click.echo(f"warning: {warning}", err=True)

    from ..crossref import matches_stale, refresh_matches
    from ..ingestion import IngestSummary, choose_extractor, ingest as run_ingest
    from ..reading import count_inputs, read_inputs
    from ..storage import open_db

    summary = IngestSummary()
    try:
        db = open_db(db_path)
        extractor = choose_extractor(model, processes, dask_scheduler, partition_size, scope)
        total = count_inputs(paths, input_format) if watching(silent) else None
        with progress_bar("Ingesting", total, silent, summary.finished):
            run_ingest(
                paths, db, extractor, outlet=outlet, on_error=on_error, update=update,
                read=partial(read_inputs, input_format=input_format, fields=fields), summary=summary, on_warning=on_warning,
            )
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    click.echo(summary.line(), err=True)
    failed = bool(summary.failed)
    if not no_match:
        try:
            if matches_stale(db) or summary.updated:
                matches = refresh_matches(db)
                click.echo(
                    f"matched {matches.new_quotes} new quotes across articles: {matches.groups_touched} groups made or grown, "
                    f"{matches.merges} speaker merges, {matches.paraphrases} paraphrase links",
                    err=True,
                )
        except sqlite3.Error as error:  # the articles stay stored; the next ingest matches them
            click.echo(f"error: {printable(db_path)}: matching across articles failed, the stored articles are kept and the next ingest matches them ({error})", err=True)
            failed = True
    if failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--speaker", help="Only quotes whose speaker name or mention contains this.")
@click.option("--outlet", help="Only quotes from outlets whose name contains this.")
@click.option("--search", help="Full-text search in the quote text (all words must appear).")
@click.option("--kind", type=click.Choice(KINDS), help="Only quotes of this kind.")
@date_options("quotes from articles")
@click.option("--limit", type=COUNT, help="At most this many quotes.")
@min_confidence_option
@format_option(LISTING_FORMATS, "table")
def quotes(
    db_path: str, speaker: str | None, outlet: str | None, search: str | None, kind: str | None,
    since: str | None, until: str | None, limit: int | None, min_confidence: float | None, output_format: str,
) -> None:
    """List stored quotes.

    `speaker` is the speaker as written in the article ("he", "Nauert"), `speaker_name` the
    person or body meant ("Heather Nauert"), as in `extract`.

    \b
    Examples:
      quotetrack quotes --speaker Ayers
      quotetrack quotes --search "maximum pressure" --format jsonl
      quotetrack quotes --outlet "Daily Mail" --format csv > dailymail.csv
      quotetrack quotes --kind direct --since 2018-02-01 --until 2018-02-28
      quotetrack quotes --min-confidence 0.7
    """
    from ..storage import list_quotes, open_db

    try:
        rows = list_quotes(
            open_db(db_path, must_exist=True), speaker=speaker, outlet=outlet, search=search, limit=limit, min_confidence=min_confidence,
            kind=kind, since=since, until=until,
        )
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    write_rows(rows, output_format, QUOTE_LISTING_COLUMNS if output_format == "table" else list(rows[0]) if rows else QUOTE_LISTING_COLUMNS)


@cli.group(invoke_without_command=True)
@db_option
@format_option(LISTING_FORMATS, "table")
@click.pass_context
def speakers(ctx: click.Context, db_path: str, output_format: str) -> None:
    """List speakers with their number of quotes, outlets and spellings.

    \b
    Examples:
      quotetrack speakers
      quotetrack speakers --db news.db --format csv
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..storage import list_speakers, open_db

    try:
        rows = list_speakers(open_db(db_path, must_exist=True))
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    write_rows(rows, output_format, ["id", "name", "kind", "quotes", "outlets", "spellings"])
