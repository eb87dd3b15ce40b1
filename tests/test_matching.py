"""Speaker identity and quote matching: tables of cases, then the corpus end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.factcheck import best_matches, claim_verdict
from quotetrack.matching import QuoteRecord, group_quotes, paraphrases_of

from .conftest import CORPUS

GROUPING = [
    QuoteRecord(1, "North Korea dangled a meeting in hopes of the Vice President softening his message", article_id=1),
    QuoteRecord(2, "North Korea dangled a meeting in hopes of the vice president softening his message, which would have ceded", article_id=2),
    QuoteRecord(3, "North Korea dangled a meeting", article_id=3),  # too short to be sure: four words of a longer quote still group
    QuoteRecord(4, "The weather in Seoul was cold and windy during the opening ceremony", article_id=2),
    QuoteRecord(5, "The budget was balanced for the third year running, the treasurer said", article_id=4),
]


def test_grouping_tolerates_truncation_and_keeps_unrelated_apart():
    groups = [[q.id for q in g] for g in group_quotes(GROUPING)]
    assert groups == [[1, 2, 3]]


def test_quotes_in_the_same_article_are_not_grouped_with_each_other():
    same = [QuoteRecord(1, "they were displeased with the new sanctions and more", article_id=1),
            QuoteRecord(2, "they were displeased with the new sanctions", article_id=1)]
    assert group_quotes(same) == []


@pytest.mark.parametrize(
    "claim,verdict",
    [
        ("North Korea dangled a meeting in hopes of the vice president softening his message", "verbatim"),
        ("North Korea dangled a meeting in hopes of the president hardening his message", "altered"),
        ("The moon is made of green cheese", "not found"),
    ],
)
def test_claim_verdicts(claim, verdict):
    assert claim_verdict(best_matches(claim, GROUPING)) == verdict


@pytest.fixture(scope="module")
def matched_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("matched") / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path), "--silent"])
    assert result.exit_code == 0, result.output
    return path


def run_json(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result, json.loads(result.stdout) if result.stdout.strip().startswith(("[", "{")) else None


def test_corpus_one_speaker_for_ayers_and_ayres(matched_db):
    _, speakers = run_json("speakers", "--db", matched_db, "--format", "json")
    ayers = [s for s in speakers if any("Ayers" in name or "Ayres" in name for name in s["spellings"])]
    assert len(ayers) == 1
    assert "Nick Ayers" in ayers[0]["spellings"] and "Nick Ayres" in ayers[0]["spellings"]
    assert ayers[0]["outlets"] == ["Daily Mail"] or ayers[0]["quotes"] == 5


def test_corpus_shared_quotes_are_grouped_and_cosmetic(matched_db):
    _, groups = run_json("compare", "--db", matched_db, "--format", "json")
    dangled = next(g for g in groups if any(v["text"].startswith("North Korea dangled") for v in g["versions"]))
    assert dangled["verdict"] == "cosmetic" and len(dangled["versions"]) == 2
    differences = [d for v in dangled["versions"] for d in v["differences"]]
    assert {(d["kind"], d["this"].casefold(), d["other"].casefold()) for d in differences} == {("cosmetic", "vice president", "vice president")}
    pressure = next(g for g in groups if any("maximum" in v["text"] for v in g["versions"]))
    assert pressure["verdict"] == "cosmetic"
    whats = {(d["what"], d["this"], d["other"]) for v in pressure["versions"] for d in v["differences"]}
    assert ("hyphenation", "maximum pressure", "maximum-pressure") in whats
    assert ("case", "day one", "Day One") in whats


def test_check_finds_both_articles_and_names_ayers(matched_db):
    result, data = run_json("check", "North Korea dangled a meeting in hopes of the vice president softening his message", "--db", matched_db, "--format", "json")
    assert result.exit_code == 0 and data["verdict"] == "verbatim"
    assert {m["article_key"] for m in data["matches"]} == {"000_9e2afce4b845400f.txt", "001_246dc03ee6bb70c1.txt"}
    assert any("Nick Ayers" in (m["speaker_name"] + " " + m["speaker"]) for m in data["matches"])


def test_check_exit_codes(matched_db):
    result, data = run_json("check", "Every citizen will get a free pony next year, the mayor promised", "--db", matched_db, "--format", "json")
    assert result.exit_code == 1 and data["verdict"] == "not found"
    result, data = run_json("check", "North Korea dangled a meeting in hopes of the president hardening his message", "--db", matched_db, "--format", "json")
    assert result.exit_code == 3 and data["verdict"] == "altered"
    result, data = run_json("check", "North Korea dangled a meeting in hopes of the vice president softening his message", "--speaker", "Nauert", "--db", matched_db, "--format", "json")
    assert result.exit_code == 3 and data["verdict"] == "different speaker"


def test_merge_and_split_are_reversible(tmp_path):
    path = tmp_path / "q.db"
    CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path), "--silent"])
    _, merges = run_json("speakers", "merges", "--db", path, "--format", "json")
    ayers_merge = next(m for m in merges if m["merged_name"] in ("Nick Ayers", "Nick Ayres"))
    assert "one letter" in ayers_merge["reason"]
    result = CliRunner().invoke(cli, ["speakers", "split", str(ayers_merge["id"]), "--db", str(path)])
    assert result.exit_code == 0, result.output
    _, speakers = run_json("speakers", "--db", path, "--format", "json")
    assert {"Nick Ayers", "Nick Ayres"} <= {s["name"] for s in speakers}
    # a refresh does not redo what the user split
    CliRunner().invoke(cli, ["compare", "--db", str(path), "--refresh"])
    _, speakers = run_json("speakers", "--db", path, "--format", "json")
    ids = {s["name"]: s["id"] for s in speakers}
    assert {"Nick Ayers", "Nick Ayres"} <= set(ids)
    result = CliRunner().invoke(cli, ["speakers", "merge", str(ids["Nick Ayers"]), str(ids["Nick Ayres"]), "--db", str(path)])
    assert result.exit_code == 0
    _, speakers = run_json("speakers", "--db", path, "--format", "json")
    assert len({"Nick Ayers", "Nick Ayres"} & {s["name"] for s in speakers}) == 1
    result = CliRunner().invoke(cli, ["speakers", "split", "999", "--db", str(path)])
    assert result.exit_code == 1 and "no merge 999" in result.stderr


def test_matching_interrupted_before_it_ran_is_done_by_the_next_ingest(tmp_path):
    path = tmp_path / "q.db"
    first = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path), "--no-match"])
    assert first.exit_code == 0 and "across articles" not in first.stderr
    again = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path)])
    assert "stored 0 articles" in again.stderr and "new quotes across articles: 2 groups made or grown" in again.stderr
    third = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path)])
    assert "across articles" not in third.stderr


def seed_quotes() -> list[QuoteRecord]:
    """The gold quotes of both corpus articles, cut from the real texts at the seeds' offsets."""
    seeds = json.loads((CORPUS.parent.parent / "shared" / "gold" / "seeds.json").read_text())["quotes"]
    texts = {name: (CORPUS / name).read_text() for name in {q["doc"] for q in seeds}}
    return [
        QuoteRecord(i, texts[q["doc"]][q["start"] : q["end"]], article_id=q["doc"], speaker_id=q["canonical"], kind=q["kind"])
        for i, q in enumerate(seeds, start=1)
    ]


