"""Datasette over the quote database, driven in-process through its test client."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("datasette")

from click.testing import CliRunner  # noqa: E402

from quotetrack.browse import STORED_QUERIES, make_datasette  # noqa: E402
from quotetrack.cli import cli  # noqa: E402


def get(datasette, path: str):
    return asyncio.run(datasette.client.get(path))


@pytest.fixture(scope="module")
def datasette(corpus_db_path):
    return make_datasette(corpus_db_path)


def test_facets_and_labels_on_quotes(datasette):
    data = get(datasette, "/quotes/quotes.json?_labels=on&_shape=objects").json()
    assert {"kind", "speaker_id", "cue"} <= set(data["facet_results"])
    kinds = {f["value"] for f in data["facet_results"]["kind"]["results"]}
    assert kinds == {"direct", "indirect", "mixed"}
    row = data["rows"][0]
    assert isinstance(row["speaker_id"], dict) and row["speaker_id"]["label"]
    assert isinstance(row["article_id"], dict) and row["article_id"]["label"].startswith("North Korea")
    speaker_labels = {f["label"] for f in data["facet_results"]["speaker_id"]["results"]}
    assert "Heather Nauert" in speaker_labels


def test_full_text_search_on_the_table(datasette):
    data = get(datasette, "/quotes/quotes.json?_search=dangled&_shape=objects").json()
    assert len(data["rows"]) == 2
    assert all("dangled" in r["text"] for r in data["rows"])


def test_stored_queries_exist_and_run(datasette):
    data = get(datasette, "/quotes.json").json()
    assert {q["name"] for q in data["queries"]} >= set(STORED_QUERIES)
    rows = get(datasette, "/quotes/speaker_across_outlets.json?speaker=Nauert&_shape=objects").json()["rows"]
    assert {r["speaker"] for r in rows} == {"Heather Nauert"} and len(rows) >= 2
    rows = get(datasette, "/quotes/spelling_variants.json?_shape=objects").json()["rows"]
    ayers = next(r for r in rows if "Ayers" in r["also_written"] or "Ayers" in r["name"])
    assert {ayers["name"], ayers["also_written"]} == {"Nick Ayres", "Nick Ayers"} and "one letter" in ayers["reasons"]
    rows = get(datasette, "/quotes/quotes_differing_between_outlets.json?verdict=cosmetic&_shape=objects").json()["rows"]
    assert any(r["text"].startswith("North Korea dangled") for r in rows)
    rows = get(datasette, "/quotes/search_quotes.json?search=dangled&outlet=Daily&since=&until=&_shape=objects").json()["rows"]
    assert [r["outlet"] for r in rows] == ["Daily Mail"]


def test_quote_text_links_to_the_article_with_the_span_highlighted(datasette):
    page = get(datasette, "/quotes/quotes?_search=dangled").text
    assert "/-/quotetrack/articles/quotes/" in page
    link = page.split('class="quotetrack-quote" href="')[1].split('"')[0].replace("&amp;", "&").split("#")[0]
    article = get(datasette, link)
    assert article.status_code == 200
    chosen = article.text.split('class="quote chosen"')[1].split("</mark>")[0]
    assert "North Korea dangled a meeting" in chosen


def test_missing_article_is_404(datasette):
    assert get(datasette, "/-/quotetrack/articles/quotes/999999").status_code == 404


def test_metadata_export(corpus_db_path, tmp_path):
    target = tmp_path / "metadata.json"
    result = CliRunner().invoke(cli, ["serve", "--db", str(corpus_db_path), "--metadata", str(target)])
    assert result.exit_code == 0
    metadata = json.loads(target.read_text())
    assert metadata["databases"]["quotes"]["tables"]["speakers"]["label_column"] == "name"
