"""Passes over all candidates of an article: join the pieces of a split quote, take a quote
into the reported content that opened it, drop weak finds nested in other quotes and reports
of reports, and one quote per content span."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..marks import MARKS, QuotedSpan
from .base import Candidate, EDGE_TRIM
from .registry import report_rules, weak_rules


def drop_nested_weak(candidates: list[Candidate]) -> list[Candidate]:
    """A weak rule's find (see registry.Rule.weak) whose cue sits inside another quote's content
    is part of that statement: a plan, a wish or a claim inside what someone said. Candidates
    come sorted by start, and quotes per article are few: a pairwise check is cheap."""
    weak = weak_rules()

    def nested(c: Candidate) -> bool:
        cue = c.attribution.cue if c.attribution else None
        return cue is not None and any(o is not c and o.start <= cue.start_char < o.end for o in candidates)

    return [c for c in candidates if not (c.attribution and c.attribution.rule in weak and nested(c))]


def drop_reports_within_reports(candidates: list[Candidate]) -> list[Candidate]:
    """"The Post reported that Klein said he was leaving": annotators mark the outer report,
    whose content holds the inner one; an inner report whose cue is the outer cue's complement
    (or the head of its "according to") is not a quote of its own."""
    reports = report_rules()

    def linked(inner: Token, outer: Token) -> bool:
        return inner.head == outer and inner.dep_ == "ccomp" or outer.head == inner

    def reported_within(c: Candidate) -> bool:
        cue = c.attribution.cue if c.attribution else None
        if cue is None or c.attribution.rule not in reports:
            return False
        return any(
            o is not c and o.attribution is not None and o.attribution.cue is not None
            and o.attribution.rule in reports and o.start <= c.start and c.end <= o.end
            and linked(cue.root, o.attribution.cue.root)
            for o in candidates
        )

    return [c for c in candidates if not reported_within(c)]


def join_split_quotes(text: str, directs: list[Candidate]) -> list[Candidate]:
    """One quote for the pieces of one statement: "“A,” she said. “B.”" is A through B (the
    envelope, as annotators mark it), with the pieces kept as fragments; so is a quote that
    runs on over the next paragraphs (each piece stays within its paragraph)."""
    joined: list[Candidate] = []
    for candidate in directs:
        last = joined[-1] if joined else None
        if last is not None and _same_statement(text, last, candidate):
            last.add_piece(candidate)
            last.confidence = max(last.confidence, candidate.confidence)
            continue
        joined.append(candidate)
    return joined


# "“A,” he said, adding that … “B.”": a frame that adds a report of its own ends the statement
FRAME_ADDS = re.compile(r"\badding\b")


def _same_statement(text: str, first: Candidate, second: Candidate) -> bool:
    """The second piece continues the first: in the same paragraph, by the same speaker and
    cue; or as the next paragraph's quote with no frame of its own (newsrooms run a long quote
    over paragraphs, each opening with a quote mark)."""
    if first.attribution is None or second.attribution is None:
        return False
    if FRAME_ADDS.search(text[first.end : second.start]):
        return False
    inherited = second.inherited_from
    if inherited is not None:  # from the first or one of its pieces (not from a quote taken out since)
        return first.start <= inherited.start and inherited.end <= first.end
    if "\n" in text[first.end : second.start]:
        return False
    a, b = first.attribution.cue, second.attribution.cue
    return a is not None and b is not None and a.start == b.start


def extend_into_quote(candidate: Candidate, spans: list[QuotedSpan], directs: list[Candidate]) -> list[int]:
    """Reported content that stops inside a quote it opened runs to that quote's end:
    "told CBS that the laws “are set… And we have to leave it that way.”" (the parse often
    ends the clause at the quote's first sentence). A quote with a frame of its own outside
    the content is another statement. Returns the opening offsets of the quotes taken in."""
    framed = {d.span.open for d in directs if d.span is not None and _framed_outside(d, candidate)}
    taken = []
    for span in spans:
        if candidate.start <= span.open < candidate.end < span.end and span.open not in framed:
            candidate.end = span.end
            taken.append(span.open)
    return taken


def quotes_within(candidate: Candidate, directs: list[Candidate], attribution_only: frozenset[str]) -> list[int]:
    """"Ms. Tanzer said the club ''is a perfect example of adapting'' to the times": a direct
    quote whose marks lie inside a mixed quote's content is part of that statement, reported
    once. Only for a rule that every scope reports and no threshold drops (else the quote would
    be lost with it). Returns the opening offsets of the quotes taken in."""
    if candidate.attribution is None or candidate.attribution.rule in attribution_only:
        return []
    return [d.span.open for d in directs if d.span is not None and candidate.start <= d.span.open and d.span.outer_end <= candidate.end + 1]


def join_after_reported_frame(text: str, reported: list[Candidate], directs: list[Candidate]) -> list[int]:
    """"The plan ''was a mistake,'' said Favreau. ''Nobody wanted it.''": a frameless quote
    after the frame of reported content in the same paragraph continues that statement, whose
    envelope then runs to its end: a direct quote when the content opened with a quote mark,
    else a mixed one. Returns the opening offsets of the quotes taken in."""
    taken = []
    for direct in directs:
        span = direct.span
        if direct.attribution is not None or span is None:
            continue
        for candidate in reported:
            cue = candidate.attribution.cue if candidate.attribution else None
            if (
                cue is not None
                and candidate.end <= cue.start_char
                and cue.end_char <= span.open
                and "\n" not in text[candidate.end : span.open]
            ):
                candidate.end = span.end
                candidate.kind = "direct" if text[: candidate.start].rstrip()[-1:] in MARKS else "mixed"
                taken.append(span.open)
                break
    return taken


def _framed_outside(direct: Candidate, candidate: Candidate) -> bool:
    cue = direct.attribution.cue if direct.attribution else None
    return cue is not None and not candidate.start <= cue.start_char < candidate.end


def clip_after_directs(text: str, candidate: Candidate, directs: list[Candidate]) -> None:
    """Reported content never reaches back over a whole direct quote before its cue: that
    happens when the parser runs two sentences together ("…,” But even as …)."""
    cue_at = candidate.attribution.cue.start_char if candidate.attribution and candidate.attribution.cue else candidate.end
    for direct in directs:
        span = direct.span
        if span is not None and candidate.start <= span.open and span.outer_end <= min(cue_at, candidate.end):
            candidate.start = span.outer_end
    while candidate.start < candidate.end and text[candidate.start] in EDGE_TRIM + "”’\"'":
        candidate.start += 1

def covered_direct(candidate: Candidate, directs: list[Candidate]) -> Candidate | None:
    """The direct quote that a reported-speech complement mostly consists of."""
    for direct in directs:
        overlap = min(candidate.end, direct.end) - max(candidate.start, direct.start)
        if overlap > 0 and overlap >= 0.5 * (candidate.end - candidate.start):
            return direct
    return None


def dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One quote per content span: the first rule that found it wins."""
    seen: set[tuple[int, int]] = set()
    result = []
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        if key not in seen:
            seen.add(key)
            result.append(candidate)
    return result
