"""Precision: attributions the rules find but annotators do not mark (or mark differently),
as a table of (text, expected quotes), including texts that must give nothing."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article


@pytest.fixture(scope="module")
def broad() -> Extractor:
    return Extractor(scope="attributions")


def extract(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    quotes = extractor.extract(Article("t", text))
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(q.text, q.speaker, q.speaker_name) for q in quotes]


# (text, [(content, speaker mention, speaker name)])
CASES = [
    # a cue in a relative clause: the mention is the pronoun (as annotators mark it), the name its antecedent's
    (
        "The plan was drafted by Senator Maria Alvarez, who said the county would cover the rest.",
        [("the county would cover the rest", "who", "Maria Alvarez")],
    ),
    # a report within a report is part of the outer one, not a quote of its own
    (
        "The Ledger reported that the mayor said the bridge would close in May.",
        [("that the mayor said the bridge would close in May", "The Ledger", "Ledger")],
    ),
    (
        "According to the Ledger, the mayor said the bridge would close in May.",
        [("the mayor said the bridge would close in May", "the Ledger", "Ledger")],
    ),
    # ... but a report alone is its own quote
    (
        "The mayor said the bridge would close in May.",
        [("the bridge would close in May", "The mayor", "mayor")],
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_precision_cases(broad: Extractor, text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert extract(broad, text) == expected


# (text, content, speaker mention): the quote with that content has that speaker, whatever else is found
SPEAKER_CASES = [
    # a second cue the parser hangs on the reported clause shares the reporter's subject
    ("The mayor said the new rules have worked and said that more changes would follow.", "that more changes would follow", "The mayor"),
    ("Senator Ruiz said the deal had collapsed and warned that talks would not resume.", "that talks would not resume", "Senator Ruiz"),
    ("The coach denied that the team was leaving, explaining that the lease runs until 2030.", "that the lease runs until 2030", "The coach"),
    # a cue on a document the subject issued or wrote in: the writer is the speaker, not the document
    ("The senator put out a statement saying the vote had been rigged.", "the vote had been rigged", "The senator"),
    ("The Tribune shot back in an editorial stating that the numbers were wrong.", "that the numbers were wrong", "The Tribune"),
    # ... but a poll is a source of its own
    ("The campaign cited a new poll showing that Smith leads by nine points.", "that Smith leads by nine points", "a new poll"),
]


@pytest.mark.parametrize("text, content, speaker", SPEAKER_CASES)
def test_speaker_of(broad: Extractor, text: str, content: str, speaker: str) -> None:
    assert [q[1] for q in extract(broad, text) if q[0] == content] == [speaker]
