"""What the rules pass around: a candidate quote and its attribution, and the text helpers
every family uses (character offsets of token runs, the article text, its outer quotes)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
import re

from spacy.tokens import Doc, Span, Token

from ..marks import quoted_spans, QuotedSpan


WORD = re.compile(r"\w+(?:[’'-]\w+)*")
EDGE_TRIM = " \t\n\u00a0,;:—–-"

@dataclass
class Attribution:
    """Who said it and with which cue, as tokens of the parse."""

    cue: Span | None
    speaker: Span | None
    rule: str


@dataclass
class Candidate:
    """A quote on its way out: content offsets, attribution, and how it was found."""

    start: int
    end: int
    kind: str
    attribution: Attribution | None
    confidence: float
    span: QuotedSpan | None = None
    inherited_from: "Candidate | None" = None
    fragments: list[tuple[int, int]] | None = None  # the quoted pieces when the frame splits a quote

    def add_piece(self, piece: "Candidate") -> None:
        """Take the next piece of this statement in: the envelope runs on to its end, the pieces are kept."""
        self.fragments = (self.fragments or [(self.start, self.end)]) + [(piece.start, piece.end)]
        self.end = piece.end


def doc_text(doc: Doc) -> str:
    """The article text, computed once: spaCy rebuilds Doc.text from every token on each access."""
    text = doc.user_data.get("quotetrack_text")
    if text is None:
        text = doc.user_data["quotetrack_text"] = doc.text
    return text

def outer_quotes(doc: Doc) -> list[QuotedSpan]:
    """Outermost quoted stretches of the article, scanned once per document."""
    spans = doc.user_data.get("quotetrack_outer_quotes")
    if spans is None:
        spans = doc.user_data["quotetrack_outer_quotes"] = [s for s in quoted_spans(doc_text(doc)) if s.depth == 0]
    return spans

def trimmed(doc: Doc, tokens: list[Token]) -> tuple[int | None, int]:
    """Character offsets of a token run, trimmed of edge punctuation and spaces."""
    if not tokens:
        return None, 0
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    start = doc[first].idx
    end = doc[last].idx + len(doc[last].text)
    text = doc_text(doc)
    while start < end and text[start] in EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in EDGE_TRIM + ".":
        end -= 1
    return (start, end) if end > start else (None, 0)


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    if end <= start:
        return []
    span = doc.char_span(max(0, start), min(len(doc_text(doc)), end), alignment_mode="contract")
    return list(span) if span is not None else []


def quoted_offsets(directs: list[Candidate]) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in directs]


def in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def tokens_starting_in(doc: Doc, ranges: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that start inside one of the character ranges (`in_ranges` for
    every token at once, in O(log n) a range: an article can hold thousands of quotes)."""
    starts = [token.idx for token in doc]
    return {i for start, end in ranges for i in range(bisect_left(starts, start), bisect_left(starts, end))}

def directs_spans(directs: list[Candidate]) -> list[QuotedSpan]:
    return [d.span for d in directs if d.span is not None]
