"""Statements: a quote interrupted by its speech tag is stored as its pieces.

`“We will build it,” Smith said. “It will be done by June.”` is one statement in two pieces.
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
            result.append(dataclasses.replace(quote, start=start, end=end, text=text[start:end], extra=dict(extra)))
    return result


CLOSING = ("”", '"', "''")
OPENING = ("“", '"', "''")


def _around_own_tag(text: str, quote: Quote) -> list[tuple[int, int]] | None:
    """The two pieces of a direct quote whose text holds its own speaker or cue (the marks were
    paired across the tag, `“A,” Cole said. “B.”`): cut at the last closing mark before the tag
    and the first opening mark after it. None when the tag is outside the quote."""
    if quote.kind != "direct":
        return None
    inside = [(s, e) for s, e in ((quote.speaker_start, quote.speaker_end), (quote.cue_start, quote.cue_end)) if s is not None and quote.start <= s and e <= quote.end]
    if not inside:
        return None
    tag_start, tag_end = min(s for s, _ in inside), max(e for _, e in inside)
    close = max((text.rfind(mark, quote.start, tag_start) for mark in CLOSING), default=-1)
    opens = [at for mark in OPENING if (at := text.find(mark, tag_end, quote.end)) >= 0]
    if close <= quote.start or not opens:
        return None
    reopen = min(opens)
    width = 2 if text.startswith("''", reopen) else 1
    return [(quote.start, close), (reopen + width, quote.end)]


def _trimmed(text: str, pieces: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end
