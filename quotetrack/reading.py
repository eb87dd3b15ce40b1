"""Reading inputs into articles: text and HTML files, JSON-lines feeds, folders, stdin, URLs.

What an input is: a URL (fetched, see webpages.py), a folder (its .txt, .html and .jsonl files,
recursively; never fetching anything), a file (by its suffix, or the format asked for: text,
html, jsonl, urls, rss), or '-' for standard input (the format asked for, else sniffed).

A bad input never raises: it becomes an `InputError` in the stream, so a batch goes on and the
caller reports it. Article text is exactly what quote offsets point into.

Folder metadata. A `metadata.json` next to the files says what a file name alone cannot: who
published it, its title, address and date. It is read whenever a file in that folder is read
(directly or as part of the folder), and `--outlet` still overrides it::

    {
      "about": "free text: where these articles come from",
      "articles": {
        "000_x.txt":  {"outlet": "Daily Mail", "title": "...", "url": null,
                       "published": "2018-02-21", "note": "how this was established"},
        "feed.jsonl": {"outlet": "Post"}
      }
    }

Keys of `articles` are file names in the folder (not paths). Every field is optional; `null`
means unknown. `title` replaces the title found in the file; for a feed file the fields are
defaults for lines that lack them. Other fields (`note`, `origin`) are for people and ignored.
A missing or unreadable metadata file means no metadata, never an error for the articles.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError, InputWarning
from .limits import DEFAULT_MAX_BYTES, max_bytes as default_max_bytes
from .models import Article
from .webpages import article_from_page, is_feed, is_url, page_content, read_feed_links, read_url

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES  # what a folder is read for
LINK_SUFFIXES = {".urls": "urls", ".rss": "rss", ".atom": "rss"}  # lists of pages to fetch, named explicitly
METADATA_FILE = "metadata.json"
FEED_FIELDS = ("outlet", "title", "url", "published", "author")  # what folder metadata may default
# text: plain text, the first line its title; html: one web page; jsonl: one article a line;
# urls: one address a line, each fetched; rss: an RSS/Atom feed whose links are fetched.
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "urls", "rss")

# Where a JSON-lines feed keeps each article field, first match wins. `--field outlet=KEY`
# replaces the list for one field; KEY may be dotted ("source.name") for nested objects.
FEED_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid"),
    "text": ("text", "body"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "publisher", "source", "site_name", "sitename"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "pubDate"),
    "author": ("author", "byline"),
}

Item = Article | InputError | InputWarning
FieldMap = dict[str, tuple[str, ...]]


def read_inputs(
    paths: Iterable[str],
    max_bytes: int | None = None,
    stdin: BinaryIO | None = None,
    input_format: str = "auto",
    fields: dict[str, str] | None = None,
) -> Iterator[Item]:
    """Articles (or errors, or a warning before an article that was cleaned) from every path:
    URLs, files, folders (recursively, sorted) or '-'.

    `input_format` applies to '-' and to files named directly (folders are read by suffix);
    `fields` maps article fields to the keys of JSON-lines feeds (see FEED_KEYS); `max_bytes`
    is per file, page or stdin (default: limits.max_bytes(), $QUOTETRACK_MAX_BYTES)."""
    yield from _cleaned(_read_paths(paths, max_bytes or default_max_bytes(), stdin, input_format, feed_keys(fields)))


# Lone surrogates (from a JSON "\ud800" or a file name that is not UTF-8): no UTF-8 text, so
# neither SQLite nor spaCy can take them.
SURROGATE = re.compile("[\ud800-\udfff]")


def _cleaned(items: Iterator[Item]) -> Iterator[Item]:
    """Every article with what cannot be stored replaced by U+FFFD (same length, so offsets
    hold), and a warning naming it when its text changed."""
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        found = len(SURROGATE.findall(item.text))
        if found:
            yield InputWarning(item.source or item.id, f"{found} lone surrogate character(s) replaced by U+FFFD")
        fields = {name: SURROGATE.sub("\ufffd", value) for name, value in vars(item).items() if isinstance(value, str)}
        yield replace(item, **fields)


def _read_paths(paths: Iterable[str], max_bytes: int, stdin: BinaryIO | None, input_format: str, keys) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, max_bytes, input_format, keys)
            continue
        if is_url(raw):
            yield from read_url(raw, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _is_article_file(p, path))
            if not files:
                yield InputError(raw, "folder holds no .txt, .html or .jsonl files")
            for file in files:
                yield from read_file(file, max_bytes, fields=keys)
        elif path.exists():
            yield from read_file(path, max_bytes, input_format, keys)
        else:
            yield InputError(raw, "no such file or folder")


def count_inputs(paths: Iterable[str], input_format: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """How many items (articles or errors) read_inputs will give, for a progress bar's total;
    None when that is unknown without reading them (standard input, feeds of links)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if is_url(raw) or not path.is_dir() and not path.is_file():
            total += 1
            continue
        files = sorted(p for p in path.rglob("*") if _is_article_file(p, path)) if path.is_dir() else [path]
        for file in files:
            fmt = format_for(file) if input_format == "auto" or path.is_dir() else input_format
            if fmt == "rss":
                return None
            total += _count_lines(file, max_bytes, fmt == "urls") if fmt in ("jsonl", "urls") else 1
        total += not files
    return total


