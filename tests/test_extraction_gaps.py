"""Cue verbs whose source the rules used to miss: a gerund after a preposition ("by threatening
…", "after saying …") has the subject of the verb the preposition hangs on."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article


@pytest.fixture(scope="module")
def broad() -> Extractor:
    return Extractor(scope="attributions")


def found(extractor: Extractor, text: str, cue: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extractor.extract(Article("t", text)) if q.cue == cue]


# (text, cue, (content, speaker mention)) written for these tests
GERUND_CASES = [
    (
        "The mayor pressured the council members to resign by threatening their funding sources.",
        "threatening",
        ("their funding sources", "The mayor"),
    ),
    (
        "After saying he was tired of the race, the senator left the stage early.",
        "saying",
        ("he was tired of the race", "the senator"),
    ),
]


@pytest.mark.parametrize("text, cue, expected", GERUND_CASES)
def test_gerund_after_preposition_has_main_subject(broad, text, cue, expected):
    assert expected in found(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The strategy of loudly attacking rivals has worn thin with the voters.", "attacking"),
    ],
)
def test_gerund_under_a_noun_gets_no_source(broad, text, cue):
    assert all(speaker is None for _, speaker in found(broad, text, cue))
