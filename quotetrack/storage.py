"""The quote database: its shape (as migrations), writing articles with their quotes, and queries.

Every change to the shape is a named migration applied once, each in its own transaction
(sqlite-utils `Migrations`, recorded in `_sqlite_migrations`), so an older database is upgraded
in place when opened. Never edit a migration that has shipped: add a new one.

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

from sqlite_utils import Database, Migrations

from .errors import DatabaseError
from .models import Article, Quote
from .names import name_key

migrations = Migrations("quotetrack")

FTS_COLUMNS = {"quotes": ["text"], "articles": ["title", "text"]}

VIEWS = {
    "quotes_view": """
select quotes.id as quote_id, quotes.text, quotes.kind, speakers.name as speaker,
       quotes.speaker_mention, quotes.cue, quotes.confidence, outlets.name as outlet,
       articles.title as article, articles.key as article_key, articles.published,
       quotes.article_id, quotes.start, quotes."end", quotes.rule, quotes.model
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""",
}


# Views made for reading in Datasette (browse.py describes them): the words first, offsets last.
READING_VIEWS = {
    "quote_list": """
select quotes.text, speakers.name as speaker, outlets.name as outlet, articles.published,
       quotes.kind, quotes.cue_lemma, quotes.speaker_mention, quotes.cue,
       articles.title as article, quote_group_members.group_id as statement_id,
       quotes.id as quote_id, quotes.article_id, quotes.speaker_id, quotes.confidence, quotes.rule,
       quotes.start, quotes."end"
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
left join quote_group_members on quote_group_members.quote_id = quotes.id
""",
    "speaker_list": """
