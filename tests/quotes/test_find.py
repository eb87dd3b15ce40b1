"""The rules together, as find_quotes runs them: (text, expected quotes) tables for both scopes,
including texts that must yield nothing."""

from __future__ import annotations

import pytest

from tests.conftest import quotes_of


def extract(extractor, text):
    return quotes_of(extractor, text)


# (text, [(kind, content, speaker mention, speaker name, cue)])
UNCLOSED = "“This quote is never closed by the careless writer, the mayor said.\n\nThe council met on Tuesday. The treasurer said the budget was balanced."


CASES = [
    # every mark style
    (
        "“We will not back down from this fight,” the mayor said.",
        [("direct", "We will not back down from this fight,", "the mayor", None, "said")],
    ),
    (
        '"We will not back down from this fight," the mayor said.',
        [("direct", "We will not back down from this fight,", "the mayor", None, "said")],
    ),
    (
        "‘We will not back down from this fight,’ the mayor said.",
        [("direct", "We will not back down from this fight,", "the mayor", None, "said")],
    ),
    (
        "'We will not back down from this fight,' the mayor said.",
        [("direct", "We will not back down from this fight,", "the mayor", None, "said")],
    ),
    (
        "«We will not back down from this fight», the mayor said.",
        [("direct", "We will not back down from this fight", "the mayor", None, "said")],
    ),
    # apostrophes are not quote marks
    (
        "‘It’s the officials’ job and we don’t shirk it,’ Jane Smith said.",
        [("direct", "It’s the officials’ job and we don’t shirk it,", "Jane Smith", "Jane Smith", "said")],
    ),
    # speaker before, with a colon, with a cue and object, with "this way"
    (
        "Senator Jane Smith said: “The bill is dead and everybody in this building knows it.”",
        [("direct", "The bill is dead and everybody in this building knows it.", "Senator Jane Smith", "Jane Smith", "said")],
    ),
    (
        "Pence’s communications director, Jarrod Agen, tweeted a review of the evening: “VP stands and cheers for U.S. athletes.”",
        [("direct", "VP stands and cheers for U.S. athletes.", "Pence’s communications director, Jarrod Agen", "Jarrod Agen", "tweeted")],
    ),
    (
        "Another member of the staff explained the stance this way, “I don’t think you talk geopolitics over speed skating.”",
        [("direct", "I don’t think you talk geopolitics over speed skating.", "Another member of the staff", None, "explained")],
    ),
    # speaker after, inverted
    (
        "“North Korea dangled a meeting in hopes of softening his message,” said Nick Ayers, the vice president’s chief of staff.",
        [("direct", "North Korea dangled a meeting in hopes of softening his message,", "Nick Ayers, the vice president’s chief of staff", "Nick Ayers", "said")],
    ),
    # a short quote right after a cue is still a quote
    (
        "Mike Pence did not deny it when he left, saying “We’ll see what happens.”",
        [("direct", "We’ll see what happens.", "Mike Pence", "Mike Pence", "saying")],
    ),
    # paragraphs that reopen the quote without closing it inherit the speaker
    (
        "‘This is the first part of a long statement about the trip,’ Nick Ayres said.\n\n"
        "‘This paragraph continues the same statement without a closing mark.\n\n"
        "‘And this one closes it at the end of the statement.’",
        [
            ("direct", "This is the first part of a long statement about the trip,", "Nick Ayres", "Nick Ayres", "said"),
            ("direct", "This paragraph continues the same statement without a closing mark.", "Nick Ayres", "Nick Ayres", "said"),
            ("direct", "And this one closes it at the end of the statement.", "Nick Ayres", "Nick Ayres", "said"),
        ],
    ),
    # an unclosed quote never swallows the rest of the article
    (
        UNCLOSED,
        [("indirect", "the budget was balanced", "The treasurer", None, "said")],
    ),
    # indirect speech
    (
        "State Department spokeswoman Heather Nauert says the US regrets the failure to seize this opportunity.",
        [("indirect", "the US regrets the failure to seize this opportunity", "State Department spokeswoman Heather Nauert", "Heather Nauert", "says")],
    ),
    (
        "Two officials told the Post that the plan had been agreed ahead of time.",
        [("indirect", "that the plan had been agreed ahead of time", "Two officials", None, "told")],
    ),
    (
        "No negotiations would have been opened at the meeting, the officials said.",
        [("indirect", "No negotiations would have been opened at the meeting", "the officials", None, "said")],
    ),
    (
        "The talks were being set in motion, according to the Washington Post.",
        [("indirect", "The talks were being set in motion", "the Washington Post", "Washington Post", "according to")],
    ),
    # an intention inside a statement belongs to that statement (in either scope)
    (
        "She said she has no plans to change her vote.",
        [("indirect", "she has no plans to change her vote", "She", None, "said")],
    ),
    # mixed: reported speech carrying a quoted fragment
    (
        "Heather Nauert says that Pence ‘was ready to take this opportunity’ at the talks.",
        [("mixed", "that Pence ‘was ready to take this opportunity’ at the talks", "Heather Nauert", "Heather Nauert", "says")],
    ),
    # reported speech that ends inside quote marks runs to their close
    (
        "Trump said the senator was “weak on illegal immigration. Weak like a baby, believe me.”",
        [("mixed", "the senator was “weak on illegal immigration. Weak like a baby, believe me.", "Trump", None, "said")],
    ),
    # pronouns and surnames resolve to the full name in the article
    (
        "Heather Nauert spoke on Monday. Later, Nauert said the talks had failed. She said the door stayed open.",
        [
            ("indirect", "the talks had failed", "Nauert", "Heather Nauert", "said"),
            ("indirect", "the door stayed open", "She", "Heather Nauert", "said"),
        ],
    ),
    # typewriter double quotes (two apostrophes), as in older newspaper text
    (
        "''We will not back down from this fight,'' the mayor said.",
        [("direct", "We will not back down from this fight,", "the mayor", None, "said")],
    ),
    # a phrasal cue whose particle the parser makes the complement
    (
        "The union leaders made it clear that they would strike in May.",
        [("indirect", "that they would strike in May", "The union leaders", None, "made")],
    ),
    # a quote split by its frame is one statement stored as its pieces (see tests/test_statements.py)
    (
        "“We will not back down from this fight,” the mayor said. “Not this year and not ever.”",
        [
            ("direct", "We will not back down from this fight,", "the mayor", None, "said"),
            ("direct", "Not this year and not ever.", "the mayor", None, "said"),
        ],
    ),
    # the frame inside the statement
    (
        "The golf industry, she said, is doing much better than it was in 2009.",
        [("indirect", "The golf industry, she said, is doing much better than it was in 2009", "she", None, "said")],
    ),
    # a transcript turn
    (
        "TAPPER: Do you think Donald Trump has campaigned as a racial healer?",
        [("direct", "Do you think Donald Trump has campaigned as a racial healer?", "TAPPER", None, ":")],
    ),
    # a headline that names its source by surname
    (
        "Lynch: No outside influence on the inquiry\n\nAttorney General Loretta Lynch spoke on Tuesday.",
        [("direct", "No outside influence on the inquiry", "Lynch", "Loretta Lynch", ":")],
    ),
]


