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
