"""The Datasette plugin, driven in-process through Datasette's test client (CI runs this file
under Datasette 0.65 and under 1.0, see .ci/run)."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("datasette")

from datasette.version import __version__ as datasette_version  # noqa: E402

from quotetrack.browse import STORED_QUERIES, make_datasette, parse_id, web_url  # noqa: E402


def get(datasette, path: str, **kwargs):
    async def run():
        await datasette.invoke_startup()
        return await datasette.client.get(path, **kwargs)

    return asyncio.run(run())


@pytest.fixture(scope="module")
def datasette(corpus_db_path):
    return make_datasette([corpus_db_path])


def rows(datasette, path: str) -> list[dict]:
    response = get(datasette, path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()["rows"]


def facets(datasette, path: str) -> dict:
    data = get(datasette, path + "?_extra=facet_results").json()  # 1.0 sends facets when asked
    results = data["facet_results"]
    return results.get("results", results)  # 1.0 nests them one level deeper


def test_the_plugin_is_listed(datasette):
    assert "quotetrack" in {p["name"] for p in get(datasette, "/-/plugins.json").json()}


def test_no_link_to_a_package_page_that_does_not_exist(datasette):
    page = get(datasette, "/").text
    assert "pypi.org/project/quotetrack" not in page and "quotetrack" in page


def test_what_the_user_configures_wins(corpus_db_path):
    own = {"databases": {"quotes": {"tables": {"quotes": {"description": "Mine."}}}}}
    datasette = make_datasette([corpus_db_path], metadata=own)
    assert "Mine." in get(datasette, "/quotes/quotes").text


def test_quote_list_reads_text_first_with_outlet_and_cue_lemma_facets(datasette):
    found = facets(datasette, "/quotes/quote_list.json")
    assert {"outlet", "kind", "cue_lemma"} <= set(found)
    lemmas = {f["value"] for f in found["cue_lemma"]["results"]}
    assert "say" in lemmas and "said" not in lemmas and "saying" not in lemmas
    assert "Daily Mail" in {f["value"] for f in found["outlet"]["results"]}
    columns = get(datasette, "/quotes/quote_list.json?_shape=objects").json()["rows"][0].keys()
    assert list(columns)[0] == "text" and list(columns)[-2:] == ["start", "end"]


def test_quote_text_gets_room_on_table_pages(datasette):
    page = get(datasette, "/quotes/quote_list").text
    assert "/-/quotetrack/tables.css" in page
    css = get(datasette, "/-/quotetrack/tables.css")
    assert css.status_code == 200 and "td.col-text" in css.text


def test_quotes_table_labels_and_search(datasette):
    data = get(datasette, "/quotes/quotes.json?_labels=on&_shape=objects&_search=dangled").json()
    assert len(data["rows"]) == 2
    row = data["rows"][0]
    assert isinstance(row["speaker_id"], dict) and row["speaker_id"]["label"] == "Nick Ayres"
    assert row["article_id"]["label"].startswith("North Korea")


def test_speaker_list_counts_quotes_and_facets_kind(datasette):
    data = rows(datasette, "/quotes/speaker_list.json?_shape=objects&name=Heather+Nauert")
    assert data[0]["quotes"] >= 2
    assert "kind" in facets(datasette, "/quotes/speaker_list.json")


def test_descriptions_are_short(datasette):
    page = get(datasette, "/quotes/quotes").text
    assert "One row per quote" not in page
    assert "Character offset" not in page  # no column descriptions above the table


def test_the_raw_tables_point_to_the_views_made_for_reading(datasette):
    quotes = get(datasette, "/quotes/quotes").text
    assert 'open <a href="quote_list">quote_list</a>' in quotes
    assert get(datasette, "/quotes/quote_list").status_code == 200
    database = get(datasette, "/quotes").text
    for view, title in (("quote_list", "Quotes"), ("speaker_list", "Speakers"), ("group_list", "Cross-outlet groups")):
        assert f'<a href="/quotes/{view}">{title}</a>' in database
    assert "(for reading, open group_list)" in get(datasette, "/quotes/quote_groups").text


def test_a_description_the_user_wrote_is_not_hidden(corpus_db_path):
    own = {"databases": {"quotes": {"description": "Our desk.", "tables": {"quotes": {"description": "Mine."}}}}}
    datasette = make_datasette([corpus_db_path], metadata=own)
    assert "Mine." in get(datasette, "/quotes/quotes").text and 'href="quote_list"' not in get(datasette, "/quotes/quotes").text
    database = get(datasette, "/quotes").text
    assert "Our desk." in database and "Start reading" not in database


@pytest.mark.parametrize("view", ["quotes_view", "quote_list", "shared_quotes", "statements", "search_quotes", "speaker_across_outlets", "quotes_differing_between_outlets"])
def test_speaker_is_as_printed_and_speaker_name_as_resolved(datasette, view):
    params = {"quotes_differing_between_outlets": "&verdict=", "search_quotes": "&search=dangled&outlet=&since=&until=", "speaker_across_outlets": "&speaker=Ayres"}
    found = rows(datasette, f"/quotes/{view}.json?_shape=objects{params.get(view, '')}")
    assert found and "speaker_mention" not in found[0]
    ayres = [r for r in found if r["speaker_name"] == "Nick Ayres"]
    assert ayres and {r["speaker"] for r in ayres} >= {"Nick Ayers, the vice president’s chief of staff"}


def test_attribution_facets_read_as_words(datasette):
    for view in ("group_list", "shared_quotes"):
        values = {f["value"] for f in facets(datasette, f"/quotes/{view}.json")["attribution"]["results"]}
        assert values == {"no conflict"}, view
    assert "attribution_conflict" not in facets(datasette, "/quotes/quote_groups.json")
    page = get(datasette, "/quotes/group_list").text
    assert "/-/quotetrack/statements/quotes/" in page and "quotetrack-quote" in page and "North Korea dangled" in page


def test_stored_queries_exist_and_run(datasette):
    names = {q["name"] for q in get(datasette, "/quotes.json").json()["queries"]}
    assert names >= set(STORED_QUERIES)
    found = rows(datasette, "/quotes/speaker_across_outlets.json?speaker=Nauert&_shape=objects")
    assert {r["speaker_name"] for r in found} == {"Heather Nauert"} and len(found) >= 2
    assert "Nauert" in {r["speaker"] for r in found}  # as printed
    found = rows(datasette, "/quotes/spelling_variants.json?_shape=objects")
    ayers = next(r for r in found if "Ayers" in r["also_written"])
    assert ayers["name"] == "Nick Ayres" and "one letter" in ayers["reasons"]
    found = rows(datasette, "/quotes/quotes_differing_between_outlets.json?verdict=cosmetic&_shape=objects")
    assert any(r["text"].startswith("North Korea dangled") for r in found)


@pytest.mark.parametrize(
    "search, expected",
    [
        ("dangled", "North Korea dangled"),
        ("U.S.", None),  # no error, whatever it finds
        ("don't", None),
        ("maximum-pressure", "maximum"),  # also finds "maximum pressure", as the table search does
        ("maximum pressure", "maximum"),
        ('"unbalanced', None),
        ("", None),
        ("AND OR NOT NEAR(", None),
    ],
)
def test_stored_search_takes_any_text(datasette, search, expected):
    response = get(datasette, "/quotes/search_quotes.json", params={"search": search, "outlet": "", "since": "", "until": "", "_shape": "objects"})
    assert response.status_code == 200, response.text[:300]
    found = response.json()["rows"]
    if expected:
        assert found and all(expected.lower() in r["text"].lower() for r in found)


def test_stored_search_filters_by_outlet(datasette):
    found = rows(datasette, "/quotes/search_quotes.json?search=dangled&outlet=Daily&since=&until=&_shape=objects")
    assert [r["outlet"] for r in found] == ["Daily Mail"]


def test_quote_text_links_to_the_article_with_the_span_highlighted(datasette):
    page = get(datasette, "/quotes/quote_list?text__contains=dangled").text
    link = page.split('class="quotetrack-quote" href="')[1].split('"')[0].replace("&amp;", "&").split("#")[0]
    article = get(datasette, link)
    assert article.status_code == 200
    chosen = article.text.split('class="quote chosen"')[1].split("</mark>")[0]
    assert "North Korea dangled a meeting" in chosen


def test_stored_query_text_links_to_the_article(datasette):
    page = get(datasette, "/quotes/search_quotes?search=dangled&outlet=&since=&until=").text
    assert page.count('class="quotetrack-quote"') == 2


def test_statement_page_shows_both_versions_with_the_difference(datasette):
    group = rows(datasette, "/quotes/shared_quotes.json?_shape=objects&text__contains=dangled")[0]["group_id"]
    page = get(datasette, f"/-/quotetrack/statements/quotes/{group}").text
    assert page.count('<section class="qt-version') == 2
    assert "Daily Mail" in page and "unknown outlet" in page
    assert '<mark class="cosmetic"' in page and ">vice president</mark>" in page and ">Vice President</mark>" in page
    assert "first printing" in page
    assert "Nick Ayers, the vice president’s chief of staff" in page  # as printed
    assert ">Nick Ayres</a>" in page  # as resolved
    assert "/-/quotetrack/articles/quotes/" in page


def test_speaker_page_shows_spellings_merges_and_statements(datasette):
    speaker = rows(datasette, "/quotes/speakers.json?_shape=objects&name=Nick+Ayres")[0]["id"]
    page = get(datasette, f"/-/quotetrack/speakers/quotes/{speaker}").text
    assert "<h1>Nick Ayres</h1>" in page
    assert "Nick Ayers" in page and "one letter" in page
    assert "Daily Mail" in page and "unknown outlet" in page
    assert "in 1 outlet and articles of no known outlet" in page  # "unknown outlet" is not counted
    assert "/-/quotetrack/statements/quotes/" in page


def test_links_work_for_a_database_name_with_a_space(corpus_db_path, tmp_path):
    import shutil

    shutil.copy(corpus_db_path, tmp_path / "my quotes.db")
    datasette = make_datasette([tmp_path / "my quotes.db"])
    page = get(datasette, "/my+quotes/quote_list?text__contains=dangled").text
    for css in ("quotetrack-quote", "quotetrack-statement", "quotetrack-speaker"):
        link = page.split(f'class="{css}" href="')[1].split('"')[0].replace("&amp;", "&")
        target = get(datasette, link)
        assert target.status_code == 200, link
        for href in target.text.split('href="')[1:]:
            href = href.split('"')[0].replace("&amp;", "&")
            if href.startswith("/-/quotetrack/"):  # the pages' own links
                assert get(datasette, href).status_code == 200, href


def test_tables_link_to_the_pages_and_read_as_words(datasette):
    assert "/-/quotetrack/speakers/quotes/" in get(datasette, "/quotes/speaker_list").text
    assert "/-/quotetrack/statements/quotes/" in get(datasette, "/quotes/quote_list").text
    groups = get(datasette, "/quotes/quote_groups").text
    assert "/-/quotetrack/statements/quotes/" in groups and "no conflict" in groups
    members = get(datasette, "/quotes/quote_group_members").text
    assert "cosmetic (case): “vice president” here, “Vice President” in Daily Mail" in members
    assert '[{"kind"' not in members and "[{&#34;kind" not in members


@pytest.mark.parametrize(
    "path",
    [
        "/-/quotetrack/articles/quotes/999999",
        "/-/quotetrack/articles/quotes/99999999999999999999",
        "/-/quotetrack/articles/quotes/9223372036854775808",
        "/-/quotetrack/articles/quotes/²",
        "/-/quotetrack/articles/quotes/abc",
        "/-/quotetrack/articles/quotes/-1",
        "/-/quotetrack/statements/quotes/99999999999999999999",
        "/-/quotetrack/speakers/quotes/x",
        "/-/quotetrack/articles/nosuchdb/1",
        "/-/quotetrack/articles/_internal/1",
        "/-/quotetrack/speakers/_internal/1",
        "/-/quotetrack/statements/_memory/1",
    ],
)
def test_bad_ids_and_databases_are_404(datasette, path):
    response = get(datasette, path)
    if response.status_code == 302:  # Datasette first tilde-encodes a path that is not ASCII
        response = get(datasette, response.headers["location"])
    assert response.status_code == 404


@pytest.mark.parametrize("quote", ["²", "99999999999999999999", "x", "-3", ""])
def test_bad_quote_parameter_still_shows_the_article(datasette, quote):
    response = get(datasette, f"/-/quotetrack/articles/quotes/1?quote={quote}")
    assert response.status_code == 200 and 'class="quote chosen"' not in response.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/a", "https://example.org/a"), ("HTTP://x.org", "HTTP://x.org"), ("javascript:alert(1)", None), (" data:text/html,x", None), (None, None)],
)
def test_only_web_urls_are_linked(url, expected):
    assert web_url(url) == expected


@pytest.mark.parametrize(("text", "expected"), [("12", 12), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None), ("²", None), ("-1", None), ("", None), (None, None)])
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def _restricted(corpus_db_path, config: dict):
    """A Datasette whose permissions come from `config` (metadata in 0.6x, configuration in 1.0)."""
    if datasette_version.startswith("0."):
        return make_datasette([corpus_db_path], metadata=config)
    return make_datasette([corpus_db_path], config=config)


PAGES = ["/-/quotetrack/articles/quotes/1", "/-/quotetrack/statements/quotes/1", "/-/quotetrack/speakers/quotes/1"]


@pytest.mark.parametrize(
    "config",
    [
        {"databases": {"quotes": {"allow": {"id": "editor"}}}},
        {"allow": {"id": "editor"}},
        {"databases": {"quotes": {"tables": {"articles": {"allow": {"id": "editor"}}, "quotes": {"allow": {"id": "editor"}},
                                              "speakers": {"allow": {"id": "editor"}}, "quote_groups": {"allow": {"id": "editor"}}}}}},
    ],
    ids=["database", "instance", "tables"],
)
def test_pages_honour_allow_rules(corpus_db_path, config):
    datasette = _restricted(corpus_db_path, config)
    editor = {"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")}
    for path in PAGES:
        assert get(datasette, path).status_code == 403, path
        assert get(datasette, path, cookies=editor).status_code == 200, path
    assert get(datasette, "/quotes/articles/1.json").status_code == 403  # Datasette's own page agrees


def test_pages_escape_stored_text(tmp_path, extractor):
    from quotetrack.crossref import refresh_matches
    from quotetrack.ingestion import ingest
    from quotetrack.storage import open_db

    hostile = "<script>alert(1)</script>"
    for name, outlet in (("a.txt", "<b>Outlet</b>"), ("b.txt", "Other")):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        text = f"<img src=x onerror=alert(2)> title\n\n“We will never allow {hostile} here,” said {hostile} Smith in {name}.\n"
        (folder / name).write_text(text, encoding="utf-8")
        (folder / "metadata.json").write_text(json.dumps({"articles": {name: {"outlet": outlet, "url": "javascript:alert(3)"}}}), encoding="utf-8")
    db = open_db(tmp_path / "x.db")
    for name in ("a", "b"):
        ingest([str(tmp_path / name)], db, extractor)
    refresh_matches(db)
    db.close()
    datasette = make_datasette([tmp_path / "x.db"])
    assert rows(datasette, "/x/quote_groups.json?_shape=objects")  # the two versions are one statement
    pages = ["/-/quotetrack/articles/x/1?quote=1", "/-/quotetrack/speakers/x/1", "/-/quotetrack/statements/x/1", "/x/quote_list", "/x/quote_group_members"]
    for path in pages:
        page = get(datasette, path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<b>Outlet" not in page.text, path
        assert 'href="javascript:' not in page.text, path


def test_statement_in_one_article_and_cross_outlet_group_are_told_apart(datasette):
    row = rows(datasette, "/quotes/quote_list.json?_shape=objects&text__contains=dangled")[0]
    assert row["statement_id"] is not None and row["group_id"] is not None
    page = get(datasette, "/quotes/quote_list?text__contains=dangled").text
    assert f'/quotes/statements?id={row["statement_id"]}">statement {row["statement_id"]}</a>' in page
    assert f'/-/quotetrack/statements/quotes/{row["group_id"]}">group {row["group_id"]}</a>' in page
    group_page = get(datasette, f'/-/quotetrack/statements/quotes/{row["group_id"]}').text
    assert "Cross-outlet group" in group_page and ">cross-outlet groups</a>" in group_page
    assert "Statements (one article)" in get(datasette, "/quotes/statements").text


@pytest.mark.parametrize(("since", "until", "found"), [("", "2018-02-21", 1), ("2018-02-21", "2018-02-21", 1), ("", "2018-02-20", 0), ("2018-02-22", "", 0), ("2018", "2018", 1)])
def test_stored_search_keeps_the_last_days_articles(tmp_path, since, until, found):
    """Dates are stored with their time ("2018-02-21T10:00:00+00:00"): `until` is a whole day, as in the CLI."""
    from quotetrack.models import Article, Quote
    from quotetrack.storage import open_db, save_article

    text = "“We will hold maximum pressure on them,” she said."
    db = open_db(tmp_path / "dated.db")
    save_article(db, Article("a.txt", text, outlet="Post", published="2018-02-21T10:00:00+00:00"), [Quote("a.txt", "direct", 1, 38, text[1:38], "she", 41, 44, "Ann Lee", "said", rule="t")])
    db.close()
    datasette = make_datasette([tmp_path / "dated.db"])
    assert len(rows(datasette, f"/dated/search_quotes.json?search=pressure&outlet=&since={since}&until={until}&_shape=objects")) == found