# Found only in the "attributions" scope: stances, intentions, beliefs and evidence, which PolNeAR
# annotates as attributions but which are not statements.
ATTRIBUTION_CASES = [
    # stances and intentions: the object or infinitive is the content (without the circumstances:
    # "for an hour"), with a lower confidence
    (
        "Former Florida governor Jeb Bush endorsed Ted Cruz.",
        [("indirect", "Ted Cruz", "Former Florida governor Jeb Bush", "Jeb Bush", "endorsed")],
    ),
    (
        "Donald Trump called for a temporary ban on admitting Muslims.",
        [("indirect", "a temporary ban on admitting Muslims", "Donald Trump", "Donald Trump", "called")],
    ),
    # beliefs are attributions too, under their own rule
    (
        "Republicans believe that Clinton will have difficulty changing minds.",
        [("indirect", "that Clinton will have difficulty changing minds", "Republicans", None, "believe")],
    ),
    (
        "Senator Jane Smith wants to cut the budget for roads.",
        [("indirect", "to cut the budget for roads", "Senator Jane Smith", "Jane Smith", "wants")],
    ),
    # a reporting verb without a clause reports its object; some verbs only ever report a clause
    (
        "The workers objected to the plan to move them across the country.",
        [("indirect", "the plan to move them across the country", "The workers", None, "objected")],
    ),
    # a cue made by its preposition
    (
        "The mayor pointed to the falling crime rate in the city.",
        [("indirect", "the falling crime rate in the city", "The mayor", None, "pointed")],
    ),
    (
        "Many conservatives see the senator as a uniter of the party.",
        [("indirect", "the senator as a uniter of the party", "Many conservatives", None, "see")],
    ),
    # naming someone's words: a scare quote in a statement, a mixed attribution in this scope
    (
        "The senator called it a “disgrace” and walked out.",
        [("mixed", "it a “disgrace”", "The senator", None, "called")],
    ),
    # a passive cue with no source named, a reporting noun and its owner, a document as the source
    (
        "The governor is expected to sign the bill next week.",
        [("indirect", "The governor is expected to sign the bill next week", None, None, "expected")],
    ),
    (
        "The senator’s claim that the tax cuts pay for themselves was widely disputed.",
        [("indirect", "that the tax cuts pay for themselves", "The senator’s", None, "claim")],
    ),
    (
        "In a poll released on Monday, most voters backed the new stadium plan.",
        [("indirect", "most voters backed the new stadium plan", "a poll", None, "In")],
    ),
    (
        "The governor talked about jobs and schools for an hour.",
        [("indirect", "jobs and schools", "The governor", None, "talked")],
    ),
]


