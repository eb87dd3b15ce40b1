"""Quote matching across articles: the same statement printed by several outlets.

Works on plain records, so that the database layer only reads and writes. Grouping stays linear:
identical texts (after `normalise`) are joined first and indexed once; every distinct text's word
shingles go into an inverted index, and each text looks up only its few *rarest shingles that some
other text shares*. Versions of one statement share shingles no unrelated quote has, so those are
what the lookup finds; common phrases ("the united states") are never looked up. Because every
shingle is indexed but only a sample is looked up, a quote contained in a longer one (truncation,
one quote split in two) finds the longer one from its own side. Candidates are verified by
shingle containment, or for short quotes where one changed word breaks three shingles, by word
alignment; union-find makes the groups.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

SHINGLE = 3  # words per shingle
SAMPLE = 6  # rarest shared shingles looked up per distinct text
MAX_POSTING = 200  # a shingle in more distinct texts than this is a stock phrase: never looked up

MIN_WORDS = 4  # shorter quotes are too generic to match across articles
RARE_POSTING = 50  # a shingle in at most this many distinct texts is distinctive wording
MIN_RARE_SHARED = 2  # distinctive shingles two texts must share to be one statement
MIN_CONTAINMENT = 0.6  # share of the shorter text's shingles found in the longer one
MIN_ALIGNED = 0.8  # share of the shorter text's words aligned, in order, within the longer one
PARAPHRASE_MIN_SIMILARITY = 0.35  # Jaccard of content stems
PARAPHRASE_MIN_SHARED = 3  # content stems in common
VERDICTS = ("verbatim", "altered", "partial", "paraphrase", "different speaker")  # best first

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_TYPOGRAPHY = str.maketrans({**{q: '"' for q in "'’‘ʼ“”„«»"}, **{d: "-" for d in "–—‐‑"}})  # between words: style only
_ELLIPSIS = re.compile(r"…|\.\s*\.\s*\.")
_MASK = (1 << 64) - 1


@dataclass(frozen=True)
class QuoteRecord:
    """What matching needs to know of a stored quote."""

    id: int
    text: str
    article_id: Hashable = 0
    speaker_id: Hashable = None  # a speaker cluster after identity, so that spellings do not differ
    kind: str = "direct"
    outlet: str | None = None


@dataclass(frozen=True)
class Word:
    """A word as printed, with its offsets in the (NFC) quote and its matching form."""

    surface: str
    start: int
    end: int

    @property
    def form(self) -> str:
        return self.surface.casefold().translate(_APOSTROPHES)


@dataclass(frozen=True)
class Difference:
    """One word-level difference between a version and the one it is compared with."""

    kind: str  # "cosmetic" or "substantive"
    what: str  # case, hyphenation, punctuation | added, dropped, replaced, elided
    this: str  # the words in this version ("" when absent)
    other: str  # the words in the other version ("" when absent)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "this": self.this, "other": self.other}


@dataclass
class Comparison:
    """How one version relates to another: differences where both quote the same stretch, and
    how many words either has beyond the other at the ends (quoting less or more is not a change)."""

    differences: list[Difference] = field(default_factory=list)
    omitted: int = 0  # words of the other version this one does not quote, at its ends
    extended: int = 0  # words of this version beyond the other, at its ends

    @property
    def partial(self) -> bool:
        return bool(self.omitted or self.extended)

    @property
    def verdict(self) -> str:
        if any(d.kind == "substantive" for d in self.differences):
            return "substantive"
        if self.differences:
            return "cosmetic"
        return "partial" if self.partial else "identical"


class AttributionConflict(NamedTuple):
    """One of several speakers the same words are given to, and the versions that say so."""

    speaker_id: Hashable
    quote_ids: tuple[int, ...]


@dataclass
class GroupComparison:
    """Every version of a statement against the fullest one, and the group's verdict."""

    reference: QuoteRecord
    versions: dict[int, Comparison]
    conflicts: list[AttributionConflict]

    @property
    def verdict(self) -> str:
        """substantive > cosmetic > identical, over all versions."""
        verdicts = {c.verdict for c in self.versions.values()}
        return next((v for v in ("substantive", "cosmetic") if v in verdicts), "identical")


class ParaphraseLink(NamedTuple):
    quote_id: int
    other_quote_id: int
    score: float


