"""Where a reported content ends: clause, comment tails, stance objects and their circumstances."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def contents(extractor: Extractor, text: str) -> list[str]:
    return [q.text for q in quotes_of(extractor, text)]


# (text, the reported content expected among the quotes)
CASES = [
    # the complementizer belongs to the content
    ("The farmers said that the drought had ruined the harvest.", "that the drought had ruined the harvest"),
    # a non-restrictive relative clause closing the sentence is the writer's comment
    (
        "The mayor said the bridge would reopen in May, which surprised many commuters on the east side.",
        "the bridge would reopen in May",
    ),
    # so is an appositive summing up the claim
    (
        "The governor said the state had cut its debt by half, a record that no predecessor matched.",
        "the state had cut its debt by half",
    ),
    # and an "as" clause comparing others
    (
        "The spokesman said the company hired 200 workers last year, as have most of its competitors.",
        "the company hired 200 workers last year",
    ),
    # content before its frame keeps its relative clause: it is all the speaker's
    (
        "The plant closed in March, which cost hundreds of jobs, a union official said.",
        "The plant closed in March, which cost hundreds of jobs",
    ),
    # a comma inside the speaker's quote marks is no place to cut
    (
        "The coach said the team is “ready to compete, which is all we ask, and to win every game.”",
        "the team is “ready to compete, which is all we ask, and to win every game.",
    ),
    # content that stops inside quote marks runs on to the closing mark
    (
        "The treasurer said he is “worried, frankly, about what comes next. Nobody knows the answer.”",
        "he is “worried, frankly, about what comes next. Nobody knows the answer.",
    ),
    # a clause the parser conjoins to the reporting verb still belongs to what was said
    (
        "The mayor said the budget was tight, but the city would still hire more teachers.",
        "the budget was tight, but the city would still hire more teachers",
    ),
    (
        "The mayor said the city could hire more teachers, but would struggle to keep them.",
        "the city could hire more teachers, but would struggle to keep them",
    ),
    # a second 'that' clause goes on with the statement, whatever verb it has
    (
        "The governor said the state must fix its roads, but that he would not support a new tax on fuel.",
        "the state must fix its roads, but that he would not support a new tax on fuel",
    ),
    # and so does a conjoined wish or belief
    (
        "The nurse said she was tired of the long shifts and wanted a manager who would listen.",
        "she was tired of the long shifts and wanted a manager who would listen",
    ),
    # unless it has a cue of its own
    (
        "The senator said she would back the nominee, and she told reporters that she wants no part in the race.",
        "she would back the nominee",
    ),
    # a frame inside the sentence: the sentence is the content, up to a closing comment
    (
        "The new rules, she said, will cut costs for every household, which the union disputes.",
        "The new rules, she said, will cut costs for every household",
    ),
    # 'according to' set off inside the sentence: the whole sentence is the content
    (
        "The new plant, according to company records, will employ about 400 workers.",
        "The new plant, according to company records, will employ about 400 workers",
    ),
    ("Turnout was low in the northern districts, according to election officials.", "Turnout was low in the northern districts"),
    # a frame inside the sentence leaves the statement running on after it
    (
        "The roads are safe enough, officials insist, because the plows run every night.",
        "The roads are safe enough, officials insist, because the plows run every night",
    ),
    # unless a statement of its own follows
    (
        "The roads are safe enough, officials insist, but the mayor said that the plows are late.",
        "The roads are safe enough",
    ),
    ("The roads are safe enough, officials insist.", "The roads are safe enough"),
    # a quote opening the sentence after the frame continues the statement: one envelope, stored
    # as its pieces (the mixed one here; tests/test_statements.py checks both)
    (
        "The city “will recover from this storm,” the mayor said. “We have rebuilt before and we will rebuild again.”",
        "The city “will recover from this storm,",
    ),
    # (a direct quote continued so is stored as its pieces, the second one here)
    (
        "“We will win,” the coach said. “They deserve it.”",
        "They deserve it.",
    ),
    # unless that quote has a frame of its own
    (
        "“We will win,” the coach said. “The players have worked hard all season,” the captain added.",
        "We will win,",
    ),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_reported_content_boundaries(extractor, text, expected):
    assert expected in contents(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge, which reopened in May, carries thousands of commuters every day.",
        "The budget was balanced, a claim that auditors have disputed for months.",
    ],
)
def test_no_reported_speech(extractor, text):
    assert contents(extractor, text) == []


def test_second_cue_is_its_own_statement_by_the_same_speaker(extractor):
    text = "The mayor said the budget was tight and questioned why the state had cut its aid to the city."
    quotes = {q.text: q.speaker for q in quotes_of(extractor, text)}
    assert quotes == {"the budget was tight": "The mayor", "why the state had cut its aid to the city": "The mayor"}


# (text, the stance content expected): circumstances after the object, with no comma before
# them, carry the stance on (annotators keep them); dates and comma-set phrases do not
STANCE_CASES = [
    ("The union endorsed the mayor in the primary.", "the mayor in the primary"),
    ("The council criticized the plan because it would raise rents.", "the plan because it would raise rents"),
    ("The farmers backed the tax to fund new roads.", "the tax to fund new roads"),
    ("The pastor praised the volunteers during the service.", "the volunteers during the service"),
    ("The senator attacked the governor on Tuesday.", "the governor"),
    ("The senator attacked the governor, in a rare break with her party.", "the governor"),
]


@pytest.mark.parametrize("text,expected", STANCE_CASES)
def test_stance_content_boundaries(broad, text, expected):
    assert [q.text for q in quotes_of(broad, text)] == [expected]


# (text, the content expected): a phrase of the reporting verb that names the occasion or the
# medium of the statement ("at a rally", "in an interview", "in a letter") says where it was
# said, not what, and ends the content with the places and dates that go with it; the same
# phrase inside the reported clause, or one that names no occasion, stays
VENUE_CASES = [
    ("The senator attacked the governor at a rally in Ohio.", "the governor"),
    ("The union endorsed the mayor in an interview on Tuesday.", "the mayor"),
    ("The mayor endorsed the plan in a letter to residents.", "the plan"),
    ("The senator criticized the governor on Monday during a televised debate.", "the governor"),
    ("The coach praised the players in a statement on Sunday.", "the players"),
    # must keep: the phrase is the reported clause's, or names no occasion
    ("She said she would speak at the rally.", "she would speak at the rally"),
    ("The mayor said she would announce the plan in a speech.", "she would announce the plan in a speech"),
    ("The union endorsed the mayor in the primary.", "the mayor in the primary"),
]


@pytest.mark.parametrize("text,expected", VENUE_CASES)
def test_the_occasion_of_a_statement_is_not_its_content(broad, text, expected):
    assert [q.text for q in quotes_of(broad, text)] == [expected]


def test_learned_ends_never_take_the_occasion_back_in():
    """The content-end model may choose the sentence's end; the occasion is cut again after it."""
    learned = Extractor(scope="attributions")
    assert [q.text for q in quotes_of(learned, "The senator criticized the governor on Monday during a televised debate.")] == ["the governor"]
