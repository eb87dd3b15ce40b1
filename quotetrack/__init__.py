"""quotetrack: find quotes in news articles, attribute them to speakers, compare across outlets.

The public API, imported lazily (PEP 562) so that `import quotetrack` stays cheap (no spaCy):

    import quotetrack
    quotes = quotetrack.extract("“We will win,” she said.")
    quotes[0].text, quotes[0].speaker, quotes[0].rule, quotes[0].confidence

`Extractor` (many articles, one pipeline), `Article`, `Quote`, `open_db`, `ingest`, the spaCy
component `QuoteFinder` (`nlp.add_pipe("quotetrack_quotes")`) and the named exceptions of
`quotetrack.errors` are here too.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module that defines it
_PUBLIC = {
    "Article": "models",
    "Quote": "models",
    "Extractor": "extraction",
    "QuoteFinder": "component",
    "open_db": "storage",
    "ingest": "ingestion",
    "QuotetrackError": "errors",
    "ModelNotFound": "errors",
    "InputError": "errors",
    "DatabaseError": "errors",
    "UnknownScope": "errors",
    "VocabularyError": "errors",
    "ConfidenceModelMismatch": "errors",
}

if TYPE_CHECKING:
    from .component import QuoteFinder
    from .errors import ConfidenceModelMismatch, DatabaseError, InputError, ModelNotFound, QuotetrackError, UnknownScope, VocabularyError
    from .extraction import Extractor
    from .ingestion import ingest
    from .models import Article, Quote
    from .storage import open_db


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'quotetrack' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


@lru_cache(maxsize=4)
def _extractor(model: str | None, scope: str) -> Extractor:
    return import_module(".extraction", __name__).Extractor(model=model, scope=scope)


def extract(text: str, *, title: str | None = None, scope: str = "statements", model: str | None = None) -> list[Quote]:
    """The quotes of one article's text, each with its speaker, cue, rule, confidence and
    offsets into `text` (`scope`: "statements" or "attributions"; `model`: a spaCy pipeline).
    The pipeline is loaded once per (model, scope)."""
    article = import_module(".models", __name__).Article(id="text", text=text, title=title)
    return _extractor(model, scope).extract(article)


__all__ = ["__version__", "extract", *_PUBLIC]

# spaCy already loaded: declare the "quotetrack_quotes" factory now (otherwise spaCy finds it
# through the `spacy_factories` entry point when a pipeline asks for it).
if "spacy" in sys.modules:
    from . import component  # noqa: E402,F401
