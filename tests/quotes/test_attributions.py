"""The wider attributions of the attributions scope: stances, idioms, passives, relatives,
unsourced impressions, nominal cues, documents and headline labels."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def by_cue(extractor: Extractor, text: str, cue: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(extractor, text) if q.cue == cue]


def idioms(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(q.text, q.speaker, q.cue) for q in quotes_of(extractor, text) if q.rule == "indirect:idiom"]


def contents_and_speakers(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(extractor, text)]


# a passive cue with a preposition and no object: unsourced (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        (
            "The youth group is known for its focus on personal fulfillment and individual accomplishment.",
            "known",
            ("The youth group is known for its focus on personal fulfillment and individual accomplishment", None),
        ),
        ("The mayor was accused of hiding the audit from the council.", "accused",
         ("The mayor was accused of hiding the audit from the council", None)),
        ("The new stadium has been described as a waste of public money.", "described",
         ("The new stadium has been described as a waste of public money", None)),
        ("The company was criticized over its handling of the recall.", "criticized",
         ("The company was criticized over its handling of the recall", None)),
    ],
)
def test_passive_cue_with_preposition_is_unsourced(wide_net, text, cue, expected):
    assert expected in by_cue(wide_net, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The band is well known in the northern valleys of the region.", "known"),
        ("The letter was quoted in full.", "quoted"),  # nothing reported about it
        ("The bridge was named after a local hero.", "named"),  # "after" carries no content
    ],
)
def test_passive_cue_without_content_is_nothing(wide_net, text, cue):
    assert by_cue(wide_net, text, cue) == []


# a passive cue with an agent: the subject is the content, the agent the source (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        (
            "The secret meeting with donors was first reported by the local radio station.",
            "reported",
            ("The secret meeting with donors", "the local radio station"),
        ),
        ("The harbor expansion plan was rejected by the county commissioners.", "rejected", ("The harbor expansion plan", "the county commissioners")),
    ],
)
def test_passive_cue_with_agent_reports_its_subject(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


# a speech verb's passive with no agent: unsourced, the subject with what follows (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The mayor was declared the winner of the runoff election.", "declared",
         ("The mayor was declared the winner of the runoff election", None)),
        ("At least eight council members are listed as donors to the campaign.", "listed",
         ("At least eight council members are listed as donors", None)),
    ],
)
def test_agentless_passive_of_a_speech_verb_is_unsourced(wide_net, text, cue, expected):
    assert expected in by_cue(wide_net, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The road built by the Romans is still in use.", "built"),  # no cue
        ("It was announced.", "announced"),  # nothing said about anything
        ("It was revealed in March that the treasurer had used a private account.", "revealed"),  # nobody holds it
        ("The bridge was built in 1920.", "built"),
    ],
)
def test_passive_without_a_cue_or_content_is_nothing(wide_net, text, cue):
    assert by_cue(wide_net, text, cue) == []


@pytest.mark.parametrize(
    "text, cue",
    [
        ("It was first reported by the local radio station.", "reported"),
        ("The date of the vote was decided by the county commissioners.", "decided"),
    ],
)
def test_passive_with_pronoun_or_belief_is_nothing(broad, text, cue):
    assert by_cue(broad, text, cue) == []


# an object relative: the relative word is the content, as annotators mark it (written for these tests)
def test_object_relative_word_is_content(broad):
    text = "She is the candidate who many party members strongly oppose."
    assert by_cue(broad, text, "oppose") == [("who", "many party members")]


def test_subject_relative_is_no_object_content(broad):
    text = "She thanked the mayor who opposed the harbor plan."
    assert all(content != "who" for content, _ in by_cue(broad, text, "opposed"))


# reports the rules used to drop (sentences written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        # a reporting noun's clause with nobody's name on it is an unsourced attribution
        ("The claim that the harbor plan would pay for itself spread quickly across the county.", "claim", ("that the harbor plan would pay for itself", None)),
        # an addressee verb's object that is not the one addressed is what was urged or told
        ("The governor urged restraint after the verdict.", "urged", ("restraint", "The governor")),
        ("The mayor told a very different story at the hearing.", "told", ("a very different story", "The mayor")),
    ],
)
def test_unowned_clauses_and_addressee_objects_are_reported(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The mayor told reporters at the hearing.", "told"),
        ("The governor urged Smith after the verdict.", "urged"),
    ],
)
def test_the_one_addressed_is_no_content(broad, text, cue):
    assert by_cue(broad, text, cue) == []


@pytest.mark.parametrize(
    "text, cue, expected",
    [
        # a poll is the source even when the clause's subject is a person
        (
            "The council met.\n\nIn a CBS News poll released Monday, she led the senator by nine points among likely voters.",
            "In",
            ("she led the senator by nine points among likely voters", "a CBS News poll"),
        ),
        # stances kept for their precision on PolNeAR train
        ("Most of the delegates voted for the harbor plan.", "voted", ("the harbor plan", "Most of the delegates")),
        ("The senators pushed legislation on gun control.", "pushed", ("legislation on gun control", "The senators")),
        ("The mayor is seeking a third term in office.", "seeking", ("a third term in office", "The mayor")),
    ],
)
def test_polls_and_stances_of_the_wide_net(wide_net, text, cue, expected):
    assert expected in by_cue(wide_net, text, cue)


# (text, (content, speaker mention, cue)) written for these tests
IDIOM_CASES = [
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
NO_IDIOMS = [
    "The harbor master took the ferry to the island on Sunday.",
    "Councilwoman Ortega made a sandwich for her grandson.",
    "The auditors raised the price of the annual report.",
    "The retired coach wrote in the kitchen every morning.",
    "The bakery owner has a plan.",
    "The new manager looked to the left.",
    "The mayor has been making the case for weeks.",
]


@pytest.mark.parametrize("text,expected", IDIOM_CASES)
def test_idiom_cue_gives_its_content(broad, text, expected):
    assert idioms(broad, text) == [expected]


@pytest.mark.parametrize("text", NO_IDIOMS)
def test_no_idiom_no_quote(broad, text):
    assert idioms(broad, text) == []


@pytest.mark.parametrize("text", [text for text, _ in IDIOM_CASES])
def test_statements_scope_leaves_idioms_out(extractor, text):
    assert idioms(extractor, text) == []


# stance verbs whose object is the content, added with the idioms (rule "indirect:object")
STANCE_OBJECT_CASES = [
    ("The senator outlined a plan for a new harbor.", ("a plan for a new harbor", "The senator", "outlined")),
    ("The governor bemoaned the slow pace of repairs.", ("the slow pace of repairs", "The governor", "bemoaned")),
    ("The candidate disavowed the mailer.", ("the mailer", "The candidate", "disavowed")),
]


@pytest.mark.parametrize("text,expected", STANCE_OBJECT_CASES)
def test_stance_verb_object_is_content(broad, text, expected):
    got = [(q.text, q.speaker, q.cue) for q in quotes_of(broad, text) if q.rule == "indirect:object"]
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
    got = [(q.text, q.speaker, q.cue) for q in quotes_of(broad, text) if q.rule == "indirect:headline"]
    assert got == [expected]


@pytest.mark.parametrize("text", NOT_HEADLINES)
def test_teaser_label_is_no_source(broad, text):
    assert [q for q in quotes_of(broad, text) if q.rule == "indirect:headline"] == []


# (text, the (content, speaker) expected among the quotes)
NOMINAL_CASES = [
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


@pytest.mark.parametrize("text, expected", NOMINAL_CASES)
def test_noun_cue_reports_its_content(broad, text: str, expected: tuple[str, str]) -> None:
    assert expected in contents_and_speakers(broad, text)


# texts in which a noun reports nothing
NO_NOMINALS = [
    # a preposition that gives a target or a destination, not what was said
    "Smith's case against the former business partners of the bakery collapsed in June.",
    "Smith's call to the manager of the old harbor hotel came late in the evening.",
    # no owner, and a subject that is no person
    "The storm, despite attacks on the forecasts from the fishermen, reached the coast at noon.",
]


@pytest.mark.parametrize("text", NO_NOMINALS)
def test_noun_cue_without_report(broad, text: str) -> None:
    assert contents_and_speakers(broad, text) == []


# a stance adjective after a copula: its clause or prepositional object is the content, the
# subject the source (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The mayor is critical of the new parking rules.", "is critical", ("the new parking rules", "The mayor")),
        ("Union leaders are confident that the strike will end before the harvest.", "are confident",
         ("that the strike will end before the harvest", "Union leaders")),
        ("The governor remains wary of any new taxes on fuel.", "remains wary", ("any new taxes on fuel", "The governor")),
        ("The fishermen were angry at the quota cuts announced by the ministry.", "were angry",
         ("the quota cuts announced by the ministry", "The fishermen")),
        ("She is eager to return to the negotiating table.", "is eager", ("to return to the negotiating table", "She")),
    ],
)
def test_stance_adjective_reports_its_content(broad, text, cue, expected):
    assert expected in by_cue(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("It is clear that the bridge needs repairs before the winter.", "is clear"),  # a fact, no one's stance
        ("The council cast a critical vote on the harbor budget.", "critical"),  # not after a copula
        ("The hikers were ready for the long climb to the summit.", "were ready"),  # not a stance
        ("The museum is open on Sundays and public holidays.", "is open"),  # a time, not a content
        ("The committee was eager for the long meeting to end.", "was eager"),  # "for" gives no content
    ],
)
def test_stance_adjective_without_content_is_nothing(wide_net, text, cue):
    assert by_cue(wide_net, text, cue) == []


# reporting verbs added to cue_verbs.txt for the misses on PolNeAR train (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The auditors determined that the county had overpaid its contractors.", "determined",
         ("that the county had overpaid its contractors", "The auditors")),
        ("The coach convinced the players that the season was not lost.", "convinced", ("the players that the season was not lost", "The coach")),
        ("The minister disagreed with the central bank's forecast for next year.", "disagreed",
         ("the central bank's forecast for next year", "The minister")),
        ("The union requested a meeting with the board of directors.", "requested", ("a meeting with the board of directors", "The union")),
        ("The senator reflected on the failures of the campaign.", "reflected", ("the failures of the campaign", "The senator")),
    ],
)
def test_added_reporting_verbs(wide_net, text, cue, expected):
    assert expected in by_cue(wide_net, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The engineers determined the height of the tower.", "determined"),  # a finding needs its clause
        ("The river reflects the lights of the city.", "reflects"),  # a reflection needs "on"
    ],
)
def test_added_reporting_verbs_without_content_are_nothing(wide_net, text, cue):
    assert by_cue(wide_net, text, cue) == []


# a belief verb with the object role reports its bare object; one without it only an
# infinitive (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The farmers want a fair price for their milk.", "want", [("a fair price for their milk", "The farmers")]),
        ("Investors expect a cut in interest rates.", "expect", [("a cut in interest rates", "Investors")]),
        ("The family plans a trip to the coast.", "plans", []),
    ],
)
def test_belief_verb_object(wide_net, text, cue, expected):
    assert by_cue(wide_net, text, cue) == expected


# a verb that completes a noun ("the step of criticizing", "a campaign to condemn"): its speaker
# is the subject of the verb the noun hangs on (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("The union took the unusual step of criticizing the county commissioners.", "criticizing",
         [("the county commissioners", "The union")]),
        ("Grijalva was the first Democrat in the county to endorse the harbor plan.", "endorse", [("the harbor plan", "Grijalva")]),
        ("The union mounted a public campaign to condemn the harbor plan.", "condemn", [("the harbor plan", "The union")]),
        # an owned noun, or a noun that is a subject, hangs on no one's verb
        ("Their strategy of attacking the mayor failed.", "attacking", []),
    ],
)
def test_verb_completing_a_noun_speaks_for_the_nouns_holder(wide_net, text, cue, expected):
    assert by_cue(wide_net, text, cue) == expected
