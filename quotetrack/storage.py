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
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database, Migrations

from .errors import DatabaseError
from .models import Article, Quote

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


# --- opening ---------------------------------------------------------------------------------


def open_db(path: str | Path, must_exist: bool = False) -> Database:
    """Open (creating or upgrading as needed) a quotetrack database in WAL mode."""
    path = Path(path)
    if must_exist and not path.exists():
        raise DatabaseError(f"{path}: no such database (create it with `quotetrack ingest PATH --db {path}`)")
    if path.exists() and path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    db = Database(path)
    try:
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        _refuse_foreign(db, path)
        db.enable_wal()
        migrations.apply(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise DatabaseError(f"{path}: not a usable SQLite database ({error})") from None
    except DatabaseError:
        db.close()
        raise
    return db


def _refuse_foreign(db: Database, path: Path) -> None:
    """Never add quotetrack's tables to someone else's database."""
    tables = [t for t in db.table_names() if not t.startswith("sqlite_")]
    if tables and not migrations.applied(db):
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise DatabaseError(f"{path}: a SQLite database, but not a quotetrack one (it has tables {shown})")


# --- writing ---------------------------------------------------------------------------------


class SaveResult(NamedTuple):
    article_id: int
    created: bool  # False: this text was stored already, nothing was written
    quotes: int  # quotes written now


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    seen: set[tuple[int, int, str]] = set()
    for quote in quotes:
        if (quote.start, quote.end, quote.kind) in seen:
            continue  # one row per span and kind, as the unique index demands
        seen.add((quote.start, quote.end, quote.kind))
        rows.append(
            {
                "article_id": article_id,
                "speaker_id": speaker_for(db, quote.speaker_name or quote.speaker, quote.speaker, quote.extra.get("speaker_kind")),
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
                "rule": quote.rule,
                "model": quote.model,
                "quotetrack_version": quote.version,
            }
        )
    if rows:
        db["quotes"].insert_all(rows)
    return SaveResult(article_id, True, len(rows))


UNRESOLVED = {"he", "she", "they", "we", "i", "you", "him", "her", "them", "it", "who", "which", "that"}
_POSSESSIVE = re.compile(r"(?<=\w)[’']s?(?!\w)")
_NON_WORD = re.compile(r"[^\w\s-]")


def speaker_key(name: str) -> str:
    """The key that identifies a speaker by name: case, possessives, punctuation, spacing and a
    leading article folded ("The Pentagon’s" → "pentagon"), so spellings of one name meet."""
    key = _POSSESSIVE.sub("", name.casefold())
    key = _NON_WORD.sub(" ", key)
    key = re.sub(r"^(the|a|an)\s+", "", " ".join(key.split()))
    return key


def speaker_for(db: Database, name: str | None, mention: str | None = None, kind: str | None = None) -> int | None:
    """The speakers row for a resolved name (created on first sight); None for bare pronouns.

    Every spelling seen (name and mention) is recorded in speaker_aliases. Cross-article
    identity (crossref.py) merges rows later; this is only the first, by-name step."""
    if not name or name.strip().casefold() in UNRESOLVED:
        return None
    key = speaker_key(name)
    if not key:
        return None
    # a spelling merged into another speaker keeps pointing there
    row = db.execute("select id from speakers where key = ?", [key]).fetchone() or db.execute(
        "select speaker_id from speaker_aliases where alias = ? order by speaker_id limit 1", [name.strip()]
    ).fetchone()
    speaker_id = row[0] if row else db["speakers"].insert({"name": name.strip(), "key": key, "kind": kind}).last_pk
    for alias in {name.strip(), (mention or "").strip()}:
        if alias and alias.casefold() not in UNRESOLVED:
            db.execute("insert or ignore into speaker_aliases (speaker_id, alias) values (?, ?)", [speaker_id, alias])
    return speaker_id


# --- reading ---------------------------------------------------------------------------------


def like_pattern(text: str) -> str:
    """A LIKE pattern (used with ESCAPE '\\') matching `text` anywhere, its % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
) -> list[dict[str, Any]]:
    """Stored quotes, newest articles first; every filter is a parameter, never spliced SQL."""
    clauses, params = [], []
    if min_confidence is not None:
        clauses.append("quotes_view.confidence >= ?")
        params.append(float(min_confidence))
    if speaker:
        clauses.append("(quotes_view.speaker like ? escape '\\' or quotes_view.speaker_mention like ? escape '\\')")
        params += [like_pattern(speaker)] * 2
    if outlet:
        clauses.append("quotes_view.outlet like ? escape '\\'")
        params.append(like_pattern(outlet))
    if search:
        query = fts_query(search)
        if not query:
            return []
        clauses.append("quotes_view.quote_id in (select rowid from quotes_fts where quotes_fts match ?)")
        params.append(query)
    where = ("where " + " and ".join(clauses)) if clauses else ""
    sql = f"select * from quotes_view {where} order by published desc, article_key, start"
    if limit is not None:
        sql += " limit ?"
        params.append(int(limit))
    return list(db.query(sql, params))


def list_speakers(db: Database) -> list[dict[str, Any]]:
    """Speakers with how often and where they are quoted, and every spelling seen."""
    sql = """
select speakers.id, speakers.name,
       (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
       (select group_concat(distinct outlets.name) from quotes
          join articles on articles.id = quotes.article_id
          join outlets on outlets.id = articles.outlet_id
        where quotes.speaker_id = speakers.id) as outlets,
       (select group_concat(alias, ' | ') from (select alias from speaker_aliases
          where speaker_aliases.speaker_id = speakers.id order by alias)) as spellings
from speakers order by quotes desc, speakers.name
"""
    return list(db.query(sql))
