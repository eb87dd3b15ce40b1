"""Quote matching across articles: the same statement printed by several outlets.

Grouping stays sub-quadratic: every quote's word shingles go into an inverted index, and each
quote looks up only a small, deterministic sample of its own shingles (the ones with the lowest
hashes). A quote contained in another (truncation, one quote split in two) shares all of its
shingles with it, so sampling from the shorter side still finds the longer one. Candidate pairs
are verified by containment and joined with union-find.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

SHINGLE = 3  # words per shingle
SAMPLE = 8  # shingles looked up per quote
MAX_POSTING = 200  # shingles found in more quotes than this are too common to block on
MIN_CONTAINMENT = 0.6  # share of the shorter quote's shingles found in the longer one
MIN_WORDS = 4  # shorter quotes are too generic to match across articles

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True)
class QuoteRecord:
    """What matching needs to know of a stored quote."""

    id: int
    text: str
    article_id: int = 0
    speaker_id: int | None = None
    kind: str = "direct"
    outlet: str | None = None


@dataclass(frozen=True)
class Word:
    """A word as printed, with its offsets in the quote and its matching form."""

    surface: str
    start: int
    end: int

    @property
    def form(self) -> str:
        return self.surface.casefold().translate(_APOSTROPHES)


@dataclass(frozen=True)
class Difference:
    """One word-level difference between a version and the group's reference."""

    kind: str  # "cosmetic" or "substantive"
    what: str  # case, hyphenation, punctuation, added, dropped, replaced
    this: str  # the words in this version ("" when absent)
    other: str  # the words in the reference ("" when absent)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "this": self.this, "other": self.other}


@dataclass
class Comparison:
    """How one version relates to the reference: differences, and how much of it it quotes."""

    differences: list[Difference] = field(default_factory=list)
    partial: bool = False  # quotes only part of the reference (or more than it)

    @property
    def verdict(self) -> str:
        if any(d.kind == "substantive" for d in self.differences):
            return "substantive"
        if self.differences:
            return "cosmetic"
        return "partial" if self.partial else "identical"


def words(text: str) -> list[Word]:
    """Words of a quote; hyphens, dashes, quote marks and punctuation separate words."""
    text = unicodedata.normalize("NFC", text)
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def normalise(text: str) -> str:
    """The quote as matching sees it: casefolded words separated by single spaces."""
    return " ".join(w.form for w in words(text))


def shingles(text: str) -> set[int]:
    """Hashed word n-grams (stable across runs and machines)."""
    forms = normalise(text).split()
    if len(forms) < SHINGLE:
        return {zlib.crc32(" ".join(forms).encode())} if forms else set()
    return {zlib.crc32(" ".join(forms[i : i + SHINGLE]).encode()) for i in range(len(forms) - SHINGLE + 1)}


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller set found in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class ShingleIndex:
    """Inverted index from shingle to quote ids, for finding candidates without all pairs."""

    def __init__(self) -> None:
        self.postings: dict[int, list[int]] = defaultdict(list)
        self.shingles: dict[int, set[int]] = {}

    def add(self, quote_id: int, text: str) -> None:
        grams = shingles(text)
        self.shingles[quote_id] = grams
        for gram in grams:
            self.postings[gram].append(quote_id)

    def candidates(self, grams: set[int]) -> set[int]:
        """Quotes sharing at least one of the sampled shingles (the lowest hashes)."""
        found: set[int] = set()
        for gram in sorted(grams)[:SAMPLE]:
            posting = self.postings.get(gram, ())
            if len(posting) <= MAX_POSTING:
                found.update(posting)
        return found


def group_quotes(quotes: Iterable[QuoteRecord]) -> list[list[QuoteRecord]]:
    """Groups of quotes that are the same statement (two or more members), deterministic order."""
    records = {q.id: q for q in quotes if len(normalise(q.text).split()) >= MIN_WORDS}
    index = ShingleIndex()
    for quote_id in sorted(records):
        index.add(quote_id, records[quote_id].text)
    union = _UnionFind()
    for quote_id in sorted(records):
        mine = index.shingles[quote_id]
        for other in index.candidates(mine):
            if records[other].article_id == records[quote_id].article_id:
                continue  # a statement is compared across articles, not with itself nested
            if containment(mine, index.shingles[other]) >= MIN_CONTAINMENT:
                union.union(quote_id, other)
    groups: dict[int, list[QuoteRecord]] = defaultdict(list)
    for quote_id in sorted(records):
        if quote_id in union.parent:
            groups[union.find(quote_id)].append(records[quote_id])
    return [members for _, members in sorted(groups.items()) if len(members) > 1]


def reference_version(group: list[QuoteRecord]) -> QuoteRecord:
    """The version others are compared with: the longest, then the earliest stored."""
    return max(group, key=lambda q: (len(words(q.text)), -q.id))