def test_corpus_quotes_group_across_outlets_including_one_split_in_two():
    groups = [[q.text[:19] for q in g] for g in group_quotes(seed_quotes())]
    assert ["North Korea dangled", "North Korea dangled"] in groups
    assert ["North Korea would h", "But as we’ve said f", "North Korea would h"] in groups
    assert len(groups) == 3  # and Pence's “toughest and most aggressive” sanctions, quoted by both


def test_corpus_paraphrase_of_the_vice_presidents_office():
    quotes = seed_quotes()
    links = {(a, b) for q in quotes for a, b, _ in paraphrases_of(q, [e for e in quotes if e.id < q.id and e.speaker_id == q.speaker_id])}
    by_text = {q.text[:20]: q.id for q in quotes}
    assert (by_text["the North Koreans to"], by_text["when canceling the m"]) in links


@pytest.mark.parametrize(
    "claim,speaker,verdict",
    [
        ("North Korea dangled a meeting in hopes of the vice president softening his message", None, "verbatim"),
        ("in hopes of the vice president softening his message, which would have ceded the world stage forever", None, "partial"),
        ("North Korea dangled a meeting in hopes of the president hardening his message", None, "altered"),
        ("North Korea dangled a meeting in hopes of the vice president softening his message", "Heather Nauert", "different speaker"),
        ("the North Koreans were unhappy about the new sanctions and his meeting with defectors", None, "paraphrase"),
        ("Every citizen will get a free pony next year, the mayor promised", None, "not found"),
    ],
)
def test_check_verdicts_through_the_index(claim, speaker, verdict):
    ok = (lambda q: q.speaker_id == speaker) if speaker else None
    assert claim_verdict(best_matches(claim, seed_quotes(), ok)) == verdict


