"""`quotetrack ingest`, `quotes` and `speakers` through CliRunner, with a small rule-based extractor
standing in for spaCy so the expected quotes are known exactly."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from quotetrack.cli import cli
from quotetrack.errors import InputError
from quotetrack.ingestion import ingest
from quotetrack.models import Article, Quote
from quotetrack.reading import read_inputs
from quotetrack.storage import open_db, save_article

from .conftest import CORPUS

SAID = [
    re.compile(r"[“‘]([^“”‘’]{10,}?)[,.]?[”’],? (?P<cue>said) (?P<who>[A-Z]\w+(?: [A-Z]\w+)*)"),
    re.compile(r"[“‘]([^“”‘’]{10,}?)[,.]?[”’],? (?P<who>[A-Z]\w+(?: [A-Z]\w+)*) (?P<cue>said)"),
]


class FakeExtractor:
    """Finds “…,” Name said / “…” said Name. Fails on purpose for texts that ask it to."""

    model = "fake==1.0"

    def __init__(self, model: str | None = None):
        self.seen: list[str] = []

    def extract(self, article: Article) -> list[Quote]:
        self.seen.append(article.id)
        if "CRASH" in article.text:
            raise RuntimeError("parser crashed")
        quotes = []
        for pattern in SAID:
            for m in pattern.finditer(article.text):
                who, cue = m.group("who"), m.group("cue")
                text = None if "NULLQUOTE" in article.text else m.group(1)
                quotes.append(
                    Quote(article.id, "direct", m.start(1), m.end(1), text, who, m.start("who"), m.end("who"), who,
                          cue, m.start("cue"), m.end("cue"), 0.9, "fake", self.model, "0")
                )
        return quotes

    def extract_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        for article in articles:
            try:
                yield article, self.extract(article)
            except Exception as error:  # noqa: BLE001 - the contract: failures are yielded
                yield article, error


@pytest.fixture
def fake(monkeypatch) -> type[FakeExtractor]:
    monkeypatch.setattr("quotetrack.ingestion.choose_extractor", lambda model, *options: FakeExtractor(model))
    return FakeExtractor


def invoke(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def expected_quotes(paths) -> int:
    extractor = FakeExtractor()
    return sum(len(extractor.extract(a)) for a in read_inputs([str(p) for p in paths]) if isinstance(a, Article))


def write_articles(folder: Path, count: int, start: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(start, start + count):
        (folder / f"{n:03d}.txt").write_text(
            f"Story {n}\n\n“We will open library {n} in the spring,” Ann Lee said.\n\n"
            f"“Nothing about budget {n} is settled yet,” said Bob Stone.\n",
            encoding="utf-8",
        )
    return folder


def counts(db_path: Path) -> dict[str, int]:
    db = Database(db_path)
    return {t: db[t].count for t in ("articles", "quotes", "speakers", "speaker_aliases", "outlets")}


def test_ingest_the_corpus_then_again_creates_nothing(fake, db_path: Path):
    first = invoke("ingest", CORPUS, "--db", db_path, "--silent")
    assert first.exit_code == 0, first.output
    quotes = expected_quotes([CORPUS])
    assert quotes >= 1
    assert f"stored 2 articles ({quotes} quotes), skipped 0 already stored, 0 failed" in first.stderr
    before = counts(db_path)
    assert (before["articles"], before["quotes"], before["outlets"]) == (2, quotes, 1)
    second = invoke("ingest", CORPUS, "--db", db_path, "--silent")
    assert second.exit_code == 0
    assert "stored 0 articles (0 quotes), skipped 2 already stored, 0 failed" in second.stderr
    assert counts(db_path) == before
    row = Database(db_path).execute("select model, quotes_count from articles where key like '001%'").fetchone()
    assert row == ("fake==1.0", quotes)


def test_ingest_bad_inputs_are_named_and_the_rest_is_stored(fake, tmp_path: Path, db_path: Path):
    folder = write_articles(tmp_path / "in", 3)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_text("   \n")
    (folder / "crash.txt").write_text("Title\n\n“This text makes the parser CRASH today,” Ann Lee said.\n")
    (folder / "nullquote.txt").write_text("Title\n\n“This quote cannot be stored NULLQUOTE,” Ann Lee said.\n")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "f1", "text": "“A feed line with a good quote,” Cy Young said."}) + "\n{oops\n"
        + json.dumps({"id": "f3"}) + "\n"
    )
    missing = tmp_path / "missing.txt"
    result = invoke("ingest", folder, missing, "--db", db_path, "--silent")
    assert result.exit_code == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("error: "))
    assert errors == sorted(
        [
            f"error: {folder / 'binary.txt'}: looks binary (NUL bytes), not text",
            f"error: {folder / 'empty.txt'}: file is empty",
            f"error: {folder / 'crash.txt'}: extraction failed: RuntimeError: parser crashed",
            f"error: {folder / 'nullquote.txt'}: could not be stored: NOT NULL constraint failed: quotes.text",
            f"error: {folder / 'feed.jsonl'}:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
            f"error: {folder / 'feed.jsonl'}:3: missing 'text' (a string)",
            f"error: {missing}: no such file or folder",
        ]
    )
    assert "stored 4 articles (7 quotes), skipped 0 already stored, 7 failed" in result.stderr
    db = Database(db_path)
    assert sorted(r["key"] for r in db["articles"].rows) == ["000.txt", "001.txt", "002.txt", "f1"]
    assert db.execute("select count(*) from articles where quotes_count != (select count(*) from quotes where article_id = articles.id)").fetchone() == (0,)


def test_ingest_stdin_and_outlet_override(fake, db_path: Path):
    result = invoke("ingest", "-", "--db", db_path, "--outlet", "Wire", "--silent", input="T\n\n“From standard input today,” Ann Lee said.\n")
    assert result.exit_code == 0, result.output
    db = Database(db_path)
    [row] = db.execute("select articles.key, articles.source, outlets.name from articles join outlets on outlets.id = outlet_id").fetchall()
    assert row == ("stdin", "<stdin>", "Wire")
    assert db["quotes"].count == 1


def test_ingest_into_a_file_that_is_not_a_database(fake, tmp_path: Path):
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite " * 200)
    result = invoke("ingest", CORPUS, "--db", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not a usable SQLite database")


def test_library_ingest_skips_stored_texts_before_parsing_and_streams(tmp_path: Path, db_path: Path):
    folder = write_articles(tmp_path / "in", 10)
    extractor = FakeExtractor()
    seen_stored: list[int] = []
    reader = sqlite3.connect(db_path)

    def watch(articles: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
        for article in articles:
            seen_stored.append(reader.execute("select count(*) from articles").fetchone()[0] if db_path.exists() else 0)
            yield article

    db = open_db(db_path)
    summary = ingest([str(folder)], db, extractor, batch_size=3, read=lambda paths: watch(read_inputs(paths)))
    assert (summary.stored, summary.quotes, summary.skipped_existing, summary.failed) == (10, 20, 0, 0)
    assert max(seen_stored) >= 6, "articles were held back instead of being stored batch by batch"
    write_articles(folder, 2, start=10)
    extractor.seen.clear()
    summary = ingest([str(folder)], db, extractor)
    assert extractor.seen == ["010.txt", "011.txt"]  # stored ones were never parsed again
    assert (summary.stored, summary.skipped_existing) == (2, 10)


@pytest.fixture
def listing_db(db_path: Path) -> Path:
    db = open_db(db_path)
    text = "“We will hold maximum pressure on them,” Ann Lee said. “Day one of the trip,” said Nick Ayers."
    quotes = FakeExtractor().extract(Article("a.txt", text))
    save_article(db, Article("a.txt", text, title="Story A", outlet="Daily Mail", published="2018-02-21"), quotes)
    save_article(db, Article("b.txt", "Other text, no quotes."), [])
    db.close()
    return db_path


@pytest.mark.parametrize(
    "args,texts",
    [
        ([], ["We will hold maximum pressure on them", "Day one of the trip"]),
        (["--speaker", "ayers"], ["Day one of the trip"]),
        (["--outlet", "Daily"], ["We will hold maximum pressure on them", "Day one of the trip"]),
        (["--outlet", "Post"], []),
        (["--search", "maximum pressure"], ["We will hold maximum pressure on them"]),
        (["--search", '"; DROP TABLE quotes; --'], []),
        (["--limit", "1"], ["We will hold maximum pressure on them"]),
        (["--kind", "direct"], ["We will hold maximum pressure on them", "Day one of the trip"]),
        (["--kind", "indirect"], []),
        (["--since", "2018-02-21", "--until", "2018-02-21"], ["We will hold maximum pressure on them", "Day one of the trip"]),
        (["--since", "2018-02-22"], []),
        (["--until", "2018-02-20"], []),
    ],
)
def test_quotes_filters(listing_db: Path, args, texts):
    result = invoke("quotes", "--db", listing_db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == texts


@pytest.mark.parametrize("output_format", ["table", "jsonl", "json", "csv"])
def test_quotes_and_speakers_formats(listing_db: Path, output_format: str):
    quotes = invoke("quotes", "--db", listing_db, "--format", output_format).stdout
    speakers = invoke("speakers", "--db", listing_db, "--format", output_format).stdout
    if output_format == "jsonl":
        quote_rows = [json.loads(line) for line in quotes.splitlines()]
        speaker_rows = [json.loads(line) for line in speakers.splitlines()]
    elif output_format == "json":
        quote_rows, speaker_rows = json.loads(quotes), json.loads(speakers)
    elif output_format == "csv":
        quote_rows = list(csv.DictReader(io.StringIO(quotes)))
        speaker_rows = list(csv.DictReader(io.StringIO(speakers)))
    else:
        assert quotes.splitlines()[0].split()[:3] == ["quote_id", "speaker_name", "text"]
        assert "Nick Ayers" in quotes and "Daily Mail" in quotes
        assert speakers.splitlines()[0].split() == ["id", "name", "kind", "quotes", "outlets", "spellings"]
        return
    assert [(r["speaker_name"], r["outlet"], r["article_key"]) for r in quote_rows] == [("Ann Lee", "Daily Mail", "a.txt"), ("Nick Ayers", "Daily Mail", "a.txt")]
    assert sorted((r["name"], str(r["quotes"])) for r in speaker_rows) == [("Ann Lee", "1"), ("Nick Ayers", "1")]


@pytest.mark.parametrize("command", ["quotes", "speakers"])
def test_listing_needs_an_existing_database(tmp_path: Path, command: str):
    result = invoke(command, "--db", tmp_path / "nope.db")
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_quotes_speaker_is_the_mention_and_speaker_name_the_resolved_name(tmp_path: Path, db_path: Path):
    db = open_db(db_path)
    text = "“We will hold maximum pressure on them,” she said."
    quote = Quote("a.txt", "direct", 1, 38, text[1:38], "she", 41, 44, "Ann Lee", "said", 45, 49, 0.9, "fake", "m", "0")
    save_article(db, Article("a.txt", text), [quote])
    db.close()
    [row] = [json.loads(line) for line in invoke("quotes", "--db", db_path, "--format", "jsonl").stdout.splitlines()]
    assert (row["speaker"], row["speaker_name"]) == ("she", "Ann Lee")
    assert "speaker_mention" not in row


@pytest.mark.parametrize("command", [["quotes"], ["check", "maximum pressure"]])
@pytest.mark.parametrize(
    "dates, message",
    [
        (["--since", "21/02/2018"], "Invalid value for '--since': '21/02/2018' is not a day written YYYY-MM-DD"),
        (["--until", "2018-02-30"], "Invalid value for '--until': '2018-02-30' is not a day written YYYY-MM-DD"),
        (["--until", "2018-2-1"], "Invalid value for '--until': '2018-2-1' is not a day written YYYY-MM-DD"),
        (["--since", "February"], "Invalid value for '--since': 'February' is not a day written YYYY-MM-DD"),
        (["--since", "2018-03-01", "--until", "2018-02-01"], "Invalid value for '--until': 2018-02-01 is before --since 2018-03-01"),
        (["--until", "2018-02-01", "--since", "2018-03-01"], "Invalid value for '--since': 2018-03-01 is after --until 2018-02-01"),
    ],
)
def test_bad_dates_are_one_line_usage_errors_for_quotes_and_check(listing_db: Path, command, dates, message):
    result = invoke(*command, "--db", listing_db, *dates)
    assert result.exit_code == 2 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize("command", [["quotes", "--format", "jsonl"], ["check", "We will hold maximum pressure on them", "--format", "jsonl"]])
def test_a_day_range_keeps_that_days_articles_for_quotes_and_check(listing_db: Path, command):
    result = invoke(*command, "--db", listing_db, "--since", "2018-02-21", "--until", "2018-02-21")
    assert result.exit_code == 0 and "We will hold maximum pressure on them" in result.stdout


def test_ingest_url_stores_outlet_date_and_title_from_the_page(fake, local_site: str, db_path: Path):
    url = f"{local_site}/article.html"
    result = invoke("ingest", url, "--db", db_path)
    assert result.exit_code == 0, result.stderr
    [row] = Database(db_path).query(
        "select key, title, outlets.name as outlet, published, author, url, source, text from articles join outlets on outlets.id = outlet_id"
    )
    assert (row["key"], row["source"]) == (url, url)
    assert (row["title"], row["outlet"], row["published"], row["author"]) == (
        "Minister says talks will go on", "The Daily Planet", "2024-05-03", "Lois Lane")
    assert row["url"] == "https://dailyplanet.example/2024/05/talks.html"
    assert "Advertisement" not in row["text"] and "cookies" not in row["text"]


def test_ingest_feed_url_and_url_list(fake, local_site: str, tmp_path: Path, db_path: Path):
    result = invoke("ingest", f"{local_site}/feed.rss", "--db", db_path)
    assert result.exit_code == 0, result.stderr
    assert "stored 2 articles" in result.stderr
    listing = f"{local_site}/article.html\n{local_site}/second.html\n"
    result = invoke("ingest", "-", "--db", db_path, input=listing)
    assert "stored 0 articles (0 quotes), skipped 2 already stored" in result.stderr
    outlets = [r["name"] for r in Database(db_path).query("select name from outlets order by name")]
    assert outlets == ["Harbour News", "The Daily Planet"]


def test_ingest_missing_page_is_one_error_line(fake, local_site: str, db_path: Path):
    result = invoke("ingest", f"{local_site}/gone.html", "--db", db_path)
    assert result.exit_code == 1
    assert f"error: {local_site}/gone.html: could not be fetched (HTTP 404)" in result.stderr.splitlines()


FEED = [
    {"id": "n1", "text": "“We will build the bridge next year,” Ann Lee said.", "publisher": "Daily Planet", "date": "2024-05-03"},
    {"id": "n2", "text": "“The budget is far too small,” said Nick Ayers.", "source": "Harbour News", "title": "Budget"},
    {"id": "n3", "text": "No quotes in this one.", "site_name": "The Post", "author": "Lois Lane"},
]


def feed_text(records=FEED) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


@pytest.mark.parametrize("options", [["--input-format", "jsonl"], []])
def test_jsonl_on_stdin_stores_each_line_as_an_article(fake, db_path: Path, options):
    result = invoke("ingest", "-", "--db", db_path, *options, input=feed_text())
    assert result.exit_code == 0, result.stderr
    assert "stored 3 articles (2 quotes)" in result.stderr
    rows = Database(db_path).query(
        "select key, outlets.name as outlet, published, title, author, source from articles left join outlets on outlets.id = outlet_id order by key"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("n1", "Daily Planet", "2024-05-03", None, None, "<stdin>:1"),
        ("n2", "Harbour News", None, "Budget", None, "<stdin>:2"),
        ("n3", "The Post", None, None, "Lois Lane", "<stdin>:3"),
    ]


def test_field_overrides_on_ingest(fake, db_path: Path):
    records = [{"key": "k1", "story": "“We will build it,” Ann Lee said.", "paper": {"name": "Daily Planet"}, "when": "2024-05-03"}]
    result = invoke(
        "ingest", "-", "--db", db_path, "--field", "id=key", "--field", "text=story", "--field", "outlet=paper", "--field", "published=when",
        input=feed_text(records),
    )
    assert result.exit_code == 0, result.stderr
    [row] = Database(db_path).query("select key, outlets.name as outlet, published from articles join outlets on outlets.id = outlet_id")
    assert row == {"key": "k1", "outlet": "Daily Planet", "published": "2024-05-03"}
    bad = invoke("ingest", "-", "--db", db_path, "--field", "colour=paint", input=feed_text(records))
    assert bad.exit_code == 2 and "unknown field 'colour'" in bad.stderr


def test_update_refreshes_metadata_of_stored_articles(fake, tmp_path: Path, db_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(feed_text())
    assert invoke("ingest", path, "--db", db_path).exit_code == 0
    before = {r["key"]: r for r in Database(db_path)["articles"].rows}
    quotes_before = list(Database(db_path).query("select * from quotes order by id"))
    revised = [dict(FEED[0], publisher="The Daily Planet", title="Bridge next year", author="Ann Writer"), FEED[1], FEED[2]]
    path.write_text(feed_text(revised))
    skipped = invoke("ingest", path, "--db", db_path)
    assert "skipped 3 already stored" in skipped.stderr
    assert Database(db_path)["articles"].get(before["n1"]["id"])["title"] is None
    updated = invoke("ingest", path, "--db", db_path, "--update")
    assert updated.exit_code == 0, updated.stderr
    assert "stored 0 articles (0 quotes), updated 1, skipped 2 already stored, 0 failed" in updated.stderr
    db = Database(db_path)
    row = db["articles"].get(before["n1"]["id"])
    assert (row["title"], row["author"], row["published"], row["text"]) == ("Bridge next year", "Ann Writer", "2024-05-03", before["n1"]["text"])
    assert db["outlets"].get(row["outlet_id"])["name"] == "The Daily Planet"
    assert list(db.query("select * from quotes order by id")) == quotes_before  # ids and offsets untouched
    assert db["articles"].count == 3


def test_speaker_filters_find_every_spelling_merged_into_a_speaker(corpus_db_path: Path, tmp_path: Path):
    """One name written two ways: "Ayers" finds Nick Ayres, as Daily Mail spells him, in every outlet."""
    quotes = [json.loads(line) for line in invoke("quotes", "--db", corpus_db_path, "--speaker", "Ayers", "--format", "jsonl").stdout.splitlines()]
    assert {q["speaker_name"] for q in quotes} == {"Nick Ayres"} and {q["outlet"] for q in quotes} == {"Daily Mail", None}
    groups = json.loads(invoke("compare", "--db", corpus_db_path, "--speaker", "Ayers", "--format", "json").stdout)
    assert len(groups) == 2
    assert invoke("report", "--db", corpus_db_path, "--speaker", "Ayers", "--format", "json", "--out", tmp_path).exit_code == 0
    assert json.loads((tmp_path / "report.json").read_text())["overview"]["quotes"] == len(quotes)
