"""Candidates to Quote records, with speaker mentions resolved to names (speakers.py)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from ..cues import cue_lemma
from ..models import Quote
from ..speakers import resolve_speaker_names
from .base import Candidate, doc_text


def to_quotes(doc: Doc, article_id: str, candidates: list[Candidate]) -> list[Quote]:
    text = doc_text(doc)
    quotes = []
    for candidate in candidates:
        start, end = candidate.start, candidate.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        attribution = candidate.attribution
        speaker = attribution.speaker if attribution else None
        cue = attribution.cue if attribution else None
        rule = attribution.rule if attribution else "direct:unattributed"
        if candidate.inherited_from is not None:
            rule = "direct:continuation"
        quotes.append(
            Quote(
                article_id=article_id,
                kind=candidate.kind,
                start=start,
                end=end,
                text=text[start:end],
                speaker=speaker.text if speaker is not None else None,
                speaker_start=speaker.start_char if speaker is not None else None,
                speaker_end=speaker.end_char if speaker is not None else None,
                cue=cue.text if cue is not None else None,
                cue_start=cue.start_char if cue is not None else None,
                cue_end=cue.end_char if cue is not None else None,
                confidence=candidate.confidence,
                rule=rule,
                extra=_extra(candidate, cue),
            )
        )
    resolve_speaker_names(doc, quotes)
    return quotes



def _extra(candidate: Candidate, cue: Span | None) -> dict[str, Any]:
    """What a Quote carries beyond its fields: the pieces of a split quote, and the cue's lemma
    (so "said", "says" and "saying" can be counted as one cue)."""
    extra: dict[str, Any] = {"fragments": candidate.fragments} if candidate.fragments else {}
    if cue is not None:
        verb = next((t for t in cue if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep" and t.lemma_), None)
        extra["cue_lemma"] = cue_lemma(verb.lemma_) if verb is not None else cue.text.lower()
    return extra
