"""`quotetrack report` and `quotetrack serve`: the database as people read it."""

from __future__ import annotations

import click

from ..errors import QuotetrackError
from ..reports import FORMATS
from . import cli
from .options import db_option


@cli.command()
@db_option
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True, default=["md", "html"], show_default=True, help="Repeat for several formats.")
@click.option("--speaker", help="Only quotes by speakers whose name (or a spelling of it) contains this.")
@click.option("--outlet", help="Only quotes from outlets whose name contains this.")
def report(db_path: str, out_dir: str, formats: tuple[str, ...], speaker: str | None, outlet: str | None) -> None:
    """Write a report: overview, top speakers, shared quotes and their differences.

    The same database always gives the same files, so reports can be diffed and kept in git.

    \b
    Examples:
      quotetrack report --db quotes.db --out reports/
      quotetrack report --format html --speaker Ayers
      quotetrack report --format csv --outlet "Daily Mail" --out reports/dailymail
    """
    from ..reports import build_report, write_report
    from ..storage import open_db

    try:
        data = build_report(open_db(db_path, must_exist=True), speaker=speaker, outlet=outlet)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    for output_format in formats:
        for path in write_report(data, out_dir, output_format):
            click.echo(str(path))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free port).")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve(db_path: str, host: str, port: int, datasette_args: tuple[str, ...]) -> None:
    """Browse the database in Datasette, with quotetrack's pages, facets, labels and stored queries.

    Anything after the options goes to `datasette serve`: more databases, --metadata,
    --setting, --root, -o ... Plain `datasette quotes.db` gets the same pages: the plugin is
    registered with Datasette when quotetrack is installed.
    Needs the optional extra: pip install 'quotetrack[datasette]'.

    \b
    Examples:
      quotetrack serve --db quotes.db
      quotetrack serve --db quotes.db --port 8080 other.db --setting sql_time_limit_ms 3000
      datasette quotes.db        # the same pages, from Datasette itself
    """
    from ..browse import serve as serve_datasette
    from ..storage import open_db

    try:
        open_db(db_path, must_exist=True).close()
        serve_datasette([db_path], host=host, port=port, datasette_args=datasette_args, announce=lambda line: click.echo(line, err=True))
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
