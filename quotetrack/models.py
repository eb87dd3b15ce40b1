"""The small value types that travel between the stages: articles in, quotes out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("direct", "indirect", "mixed")
# What a run reports. "statements": what someone said or wrote, the fact-checker's question and
# the default. "attributions": also beliefs, intentions, stances and what a poll or document
# shows, the broad sense in which PolNeAR annotates news (a wider net, pruned by confidence).
SCOPES = ("statements", "attributions")
DEFAULT_SCOPE = "statements"


@dataclass(frozen=True)
class Article:
    """One news article. `text` is exactly what offsets of its quotes point into."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None  # where it was read from: a path, "path:line", a URL or "<stdin>"
    author: str | None = None


@dataclass
class Quote:
    """One attributed statement, with the provenance a fact-checker needs to verify it."""

    article_id: str
    kind: str  # "direct", "indirect" or "mixed"
    start: int
    end: int
    text: str
    speaker: str | None = None  # the mention as written: "he", "Nauert", "Pence’s chief of staff Nick Ayres"
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None  # the person or body meant: "Heather Nauert"
    cue: str | None = None  # the reporting verb or phrase as written: "said", "according to"
    cue_start: int | None = None
    cue_end: int | None = None
    confidence: float = 0.5  # the confidence model's probability (confidence.py), else the rule's prior
    rule: str = ""  # which rule or signal produced it, for users who filter and developers who debug
    model: str = ""  # spaCy pipeline name==version
    version: str = ""  # quotetrack version
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the speaker's role in the article
    confidence_model: str = ""  # the confidence model that scored it (its fingerprint), "" for the rule's prior

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data