def record(number: int, text: str, speaker: str | None = None, kind: str = "direct", published: str | None = None) -> QuoteRecord:
    """A quote of its own article, its speaker resolved to `speaker` (one speaker id per name)."""
    return QuoteRecord(number, text, article_id=number, speaker_id=speaker, kind=kind, speaker=speaker, published=published)


# (first, second): printed by two articles, they are not one statement
MUST_NOT_GROUP = [
    # the same opening, a different point
    (record(1, "I'm not interested in being vice president"), record(2, "I'm not interested in being politically correct")),
    # opposite findings of one poll
    (record(1, "52 percent of voters have a positive view of the senator"), record(2, "52 percent of voters have a negative view of the senator")),
    (record(1, "The tax plan will help working families across the country"), record(2, "The tax plan will hurt working families across the country")),
    # a changed number or a negation in a short quote
    (record(1, "We will build 500 miles of new wall"), record(2, "We will build 50 miles of new wall")),
    (record(1, "The governor will sign the border bill this week"), record(2, "The governor will not sign the border bill this week")),
    # a stock phrase is all they share
    (record(1, "The campaign had nothing to do with it"), record(2, "The Russians had nothing to do with the leak of the emails")),
    (record(1, "at the end of the day we are going to win Ohio"), record(2, "at the end of the day it is about jobs and wages")),
    # a short generic fragment from two named speakers
    (record(1, "I am going to be the nominee", "Ted Cruz"), record(2, "I am going to be the nominee", "Donald Trump")),
    (record(1, "he's staying in the race", "Bernie Sanders"), record(2, "Sanders said he's staying in the race", "John Kasich")),
    # similar, not the same, words from two named people
    (record(1, "When Donald Trump says let's make America great again, that is code", "Hillary Clinton"), record(2, "Donald Trump says he'll make America great again", "Elizabeth Warren")),
    # the same reported words from two sources
    (record(1, "Wall Street does more to hurt the economy than help it", "Democratic voters", "indirect"), record(2, "Wall Street does more to hurt the economy than help it", "Republican voters", "indirect")),
    # a fragment with one content word
    (record(1, "what he believes are"), record(2, "While he embraces what he believes are their shared assets")),
]


def test_a_stock_line_is_no_evidence_for_a_fragment() -> None:
    said_often = [record(k, f"We're going to build a wall {tail}", "Donald Trump") for k, tail in enumerate(["and Mexico pays", "believe me folks", "a big beautiful one", "and it will be great"], start=1)]
    assert group_quotes([*said_often, record(9, "We're going to build a wall,", "Donald Trump")]) == []


@pytest.mark.parametrize("first, second", MUST_NOT_GROUP)
def test_texts_that_must_not_group(first: QuoteRecord, second: QuoteRecord) -> None:
    assert group_quotes([first, second]) == []


# (first, second): versions of one statement
MUST_GROUP = [
    (record(1, "We will stand in the way of Kim’s desire to whitewash their regime"), record(2, "we will stand in the way of Kim's desire to whitewash their regime.")),
    (record(1, "North Korea dangled a meeting in hopes of the vice president softening his message"), record(2, "North Korea dangled a meeting")),
    # a short fragment by the same speaker, one word dropped
    (record(1, "a total and complete disaster for America", "Donald Trump"), record(2, "a total, complete disaster for America", "Donald Trump")),
    # a long quote misprinted with one changed number: one statement, substantive
    (
        record(1, "We have created 200,000 jobs in this state since I took office, and we are not going to stop until every family has a paycheck"),
        record(2, "We have created 20,000 jobs in this state since I took office, and we are not going to stop until every family has a paycheck"),
    ),
]