select speakers.name, speakers.kind,
       (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
       (select count(distinct articles.outlet_id) from quotes
          join articles on articles.id = quotes.article_id
        where quotes.speaker_id = speakers.id) as outlets,
       (select group_concat(alias, ' | ') from (select alias from speaker_aliases
          where speaker_aliases.speaker_id = speakers.id order by alias)) as spellings,
       speakers.id as speaker_id
from speakers
""",
}
# speaker_list as it is since speaker identity keeps every spelling (m010): shown speakers only,
# with the spellings of those merged into them
SPEAKER_LIST_VIEW = """
select speakers.name, speakers.kind,
       (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
       (select count(distinct articles.outlet_id) from quotes
          join articles on articles.id = quotes.article_id
        where quotes.speaker_id = speakers.id) as outlets,
       (select group_concat(alias, ' | ') from (select distinct alias from speaker_aliases
          join speakers as spelling on spelling.id = speaker_aliases.speaker_id
          where coalesce(spelling.merged_into, spelling.id) = speakers.id order by alias)) as spellings,
       speakers.id as speaker_id
from speakers where speakers.merged_into is null
"""


@migrations()
def m001_initial(db: Database) -> None:
    """The first schema: outlets, articles, speakers with their spellings, quotes."""
    db["outlets"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["outlets"].create_index(["name"], unique=True)
    db["articles"].create(
        {
            "id": int,
            "key": str,
            "outlet_id": int,
            "title": str,
            "url": str,
            "published": str,
            "source": str,
            "text": str,
            "text_sha256": str,
            "words": int,
            "quotes_count": int,
            "model": str,
            "quotetrack_version": str,
            "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
        not_null={"key", "text", "text_sha256"},
    )
    db["articles"].create_index(["text_sha256"], unique=True)
    db["articles"].create_index(["key"])
    db["speakers"].create({"id": int, "name": str, "key": str}, pk="id", not_null={"name", "key"})
    db["speakers"].create_index(["key"], unique=True)
    db["speaker_aliases"].create(
        {"id": int, "speaker_id": int, "alias": str},
        pk="id",
        foreign_keys=[("speaker_id", "speakers", "id")],
        not_null={"speaker_id", "alias"},
    )
    db["speaker_aliases"].create_index(["speaker_id", "alias"], unique=True)
    db["quotes"].create(
        {
            "id": int,
            "article_id": int,
            "speaker_id": int,
            "kind": str,
            "start": int,
            "end": int,
            "text": str,
            "speaker_mention": str,
            "speaker_start": int,
            "speaker_end": int,
            "cue": str,
            "cue_start": int,
            "cue_end": int,
            "confidence": float,
            "rule": str,
            "model": str,
            "quotetrack_version": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
        not_null={"article_id", "kind", "start", "end", "text"},
    )
    db["quotes"].create_index(["article_id", "start", "end", "kind"], unique=True)
    db.index_foreign_keys()


@migrations()
def m002_search_and_views(db: Database) -> None:
    """Full-text search kept in step by triggers, and the readable view."""
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    db["quotes"].create_index(["confidence"])


@migrations()
def m003_speaker_roles(db: Database) -> None:
    """The role written with a speaker's name ("Pence’s chief of staff"), kept per quote."""
    db["quotes"].add_column("speaker_role", str)


@migrations()
def m004_cross_outlet(db: Database) -> None:
    """Speaker merges (explained, reversible), quote groups across outlets, paraphrase links."""
    db["speaker_merges"].create(
        {
            "id": int,
            "speaker_id": int,
            "speaker_name": str,
            "merged_speaker_id": int,
            "merged_name": str,
            "merged_key": str,
            "reason": str,
            "method": str,
            "aliases": str,
            "quote_ids": str,
            "created_at": str,
            "undone_at": str,
        },
        pk="id",
        foreign_keys=[("speaker_id", "speakers", "id")],
        not_null={"speaker_id", "merged_name", "merged_key", "reason", "method"},
    )
    db["quote_groups"].create(
        {
            "id": int,
            "reference_quote_id": int,
            "verdict": str,
            "outlets": int,
            "articles": int,
            "versions": int,
            "attribution_conflict": int,
        },
        pk="id",
        foreign_keys=[("reference_quote_id", "quotes", "id")],
    )
    db["quote_group_members"].create(
        {"id": int, "group_id": int, "quote_id": int, "verdict": str, "partial": int, "differences": str},
        pk="id",
        foreign_keys=[("group_id", "quote_groups", "id"), ("quote_id", "quotes", "id")],
        not_null={"group_id", "quote_id"},
    )
    db["quote_group_members"].create_index(["quote_id"], unique=True)
    db["paraphrases"].create(
        {"id": int, "quote_id": int, "other_quote_id": int, "score": float},
        pk="id",
        foreign_keys=[("quote_id", "quotes", "id"), ("other_quote_id", "quotes", "id")],
        not_null={"quote_id", "other_quote_id", "score"},
    )
    db.index_foreign_keys()
    db.create_view(
        "shared_quotes",
        """
select quote_groups.id as group_id, quote_groups.verdict as group_verdict, quote_groups.outlets,
       quote_groups.attribution_conflict, quote_group_members.verdict, quote_group_members.differences,
       quotes.id as quote_id, quotes.text, speakers.name as speaker, outlets.name as outlet,
       articles.title as article, articles.published
from quote_groups
join quote_group_members on quote_group_members.group_id = quote_groups.id
join quotes on quotes.id = quote_group_members.quote_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""".strip(),
    )


@migrations()
def m005_speaker_kind(db: Database) -> None:
    """Whether a speaker is a person or a body (ministry, company, newspaper), when known."""
    db["speakers"].add_column("kind", str)


@migrations()
def m006_possessive_speaker_keys(db: Database) -> None:
    """Keys made before possessives were stripped ("pences office") get today's key, unless a
    speaker already holds it (identity merging decides those)."""
    taken = {row[0] for row in db.execute("select key from speakers")}
    for speaker_id, name, key in db.execute("select id, name, key from speakers").fetchall():
        new_key = speaker_key(name)
        if new_key and new_key != key and new_key not in taken:
            db.execute("update speakers set key = ? where id = ?", [new_key, speaker_id])
            taken.add(new_key)


@migrations()
def m007_match_runs(db: Database) -> None:
    """A log of cross-article matching runs, so an ingest interrupted before matching is
    matched on the next run even when it stores nothing new."""
    db["match_runs"].create(
        {"id": int, "max_quote_id": int, "quotes": int, "groups": int, "merges": int, "paraphrases": int, "finished_at": str},
        pk="id",
    )


@migrations()
def m008_reading_views(db: Database) -> None:
    """The cue's lemma ("said", "says", "saying" are all "say") for faceting, and two views
    arranged for reading: quotes text first with outlet and date, speakers with their counts."""
    db["quotes"].add_column("cue_lemma", str)
    db.execute("update quotes set cue_lemma = lower(cue) where cue is not null")
    db["quotes"].create_index(["cue_lemma"])
    for name, sql in READING_VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


@migrations()
def m009_article_authors(db: Database) -> None:
    """The author of an article, as its page or feed names it."""
    db["articles"].add_column("author", str)


@migrations()
def m010_speaker_identity(db: Database) -> None:
    """One row per spelling, never deleted: `quotes.name_speaker_id` is the spelling a quote was
    stored under, `speakers.merged_into` the speaker it was merged into (null for shown speakers),
    so merges are recomputed from every spelling, whatever the order of ingests. Anonymous and
    group sources belong to one article (`speakers.article_id`); `renamed` marks a name a user set.
    Keys become `names.name_key` (accents and hyphens folded)."""
    # ALTER TABLE, not a table rebuild: the quotes table keeps its full-text triggers
    db.execute("alter table speakers add column merged_into integer references speakers(id)")
    db.execute("alter table speakers add column article_id integer references articles(id)")
    db.execute("alter table speakers add column renamed integer")
    db.execute("alter table quotes add column name_speaker_id integer references speakers(id)")
    db.execute("update quotes set name_speaker_id = speaker_id")
    # spellings deleted by merges before this migration come back, merged into their speaker
    active = "select id, speaker_id, merged_speaker_id, merged_name, merged_key, quote_ids from speaker_merges where undone_at is null order by id"
    for _, keep_id, old_id, name, key, quote_ids in db.execute(active).fetchall():
        if db.execute("select 1 from speakers where id = ? or key = ?", [old_id, key]).fetchone():
            continue
        db["speakers"].insert({"id": old_id, "name": name, "key": key, "merged_into": keep_id})
        for quote_id in json.loads(quote_ids or "[]"):
            db.execute("update quotes set name_speaker_id = ? where id = ?", [old_id, quote_id])
    taken = {row[0] for row in db.execute("select key from speakers")}
    for speaker_id, name, key in db.execute("select id, name, key from speakers").fetchall():
        new_key = speaker_key(name)
        if new_key and new_key != key and new_key not in taken:
            db.execute("update speakers set key = ? where id = ?", [new_key, speaker_id])
            taken.add(new_key)
    db["quotes"].create_index(["name_speaker_id"], if_not_exists=True)
    db["speakers"].create_index(["merged_into"], if_not_exists=True)
    db["speakers"].create_index(["article_id"], if_not_exists=True)
    db.create_view("speaker_list", SPEAKER_LIST_VIEW.strip(), replace=True)


@migrations()
def m011_statements_and_stable_groups(db: Database) -> None:
    """Statements stored as their pieces (`quotes.statement_id`, the id of the statement's first
    piece, and the `statements` view); an index of word shingles (`quote_shingles`) so that
    matching looks up only what is new; groups matched anew once, incrementally from now on."""
    db.execute("alter table quotes add column statement_id integer references quotes(id)")  # keeps the FTS triggers
    db.execute("update quotes set statement_id = id")
    db["quotes"].create_index(["statement_id"])
    db.execute("create table quote_shingles (shingle integer not null, quote_id integer not null references quotes(id), primary key (shingle, quote_id)) without rowid")
    db["quote_shingles"].create_index(["quote_id"])
    for table in ("quote_group_members", "quote_groups", "paraphrases", "match_runs"):
        db.execute(f"delete from {table}")
    db["quote_groups"].add_column("created_at", str)
    db["quote_groups"].add_column("updated_at", str)
    db.create_view("statements", STATEMENTS_VIEW.strip(), replace=True)


# One row per statement: its pieces joined with " … ", the envelope's offsets and the speaker.
STATEMENTS_VIEW = """
select quotes.statement_id as id, quotes.article_id, min(quotes.kind) as kind,
       group_concat(quotes.text, ' … ') as text, count(*) as pieces,
       min(quotes.start) as start, max(quotes."end") as "end",
       speakers.name as speaker, min(quotes.speaker_mention) as speaker_mention,
       outlets.name as outlet, articles.title as article, articles.published
from (select * from quotes order by statement_id, start) as quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
group by quotes.statement_id
"""


@migrations()
def m012_confidence_model(db: Database) -> None:
    """Which confidence model scored each quote (the short hash of its file, see confidence.py)."""
    db["quotes"].add_column("confidence_model", str)


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
        speaker_id, merged_into = db["speakers"].insert({"name": name.strip(), "key": key, "kind": kind, "article_id": scoped}).last_pk, None
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

    Fields as `extract` names them: `speaker` is the mention as written, `speaker_name` the
    person or body meant. `since` and `until` (YYYY-MM-DD) bound the publication day."""
    clauses, params = [], []
    if kind:
        clauses.append("quotes_view.kind = ?")
        params.append(kind)
    if since:
        clauses.append("substr(quotes_view.published, 1, 10) >= ?")
        params.append(since)
    if until:
        clauses.append("substr(quotes_view.published, 1, 10) <= ?")
        params.append(until)
    if min_confidence is not None:
        clauses.append("quotes_view.confidence >= ?")
        params.append(float(min_confidence))
    if speaker:
        clauses.append(f"({contains('quotes_view.speaker')} or {contains('quotes_view.speaker_mention')})")
        params += [speaker] * 2
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
    sql = f"""select quote_id, text, kind, speaker_mention as speaker, speaker as speaker_name, cue, confidence,
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