def _count_lines(path: Path, max_bytes: int, skip_comments: bool) -> int:
    """Non-empty lines of a feed or URL list; 1 (its error) when it cannot or will not be read."""
    try:
        lines = [line.strip() for line in read_limited(path, max_bytes).splitlines()]
    except (OSError, ValueError):
        return 1
    return max(1, sum(1 for line in lines if line and not (skip_comments and line.startswith(b"#"))))


def _is_article_file(path: Path, root: Path) -> bool:
    """Supported files, leaving out hidden ones (.git, editor backups, notebook checkpoints)."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return not hidden and path.suffix.lower() in SUPPORTED and path.is_file()


def format_for(path: Path) -> str | None:
    """The input format a file's suffix says, None when it says none we read."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "jsonl"
    return LINK_SUFFIXES.get(suffix)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, input_format: str = "auto", fields: FieldMap | None = None) -> Iterator[Item]:
    """The article(s) in one file, with its folder's metadata applied."""
    fmt = format_for(path) if input_format == "auto" else input_format
    if fmt is None:
        suffix = path.suffix.lower()
        yield InputError(str(path), f"unsupported file type {suffix or '(none)'}: use .txt, .html or .jsonl (or --input-format)")
        return
    try:
        data = read_limited(path, max_bytes)
    except ValueError as error:
        yield InputError(str(path), str(error))
        return
    except OSError as error:
        yield InputError(str(path), f"cannot be read: {error.strerror or error}")
        return
    yield from read_data(data, fmt, key=path.name, source=str(path), max_bytes=max_bytes, meta=metadata_for(path), fields=fields)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, reading at most max_bytes + 1 whatever the file says its size
    is. A FIFO, device or socket raises ValueError (opened without blocking, so a FIFO with no
    writer cannot hang the run; a link to /dev/zero is never read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a FIFO, device or socket): not read")
        if info.st_size > max_bytes:
            raise ValueError(f"file is too large ({info.st_size:,} bytes; the limit is {max_bytes:,})")
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"file is too large (over the limit of {max_bytes:,} bytes)")
    return data


def _read_stdin(stream: BinaryIO, max_bytes: int, input_format: str, fields: FieldMap | None) -> Iterator[Item]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError("<stdin>", f"input is larger than the limit of {max_bytes:,} bytes")
        return
    yield from read_data(data, input_format, key="stdin", source="<stdin>", max_bytes=max_bytes, fields=fields)


def read_data(
    data: bytes,
    input_format: str,
    key: str,
    source: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    meta: dict[str, Any] | None = None,
    fields: FieldMap | None = None,
) -> Iterator[Item]:
    """The article(s) in the bytes of one input, read as `input_format` ('auto': sniffed).

    `key` identifies a single article (file name, "stdin"), `source` names the input in errors,
    `meta` is what the folder's metadata says (it wins over what the input says of itself)."""
    meta = meta or {}
    try:
        text = decode(data)
    except ValueError as error:
        yield InputError(source, str(error))
        return
    if not text.strip():
        yield InputError(source, "input is empty" if source == "<stdin>" else "file is empty")
        return
    fmt = sniff_format(text) if input_format == "auto" else input_format
    if fmt == "jsonl":
        yield from _read_feed(text, source, meta, fields or feed_keys())
    elif fmt == "urls":
        yield from _read_url_list(text, source, max_bytes)
    elif fmt == "rss":
        yield from read_feed_links(text, None, max_bytes, source)
    elif fmt == "html":
        page = page_content(text)
        if page is None:
            yield InputError(source, "HTML has no body text")
            return
        article = article_from_page(page, key, source)
        yield _with_metadata(article, meta)
    else:
        yield _with_metadata(Article(id=key, text=text, title=first_line(text), source=source), meta)


def _with_metadata(article: Article, meta: dict[str, Any]) -> Article:
    """The article with what its folder's metadata says put first."""
    said = {name: _text_or_none(meta.get(name)) for name in FEED_FIELDS}
    return replace(article, **{name: value for name, value in said.items() if value is not None})


