"""Ingest: inputs → extraction → database, streaming, one transaction per batch of articles."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlite_utils import Database

from .errors import InputError
from .extraction import Extractor
from .models import Article, Quote
from .reading import read_inputs
from .storage import save_batch, stored_article_id

ErrorCallback = Callable[[InputError], None]
Wrapper = Callable[[Iterator[Article]], Iterator[Article]]


@dataclass
class IngestSummary:
    stored: int = 0
    quotes: int = 0
    skipped: int = 0  # already in the database
    failed: int = 0

    def line(self) -> str:
        return (
            f"stored {self.stored} articles ({self.quotes} quotes), "
            f"skipped {self.skipped} already stored, {self.failed} failed"
        )


def ingest(
    paths: Iterable[str],
    db: Database,
    extractor: Extractor,
    outlet: str | None = None,
    on_error: ErrorCallback | None = None,
    progress: Wrapper | None = None,
    batch_size: int = 32,
) -> IngestSummary:
    """Read, extract and store; bad inputs are reported through on_error and never stop the batch."""
    summary = IngestSummary()

    def report(error: InputError) -> None:
        summary.failed += 1
        if on_error:
            on_error(error)

    def new_articles() -> Iterator[Article]:
        for item in read_inputs(paths):
            if isinstance(item, InputError):
                report(item)
            elif stored_article_id(db, item.text) is not None:
                summary.skipped += 1
            else:
                yield item

    articles = new_articles()
    if progress is not None:
        articles = progress(articles)
    extracted = _successes(extractor.extract_stream(articles), report)
    while batch := list(islice(extracted, batch_size)):
        for result in save_batch(db, batch, outlet):
            if result.created:
                summary.stored += 1
                summary.quotes += result.quotes
            else:
                summary.skipped += 1
    return summary


def _successes(stream: Iterable[tuple[Article, list[Quote] | Exception]], report: ErrorCallback) -> Iterator[tuple[Article, list[Quote]]]:
    for article, result in stream:
        if isinstance(result, Exception):
            report(InputError(article.source or article.id, f"extraction failed: {result!r}"))
        else:
            yield article, result