@dataclass
class Match:
    """A stored quote judged against a claimed wording."""

    quote: QuoteRecord
    score: float  # aligned share of the words (or content-stem Jaccard for a paraphrase)
    verdict: str
    comparison: Comparison


# --- words and shingles ------------------------------------------------------------------------


def words(text: str) -> list[Word]:
    """Words of a quote; hyphens, dashes, quote marks, ellipses and punctuation separate words."""
    text = unicodedata.normalize("NFC", text)
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def forms(text: str) -> list[str]:
    """The matching forms of `words(text)`, computed in one pass (grouping reads a million)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES))


def normalise(text: str) -> str:
    """The quote as matching sees it: casefolded words separated by single spaces."""
    return " ".join(forms(text))


def shingles(tokens: list[str]) -> frozenset[int]:
    """Hashed word n-grams; the same on every run and machine (crc32, not Python's hash)."""
    hashes = [_word_hash(f) for f in tokens]
    if len(hashes) < SHINGLE:
        return frozenset({_combine(hashes)}) if hashes else frozenset()
    return frozenset(_combine(hashes[i : i + SHINGLE]) for i in range(len(hashes) - SHINGLE + 1))


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
    """Jaccard of content stems, and the stems shared (the evidence shown for a paraphrase)."""
    sa, sb = content_stems(a), content_stems(b)
    shared = sorted(sa & sb)
    return (len(shared) / len(sa | sb) if sa and sb else 0.0), shared


# --- the index and grouping --------------------------------------------------------------------


@dataclass
class _Text:
    forms: list[str]
    grams: frozenset[int]
    quote_ids: list[int]
    articles: set[Hashable]


class QuoteIndex:
    """Distinct normalised texts and an inverted index of their shingles: grouping and claim
    look-ups both fetch candidates here instead of comparing all pairs."""

    def __init__(self, quotes: Iterable[QuoteRecord]) -> None:
        self.records: dict[int, QuoteRecord] = {}
        self.texts: list[_Text] = []
        self.postings: dict[int, list[int]] = defaultdict(list)
        self._stem_postings: dict[str, list[int]] | None = None
        number: dict[tuple[str, ...], int] = {}
        for quote in sorted(quotes, key=lambda q: q.id):
            found = forms(quote.text)
            if len(found) < MIN_WORDS:
                continue
            self.records[quote.id] = quote
            key = tuple(found)
            if key not in number:
                number[key] = len(self.texts)
                self.texts.append(_Text(found, shingles(found), [], set()))
                for gram in self.texts[-1].grams:
                    self.postings[gram].append(number[key])
            text = self.texts[number[key]]
            text.quote_ids.append(quote.id)
            text.articles.add(quote.article_id)

    def lookup(self, grams: Iterable[int], own: int | None = None, sample: int = SAMPLE, cap: int = MAX_POSTING) -> set[int]:
        """Texts holding the `sample` rarest of these shingles that another text also holds
        (shingles in more than `cap` texts are not looked up)."""
        ranked = []
        for gram in grams:
            posting = self.postings.get(gram)
            others = len(posting) - (own is not None) if posting else 0
            if 0 < others <= cap:
                ranked.append((others, gram))
        found: set[int] = set()
        for _, gram in heapq.nsmallest(sample, ranked):
            found.update(self.postings[gram])
        found.discard(own)
        return found

    def groups(self) -> list[list[QuoteRecord]]:
        """Groups of quotes that are the same statement, across at least two articles; members
        and groups ordered by quote id."""
        union = _UnionFind(len(self.texts))
        for number, text in enumerate(self.texts):
            # one statement shares distinctive wording, so only distinctive shingles are looked up
            for other in sorted(self.lookup(text.grams, own=number, cap=RARE_POSTING)):
                if union.find(number) != union.find(other) and _same_statement(text, self.texts[other], self._share(text, self.texts[other])):
                    union.union(number, other)
        members: dict[int, list[int]] = defaultdict(list)
        for number in range(len(self.texts)):
            members[union.find(number)].append(number)
        result = []
        for numbers in members.values():
            if len({a for n in numbers for a in self.texts[n].articles}) > 1:
                ids = sorted(i for n in numbers for i in self.texts[n].quote_ids)
                result.append([self.records[i] for i in ids])
        return sorted(result, key=lambda g: g[0].id)

    def _share(self, a: _Text, b: _Text) -> float:
        """Share of the smaller shingle set found in the other, or 0 when what they share is
        only stock phrases: two texts are one statement only if they share some wording that
        few other texts have (else a fragment like "at the end of the day" chains everything)."""
        shared = a.grams & b.grams
        rare = sum(1 for gram in shared if len(self.postings.get(gram, ())) <= RARE_POSTING)
        if rare < MIN_RARE_SHARED:
            return 0.0
        return len(shared) / min(len(a.grams), len(b.grams))

    def search(self, text: str) -> list[QuoteRecord]:
        """Stored quotes that could be this text, a part of it, or (if not direct) a paraphrase."""
        numbers = self.lookup(shingles(forms(text)), sample=4 * SAMPLE)
        stems = content_stems(text)
        postings = self._stems()
        ranked = [(len(postings[s]), s) for s in stems if 0 < len(postings.get(s, ())) <= MAX_POSTING]
        for _, stem in heapq.nsmallest(SAMPLE, ranked):
            numbers.update(postings[stem])
        return [self.records[i] for n in sorted(numbers) for i in self.texts[n].quote_ids]

    def _stems(self) -> dict[str, list[int]]:
        """Content stems of reported speech, built on the first claim look-up only."""
        if self._stem_postings is None:
            self._stem_postings = defaultdict(list)
            for number, text in enumerate(self.texts):
                if any(self.records[i].kind != "direct" for i in text.quote_ids):
                    for stem in content_stems(" ".join(text.forms)):
                        self._stem_postings[stem].append(number)
        return self._stem_postings


def group_quotes(quotes: Iterable[QuoteRecord]) -> list[list[QuoteRecord]]:
    """Groups of quotes that are the same statement (see `QuoteIndex.groups`)."""
    return QuoteIndex(quotes).groups()


def _same_statement(a: _Text, b: _Text, share: float) -> bool:
    """Mostly the same shingles, or (short quotes, a changed word) some shared shingles
    and mostly the same words in order, in runs of two or more (scattered words prove nothing)."""
    if len(a.articles) == 1 and a.articles == b.articles:
        return False  # nested quotes of one article are not two printings of a statement
    if share >= MIN_CONTAINMENT:
        return True
    short, long = sorted((a.forms, b.forms), key=len)
    return share >= MIN_CONTAINMENT / 3 and _aligned(short, long) >= MIN_ALIGNED * len(short)


def _aligned(short: list[str], long: list[str]) -> int:
    """Words of `short` found in order in `long`, in runs of two or more, within a stretch not
    much longer than `short`."""
    blocks = [b for b in difflib.SequenceMatcher(a=short, b=long, autojunk=False).get_matching_blocks() if b.size > 1]
    if not blocks:
        return 0
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    return sum(b.size for b in blocks) if stretch <= 1.5 * len(short) + 2 else 0


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# --- comparing versions ------------------------------------------------------------------------


def reference_version(group: list[QuoteRecord]) -> QuoteRecord:
    """The version others are compared with: the longest, then the earliest stored."""
    return max(group, key=lambda q: (len(words(q.text)), -q.id))


def compare_group(group: list[QuoteRecord], speaker_of: Mapping[Hashable, Hashable] | None = None) -> GroupComparison:
    """Every version against the reference, with the group's verdict and attribution conflicts."""
    reference = reference_version(group)
    versions = {q.id: compare_versions(q.text, reference.text) for q in group}
    return GroupComparison(reference, versions, attribution_conflicts(group, speaker_of))


def compare_versions(this: str, other: str) -> Comparison:
    """Word-level differences of `this` against `other`, each cosmetic or substantive.

    Words missing only at either end mean one version quotes less (truncation, a quote split in
    two): counted as `omitted`/`extended`, not as changed words. Typographic style (curly or
    straight quote marks and apostrophes, dash glyphs, spacing) is not a difference at all."""
    this, other = unicodedata.normalize("NFC", this), unicodedata.normalize("NFC", other)
    mine, theirs = words(this), words(other)
    opcodes = difflib.SequenceMatcher(a=[w.form for w in mine], b=[w.form for w in theirs], autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(opcodes) if op[0] == "equal"]
    comparison = Comparison()
    if not equal:
        comparison.differences.append(Difference("substantive", "replaced", this.strip(), other.strip()))
        return comparison
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            comparison.differences.extend(_cosmetic(this, other, mine[i1:i2], theirs[j1:j2]))
        elif k < equal[0] or k > equal[-1]:
            comparison.extended += i2 - i1
            comparison.omitted += j2 - j1
        else:
            comparison.differences.append(_changed(this, other, mine, theirs, tag, i1, i2, j1, j2))
    return comparison


def _changed(this: str, other: str, mine: list[Word], theirs: list[Word], tag: str, i1: int, i2: int, j1: int, j2: int) -> Difference:
    """A run of differing words: one word split or joined by a hyphen or dot is cosmetic."""
    a, b = _span(this, mine[i1:i2]), _span(other, theirs[j1:j2])
    if "".join(w.form for w in mine[i1:i2]) == "".join(w.form for w in theirs[j1:j2]):
        return Difference("cosmetic", "hyphenation" if "-" in (a + b).translate(_TYPOGRAPHY) else "punctuation", a, b)
    if tag == "insert":
        gap = this[mine[i1 - 1].end : mine[i1].start]
        return Difference("substantive", "elided" if _ELLIPSIS.search(gap) else "dropped", "", b)
    return Difference("substantive", "added" if tag == "delete" else "replaced", a, b)


def _cosmetic(this: str, other: str, mine: list[Word], theirs: list[Word]) -> list[Difference]:
    """Differences inside an aligned run: letter case, and what separates the words."""
    found = []
    case_run: list[int] = []  # consecutive words differing only in case form one difference
    differs = [a.surface.translate(_APOSTROPHES) != b.surface.translate(_APOSTROPHES) for a, b in zip(mine, theirs)]
    for k, (a, b) in enumerate(zip(mine, theirs)):
        if differs[k]:
            case_run.append(k)
        if case_run and (k + 1 == len(mine) or not differs[k + 1]):
            found.append(Difference("cosmetic", "case", _span(this, mine[case_run[0] : k + 1]), _span(other, theirs[case_run[0] : k + 1])))
            case_run = []
        if k + 1 < len(mine):
            sep_a = " ".join(this[a.end : mine[k + 1].start].translate(_TYPOGRAPHY).split())
            sep_b = " ".join(other[b.end : theirs[k + 1].start].translate(_TYPOGRAPHY).split())
            if sep_a != sep_b:
                what = "hyphenation" if "-" in {sep_a, sep_b} and "" in {sep_a, sep_b} else "punctuation"
                found.append(Difference("cosmetic", what, this[a.start : mine[k + 1].end], other[b.start : theirs[k + 1].end]))
    return found


def _span(text: str, run: list[Word]) -> str:
    return text[run[0].start : run[-1].end] if run else ""


def attribution_conflicts(group: list[QuoteRecord], speaker_of: Mapping[Hashable, Hashable] | None = None) -> list[AttributionConflict]:
    """The speakers the same words are given to, when there are several (empty when one or none).
    `speaker_of` maps speaker ids to identity clusters, so two spellings of one person agree."""
    by_speaker: dict[Hashable, list[int]] = defaultdict(list)
    for quote in group:
        if quote.speaker_id is not None:
            by_speaker[(speaker_of or {}).get(quote.speaker_id, quote.speaker_id)].append(quote.id)
    if len(by_speaker) < 2:
        return []
    return sorted((AttributionConflict(s, tuple(sorted(ids))) for s, ids in by_speaker.items()), key=lambda c: c.quote_ids)


def attribution_conflict(group: list[QuoteRecord]) -> bool:
    """Whether the same words are attributed to different (resolved) speakers."""
    return bool(attribution_conflicts(group))


# --- paraphrases -------------------------------------------------------------------------------


def paraphrase_links(
    quotes: Iterable[QuoteRecord],
    speakers: Mapping[Hashable, Hashable] | None = None,
    threshold: float = PARAPHRASE_MIN_SIMILARITY,
) -> list[ParaphraseLink]:
    """Indirect (or mixed) quotes by one speaker cluster in different articles with strongly
    overlapping content words, scored by Jaccard of content stems (`content_overlap` explains a
    link). Blocked by speaker, then by each quote's rarest stems: no all-pairs pass, even for a
    speaker quoted a hundred thousand times."""
    by_speaker: dict[Hashable, list[QuoteRecord]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker_id is not None and quote.kind in ("indirect", "mixed"):
            by_speaker[(speakers or {}).get(quote.speaker_id, quote.speaker_id)].append(quote)
    links = []
    for speaker in sorted(by_speaker, key=repr):
        group = sorted(by_speaker[speaker], key=lambda q: q.id)
        stems = [content_stems(q.text) for q in group]
        postings: dict[str, list[int]] = defaultdict(list)
        for k, found in enumerate(stems):
            for stem in found:
                postings[stem].append(k)
        for k, quote in enumerate(group):
            ranked = [(len(postings[s]), s) for s in stems[k] if 1 < len(postings[s]) <= MAX_POSTING]
            candidates = {j for _, s in heapq.nsmallest(SAMPLE, ranked) for j in postings[s] if j > k}
            for j in sorted(candidates):
                other = group[j]
                shared = len(stems[k] & stems[j])
                score = shared / len(stems[k] | stems[j])
                if other.article_id != quote.article_id and shared >= PARAPHRASE_MIN_SHARED and score >= threshold:
                    links.append(ParaphraseLink(quote.id, other.id, round(score, 3)))
    return links


# --- fact-check ----------------------------------------------------------------------------------


def judge_claim(claim: str, quote: QuoteRecord, speaker_matches: bool | None = None) -> Match | None:
    """How a stored quote relates to a claimed wording; None when it is unrelated.

    verbatim: every claimed word is in the quote, in order, with at most cosmetic differences;
    partial: the quote says part of the claim (the claim goes on beyond it);
    altered: the same stretch with words added, dropped or replaced;
    paraphrase: reported speech with the same content in other words;
    different speaker: any of these, but said by someone other than the claimed speaker."""
    claim_forms, quote_forms = forms(claim), forms(quote.text)
    if not claim_forms or not quote_forms:
        return None
    blocks = [b for b in difflib.SequenceMatcher(a=claim_forms, b=quote_forms, autojunk=False).get_matching_blocks() if b.size]
    comparison = compare_versions(claim, quote.text)
    substantive = [d for d in comparison.differences if d.kind == "substantive"]
    matched = sum(b.size for b in blocks)
    changed = sum(len(words(d.this)) + len(words(d.other)) for d in substantive)
    score = matched / (matched + changed + comparison.extended) if matched else 0.0
    if blocks and max(b.size for b in blocks) >= min(SHINGLE, len(claim_forms)) and score >= MIN_CONTAINMENT:
        verdict = "altered" if substantive else "partial" if comparison.extended else "verbatim"
    elif quote.kind != "direct":
        score, shared = content_overlap(claim, quote.text)
        if score < PARAPHRASE_MIN_SIMILARITY or len(shared) < PARAPHRASE_MIN_SHARED:
            return None
        verdict = "paraphrase"
    else:
        return None
    if speaker_matches is False:
        verdict = "different speaker"
    return Match(quote, round(score, 3), verdict, comparison)


def best_matches(
    claim: str,
    candidates: Iterable[QuoteRecord] | QuoteIndex,
    speaker_ok: Callable[[QuoteRecord], bool | None] | None = None,
    limit: int = 10,
) -> list[Match]:
    """The stored quotes that best support (or contradict) a claimed wording, best first.

    `candidates` is either a few records fetched elsewhere (full-text search) or a `QuoteIndex`,
    which fetches them itself; `speaker_ok` says whether a quote's speaker is the claimed one."""
    pool = candidates.search(claim) if isinstance(candidates, QuoteIndex) else candidates
    rank = {verdict: i for i, verdict in enumerate(VERDICTS)}
    matches = []
    for quote in pool:
        match = judge_claim(claim, quote, speaker_ok(quote) if speaker_ok else None)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (rank[m.verdict], -m.score, m.quote.id))
    return matches[:limit]


def claim_verdict(matches: list[Match]) -> str:
    """The verdict for a claim as a whole: its best match's, or 'not found'."""
    return matches[0].verdict if matches else "not found"
