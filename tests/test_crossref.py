"""Matching in the database (stable groups as it grows) and `check` verdicts with exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.crossref import refresh_matches
from quotetrack.models import Article, Quote
from quotetrack.storage import open_db, save_article

STATEMENT = "We will cut taxes for every family in the state by next spring"
REPORTED = "the budget would fund two new hospitals in the northern counties"
PRINTED = "The bridge repairs were finally complete after three long years of delays"


def article(key: str, outlet: str, published: str, quoted: list[tuple[str, str, str]], rest: str = "") -> tuple[Article, list[Quote]]:
    """An article printing each (kind, words, speaker), then `rest`, with quotes at their offsets."""
    text, quotes = "", []
    for kind, words, speaker in quoted:
        opening = "“" if kind == "direct" else f"{speaker} said "
        start = len(text) + len(opening)
        text += opening + words + ("”" if kind == "direct" else "") + (f" {speaker} said. " if kind == "direct" else ". ")
        quotes.append(Quote(key, kind, start, start + len(words), words, speaker, None, None, speaker, "said", None, None, 0.9, f"{kind}:test"))
    return Article(key, text + rest, title=key, outlet=outlet, published=published), quotes


def store(db, *articles) -> None:
    for item, quotes in articles:
        save_article(db, item, quotes)
    refresh_matches(db)


def groups(db) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for group_id, quote_id in db.execute("select group_id, quote_id from quote_group_members order by group_id, quote_id"):
        found.setdefault(group_id, []).append(quote_id)
    return found


def test_group_ids_are_stable_as_the_database_grows(db_path) -> None:
    db = open_db(db_path)
    store(db, article("a", "Post", "2024-01-02", [("direct", STATEMENT, "Ann Reyes")]), article("b", "Times", "2024-01-03", [("direct", STATEMENT.lower(), "Ann Reyes")]))
    first = groups(db)
    assert list(first.values()) == [[1, 2]]
    store(db, article("c", "Herald", "2024-01-04", [("direct", "Nothing about taxes was said at the meeting on Friday", "Bo Lind")]))
    store(db, article("d", "Globe", "2024-01-05", [("direct", STATEMENT + " and after", "Ann Reyes")]))
    grown = groups(db)
    group_id = next(iter(first))
    assert grown == {group_id: [1, 2, 4]}  # the same id, one version more; the unrelated quote stays out
    assert db.execute("select versions, outlets from quote_groups where id = ?", [group_id]).fetchone() == (3, 3)
    assert db.execute("select count(*) from match_runs").fetchone()[0] == 3


def test_attribution_conflict_only_between_named_speakers(db_path) -> None:
    db = open_db(db_path)
    store(db, article("a", "Post", "2024-01-02", [("direct", STATEMENT, "Ann Reyes")]), article("b", "Times", "2024-01-03", [("direct", STATEMENT, "Reyes")]),
          article("c", "Herald", "2024-01-03", [("direct", STATEMENT, "the official")]))
    assert db.execute("select attribution_conflict from quote_groups").fetchone()[0] == 0
    store(db, article("d", "Globe", "2024-01-05", [("direct", STATEMENT, "Bo Lind")]))
    assert db.execute("select attribution_conflict from quote_groups").fetchone()[0] == 1


@pytest.fixture(scope="module")
def check_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("check") / "quotes.db"
    db = open_db(path)
    store(
        db,
        article("a", "Post", "2024-01-02", [("direct", STATEMENT, "Ann Reyes"), ("indirect", REPORTED, "Ann Reyes")], rest=PRINTED + "."),
        article("b", "Times", "2024-03-01", [("direct", STATEMENT, "Ann Reyes")]),
    )
    db.close()
    return str(path)


# (claim, options, verdict, exit code)
CHECKS = [
    (STATEMENT, [], "verbatim", 0),
    (STATEMENT.upper(), [], "verbatim", 0),
    (STATEMENT.replace("every", "no"), [], "altered", 3),
    (STATEMENT.replace("every ", ""), [], "altered", 3),
    (STATEMENT + " and cut spending in half as well", [], "partial", 3),
    (REPORTED, [], "reported", 3),
    (PRINTED, [], "printed but unattributed", 3),
    (STATEMENT, ["--speaker", "Bo Lind"], "different speaker", 3),
    ("The northern counties will get two new hospitals paid for by the budget", [], "paraphrase", 3),
    ("Every citizen will get a free pony next year", [], "not found", 1),
    (STATEMENT, ["--outlet", "Herald"], "not found", 1),
    (STATEMENT, ["--since", "2024-02-01"], "verbatim", 0),
    (STATEMENT, ["--until", "2023-12-31"], "not found", 1),
]


@pytest.mark.parametrize("claim, options, verdict, code", CHECKS)
def test_check_verdict_and_exit_code(check_db: str, claim: str, options: list[str], verdict: str, code: int) -> None:
    result = CliRunner().invoke(cli, ["check", claim, "--db", check_db, "--format", "json", *options])
    data = json.loads(result.stdout)
    assert (data["claim"], data["verdict"], result.exit_code) == (claim, verdict, code)


def test_check_shows_printed_words_with_article_and_offsets(check_db: str) -> None:
    data = json.loads(CliRunner().invoke(cli, ["check", PRINTED, "--db", check_db, "--format", "json"]).stdout)
    printed = data["matches"][0]
    assert (printed["article_key"], printed["text"], printed["quote_id"]) == ("a", PRINTED, None)
    assert printed["end"] - printed["start"] == len(PRINTED)


def test_check_not_found_shows_the_nearest_quotes_with_scores(check_db: str) -> None:
    data = json.loads(CliRunner().invoke(cli, ["check", "We will cut hospitals for the northern state", "--db", check_db, "--format", "json"]).stdout)
    assert data["verdict"] == "not found" and data["matches"] and all(0 <= m["score"] <= 1 for m in data["matches"])


def test_check_and_compare_write_csv(check_db: str) -> None:
    checked = CliRunner().invoke(cli, ["check", STATEMENT, "--db", check_db, "--format", "csv"])
    assert checked.stdout.splitlines()[0].startswith("claim,claim_verdict,verdict") and checked.stdout.count("verbatim") >= 2
    compared = CliRunner().invoke(cli, ["compare", "--db", check_db, "--format", "csv"])
    assert compared.exit_code == 0 and len(compared.stdout.splitlines()) == 3  # header and two versions


def test_database_errors_exit_2(tmp_path) -> None:
    for command in (["check", "anything"], ["compare"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(tmp_path / "missing.db")])
        assert result.exit_code == 2 and "no such database" in result.stderr
