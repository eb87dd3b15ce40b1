"""Nothing is lost: arbitrary text never breaks extraction, a killed ingest leaves a sound
database that a re-run completes, and readers never see half an article."""

from __future__ import annotations

import random
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


SPEAKERS = ["Mayor Ann Lee", "Bob Stone", "Carla Diaz", "Dev Patel", "Eve Moreau", "Farid Haddad", "Grace Kim", "Hugo Brandt"]
TOPICS = ["the library", "the harbour bridge", "the school budget", "the night buses", "the new clinic", "the park", "the stadium", "the water tax"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(n: int) -> str:
    """A small article with 0–3 direct quotes and sometimes reported speech, varied by a seed."""
    pick = random.Random(n)
    paragraphs = [f"Council report {n}"]
    for _ in range(n % 4):
        who, topic = pick.choice(SPEAKERS), pick.choice(TOPICS)
        paragraphs.append(
            f"“We will decide on {topic} before week {pick.randint(1, 52)} of {1900 + n},” {who} said on {pick.choice(DAYS)}."
        )
    if n % 3 == 0:
        paragraphs.append(f"{pick.choice(SPEAKERS)} said {pick.choice(TOPICS)} would cost {n} thousand pounds in {pick.choice(DAYS)}’s plan.")
    paragraphs.append(f"Meeting {n} closed at {pick.randint(1, 12)} o’clock.")
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:04d}.txt").write_text(article_text(n), encoding="utf-8")
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


def quotes_per_article(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select key, (select count(*) from quotes where quotes.article_id = articles.id) from articles"
        ).fetchall()
    return dict(rows)


def wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_at_any_moment_loses_nothing_and_a_rerun_completes(tmp_path: Path):
    total = 240
    corpus = write_corpus(tmp_path / "corpus", total)
    reference = tmp_path / "reference.db"
    assert ingest_process(corpus, reference).wait(timeout=300) == 0
    expected = quotes_per_article(reference)
    assert len(expected) == total and sum(expected.values()) > total  # quotes were found: the test means something

    db = tmp_path / "killed.db"
    for threshold in (1, total // 3, 2 * total // 3):
        process = ingest_process(corpus, db)
        try:
            wait_for(lambda: article_count(db) >= threshold or process.poll() is not None, timeout=120)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed mid-run"
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            assert incomplete_articles(conn) == []
        stored = quotes_per_article(db)
        assert threshold <= len(stored) < total
        assert stored == {key: expected[key] for key in stored}, "an article was stored with a different number of quotes"
    assert ingest_process(corpus, db).wait(timeout=300) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*) from (select text_sha256 from articles group by text_sha256 having count(*) > 1)").fetchone() == (0,)
        assert conn.execute("select count(*) from (select 1 from quotes group by article_id, start, \"end\", kind having count(*) > 1)").fetchone() == (0,)
    assert quotes_per_article(db) == expected


@pytest.mark.slow
def test_readers_during_an_ingest_never_fail_or_see_half_an_article(tmp_path: Path):
    total = 240
    corpus = write_corpus(tmp_path / "corpus", total)
    db = tmp_path / "live.db"
    process = ingest_process(corpus, db)
    reads, seen = 0, set()
    try:
        wait_for(lambda: article_count(db) > 0 or process.poll() is not None, timeout=120)
        conn = sqlite3.connect(db, timeout=10)
        while process.poll() is None:
            assert incomplete_articles(conn) == []
            rows = conn.execute(
                "select article_key, count(*), (select quotes_count from articles where key = article_key) "
                "from quotes_view group by article_key"
            ).fetchall()
            assert all(count == expected for _, count, expected in rows), "the view showed part of an article"
            seen.update(key for key, _, _ in rows)
            reads += 1
        conn.close()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, process.stderr.read().decode()
    assert reads > 10 and 0 < len(seen)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
        assert conn.execute("select count(*) from articles").fetchone() == (total,)