def sniff_format(text: str) -> str:
    """What standard input holds: JSON lines, an RSS/Atom feed, an HTML page, a list of URLs or
    plain text, judged by how it opens (a JSON object on the first line, a feed or HTML tag,
    addresses on every line)."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        try:
            return "jsonl" if isinstance(json.loads(head.split("\n", 1)[0]), dict) else "text"
        except json.JSONDecodeError:
            return "text"
    if head.startswith("<"):
        if is_feed(head):
            return "rss"
        if _HTML_TAG.search(head[:4096]):
            return "html"
    lines = [line.strip() for line in head.splitlines() if line.strip() and not line.startswith("#")]
    if lines and all(is_url(line) for line in lines[:1000]):
        return "urls"
    return "text"


_HTML_TAG = re.compile(r"<(!doctype|html|head|body|title|article|main|div|p|h1)\b", re.IGNORECASE)


def _read_url_list(text: str, source: str, max_bytes: int) -> Iterator[Item]:
    """Fetch each address of a list, one a line (blank lines and # comments skipped)."""
    for number, line in enumerate(text.splitlines(), start=1):
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        if not is_url(address):
            yield InputError(f"{source}:{number}", "not an http(s) URL")
            continue
        yield from read_url(address, max_bytes)


def feed_keys(overrides: dict[str, str] | None = None) -> FieldMap:
    """FEED_KEYS with `--field FIELD=KEY` overrides; an unknown FIELD is a ValueError."""
    keys = dict(FEED_KEYS)
    for name, key in (overrides or {}).items():
        if name not in FEED_KEYS:
            raise ValueError(f"unknown field {name!r}: choose from {', '.join(FEED_KEYS)}")
        keys[name] = (key,)
    return keys


def parse_field_overrides(specs: Iterable[str]) -> dict[str, str]:
    """'outlet=publisher' → {'outlet': 'publisher'}; a malformed or unknown one is a ValueError."""
    overrides = {}
    for spec in specs:
        name, sep, key = spec.partition("=")
        if not sep or not name.strip() or not key.strip():
            raise ValueError(f"--field {spec!r}: write FIELD=KEY, e.g. outlet=publisher")
        overrides[name.strip()] = key.strip()
    feed_keys(overrides)
    return overrides


def _read_feed(text: str, source: str, defaults: dict[str, Any], keys: FieldMap) -> Iterator[Item]:
    """One article per JSON line; a bad line is one error naming SOURCE:LINE."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(where, f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a feed line must be a JSON object")
            continue
        values = {name: _field_value(record, candidates) for name, candidates in keys.items()}
        problem = _feed_record_problem(values)
        if problem:
            yield InputError(where, problem)
            continue
        article_id = values.pop("id") or values["url"]
        text_value = values.pop("text")
        values["published"] = iso_date(values["published"])
        fields = {name: values[name] if values[name] is not None else _text_or_none(defaults.get(name)) for name in FEED_FIELDS}
        yield Article(id=article_id, text=text_value, source=where, **fields)


def iso_date(value: str | None) -> str | None:
    """An RSS date ("Fri, 03 May 2024 10:00:00 GMT") as ISO 8601, so dates sort and compare
    (`quotes --since`); any other form is kept as written."""
    if not value or not _RFC_2822.match(value):
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value


_RFC_2822 = re.compile(r"^\s*(\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{4}\s")


def _field_value(record: dict[str, Any], candidates: tuple[str, ...]) -> Any:
    """The first of the candidate keys (dotted for nested objects) with a value; an object
    gives its "name" ({"name": "BBC"}), a list its items joined by commas."""
    for candidate in candidates:
        value: Any = record
        for part in candidate.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list):
            value = ", ".join(str(v.get("name", "") if isinstance(v, dict) else v) for v in value) or None
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value)
    return None


def _feed_record_problem(values: dict[str, Any]) -> str | None:
    if values["id"] is None and values["url"] is None:
        return "missing 'id'"
    if not isinstance(values["text"], str):
        return "missing 'text' (a string)"
    if not values["text"].strip():
        return "empty 'text'"
    return None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    No charset guessing beyond that: a BOM is certain, strict UTF-8 almost never decodes text in
    another encoding, and what is left in Western news is nearly always cp1252. A file that is
    not UTF-8 as a whole is decoded line by line (files pasted together from both). Binary data
    raises ValueError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise ValueError("looks binary (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(sample) // 100):
        raise ValueError("looks binary (control characters), not text")
    return text


def _decode_line(line: bytes) -> str:
    """One line of a file that is not all UTF-8: UTF-8 if it is, else Windows-1252."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def first_line(text: str) -> str | None:
    """The first non-empty line, which plain-text articles use as their title."""
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


def metadata_for(path: Path) -> dict[str, Any]:
    """What the folder's metadata.json says about this file (empty when it says nothing)."""
    return folder_metadata(path.parent).get(path.name, {})


def outlet_for(path: Path) -> str | None:
    """The outlet that published this file, from its folder's metadata, if known."""
    return _text_or_none(metadata_for(path).get("outlet"))


def folder_metadata(folder: Path) -> dict[str, dict[str, Any]]:
    """Per-file metadata from the folder's metadata.json (empty when there is none).

    Cached by modification time: a folder of thousands of files parses it once."""
    path = folder / METADATA_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _parse_metadata(path.resolve(), stamp)


@lru_cache(maxsize=64)
def _parse_metadata(path: Path, stamp: int) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    articles = data.get("articles", {}) if isinstance(data, dict) else {}
    if not isinstance(articles, dict):
        return {}
    return {name: meta for name, meta in articles.items() if isinstance(meta, dict)}
