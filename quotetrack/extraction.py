"""The Extractor: the spaCy pipeline, the selective parse and the quote rules (quotes/) over
articles, with the confidence model's scores. `find_quotes` runs the rules on one parsed Doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import __version__
from .confidence import default_model
from .errors import ArticleFailed, describe
from .limits import TimeLimitExceeded, max_seconds, time_limit
from .marks import paragraphs
from .models import DEFAULT_SCOPE, SCOPES, Article, Quote
from .nlp import load_model, model_label
from .parsing import parse_articles, parse_articles_or_errors
from .quotes import attribution_rules, doc_text, find_quotes
from .statements import split_statements


class Extractor:
    """Runs the spaCy pipeline and the quote rules over articles."""

    def __init__(self, model: str | None = None, processes: int = 1, scope: str = DEFAULT_SCOPE, calibrated: bool = True):
        """`calibrated`: score quotes with the learned confidence model (confidence.py), which
        also leaves out of the attributions scope what falls below its threshold; without it,
        each quote keeps its rule's prior (what `quotetrack calibrate` fits a model on)."""
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
        self.confidence = default_model() if calibrated else None
        self.nlp = load_model(model)
        self.model = model_label(self.nlp)
        self.processes = processes
        self.scope = scope

    def extract(self, article: Article) -> list[Quote]:
        _, doc = next(parse_articles(self.nlp, [article], scope=self.scope))
        return self.quotes_in(doc, article.id)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Quote]]]:
        """Stream (article, quotes) pairs, parsing in batches; the first failure raises."""
        for article, result in self.extract_stream(articles, batch_size):
            if isinstance(result, Exception):
                raise result
            yield article, result

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
        quotes = find_quotes(doc, article_id, self.scope)
        if self.confidence is not None:
            self.confidence.score(doc, doc_text(doc), quotes)
            if self.scope == "attributions":  # the wide net keeps only its likelier finds
                quotes = [q for q in quotes if q.rule not in attribution_rules() or q.confidence >= self.confidence.threshold]
        quotes = split_statements(doc_text(doc), quotes)
        for quote in quotes:
            quote.model = self.model
            quote.version = __version__
        return quotes


__all__ = ["Extractor", "doc_text", "find_quotes", "paragraphs"]
