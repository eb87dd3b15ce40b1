"""Reported speech: clausal complements, "as" clauses and frames the parser misreads."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def by_cue(extractor: Extractor, text: str, cue: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(extractor, text) if q.cue == cue]


# "as X reported": the clause the frame hangs on is the content (written for these tests)
AS_CLAUSE_CASES = [
    (
        "As the city paper reported last week, the mayor raised more than two million dollars from developers.",
        "reported",
        ("the mayor raised more than two million dollars from developers", "the city paper"),
    ),
    (
        "The council delayed the vote on the harbor plan, as the chairman had predicted.",
        "predicted",
        ("The council delayed the vote on the harbor plan", "the chairman"),
    ),
]


@pytest.mark.parametrize("text, cue, expected", AS_CLAUSE_CASES)
def test_as_clause_frames_the_main_clause(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The council delayed the vote, as expected.", "expected"),
        ("As the chairman said he would, the council delayed the vote on the harbor plan.", "said"),
    ],
)
def test_as_clause_without_a_plain_frame_is_no_as_clause(broad, text, cue):
    assert all(not content.lower().startswith("the council delayed") for content, _ in by_cue(broad, text, cue))


# shapes the parser gives that hid a content (sentences written for these tests)
MISPARSED_CASES = [
    # "for" parsed as the mark of an infinitive clause
    (
        "The union has called for the state minimum wage to be raised to fifteen dollars.",
        "called",
        ("the state minimum wage to be raised to fifteen dollars", "The union"),
    ),
    # a yes-no question parsed as an adverbial clause
    (
        "The moderator asked the governor if she would sign the harbor bill.",
        "asked",
        ("the governor if she would sign the harbor bill", "The moderator"),
    ),
    # a frame inside a sentence whose subject is a single name
    (
        "Loyalty, the chairman noted, has long been the first rule of the county party.",
        "noted",
        ("Loyalty, the chairman noted, has long been the first rule of the county party", "the chairman"),
    ),
    # a trailing inverted frame, with the content's subject also hung on the verb
    (
        'The rejection of the treaty signals "the beginning of the end" for the alliance, said Anna Berg, a senior diplomat.',
        "said",
        ('The rejection of the treaty signals "the beginning of the end" for the alliance', "Anna Berg, a senior diplomat"),
    ),
    # "it" as a report or company that speaks
    (
        "The commission released its audit on Monday. It concluded that the agency had lost track of the funds.",
        "concluded",
        ("that the agency had lost track of the funds", "It"),
    ),
    # what a poll found, framed after the content
    (
        "Most voters in the district distrust the new harbor plan, the survey found.",
        "found",
        ("Most voters in the district distrust the new harbor plan", "the survey"),
    ),
]


@pytest.mark.parametrize("text, cue, expected", MISPARSED_CASES)
def test_misparsed_shapes_keep_their_content(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


# a clause before the frame that the parser makes a second complement of the verb: the clause
# after the verb is what it reports (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The bridge never opened; the engineer argued the cables were too weak to carry trucks.", "argued",
         [("the cables were too weak to carry trucks", "the engineer")]),
        ("The first vote failed; the chairman insists the council will approve the plan next week.", "insists",
         [("the council will approve the plan next week", "the chairman")]),
        ("The audit was finished in May; the treasurer said the city had lost two million dollars.", "said",
         [("the city had lost two million dollars", "the treasurer")]),
        # a frame that closes the sentence still reports the clause before it
        ("The plan is not ready, the chairman said.", "said", [("The plan is not ready", "the chairman")]),
    ],
)
def test_the_clause_after_the_verb_is_its_complement(extractor, text, cue, expected):
    assert by_cue(extractor, text, cue) == expected


# the parser makes the reported clause's subject the verb's object: it opens the content
# (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ('The mayor also argued the harbor plan, which is widely supported by the unions, "would pay for itself" within a decade.', "argued",
         [('the harbor plan, which is widely supported by the unions, "would pay for itself" within a decade', "The mayor")]),
        ("The union leaders admitted the dispute between the two factions most likely does not reflect most members.", "admitted",
         [("the dispute between the two factions most likely does not reflect most members", "The union leaders")]),
        # the object of a verb that addresses someone is the one addressed, not the subject
        ("The governor told reporters the budget would be balanced.", "told", [("the budget would be balanced", "The governor")]),
    ],
)
def test_a_subject_read_as_the_object_opens_the_content(broad, text, cue, expected):
    assert by_cue(broad, text, cue) == expected
