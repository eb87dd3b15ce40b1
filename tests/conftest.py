"""Shared fixtures: extractors of both scopes, the spaCy pipeline, databases, the bundled corpus,
and a database ingested from it; `quotes_of`, the extraction helper the quote tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotetrack.crossref import refresh_matches
from quotetrack.extraction import Extractor
from quotetrack.ingest import ingest
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
