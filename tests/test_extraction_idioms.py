"""Cues made of a verb and the preposition or object it needs ("vouched for X", "took issue with
X", "raised questions about X"): the content is what follows the preposition, the subject is the
source. They are attributions, not statements, so only the "attributions" scope reports them."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article


@pytest.fixture(scope="module")
def broad() -> Extractor:
    return Extractor(scope="attributions")


@pytest.fixture(scope="module")
def statements() -> Extractor:
    return Extractor()


def found(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(q.text, q.speaker, q.cue) for q in extractor.extract(Article("t", text)) if q.rule == "indirect:idiom"]


# (text, (content, speaker mention, cue)) written for these tests
CASES = [
    (
        "The harbor master took issue with the new schedule for the ferries.",
        ("the new schedule for the ferries", "The harbor master", "took"),
    ),
    (
        "Councilwoman Ortega made the case for a second library in the valley.",
        ("a second library in the valley", "Councilwoman Ortega", "made"),
    ),
    (
        "The auditors raised questions about the cost of the new stadium.",
        ("the cost of the new stadium", "The auditors", "raised"),
    ),
    (
        "The retired coach vouched for the young goalkeeper and her training habits.",
        ("the young goalkeeper and her training habits", "The retired coach", "vouched"),
    ),
    (
        "The union leader campaigned against the proposed cuts.",
        ("the proposed cuts", "The union leader", "campaigned"),
    ),
    (
        "The bakery owner has no plans to move the shop out of town.",
        ("to move the shop out of town", "The bakery owner", "has"),
    ),
    (
        "The fire chief warned of dangerously dry brush.",
        ("dangerously dry brush", "The fire chief", "warned"),
    ),
    (
        "The new manager looked to calm the nervous staff.",
        ("to calm the nervous staff", "The new manager", "looked"),
    ),
]

# a light verb or a preposition without the idiom is no cue
NOTHING = [
    "The harbor master took the ferry to the island on Sunday.",
    "Councilwoman Ortega made a sandwich for her grandson.",
    "The auditors raised the price of the annual report.",
    "The retired coach wrote in the kitchen every morning.",
    "The bakery owner has a plan.",
    "The new manager looked to the left.",
    "The mayor has been making the case for weeks.",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_idiom_cue_gives_its_content(broad, text, expected):
    assert found(broad, text) == [expected]


@pytest.mark.parametrize("text", NOTHING)
def test_no_idiom_no_quote(broad, text):
    assert found(broad, text) == []


@pytest.mark.parametrize("text", [text for text, _ in CASES])
def test_statements_scope_leaves_idioms_out(statements, text):
    assert found(statements, text) == []


# stance verbs whose object is the content, added with the idioms (rule "indirect:object")
STANCE_CASES = [
    ("The senator outlined a plan for a new harbor.", ("a plan for a new harbor", "The senator", "outlined")),
    ("The governor bemoaned the slow pace of repairs.", ("the slow pace of repairs", "The governor", "bemoaned")),
    ("The candidate disavowed the mailer.", ("the mailer", "The candidate", "disavowed")),
]


@pytest.mark.parametrize("text,expected", STANCE_CASES)
def test_stance_verb_object_is_content(broad, text, expected):
    got = [(q.text, q.speaker, q.cue) for q in broad.extract(Article("t", text)) if q.rule == "indirect:object"]
    assert got == [expected]


# a headline whose label names a source that is not a person (rule "indirect:headline")
HEADLINES = [
    (
        "Survey: Most commuters want more night buses.\n\nThe survey asked 900 riders about their habits.",
        ("Most commuters want more night buses", "Survey", ":"),
    ),
    (
        "City auditors: The budget gap is wider than expected.\n\nThe staff report runs to 40 pages.",
        ("The budget gap is wider than expected", "City auditors", ":"),
    ),
    # no cue word in the headline: found in a selective parse too
    (
        "Poll: Clinton holds a narrow lead in Ohio.\n\nThe race is close.",
        ("Clinton holds a narrow lead in Ohio", "Poll", ":"),
    ),
]
# teasers and story labels are no sources
NOT_HEADLINES = [
    "Breaking: The river has burst its banks near the mill.\n\nWater reached the square at noon.",
    "The Latest: Ferry service resumes after the storm.\n\nBoats left the harbor at nine.",
    "Spoiler no more: The bakery closes for good.\n\nThe owners retired.",
]


@pytest.mark.parametrize("text,expected", HEADLINES)
def test_headline_label_is_source(broad, text, expected):
    got = [(q.text, q.speaker, q.cue) for q in broad.extract(Article("t", text)) if q.rule == "indirect:headline"]
    assert got == [expected]


@pytest.mark.parametrize("text", NOT_HEADLINES)
def test_teaser_label_is_no_source(broad, text):
    assert [q for q in broad.extract(Article("t", text)) if q.rule == "indirect:headline"] == []
