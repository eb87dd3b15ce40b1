"""The quote database: opening it (migrated to the shape in schema.py), writing articles with
their quotes, and queries.

Writes happen one batch of articles per transaction: an article is stored with all its quotes or
not at all, and `articles.quotes_count` is written in the same transaction, so a reader can check
that it sees every quote of an article. Articles are identified by the SHA-256 of their text:
storing the same text again creates nothing (re-running an ingest never duplicates rows), while
the same key (file name, feed id) with a different text is stored as a new row, a revised
version of the article, both kept so quotes can be compared across revisions.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sqlite3
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from .errors import DatabaseError
from .models import Article, Quote
from .names import name_key
from .schema import migrations

# --- opening ---------------------------------------------------------------------------------


# How long opening waits for another process that holds the database (migrating or writing).
OPEN_TIMEOUT = 30.0
BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


def open_db(path: str | Path, must_exist: bool = False) -> Database:
    """Open (creating or upgrading as needed) a quotetrack database in WAL mode.

    Safe when several processes open one database at once: the check that it is ours and the
    migrations run in one BEGIN IMMEDIATE transaction (a migration lock), retried while another
    process holds it. A database whose file or folder cannot be written is opened read-only
    (`mode=ro`, else `immutable=1` for a WAL database on read-only media), if it needs no upgrade.
    Every failure is a DatabaseError naming the file."""
    path = Path(path)
    if must_exist and not path.exists():
        raise DatabaseError(f"{path}: no such database (create it with `quotetrack ingest PATH --db {path}`)")
    if path.exists() and path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if path.exists() and not _writable(path):
        return _open_read_only(path)
    deadline = time.monotonic() + OPEN_TIMEOUT
    while True:
        db = None
        try:
            db = Database(sqlite3.connect(str(path), timeout=OPEN_TIMEOUT, check_same_thread=False))
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA foreign_keys = ON")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = wal")
            if migrations.pending(db) or not db.table_names():
                _migrate(db, path)
            return db
        except sqlite3.OperationalError as error:
            if db is not None:
                db.close()
            if any(m in str(error) for m in BUSY_MESSAGES) and time.monotonic() < deadline:
                time.sleep(0.05 + random.random() * 0.2)
                continue
            raise DatabaseError(f"{path}: cannot be opened ({error})") from None
        except sqlite3.DatabaseError as error:
            if db is not None:
                db.close()
            raise DatabaseError(f"{path}: not a usable SQLite database ({error})") from None
        except DatabaseError:
            if db is not None:
                db.close()
            raise


def _migrate(db: Database, path: Path) -> None:
    """Check that the database is ours and apply pending migrations, holding the write lock
    from the check to the last migration, so no other process sees half a schema."""
    db.execute("BEGIN IMMEDIATE")
    try:
        _refuse_foreign(db, path)
        migrations.apply(db)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


def db_file(db: Database) -> str:
    """The file a database connection has open (for messages that name it)."""
    try:
        return db.execute("pragma database_list").fetchone()[2] or "(in memory)"
    except sqlite3.Error:
        return "the database"


def _writable(path: Path) -> bool:
    """Can this process write the database (and the -wal and -shm files next to it)?"""
    return os.access(path, os.W_OK) and os.access(path.parent if str(path.parent) else Path("."), os.W_OK)


def _open_read_only(path: Path) -> Database:
    """A database this process cannot write, opened for reading: `mode=ro` when SQLite can
    still share it (its -shm is there to use), else `immutable=1` (read-only media)."""
    uri = path.resolve().as_uri()
    problem = None
    for flags in ("mode=ro", "immutable=1"):
        conn = None
        try:
            conn = sqlite3.connect(f"{uri}?{flags}", uri=True, timeout=OPEN_TIMEOUT, check_same_thread=False)
            db = Database(conn)
            if migrations.pending(db):
                raise DatabaseError(f"{path}: read-only, and made by an older quotetrack (open it once where it can be written to upgrade it)")
            db.execute("select count(*) from articles").fetchone()
            return db
        except sqlite3.DatabaseError as error:
            problem = error
            if conn is not None:
                conn.close()
        except DatabaseError:
            if conn is not None:
                conn.close()
            raise
    raise DatabaseError(f"{path}: read-only and cannot be opened ({problem})")


def _refuse_foreign(db: Database, path: Path) -> None:
    """Never add quotetrack's tables to someone else's database."""
    tables = [t for t in db.table_names() if not t.startswith("sqlite_") and t != migrations.migrations_table]
    if tables and not migrations.applied(db):
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise DatabaseError(f"{path}: a SQLite database, but not a quotetrack one (it has tables {shown})")


# --- writing ---------------------------------------------------------------------------------


class SaveResult(NamedTuple):
    article_id: int
    created: bool  # False: this text was stored already, nothing was written
    quotes: int  # quotes written now


def text_hash(text: str) -> str:
    """SHA-256 of the text as UTF-8 (a lone surrogate, which reading never lets through, is
    hashed as its code point rather than crashing)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def stored_article_id(db: Database, text: str) -> int | None:
    """The id of an article with exactly this text, if it is stored already."""
    row = db.execute("select id from articles where text_sha256 = ?", [text_hash(text)]).fetchone()
    return row[0] if row else None


