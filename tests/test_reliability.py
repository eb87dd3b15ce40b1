"""Nothing is lost: arbitrary text never breaks extraction, a killed ingest leaves a sound
database that a re-run completes, and readers never see half an article."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quotetrack.cli import cli
from quotetrack.models import Article
from quotetrack.reading import read_inputs

from .conftest import ROOT

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
    text = ("“The minister said it would never happen, " * 400) + "the mayor said.\n\n“We will not back down,” the mayor said."
    quotes = extractor.extract(Article("t", text))
    assert "We will not back down," in [q.text for q in quotes]  # the offset check below runs on a real quote
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


def kill_mid_commit(process: subprocess.Popen, wal: Path, timeout: float = 60) -> None:
    """SIGKILL the process the moment its -wal file grows: pages of a transaction are being
    written (a commit under way), from a second thread that does nothing but watch."""
    killed = threading.Event()

    def watch() -> None:
        size = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            now = wal.stat().st_size if wal.exists() else 0
            if now > size:
                process.send_signal(signal.SIGKILL)
                killed.set()
                return
            size = now

    watcher = threading.Thread(target=watch)
    watcher.start()
    watcher.join()
    assert killed.is_set(), "the -wal file never grew while the ingest ran"


@pytest.mark.slow
def test_sigkill_mid_commit_loses_nothing_and_a_rerun_completes(tmp_path: Path):
    total = 240
    corpus = write_corpus(tmp_path / "corpus", total)
    reference = tmp_path / "reference.db"
    assert ingest_process(corpus, reference).wait(timeout=900) == 0
    expected = quotes_per_article(reference)
    assert len(expected) == total and sum(expected.values()) > total  # quotes were found: the test means something

    db = tmp_path / "killed.db"
    for threshold in (1, total // 3, 2 * total // 3):
        process = ingest_process(corpus, db)
        try:
            wait_for(lambda: article_count(db) >= threshold or process.poll() is not None, timeout=600)
            kill_mid_commit(process, Path(f"{db}-wal"))
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
    assert ingest_process(corpus, db).wait(timeout=900) == 0
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
        wait_for(lambda: article_count(db) > 0 or process.poll() is not None, timeout=600)
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


# --- one bad input never takes a batch down ---------------------------------------------------

GOOD = "Council news\n\n“We will open the new library in June,” Mayor Ann Lee said on Monday.\n"
INGEST_TIMEOUT = 180  # seconds: generous, a hang or a quadratic blow-up fails, a slow machine does not


def _fifo(folder: Path) -> Path:
    path = folder / "x.txt"
    os.mkfifo(path)
    return path


def _dev_zero(folder: Path) -> Path:
    path = folder / "x.txt"
    path.symlink_to("/dev/zero")
    return path


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return make


def _feed(lines: list[str]) -> Callable[[Path], Path]:
    return _write("feed.jsonl", "\n".join(lines) + "\n")


# (case, make the bad input in a folder, environment, what the error line says)
BAD_INPUTS = [
    ("fifo", _fifo, {}, "not a regular file"),
    ("link to /dev/zero", _dev_zero, {}, "not a regular file"),
    ("over the byte limit", _write("big.txt", "word " * 400), {"QUOTETRACK_MAX_BYTES": "1000"}, "too large"),
    ("over the character limit", _write("long.txt", "“We will win,” she said. " * 100), {"QUOTETRACK_MAX_CHARS": "1000"}, "too long to parse"),
    ("feed line over the character limit", _feed([json.dumps({"id": "long", "text": "“Yes,” he said. " * 200})]), {"QUOTETRACK_MAX_CHARS": "1000"}, "too long to parse"),
    ("binary with a newline in its name", _write("bad\nname.txt", b"\x00\x01" * 50), {}, "looks binary"),
    ("empty", _write("empty.txt", ""), {}, "file is empty"),
    ("malformed feed line", _feed(['{"id": 1, "text": ']), {}, "malformed JSON"),
    ("feed line without text", _feed(['{"id": "x"}']), {}, "missing 'text'"),
    ("unsupported type", _write("notes.pdf", "%PDF-1.4"), {}, "unsupported file type"),
]


def run_ingest(paths: list[Path], db: Path, env: dict[str, str], processes: int = 1):
    """`quotetrack ingest` through CliRunner in a thread, so a hang fails the test instead of
    stalling it."""
    runner = CliRunner()
    args = ["ingest", *map(str, paths), "--db", str(db), "--silent", "--processes", str(processes)]
    results = []
    thread = threading.Thread(target=lambda: results.append(runner.invoke(cli, args, env=env)), daemon=True)
    thread.start()
    thread.join(INGEST_TIMEOUT)
    assert not thread.is_alive(), f"ingest did not finish in {INGEST_TIMEOUT} s"
    return results[0]


def stored_keys(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("select key from articles order by key")]


@pytest.mark.parametrize("case, make, env, problem", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_a_bad_input_is_one_error_line_and_the_good_article_is_stored(tmp_path, case, make, env, problem):
    bad = make(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run_ingest([bad, good], tmp_path / "q.db", env)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and problem in errors[0], result.stderr
    assert repr(str(bad))[1:-1].split("/")[-1] in errors[0]  # named, a newline in the name escaped
    assert "Traceback" not in result.output + result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "good.txt" in stored_keys(tmp_path / "q.db")


def test_an_article_the_parser_fails_on_costs_only_itself(tmp_path, monkeypatch):
    """A parse error (as spaCy's E088 was) on one article of a batch: the batch is parsed again
    article by article, in one process and in the worker pool."""
    from quotetrack import parsing

    parse_batch = parsing.parse_batch

    def failing(nlp, texts, *args, **kwargs):
        if any("EXPLODE" in text for text in texts):
            raise ValueError("[E088] Text of length 1200030 exceeds maximum of 1000000.\nmore")
        return parse_batch(nlp, texts, *args, **kwargs)

    monkeypatch.setattr(parsing, "parse_batch", failing)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(GOOD.replace("June", f"month {n}"), encoding="utf-8")
    (folder / "2b.txt").write_text("EXPLODE\n\n" + GOOD, encoding="utf-8")
    for processes in (1, 2):
        db = tmp_path / f"q{processes}.db"
        result = run_ingest([folder], db, {}, processes)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert errors == [f"error: {folder / '2b.txt'}: could not be parsed: ValueError: [E088] Text of length 1200030 exceeds maximum of 1000000."]
        assert result.exit_code == 1
        assert stored_keys(db) == [f"{n}.txt" for n in range(5)]
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from quotes").fetchone() == (5,)


# Inputs that are handled, not refused: (case, file name, bytes, a text the stored article holds)
HANDLED_INPUTS = [
    ("10 KB of quote marks without spaces", "marks.txt", ("“" * 10_000).encode("utf-8"), "““““"),
    ("UTF-8 and Windows-1252 mixed", "mixed.txt", "Café “naïve” — €5\n".encode("utf-8") + "Déjà vu, “señor”\n".encode("cp1252"), "Café “naïve” — €5\nDéjà vu, “señor”"),
    ("10,000 unclosed <p>", "open.html", ("<html><body>" + "<p>a" * 10_000 + "</body></html>").encode("utf-8"), "a\n\na\n\na"),
    ("a paragraph over the piece size", "para.txt", ("The council met again. " * 2500 + "“We will win,” she said.").encode("utf-8"), "“We will win,” she said."),
]


@pytest.mark.parametrize("case, name, data, stored", HANDLED_INPUTS, ids=[case[0] for case in HANDLED_INPUTS])
def test_hostile_but_valid_inputs_are_stored_whole(tmp_path, case, name, data, stored):
    (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run_ingest([tmp_path / name, good], tmp_path / "q.db", {})
    assert result.exit_code == 0, result.stderr
    assert "error:" not in result.stderr
    with sqlite3.connect(tmp_path / "q.db") as conn:
        texts = dict(conn.execute("select key, text from articles"))
        rows = conn.execute("select articles.text, start, \"end\", quotes.text from quotes join articles on articles.id = article_id").fetchall()
    assert stored in texts[name] and "good.txt" in texts
    assert all(text[start:end] == quote for text, start, end, quote in rows)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # an interrupt a gc callback swallowed
def test_the_rules_stop_at_the_time_limit_and_the_batch_goes_on(tmp_path):
    """Thousands of quotes in one paragraph (some rules compare quotes pairwise): stopped at
    $QUOTETRACK_MAX_SECONDS (1 s here), one error line, the next article stored. Run in the
    main thread, where the timer works."""
    crowded = tmp_path / "crowded.txt"
    crowded.write_text("“We will win,” she said. " * 1000, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    args = ["ingest", str(crowded), str(good), "--db", str(tmp_path / "q.db"), "--silent", "--processes", "1"]
    result = CliRunner().invoke(cli, args, env={"QUOTETRACK_MAX_SECONDS": "1"})
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {crowded}: extraction stopped: took longer than 1 s (set QUOTETRACK_MAX_SECONDS to change the limit)"
    ]
    assert result.exit_code == 1
    assert stored_keys(tmp_path / "q.db") == ["good.txt"]


def test_a_lone_surrogate_is_replaced_with_a_warning_and_stored(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "s", "text": "“We will win,” she said.\ud800 Done."}) + "\n", encoding="ascii")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run_ingest([feed, good], tmp_path / "q.db", {})
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {feed}:1: 1 lone surrogate character(s) replaced by U+FFFD"
    ]
    with sqlite3.connect(tmp_path / "q.db") as conn:
        assert conn.execute("select text from articles where key = 's'").fetchone() == ("“We will win,” she said.\ufffd Done.",)


def test_a_failure_while_matching_is_one_line_and_keeps_the_articles(tmp_path, monkeypatch):
    from quotetrack import crossref

    def disk_full(db):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(crossref, "refresh_matches", disk_full)  # the ingest command imports it when it runs
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run_ingest([good], tmp_path / "q.db", {})
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'q.db'}: matching across articles failed, the stored articles are kept and the next ingest matches them (database or disk is full)"
    ]
    assert stored_keys(tmp_path / "q.db") == ["good.txt"]


# --- offsets hold on texts that yield quotes ------------------------------------------------

NAMES = st.sampled_from(["Ann Lee", "Mayor Bob Stone", "the minister", "she", "Carla Díaz", "Moon Jae-in", "officials"])
VERBS = st.sampled_from(["said", "says", "told reporters", "added", "warned", "insisted"])
CONTENTS = st.lists(st.sampled_from(["we", "will", "never", "accept", "the", "plan", "budget", "is", "a", "disaster", "for", "families", "today"]), min_size=3, max_size=12).map(" ".join)
NOISE = st.one_of(
    st.sampled_from(["“", "”", "‘", "’", '"', "\n", "\n\n", " ", "\x00", "\x0b", "\x1f", "\u200b", "\u2028", "\ud800", "\udfff", "–"]),
    st.text(max_size=8),
)


@st.composite
def quote_rich_texts(draw) -> str:
    """Paragraphs of direct and reported speech by named speakers, with noise between them."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 8))):
        content, name, verb = draw(CONTENTS), draw(NAMES), draw(VERBS)
        shape = draw(st.sampled_from(["direct-after", "direct-before", "indirect", "noise"]))
        if shape == "direct-after":
            paragraphs.append(f"“{content.capitalize()},” {name} {verb}.")
        elif shape == "direct-before":
            paragraphs.append(f"{name.capitalize()} {verb}: “{content.capitalize()}.”")
        elif shape == "indirect":
            paragraphs.append(f"{name.capitalize()} {verb} that {content}.")
        else:
            paragraphs.append("".join(draw(st.lists(NOISE, max_size=10))))
        paragraphs.append(draw(NOISE) if draw(st.booleans()) else "")
    return "\n\n".join(paragraphs)


def _offsets_hold(text: str, quotes) -> None:
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text and quote.text.strip()
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
        if quote.cue_start is not None:
            assert text[quote.cue_start : quote.cue_end] == quote.cue


def _read_back(text: str) -> str:
    """The text as quotetrack reads it from a feed line (lone surrogates replaced); a text that
    is only white space is refused as empty, so it is no example here."""
    assume(text.strip())
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "f.jsonl"
        feed.write_text(json.dumps({"id": "t", "text": text}) + "\n", encoding="ascii")
        [article] = [item for item in read_inputs([str(feed)]) if isinstance(item, Article)]
    return article.text


def test_quote_rich_texts_keep_their_offsets(extractor):
    yields = []

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=quote_rich_texts())
    def check(text):
        text = _read_back(text)
        quotes = extractor.extract(Article("t", text))
        yields.append(len(quotes))
        _offsets_hold(text, quotes)

    check()
    assert sum(1 for n in yields if n) >= len(yields) // 3, "too few generated texts yield a quote for the offset check to mean much"