@pytest.mark.parametrize("first, second", MUST_GROUP)
def test_versions_of_one_statement_group(first: QuoteRecord, second: QuoteRecord) -> None:
    assert [[q.id for q in g] for g in group_quotes([first, second])] == [[1, 2]]


def test_a_fragment_never_chains_two_statements_together() -> None:
    quotes = [
        record(1, "We are going to win this state and then we will win the White House in November"),
        record(2, "we will win the White House"),
        record(3, "If the party does not unite, we will win the White House only in our dreams"),
    ]
    assert [[q.id for q in g] for g in group_quotes(quotes)] == [[1, 2]]


def test_a_short_quote_with_one_content_word_joins_its_speakers_longer_quote() -> None:
    quotes = [record(1, "I love Oreos. I will never eat them again", "Donald Trump"), record(2, "I will never eat them again", "Donald J. Trump")]
    assert [[q.id for q in g] for g in group_quotes(quotes)] == [[1, 2]]


# (fragment's date, the longer quote's date, one statement?): a few words a speaker repeats are one
# statement only when printed within the news of one occasion; an undated article is no evidence
OCCASIONS = [
    ("2016-02-09", "2016-02-11", True),
    ("2016-02-09", "2016-02-23", True),
    ("2016-02-09", "2016-08-25", False),
    ("2016-08-25", "2016-02-09", False),
    ("2016-02-09", "2016-02-24T18:00:00+00:00", False),
    (None, "2016-08-25", True),
    ("last Tuesday", "2016-08-25", True),
]


@pytest.mark.parametrize("fragment_date, longer_date, grouped", OCCASIONS)
def test_a_fragment_joins_only_within_the_news_of_one_occasion(fragment_date, longer_date, grouped) -> None:
    quotes = [
        record(1, "We're going to build a wall. Yeah, 100 percent. It's so simple,", "Donald Trump", published=longer_date),
        record(2, "We're going to build a wall,", "Donald Trump", published=fragment_date),
    ]
    assert bool(group_quotes(quotes)) is grouped


def test_a_long_statement_reprinted_months_later_is_one_statement() -> None:
    quotes = [
        record(1, "I could stand in the middle of Fifth Avenue and shoot somebody and I wouldn't lose any voters", "Donald Trump", published="2016-01-23"),
        record(2, "I could stand in the middle of Fifth Avenue and shoot somebody", "Donald Trump", published="2016-09-30"),
    ]
    assert [[q.id for q in g] for g in group_quotes(quotes)] == [[1, 2]]


def piece(number: int, article: int, statement: int, text: str, published: str) -> QuoteRecord:
    """One piece of a statement its tag cut in two, by one speaker."""
    return QuoteRecord(number, text, article_id=article, speaker_id="Ana Ruiz", speaker="Ana Ruiz", published=published, statement_id=statement)


def test_a_fragment_printed_apart_joins_when_the_rest_of_its_statement_is_one_statement() -> None:
    """“…,” Ruiz said. “Nobody wants it at all.” printed in November, reprinted in December: the
    short second piece is of the same occasion because the first pieces are one statement."""
    first = [piece(1, 1, 1, "The plan is dead on arrival in the Senate and everyone in this building knows it,", "2015-11-23"),
             piece(2, 1, 1, "Nobody wants it at all.", "2015-11-23")]
    later = [piece(3, 2, 3, "The plan is dead on arrival in the Senate and everyone knows it,", "2015-12-21"),
             piece(4, 2, 3, "Nobody wants it at all.", "2015-12-21")]
    assert [[q.id for q in g] for g in group_quotes(first + later)] == [[1, 3], [2, 4]]
    assert [[q.id for q in g] for g in group_quotes([first[1], later[1]])] == []
