"""Reports whose cue is a noun: its clause, the clause its copula introduces, or its object
after the one preposition that gives what was said ("attacks on", "questions about"); its
owner is the source, and a noun with no owner, or a preposition that only gives a topic,
reports nothing."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(scope="attributions")


def quotes(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extractor.extract(Article("t", text))]


# (text, the (content, speaker) expected among the quotes)
FOUND = [
    # the clause a noun introduces
    (
        "Martinez's refusal to sign the new contract with the teachers' union angered the parents.",
        ("to sign the new contract with the teachers' union", "Martinez's"),
    ),
    (
        "The mayor's statement that the bridge would reopen in May surprised the commuters.",
        ("that the bridge would reopen in May", "The mayor's"),
    ),
    # the clause after the noun's copula
    (
        "Ortega's argument was that the new stadium would never pay for itself.",
        ("that the new stadium would never pay for itself", "Ortega's"),
    ),
    (
        "The senator's message was that the factory jobs would come back to the valley.",
        ("that the factory jobs would come back to the valley", "The senator's"),
    ),
    # the object of the preposition that gives what was said or thought
    (
        "Okafor's questions about the missing funds from the harbor project went unanswered.",
        ("the missing funds from the harbor project", "Okafor's"),
    ),
    (
        "The coach's defense of the young goalkeeper drew loud cheers from the stands.",
        ("the young goalkeeper", "The coach's"),
    ),
    (
        "Lindqvist's remarks about the closing of the rural clinics angered the nurses.",
        ("the closing of the rural clinics", "Lindqvist's"),
    ),
    # a noun with no owner is the sentence subject's, when that is a person
    (
        "Alvarez, in a long speech full of attacks on the mining companies, toured the valley.",
        ("the mining companies", "Alvarez"),
    ),
]


@pytest.mark.parametrize("text, expected", FOUND)
def test_noun_cue_reports_its_content(extractor: Extractor, text: str, expected: tuple[str, str]) -> None:
    assert expected in quotes(extractor, text)


# texts in which a noun reports nothing
NOTHING = [
    # a preposition that gives a target or a destination, not what was said
    "Smith's case against the former business partners of the bakery collapsed in June.",
    "Smith's call to the manager of the old harbor hotel came late in the evening.",
    # no owner, and a subject that is no person
    "The storm, despite attacks on the forecasts from the fishermen, reached the coast at noon.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_noun_cue_without_report(extractor: Extractor, text: str) -> None:
    assert quotes(extractor, text) == []
