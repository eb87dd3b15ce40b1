"""The Extractor: the spaCy pipeline, the selective parse and the quote rules (quotes/) over
articles, with the confidence model's scores. `find_quotes` runs the rules on one parsed Doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .component import QuoteFinder
from .errors import ArticleFailed, describe, first_failure_raised
from .limits import TimeLimitExceeded, max_seconds, time_limit
from .marks import paragraphs
from .models import DEFAULT_SCOPE, Article, Quote
from .nlp import load_model
from .parse_batches import parse_articles, parse_articles_or_errors
from .quotes import doc_text, find_quotes


class Extractor:
    """The quote component (component.py) behind the selective parse (parsing.py): parses only
    the paragraphs where the scope's rules can find something, then finds the quotes."""

    def __init__(self, model: str | None = None, processes: int = 1, scope: str = DEFAULT_SCOPE, calibrated: bool = True):
        """`calibrated`: score quotes with the learned confidence model (see QuoteFinder)."""
        self.nlp = load_model(model)
        self.finder = QuoteFinder(self.nlp, scope=scope, calibrated=calibrated)
        self.confidence = self.finder.confidence
        self.model = self.finder.model
        self.processes = processes
        self.scope = scope

    def extract(self, article: Article) -> list[Quote]:
        _, doc = next(parse_articles(self.nlp, [article], scope=self.scope))
        return self.quotes_in(doc, article.id)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Quote]]]:
        """Stream (article, quotes) pairs, parsing in batches; the first failure raises."""
        return first_failure_raised(self.extract_stream(articles, batch_size))

    def extract_stream(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        """Like extract_many, but a failure on one article (parsing, the rules, or the rules
        running over limits.max_seconds()) is yielded in its place, so a batch goes on."""
        for article, doc in parse_articles_or_errors(self.nlp, articles, batch_size, self.processes, self.scope):
            if isinstance(doc, Exception):
                yield article, doc
                continue
            try:
                with time_limit(max_seconds()):
                    quotes = self.quotes_in(doc, article.id)
            except TimeLimitExceeded as error:
                yield article, ArticleFailed(f"extraction stopped: {error}")
            except Exception as error:  # noqa: BLE001 - reported per article by the caller
                yield article, ArticleFailed(f"extraction failed: {describe(error)}")
            else:
                yield article, quotes

    def parse(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
        """(article, Doc) pairs, parsed as far as the scope's rules read."""
        return parse_articles(self.nlp, articles, batch_size, self.processes, self.scope)

    def quotes_in(self, doc: Doc, article_id: str) -> list[Quote]:
        return self.finder.quotes(doc, article_id)


__all__ = ["Extractor", "doc_text", "find_quotes", "paragraphs"]
