"""Passes over all finds: a report within a report is part of the outer one."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def with_names(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    quotes = quotes_of(extractor, text)
    return [(q.text, q.speaker, q.speaker_name) for q in quotes]


# (text, [(content, speaker mention, speaker name)])
REPORT_CASES = [
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


@pytest.mark.parametrize("text, expected", REPORT_CASES)
def test_reports_within_reports(broad: Extractor, text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert with_names(broad, text) == expected
