"""Fitted models shipped as data: one-line errors naming the file, the card beside the weights,
the environment's file read once."""

import json

import pytest

from quotetrack import artefacts
from quotetrack.errors import QuotetrackError


def build(data):
    return {"weights": dict(data["weights"])}


def test_saved_weights_load_back_with_their_card(tmp_path):
    path = tmp_path / "model.json"
    artefacts.save(path, {"weights": {"a": 1.5}}, "# card\n")
    assert artefacts.load(path, "test model", build) == {"weights": {"a": 1.5}}
    assert (tmp_path / "model.md").read_text(encoding="utf-8") == "# card\n"


@pytest.mark.parametrize(
    "content, problem",
    [(None, "cannot be read"), ("{not json", "not a test model file"), ('{"bias": 0}', "not a test model file")],
)
def test_a_bad_file_is_one_error_naming_it(tmp_path, content, problem):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(QuotetrackError) as raised:
        artefacts.load(path, "test model", build)
    message = str(raised.value)
    assert message.startswith(f"test model {path}: {problem}") and "\n" not in message


def test_the_environment_names_the_file_and_it_is_read_once(tmp_path, monkeypatch):
    mine, bundled = tmp_path / "mine.json", tmp_path / "bundled.json"
    mine.write_text(json.dumps({"weights": {"mine": 1}}), encoding="utf-8")
    bundled.write_text(json.dumps({"weights": {"bundled": 1}}), encoding="utf-8")
    reads = []

    def read(path):
        reads.append(path)
        return artefacts.load(path, "test model", build)

    monkeypatch.delenv("QUOTETRACK_TEST_MODEL", raising=False)
    assert artefacts.default("QUOTETRACK_TEST_MODEL", bundled, read) == {"weights": {"bundled": 1}}
    monkeypatch.setenv("QUOTETRACK_TEST_MODEL", str(mine))
    assert artefacts.default("QUOTETRACK_TEST_MODEL", bundled, read) == {"weights": {"mine": 1}}
    assert artefacts.default("QUOTETRACK_TEST_MODEL", bundled, read) == {"weights": {"mine": 1}}
    assert reads == [bundled, mine]


def test_file_sha256_is_the_files_digest(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"abc")
    assert artefacts.file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
