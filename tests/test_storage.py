"""The database shape, idempotent writes, migrations and safe queries."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from quotetrack.errors import DatabaseError
from quotetrack.models import Article, Quote
from quotetrack.storage import list_quotes, list_speakers, migrations, open_db, save_article, save_batch

TABLES = {"outlets", "articles", "speakers", "speaker_aliases", "quotes"}


def quote(article_id="a", start=0, end=5, text="Hello", speaker="Jane Smith", name="Jane Smith", kind="direct"):
    return Quote(article_id, kind, start, end, text, speaker, 10, 20, name, "said", 21, 25, 0.9, "test", "m==1", "0.1")


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
    }
    for table, column, _ in fks:
        indexed = {tuple(index.columns)[0] for index in fresh_db[table].indexes}
        assert column in indexed, f"{table}.{column} has no index"


def test_full_text_search_views_and_wal(fresh_db: Database):
    assert fresh_db["quotes"].detect_fts() == "quotes_fts"
    assert fresh_db["articles"].detect_fts() == "articles_fts"
    assert {t.name for t in fresh_db.triggers} >= {"quotes_ai", "quotes_ad", "quotes_au"}
    assert "quotes_view" in fresh_db.view_names()
    assert fresh_db.journal_mode == "wal"


def test_saving_twice_stores_once(fresh_db: Database):
    first = save_article(fresh_db, article(), [quote()])
    second = save_article(fresh_db, article(), [quote()])
    assert first.created and not second.created and first.article_id == second.article_id
    assert fresh_db["articles"].count == 1 and fresh_db["quotes"].count == 1
    row = fresh_db["articles"].get(first.article_id)
    assert row["quotes_count"] == 1 and row["text_sha256"]


def test_same_key_new_text_is_a_new_revision(fresh_db: Database):
    save_article(fresh_db, article("Version one."), [])
    save_article(fresh_db, article("Version two."), [])
    assert [r["key"] for r in fresh_db["articles"].rows] == ["a", "a"]


def test_a_failing_batch_stores_nothing(fresh_db: Database):
    broken = quote()
    broken.text = None  # violates NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        save_batch(fresh_db, [(article("One."), [quote()]), (article("Two."), [broken])])
    assert fresh_db["articles"].count == 0 and fresh_db["quotes"].count == 0


def test_quotes_keep_provenance_and_speakers_their_spellings(fresh_db: Database):
    save_article(fresh_db, article("First text."), [quote(speaker="Smith", name="Jane Smith")])
    save_article(fresh_db, article("Second text."), [quote(speaker="Jane Smith", name="Jane Smith")])
    [row] = [r for r in fresh_db["quotes"].rows][:1]
    assert (row["model"], row["quotetrack_version"], row["rule"], row["cue"]) == ("m==1", "0.1", "test", "said")
    [speaker] = list_speakers(fresh_db)
    assert speaker["name"] == "Jane Smith" and speaker["quotes"] == 2
    assert speaker["spellings"] == "Jane Smith | Smith"


def test_unresolved_pronoun_gets_no_speaker_row(fresh_db: Database):
    save_article(fresh_db, article(), [quote(speaker="he", name="he")])
    assert fresh_db["speakers"].count == 0
    assert next(fresh_db["quotes"].rows)["speaker_mention"] == "he"


def test_search_and_filters(fresh_db: Database):
    save_article(fresh_db, article("A."), [quote(text="maximum pressure campaign")])
    save_article(fresh_db, article("B.", outlet="Mail"), [quote(text="day one of the trip", name="Nick Ayers", speaker="Ayers")])
    assert [q["text"] for q in list_quotes(fresh_db, search="pressure")] == ["maximum pressure campaign"]
    assert [q["outlet"] for q in list_quotes(fresh_db, outlet="mail")] == ["Mail"]
    assert [q["speaker"] for q in list_quotes(fresh_db, speaker="Ayers")] == ["Nick Ayers"]


@pytest.mark.parametrize(
    "evil",
    ["'; DROP TABLE quotes; --", '"', "pressure OR 1=1", "NEAR(", "*", "') union select * from articles --", "%"],
)
def test_user_text_never_reaches_sql(fresh_db: Database, evil: str):
    save_article(fresh_db, article(), [quote(text="maximum pressure campaign")])
    list_quotes(fresh_db, search=evil)
    list_quotes(fresh_db, speaker=evil, outlet=evil)
    assert fresh_db["quotes"].count == 1
    assert list_quotes(fresh_db, speaker=evil) == [] or evil == "%"


def test_upgrade_from_the_first_schema(db_path):
    old = Database(db_path)
    migrations.apply(old, stop_before="m002_search_and_views")
    old["outlets"].insert({"name": "Post"})
    assert "quotes_view" not in old.view_names()
    old.close()
    db = open_db(db_path)
    assert "quotes_view" in db.view_names()
    assert db["quotes"].detect_fts() == "quotes_fts"
    assert "speaker_role" in db["quotes"].columns_dict
    assert [r["name"] for r in db["outlets"].rows] == ["Post"]
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        open_db(path)


def test_missing_database_when_required(tmp_path):
    with pytest.raises(DatabaseError, match="no such database"):
        open_db(tmp_path / "absent.db", must_exist=True)
    assert not (tmp_path / "absent.db").exists()
