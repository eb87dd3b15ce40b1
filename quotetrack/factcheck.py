"""Fact-checking a claimed wording against stored quotes: one verdict function (`judge_claim`)
and the exit codes of `quotetrack check`. The words are compared as versions.py compares two
versions of a statement."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import textacy.similarity

from .matching import PARAPHRASE_MIN_SHARED, PARAPHRASE_MIN_SIMILARITY, SHINGLE, QuoteRecord, content_overlap
from .versions import Comparison, compare_versions, forms, words

CLAIM_MIN_SCORE = 0.6  # share of a claim's words a quote must hold, in order, to be more than a paraphrase

# Verdicts of a claim, best first: what a fact-checker can say of the claimed words.
VERDICTS = ("verbatim", "partial", "altered", "reported", "printed but unattributed", "different speaker", "paraphrase", "not found")
FOUND_VERBATIM, NOT_FOUND, FOUND_OTHERWISE = 0, 1, 3  # exit codes of `quotetrack check`


@dataclass
class Match:
    """A stored quote (or a stretch of an article's text) judged against a claimed wording."""

    quote: QuoteRecord
    score: float  # aligned share of the words (or content-stem Jaccard for a paraphrase)
    verdict: str
    comparison: Comparison


def judge_claim(claim: str, quote: QuoteRecord, speaker_matches: bool | None = None, printed: bool = False) -> Match:
    """The one verdict function: how a stored quote (or, with `printed`, words printed in an
    article outside any quote) relates to a claimed wording.

    verbatim: a direct quote with every claimed word, in order, at most cosmetic differences;
    partial: the quote says part of the claim (the claim goes on beyond it);
    altered: the same stretch with words added, dropped or replaced;
    reported: the words match an indirect or mixed quote: reported speech, never "verbatim";
    printed but unattributed: the words are in an article, but not as anyone's quote;
    paraphrase: the same content words in other words;
    different speaker: the words match, but not the claimed speaker's;
    not found: none of these (the score says how near it is)."""
    claim_forms, quote_forms = forms(claim), forms(quote.text)
    blocks = [b for b in difflib.SequenceMatcher(a=claim_forms, b=quote_forms, autojunk=False).get_matching_blocks() if b.size]
    comparison = compare_versions(claim, quote.text)
    substantive = [d for d in comparison.differences if d.kind == "substantive"]
    matched = sum(b.size for b in blocks)
    changed = sum(len(words(d.this)) + len(words(d.other)) for d in substantive)
    score = matched / (matched + changed + comparison.extended) if matched else 0.0
    if blocks and max(b.size for b in blocks) >= min(SHINGLE, len(claim_forms)) and score >= CLAIM_MIN_SCORE:
        verdict = "altered" if substantive else "partial" if comparison.extended else "verbatim"
        if printed:
            verdict = "printed but unattributed" if verdict == "verbatim" else "not found"
        elif quote.kind != "direct":
            verdict = "reported"
    else:
        overlap, shared = content_overlap(claim, quote.text)
        paraphrase = overlap >= PARAPHRASE_MIN_SIMILARITY and len(shared) >= PARAPHRASE_MIN_SHARED and not printed
        verdict = "paraphrase" if paraphrase else "not found"
        score = overlap if paraphrase else max(overlap, textacy.similarity.token_sort_ratio(claim_forms, quote_forms))
    if speaker_matches is False and verdict != "not found":
        verdict = "different speaker"
    return Match(quote, round(score, 3), verdict, comparison)


def best_matches(
    claim: str,
    candidates: Iterable[QuoteRecord],
    speaker_ok: Callable[[QuoteRecord], bool | None] | None = None,
    limit: int = 10,
) -> list[Match]:
    """Every candidate judged against the claim, best verdict first, then by score."""
    rank = {verdict: i for i, verdict in enumerate(VERDICTS)}
    matches = [judge_claim(claim, quote, speaker_ok(quote) if speaker_ok else None) for quote in candidates]
    matches.sort(key=lambda m: (rank[m.verdict], -m.score, m.quote.id))
    return matches[:limit]


def claim_verdict(matches: list[Match]) -> str:
    """The verdict for a claim as a whole: its best match's ("not found" when nothing is near)."""
    return matches[0].verdict if matches else "not found"


def exit_code(verdict: str) -> int:
    """0 for verbatim, 1 for not found, 3 for anything found short of verbatim."""
    return FOUND_VERBATIM if verdict == "verbatim" else NOT_FOUND if verdict == "not found" else FOUND_OTHERWISE
