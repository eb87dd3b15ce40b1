"""find_quotes: the order in which the families run over one parsed article."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import DEFAULT_SCOPE, Quote
from .boundaries import venue_tail_end
from .base import Attribution, Candidate, directs_spans, doc_text, outer_quotes
from .convert import to_quotes
from .direct import attribute_directs, quoted_objects, split_direct_and_fragments, unattributed
from .postpasses import clip_after_directs, covered_direct, dedupe, drop_nested_weak, drop_reports_within_reports, extend_into_quote, join_after_reported_frame, join_split_quotes, quotes_within
from .registry import attribution_rules, framed_direct
from .reported import reported_speech
from .transcripts import transcript_turns, tweets


def find_quotes(doc: Doc, article_id: str, scope: str = DEFAULT_SCOPE) -> list[Quote]:
    """All quotes in a parsed article that the scope reports, in text order."""
    text = doc_text(doc)
    spans = [s for s in outer_quotes(doc) if text[s.start : s.end].strip()]
    directs, fragments = split_direct_and_fragments(doc, spans)
    if scope == "statements":
        # a statement is the quoted words themselves; PolNeAR (the attributions scope) marks
        # the verb's whole object instead ("the plan “a bandage solution”"), as indirect:object
        directs, fragments = quoted_objects(doc, directs, fragments)
    reported = list(reported_speech(doc, directs))
    for candidate in reported:  # "endorsed Cruz at a rally in Iowa": the occasion is not the content
        cue = candidate.attribution.cue if candidate.attribution is not None else None
        venue_end = venue_tail_end(doc, candidate.start, candidate.end, cue.root.i) if cue is not None else None
        if venue_end is not None:
            candidate.end = venue_end

    # A reporting verb whose complement is a direct quote attributes that quote.
    remaining: list[Candidate] = []
    for candidate in reported:
        direct = covered_direct(candidate, directs)
        if direct is not None:
            if direct.attribution is None and candidate.attribution is not None:
                found = candidate.attribution
                direct.attribution = Attribution(found.cue, found.speaker, framed_direct(found.rule))
        else:
            remaining.append(candidate)

    attribute_directs(doc, directs)
    # "tweeted a review: “…”", "Asked whether he would run, he said “probably not.”": a cue that
    # introduces a direct quote has no second content in its object or in the clause before it
    direct_cues = {d.attribution.cue.start for d in directs if d.attribution is not None and d.attribution.cue is not None}
    remaining = [
        c for c in remaining
        if not (
            c.attribution
            and c.attribution.rule in ("indirect:object", "indirect:trailing")
            and c.attribution.cue is not None
            and c.attribution.cue.start in direct_cues
        )
    ]
    for candidate in remaining:
        clip_after_directs(text, candidate, directs)
    absorbed: set[int] = set()
    for candidate in remaining:
        absorbed.update(extend_into_quote(candidate, spans, directs))
        if any(candidate.start <= f.open and f.outer_end <= candidate.end + 1 for f in fragments + directs_spans(directs)):
            candidate.kind = "mixed"
            absorbed.update(quotes_within(candidate, directs, attribution_rules()))
    absorbed.update(join_after_reported_frame(text, remaining, directs))
    # a direct quote that a mixed quote's envelope took in is part of that statement
    directs = [d for d in directs if d.span is None or d.span.open not in absorbed]

    candidates = join_split_quotes(text, [c for c in directs if c.attribution is not None])
    candidates += unattributed(doc, [c for c in directs if c.attribution is None], candidates + remaining)
    turns = transcript_turns(doc, candidates)
    candidates += turns
    candidates += tweets(doc, candidates + remaining)
    # a transcript turn is the speaker's own words: reported speech inside it belongs to the turn
    candidates += [c for c in remaining if not any(t.start <= c.start and c.end <= t.end for t in turns)]
    candidates.sort(key=lambda c: (c.start, c.end))
    candidates = dedupe(drop_nested_weak(candidates))
    candidates = drop_reports_within_reports(candidates)
    if scope == "statements":
        candidates = [c for c in candidates if c.attribution is None or c.attribution.rule not in attribution_rules()]
    return to_quotes(doc, article_id, candidates)
