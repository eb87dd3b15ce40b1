"""`quotetrack ingest`, `quotes` and `speakers`: filling the database and reading it back."""

from __future__ import annotations

import sys

import click

from ..crossref import matches_stale, refresh_matches
from ..errors import InputError, QuotetrackError
from ..ingestion import choose_extractor, ingest as run_ingest
from ..storage import list_quotes, list_speakers, open_db
from . import cli
from .options import db_option, format_option, min_confidence_option, model_option, progress, scope_option, silent_option, write_rows

LISTING_FORMATS = ["table", "jsonl", "json", "csv"]


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--outlet", help="Outlet name for every input (overrides metadata and feeds).")
@click.option("--no-match", is_flag=True, help="Skip matching speakers and quotes across articles afterwards.")
@click.option("--processes", type=click.IntRange(min=1), help="Worker processes for parsing (default: every core).")
@click.option("--dask", "dask_scheduler", metavar="ADDRESS", help="Extract on a Dask cluster: a scheduler address, or local:N. Needs pip install 'quotetrack[dask]'.")
@click.option("--partition-size", type=click.IntRange(min=1), default=64, show_default=True, help="Articles per Dask task.")
@model_option
@scope_option
@silent_option
def ingest(
    paths: tuple[str, ...], db_path: str, outlet: str | None, no_match: bool, processes: int | None,
    dask_scheduler: str | None, partition_size: int, model: str, scope: str, silent: bool,
) -> None:
    """Extract quotes from articles and store them in the database.

    Articles already stored (same text) are skipped, so re-running never duplicates rows.
    A bad input gets one error line; the rest is stored and the exit code is 1.

    \b
    Examples:
      quotetrack ingest corpus/
      quotetrack ingest feed.jsonl --db news.db --outlet "Daily Mail"
      quotetrack ingest articles/ --silent --processes 4
      quotetrack ingest archive.jsonl --dask local:4
      quotetrack ingest archive.jsonl --dask tcp://scheduler:8786
      quotetrack ingest corpus/ --scope attributions --db broad.db
    """

    def on_error(error: InputError) -> None:
        click.echo(f"error: {error}", err=True)

    try:
        db = open_db(db_path)
        summary = run_ingest(
            paths, db, choose_extractor(model, processes, dask_scheduler, partition_size, scope), outlet=outlet, on_error=on_error,
            progress=lambda articles: progress(articles, None, "Ingesting", silent),
        )
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    click.echo(summary.line(), err=True)
    if not no_match and matches_stale(db):
        matches = refresh_matches(db)
        click.echo(f"matched across articles: {matches.groups} shared quotes, {matches.merges} speaker merges, {matches.paraphrases} paraphrases", err=True)
    if summary.failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--speaker", help="Only quotes whose speaker name or mention contains this.")
@click.option("--outlet", help="Only quotes from outlets whose name contains this.")
@click.option("--search", help="Full-text search in the quote text (all words must appear).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many quotes.")
@min_confidence_option
@format_option(LISTING_FORMATS, "table")
def quotes(
    db_path: str, speaker: str | None, outlet: str | None, search: str | None, limit: int | None,
    min_confidence: float | None, output_format: str,
) -> None:
    """List stored quotes.

    \b
    Examples:
      quotetrack quotes --speaker Ayers
      quotetrack quotes --search "maximum pressure" --format jsonl
      quotetrack quotes --outlet "Daily Mail" --format csv > dailymail.csv
      quotetrack quotes --min-confidence 0.7
    """
    try:
        rows = list_quotes(
            open_db(db_path, must_exist=True), speaker=speaker, outlet=outlet, search=search, limit=limit, min_confidence=min_confidence
        )
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    columns = ["quote_id", "speaker", "outlet", "kind", "text", "speaker_mention", "cue", "article_key"]
    write_rows(rows, output_format, columns if output_format == "table" else list(rows[0]) if rows else columns)


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
    try:
        rows = list_speakers(open_db(db_path, must_exist=True))
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    write_rows(rows, output_format, ["id", "name", "quotes", "outlets", "spellings"])
