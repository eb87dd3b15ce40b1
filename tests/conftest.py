"""Shared fixtures: extractors of both scopes, the spaCy pipeline, databases, the bundled corpus,
and a database ingested from it; `quotes_of`, the extraction helper the quote tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotetrack.crossref import refresh_matches
from quotetrack.extraction import Extractor
from quotetrack.ingestion import ingest
from quotetrack.models import Article, Quote
from quotetrack.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "quotes.db"


@pytest.fixture
def fresh_db(db_path: Path):
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default scope: statements."""
    return Extractor()


@pytest.fixture(scope="session")
def broad() -> Extractor:
    """The attributions scope: the wider net PolNeAR annotates."""
    return Extractor(scope="attributions")


@pytest.fixture(scope="session")
def wide_net() -> Extractor:
    """The attributions scope's rules, before the confidence model weighs what they find."""
    return Extractor(scope="attributions", calibrated=False)


@pytest.fixture(scope="session")
def nlp(extractor: Extractor):
    """The spaCy pipeline, for tests that parse or build a Doc themselves."""
    return extractor.nlp


def quotes_of(extractor: Extractor, text: str) -> list[Quote]:
    """The quotes of one text, each checked to point at its own content, speaker and cue."""
    quotes = extractor.extract(Article("t", text))
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
        if quote.cue_start is not None:
            assert text[quote.cue_start : quote.cue_end] == quote.cue
    return quotes


def quote_with(extractor: Extractor, text: str, content: str, *, exact: bool = False) -> Quote:
    """The first quote of a text whose content is `content` (exact) or ends with it, for the
    speaker-name tables; fails naming the content when there is none."""
    found = [q for q in extractor.extract(Article("t", text)) if (q.text == content if exact else q.text.endswith(content))]
    assert found, content
    return found[0]


@pytest.fixture(scope="session")
def corpus_db_path(tmp_path_factory, extractor) -> Path:
    """A database ingested once from the bundled corpus (read-only for tests)."""
    folder = tmp_path_factory.mktemp("corpus_db")
    path = folder / "quotes.db"
    db = open_db(path)
    ingest([str(CORPUS)], db, extractor)
    refresh_matches(db)
    db.close()
    return path


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


# --- a local web site (127.0.0.1 only) for reading URLs and feeds ------------------------------

ARTICLE_PAGE = """<!doctype html>
<html><head><title>Minister says talks will go on | The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<link rel="canonical" href="https://dailyplanet.example/2024/05/talks.html">
<meta name="author" content="Lois Lane">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Minister says talks will go on", "datePublished": "2024-05-03T10:00:00Z",
 "author": {"@type": "Person", "name": "Lois Lane"},
 "publisher": {"@type": "Organization", "name": "The Daily Planet"}}</script>
</head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept all cookies</button></div>
<div class="menu"><a href="/">Home</a> <a href="/world">World</a></div>
<h1>Minister says talks will go on</h1>
<div class="story">
<p>“We are ready to keep talking,” the minister said on Friday, adding that the door remained open.</p>
<div class="ad">Advertisement</div>
<p>Opposition leaders said the government had failed to explain its plan, and they demanded a vote in parliament next week.</p>
<p>The talks are expected to resume on Monday, officials told reporters in the capital.</p>
</div>
<div class="footer">Copyright 2024 The Daily Planet</div>
</body></html>
"""

SECOND_PAGE = """<!doctype html>
<html><head><title>Port strike ends - Harbour News</title>
<meta property="og:site_name" content="Harbour News">
<meta property="article:published_time" content="2024-06-10">
</head><body><main>
<h1>Port strike ends</h1>
<p>“This is a fair deal for every worker on the docks,” the union leader said after the vote on Tuesday evening.</p>
<p>The port authority said ships would be unloaded again from Wednesday morning, ending a week of delays for importers.</p>
</main></body></html>
"""


def feed_xml(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local news</title><link>{base}/</link>
<item><title>Talks</title><link>{base}/article.html</link></item>
<item><title>Strike</title><link>second.html</link></item>
</channel></rss>
"""


@pytest.fixture
def local_site(tmp_path: Path):
    """An http.server on 127.0.0.1 serving saved pages (written here) and a feed; yields its base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "article.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    (folder / "second.html").write_text(SECOND_PAGE, encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # no request lines in the test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (folder / "feed.rss").write_text(feed_xml(base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()
