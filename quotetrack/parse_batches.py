"""The selective parse (parsing.py) over many articles: in batches, where a failure costs one
article, not its batch (`parse_articles_or_errors`), and, with `processes=N`, in N worker
processes whose results come back in input order (the output does not depend on N)."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from . import parsing
from .errors import ArticleFailed, describe, first_failure_raised
from .limits import MAX_CHARS_ENV, max_chars
from .models import DEFAULT_SCOPE, Article

DEFAULT_BATCH_SIZE = 32
# A worker is replaced after this many batches: spaCy's string store only grows with new words,
# so a fresh worker keeps memory flat however long the input.
BATCHES_PER_WORKER = 40


def default_processes() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def parse_articles(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
    scope: str = DEFAULT_SCOPE,
) -> Iterator[tuple[Article, Doc]]:
    """(article, Doc) pairs in input order, parsed selectively in batches of articles, in
    `processes` worker processes when more than one (0 or None: every core). The Docs hold
    what the quote rules of `scope` need: find quotes in them with the same scope. The first
    article that cannot be parsed raises its error (see parse_articles_or_errors)."""
    return first_failure_raised(parse_articles_or_errors(nlp, articles, batch_size, processes, scope))


def parse_articles_or_errors(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
    scope: str = DEFAULT_SCOPE,
) -> Iterator[tuple[Article, Doc | ArticleFailed]]:
    """Like parse_articles, but an article that cannot be parsed gets an ArticleFailed in place
    of its Doc, and the others are parsed as if it were not there."""
    processes = processes or default_processes()
    if processes <= 1:
        for batch in _batches(articles, batch_size):
            yield from zip(batch, parse_guarded(nlp, [a.text for a in batch], scope))
        return
    yield from _parse_in_pool(nlp, articles, batch_size, processes, scope)


def parse_guarded(nlp: Language, texts: list[str], scope: str = DEFAULT_SCOPE) -> list[Doc | ArticleFailed]:
    """parse_batch, and when the batch fails, each text alone: one failure costs one article.
    A text over limits.max_chars() is refused without being parsed."""
    limit = max_chars()
    if any(len(text) > limit for text in texts):
        fits = iter(parse_guarded(nlp, [text for text in texts if len(text) <= limit], scope))
        return [
            ArticleFailed(f"too long to parse: {len(text):,} characters (the limit is {limit:,}; set {MAX_CHARS_ENV} to change it)")
            if len(text) > limit
            else next(fits)
            for text in texts
        ]
    try:
        return list(parsing.parse_batch(nlp, texts, scope=scope))
    except Exception as error:  # noqa: BLE001 - any failure is reported per article
        if len(texts) == 1:
            return [ArticleFailed(f"could not be parsed: {describe(error)}")]
    return [result for text in texts for result in parse_guarded(nlp, [text], scope)]


# --- worker processes ------------------------------------------------------------------------

_worker_nlp: Language | None = None


def _init_worker(nlp: Language | None) -> None:
    global _worker_nlp
    if nlp is not None:  # spawn: the pipeline came pickled; fork: it is inherited
        _worker_nlp = nlp
    try:  # one BLAS thread per process: the processes are the parallelism
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass


def _parse_in_worker(texts: list[str], scope: str) -> list[bytes | ArticleFailed]:
    assert _worker_nlp is not None
    return [
        result if isinstance(result, ArticleFailed) else result.to_bytes(exclude=["tensor", "user_data"])
        for result in parse_guarded(_worker_nlp, texts, scope)
    ]


def _parse_in_pool(
    nlp: Language, articles: Iterable[Article], batch_size: int, processes: int, scope: str
) -> Iterator[tuple[Article, Doc | ArticleFailed]]:
    """Batches go to a pool with at most 2 batches per process in flight (memory stays flat);
    results are taken back in submission order."""
    global _worker_nlp
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    forked = context.get_start_method() == "fork"
    if forked:
        _worker_nlp = nlp
    pool = context.Pool(
        processes, initializer=_init_worker, initargs=(None if forked else nlp,), maxtasksperchild=BATCHES_PER_WORKER
    )
    try:
        pending: deque = deque()
        batches = _batches(articles, batch_size)
        for batch in batches:
            pending.append((batch, pool.apply_async(_parse_in_worker, ([a.text for a in batch], scope))))
            while len(pending) >= 2 * processes:
                yield from _collect(nlp, *pending.popleft())
        while pending:
            yield from _collect(nlp, *pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _collect(nlp: Language, batch: list[Article], result) -> Iterator[tuple[Article, Doc | ArticleFailed]]:
    for article, data in zip(batch, result.get()):
        if isinstance(data, ArticleFailed):
            yield article, data
            continue
        doc = Doc(nlp.vocab).from_bytes(data)
        parsing.start_sentences_at_chunks(article.text, doc)  # from_bytes recomputes them from the arcs
        yield article, doc
