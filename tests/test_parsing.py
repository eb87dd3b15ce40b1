"""The selective parse: same text, same quotes as the full pipeline, same order with processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrack.extraction import find_quotes
from quotetrack.models import SCOPES, Article
from quotetrack import parsing
from quotetrack.parse_batches import parse_articles
from quotetrack.parsing import Prefilter, _titled_names, chunks

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

TRICKY_TEXTS = [
    ("no trailing newline", "First paragraph.\n\nSecond one, said Jane Doe"),
    ("only whitespace between paragraphs", "One.\n \t\n\u00a0\nTwo “quoted words here and more,” he said.\n   "),
    ("crlf", "Headline\r\n\r\n“We will win this,” Smith said.\r\nThe end.\r\n"),
    ("one paragraph", "“It is over,” the senator told reporters on Monday."),
    ("empty", ""),
    ("leading whitespace", "\n\n  Lead paragraph.\nVice President Mike Pence spoke.\n"),
]

SYNTHETIC = [
    "Budget talks resume\n\nThe mayor said that the budget would pass before June.\n\n"
    "Vice President Mike Pence visited the plant on Tuesday.\n\n“We are not done yet,” the vice president said.\n",
    "Nothing to report here.\nThe weather was fine and the game ran late.\n\n"
    "According to the police, the road will reopen on Friday.\n",
    "“First part of a long quote that runs on,\n\n“and continues here,” Dr. Ann Lee said.\n"
    "Lee pointed out that the data were old.\n",
]


def _key(quotes):
    return [(q.kind, q.start, q.end, q.speaker, q.speaker_name, q.cue, q.rule, q.confidence) for q in quotes]


@pytest.mark.parametrize("name, text", TRICKY_TEXTS, ids=[name for name, _ in TRICKY_TEXTS])
def test_joined_doc_text_is_the_article_text(extractor, name, text):
    assert "".join(chunks(text)) == text
    [(_, doc)] = list(parse_articles(extractor.nlp, [Article(id=name, text=text)]))
    assert doc.text == text


def _corpus_articles() -> list[Article]:
    return [Article(id=p.name, text=p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]


def _synthetic_articles() -> list[Article]:
    return [Article(id=f"synthetic-{i}", text=text) for i, text in enumerate(SYNTHETIC)]


@pytest.mark.parametrize("source", [_corpus_articles, _synthetic_articles], ids=["corpus", "synthetic"])
def test_selective_parse_finds_the_quotes_of_the_full_pipeline(extractor, source):
    articles = source()
    full = [_key(find_quotes(extractor.nlp(a.text), a.id)) for a in articles]
    selective = [_key(find_quotes(doc, a.id)) for a, doc in parse_articles(extractor.nlp, articles)]
    assert selective == full
    assert any(full)


def test_parsed_where_needed_only(extractor):
    text = "The weather was fine.\nSmith said the game ran late.\n"
    [(_, doc)] = list(parse_articles(extractor.nlp, [Article(id="a", text=text)]))
    first, second = text.split("\n")[:2]
    assert all(not t.dep_ for t in doc if t.idx < len(first))
    assert any(t.dep_ == "nsubj" for t in doc if t.idx > len(first))
    assert [e.text for e in doc.ents] == ["Smith"]


@pytest.mark.parametrize(
    "chunk, scope, needed",
    [
        ("The weather was fine.", "statements", False),
        ("The weather was fine.", "attributions", False),
        ("She said no.", "statements", True),
        ("He SAYS no.", "statements", True),
        ("They told us.", "attributions", True),
        ("According to police, it ended.", "statements", True),
        ("He pointed out the flaw.", "statements", True),
        ("He pointed at the map.", "statements", False),
        ("“Go home.”", "statements", True),
        ("It’s Kim’s dog.", "attributions", False),
        # stance verbs report clauses as statements too
        ("The mayor endorsed the new budget.", "statements", True),
        # beliefs, evidence, passives, nouns and documents feed only the attributions rules
        ("Most voters believe the tax is unfair.", "statements", False),
        ("Most voters believe the tax is unfair.", "attributions", True),
        ("The new figures show a steep decline.", "statements", False),
        ("The new figures show a steep decline.", "attributions", True),
        ("The bridge is expected to reopen soon.", "statements", False),
        ("The bridge is expected to reopen soon.", "attributions", True),
        ("Her plan to cut fees won applause.", "statements", False),
        ("Her plan to cut fees won applause.", "attributions", True),
        ("In an op-ed, the dean backed the plan.", "statements", True),
        ("In an op-ed on Monday the dean left.", "statements", False),
        ("In an op-ed on Monday the dean left.", "attributions", True),
        # verb-and-word cues of the attributions rules count only with their word
        ("The coach took a swipe at the referee.", "statements", False),
        ("The coach took a swipe at the referee.", "attributions", True),
        ("The coach took the bus home.", "attributions", False),
        # a paragraph that ends with a colon may lead in to a quote, whatever its verb
        ("The senator then turned to the crowd:\n", "statements", True),
        ("The senator then turned to the crowd.\n", "attributions", False),
    ],
)
def test_prefilter(extractor, chunk, scope, needed):
    assert Prefilter(extractor.nlp, scope).needs_parse(chunk) is needed


def test_unknown_scope_is_refused(extractor):
    with pytest.raises(ValueError, match="unknown scope"):
        Prefilter(extractor.nlp, "everything")


@pytest.mark.parametrize("scope", SCOPES)
def test_each_scope_finds_the_quotes_of_the_full_pipeline(extractor, scope):
    articles = _corpus_articles() + _synthetic_articles()
    full = [_key(find_quotes(extractor.nlp(a.text), a.id, scope)) for a in articles]
    selective = [_key(find_quotes(doc, a.id, scope)) for a, doc in parse_articles(extractor.nlp, articles, scope=scope)]
    assert selective == full


def test_statements_scope_parses_less(extractor):
    text = "Most voters believe the tax is unfair.\nThe mayor said the tax would stay.\n"
    parsed = {}
    for scope in SCOPES:
        [(_, doc)] = list(parse_articles(extractor.nlp, [Article(id="a", text=text)], scope=scope))
        parsed[scope] = [t.text for t in doc if t.dep_ == "nsubj"]
    assert parsed == {"statements": ["mayor", "tax"], "attributions": ["voters", "tax", "mayor", "tax"]}


def test_lead_in_colon_with_any_verb(extractor):
    text = "The senator then turned to the crowd:\n“We will win this race and we will win it big.”\n"
    [(article, doc)] = list(parse_articles(extractor.nlp, [Article(id="a", text=text)]))
    assert [(q.rule, q.cue) for q in find_quotes(doc, article.id)] == [("direct:colon", "turned")]


@pytest.mark.parametrize(
    "text, titled",
    [
        ("Vice President Mike Pence spoke.", True),
        ("The crowd cheered for Mike Pence.", False),
        ("Mike Pence spoke.", False),
    ],
)
def test_title_candidates(extractor, text, titled):
    doc = extractor.nlp(text)
    assert bool(_titled_names(doc)) is titled


@pytest.mark.slow
def test_processes_keep_input_order_and_results(extractor):
    articles = (_corpus_articles() + _synthetic_articles()) * 3
    articles = [Article(id=f"{i}-{a.id}", text=a.text) for i, a in enumerate(articles)]
    serial = [(a.id, _key(find_quotes(d, a.id))) for a, d in parse_articles(extractor.nlp, articles, batch_size=2)]
    pooled = [(a.id, _key(find_quotes(d, a.id))) for a, d in parse_articles(extractor.nlp, articles, batch_size=2, processes=2)]
    assert [a.id for a in articles] == [i for i, _ in pooled]
    assert pooled == serial


# --- long and hostile texts: pieces ------------------------------------------------------------

PIECE_TEXTS = [
    ("paragraphs", "First paragraph here.\n\n“We will win,” she said.\n\nThird one, said Jane Doe. " * 20),
    ("one long paragraph", "The council met again and agreed on the plan. " * 40),
    ("runs of white space", "a  b \t c\n \n d " * 50),
    ("long run without spaces", "word " + "“" * 300 + " next " + "x" * 200 + " end."),
    ("url", "See https://example.com/" + "a/b-c_d?e=f&" * 20 + " now."),
]


@pytest.mark.parametrize("name, text", PIECE_TEXTS, ids=[t[0] for t in PIECE_TEXTS])
def test_pieces_join_back_to_the_text_and_tokenize_as_the_whole(extractor, monkeypatch, name, text):
    monkeypatch.setattr(parsing, "PIECE_CHARS", 100)
    cuts = parsing.size_cuts(text, 100)
    assert cuts and "".join(parsing.split_at(text, cuts)) == text
    assert all(len(piece) <= 100 for piece in parsing.split_at(text, cuts))
    doc = parsing.make_doc(extractor.nlp, text)
    assert doc.text == text
    if not parsing.run_cuts(text):  # no run was cut: exactly the whole text's tokens
        assert [t.text for t in doc] == [t.text for t in extractor.nlp.tokenizer(text)]
    [(_, parsed)] = list(parse_articles(extractor.nlp, [Article("a", text)]))
    assert parsed.text == text


def test_a_long_run_without_spaces_is_tokenized_in_pieces(extractor):
    text = "He said " + "“" * 1000 + " then."
    doc = parsing.make_doc(extractor.nlp, text)
    assert doc.text == text and max(len(t) for t in doc) <= parsing.RUN_CHARS


def test_long_paragraphs_are_parsed_in_bounded_windows(extractor, monkeypatch):
    monkeypatch.setattr(parsing, "WINDOW_TOKENS", 50)
    text = "“We will win,” she said. " * 60 + "\n\n" + "The mayor said the plan would pass. " * 30
    doc = extractor.nlp.make_doc(text)
    windows = parsing._windows(doc, [(0, len(doc))])
    assert len(windows) > 10 and all(hi - lo <= 50 + 4 * parsing.CONTEXT_TOKENS for lo, hi, _ in windows)
    quotes = extractor.extract(Article("a", text))
    assert len([q for q in quotes if q.text == "We will win,"]) == 60
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_a_text_over_spacys_max_length_is_parsed(extractor, monkeypatch):
    monkeypatch.setattr(extractor.nlp, "max_length", 500)
    monkeypatch.setattr(parsing, "PIECE_CHARS", 200)
    text = "Filler words without any quote at all here. " * 30 + "\n\n“We will win,” Ann Lee said.\n"
    quotes = extractor.extract(Article("a", text))
    assert [(q.text, q.speaker) for q in quotes] == [("We will win,", "Ann Lee")]
