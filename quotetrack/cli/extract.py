"""`quotetrack extract`: quotes to stdout, no database."""

from __future__ import annotations

import sys

import click

from ..errors import InputError, InputWarning, QuotetrackError
from ..models import Article
from . import cli
from .options import echo_error, format_option, input_options, min_confidence_option, model_option, progress_bar, scope_option, silent_option, watching, write_rows

QUOTE_COLUMNS = [
    "article_id", "kind", "start", "end", "text", "speaker", "speaker_start", "speaker_end",
    "speaker_name", "cue", "cue_start", "cue_end", "confidence", "rule", "model", "version",
]

# what a person reads in a terminal; the other formats carry every field
TABLE_COLUMNS = ["article_id", "speaker_name", "text", "kind", "cue", "confidence"]


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@format_option(["jsonl", "json", "table", "csv"], "jsonl")
@model_option
@scope_option
@min_confidence_option
@input_options
@silent_option
def extract(
    paths: tuple[str, ...], output_format: str, model: str, scope: str, min_confidence: float | None,
    input_format: str, fields: dict[str, str], silent: bool,
) -> None:
    """Find quotes in articles and write them to stdout.

    PATHS are .txt, .html or .jsonl files, folders (read recursively), http(s) URLs of pages or
    RSS/Atom feeds (fetched), .urls files (one URL a line) or - for standard input.

    \b
    Examples:
      quotetrack extract corpus/
      quotetrack extract article.txt --format table
      quotetrack extract https://example.com/news/article.html --format table
      cat article.txt | quotetrack extract - --format csv > quotes.csv
      head feed.jsonl | quotetrack extract - --input-format jsonl --field outlet=publisher
      quotetrack extract corpus/ --scope attributions --min-confidence 0.45
    """
    from ..extraction import Extractor
    from ..reading import count_inputs, read_inputs

    try:
        extractor = Extractor(model, scope=scope)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    failures = extracted = 0

    def articles():
        nonlocal failures
        for item in read_inputs(paths, input_format=input_format, fields=fields):
            if isinstance(item, Article):
                yield item
            elif isinstance(item, InputWarning):
                click.echo(f"warning: {item}", err=True)
            else:
                failures += 1
                echo_error(str(item), silent)

    def rows():
        nonlocal extracted, failures
        for article, result in extractor.extract_stream(articles()):
            if isinstance(result, Exception):  # one article failed: reported, the others go on
                failures += 1
                echo_error(str(InputError(article.source or article.id, str(result))), silent)
                continue
            extracted += 1
            yield from (q.to_dict() for q in result if min_confidence is None or q.confidence >= min_confidence)

    total = count_inputs(paths, input_format) if watching(silent) else None
    with progress_bar("Extracting", total, silent, lambda: extracted + failures):
        write_rows(rows(), output_format, TABLE_COLUMNS if output_format == "table" else QUOTE_COLUMNS)
    if failures:
        sys.exit(1)