def test_a_run_cut_in_two_windows_gives_a_valid_tree(extractor, monkeypatch):
    """A run longer than a window is parsed in two windows; a head one window gives across the
    cut must not join the other window's parse into a loop (found by the test below)."""
    from quotetrack import parsing

    monkeypatch.setattr(parsing, "PIECE_CHARS", 300)
    monkeypatch.setattr(parsing, "WINDOW_TOKENS", 40)
    parts = ["“We we we,” Ann Lee said.\n\n"] * 5 + [
        "“We we we we we we we we we we we,” Ann Lee said.\n\n“",
        "“We we families we we we today,” Ann Lee told reporters.\n\n",
        "“We we we,” Ann Lee said.\n\n\n\n“Will the accept we accept disaster never budget budget will today disaster,” Ann Lee said.\n\n\n\n“We we we,” Ann Lee said.\n\n",
    ]
    text = "\n\n".join(parts) + "  " + "“We will win,” she said. " * 30
    quotes = extractor.extract(Article("t", text))
    assert len(quotes) >= 30
    _offsets_hold(text, quotes)


def test_long_quote_rich_texts_parsed_in_pieces_keep_their_offsets(extractor, monkeypatch):
    """Texts far over the piece, window and run sizes (lowered here so that they are small)."""
    from quotetrack import parsing

    monkeypatch.setattr(parsing, "PIECE_CHARS", 300)
    monkeypatch.setattr(parsing, "WINDOW_TOKENS", 40)
    yields = []

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(parts=st.lists(quote_rich_texts(), min_size=3, max_size=8), run=st.text(alphabet="“”\"'(.", min_size=0, max_size=300))
    def check(parts, run):
        text = _read_back("\n\n".join(parts) + " " + run + " " + "“We will win,” she said. " * 30)
        quotes = extractor.extract(Article("t", text))
        yields.append(len(quotes))
        _offsets_hold(text, quotes)

    check()
    assert all(yields), "every long text holds a quote"


