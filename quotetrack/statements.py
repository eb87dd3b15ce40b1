"""Statements: a quote interrupted by its speech tag is stored as its pieces.

`“We will build it,” Smith said. “It will be done by June.”` is one statement in two pieces, and
so is the mixed `The city “will recover,” the mayor said. “We have rebuilt.”` (a mixed piece and
a direct one).
The rules find it as one envelope (the span annotators of PolNeAR mark) with the quoted pieces
in `extra["fragments"]`; this post-pass turns the envelope into one quote per piece, each with its
exact offsets and only the words inside the marks, so that no quote's text carries the tag.
Pieces share a `statement` number (1, 2, … in text order within the article; a quote that is not
split is a statement of its own), which `evaluate --join-statements` (evaluation.join_statements)
and the shared scorer use to join them again, and which storage turns into a `statement_id` people can cite.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from .models import Quote

FRAGMENTS = "fragments"


def split_statements(text: str, quotes: list[Quote]) -> list[Quote]:
    """Each quote, or each quoted piece of a split quote, numbered by the statement it belongs to."""
    result: list[Quote] = []
    for number, quote in enumerate(quotes, start=1):
        pieces = quote.extra.get(FRAGMENTS) or _around_own_tag(text, quote)
        extra = {k: v for k, v in quote.extra.items() if k != FRAGMENTS} | {"statement": number}
        if not pieces:
            result.append(dataclasses.replace(quote, extra=extra))
            continue
        for start, end in _trimmed(text, pieces):
            kind = _piece_kind(text, quote, start, end)
            result.append(dataclasses.replace(quote, kind=kind, start=start, end=end, text=text[start:end], extra=dict(extra)))
    return result


CLOSING = ("”", '"', "''")
OPENING = ("“", '"', "''")
SPLIT_KINDS = ("direct", "mixed")


def _around_own_tag(text: str, quote: Quote) -> list[tuple[int, int]] | None:
    """The two pieces of a direct or mixed quote whose text holds its own speaker or cue (the
    marks were paired across the tag: `“A,” Cole said. “B.”`, `The city “will recover,” the mayor
    said. “We have rebuilt.”`): cut at the last closing mark before the tag and the first opening
    mark after it. A mixed quote is cut only where nothing but punctuation stands between that
    closing mark and the tag (unquoted words there belong to the paraphrase). None when the tag
    is outside the quote."""
    if quote.kind not in SPLIT_KINDS:
        return None
    inside = [(s, e) for s, e in ((quote.speaker_start, quote.speaker_end), (quote.cue_start, quote.cue_end)) if s is not None and quote.start <= s and e <= quote.end]
    if not inside:
        return None
    tag_start, tag_end = min(s for s, _ in inside), max(e for _, e in inside)
    close = max((text.rfind(mark, quote.start, tag_start) for mark in CLOSING), default=-1)
    opens = [at for mark in OPENING if (at := text.find(mark, tag_end, quote.end)) >= 0]
    if close <= quote.start or not opens:
        return None
    if quote.kind == "mixed" and any(c.isalnum() for c in text[close:tag_start]):
        return None
    reopen = min(opens)
    width = 2 if text.startswith("''", reopen) else 1
    return [(quote.start, close), (reopen + width, quote.end)]


def _piece_kind(text: str, quote: Quote, start: int, end: int) -> str:
    """A piece of a mixed quote that lies wholly inside one pair of marks (the quoted sentence
    after the tag) is a direct quote; the paraphrase around quoted words stays mixed."""
    if quote.kind != "mixed":
        return quote.kind
    opened = any(text.endswith(mark, 0, start) for mark in OPENING)
    inner = text[start:end]
    return "direct" if opened and not any(mark in inner for mark in CLOSING + OPENING) else "mixed"


def _trimmed(text: str, pieces: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end
