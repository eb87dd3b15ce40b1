"""Web pages: the article in an HTML page with its metadata, and fetching pages and feeds.

Both go through trafilatura (a maintained extractor of main text and metadata from news pages):
it finds the main text without menus, cookie banners or comments, the title without the
" | Site" suffix, the site name (our outlet), the publication date, the author and the canonical
URL (from meta tags, Open Graph and JSON-LD). trafilatura takes most of a second to import, so it
is imported only when a page is read or fetched.

Fetching reaches only the addresses given: the URLs the user names, and the links of a feed the
user names. Links found in a fetched feed must be public addresses unless they are on the
feed's own host (trafilatura's SSRF protection), so a feed cannot make quotetrack read the
user's local network; the URLs the user types may be any address (127.0.0.1 included).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .errors import InputError
from .models import Article

# Lines a page's main text may still hold that are no part of the article (matched whole, case
# and surrounding punctuation ignored): advertising labels and consent prompts.
BOILERPLATE_LINES = frozenset(
    {
        "advertisement",
        "advertisements",
        "ad",
        "sponsored",
        "sponsored content",
        "skip advertisement",
        "story continues below advertisement",
        "article continues below advertisement",
        "continue reading below",
        "scroll to continue with content",
        "accept all cookies",
        "accept cookies",
        "we use cookies",
        "manage cookies",
        "cookie settings",
    }
)
URL_PATTERN = re.compile(r"^https?://\S+$", re.IGNORECASE)
_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


@dataclass(frozen=True)
class Page:
    """What a page says about its article. `text` is paragraphs joined by blank lines."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    url: str | None = None  # the canonical URL when the page names one


def is_url(value: str) -> bool:
    """An http(s) address, as opposed to a path."""
    return bool(URL_PATTERN.match(value.strip()))


def page_content(markup: str, url: str | None = None) -> Page | None:
    """The article's main text and metadata in an HTML page; None when it has no main text."""
    import trafilatura

    _quiet_loggers()
    document = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False)
    if (document is None or not (document.text or "").strip()) and "<body" not in markup[:65536].lower():
        # a fragment (no <html> or <body>): trafilatura reads it once it is a document
        document = trafilatura.bare_extraction(f"<html><body>{markup}</body></html>", url=url, with_metadata=True, include_comments=False)
    if document is None:
        return None
    paragraphs = [line.strip() for line in (document.text or "").splitlines()]
    text = "\n\n".join(p for p in paragraphs if p and not is_boilerplate(p))
    if not text:
        return None
    return Page(
        text=text,
        title=_strip_site_suffix(document.title, document.sitename),
        outlet=document.sitename or None,
        published=document.date or None,
        author=document.author or None,
        url=document.url or url,
    )


def is_boilerplate(line: str) -> bool:
    """An advertising label or consent prompt standing alone as a paragraph."""
    return line.strip(" \t.:-–—|»«").casefold() in BOILERPLATE_LINES


def _strip_site_suffix(title: str | None, site: str | None) -> str | None:
    """'Talks go on | The Daily Planet' → 'Talks go on' (trafilatura leaves some suffixes)."""
    if not title or not site:
        return title or None
    match = re.match(rf"^(.+?)\s+[|\-–—:·•]\s+{re.escape(site)}\s*$", title, re.IGNORECASE)
    return match.group(1) if match else title


def article_from_page(page: Page, key: str, source: str) -> Article:
    return Article(
        id=key, text=page.text, title=page.title, outlet=page.outlet, url=page.url,
        published=page.published, author=page.author, source=source,
    )


# --- fetching --------------------------------------------------------------------------------


def read_url(url: str, max_bytes: int, allow_private: bool = True) -> Iterator[Article | InputError]:
    """The article at a URL, or every article an RSS/Atom feed at that URL links to."""
    try:
        final_url, markup = fetch(url, max_bytes, allow_private)
    except InputError as error:
        yield error
        return
    if is_feed(markup):
        yield from read_feed_links(markup, final_url, max_bytes, source=url)
        return
    page = page_content(markup, final_url)
    if page is None:
        yield InputError(url, "the page has no article text")
        return
    yield article_from_page(page, key=url, source=url)


def read_feed_links(feed: str, feed_url: str | None, max_bytes: int, source: str) -> Iterator[Article | InputError]:
    """Fetch every article an RSS/Atom feed links to. Links of a fetched feed must be public or
    on the feed's own host; the links of a feed file the user gives may be anywhere."""
    links = feed_links(feed, feed_url)
    if not links:
        yield InputError(source, "the feed links to no articles")
        return
    feed_host = urlsplit(feed_url).hostname if feed_url else None
    for link in links:
        allow_private = feed_url is None or urlsplit(link).hostname == feed_host
        yield from read_url(link, max_bytes, allow_private)


def is_feed(text: str) -> bool:
    """An RSS or Atom document rather than a web page."""
    return bool(_FEED_OPENING.match(text.lstrip("\ufeff \t\r\n")[:1024]))


_FEED_OPENING = re.compile(r"^(<\?xml[^>]*\?>\s*(<!--.*?-->\s*|<\?[^>]*\?>\s*)*)?<(rss|feed|rdf:RDF)\b", re.DOTALL)
_ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(feed: str, base_url: str | None = None) -> list[str]:
    """The article links of an RSS or Atom feed (its items, not the channel's own link), in
    feed order, made absolute, without repeats. An unreadable feed gives no links."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(feed.lstrip("\ufeff \t\r\n"))
    except ElementTree.ParseError:
        return []
    links = [(item.findtext("link") or "").strip() for item in root.iter() if _local_name(item.tag) == "item"]
    for entry in root.iter(f"{_ATOM}entry"):
        for link in entry.findall(f"{_ATOM}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                links.append(link.get("href", "").strip())
                break
    absolute = (urljoin(base_url or "", link) for link in links if link)
    return list(dict.fromkeys(link for link in absolute if is_url(link)))


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def fetch(url: str, max_bytes: int, allow_private: bool = True) -> tuple[str, str]:
    """(final URL, decoded text) of a URL; InputError naming it when it cannot be had."""
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
    with _logged_messages() as messages:
        response = fetch_response(url, decode=True, config=config)
    if response is None or not response.data:
        raise InputError(url, f"could not be fetched ({_reason(messages)})")
    if response.status != 200:
        raise InputError(url, f"could not be fetched (HTTP {response.status})")
    if len(response.data) >= max_bytes:
        raise InputError(url, f"page is larger than the limit of {max_bytes:,} bytes")
    return response.url or url, response.html or ""


def _reason(messages: list[str]) -> str:
    if not messages:
        return "no response"
    message = messages[-1]
    if "SSRF" in message:
        return "a feed link to a non-public address, refused"
    return message.split(" ", 3)[-1][:200] if message.startswith("download error") else message[:200]


@contextmanager
def _logged_messages() -> Iterator[list[str]]:
    """Collect what trafilatura logs while fetching, to name the reason of a failure."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    _quiet_loggers()
    handler = Collect(logging.WARNING)
    logger = logging.getLogger("trafilatura")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def _quiet_loggers() -> None:
    """trafilatura logs failures itself; quotetrack reports them as one error line instead."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
