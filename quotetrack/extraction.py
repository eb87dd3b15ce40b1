"""Quote finding: direct, indirect and mixed quotes with cue and speaker mention (work in progress)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import __version__
from .models import Article, Quote
from .nlp import load_model, model_label


class Extractor:
    """Runs the spaCy pipeline and the quote rules over articles."""

    def __init__(self, model: str | None = None):
        self.nlp = load_model(model)
        self.model = model_label(self.nlp)

    def extract(self, article: Article) -> list[Quote]:
        return self.quotes_in(self.nlp(article.text), article.id)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Quote]]]:
        """Stream (article, quotes) pairs, parsing in batches."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self.quotes_in(doc, article.id)

    def quotes_in(self, doc: Doc, article_id: str) -> list[Quote]:
        quotes = find_quotes(doc, article_id)
        for quote in quotes:
            quote.model = self.model
            quote.version = __version__
        return quotes


def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    return []