def save_batch(
    db: Database,
    batch: Iterable[tuple[Article, list[Quote]]],
    outlet: str | None = None,
    model: str | None = None,
    version: str | None = None,
) -> list[SaveResult]:
    """Store several articles with their quotes in one transaction (all or nothing).

    Batching is for speed (one commit per batch); `outlet` overrides every article's outlet;
    `model` and `version` record what read the articles, even those with no quotes."""
    results = []
    with db.atomic():
        for article, quotes in batch:
            results.append(_save_one(db, article, quotes, outlet, model, version))
    return results


def save_article(
    db: Database,
    article: Article,
    quotes: list[Quote],
    outlet: str | None = None,
    model: str | None = None,
    version: str | None = None,
) -> SaveResult:
    """Store one article with all its quotes, or nothing if its text is stored already."""
    return save_batch(db, [(article, quotes)], outlet, model, version)[0]


def _save_one(
    db: Database, article: Article, quotes: list[Quote], outlet: str | None, model: str | None, version: str | None
) -> SaveResult:
    digest = text_hash(article.text)
    existing = db.execute("select id from articles where text_sha256 = ?", [digest]).fetchone()
    if existing:
        return SaveResult(existing[0], False, 0)
    outlet_name = outlet or article.outlet
    outlet_id = db["outlets"].lookup({"name": outlet_name}) if outlet_name else None
    model = model or next((q.model for q in quotes if q.model), None)
    version = version or next((q.version for q in quotes if q.version), None)
    article_id = db["articles"].insert(
        {
            "key": article.id,
            "outlet_id": outlet_id,
            "title": article.title,
            "url": article.url,
            "published": article.published,
            "author": article.author,
            "source": article.source,
            "text": article.text,
            "text_sha256": digest,
            "words": len(article.text.split()),
            "quotes_count": len({(q.start, q.end, q.kind) for q in quotes}),
            "model": model,
            "quotetrack_version": version,
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    ).last_pk
    rows = []
    kept: list[Quote] = []
    seen: set[tuple[int, int, str]] = set()
    for quote in quotes:
        if (quote.start, quote.end, quote.kind) in seen:
            continue  # one row per span and kind, as the unique index demands
        seen.add((quote.start, quote.end, quote.kind))
        kept.append(quote)
        speaker = speaker_for(db, quote.speaker_name, quote.speaker, quote.extra.get("speaker_kind"), article_id)
        rows.append(
            {
                "article_id": article_id,
                "speaker_id": speaker[1] if speaker else None,
                "name_speaker_id": speaker[0] if speaker else None,
                "kind": quote.kind,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "speaker_mention": quote.speaker,
                "speaker_start": quote.speaker_start,
                "speaker_end": quote.speaker_end,
                "speaker_role": quote.extra.get("speaker_role"),
                "cue": quote.cue,
                "cue_start": quote.cue_start,
                "cue_end": quote.cue_end,
                "cue_lemma": quote.extra.get("cue_lemma") or (quote.cue.lower() if quote.cue else None),
                "confidence": quote.confidence,
                "confidence_model": quote.confidence_model or None,
                "rule": quote.rule,
                "model": quote.model,
                "quotetrack_version": quote.version,
            }
        )
    if rows:
        db["quotes"].insert_all(rows)
        _link_statements(db, article_id, [(q, row) for q, row in zip(kept, rows)])
    return SaveResult(article_id, True, len(rows))


def _link_statements(db: Database, article_id: int, stored: list[tuple[Quote, dict[str, Any]]]) -> None:
    """Give every quote its `statement_id`: the id of its statement's first piece."""
    ids = {(start, end, kind): quote_id for quote_id, start, end, kind in db.execute('select id, start, "end", kind from quotes where article_id = ?', [article_id])}
    first: dict[Any, int] = {}
    for quote, row in stored:
        quote_id = ids[(row["start"], row["end"], row["kind"])]
        key = quote.extra.get("statement", ("quote", quote_id))
        statement_id = first.setdefault(key, quote_id)
        db.execute("update quotes set statement_id = ? where id = ?", [statement_id, quote_id])


ARTICLE_METADATA = ("title", "url", "published", "author", "source")


def update_article_metadata(db: Database, article_id: int, article: Article, outlet: str | None = None) -> bool:
    """Refresh a stored article's metadata (title, outlet, URL, date, author, source) from a new
    reading of the same text; what the new reading does not know is kept. True if anything changed.
    The text, and so every quote offset, is never touched."""
    stored = db["articles"].get(article_id)
    outlet_name = outlet or article.outlet
    with db.atomic():
        changes: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_METADATA if getattr(article, name) is not None}
        if outlet_name:
            changes["outlet_id"] = db["outlets"].lookup({"name": outlet_name})
        changes = {name: value for name, value in changes.items() if stored.get(name) != value}
        if changes:
            db["articles"].update(article_id, changes)
    return bool(changes)


