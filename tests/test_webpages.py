"""Web pages and URLs: main text and metadata through trafilatura, fetching pages, lists and feeds
from a local server (127.0.0.1 only)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quotetrack.errors import InputError
from quotetrack.models import Article
from quotetrack.reading import read_inputs
from quotetrack.webpages import feed_links, is_boilerplate, page_content

from .conftest import ARTICLE_PAGE, SECOND_PAGE


def test_page_text_and_metadata_without_banners_or_ads():
    page = page_content(ARTICLE_PAGE)
    assert page.title == "Minister says talks will go on"
    assert (page.outlet, page.published, page.author) == ("The Daily Planet", "2024-05-03", "Lois Lane")
    assert page.url == "https://dailyplanet.example/2024/05/talks.html"
    assert page.text.startswith("“We are ready to keep talking,” the minister said")
    assert page.text.split("\n\n")[1].startswith("Opposition leaders said")
    for left_out in ("cookies", "Advertisement", "Home", "Copyright"):
        assert left_out not in page.text


@pytest.mark.parametrize(
    "markup,title,text",
    [
        (SECOND_PAGE, "Port strike ends", "Port strike ends\n\n“This is a fair deal for every worker on the docks,”"),
        ("<title>T</title><body><p>One.</p></body>", "T", "One."),
        (
            '<html><head><title>Budget passes at last | The Post</title><meta property="og:site_name" content="The Post"></head>'
            "<body><p>The budget passed on Tuesday after a long night of votes, the speaker said.</p></body></html>",
            "Budget passes at last",
            "The budget passed",
        ),
        ("<body><h1>T</h1><p>One.</p><p>Two.</p></body>", "T", "One.\n\nTwo."),
        ("<body><div>Teaser</div><main><p>Main text.</p></main></body>", None, "Main text."),
        ("<p>A fragment without a body.</p>", None, "A fragment without a body."),
        ("<body><p>“We are <i>ready</i>,” he said &amp; <a href='x'>left</a>.</p></body>", None, "“We are ready,” he said & left."),
    ],
)
def test_page_main_text_and_title(markup, title, text):
    page = page_content(markup)
    assert page.title == title
    assert page.text.startswith(text)


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>x</title></head><body><script>1</script></body></html>",
        "<body><nav><p>Home</p></nav><footer>c</footer></body>",
        "<body><p>Advertisement</p></body>",
    ],
)
def test_pages_without_article_text_give_nothing(markup):
    assert page_content(markup) is None


def test_unclosed_tags_are_read_in_linear_time():
    page = page_content("<html><body>" + "<p>Para " * 5000 + "</body></html>")
    assert page.text.count("Para") == 5000


@pytest.mark.parametrize(
    "line,boilerplate",
    [("Advertisement", True), ("ADVERTISEMENT", True), ("- Advertisement -", True), ("Accept all cookies", True),
     ("The advertisement said so.", False), ("We use cookies, he said, to track you.", False)],
)
def test_boilerplate_lines(line, boilerplate):
    assert is_boilerplate(line) is boilerplate


def test_feed_links_are_absolute_and_in_order():
    feed = '<?xml version="1.0"?>\n<rss><channel><link>https://x.example/</link><item><link>https://x.example/a</link></item><item><link>b/c</link></item><item><link>https://x.example/a</link></item></channel></rss>'
    assert feed_links(feed, "https://x.example/feed.rss") == ["https://x.example/a", "https://x.example/b/c"]


def test_url_is_fetched_with_metadata(local_site: str):
    [article] = read_inputs([f"{local_site}/article.html"])
    assert isinstance(article, Article)
    assert (article.id, article.source) == (f"{local_site}/article.html",) * 2
    assert (article.title, article.outlet, article.published, article.author) == (
        "Minister says talks will go on", "The Daily Planet", "2024-05-03", "Lois Lane")
    assert article.url == "https://dailyplanet.example/2024/05/talks.html"


def test_feed_url_fetches_every_linked_article(local_site: str):
    articles = list(read_inputs([f"{local_site}/feed.rss"]))
    assert [(a.id, a.outlet) for a in articles] == [
        (f"{local_site}/article.html", "The Daily Planet"), (f"{local_site}/second.html", "Harbour News")]


def test_missing_page_and_refused_feed_link_are_errors(local_site: str, tmp_path: Path):
    [missing] = read_inputs([f"{local_site}/nope.html"])
    assert isinstance(missing, InputError) and missing.problem == "could not be fetched (HTTP 404)"
    # a fetched feed may not send quotetrack to another non-public host
    site = tmp_path / "site"
    other_host = local_site.replace("127.0.0.1", "localhost")  # the same server under another name
    (site / "other.rss").write_text(f"<rss><channel><item><link>{other_host}/second.html</link></item></channel></rss>")
    [refused] = read_inputs([f"{local_site}/other.rss"])
    assert isinstance(refused, InputError) and "non-public address, refused" in refused.problem


def test_url_list_on_stdin_and_in_a_file(local_site: str, tmp_path: Path):
    listing = f"# today's pages\n{local_site}/article.html\n\n{local_site}/second.html\n"
    assert [type(i).__name__ for i in read_inputs(["-"], stdin=io.BytesIO(listing.encode()))] == ["Article", "Article"]
    listing += "not a url\n"
    items = list(read_inputs(["-"], stdin=io.BytesIO(listing.encode()), input_format="urls"))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError"]
    assert items[2].source == "<stdin>:5"
    path = tmp_path / "pages.urls"
    path.write_text(listing)
    assert [i.id for i in read_inputs([str(path)]) if isinstance(i, Article)] == [f"{local_site}/article.html", f"{local_site}/second.html"]
    plain = tmp_path / "links.txt"
    plain.write_text(listing)
    assert len([i for i in read_inputs([str(plain)], input_format="urls") if isinstance(i, Article)]) == 2


def test_local_feed_file_links_are_fetched(local_site: str, tmp_path: Path):
    path = tmp_path / "saved.rss"
    path.write_text(f"<rss><channel><item><link>{local_site}/second.html</link></item></channel></rss>")
    [article] = read_inputs([str(path)])
    assert (article.title, article.outlet, article.published) == ("Port strike ends", "Harbour News", "2024-06-10")


def test_atom_feed_links():
    feed = """<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://x.example/"/>
<entry><link rel="alternate" href="https://x.example/one"/></entry><entry><link href="/two"/></entry></feed>"""
    assert feed_links(feed, "https://x.example/atom.xml") == ["https://x.example/one", "https://x.example/two"]


def test_reading_a_page_connects_to_nothing(monkeypatch):
    """trafilatura reads the page it is given: no request for the canonical URL, images or
    scripts, and nothing downloaded at run time."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    markup = ARTICLE_PAGE.replace("<h1>", '<img src="https://cdn.example/x.jpg"><script src="https://cdn.example/a.js"></script><h1>')
    assert page_content(markup, "https://dailyplanet.example/talks").outlet == "The Daily Planet"
