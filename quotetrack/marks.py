"""Quote marks in raw text: which characters open and close quotations, and where quotes run.

Works on characters, before and independently of any parsing, so that an odd number of marks,
apostrophes that look like closing quotes, and the news convention of reopening a quote at
each new paragraph (without closing the previous one) never lose the rest of an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Two apostrophes standing for a double quote, as in older newspaper text: ''like this''.
TYPEWRITER_DOUBLE = "''"
# Opening mark -> the closing marks that end it. Straight marks close themselves.
PAIRS: dict[str, tuple[str, ...]] = {
    "“": "”",
    "„": "”“",
    "‟": "”",
    "«": "»",
    "‹": "›",
    "»": "«",  # Danish/Swedish style »…«
    "‘": "’",
    "‚": "’‘",
    '"': '"',
    "'": "'",
    TYPEWRITER_DOUBLE: (TYPEWRITER_DOUBLE,),
}
OPENERS = set(PAIRS)
CLOSERS = {c for closing in PAIRS.values() for c in closing}
MARKS = OPENERS | CLOSERS
DOUBLE = set('“”„‟«»"') | {TYPEWRITER_DOUBLE}
# English double marks that writers mix within one quote (“…," or "…”): any of them closes
# an open “ or ", so a mistyped closing mark does not swallow the rest of the paragraph.
ENGLISH_DOUBLE_OPEN = frozenset('“"')
ENGLISH_DOUBLE_CLOSE = frozenset('”"“')
PARAGRAPH_BREAK = re.compile(r"\n")
_OPEN_BEFORE = set(" \t\n([{—–-/:;,") | {"\u00a0"}


@dataclass(frozen=True)
class QuotedSpan:
    """Text between an opening mark and its close (or the paragraph end when left open)."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or of the paragraph end when unclosed
    closed: bool
    depth: int  # 0 for outermost quotes, 1 for a quote inside a quote, ...
    width: int = 1  # characters per mark: 2 for the typewriter double quote ''…''

    @property
    def start(self) -> int:
        """First character of the content (after the opening mark)."""
        return self.open + self.width

    @property
    def end(self) -> int:
        """Offset just past the content (the closing mark itself is excluded)."""
        return self.close

    @property
    def outer_end(self) -> int:
        """Offset just past the closing mark (or the content end when unclosed)."""
        return self.close + self.width if self.closed else self.close


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, mark: str) -> str:
    """'open', 'close', 'either' or 'none' (an apostrophe) for the mark at text[i]."""
    ch = '"' if mark == TYPEWRITER_DOUBLE else mark
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if ch == "“" and not before.isspace() and i > 0 and (not after.isalnum()):
        return "either"  # a curly opening mark typed where the quote ends: “…future.“
    if ch in "“„‟«‹‚":
        return "open"
    if ch in "”›":
        return "close"
    if ch == "»":
        return "close" if not after.isalnum() or before.isalnum() else "either"
    if ch == "‘":
        if _is_word(before) and _is_word(after):
            return "none"  # a mistyped apostrophe inside a word
        return "open"
    if ch in "’'":
        if _is_word(before) and _is_word(after):
            return "none"  # don’t, Kim’s, O'Brien
        if before.isspace() or before in "([{—–" or i == 0:
            # ’90s, ’em and stray marks before a word: not quotes for the typographic mark
            if ch == "’":
                return "none"
            return "open" if (after.isalnum() or after in "“\"‘") else "none"
        if after.isalnum():
            return "none"  # a mark glued to a following word after punctuation is rare: skip
        return "close"  # also plural possessives (officials’ plan): resolved by pairing below
    if ch == '"':
        if before in _OPEN_BEFORE or i == 0:
            return "open" if not after.isspace() else "either"
        if after.isspace() or after in ".,;:!?)]}—–-" or i + len(mark) == len(text):
            return "close"
        return "either"
    return "none"


