"""Who speaks in a frame: a cue's subject, climbing out of participles, gerunds and adjectives;
the writer of a document; never a dummy "it"."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def by_cue(extractor: Extractor, text: str, cue: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(extractor, text) if q.cue == cue]


def with_names(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    quotes = quotes_of(extractor, text)
    return [(q.text, q.speaker, q.speaker_name) for q in quotes]


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
    assert expected in by_cue(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The strategy of loudly attacking rivals has worn thin with the voters.", "attacking"),
    ],
)
def test_gerund_under_a_noun_gets_no_source(broad, text, cue):
    assert all(speaker is None for _, speaker in by_cue(broad, text, cue))


# an infinitive cue under an adjective: the adjective's subject is the source (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        (
            "Younger voters were more likely to say that the economy had improved since the election.",
            "say",
            ("that the economy had improved since the election", "Younger voters"),
        ),
        (
            "The council is right to note that the harbor plan would cost more than promised.",
            "note",
            ("that the harbor plan would cost more than promised", "The council"),
        ),
    ],
)
def test_infinitive_cue_after_adjective_has_its_subject(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("It seems that the harbor plan will pass.", "seems"),
        ("It means that the harbor plan will pass.", "means"),
    ],
)
def test_dummy_it_is_no_speaker(broad, text, cue):
    assert all(speaker is None for _, speaker in by_cue(broad, text, cue))


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
    assert [q[1] for q in with_names(broad, text) if q[0] == content] == [speaker]


# a day parsed as the subject never speaks: the person named in its phrase does, or no one
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        (
            "Saturday at the Massachusetts Democratic state’s party convention Sen. Elizabeth Warren (D-MA) said the nominee was a liar.",
            "said",
            ("Sen. Elizabeth Warren (D-MA", "Elizabeth Warren"),
        ),
        ("Monday said that the vote would be delayed.", "said", None),
    ],
)
def test_a_day_parsed_as_subject_is_not_the_speaker(broad, text, cue, expected):
    found = [(q.speaker, q.speaker_name) for q in quotes_of(broad, text) if q.cue == cue]
    assert found == ([expected] if expected else [])
