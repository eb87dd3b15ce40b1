"""Statements: a quote interrupted by its speech tag is stored as its pieces, sharing a statement."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article, Quote
from quotetrack.evaluation import join_statements
from quotetrack.statements import split_statements
from quotetrack.storage import save_article

# (text, [(piece text, statement number)]): direct quotes only
CASES = [
    (
        "“We will build it,” Smith said. “It will be done by June.”",
        [("We will build it,", 1), ("It will be done by June.", 1)],
    ),
    (
        "“The budget is a disgrace and everyone knows it,” the mayor said. “Nobody will vote for it next week.”"
        " Jones said the council would meet on Friday.",
        [("The budget is a disgrace and everyone knows it,", 1), ("Nobody will vote for it next week.", 1)],
    ),
    # a frame that adds a report of its own ends the statement: two statements
    (
        "“The vote is lost,” she said, adding that the party would regroup. “We start again tomorrow.”",
        [("The vote is lost,", 1), ("We start again tomorrow.", 3)],
    ),
    # a quote that runs on over the next paragraphs (left open at the paragraph's end, or closed
    # and taken up by the next paragraph's quote with no frame of its own): one statement, a piece
    # per paragraph
    (
        "“We will build the bridge,” Smith said. “It will be done by June.\n\n“Nobody will stop us now.”",
        [("We will build the bridge,", 1), ("It will be done by June.", 1), ("Nobody will stop us now.", 1)],
    ),
    (
        "“We will build the bridge before winter,” Smith said.\n\n“Nobody in this town will stop us now.”",
        [("We will build the bridge before winter,", 1), ("Nobody in this town will stop us now.", 1)],
    ),
    # ... but a quote paragraph with a frame of its own, or a paragraph between, starts another
    (
        "“We will build the bridge before winter,” Smith said.\n\n“Nobody in this town will stop us,” Jones said.",
        [("We will build the bridge before winter,", 1), ("Nobody in this town will stop us,", 2)],
    ),
    (
        "“We will build the bridge before winter,” Smith said.\n\nThe council meets on Friday.\n\n“Nobody in this town will stop us now.”",
        [("We will build the bridge before winter,", 1)],
    ),
    # one quote, one piece
    ("“We will not back down from this fight,” the mayor said.", [("We will not back down from this fight,", 1)]),
    # nothing quoted, nothing split
    ("The mayor left the building early.", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_a_quote_with_its_tag_inside_is_stored_as_its_pieces(extractor: Extractor, text: str, expected: list) -> None:
    quotes = [q for q in extractor.extract(Article("t", text)) if q.kind == "direct"]
    assert [(q.text, q.extra["statement"]) for q in quotes] == expected
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert "said" not in quote.text and "fragments" not in quote.extra


def test_pieces_keep_their_attribution_and_join_back_to_the_envelope() -> None:
    text = "“We will build it,” Smith said. “It will be done by June.”"
    envelope = Quote("a", "direct", 1, 57, text[1:57], "Smith", 20, 25, "Smith", "said", 26, 30, 0.9, "direct:ccomp", extra={"fragments": [(1, 18), (33, 57)]})
    pieces = split_statements(text, [envelope])
    assert [(p.start, p.end, p.speaker, p.cue) for p in pieces] == [(1, 18, "Smith", "said"), (33, 57, "Smith", "said")]
    joined = join_statements([p.to_dict() for p in pieces])
    assert [(q["start"], q["end"]) for q in joined] == [(1, 57)]


def test_storage_gives_pieces_one_statement_id_and_the_view_shows_them_together(fresh_db) -> None:
    text = "“We will build it,” Smith said. “It will be done by June.” Jones said the plan was ready."
    pieces = [
        Quote("a", "direct", 1, 18, text[1:18], "Smith", 20, 25, "Smith", "said", 26, 30, extra={"statement": 1}),
        Quote("a", "direct", 33, 57, text[33:57], "Smith", 20, 25, "Smith", "said", 26, 30, extra={"statement": 1}),
        Quote("a", "indirect", 70, 88, text[70:88], "Jones", 59, 64, "Jones", "said", 65, 69, extra={"statement": 2}),
    ]
    save_article(fresh_db, Article("a", text), pieces)
    rows = list(fresh_db.query("select id, statement_id from quotes order by id"))
    assert [r["statement_id"] for r in rows] == [rows[0]["id"], rows[0]["id"], rows[2]["id"]]
    statements = list(fresh_db.query("select id, text, pieces, start, \"end\" from statements order by id"))
    assert statements[0] == {"id": rows[0]["id"], "text": "We will build it, … It will be done by June.", "pieces": 2, "start": 1, "end": 57}
    assert statements[1]["pieces"] == 1


def test_a_direct_quote_holding_its_own_tag_is_cut_around_it() -> None:
    text = "“Yet Trump is also a “change agent,” Cole said. “That’s exactly what people want.”"
    speaker, cue = text.index("Cole"), text.index("said")
    quote = Quote("a", "direct", 1, len(text) - 1, text[1:-1], "Cole", speaker, speaker + 4, "Cole", "said", cue, cue + 4)
    pieces = split_statements(text, [quote])
    assert [p.text for p in pieces] == ["Yet Trump is also a “change agent,", "That’s exactly what people want."]
    # a tag outside the quote leaves it whole
    outside = Quote("a", "direct", 1, 35, text[1:35], "Cole", speaker, speaker + 4, "Cole", "said", cue, cue + 4)
    assert [p.text for p in split_statements(text, [outside])] == [text[1:35]]


# (text, [(kind, piece text, statement number)]): mixed quotes whose envelope holds the tag
MIXED_CASES = [
    # must split: the paraphrase with its quoted words, then the quoted sentence after the tag
    (
        "The city “will recover,” the mayor said. “We have rebuilt the bridges and the schools.”",
        [("mixed", "The city “will recover,", 1), ("direct", "We have rebuilt the bridges and the schools.", 1)],
    ),
    # must not split: the tag stands before the quote, or after it and outside
    (
        "The mayor said the city “will recover” and that “we have rebuilt the bridges.”",
        [("mixed", "the city “will recover” and that “we have rebuilt the bridges.", 1)],
    ),
    ("The plan is “a disaster,” Smith said, and “it will never work.”", [("mixed", "The plan is “a disaster,", 1)]),
]


@pytest.mark.parametrize("text, expected", MIXED_CASES)
def test_a_mixed_quote_holding_its_tag_is_stored_as_its_pieces(extractor: Extractor, text: str, expected: list) -> None:
    quotes = [q for q in extractor.extract(Article("t", text)) if q.kind in ("mixed", "direct")]
    assert [(q.kind, q.text, q.extra["statement"]) for q in quotes] == expected
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text and " said" not in quote.text


def test_a_mixed_quote_is_not_cut_where_unquoted_words_stand_before_the_tag() -> None:
    text = "The city “will recover” within a year, the mayor said. “We have rebuilt.”"
    speaker, cue = text.index("the mayor"), text.index("said")
    quote = Quote("a", "mixed", 0, len(text) - 1, text[:-1], "the mayor", speaker, speaker + 9, "mayor", "said", cue, cue + 4)
    assert [p.text for p in split_statements(text, [quote])] == [text[:-1]]
