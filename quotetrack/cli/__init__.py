"""The `quotetrack` command line: thin Click commands on top of the library.

Each area keeps its commands in its own module; importing it registers them on `cli`.
"""

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