NOTHING = [
    "The band played “Born in the U.S.A.” as the crowd sang along.",  # song title
    "Critics of the so-called 'reform' were loud.",  # single quoted word
    "She read “The Old Man and the Sea” on the flight home.",  # book title
    "The officials’ plan was rejected on Tuesday and the meeting was cancelled.",  # apostrophes only
    "It was revealed that the meeting had been cancelled.",  # no speaker
    "Rock 'n' roll was born in the ’50s, and it's still here.",  # apostrophes everywhere
    "Mike Pence did not deny it when he left.",  # a vague object is no content
    "They plan a parade and a street party.",  # a plan with a bare object is no statement ("want" with one is, see test_attributions)
    "It is expected to rain on Tuesday.",  # a forecast with a dummy subject
    "She leads in the polls ahead of the primary in April.",  # a poll that is not the frame
    "His response to the storm was quick.",  # a reporting noun without content
    "We could see the river from the bridge.",  # a phrasal cue without its preposition
    "The council continued the fight over the budget.",  # 'continue' reports only a clause
    "UPDATE: The meeting was moved to Friday afternoon.",  # a label, not a speaker
    "Iowa: Tim Albrecht, Brad Anderson and Rob Barron took part.",  # a place heads a list
    "Clinton: 1,769.\n\nSanders: 1,501.",  # a tally, not a turn
    "Q: Have you talked to her?\n\nA: It has been about a month.",  # interview labels name nobody
    "The movie ''Casablanca'' was shown again.",  # a typewriter-quoted title
    "",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_extracts(extractor, text, expected):
    assert_extracts(extractor, text, expected)


# what the attributions scope adds to a case: a quoted statement no frame attributes
UNATTRIBUTED_EXTRAS = {UNCLOSED: [("direct", "This quote is never closed by the careless writer, the mayor said.", None, None, None)]}


@pytest.mark.parametrize("text,expected", CASES + ATTRIBUTION_CASES)
def test_attributions_scope_extracts(broad, text, expected):
    assert_extracts(broad, text, UNATTRIBUTED_EXTRAS.get(text, []) + expected)


@pytest.mark.parametrize("text", [text for text, _ in ATTRIBUTION_CASES])
def test_statements_scope_leaves_out_stances_and_beliefs(extractor, text):
    assert extract(extractor, text) == []


def assert_extracts(extractor, text, expected):
    quotes = extract(extractor, text)
    got = [(q.kind, q.text, q.speaker, q.speaker_name, q.cue) for q in quotes]
    for kind, content, mention, name, cue in expected:
        match = [g for g in got if g[1] == content]
        assert match, f"missing {content!r} in {got}"
        g_kind, _, g_mention, g_name, g_cue = match[0]
        assert (g_kind, g_mention, g_cue) == (kind, mention, cue)
        if name is not None:
            assert g_name == name
    assert len(got) == len(expected), got


@pytest.mark.parametrize("text", NOTHING)
def test_extracts_nothing(broad, text):
    assert extract(broad, text) == []


@pytest.mark.parametrize(
    "text,rule",
    [
        ("The senator said the bill was dead on arrival.", "indirect:ccomp"),
        ("Republicans believe that Clinton will have difficulty changing minds.", "indirect:belief"),
        ("The poll showed that Clinton was ahead in Ohio by four points.", "indirect:evidence"),
        ("Jeb Bush endorsed Ted Cruz.", "indirect:object"),
    ],
)
def test_rule_names_what_found_it(broad, text, rule):
    assert [q.rule for q in extract(broad, text)] == [rule]
