"""Extraction on a Dask cluster, results streamed back in input order to one writer.

Articles are cut into partitions of `partition_size`; each partition is one task. A worker
loads the model once (cached per worker process) and runs exactly the extraction the serial
path runs (`Extractor.extract_stream`), so a database filled through Dask equals one filled
serially. At most `in_flight` partitions are submitted at a time, so memory stays flat however
long the input; results come back with `as_completed` and are yielded in input order.

Dask is optional: `pip install 'quotetrack[dask]'`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from .errors import QuotetrackError, first_failure_raised
from .models import DEFAULT_SCOPE, Article, Quote

DEFAULT_PARTITION_SIZE = 64


class DaskNotInstalled(QuotetrackError):
    """--dask was asked for, but dask.distributed is not installed."""

    def __init__(self) -> None:
        super().__init__("--dask needs Dask: pip install 'quotetrack[dask]'")


class DaskSchedulerError(QuotetrackError):
    """The scheduler address cannot be reached or `local:N` is malformed."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise DaskNotInstalled() from None
    return distributed


@lru_cache(maxsize=4)
def _worker_extractor(model: str | None, scope: str):
    """One Extractor (one loaded model) per worker process."""
    from .extraction import Extractor

    return Extractor(model, scope=scope)


def _extract_partition(articles: list[Article], model: str | None, scope: str, batch_size: int) -> list[list[Quote] | Exception]:
    """Runs on a worker: quotes (or the error) for each article of a partition, in order."""
    extractor = _worker_extractor(model, scope)
    return [result for _, result in extractor.extract_stream(articles, batch_size)]


def connect(scheduler: str):
    """A Client for `local:N` (a local cluster of N one-thread worker processes) or an address."""
    distributed = _distributed()
    if scheduler.startswith("local"):
        _, _, count = scheduler.partition(":")
        try:
            workers = int(count) if count else None
        except ValueError:
            raise DaskSchedulerError(f"--dask {scheduler!r}: use local:N with N a number of workers") from None
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError) as error:
        raise DaskSchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


def extract_with_dask(
    articles: Iterable[Article],
    scheduler: str,
    model: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = 16,
    scope: str = DEFAULT_SCOPE,
) -> Iterator[tuple[Article, list[Quote]]]:
    """(article, quotes) in input order; the first failed article raises its error."""
    return first_failure_raised(dask_stream(articles, scheduler, model, partition_size, batch_size, scope=scope))


def dask_stream(
    articles: Iterable[Article],
    scheduler: str,
    model: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = 16,
    in_flight: int | None = None,
    scope: str = DEFAULT_SCOPE,
) -> Iterator[tuple[Article, list[Quote] | Exception]]:
    """(article, quotes or the error that stopped its extraction), in input order.

    `in_flight` partitions at most are on the cluster at once (default: twice the workers)."""
    distributed = _distributed()
    client, cluster = connect(scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = in_flight or 2 * workers
        source = iter(articles)
        submitted: dict = {}  # future -> partition number
        partitions: dict[int, list[Article]] = {}
        done: dict[int, list] = {}
        queue = distributed.as_completed()
        next_submit = next_yield = 0

        def submit() -> bool:
            nonlocal next_submit
            partition = list(islice(source, partition_size))
            if not partition:
                return False
            future = client.submit(_extract_partition, partition, model, scope, batch_size, pure=False)
            submitted[future] = next_submit
            partitions[next_submit] = partition
            queue.add(future)
            next_submit += 1
            return True

        more = True
        while more and len(submitted) < limit:
            more = submit()
        for future in queue:
            number = submitted.pop(future)
            done[number] = future.result()
            future.release()
            while next_yield in done:
                yield from zip(partitions.pop(next_yield), done.pop(next_yield))
                next_yield += 1
            while more and len(submitted) + len(done) < limit:
                more = submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _label(name: str) -> str:
    """`package==version` of a model, as Extractor.model, read from its meta without loading it."""
    from types import SimpleNamespace

    import spacy.util

    from .nlp import load_model, model_label

    try:
        meta = spacy.util.load_meta(spacy.util.get_package_path(name) / "meta.json")
    except (OSError, ValueError, ImportError):
        return model_label(load_model(name))  # a path or a model without meta: load it
    return model_label(SimpleNamespace(meta=meta))


class DaskExtractor:
    """Drop-in for Extractor in `ingest()`: extraction on Dask workers, one writer here."""

    def __init__(
        self, scheduler: str, model: str | None = None, partition_size: int = DEFAULT_PARTITION_SIZE, scope: str = DEFAULT_SCOPE
    ):
        _distributed()  # fail early and clearly when Dask is missing
        from .nlp import model_name

        self.scheduler = scheduler
        self.scope = scope
        self.model_name = model_name(model)
        self.model = _label(self.model_name)
        self.partition_size = partition_size

    def extract_stream(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        return dask_stream(articles, self.scheduler, self.model_name, self.partition_size, batch_size, scope=self.scope)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Quote]]]:
        return extract_with_dask(articles, self.scheduler, self.model_name, self.partition_size, batch_size, self.scope)
