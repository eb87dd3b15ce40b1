"""`quotetrack extract`: quotes to stdout, no database."""

from __future__ import annotations

import sys

import click

from ..errors import InputError, InputWarning, QuotetrackError
from ..extraction import Extractor
from ..models import Article
from ..reading import read_inputs
from . import cli
from .options import format_option, min_confidence_option, model_option, progress, scope_option, silent_option, write_rows

QUOTE_COLUMNS = [
    "article_id", "kind", "start", "end", "text", "speaker", "speaker_start", "speaker_end",
    "speaker_name", "cue", "cue_start", "cue_end", "confidence", "rule", "model", "version",
]


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@format_option(["jsonl", "json", "table", "csv"], "jsonl")
@model_option
@scope_option
@min_confidence_option
@silent_option
def extract(paths: tuple[str, ...], output_format: str, model: str, scope: str, min_confidence: float | None, silent: bool) -> None:
    """Find quotes in articles and write them to stdout.

    PATHS are .txt, .html or .jsonl files, folders (read recursively) or - for stdin.

    \b
    Examples:
      quotetrack extract corpus/
      quotetrack extract article.txt --format table
      cat article.txt | quotetrack extract - --format csv > quotes.csv
      quotetrack extract corpus/ --scope attributions --min-confidence 0.45
    """
    try:
        extractor = Extractor(model, scope=scope)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    failures = 0

    def articles():
        nonlocal failures
        for item in read_inputs(paths):
            if isinstance(item, Article):
                yield item
            elif isinstance(item, InputWarning):
                click.echo(f"warning: {item}", err=True)
            else:
                failures += 1
                click.echo(f"error: {item}", err=True)

    def found():
        nonlocal failures
        for article, result in progress(extractor.extract_stream(articles()), None, "Extracting", silent):
            if isinstance(result, Exception):
                failures += 1
                click.echo(f"error: {InputError(article.source or article.id, str(result))}", err=True)
                continue
            yield from (q.to_dict() for q in result if min_confidence is None or q.confidence >= min_confidence)

    write_rows(found(), output_format, QUOTE_COLUMNS)
    if failures:
        sys.exit(1)
