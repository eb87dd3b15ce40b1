"""The spaCy component: `nlp.add_pipe("quotetrack_quotes")` on an English pipeline puts each
quote the rules find in `doc.spans["quotetrack_quotes"]` (label: direct, indirect or mixed),
with `span._.speaker`, `span._.speaker_name`, `span._.cue`, `span._.rule` and
`span._.confidence`. The Extractor (extraction.py) is this component plus the selective parse.

spaCy finds the factory through the `spacy_factories` entry point (setup.cfg) without importing
quotetrack; `import quotetrack` after spaCy registers it too (quotetrack/__init__.py)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import __version__
from .confidence import ConfidenceModel, default_model
from .content_ends import ContentEndModel, default_model as default_ends_model
from .errors import UnknownScope
from .models import DEFAULT_SCOPE, SCOPES, Quote
from .nlp import model_label
from .quotes import attribution_rules, doc_text, find_quotes
from .statements import split_statements

SPANS_KEY = "quotetrack_quotes"
# Span extensions, each filled from the Quote field of the same name.
SPAN_EXTENSIONS = ("speaker", "speaker_name", "cue", "rule", "confidence")


def register_extensions() -> None:
    """Declare the span extensions once (spaCy keeps them for the process)."""
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


class QuoteFinder:
    """Finds the quotes of a parsed Doc: the rules of a scope (quotes/), scored by the
    confidence model, which in the attributions scope also leaves out its unlikely finds."""

    def __init__(
        self, nlp: Language, name: str = SPANS_KEY, scope: str = DEFAULT_SCOPE, calibrated: bool = True, learned_ends: bool = True
    ):
        """`calibrated`: score quotes with the learned confidence model (confidence.py); without
        it each quote keeps its rule's prior (what `quotetrack calibrate` fits a model on).
        `learned_ends`: let the content-end model (content_ends.py) choose where reported content
        ends; without it the rules' ends stay (what `quotetrack fit-ends` learns from)."""
        if scope not in SCOPES:
            raise UnknownScope(scope)
        self.name = name
        self.scope = scope
        self.confidence: ConfidenceModel | None = default_model() if calibrated else None
        self.content_ends: ContentEndModel | None = default_ends_model() if learned_ends else None
        self.model = model_label(nlp)
        self.last_doc: Doc | None = None
        register_extensions()

    def quotes(self, doc: Doc, article_id: str) -> list[Quote]:
        """The quotes of a parsed Doc, scored, with their provenance."""
        quotes = find_quotes(doc, article_id, self.scope)
        if self.content_ends is not None:
            self.content_ends.adjust(doc, quotes)
        if self.confidence is not None:
            self.confidence.score(doc, doc_text(doc), quotes)
            if self.scope == "attributions":  # the wide net keeps only its likelier finds
                quotes = [q for q in quotes if q.rule not in attribution_rules() or q.confidence >= self.confidence.threshold]
        quotes = split_statements(doc_text(doc), quotes)
        for quote in quotes:
            quote.model = self.model
            quote.version = __version__
            quote.confidence_model = self.confidence.fingerprint if self.confidence is not None else ""
        return quotes

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for quote in self.quotes(doc, article_id=""):
            span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
            if span is None:  # an offset inside white space that no token covers
                continue
            for name in SPAN_EXTENSIONS:
                span._.set(name, getattr(quote, name))
            spans.append(span)
        doc.spans[self.name] = spans
        # spaCy's span groups hold their Doc weakly: keeping the last Doc lets
        # `print(nlp(text).spans)` work in one expression.
        self.last_doc = doc
        return doc


@Language.factory(
    "quotetrack_quotes",
    default_config={"scope": DEFAULT_SCOPE, "calibrated": True, "learned_ends": True},
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc.spans"],
)
def make_quote_finder(nlp: Language, name: str, scope: str, calibrated: bool, learned_ends: bool) -> QuoteFinder:
    """The factory behind `nlp.add_pipe("quotetrack_quotes", config={"scope": "attributions"})`."""
    return QuoteFinder(nlp, name, scope, calibrated, learned_ends)