def compare_versions(this: str, reference: str) -> Comparison:
    """Word-level differences of `this` against `reference`, cosmetic or substantive.

    Words missing only at either end mean the version quotes less (or more) of the statement:
    that is marked `partial`, not counted as a change of words."""
    mine, theirs = words(this), words(reference)
    matcher = difflib.SequenceMatcher(a=[w.form for w in mine], b=[w.form for w in theirs], autojunk=False)
    opcodes = matcher.get_opcodes()
    comparison = Comparison()
    equal_blocks = [op for op in opcodes if op[0] == "equal"]
    if not equal_blocks:
        comparison.differences.append(Difference("substantive", "replaced", this.strip(), reference.strip()))
        return comparison
    first_equal = opcodes.index(equal_blocks[0])
    last_equal = opcodes.index(equal_blocks[-1])
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            comparison.differences.extend(_cosmetic(this, reference, mine[i1:i2], theirs[j1:j2]))
            continue
        if position < first_equal or position > last_equal:
            comparison.partial = True
            continue
        what = {"replace": "replaced", "delete": "added", "insert": "dropped"}[tag]
        comparison.differences.append(Difference("substantive", what, _span(this, mine[i1:i2]), _span(reference, theirs[j1:j2])))
    return comparison


def _cosmetic(this: str, reference: str, mine: list[Word], theirs: list[Word]) -> list[Difference]:
    """Differences inside an aligned run: letter case, and what separates the words."""
    found = []
    case_run: list[int] = []  # consecutive words differing only in case form one difference
    for k, (a, b) in enumerate(zip(mine, theirs)):
        if a.surface != b.surface and a.surface.casefold() == b.surface.casefold():
            case_run.append(k)
            if k + 1 < len(mine) and mine[k + 1].surface != theirs[k + 1].surface and mine[k + 1].surface.casefold() == theirs[k + 1].surface.casefold():
                continue
            found.append(Difference("cosmetic", "case", _span(this, mine[case_run[0] : k + 1]), _span(reference, theirs[case_run[0] : k + 1])))
            case_run = []
        elif a.surface != b.surface:
            found.append(Difference("cosmetic", "punctuation", a.surface, b.surface))
        if k + 1 < len(mine):
            sep_a = this[a.end : mine[k + 1].start]
            sep_b = reference[b.end : theirs[k + 1].start]
            if sep_a.strip() != sep_b.strip():
                what = "hyphenation" if "-" in sep_a + sep_b else "punctuation"
                found.append(Difference("cosmetic", what, this[a.start : mine[k + 1].end], reference[b.start : theirs[k + 1].end]))
    return found


def _span(text: str, run: list[Word]) -> str:
    return text[run[0].start : run[-1].end] if run else ""


def attribution_conflict(group: list[QuoteRecord]) -> bool:
    """The same words attributed to different (resolved) speakers."""
    return len({q.speaker_id for q in group if q.speaker_id is not None}) > 1


def word_similarity(a: str, b: str) -> float:
    """Jaccard of content words (three letters or more), for paraphrase evidence."""
    wa = {w for w in normalise(a).split() if len(w) > 2}
    wb = {w for w in normalise(b).split() if len(w) > 2}
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


PARAPHRASE_MIN_SIMILARITY = 0.35


def paraphrase_links(quotes: Iterable[QuoteRecord]) -> list[tuple[int, int, float]]:
    """(quote id, quote id, score) for indirect quotes by the same speaker in different
    articles whose content words overlap strongly. Blocked by speaker: no all-pairs pass."""
    by_speaker: dict[int, list[QuoteRecord]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker_id is not None and quote.kind in ("indirect", "mixed"):
            by_speaker[quote.speaker_id].append(quote)
    links = []
    for speaker_id in sorted(by_speaker):
        group = sorted(by_speaker[speaker_id], key=lambda q: q.id)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.article_id == b.article_id:
                    continue
                score = word_similarity(a.text, b.text)
                if score >= PARAPHRASE_MIN_SIMILARITY:
                    links.append((a.id, b.id, round(score, 3)))
    return links


# --- fact-check ------------------------------------------------------------------------------

VERDICTS = ("verbatim", "altered", "partial", "paraphrase", "different speaker", "not found")


@dataclass
class Match:
    quote: QuoteRecord
    score: float  # containment of the claim's shingles in the quote (or word similarity)
    verdict: str
    comparison: Comparison


def judge_claim(claim: str, quote: QuoteRecord, speaker_matches: bool | None = None) -> Match | None:
    """How a stored quote relates to a claimed wording; None when it is unrelated."""
    claim_grams, quote_grams = shingles(claim), shingles(quote.text)
    if not claim_grams or not quote_grams:
        return None
    shared = len(claim_grams & quote_grams)
    claim_covered = shared / len(claim_grams)
    comparison = compare_versions(claim, quote.text)
    substantive = any(d.kind == "substantive" for d in comparison.differences)
    if claim_covered >= 0.99 and not substantive:
        verdict = "verbatim"
    elif containment(claim_grams, quote_grams) >= MIN_CONTAINMENT:
        verdict = "altered" if substantive else "partial"
    elif quote.kind != "direct" and word_similarity(claim, quote.text) >= PARAPHRASE_MIN_SIMILARITY:
        verdict = "paraphrase"
    else:
        return None
    if speaker_matches is False:
        verdict = "different speaker"
    score = max(claim_covered, word_similarity(claim, quote.text))
    return Match(quote, round(score, 3), verdict, comparison)


def best_matches(claim: str, candidates: Iterable[QuoteRecord], speaker_ok=None, limit: int = 10) -> list[Match]:
    """The stored quotes that best support (or contradict) a claimed wording, best first."""
    rank = {verdict: i for i, verdict in enumerate(VERDICTS)}
    matches = []
    for quote in candidates:
        match = judge_claim(claim, quote, speaker_ok(quote) if speaker_ok else None)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (rank[m.verdict], -m.score, m.quote.id))
    return matches[:limit]