UNRESOLVED = {"he", "she", "they", "we", "i", "you", "him", "her", "them", "it", "who", "which", "that"}
PER_ARTICLE_KINDS = frozenset({"anonymous", "group"})


def speaker_key(name: str, article_id: int | None = None) -> str:
    """The key that identifies a speaker row: the name's `names.name_key`, and for a source that
    belongs to one article (anonymous, group) that article's id, so it never meets another's."""
    key = name_key(name)
    return f"{key} #article {article_id}" if key and article_id is not None else key


def speaker_for(
    db: Database, name: str | None, mention: str | None = None, kind: str | None = None, article_id: int | None = None
) -> tuple[int, int] | None:
    """(spelling row, shown speaker) for a resolved name, the row created on first sight; None
    for bare pronouns. Anonymous and group sources get a row of their article (`article_id`).

    Every spelling seen (name and mention) is recorded in speaker_aliases. Cross-article
    identity (speaker_identity.py) merges rows later; this is only the first, by-name step."""
    if not name or name.strip().casefold() in UNRESOLVED:
        return None
    scoped = article_id if kind in PER_ARTICLE_KINDS else None
    key = speaker_key(name, scoped)
    if not key:
        return None
    row = db.execute("select id, merged_into, kind from speakers where key = ?", [key]).fetchone()
    if row:
        speaker_id, merged_into, known_kind = row
        if kind and not known_kind:
            db.execute("update speakers set kind = ? where id = ?", [kind, speaker_id])
    else:
        speaker_id, merged_into = db["speakers"].insert({"name": name.strip(), "spelling": name.strip(), "key": key, "kind": kind, "article_id": scoped}).last_pk, None
    for alias in {name.strip(), (mention or "").strip()}:
        if alias and alias.casefold() not in UNRESOLVED:
            db.execute("insert or ignore into speaker_aliases (speaker_id, alias) values (?, ?)", [speaker_id, alias])
    return speaker_id, merged_into or speaker_id


# --- reading ---------------------------------------------------------------------------------


