"""Reading inputs: every supported kind, and every bad input as one clear error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quotetrack.errors import InputError
from quotetrack.models import Article
from quotetrack.reading import decode, html_to_text, read_inputs

from .conftest import CORPUS


def read(paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_text_file_is_read_exactly_with_title_and_folder_metadata():
    path = CORPUS / "000_9e2afce4b845400f.txt"
    [article] = read([path])
    assert article.text == path.read_text(encoding="utf-8")
    assert article.id == path.name
    assert article.title == "North Korea cancelled secret with meeting with Pence"
    assert article.outlet == "Daily Mail"


def test_folder_is_read_recursively_and_sorted(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article.\n\nBody.")
    (tmp_path / "1.txt").write_text("First article.")
    (tmp_path / "notes.csv").write_text("ignored,in,folders")
    assert [a.id for a in read([tmp_path])] == ["1.txt", "2.txt"]


def test_feed_lines_become_articles_and_bad_lines_errors(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "He said so.", "outlet": "Post", "published": "2020-01-02"}),
                "{not json",
                json.dumps({"id": "a2"}),
                json.dumps({"text": "no id"}),
                json.dumps({"id": "a3", "text": "Third."}),
            ]
        )
    )
    items = read([feed])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "InputError", "Article"]
    assert items[0].outlet == "Post" and items[0].published == "2020-01-02"
    assert items[1].source == f"{feed}:2" and "malformed JSON" in items[1].problem
    assert "missing 'text'" in items[2].problem
    assert "missing 'id'" in items[3].problem


def test_html_main_text_and_title(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>The title</title><style>p{}</style></head><body><nav>Menu</nav>"
        "<article><h1>Heading</h1><p>“We are ready,” the minister said.</p><p>Second <b>para</b>.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    [article] = read([page])
    assert article.title == "The title"
    assert article.text == "Heading\n\n“We are ready,” the minister said.\n\nSecond para."


def test_stdin():
    [article] = read_inputs(["-"], stdin=io.BytesIO("Title\n\nShe said it.".encode()))
    assert article.id == "stdin" and article.title == "Title"


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("nobody.html", b"<html><head><title>x</title></head><body><script>1</script></body></html>", "no body text"),
        ("data.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
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


@pytest.mark.parametrize(
    "data,expected",
    [
        ("café “quoted”".encode("utf-8"), "café “quoted”"),
        (b"\xef\xbb\xbf" + "BOM text".encode("utf-8"), "BOM text"),
        ("UTF-16 “text”".encode("utf-16"), "UTF-16 “text”"),
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
    items = read([tmp_path / "missing.txt", tmp_path / "bad.txt", good])
    assert [type(i) for i in items] == [InputError, InputError, Article]


def test_html_without_article_uses_body():
    title, text = html_to_text("<body><h1>T</h1><p>One.</p><p>Two.</p></body>")
    assert (title, text) == ("T", "T\n\nOne.\n\nTwo.")