# --- databases --------------------------------------------------------------------------------


OPEN_AT = """
import sys, time
from quotetrack.storage import open_db
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
try:
    db = open_db(sys.argv[1])
    print(db.execute("select count(*) from articles").fetchone()[0])
except Exception as error:
    print(repr(error))
"""


def test_three_processes_opening_a_fresh_database_at_once_all_succeed(tmp_path):
    outcomes = []
    for round_ in range(5):
        path = tmp_path / f"fresh{round_}.db"
        start = time.time() + 1.5  # every process is up and waiting by then
        processes = [
            subprocess.Popen([sys.executable, "-c", OPEN_AT, str(path), str(start)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
            for _ in range(3)
        ]
        outcomes += [process.communicate(timeout=90)[0].strip() for process in processes]
    assert outcomes == ["0"] * 15


def _damage(path: Path) -> None:
    with open(path, "r+b") as file:
        file.seek(4096)
        file.write(os.urandom(4096 * 3))


def test_a_damaged_database_is_one_line_naming_it(tmp_path, corpus_db_path):
    db = tmp_path / "damaged.db"
    with sqlite3.connect(corpus_db_path) as source, sqlite3.connect(db) as target:
        source.backup(target)
    with sqlite3.connect(db) as conn:
        conn.execute("pragma journal_mode = delete")
    _damage(db)
    for args in (["quotes"], ["report", "--out", str(tmp_path / "r")], ["speakers"], ["compare"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code != 0, args
        assert not isinstance(result.exception, sqlite3.Error) and "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {db}:"), (args, result.stderr)


def test_a_database_that_cannot_be_written_is_read(tmp_path, corpus_db_path, monkeypatch):
    """Read-only media: the file and its folder cannot be written (the test runs as root, who can
    write anything, so quotetrack is told so), and a WAL database has no -shm to share."""
    from quotetrack import storage

    folder = tmp_path / "media"
    folder.mkdir()
    db = folder / "ro.db"
    with sqlite3.connect(corpus_db_path) as source, sqlite3.connect(db) as target:
        source.backup(target)
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone() == ("wal",)
    before = sorted(p.name for p in folder.iterdir()), db.stat().st_mtime_ns
    monkeypatch.setattr(storage, "_writable", lambda path: False)
    quotes = CliRunner().invoke(cli, ["quotes", "--db", str(db), "--format", "jsonl"])
    assert quotes.exit_code == 0, quotes.output
    assert len(quotes.output.splitlines()) > 10
    report = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(tmp_path / "r"), "--format", "md"])
    assert report.exit_code == 0, report.output
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    written = CliRunner().invoke(cli, ["ingest", str(tmp_path / "good.txt"), "--db", str(db), "--silent", "--processes", "1"])
    assert written.exit_code != 0 and "Traceback" not in written.output
    assert written.stderr.startswith(f"Error: {db}: ") and "readonly database" in written.stderr
    assert (sorted(p.name for p in folder.iterdir()), db.stat().st_mtime_ns) == before


# --- the command line -------------------------------------------------------------------------

HOSTILE_ARGUMENTS = [
    ["quotes", "--limit", str(2**64)],
    ["quotes", "--limit", "-1"],
    ["compare", "--min-outlets", str(2**63)],
    ["check", "words", "--limit", "0"],
    ["speakers", "split", str(2**64)],
    ["speakers", "merge", "1", "0"],
    ["speakers", "rename", str(2**64), "X"],
    ["speakers", "rename", "0", "X"],
    ["quotes", "--speaker", "Ann\udcff"],
    ["report", "--outlet", "\udcc3("],
]


@pytest.mark.parametrize("args", HOSTILE_ARGUMENTS, ids=lambda args: " ".join(args).encode("utf-8", "backslashreplace").decode())
def test_hostile_arguments_are_one_clear_error(corpus_db_path, tmp_path, args):
    result = CliRunner().invoke(cli, [*args, "--db", str(corpus_db_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert "Error: Invalid value" in result.stderr and ("is not in the range" in result.stderr or "not valid UTF-8" in result.stderr)


CLAIM = "North Korea dangled a meeting in hopes of the vice president softening his message"


def test_speaker_wildcards_are_taken_literally_everywhere(corpus_db_path, tmp_path):
    for pattern in ("%", "_", "\\"):
        quotes = CliRunner().invoke(cli, ["quotes", "--db", str(corpus_db_path), "--speaker", pattern, "--format", "jsonl"])
        assert quotes.exit_code == 0 and quotes.output == ""
        report = CliRunner().invoke(cli, ["report", "--db", str(corpus_db_path), "--speaker", pattern, "--format", "json", "--out", str(tmp_path)])
        assert json.loads((tmp_path / "report.json").read_text())["overview"]["quotes"] == 0, pattern
        compare = CliRunner().invoke(cli, ["compare", "--db", str(corpus_db_path), "--speaker", pattern, "--format", "jsonl"])
        assert compare.exit_code == 0 and compare.output == "", pattern
        check = CliRunner().invoke(cli, ["check", CLAIM, "--db", str(corpus_db_path), "--speaker", pattern, "--format", "json"])
        assert json.loads(check.output)["verdict"] == "different speaker", pattern
    assert CliRunner().invoke(cli, ["compare", "--db", str(corpus_db_path), "--speaker", "Ayres", "--format", "jsonl"]).output
    check = CliRunner().invoke(cli, ["check", CLAIM, "--db", str(corpus_db_path), "--speaker", "ayers", "--format", "json"])
    assert check.exit_code == 0 and json.loads(check.output)["verdict"] == "verbatim"
    report = CliRunner().invoke(cli, ["report", "--db", str(corpus_db_path), "--speaker", "Ayres", "--format", "json", "--out", str(tmp_path)])
    assert json.loads((tmp_path / "report.json").read_text())["overview"]["quotes"] > 0