def contains(column: str, param: str = "?") -> str:
    """SQL that is true when `column` contains the user text bound to `param` (`?`, `:name`),
    its `%`, `_` and `\\` taken literally: the one way every `--speaker` / `--outlet` filter and
    stored Datasette query matches names. The escaping happens in SQL, so a stored query whose
    parameter is typed into Datasette is escaped too. Case-insensitive for ASCII letters, as
    SQLite's LIKE is."""
    escaped = f"replace(replace(replace({param}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
    return f"{column} like '%' || {escaped} || '%' escape '\\'"


def speakers_named_sql() -> str:
    """SQL selecting the ids of shown speakers whose name, or the name or a spelling of a speaker
    merged into them, contains the text bound (twice) to its two parameters: the one rule of
    every --speaker filter, so "Ayers" finds the quotes of "Nick Ayres" that other outlets spell
    "Nick Ayers"."""
    return (
        f"select coalesce(merged_into, id) from speakers where {contains('name')} "
        "union select coalesce(speakers.merged_into, speakers.id) from speaker_aliases "
        f"join speakers on speakers.id = speaker_aliases.speaker_id where {contains('alias')}"
    )


def published_between(column: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) keeping rows whose publication date `column` falls
    on or after `since` and on or before `until` (a day, or a shorter prefix such as a year):
    the one date filter of `quotes` and `check`."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({column}, 1, ?) <= ?")
        params += [len(until), until]
    return clauses, params


def fts_query(text: str) -> str:
    """User text as a safe FTS5 query: every word a quoted phrase term, all required."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def list_quotes(
    db: Database,
    speaker: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    min_confidence: float | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Stored quotes, newest articles first; every filter is a parameter, never spliced SQL.

    Fields as `extract` and the database views name them: `speaker` is the mention as written,
    `speaker_name` the person or body meant. `since` and `until` (YYYY-MM-DD) bound the publication day."""
    clauses, params = [], []
    if kind:
        clauses.append("quotes_view.kind = ?")
        params.append(kind)
    dated, dates = published_between("quotes_view.published", since, until)
    clauses += dated
    params += dates
    if min_confidence is not None:
        clauses.append("quotes_view.confidence >= ?")
        params.append(float(min_confidence))
    if speaker:
        clauses.append(f"(quotes_view.speaker_id in ({speakers_named_sql()}) or {contains('quotes_view.speaker')})")
        params += [speaker] * 3
    if outlet:
        clauses.append(contains("quotes_view.outlet"))
        params.append(outlet)
    if search:
        query = fts_query(search)
        if not query:
            return []
        clauses.append("quotes_view.quote_id in (select rowid from quotes_fts where quotes_fts match ?)")
        params.append(query)
    where = ("where " + " and ".join(clauses)) if clauses else ""
    sql = f"""select quote_id, text, kind, speaker, speaker_name, cue, confidence,
       outlet, article, article_key, published, article_id, start, "end", rule, model
from quotes_view {where} order by published desc, article_key, start"""
    if limit is not None:
        sql += " limit ?"
        params.append(int(limit))
    return list(db.query(sql, params))


def list_speakers(db: Database) -> list[dict[str, Any]]:
    """Speakers as shown (merged spellings folded in), with their kind, how often and where they
    are quoted, and every spelling seen (lists)."""
    sql = """
select speakers.id, speakers.name, speakers.kind,
       (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
       (select json_group_array(name) from (select distinct outlets.name from quotes
          join articles on articles.id = quotes.article_id
          join outlets on outlets.id = articles.outlet_id
        where quotes.speaker_id = speakers.id order by outlets.name)) as outlets,
       (select json_group_array(alias) from (select distinct alias from speaker_aliases
          join speakers as spelling on spelling.id = speaker_aliases.speaker_id
          where coalesce(spelling.merged_into, spelling.id) = speakers.id order by alias)) as spellings
from speakers where speakers.merged_into is null
order by quotes desc, speakers.name
"""
    return [row | {"outlets": json.loads(row["outlets"]), "spellings": json.loads(row["spellings"])} for row in db.query(sql)]
