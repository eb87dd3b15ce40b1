"""Reading inputs into articles: text and HTML files, JSON-lines feeds, folders and stdin.

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
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError, InputWarning
from .limits import max_bytes as default_max_bytes
from .models import Article

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
METADATA_FILE = "metadata.json"
FEED_FIELDS = ("outlet", "title", "url", "published")

Item = Article | InputError | InputWarning


def read_inputs(paths: Iterable[str], max_bytes: int | None = None, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Articles (or errors, or warnings before an article) from every path: files, folders
    (recursively, sorted) or '-'. `max_bytes`: per file or stdin (default: limits.max_bytes())."""
    limit = max_bytes or default_max_bytes()
    for raw in paths:
        yield from _cleaned(_read_path(raw, limit, stdin))


def _read_path(raw: str, max_bytes: int, stdin: BinaryIO | None) -> Iterator[Item]:
    if raw == "-":
        yield from _read_stdin(stdin or sys.stdin.buffer, max_bytes)
        return
    path = Path(raw)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if _is_article_file(p, path))
        if not files:
            yield InputError(raw, "folder holds no .txt, .html or .jsonl files")
        for file in files:
            yield from read_file(file, max_bytes)
    elif path.exists():
        yield from read_file(path, max_bytes)
    else:
        yield InputError(raw, "no such file or folder")


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
        yield Article(**{**vars(item), **fields})


def _is_article_file(path: Path, root: Path) -> bool:
    """Supported files, leaving out hidden ones (.git, editor backups, notebook checkpoints)."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return not hidden and path.suffix.lower() in SUPPORTED and path.is_file()


def read_file(path: Path, max_bytes: int | None = None) -> Iterator[Item]:
    """The article(s) in one file, with its folder's metadata applied."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield InputError(str(path), f"unsupported file type {suffix or '(none)'}: use .txt, .html or .jsonl")
        return
    try:
        data = read_limited(path, max_bytes or default_max_bytes())
    except ValueError as error:
        yield InputError(str(path), str(error))
        return
    except OSError as error:
        yield InputError(str(path), f"cannot be read: {error.strerror or error}")
        return
    meta = metadata_for(path)
    if suffix in FEED_SUFFIXES:
        yield from _read_feed(path, data, meta)
        return
    try:
        text = decode(data)
    except ValueError as error:
        yield InputError(str(path), str(error))
        return
    if suffix in HTML_SUFFIXES:
        title, body = html_to_text(text)
        if not body.strip():
            yield InputError(str(path), "HTML has no body text")
            return
        text = body
    else:
        title = first_line(text)
        if not text.strip():
            yield InputError(str(path), "file is empty")
            return
    yield Article(
        id=path.name,
        text=text,
        title=_text_or_none(meta.get("title")) or title,
        outlet=outlet_for(path),
        url=_text_or_none(meta.get("url")),
        published=_text_or_none(meta.get("published")),
        source=str(path),
    )


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


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError("<stdin>", f"input is larger than the limit of {max_bytes:,} bytes")
        return
    try:
        text = decode(data)
    except ValueError as error:
        yield InputError("<stdin>", str(error))
        return
    if not text.strip():
        yield InputError("<stdin>", "input is empty")
        return
    yield Article(id="stdin", text=text, title=first_line(text), source="<stdin>")


def _read_feed(path: Path, data: bytes, defaults: dict[str, Any]) -> Iterator[Item]:
    """One article per JSON line; a bad line is one error naming path:LINE."""
    try:
        text = decode(data)
    except ValueError as error:
        yield InputError(str(path), str(error))
        return
    if not text.strip():
        yield InputError(str(path), "feed is empty")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(source, f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        problem = _feed_record_problem(record)
        if problem:
            yield InputError(source, problem)
            continue
        fields = {k: _text_or_none(record.get(k, defaults.get(k))) for k in FEED_FIELDS}
        yield Article(id=str(record["id"]), text=record["text"], source=source, **fields)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _feed_record_problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return "a feed line must be a JSON object"
    if record.get("id") in (None, ""):
        return "missing 'id'"
    if not isinstance(record.get("text"), str):
        return "missing 'text' (a string)"
    if not record["text"].strip():
        return "empty 'text'"
    return None


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
    """One line of a file that is not all UTF-8: UTF-8 if it is, else Windows-1252, so a file
    pasted together from both keeps each part readable."""
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


# --- HTML -----------------------------------------------------------------------------------

SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg", "template"}
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "section", "article", "main", "tr", "figcaption", "pre"}
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr"}


class _MainText(HTMLParser):
    """Collects text per container (article, main, body) so the most specific one can win."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.open: list[str] = []
        self.blocks: dict[str, list[str]] = {"article": [], "main": [], "body": [], "all": []}
        self.current: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self.in_title = False
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in VOID_TAGS:
            if tag == "br":
                self._flush()  # pages that separate paragraphs with <br> have no <p> at all
            return
        self.open.append(tag)
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag in BLOCK_TAGS:
            self._flush()
        self.in_title = tag == "title" or self.in_title
        self.in_h1 = tag == "h1" or self.in_h1

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            if closed in SKIPPED_TAGS:
                self.skip_depth -= 1
            if closed in BLOCK_TAGS:
                self._flush()
            if closed == "title":
                self.in_title = False
            if closed == "h1":
                self.in_h1 = False
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())
            return
        if self.in_h1 and self.h1 is None and data.strip():
            self.h1 = " ".join(data.split())  # even inside a dropped <header>
        if self.skip_depth or "head" in self.open:
            return
        self.current.append(data)

    def _flush(self) -> None:
        paragraph = " ".join("".join(self.current).split())
        self.current = []
        if not paragraph:
            return
        for container in ("article", "main", "body"):
            if container in self.open:
                self.blocks[container].append(paragraph)
        self.blocks["all"].append(paragraph)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(markup: str) -> tuple[str | None, str]:
    """(title, main text) of an HTML page: paragraphs joined by blank lines.

    The most specific container with text wins: <article>, else <main>, else <body>, else (a
    fragment without <body>) everything outside the dropped parts."""
    parser = _MainText()
    parser.feed(markup)
    parser.close()
    paragraphs = next((parser.blocks[c] for c in ("article", "main", "body", "all") if parser.blocks[c]), [])
    return parser.title or parser.h1, "\n\n".join(paragraphs)
