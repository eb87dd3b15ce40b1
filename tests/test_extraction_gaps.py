"""Cue verbs whose source or content the rules used to miss: a gerund after a preposition ("by
threatening …", "after saying …") has the subject of the verb the preposition hangs on; "as the
Times reported, X" reports X."""

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
    assert expected in found(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The council delayed the vote, as expected.", "expected"),
        ("As the chairman said he would, the council delayed the vote on the harbor plan.", "said"),
    ],
)
def test_as_clause_without_a_plain_frame_is_no_as_clause(broad, text, cue):
    assert all(not content.lower().startswith("the council delayed") for content, _ in found(broad, text, cue))


# a passive cue with a preposition and no object: unsourced (written for these tests)
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        (
            "The youth group is known for its focus on personal fulfillment and individual accomplishment.",
            "known",
            ("The youth group is known for its focus on personal fulfillment and individual accomplishment", None),
        ),
    ],
)
def test_passive_cue_with_preposition_is_unsourced(broad, text, cue, expected):
    assert expected in found(broad, text, cue)


def test_passive_cue_with_place_is_nothing(broad):
    assert found(broad, "The band is well known in the northern valleys of the region.", "known") == []


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
    assert expected in found(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("It was first reported by the local radio station.", "reported"),
        ("The date of the vote was decided by the county commissioners.", "decided"),
    ],
)
def test_passive_with_pronoun_or_belief_is_nothing(broad, text, cue):
    assert found(broad, text, cue) == []


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
    assert expected in found(broad, text, cue)


# an object relative: the relative word is the content, as annotators mark it (written for these tests)
def test_object_relative_word_is_content(broad):
    text = "She is the candidate who many party members strongly oppose."
    assert found(broad, text, "oppose") == [("who", "many party members")]


def test_subject_relative_is_no_object_content(broad):
    text = "She thanked the mayor who opposed the harbor plan."
    assert all(content != "who" for content, _ in found(broad, text, "opposed"))


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
    assert expected in found(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("It seems that the harbor plan will pass.", "seems"),
        ("It means that the harbor plan will pass.", "means"),
    ],
)
def test_dummy_it_is_no_speaker(broad, text, cue):
    assert all(speaker is None for _, speaker in found(broad, text, cue))


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
    assert expected in found(broad, text, cue)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The mayor told reporters at the hearing.", "told"),
        ("The governor urged Smith after the verdict.", "urged"),
    ],
)
def test_the_one_addressed_is_no_content(broad, text, cue):
    assert found(broad, text, cue) == []


# quoted statements no frame attributes (texts written for these tests)
@pytest.fixture(scope="module")
def wide_net() -> Extractor:
    """The attributions scope's rules, before the confidence model weighs what they find."""
    return Extractor(scope="attributions", calibrated=False)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The council met on Tuesday.\n\n“We will rebuild the harbor before the winter storms arrive.”", ("We will rebuild the harbor before the winter storms arrive.", None)),
        (
            "The mayor said the harbor would be rebuilt.\n\n“We will rebuild it before the winter storms arrive.”",
            ("We will rebuild it before the winter storms arrive.", "The mayor"),
        ),
        (
            "The mayor said the harbor would be rebuilt.\n\n“We will rebuild the harbor before the storms come back” — Maria Lopez, in her notebook.",
            ("We will rebuild the harbor before the storms come back", "Maria Lopez"),
        ),
    ],
)
def test_unattributed_statement_takes_the_speaker_named_after_it_or_just_before(wide_net, text, expected):
    quotes = [(q.text, q.speaker) for q in wide_net.extract(Article("t", text)) if q.rule == "direct:unattributed"]
    assert quotes == [expected]


def test_unattributed_statements_stay_out_of_the_statements_scope():
    text = "The council met on Tuesday.\n\n“We will rebuild the harbor before the winter storms arrive.”"
    assert Extractor().extract(Article("t", text)) == []


def test_a_quoted_phrase_is_no_unattributed_statement(wide_net):
    text = "The council called the plan “a disaster” on Tuesday."
    assert all(q.rule != "direct:unattributed" for q in wide_net.extract(Article("t", text)))


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
    assert expected in found(wide_net, text, cue)
