"""Reading inputs: every supported kind, and every bad input as one clear error."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from quotetrack.errors import InputError, InputWarning
from quotetrack.models import Article
from quotetrack.reading import decode, outlet_for, parse_field_overrides, read_inputs, read_limited, sniff_format

from .conftest import CORPUS


def read(paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_text_file_is_read_exactly_with_title_and_folder_metadata():
    path = CORPUS / "000_9e2afce4b845400f.txt"
    [article] = read([path])
    assert article.text == path.read_text(encoding="utf-8")
    assert article.id == path.name and article.source == str(path)
    assert article.title == "North Korea cancelled secret with meeting with Pence"
    assert article.outlet == "Daily Mail"


def test_bundled_corpus_metadata_says_what_is_unknown():
    meta = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
    assert meta["about"] and set(meta["articles"]) == {p.name for p in CORPUS.glob("*.txt")}
    unknown = meta["articles"]["001_246dc03ee6bb70c1.txt"]
    assert unknown["outlet"] is None and "cut off" in unknown["note"]
    assert [a.outlet for a in read([CORPUS])] == ["Daily Mail", None]


@pytest.mark.parametrize(
    "name,data,text,title",
    [
        ("plain.txt", "\n\n  Title line  \nBody “quoted”.\n".encode(), "\n\n  Title line  \nBody “quoted”.\n", "Title line"),
        ("crlf.txt", b"Title\r\n\r\nBody.\r\n", "Title\r\n\r\nBody.\r\n", "Title"),
        ("bom.txt", b"\xef\xbb\xbfTitle\nBody.", "Title\nBody.", "Title"),
        ("utf16.txt", "Title\n“Body” café.".encode("utf-16"), "Title\n“Body” café.", "Title"),
        ("latin1.txt", "Café title\nCrème brûlée.".encode("latin-1"), "Café title\nCrème brûlée.", "Café title"),
        ("cp1252.TXT", "Title\n“Smart” quotes – dash.".encode("cp1252"), "Title\n“Smart” quotes – dash.", "Title"),
        ("page.htm", b"<title>T</title><body><p>One.</p></body>", "One.", "T"),
    ],
)
def test_good_files(tmp_path: Path, name, data, text, title):
    path = tmp_path / name
    path.write_bytes(data)
    [article] = read([path])
    assert isinstance(article, Article)
    assert (article.id, article.text, article.title) == (name, text, title)


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("controls.txt", bytes(range(1, 32)) * 20, "binary"),
        ("nobody.html", b"<html><head><title>x</title></head><body><script>1</script></body></html>", "no body text"),
        ("nav-only.html", b"<body><nav><p>Home</p></nav><footer>c</footer></body>", "no body text"),
        ("data.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("noextension", b"Some text.", "unsupported file type (none)"),
        ("empty.jsonl", b"", "empty"),
    ],
)
def test_bad_files_give_one_error_naming_them(tmp_path: Path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    [item] = read([path])
    assert isinstance(item, InputError)
    assert item.source == str(path)
    assert problem in item.problem


def test_missing_path_is_an_error(tmp_path: Path):
    [item] = read([tmp_path / "nope.txt"])
    assert isinstance(item, InputError) and "no such file" in item.problem


def test_file_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    [item] = read([path], max_bytes=100)
    assert isinstance(item, InputError) and "too large" in item.problem
    [article] = read([path], max_bytes=5000)
    assert isinstance(article, Article)


def test_folder_is_read_recursively_sorted_and_skips_hidden_and_other_files(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article.\n\nBody.")
    (tmp_path / "1.txt").write_text("First article.")
    (tmp_path / "3.html").write_text("<p>Third.</p>")
    (tmp_path / "notes.csv").write_text("ignored,in,folders")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("hidden")
    (tmp_path / "metadata.json").write_text("{}")
    assert [a.id for a in read([tmp_path])] == ["1.txt", "3.html", "2.txt"]


def test_empty_folder_is_an_error(tmp_path: Path):
    [item] = read([tmp_path])
    assert isinstance(item, InputError) and "no .txt" in item.problem


def test_feed_lines_become_articles_and_bad_lines_errors(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "He said so.", "outlet": "Post", "published": "2020-01-02", "url": "https://x"}),
                "{not json",
                json.dumps({"id": "a2"}),
                json.dumps({"text": "no id"}),
                "",
                json.dumps(["a", "list"]),
                json.dumps({"id": 7, "text": "Third.", "title": "T3"}),
            ]
        )
    )
    items = read([feed])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "InputError", "InputError", "Article"]
    assert (items[0].id, items[0].outlet, items[0].published, items[0].url) == ("a1", "Post", "2020-01-02", "https://x")
    assert items[0].source == f"{feed}:1"
    assert items[1].source == f"{feed}:2" and "malformed JSON" in items[1].problem
    assert "missing 'text'" in items[2].problem
    assert "missing 'id'" in items[3].problem
    assert items[4].source == f"{feed}:6" and "JSON object" in items[4].problem
    assert (items[5].id, items[5].title) == ("7", "T3")


def test_folder_metadata_applies_to_files_and_feeds(tmp_path: Path):
    (tmp_path / "metadata.json").write_text(
        json.dumps(
            {
                "about": "test",
                "articles": {
                    "a.txt": {"outlet": "Post", "title": "Given title", "url": "https://post/a", "published": "2021-03-04"},
                    "feed.jsonl": {"outlet": "Wire"},
                },
            }
        )
    )
    (tmp_path / "a.txt").write_text("Title in file\n\nBody.")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "1", "text": "x"}) + "\n" + json.dumps({"id": "2", "text": "y", "outlet": "Own"}) + "\n"
    )
    [article] = read([tmp_path / "a.txt"])
    assert (article.outlet, article.title, article.url, article.published) == ("Post", "Given title", "https://post/a", "2021-03-04")
    assert outlet_for(tmp_path / "a.txt") == "Post" and outlet_for(tmp_path / "other.txt") is None
    assert [a.outlet for a in read([tmp_path / "feed.jsonl"])] == ["Wire", "Own"]


@pytest.mark.parametrize("content", ["{broken", "[]", '{"articles": []}', '{"articles": {"a.txt": "Post"}}'])
def test_unusable_metadata_means_no_metadata(tmp_path: Path, content: str):
    (tmp_path / "metadata.json").write_text(content)
    (tmp_path / "a.txt").write_text("Body.")
    [article] = read([tmp_path])
    assert isinstance(article, Article) and article.outlet is None


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"Title\n\nShe said it.", Article("stdin", "Title\n\nShe said it.", title="Title", source="<stdin>")),
        ("Caf\u00e9".encode("latin-1"), Article("stdin", "Café", title="Café", source="<stdin>")),
        (b"  \n", InputError("<stdin>", "input is empty")),
        (b"\x00\x01", InputError("<stdin>", "looks binary (NUL bytes), not text")),
        (b"x" * 101, InputError("<stdin>", "input is larger than the limit of 100 bytes")),
    ],
)
def test_stdin(data: bytes, expected):
    [item] = read_inputs(["-"], max_bytes=100, stdin=io.BytesIO(data))
    if isinstance(expected, InputError):
        assert isinstance(item, InputError) and (item.source, item.problem) == (expected.source, expected.problem)
    else:
        assert item == expected


@pytest.mark.parametrize(
    "data,expected",
    [
        ("café “quoted”".encode("utf-8"), "café “quoted”"),
        (b"\xef\xbb\xbf" + "BOM text".encode("utf-8"), "BOM text"),
        ("UTF-16 “text”".encode("utf-16"), "UTF-16 “text”"),
        (b"\xfe\xff" + "UTF-16 BE".encode("utf-16-be"), "UTF-16 BE"),
        ("Latin-1 café".encode("latin-1"), "Latin-1 café"),
        ("cp1252 “smart”".encode("cp1252"), "cp1252 “smart”"),
    ],
)
def test_encodings(data: bytes, expected: str):
    assert decode(data) == expected


def test_a_batch_goes_on_after_bad_inputs(tmp_path: Path):
    (tmp_path / "bad.txt").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("Good article.")
    items = read([tmp_path / "missing.txt", tmp_path / "bad.txt", tmp_path / "x.doc", good])
    assert [type(i) for i in items] == [InputError, InputError, InputError, Article]


# --- what a file system can put in the way -----------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    [item] = read([fifo])
    assert isinstance(item, InputError) and "not a regular file" in item.problem


def test_a_link_to_a_device_is_never_read(tmp_path):
    link = tmp_path / "x.txt"
    link.symlink_to("/dev/zero")
    [item] = read([link])
    assert isinstance(item, InputError) and "not a regular file" in item.problem


def test_the_byte_limit_counts_bytes_read_not_the_size_reported(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("word " * 100, encoding="utf-8")
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))  # claims 0 bytes
    with pytest.raises(ValueError, match="over the limit of 100 bytes"):
        read_limited(path, 100)


def test_the_byte_limit_is_a_setting(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("word " * 100, encoding="utf-8")
    monkeypatch.setenv("QUOTETRACK_MAX_BYTES", "100")
    [item] = read([path])
    assert isinstance(item, InputError) and "the limit is 100" in item.problem


def test_a_file_mixing_utf8_and_cp1252_keeps_both_halves():
    data = "Café “naïve”\n".encode("utf-8") + "Déjà “vu”\n".encode("cp1252")
    assert decode(data) == "Café “naïve”\nDéjà “vu”\n"


def test_lone_surrogates_are_replaced_with_a_warning(tmp_path):
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "a\udc80", "text": "One \ud800 two \udfff."}) + "\n", encoding="ascii")
    warning, article = read([feed])
    assert isinstance(warning, InputWarning) and warning.problem == "2 lone surrogate character(s) replaced by U+FFFD"
    assert article.text == "One \ufffd two \ufffd." and article.id == "a\ufffd"


def test_an_error_line_escapes_line_breaks_in_names():
    assert str(InputError("bad\nname\udcff.txt", "looks binary\nreally")) == "bad\\nname\\udcff.txt: looks binary\\nreally"


FEED_LINES = "\n".join(
    json.dumps(record)
    for record in [
        {"id": "a1", "text": "“Yes,” she said.", "publisher": "Daily Planet", "date": "2024-05-03", "author": "Lois Lane"},
        {"url": "https://x.example/2", "body": "He said no.", "source": {"id": "hn", "name": "Harbour News"}, "headline": "No"},
        {"guid": "g3", "text": "They agreed.", "site_name": "The Post", "byline": ["A. Writer", "B. Writer"]},
    ]
)


@pytest.mark.parametrize(
    "data,formats",
    [
        (FEED_LINES, "jsonl"),
        ("  \n{\"id\": 1, \"text\": \"x\"}\n", "jsonl"),
        ("{not json at all", "text"),
        ("<!doctype html><html><body><p>x</p></body></html>", "html"),
        ("<p>A fragment.</p>", "html"),
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "rss"),
        ("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", "rss"),
        ("https://x.example/a\n\n# comment\nhttp://x.example/b\n", "urls"),
        ("Title\n\nhttps://x.example/a is where she said it.", "text"),
        ("“Quoted,” she said.", "text"),
    ],
)
def test_stdin_format_is_sniffed(data: str, formats: str):
    assert sniff_format(data) == formats


def test_jsonl_on_stdin_is_a_feed_with_common_field_names():
    items = list(read_inputs(["-"], stdin=io.BytesIO(FEED_LINES.encode()), input_format="jsonl"))
    assert [(a.id, a.outlet, a.published, a.title, a.author, a.source) for a in items] == [
        ("a1", "Daily Planet", "2024-05-03", None, "Lois Lane", "<stdin>:1"),
        ("https://x.example/2", "Harbour News", None, "No", None, "<stdin>:2"),
        ("g3", "The Post", None, None, "A. Writer, B. Writer", "<stdin>:3"),
    ]
    assert items[1].text == "He said no."
    # sniffed the same way without --input-format
    assert [a.id for a in read_inputs(["-"], stdin=io.BytesIO(FEED_LINES.encode()))] == ["a1", "https://x.example/2", "g3"]


@pytest.mark.parametrize(
    "date,expected",
    [
        ("Fri, 03 May 2024 10:00:00 GMT", "2024-05-03T10:00:00+00:00"),
        ("3 May 2024 10:00:00 +0200", "2024-05-03T10:00:00+02:00"),
        ("2024-05-03", "2024-05-03"),
        ("May 3rd", "May 3rd"),
        ("Fri, 99 Foo 2024 10:00:00 GMT", "Fri, 99 Foo 2024 10:00:00 GMT"),
    ],
)
def test_feed_dates_in_rss_form_become_iso(date, expected):
    line = json.dumps({"id": "a", "text": "x", "pubDate": date})
    [article] = read_inputs(["-"], stdin=io.BytesIO(line.encode()))
    assert article.published == expected


def test_field_overrides_choose_the_feed_keys():
    line = json.dumps({"id": "a", "text": "x", "publisher": "Wrong", "paper": {"title": "Right"}, "when": "2024-01-02"})
    [article] = read_inputs(["-"], stdin=io.BytesIO(line.encode()), fields={"outlet": "paper.title", "published": "when"})
    assert (article.outlet, article.published) == ("Right", "2024-01-02")
    [article] = read_inputs(["-"], stdin=io.BytesIO(json.dumps({"key": "k1", "story": "Words."}).encode()), fields={"id": "key", "text": "story"})
    assert (article.id, article.text) == ("k1", "Words.")


@pytest.mark.parametrize(
    "specs,problem",
    [(["outlet"], "write FIELD=KEY"), (["=x"], "write FIELD=KEY"), (["colour=x"], "unknown field 'colour'")],
)
def test_bad_field_overrides(specs, problem):
    with pytest.raises(ValueError, match=problem):
        parse_field_overrides(specs)


def test_input_format_applies_to_a_named_file_but_not_to_folders(tmp_path: Path):
    path = tmp_path / "feed.txt"
    path.write_text(FEED_LINES)
    assert len(read([path], input_format="jsonl")) == 3
    assert len(read([path])) == 1  # .txt: one plain-text article
    assert [a.id for a in read([tmp_path], input_format="jsonl")] == ["feed.txt"]