def _family(mark: str) -> str:
    return "double" if mark in DOUBLE else "single"


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, mark) for each quote mark; two apostrophes in a row are one double mark."""
    i = start
    while i < end:
        ch = text[i]
        if ch == "'" and i + 1 < end and text[i + 1] == "'":
            yield i, TYPEWRITER_DOUBLE
            i += 2
            continue
        if ch in MARKS:
            yield i, ch
        i += 1


def scan_paragraph(text: str, start: int, end: int, depth_offset: int = 0) -> list[QuotedSpan]:
    """Quoted spans inside text[start:end], one paragraph. Unclosed quotes run to its end."""
    spans: list[QuotedSpan] = []
    stack: list[tuple[int, str]] = []  # (offset, mark) of open marks
    for i, mark in _marks(text, start, end):
        role = _role(text, i, mark)
        if role == "none":
            continue
        match = _matching_open(stack, mark) if role in ("close", "either") else None
        if match is not None:
            if mark == "’" and _looks_possessive(text, i, end, stack[match][0]):
                continue
            # Quotes opened inside the one being closed and never closed end here too.
            for depth, (inner, inner_mark) in enumerate(stack[match + 1 :], start=match + 1):
                spans.append(QuotedSpan(inner, i, False, depth_offset + depth, len(inner_mark)))
            open_at, open_mark = stack[match]
            spans.append(QuotedSpan(open_at, i, True, depth_offset + match, len(open_mark)))
            del stack[match:]
        elif role in ("open", "either") and mark in OPENERS:
            stack.append((i, mark))
    paragraph_end = end
    while paragraph_end > start and text[paragraph_end - 1].isspace():
        paragraph_end -= 1
    for depth, (open_at, open_mark) in enumerate(stack):
        if open_at + len(open_mark) < paragraph_end:
            spans.append(QuotedSpan(open_at, paragraph_end, False, depth_offset + depth, len(open_mark)))
    spans.sort(key=lambda s: (s.open, -s.close))
    return spans


def _matching_open(stack: list[tuple[int, str]], closing: str) -> int | None:
    """Index in the stack of the innermost open mark that `closing` can close."""
    for index in range(len(stack) - 1, -1, -1):
        opener = stack[index][1]
        if closing in PAIRS.get(opener, ()):
            return index
        if opener in ENGLISH_DOUBLE_OPEN and closing in ENGLISH_DOUBLE_CLOSE:
            return index
        # A closing double mark may not skip over an open double quote of another style.
        if _family(opener) == _family(closing) and _family(closing) == "double":
            return None
    return None


def _looks_possessive(text: str, i: int, end: int, open_at: int) -> bool:
    """True for `officials’ plan` inside a quote: a ’ after s, followed by a lowercase word,
    when a later ’ in the paragraph can close the quote instead."""
    if text[i - 1] not in "sS" or i + 2 >= end or text[i + 1] != " " or not text[i + 2].islower():
        return False
    rest = text[i + 1 : end]
    return any(
        rest[k] == "’" and (k + 1 >= len(rest) or not rest[k + 1].isalnum()) and not rest[k - 1].isspace()
        for k in range(1, len(rest))
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line-delimited paragraph."""
    result = []
    position = 0
    for match in PARAGRAPH_BREAK.finditer(text + "\n"):
        if text[position : match.start()].strip():
            result.append((position, match.start()))
        position = match.end()
    return result


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted span in the text, paragraph by paragraph, in order of their opening mark."""
    spans: list[QuotedSpan] = []
    for start, end in paragraphs(text):
        spans.extend(scan_paragraph(text, start, end))
    return spans


def continues_from_previous(text: str, span: QuotedSpan, previous: QuotedSpan | None) -> bool:
    """The news convention: a paragraph opening with a quote mark continues the previous
    paragraph's quote when that one was left open at its end."""
    return (
        previous is not None
        and not previous.closed
        and previous.depth == 0
        and span.depth == 0
        and text[previous.close : span.open].strip() == ""
    )
