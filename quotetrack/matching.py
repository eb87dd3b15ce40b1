"""Quote matching across articles: the same statement printed by several outlets.

Works on plain records and a small storage interface (`GroupStore`), so that the database layer
only reads and writes and the same rules group in memory (benchmarks, tests). Matching is
incremental: each new quote looks up, in an inverted index of word 3-gram shingles, the earlier
quotes that hold its rarest shingles, verifies them with `same_statement`, and joins the group of
the best one (or starts a group with it). Nothing already decided is revisited, so a group keeps
its id as it grows, and the cost of a quote is a few index look-ups, whatever the database holds.

Precision first: two quotes are one statement only when they share a distinctive run of words
(shingles few other quotes have, content words, not only a stock phrase) that is most of the
shorter one; a short fragment joins only when its speaker agrees or it is contained in a longer
member, and both are of one occasion (printed within days of each other, or the rest of both
statements is one statement); a changed number, negation or opposite word means a different
point, not a version.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import zlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

import textacy.similarity
from spacy.lang.en.stop_words import STOP_WORDS

from .versions import forms, is_content, point_change, words

SHINGLE = 3  # words per shingle
SAMPLE = 6  # rarest shingles looked up per new quote
MAX_POSTING = 200  # a shingle held by more quotes than this is a stock phrase: never looked up

MIN_WORDS = 4  # shorter quotes are too generic to match across articles
SHORT_WORDS = 8  # a quote shorter than this is a fragment: it joins only on strong evidence
RARE_POSTING = 50  # a shingle in at most this many quotes is distinctive wording
FRAGMENT_POSTING = 3  # a fragment's rarest shingle is in at most this many quotes (else it is a stock line)
MIN_RARE_SHARED = 2  # distinctive shingles two quotes must share to be one statement
MIN_COVERAGE = 0.8  # share of the shorter quote's words aligned, in order, within the longer one
MIN_CONTENT_SHARED = 0.75  # share of the shorter quote's content words found in what is shared
OCCASION_DAYS = 14  # a fragment printed further apart than this may be a stock line said on another occasion
POINT_CHANGE_MIN_WORDS = 15  # a changed number/negation/opposite is a misquote only in a long quote
PARAPHRASE_MIN_SIMILARITY = 0.35  # Jaccard of content stems
PARAPHRASE_MIN_SHARED = 3  # content stems in common

_MASK = (1 << 63) - 1  # shingle hashes fit SQLite's signed 64-bit integers
_WHOLE = 0x5DEECE66D  # seeds the hash of a whole text, looked up to find identical quotes


@dataclass(frozen=True)
class QuoteRecord:
    """What matching needs to know of a stored quote."""

    id: int
    text: str
    article_id: Hashable = 0
    speaker_id: Hashable = None  # a speaker cluster after identity, so that spellings do not differ
    kind: str = "direct"
    outlet: str | None = None
    speaker: str | None = None  # the resolved name, to tell named speakers apart
    published: str | None = None  # the article's date (ISO 8601), to tell occasions apart
    statement_id: Hashable = None  # the statement this quote is a piece of (its tag cut it in pieces)


class ParaphraseLink(NamedTuple):
    quote_id: int
    other_quote_id: int
    score: float


# --- shingles and content stems ----------------------------------------------------------------


def shingles(tokens: Sequence[str]) -> frozenset[int]:
    """Hashed word n-grams; the same on every run and machine (crc32, not Python's hash)."""
    hashes = [_word_hash(f) for f in tokens]
    if len(hashes) < SHINGLE:
        return frozenset({_combine(hashes)}) if hashes else frozenset()
    return frozenset(_combine(hashes[i : i + SHINGLE]) for i in range(len(hashes) - SHINGLE + 1))


def whole_text_key(tokens: Sequence[str]) -> int:
    """One hash of all the words, stored beside the shingles so identical quotes find each other
    even when their shingles are too common to be looked up (a statement reprinted everywhere)."""
    return _combine([_WHOLE] + [_word_hash(f) for f in tokens])


@functools.lru_cache(maxsize=1 << 20)
def _word_hash(form: str) -> int:
    return zlib.crc32(form.encode())


def _combine(hashes: list[int]) -> int:
    value = 0
    for h in hashes:
        value = ((value * 0x100000001B3) ^ h) & _MASK
    return value


def content_stems(text: str) -> set[str]:
    """Content words, crudely stemmed ('cancelling'/'canceling' → 'cancel'), for paraphrases."""
    return {_stem(f) for f in forms(text) if len(f) > 2 and f not in STOP_WORDS}


def _stem(form: str) -> str:
    for suffix in ("ingly", "edly", "ing", "ed", "es", "s", "ly"):
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            form = form[: -len(suffix)]
            break
    return form[:6]


def content_overlap(a: str, b: str) -> tuple[float, list[str]]:
    """Jaccard of content stems (textacy's), and the stems shared (the evidence for a paraphrase)."""
    sa, sb = content_stems(a), content_stems(b)
    return (textacy.similarity.jaccard(sa, sb) if sa and sb else 0.0), sorted(sa & sb)


# --- one statement or two ----------------------------------------------------------------------


def same_statement(
    a: QuoteRecord, b: QuoteRecord, posting: Callable[[int], int], same_context: Callable[[QuoteRecord, QuoteRecord], bool] | None = None
) -> float:
    """How surely two quotes of different articles are versions of one statement (0: they are
    not): the share of the shorter one's words aligned in order within the longer one.

    `posting(shingle)` says how many stored quotes hold a shingle. Required: some shared wording
    is distinctive and holds two content words or more (one, only within the same speaker's
    longer quote; never only a stock phrase); it is most of
    the shorter quote and most of its content words; the words that differ inside it change no
    number, negation or opposite (unless the quote is long: a misquote); a fragment of fewer than
    `SHORT_WORDS` words is rare wording, contained in the other or said by the same speaker, and
    of one occasion: printed at most `OCCASION_DAYS` apart, or, when `same_context(a, b)` says
    so, the other pieces of their statements are one statement too (a few words a speaker
    repeats, "We're going to build a wall", are not one statement months apart).
    Words given to two named people are one statement only when they are the same words (an
    attribution conflict to show); reported speech from two different sources never is."""
    if a.article_id == b.article_id:
        return 0.0
    short, long = sorted((forms(a.text), forms(b.text)), key=len)
    if len(short) < MIN_WORDS:
        return 0.0
    in_long = set(long)
    if sum(1 for w in short if w in in_long) < MIN_COVERAGE * len(short):
        return 0.0  # cheap: the words to align are not there
    common = shingles(short) & shingles(long)
    if short != long and sum(1 for gram in common if posting(gram) <= RARE_POSTING) < min(MIN_RARE_SHARED, len(common)):
        return 0.0
    blocks = _aligned_blocks(short, long)
    aligned = sum(block.size for block in blocks)
    if aligned < MIN_COVERAGE * len(short):
        return 0.0
    shared = [short[i] for block in blocks for i in range(block.a, block.a + block.size)]
    content = [w for w in short if is_content(w)]
    shared_content = [w for w in shared if is_content(w)]
    contained = len(blocks) == 1 and aligned == len(short)
    if len(shared_content) < MIN_CONTENT_SHARED * len(content) or not shared_content:
        return 0.0
    if len(shared_content) < 2 and not (contained and speakers_agree(a, b)):
        return 0.0  # one content word is a stock phrase, unless the speaker's own words contain it
    inner_this, inner_other = _inner_differences(short, long, blocks)
    if point_change(inner_this, inner_other) and len(short) < POINT_CHANGE_MIN_WORDS:
        return 0.0
    if named_conflict(a, b) and (len(short) < SHORT_WORDS or not contained):
        return 0.0  # similar words from two named people: two statements
    if "direct" not in {a.kind, b.kind} and a.speaker_id is not None and b.speaker_id is not None and not speakers_agree(a, b):
        return 0.0  # the same reported words from two sources: the reporter's words, two statements
    if len(short) < SHORT_WORDS and not (
        min(map(posting, shingles(short))) <= FRAGMENT_POSTING
        and (contained or speakers_agree(a, b))
        and (not printed_apart(a, b) or (same_context is not None and same_context(a, b)))
    ):
        return 0.0
    return aligned / len(short)


def _aligned_blocks(short: Sequence[str], long: Sequence[str]) -> list[difflib.Match]:
    """Runs of two or more words of `short` found in order in `long`, if they lie within a
    stretch not much longer than `short` (scattered words prove nothing)."""
    blocks = [b for b in difflib.SequenceMatcher(a=short, b=long, autojunk=False).get_matching_blocks() if b.size > 1 or b.size == len(short)]
    if not blocks:
        return []
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    return blocks if stretch <= 1.5 * len(short) + 2 else []


def _inner_differences(short: Sequence[str], long: Sequence[str], blocks: list[difflib.Match]) -> tuple[list[str], list[str]]:
    """The words each side has between the aligned runs (not beyond them at the ends)."""
    this, other = [], []
    for before, after in zip(blocks, blocks[1:]):
        this += short[before.a + before.size : after.a]
        other += long[before.b + before.size : after.b]
    return this, other


def printed_apart(a: QuoteRecord, b: QuoteRecord) -> bool:
    """Both articles are dated, more than `OCCASION_DAYS` apart: too far apart to be the news of
    one occasion (an undated article is no evidence either way)."""
    first, second = _day(a.published), _day(b.published)
    return first is not None and second is not None and abs((first - second).days) > OCCASION_DAYS


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None  # a date in another form: unknown


def _name_words(name: str | None) -> set[str]:
    """The capitalised words of a name ("Donald J. Trump" → donald, trump): two names that share
    one are taken for one speaker (a surname, a mis-resolved "Trump Speech"), never a conflict."""
    return {w.form for w in words(name or "") if w.surface[:1].isupper() and len(w.surface) > 2}


def is_named(name: str | None) -> bool:
    """A resolved name of someone or some body (a capitalised word), not a role or a pronoun."""
    return bool(name) and any(w.surface[:1].isupper() for w in words(name)) and name.strip().casefold() not in STOP_WORDS


def speakers_agree(a: QuoteRecord, b: QuoteRecord) -> bool:
    """Both quotes name the same speaker (one cluster, or one name within the other)."""
    if a.speaker_id is not None and a.speaker_id == b.speaker_id:
        return True
    if not (is_named(a.speaker) and is_named(b.speaker)):
        return False
    return bool(_name_words(a.speaker) & _name_words(b.speaker))


def named_conflict(a: QuoteRecord, b: QuoteRecord) -> bool:
    """Both quotes are attributed to resolved, named speakers, and not to the same one."""
    return is_named(a.speaker) and is_named(b.speaker) and not speakers_agree(a, b)


# --- incremental grouping ----------------------------------------------------------------------


class GroupStore(Protocol):
    """Where matching keeps its index and groups: in memory (`MemoryGroups`) or in the database."""

    def posting(self, shingle: int, limit: int) -> list[int]:
        """Ids of stored quotes holding this shingle (at most `limit`)."""

    def records(self, ids: Iterable[int]) -> list[QuoteRecord]: ...

    def group_of(self, quote_id: int) -> int | None: ...

    def reference(self, group_id: int) -> QuoteRecord:
        """The group's fullest version, which every member must match."""

    def add(self, quote: QuoteRecord, shingles: Iterable[int]) -> None:
        """Index a quote after it was matched."""

    def join(self, group_id: int, quote: QuoteRecord) -> None: ...

    def create(self, first: QuoteRecord, second: QuoteRecord) -> int: ...

    def statement_groups(self, quote: QuoteRecord) -> set[int]:
        """Groups holding the other pieces of the quote's statement."""


def match_quote(quote: QuoteRecord, store: GroupStore) -> int | None:
    """Match one new quote against the stored ones, index it, and return the group it joined.

    The candidates are the quotes holding its rarest shingles (or all its words); the best one
    verified by `same_statement` decides: its group is joined if the quote also matches that
    group's reference version (so fragments never chain statements together), else a new group
    is made of the two."""
    found = forms(quote.text)
    if len(found) < MIN_WORDS:
        return None
    grams = shingles(found)
    whole = whole_text_key(found)
    counts = {gram: len(store.posting(gram, MAX_POSTING + 1)) for gram in grams}

    def posting(gram: int) -> int:
        if gram not in counts:  # a shingle of two stored versions compared with each other
            counts[gram] = len(store.posting(gram, MAX_POSTING + 1))
        return counts[gram]

    def same_context(a: QuoteRecord, b: QuoteRecord) -> bool:
        return bool(store.statement_groups(a) & store.statement_groups(b))

    ids = set(store.posting(whole, RARE_POSTING))
    for _, gram in heapq.nsmallest(SAMPLE, ((n, g) for g, n in counts.items() if 0 < n <= MAX_POSTING)):
        ids.update(store.posting(gram, MAX_POSTING))
    scored = sorted(
        ((score, -len(c.text), c.id, c) for c in store.records(ids) if (score := same_statement(quote, c, posting, same_context))),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    group = None
    for _, _, _, candidate in scored:
        group = store.group_of(candidate.id)
        if group is None:
            group = store.create(candidate, quote)
            break
        reference = store.reference(group)
        if reference.id == candidate.id or same_statement(quote, reference, posting, same_context):
            store.join(group, quote)
            break
        group = None
    if group is not None:  # the other piece of a statement printed whole here and split elsewhere
        reference = store.reference(group)
        for _, _, _, candidate in scored:
            if store.group_of(candidate.id) is None and (candidate.id == reference.id or same_statement(candidate, reference, posting, same_context)):
                store.join(group, candidate)
    store.add(quote, grams | {whole})
    return group


class MemoryGroups:
    """A `GroupStore` in memory: for benchmarks, tests and one-off grouping of records."""

    def __init__(self) -> None:
        self.quotes: dict[int, QuoteRecord] = {}
        self.postings: dict[int, list[int]] = defaultdict(list)
        self.member_of: dict[int, int] = {}
        self.members: dict[int, list[QuoteRecord]] = {}
        self.pieces: dict[Hashable, list[int]] = defaultdict(list)

    def posting(self, shingle: int, limit: int) -> list[int]:
        return self.postings.get(shingle, [])[:limit]

    def records(self, ids: Iterable[int]) -> list[QuoteRecord]:
        return [self.quotes[i] for i in sorted(ids)]

    def group_of(self, quote_id: int) -> int | None:
        return self.member_of.get(quote_id)

    def reference(self, group_id: int) -> QuoteRecord:
        return reference_version(self.members[group_id])

    def add(self, quote: QuoteRecord, shingles: Iterable[int]) -> None:
        self.quotes[quote.id] = quote
        if quote.statement_id is not None:
            self.pieces[quote.statement_id].append(quote.id)
        for gram in shingles:
            self.postings[gram].append(quote.id)

    def join(self, group_id: int, quote: QuoteRecord) -> None:
        self.members[group_id].append(quote)
        self.member_of[quote.id] = group_id

    def statement_groups(self, quote: QuoteRecord) -> set[int]:
        pieces = self.pieces.get(quote.statement_id, []) if quote.statement_id is not None else []
        return {self.member_of[p] for p in pieces if p != quote.id and p in self.member_of}

    def create(self, first: QuoteRecord, second: QuoteRecord) -> int:
        group_id = len(self.members) + 1
        self.members[group_id] = []
        for quote in (first, second):
            self.join(group_id, quote)
        return group_id


def group_quotes(quotes: Iterable[QuoteRecord]) -> list[list[QuoteRecord]]:
    """Groups of quotes that are one statement, matched in id order; members ordered by id."""
    store = MemoryGroups()
    for quote in sorted(quotes, key=lambda q: q.id):
        match_quote(quote, store)
    return sorted((sorted(m, key=lambda q: q.id) for m in store.members.values()), key=lambda g: g[0].id)


# --- versions of a group -----------------------------------------------------------------------


def reference_version(group: list[QuoteRecord]) -> QuoteRecord:
    """The version others are compared with: the longest, then the earliest stored."""
    return max(group, key=lambda q: (len(words(q.text)), -q.id))


def attribution_conflict(group: list[QuoteRecord]) -> bool:
    """Whether the same words are given to resolved, named speakers who are not one person or
    body (a role, a pronoun or an unresolved mention is no evidence of a conflict)."""
    named = [q for q in group if is_named(q.speaker)]
    return any(named_conflict(a, b) for k, a in enumerate(named) for b in named[k + 1 :])


# --- paraphrases -------------------------------------------------------------------------------


def paraphrases_of(quote: QuoteRecord, earlier: Iterable[QuoteRecord], threshold: float = PARAPHRASE_MIN_SIMILARITY) -> list[ParaphraseLink]:
    """Links from earlier reported (indirect or mixed) quotes by the same speaker, in other
    articles, whose content words strongly overlap this one's (`content_overlap` explains a link)."""
    if quote.speaker_id is None or quote.kind not in ("indirect", "mixed"):
        return []
    links = []
    for other in earlier:
        if other.article_id == quote.article_id or other.kind not in ("indirect", "mixed") or other.id == quote.id:
            continue
        score, shared = content_overlap(quote.text, other.text)
        if len(shared) >= PARAPHRASE_MIN_SHARED and score >= threshold:
            links.append(ParaphraseLink(other.id, quote.id, round(score, 3)))
    return links
