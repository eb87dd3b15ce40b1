"""Nothing is lost: arbitrary text never breaks extraction, a killed ingest leaves a sound
database that a re-run completes, and readers never see half an article."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotetrack.models import Article

PIECES = st.sampled_from(
    ["“", "”", "‘", "’", '"', "'", "«", "»", "„", " said ", " says ", " according to ", " told the Post ",
     "he", "Jane Smith", "\n", "\n\n", ",", ".", ":", " – ", "\x00", "\x0b", "\u200b", "don’t", "officials’ "]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_arbitrary_text_never_raises_and_offsets_hold(extractor, text):
    for quote in extractor.extract(Article("t", text)):
        assert text[quote.start : quote.end] == quote.text and quote.text.strip()
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
        if quote.cue_start is not None:
            assert text[quote.cue_start : quote.cue_end] == quote.cue


def test_very_long_paragraph_with_unbalanced_marks(extractor):
    text = ("“The minister said it would never happen, " * 400) + "the mayor said. ‘Yes,’ she said."
    quotes = extractor.extract(Article("t", text))
    assert all(text[q.start : q.end] == q.text for q in quotes)


ARTICLE = (
    "Article {n}\n\n“We will keep the library number {n} open all summer long,” Mayor Ann Lee said on Monday.\n\n"
    "The council said the budget for project {n} was balanced, according to the minutes.\n"
)


def write_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:04d}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    return folder


def ingest_process(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "quotetrack", "ingest", str(corpus), "--db", str(db), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def incomplete_articles(conn: sqlite3.Connection) -> list[tuple]:
    """Articles whose stored quotes differ from the count written with them (one statement: one snapshot)."""
    return conn.execute(
        "select id, quotes_count, (select count(*) from quotes where quotes.article_id = articles.id) as n "
        "from articles where quotes_count != n"
    ).fetchall()


def wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)


@pytest.mark.slow
def test_sigkill_at_any_moment_loses_nothing_and_a_rerun_completes(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", 400)
    reference = tmp_path / "reference.db"
    assert ingest_process(corpus, reference).wait(timeout=300) == 0
    with sqlite3.connect(reference) as conn:
        expected = conn.execute("select count(*), (select count(*) from quotes) from articles").fetchone()

    db = tmp_path / "killed.db"
    for threshold in (1, 100, 250):
        process = ingest_process(corpus, db)
        try:
            wait_for(lambda: article_count(db) >= threshold or process.poll() is not None, timeout=120)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            assert incomplete_articles(conn) == []
    assert ingest_process(corpus, db).wait(timeout=300) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*), (select count(*) from quotes) from articles").fetchone() == expected
        assert conn.execute("select count(*) from (select text_sha256 from articles group by text_sha256 having count(*) > 1)").fetchone() == (0,)


@pytest.mark.slow
def test_readers_during_an_ingest_never_fail_or_see_half_an_article(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", 300)
    db = tmp_path / "live.db"
    process = ingest_process(corpus, db)
    reads = 0
    try:
        wait_for(lambda: article_count(db) > 0 or process.poll() is not None, timeout=120)
        conn = sqlite3.connect(db, timeout=10)
        while process.poll() is None:
            assert incomplete_articles(conn) == []
            conn.execute("select * from quotes_view order by quote_id desc limit 20").fetchall()
            reads += 1
        conn.close()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, process.stderr.read().decode()
    assert reads > 10
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
        assert conn.execute("select count(*) from articles").fetchone() == (300,)

