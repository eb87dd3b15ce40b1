"""Ingest: inputs → extraction → database, streaming, one transaction per batch of articles.

Nothing holds the corpus: articles are read lazily, articles whose text is stored already are
dropped before they are parsed, and at most one batch of extracted articles waits to be written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from sqlite_utils import Database

from . import __version__
from .errors import ArticleFailed, DatabaseError, InputError, InputWarning, describe
from .extraction import Extractor
from .models import DEFAULT_SCOPE, Article, Quote
from .parse_batches import default_processes
from .reading import read_inputs
from .storage import SaveResult, db_file, save_batch, stored_article_id, update_article_metadata

ErrorCallback = Callable[[InputError], None]
WarningCallback = Callable[[InputWarning], None]
Item = Article | InputError | InputWarning
Pair = tuple[Article, list[Quote]]

# What one article's data can do wrong when written (a NULL where NOT NULL is due, a value
# SQLite cannot hold); anything else (disk full, locked database) stops the ingest.
ARTICLE_WRITE_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, TypeError, ValueError)


class QuoteExtractor(Protocol):
    """What ingest needs from an extractor (extraction.Extractor, or a fake in tests)."""

    model: str

    def extract_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        """(article, quotes) pairs in order; a failure on one article is yielded in its place."""
        ...


@dataclass
class IngestSummary:
    stored: int = 0
    quotes: int = 0
    skipped_existing: int = 0  # the same text is in the database already
    failed: int = 0
    updated: int = 0  # stored already, metadata refreshed (--update)

    def finished(self) -> int:
        """Inputs dealt with so far, whatever became of them (what a progress bar counts)."""
        return self.stored + self.skipped_existing + self.failed + self.updated

    def line(self) -> str:
        updated = f"updated {self.updated}, " if self.updated else ""
        return (
            f"stored {self.stored} articles ({self.quotes} quotes), {updated}"
            f"skipped {self.skipped_existing} already stored, {self.failed} failed"
        )


def ingest(
    paths: Iterable[str],
    db: Database,
    extractor: QuoteExtractor,
    outlet: str | None = None,
    on_error: ErrorCallback | None = None,
    batch_size: int = 32,
    update: bool = False,
    read: Callable[[Iterable[str]], Iterator[Item]] = read_inputs,
    summary: IngestSummary | None = None,
    on_warning: WarningCallback | None = None,
) -> IngestSummary:
    """Read, extract and store; a bad input or article is reported through on_error and never
    stops the batch. `outlet` overrides the outlet of every input; `update` refreshes the
    metadata of articles whose text is stored already (else they are skipped); `read` turns
    the paths into articles (reading.read_inputs with the caller's input options). `summary`
    is filled as the ingest goes, so that a progress bar can read it (a new one by default).
    Raises DatabaseError only when the database itself fails (locked, full), after keeping
    everything stored so far."""
    summary = summary if summary is not None else IngestSummary()

    def report(error: InputError) -> None:
        summary.failed += 1
        if on_error:
            on_error(error)

    def new_articles() -> Iterator[Article]:
        for item in read(paths):
            if isinstance(item, InputError):
                report(item)
            elif isinstance(item, InputWarning):
                if on_warning:
                    on_warning(item)
            elif (stored := stored_article_id(db, item.text)) is None:
                yield item
            elif update and update_article_metadata(db, stored, item, outlet):
                summary.updated += 1
            else:
                summary.skipped_existing += 1

    extracted = _successes(extractor.extract_stream(new_articles()), report)
    try:
        while batch := list(islice(extracted, batch_size)):
            for result in _store(db, batch, outlet, extractor.model, report):
                if result.created:
                    summary.stored += 1
                    summary.quotes += result.quotes
                else:
                    summary.skipped_existing += 1  # the same text twice in this run
    except sqlite3.Error as error:
        raise DatabaseError(f"{db_file(db)}: the database failed after {summary.stored} articles were stored, which are kept: {error}") from None
    return summary


def _store(db: Database, batch: list[Pair], outlet: str | None, model: str, report: ErrorCallback) -> list[SaveResult]:
    """Save a batch in one transaction; if one article's data is refused, save the others one by one."""
    try:
        return save_batch(db, batch, outlet, model, __version__)
    except ARTICLE_WRITE_ERRORS as error:
        if len(batch) > 1:
            return [result for pair in batch for result in _store(db, [pair], outlet, model, report)]
        article = batch[0][0]
        report(InputError(article.source or article.id, f"could not be stored: {error}"))
        return []


def _successes(stream: Iterable[tuple[Article, list[Quote] | Exception]], report: ErrorCallback) -> Iterator[Pair]:
    for article, result in stream:
        if isinstance(result, Exception):
            problem = str(result) if isinstance(result, ArticleFailed) else f"extraction failed: {describe(result)}"
            report(InputError(article.source or article.id, problem))
        else:
            yield article, result


def choose_extractor(
    model: str | None,
    processes: int | None = None,
    dask_scheduler: str | None = None,
    partition_size: int = 64,
    scope: str = DEFAULT_SCOPE,
) -> QuoteExtractor:
    """Where extraction runs: on a Dask cluster when a scheduler is given, else in local processes."""
    if dask_scheduler:
        from .distributed import DaskExtractor

        return DaskExtractor(dask_scheduler, model, partition_size, scope)
    return Extractor(model, processes=processes or default_processes(), scope=scope)
