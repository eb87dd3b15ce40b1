"""The shape of the quote database, in one place: full-text columns, views for people, and every
change as a named migration applied once, each in its own transaction (sqlite-utils
`Migrations`, recorded in `_sqlite_migrations`), so an older database is upgraded in place when
opened (`storage.open_db`). Never edit a migration that has shipped: add a new one."""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

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
    from .storage import speaker_key  # here: storage imports this module

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
    from .storage import speaker_key  # here: storage imports this module

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


@migrations()
def m013_group_and_statement_ids_apart(db: Database) -> None:
    """Two ids, two words: `quote_list` shows the statement in its article (`statement_id`) and
    the cross-outlet group (`group_id`, before this named statement_id); a statement with a mixed
    piece (paraphrase, then the quoted sentence after the tag) reads as mixed in `statements`."""
    db.create_view("quote_list", QUOTE_LIST_VIEW.strip(), replace=True)
    db.create_view("statements", STATEMENTS_VIEW_MIXED.strip(), replace=True)


QUOTE_LIST_VIEW = """
select quotes.text, speakers.name as speaker, outlets.name as outlet, articles.published,
       quotes.kind, quotes.cue_lemma, quotes.speaker_mention, quotes.cue,
       articles.title as article, quotes.statement_id, quote_group_members.group_id,
       quotes.id as quote_id, quotes.article_id, quotes.speaker_id, quotes.confidence, quotes.rule,
       quotes.start, quotes."end"
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
left join quote_group_members on quote_group_members.quote_id = quotes.id
"""

# As STATEMENTS_VIEW, the kind "mixed" when any piece is (pieces are direct, or mixed then direct).
STATEMENTS_VIEW_MIXED = STATEMENTS_VIEW.replace("min(quotes.kind) as kind", "max(quotes.kind) as kind")


@migrations()
def m014_stable_speaker_ids(db: Database) -> None:
    """`speakers.spelling` is the name a row was stored under and never changes; `name` is what it
    shows, which for a merged speaker's row (its oldest spelling, so its id stays stable) is the
    spelling most outlets print."""
    db.execute("alter table speakers add column spelling text")
    db.execute("update speakers set spelling = name")


# m015: one meaning per field name, as in every CLI output: `speaker` is the speaker as the
# article prints it (the mention), `speaker_name` the person or body it was resolved to.
# `attribution` reads the group's 0/1 conflict flag as words, for facets.
ATTRIBUTION = "case quote_groups.attribution_conflict when 1 then 'different speakers' when 0 then 'no conflict' end"

NAMED_VIEWS = {
    "quotes_view": """
select quotes.id as quote_id, quotes.text, quotes.kind, quotes.speaker_mention as speaker, speakers.name as speaker_name,
       quotes.cue, quotes.confidence, outlets.name as outlet,
       articles.title as article, articles.key as article_key, articles.published,
       quotes.article_id, quotes.speaker_id, quotes.start, quotes."end", quotes.rule, quotes.model
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""",
    "quote_list": """
select quotes.text, speakers.name as speaker_name, outlets.name as outlet, articles.published,
       quotes.kind, quotes.cue_lemma, quotes.speaker_mention as speaker, quotes.cue,
       articles.title as article, quotes.statement_id, quote_group_members.group_id,
       quotes.id as quote_id, quotes.article_id, quotes.speaker_id, quotes.confidence, quotes.rule,
       quotes.start, quotes."end"
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
left join quote_group_members on quote_group_members.quote_id = quotes.id
""",
    "shared_quotes": f"""
select quote_groups.id as group_id, quote_groups.verdict as group_verdict, quote_groups.outlets,
       {ATTRIBUTION} as attribution, quotes.text, quote_group_members.verdict, quote_group_members.differences,
       quotes.speaker_mention as speaker, speakers.name as speaker_name, outlets.name as outlet,
       articles.title as article, articles.published, quotes.id as quote_id, quotes.article_id, quotes.speaker_id
from quote_groups
join quote_group_members on quote_group_members.group_id = quote_groups.id
join quotes on quotes.id = quote_group_members.quote_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""",
    "group_list": f"""
select quotes.text, quote_groups.verdict, quote_groups.outlets, quote_groups.articles, quote_groups.versions,
       {ATTRIBUTION} as attribution, speakers.name as speaker_name, quote_groups.id as group_id,
       quote_groups.reference_quote_id as quote_id, quotes.article_id, quotes.speaker_id, quote_groups.updated_at
from quote_groups
left join quotes on quotes.id = quote_groups.reference_quote_id
left join speakers on speakers.id = quotes.speaker_id
""",
    "statements": """
select quotes.statement_id as id, quotes.article_id, max(quotes.kind) as kind,
       group_concat(quotes.text, ' … ') as text, count(*) as pieces,
       min(quotes.start) as start, max(quotes."end") as "end",
       min(quotes.speaker_mention) as speaker, speakers.name as speaker_name, min(quotes.speaker_id) as speaker_id,
       outlets.name as outlet, articles.title as article, articles.published
from (select * from quotes order by statement_id, start) as quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
group by quotes.statement_id
""",
}


@migrations()
def m015_speaker_and_speaker_name(db: Database) -> None:
    """Views name fields as the CLI does: `speaker` as printed, `speaker_name` as resolved (they
    called the resolved name `speaker`, beside `speaker_mention`); `attribution` in words; and
    `group_list`, the cross-outlet groups arranged for reading."""
    for name, sql in NAMED_VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
