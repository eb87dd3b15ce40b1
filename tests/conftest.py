"""Shared fixtures: databases, the bundled corpus, and a database ingested from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotetrack.crossref import refresh_matches
from quotetrack.extraction import Extractor
from quotetrack.ingest import ingest
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
    return Extractor()


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
