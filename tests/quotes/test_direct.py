"""Direct quotes: statements vs. fragments, their frames, continuations, unattributed statements."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from quotetrack.extraction import Extractor
from quotetrack.marks import quoted_spans
from quotetrack.quotes.direct import _frame_attribution, _inverted_speaker
from tests.conftest import quotes_of


def extract(extractor: Extractor, text: str) -> list[tuple[str, str, str | None, str | None]]:
    quotes = quotes_of(extractor, text)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(q.kind, q.text, q.speaker, q.cue) for q in quotes]


# (text, [(kind, content, speaker mention, cue)])
DIRECT_CASES = [
    # a curly opening mark closed by a straight one, and the reverse
    (
        "“We will rebuild the bridge before winter,\" the governor said.",
        [("direct", "We will rebuild the bridge before winter,", "the governor", "said")],
    ),
    (
        "\"Nobody in this town trusts the council anymore,” said Maria Lopez.",
        [("direct", "Nobody in this town trusts the council anymore,", "Maria Lopez", "said")],
    ),
    # a short quote whose comma sits inside the marks is still a statement
    (
        "“Not today,” the coach said.",
        [("direct", "Not today,", "the coach", "said")],
    ),
    # ... and its second piece after the frame belongs to the same statement: stored as its two
    # pieces, never with the tag inside a quote's text
    (
        "“Too much hate,” she said. “It has to stop now before somebody gets hurt.”",
        [("direct", "Too much hate,", "she", "said"), ("direct", "It has to stop now before somebody gets hurt.", "she", "said")],
    ),
    (
        "\"Not today,\" the coach said, \"and not next week either.\"",
        [("direct", "Not today,", "the coach", "said"), ("direct", "and not next week either.", "the coach", "said")],
    ),
    (
        "''Never again,'' the pastor said. ''We owe the families at least that much.''",
        [("direct", "Never again,", "the pastor", "said"), ("direct", "We owe the families at least that much.", "the pastor", "said")],
    ),
    # a title's period does not end the frame's sentence
    (
        "''Not a chance,'' Gov. Ames said. ''We will veto it on the first day.''",
        [("direct", "Not a chance,", "Gov. Ames", "said"), ("direct", "We will veto it on the first day.", "Gov. Ames", "said")],
    ),
    # the cue may come a few words after a short quote
    (
        "“It is over,” one senior campaign official said.",
        [("direct", "It is over,", "one senior campaign official", "said")],
    ),
    # any verb of a frame the quote hands over to with its comma
    (
        "“Whatever happens next will happen without me,” the coach shrugged.",
        [("direct", "Whatever happens next will happen without me,", "the coach", "shrugged")],
    ),
    # ... but not the next sentence after a quote that closed its own
    ("“Whatever happens next will happen without me.” The coach left the room.", []),
    # a short quote that is a whole sentence is a statement, here the second piece
    (
        "“We are refugees,” the young mother said. “We are not terrorists.”",
        [("direct", "We are refugees,", "the young mother", "said"), ("direct", "We are not terrorists.", "the young mother", "said")],
    ),
    # a paragraph ending with a colon introduces the quote paragraph after it
    (
        "The mayor answered:\n\n“We have the money and we will spend it on the schools first.”",
        [("direct", "We have the money and we will spend it on the schools first.", "The mayor", "answered")],
    ),
    # reported speech that runs into a quote takes the whole quote (a mixed quote)
    (
        "The senator told reporters that the plan “is dead. Nobody in the chamber will vote for it.”",
        [("mixed", "that the plan “is dead. Nobody in the chamber will vote for it.", "The senator", "told")],
    ),
    # a frameless quote after a mixed quote's frame continues that statement, stored as its pieces
    (
        "Yet the mayor is also a “real fighter,” Ortiz said. “Nobody in this city works harder than she does, and the voters know it.”",
        [
            ("mixed", "Yet the mayor is also a “real fighter,", "Ortiz", "said"),
            ("direct", "Nobody in this city works harder than she does, and the voters know it.", "Ortiz", "said"),
        ],
    ),
    # a quote that closes its sentence takes no cue from the next one
    (
        "“The budget is a disgrace and everyone knows it,” the mayor said. “Nobody will vote for it next week.”"
        " Jones said the council would meet on Friday.",
        [
            ("direct", "The budget is a disgrace and everyone knows it,", "the mayor", "said"),
            ("direct", "Nobody will vote for it next week.", "the mayor", "said"),
            ("indirect", "the council would meet on Friday", "Jones", "said"),
        ],
    ),
    # ... and after reported content's frame too: the envelope is a mixed quote
    (
        "Yet the mayor is also a real fighter, Ortiz said. “Nobody in this city works harder than she does, and the voters know it.”",
        [
            (
                "mixed",
                "Yet the mayor is also a real fighter, Ortiz said. “Nobody in this city works harder than she does, and the voters know it.",
                "Ortiz",
                "said",
            )
        ],
    ),
    # a direct quote inside reported content is part of that statement, reported once ...
    (
        "The club's heavy investment in its facilities, Ms. Tanzer said, ''is a perfect example of adapting'' to the changing economics of golf.",
        [
            (
                "mixed",
                "The club's heavy investment in its facilities, Ms. Tanzer said, ''is a perfect example of adapting'' to the changing economics of golf",
                "Ms. Tanzer",
                "said",
            )
        ],
    ),
    # ... while a quote the frame hands over to whole stays direct
    (
        "Ms. Tanzer said, ''The club is a perfect example of adapting to the changing economics of golf.''",
        [("direct", "The club is a perfect example of adapting to the changing economics of golf.", "Ms. Tanzer", "said")],
    ),
    # a name and a colon right before the quote, as headlines and roundups write it
    (
        "Voters in the valley are split. Maria Lopez: “We will go all the way to the convention and win there.”",
        [("direct", "We will go all the way to the convention and win there.", "Maria Lopez", ":")],
    ),
    ("Voters in the valley are split. The verdict: “We will go all the way to the convention and win there.”", []),
    # transcript labels: a tally and a byline are no turns
    ("THE TOTAL.\n\nHillary Clinton: 2,316.\n\nBernie Sanders: 1,547.", []),
    ("BYLINE: Amber Phillips.\n\nThe court sided with the state.", []),
    # a word in quotes right after a cue is the verb's object or a mixed quote, not an utterance
    ("The inspector found “evidence” of tampering in the ledgers.", []),
    (
        "The lawyer said “thousands” of files were missing.",
        [("mixed", "“thousands” of files were missing", "The lawyer", "said")],
    ),
    # nothing: a scare quote with a comma, and a colon lead-in without a speaker
    ("The word “maybe,” as he used it, meant no.", []),
    ("The shopping list:\n\n“Apples and pears and plums from the market on Main Street.”", []),
    # a quote paragraph with a frame of its own is another statement
    (
        "“The harbour project has been delayed for far too long,” said Mara Lindqvist.\n\n"
        "“We will open the new pier next spring,” the mayor said.",
        [
            ("direct", "The harbour project has been delayed for far too long,", "Mara Lindqvist", "said"),
            ("direct", "We will open the new pier next spring,", "the mayor", "said"),
        ],
    ),
    ("“We will open the new pier next spring.”\n\n“Nobody expected it to take this long.”", []),
    # a frame that adds a report of its own ends the statement: the next piece stands alone
    (
        "“The budget will be balanced by the end of the year,” the treasurer said, adding that taxes would not rise. "
        "“We have cut spending in every department.”",
        [
            ("direct", "The budget will be balanced by the end of the year,", "the treasurer", "said"),
            ("indirect", "that taxes would not rise", "the treasurer", "adding"),
            ("direct", "We have cut spending in every department.", "the treasurer", "said"),
        ],
    ),
]


@pytest.mark.parametrize("text, expected", DIRECT_CASES)
def test_direct_and_mixed_quotes(extractor: Extractor, text: str, expected: list) -> None:
    assert extract(extractor, text) == expected


# (text, [direct content]): the name of a work in quote marks is no statement, in either scope; quotes
# of the same shape that a cue takes, or that a colon hands over, are
TITLE_CASES = [
    # Title Case with its sentence's comma inside the closing mark (American style)
    ("Mexican newspapers have been inspecting Trump's new book, “Crippled America: How to Make America Great Again,” for clues.", []),
    ("(Mr. Trump's own manifesto, ''Crippled America: How to Make America Great Again,'' has sold 235,000 copies.)", []),
    ("The network will air a new series, “America Votes: The Road to the White House,” next month.", []),
    # any case, right after the noun of the work it names
    ("She starred in his last film, “The road back home is long and dusty,” which opened on Friday.", []),
    ("His memoir, “Getting to yes with the voters of Iowa,” sold well.", []),
    # a headline with its byline, as newsletters list the stories they link to
    ("SHORT READS:\n\n—“An NYPD sketch artist gets a gallery show,” by Hyperallergic's Carey Dunne: http://bit.ly/1NSbMIk.", []),
    ("NOW OPEN—\"Pop-up art show strives to confront South Bronx gentrification,\" by the Post's Eddie Small.", []),
    # statements of the same shape
    ("“Make America Great Again,” Trump said.", ["Make America Great Again,"]),
    ("“An NYPD sketch artist gets a gallery show,” said Carey Dunne, interviewed by the Times.", ["An NYPD sketch artist gets a gallery show,"]),
    ("“We Are Going To Win Big,” Trump tweeted on Monday.", ["We Are Going To Win Big,"]),
    ("In his book, Trump writes: “We need to build a wall and make Mexico pay for it.”", ["We need to build a wall and make Mexico pay for it."]),
    ("Asked about the book, “It was never about the money,” she said.", ["It was never about the money,"]),
]


@pytest.mark.parametrize("text, expected", TITLE_CASES)
@pytest.mark.parametrize("scope", ["extractor", "broad"])
def test_a_title_is_no_statement(request: pytest.FixtureRequest, scope: str, text: str, expected: list[str]) -> None:
    assert [q.text for q in quotes_of(request.getfixturevalue(scope), text) if q.kind == "direct"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“The vote is lost,\" he said.", ["The vote is lost,"]),
        ("\"The vote is lost,” he said.", ["The vote is lost,"]),
        # a curly opening mark typed where the quote ends
        ("“The vote is lost.“ He left.", ["The vote is lost."]),
        # an apostrophe is not a mark
        ("The mayor’s plan won’t pass.", []),
    ],
)
def test_mixed_mark_styles_pair(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in quoted_spans(text) if s.closed] == expected


def test_inverted_frame_speaker(extractor: Extractor) -> None:
    """The noun phrase right after a cue that opens the frame, up to the comma."""
    text = "“It is over,” said Dana Fox, who chairs the committee."
    doc = extractor.nlp(text)
    cue = next(t for t in doc if t.text == "said")
    frame = [t for t in doc if t.i >= cue.i - 1]
    assert _inverted_speaker(doc, cue, frame).text == "Dana Fox"
    # a frame that does not open with the cue gives nothing
    assert _inverted_speaker(doc, cue, [t for t in doc if t.i > cue.i]) is None


def test_speaker_is_never_inside_the_quote(extractor: Extractor) -> None:
    """“We’ll see,” when asked …: the subject of a cue after the quote is in the quoted words."""
    text = "Later the governor said, “We’ll see,” when asked whether he would run again."
    direct = [q for q in quotes_of(extractor, text) if q.kind == "direct"]
    assert [(q.text, q.speaker, q.cue) for q in direct] == [("We’ll see,", "the governor", "said")]


def test_frame_subject_outside_the_quote(extractor: Extractor) -> None:
    """The parser sometimes gives the cue a second subject inside the quote: the frame's is the one outside."""

    words = ["“", "The", "fact", "that", "he", "tried", ",", "”", "Ames", "said", "."]
    spaces = [False, True, True, True, True, False, False, True, True, False, False]
    heads = [9, 2, 9, 5, 5, 2, 9, 9, 9, 9, 9]
    deps = ["punct", "det", "nsubj", "mark", "nsubj", "acl", "punct", "punct", "nsubj", "ROOT", "punct"]
    pos = ["PUNCT", "DET", "NOUN", "SCONJ", "PRON", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"]
    lemmas = ["“", "the", "fact", "that", "he", "try", ",", "”", "Ames", "say", "."]
    doc = Doc(extractor.nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    span = quoted_spans(doc.text)[0]
    attribution = _frame_attribution(doc, span, None)
    assert attribution is not None and (attribution.speaker.text, attribution.cue.text) == ("Ames", "said")


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
    quotes = [(q.text, q.speaker) for q in quotes_of(wide_net, text) if q.rule == "direct:unattributed"]
    assert quotes == [expected]


def test_unattributed_statements_stay_out_of_the_statements_scope(extractor):
    text = "The council met on Tuesday.\n\n“We will rebuild the harbor before the winter storms arrive.”"
    assert quotes_of(extractor, text) == []


def test_a_quoted_phrase_is_no_unattributed_statement(wide_net):
    text = "The council called the plan “a disaster” on Tuesday."
    assert all(q.rule != "direct:unattributed" for q in quotes_of(wide_net, text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a frameless quote run on over paragraphs is one statement, a piece per paragraph
        (
            "The council met on Tuesday.\n\n“We will rebuild the harbor before the winter storms arrive.”\n\n“Nobody will stop us, not the state and not the weather.”",
            [("We will rebuild the harbor before the winter storms arrive.", 1), ("Nobody will stop us, not the state and not the weather.", 1)],
        ),
        # ... but not across a paragraph of the article's own words
        (
            "The council met on Tuesday.\n\n“We will rebuild the harbor before the winter storms arrive.”\n\nThe vote was close.\n\n“Nobody will stop us, not the state and not the weather.”",
            [("We will rebuild the harbor before the winter storms arrive.", 1), ("Nobody will stop us, not the state and not the weather.", 2)],
        ),
    ],
)
def test_unattributed_quote_paragraphs_in_a_row_are_one_statement(wide_net, text, expected):
    quotes = [(q.text, q.extra["statement"]) for q in quotes_of(wide_net, text) if q.rule == "direct:unattributed"]
    assert quotes == expected
