"""The database shape, idempotent writes, migrations and safe queries."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from sqlite_utils import Database

from quotetrack.errors import DatabaseError
from quotetrack.models import Article, Quote
from quotetrack.schema import migrations
from quotetrack.storage import (
    contains,
    list_quotes,
    list_speakers,
    open_db,
    save_article,
    save_batch,
    speaker_for,
    speaker_key,
)

TABLES = {"outlets", "articles", "speakers", "speaker_aliases", "quotes"}
FIRST_SCHEMA = "m002_search_and_views"  # the migration after the first schema


def quote(article_id="a", start=0, end=5, text="Hello", speaker="Jane Smith", name="Jane Smith", kind="direct", **extra):
    return Quote(article_id, kind, start, end, text, speaker, 10, 20, name, "said", 21, 25, 0.9, "test", "m==1", "0.1", extra)


def article(text="Hello world, Jane Smith said.", key="a", outlet="Post"):
    return Article(key, text, title="T", outlet=outlet, published="2020-01-01")


def test_schema_tables_keys_and_indexes(fresh_db: Database):
    assert TABLES <= set(fresh_db.table_names())
    for table in TABLES:
        assert fresh_db[table].pks == ["id"]
    fks = {(fk.table, fk.column, fk.other_table) for t in TABLES for fk in fresh_db[t].foreign_keys}
    assert fks == {
        ("articles", "outlet_id", "outlets"),
        ("speaker_aliases", "speaker_id", "speakers"),
        ("quotes", "article_id", "articles"),
        ("quotes", "speaker_id", "speakers"),
        ("quotes", "statement_id", "quotes"),
        ("quotes", "name_speaker_id", "speakers"),
        ("speakers", "merged_into", "speakers"),
        ("speakers", "article_id", "articles"),
    }
    for table, column, _ in fks:
        indexed = {tuple(index.columns)[0] for index in fresh_db[table].indexes}
        assert column in indexed, f"{table}.{column} has no index"
    assert fresh_db.execute("pragma foreign_keys").fetchone() == (1,)
    assert {"kind", "key", "name"} <= set(fresh_db["speakers"].columns_dict)
    assert {"quotes_count", "text_sha256", "model", "quotetrack_version", "ingested_at"} <= set(fresh_db["articles"].columns_dict)


@pytest.mark.parametrize(
    "table,columns",
    [
        ("outlets", ["name"]),
        ("articles", ["text_sha256"]),
        ("speakers", ["key"]),
        ("speaker_aliases", ["speaker_id", "alias"]),
        ("quotes", ["article_id", "start", "end", "kind"]),
    ],
)
def test_unique_constraints(fresh_db: Database, table, columns):
    assert columns in [index.columns for index in fresh_db[table].indexes if index.unique]


def test_full_text_search_views_and_wal(fresh_db: Database):
    assert fresh_db["quotes"].detect_fts() == "quotes_fts"
    assert fresh_db["articles"].detect_fts() == "articles_fts"
    assert {t.name for t in fresh_db.triggers} >= {"quotes_ai", "quotes_ad", "quotes_au", "articles_ai", "articles_ad", "articles_au"}
    assert "quotes_view" in fresh_db.view_names()
    assert {"quote_id", "text", "kind", "speaker", "speaker_name", "cue", "confidence", "outlet", "article", "article_key", "published"} <= set(
        fresh_db["quotes_view"].columns_dict
    )
    assert fresh_db.journal_mode == "wal"


def test_fts_follows_updates_and_deletes(fresh_db: Database):
    saved = save_article(fresh_db, article(), [quote(text="maximum pressure")])
    [quote_id] = [r["id"] for r in fresh_db["quotes"].rows]
    fresh_db.execute("update quotes set text = 'minimum effort' where id = ?", [quote_id])
    assert list_quotes(fresh_db, search="pressure") == [] and len(list_quotes(fresh_db, search="effort")) == 1
    fresh_db.execute("delete from quotes where article_id = ?", [saved.article_id])
    assert list_quotes(fresh_db, search="effort") == []


def test_each_quote_row_names_its_confidence_model(fresh_db: Database):
    scored = quote()
    scored.confidence_model = "88f1478d0032"
    save_article(fresh_db, article(), [scored])
    assert [row["confidence_model"] for row in fresh_db["quotes"].rows] == ["88f1478d0032"]


def test_saving_twice_stores_once(fresh_db: Database):
    first = save_article(fresh_db, article(), [quote()])
    second = save_article(fresh_db, article(), [quote()])
    article_id, created, quotes = first
    assert created and quotes == 1
    assert not second.created and second.article_id == article_id and second.quotes == 0
    assert fresh_db["articles"].count == 1 and fresh_db["quotes"].count == 1
    row = fresh_db["articles"].get(article_id)
    assert row["quotes_count"] == 1 and row["text_sha256"] and row["words"] == 5


def test_same_key_new_text_is_a_new_revision(fresh_db: Database):
    save_article(fresh_db, article("Version one."), [])
    save_article(fresh_db, article("Version two."), [])
    assert [r["key"] for r in fresh_db["articles"].rows] == ["a", "a"]


def test_same_span_twice_is_one_quote(fresh_db: Database):
    result = save_article(fresh_db, article(), [quote(), quote(), quote(kind="mixed")])
    assert result.quotes == 2 and fresh_db["articles"].get(result.article_id)["quotes_count"] == 2


def test_the_model_is_recorded_even_without_quotes(fresh_db: Database):
    result = save_article(fresh_db, article("Nothing quoted here."), [], model="en_x==1.0", version="9.9")
    row = fresh_db["articles"].get(result.article_id)
    assert (row["model"], row["quotetrack_version"], row["quotes_count"]) == ("en_x==1.0", "9.9", 0)


def test_a_failing_batch_stores_nothing(fresh_db: Database):
    broken = quote()
    broken.text = None  # violates NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        save_batch(fresh_db, [(article("One."), [quote()]), (article("Two."), [broken])])
    assert fresh_db["articles"].count == 0 and fresh_db["quotes"].count == 0
    assert fresh_db["outlets"].count == 0 and fresh_db["speakers"].count == 0


def test_outlet_override(fresh_db: Database):
    save_batch(fresh_db, [(article("One.", outlet="Post"), []), (article("Two.", outlet=None), [])], outlet="Wire")
    assert [r["name"] for r in fresh_db["outlets"].rows] == ["Wire"]
    assert {r["outlet_id"] for r in fresh_db["articles"].rows} == {1}


def test_quotes_keep_provenance_and_speakers_their_spellings(fresh_db: Database):
    save_article(fresh_db, article("First text."), [quote(speaker="Smith", name="Jane Smith")])
    save_article(fresh_db, article("Second text."), [quote(speaker="Jane Smith", name="Jane Smith")])
    [row] = [r for r in fresh_db["quotes"].rows][:1]
    assert (row["model"], row["quotetrack_version"], row["rule"], row["cue"]) == ("m==1", "0.1", "test", "said")
    assert (row["speaker_start"], row["speaker_end"], row["cue_start"], row["cue_end"], row["confidence"]) == (10, 20, 21, 25, 0.9)
    [speaker] = list_speakers(fresh_db)
    assert speaker["name"] == "Jane Smith" and speaker["quotes"] == 2 and speaker["outlets"] == ["Post"]
    assert speaker["spellings"] == ["Jane Smith", "Smith"]


def test_speaker_kind_is_kept_when_the_extractor_knows_it(fresh_db: Database):
    save_article(fresh_db, article(), [quote(speaker="the ministry", name="Defence Ministry", speaker_kind="body")])
    assert [(r["name"], r["kind"]) for r in fresh_db["speakers"].rows] == [("Defence Ministry", "body")]


@pytest.mark.parametrize(
    "names,key",
    [
        (["Nick Ayers", "nick ayers", "  Nick   Ayers. ", "NICK AYERS"], "nick ayers"),
        (["Pence’s office", "Pence's office", "pence office"], "pence office"),
        (["The White House", "White House", "the White House’s"], "white house"),
        (["Officials’", "officials"], "officials"),
        (["O'Brien", "O’Brien"], "o brien"),
    ],
)
def test_speaker_key_folds_spellings(fresh_db: Database, names, key):
    assert {speaker_key(n) for n in names} == {key}
    assert {speaker_for(fresh_db, n) for n in names} == {(1, 1)}
    assert {r["alias"] for r in fresh_db["speaker_aliases"].rows} == {n.strip() for n in names}


def test_unresolved_pronoun_gets_no_speaker_row(fresh_db: Database):
    save_article(fresh_db, article(), [quote(speaker="he", name="he")])
    assert fresh_db["speakers"].count == 0
    assert next(fresh_db["quotes"].rows)["speaker_mention"] == "he"


def test_search_and_filters(fresh_db: Database):
    save_article(fresh_db, article("A."), [quote(text="maximum pressure campaign")])
    save_article(fresh_db, article("B.", outlet="Mail"), [quote(text="day one of the trip", name="Nick Ayers", speaker="Ayers")])
    assert [q["text"] for q in list_quotes(fresh_db, search="pressure")] == ["maximum pressure campaign"]
    assert [q["text"] for q in list_quotes(fresh_db, search="Pressure, campaign!")] == ["maximum pressure campaign"]
    assert list_quotes(fresh_db, search="pressure trip") == []
    assert [q["outlet"] for q in list_quotes(fresh_db, outlet="mail")] == ["Mail"]
    assert [q["speaker_name"] for q in list_quotes(fresh_db, speaker="Ayers")] == ["Nick Ayers"]
    assert len(list_quotes(fresh_db, limit=1)) == 1


def test_min_confidence_filter(fresh_db: Database):
    sure, unsure = quote(text="a statement"), replace(quote(start=6, end=9, text="a stance"), confidence=0.45)
    save_article(fresh_db, article(), [sure, unsure])
    assert [q["text"] for q in list_quotes(fresh_db, min_confidence=0.5)] == ["a statement"]
    assert len(list_quotes(fresh_db, min_confidence=0.45)) == 2


@pytest.mark.parametrize(
    "evil",
    ["'; DROP TABLE quotes; --", '"', "pressure OR 1=1", "NEAR(", "*", "') union select * from articles --", "%", "_", "\\"],
)
def test_user_text_never_reaches_sql(fresh_db: Database, evil: str):
    save_article(fresh_db, article(), [quote(text="maximum pressure campaign")])
    list_quotes(fresh_db, search=evil)
    assert list_quotes(fresh_db, speaker=evil) == []
    assert list_quotes(fresh_db, outlet=evil) == []
    assert list_quotes(fresh_db, speaker=evil, outlet=evil, search=evil) == []
    assert fresh_db["quotes"].count == 1 and set(fresh_db.table_names()) >= TABLES


def test_upgrade_from_the_first_schema(db_path):
    old = Database(db_path)
    migrations.apply(old, stop_before=FIRST_SCHEMA)
    assert [m.name for m in migrations.applied(old)] == ["m001_initial"]
    outlet_id = old["outlets"].insert({"name": "Post"}).last_pk
    article_id = old["articles"].insert(
        {"key": "a", "outlet_id": outlet_id, "text": "Old text.", "text_sha256": "x", "quotes_count": 1}
    ).last_pk
    speaker_id = old["speakers"].insert({"name": "Pence’s office", "key": "pences office"}).last_pk
    old["quotes"].insert({"article_id": article_id, "speaker_id": speaker_id, "kind": "direct", "start": 0, "end": 3, "text": "old quote words"})
    assert "quotes_view" not in old.view_names()
    old.close()

    db = open_db(db_path)
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    assert "quotes_view" in db.view_names()
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert {"speaker_role"} <= set(db["quotes"].columns_dict) and "kind" in db["speakers"].columns_dict
    assert [r["name"] for r in db["outlets"].rows] == ["Post"]
    assert [q["text"] for q in list_quotes(db, search="quote")] == ["old quote words"]  # existing rows were indexed
    assert db["speakers"].get(speaker_id)["key"] == "pence office"
    db.close()
    open_db(db_path).close()  # opening again applies nothing and fails nothing


def test_upgrade_renames_the_views_speaker_fields(db_path):
    """A database made before m015 (the views called the resolved name `speaker`, beside
    `speaker_mention`) reads with `speaker` as printed and `speaker_name` as resolved."""
    old = Database(db_path)
    migrations.apply(old, stop_before="m015_speaker_and_speaker_name")
    save_article(old, article(), [quote(speaker="she", name="Jane Smith")])
    old["quote_groups"].insert({"id": 1, "reference_quote_id": 1, "verdict": "identical", "outlets": 2, "attribution_conflict": 1})
    old["quote_group_members"].insert({"group_id": 1, "quote_id": 1, "verdict": "identical"})
    assert next(old.query("select speaker, speaker_mention from quote_list")) == {"speaker": "Jane Smith", "speaker_mention": "she"}
    assert "group_list" not in old.view_names()
    old.close()

    db = open_db(db_path)
    assert migrations.applied(db)[-1].name == "m015_speaker_and_speaker_name"
    for view in ("quotes_view", "quote_list", "shared_quotes", "statements"):
        row = next(db.query(f"select * from {view}"))
        assert (row["speaker"], row["speaker_name"]) == ("she", "Jane Smith") and "speaker_mention" not in row, view
    assert next(db.query("select attribution from shared_quotes"))["attribution"] == "different speakers"
    assert next(db.query("select text, attribution, group_id from group_list")) == {"text": "Hello", "attribution": "different speakers", "group_id": 1}
    assert [(q["speaker"], q["speaker_name"]) for q in list_quotes(db, speaker="Smith")] == [("she", "Jane Smith")]
    db.close()


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        open_db(path)


def test_someone_elses_database_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table invoices (id integer primary key)")
    conn.close()
    with pytest.raises(DatabaseError, match="not a quotetrack one .*invoices"):
        open_db(path)
    assert Database(path).table_names() == ["invoices"]


def test_missing_database_when_required(tmp_path):
    with pytest.raises(DatabaseError, match="no such database"):
        open_db(tmp_path / "absent.db", must_exist=True)
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize(
    "value, needle, found",
    [("Ann Lee", "lee", True), ("Ann Lee", "%", False), ("100% sure", "%", True), ("a_b", "_", True), ("ab", "_", False),
     ("a\\b", "\\", True), ("ab", "\\", False), ("Ann Lee", "A%e", False), ("O'Brien", "'", True)],
)
def test_contains_takes_like_wildcards_literally(value, needle, found):
    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"select {contains('?', '?')}", [value, needle]).fetchone() == (int(found),)
    assert conn.execute(f"select {contains(':v', ':n')}", {"v": value, "n": needle}).fetchone() == (int(found),)
