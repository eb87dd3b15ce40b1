"""Speaker identity applied to the database: merges, splits and renames, kept and explained.

identity.py decides which spellings are one speaker; this module reads the spellings from the
database and writes the outcome. Every spelling keeps its own `speakers` row (never deleted, its
`spelling` never changed); a merged one points with `merged_into` to its speaker, the cluster's
oldest row, so the id people cite stays when spellings are added; that row's `name` shows the
cluster's displayed spelling (or the name a user chose), and each quote's `speaker_id` is the shown
speaker of the spelling it was stored under (`name_speaker_id`). Merges are recomputed from all
spellings each time, so the result does not depend on the order of ingests, and a split or a
rename is one row to change. `speaker_merges` keeps every merge in force with its reason
(`method` auto or user); a split sets `undone_at`, and automatic matching never redoes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from .errors import QuotetrackError
from .identity import Merge, SpeakerRecord, find_merges, quote_key
from .storage import speakers_named_sql

QUOTE_KEY_WORDS = 5  # a shorter direct quote is too common to show two spellings are one person


class NoSuchMerge(QuotetrackError):
    """A split asked for a merge that does not exist or was already undone."""


class NoSuchSpeaker(QuotetrackError):
    """A speaker id that is not in the database."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def speaker_records(db: Database) -> list[SpeakerRecord]:
    """Every spelling with its roles, its number of quotes and of outlets printing it."""
    roles: dict[int, set[str]] = defaultdict(set)
    for speaker_id, role in db.execute(
        "select distinct name_speaker_id, speaker_role from quotes where speaker_role is not null and name_speaker_id is not null"
    ):
        roles[speaker_id].add(role)
    quotes: dict[int, set[str]] = defaultdict(set)
    for speaker_id, text in db.execute("select name_speaker_id, text from quotes where kind = 'direct' and name_speaker_id is not null"):
        key = quote_key(text)
        if len(key.split()) >= QUOTE_KEY_WORDS:  # "terrible" alone is no evidence
            quotes[speaker_id].add(key)
    counts = {
        row[0]: (row[1], row[2])
        for row in db.execute(
            # an article of unknown outlet counts as an outlet of its own
            "select quotes.name_speaker_id, count(*), count(distinct coalesce(articles.outlet_id, -articles.id)) from quotes "
            "join articles on articles.id = quotes.article_id where quotes.name_speaker_id is not null group by quotes.name_speaker_id"
        )
    }
    return [
        SpeakerRecord(
            id=row[0],
            name=row[1],
            roles=tuple(sorted(roles[row[0]])),
            mentions=counts.get(row[0], (0, 0))[0],
            kind=row[2],
            outlets=counts.get(row[0], (0, 0))[1],
            article_id=row[3],
            renamed=bool(row[4]),
            quotes=frozenset(quotes[row[0]]),
        )
        for row in db.execute("select id, coalesce(spelling, name), kind, article_id, renamed from speakers order by id")
    ]


def refresh_identities(db: Database) -> list[Merge]:
    """Recompute every merge from all spellings and apply the result; returns the merges in force."""
    blocked = {
        frozenset({row[0].casefold(), row[1].casefold()})
        for row in db.execute(
            "select coalesce(keep.spelling, keep.name), coalesce(merged.spelling, merged.name) from speaker_merges join speakers as keep on keep.id = speaker_merges.speaker_id "
            "join speakers as merged on merged.id = speaker_merges.merged_speaker_id where undone_at is not null"
        )
    }
    joined = [
        (row[0], row[1], row[2])
        for row in db.execute("select speaker_id, merged_speaker_id, reason from speaker_merges where undone_at is null and method = 'user'")
    ]
    merges = find_merges(speaker_records(db), blocked, joined)
    user_pairs = {frozenset({a, b}): reason for a, b, reason in joined}
    shown_names = {merge.keep: merge.named_by for merge in merges}
    chosen = dict(db.execute("select id, name from speakers where renamed is not null").fetchall())
    with db.atomic():
        db.execute("update speakers set merged_into = null where merged_into is not null")
        db.execute("update speakers set name = spelling where renamed is null and spelling is not null and name != spelling")
        for merge in merges:
            db.execute("update speakers set merged_into = ? where id = ?", [merge.keep, merge.merge])
        for keep, named_by in shown_names.items():
            name = chosen.get(named_by) or db.execute("select coalesce(spelling, name) from speakers where id = ?", [named_by]).fetchone()[0]
            db.execute("update speakers set name = ? where id = ? and name != ?", [name, keep, name])
        db.execute("update quotes set speaker_id = (select coalesce(merged_into, id) from speakers where speakers.id = quotes.name_speaker_id) where name_speaker_id is not null")
        active = {
            (row[1], row[2]): row[0]
            for row in db.execute("select id, speaker_id, merged_speaker_id from speaker_merges where undone_at is null and method = 'auto'")
        }
        wanted = {(m.keep, m.merge): m for m in merges if frozenset({m.keep, m.merge}) not in user_pairs}
        for pair, merge_id in active.items():
            if pair not in wanted:
                db.execute("delete from speaker_merges where id = ?", [merge_id])  # superseded by the new plan
        for pair, merge in wanted.items():
            if pair not in active:
                _record_merge(db, merge, "auto")
            else:  # the displayed spelling changed, so the reason reaching this spelling may have
                db.execute("update speaker_merges set reason = ? where id = ? and reason != ?", [merge.reason, active[pair], merge.reason])
    return merges


def _record_merge(db: Database, merge: Merge, method: str) -> int:
    """One merge kept with its reason: the speaker as shown, the spelling merged into it."""
    names = dict(db.execute("select id, name from speakers where id = ?", [merge.keep]).fetchall())
    names.update(db.execute("select id, coalesce(spelling, name) from speakers where id = ?", [merge.merge]).fetchall())
    key = db.execute("select key from speakers where id = ?", [merge.merge]).fetchone()[0]
    aliases = [r[0] for r in db.execute("select alias from speaker_aliases where speaker_id = ? order by alias", [merge.merge])]
    quote_ids = [r[0] for r in db.execute("select id from quotes where name_speaker_id = ? order by id", [merge.merge])]
    return db["speaker_merges"].insert(
        {
            "speaker_id": merge.keep,
            "speaker_name": names[merge.keep],
            "merged_speaker_id": merge.merge,
            "merged_name": names[merge.merge],
            "merged_key": key,
            "reason": merge.reason,
            "method": method,
            "aliases": json.dumps(aliases, ensure_ascii=False),
            "quote_ids": json.dumps(quote_ids),
            "created_at": _now(),
        }
    ).last_pk


def _shown(db: Database, speaker_id: int) -> int:
    row = db.execute("select coalesce(merged_into, id) from speakers where id = ?", [speaker_id]).fetchone()
    if row is None:
        raise NoSuchSpeaker(f"no speaker with id {speaker_id} (see `quotetrack speakers`)")
    return row[0]


def merge_speakers(db: Database, keep_id: int, other_id: int, reason: str = "merged by a user") -> int:
    """A user's merge of speaker `other_id` into `keep_id`: recorded, then applied with the rest."""
    keep, other = _shown(db, keep_id), _shown(db, other_id)
    if keep == other:
        raise QuotetrackError(f"speakers {keep_id} and {other_id} are one speaker already")
    with db.atomic():
        merge_id = _record_merge(db, Merge(keep, other, reason, keep), "user")
    refresh_identities(db)
    return merge_id


def split_speaker(db: Database, merge_id: int) -> int:
    """Undo a merge: the merged spelling is its own speaker again (same id), and stays apart."""
    row = db.execute("select merged_speaker_id from speaker_merges where id = ? and undone_at is null", [merge_id]).fetchone()
    if row is None:
        raise NoSuchMerge(f"no merge {merge_id} to undo (see `quotetrack speakers merges`)")
    with db.atomic():
        db.execute("update speaker_merges set undone_at = ? where id = ?", [_now(), merge_id])
    refresh_identities(db)
    return row[0]


def rename_speaker(db: Database, speaker_id: int, name: str) -> int:
    """Show a speaker under the name a user gives; its spellings, key and quotes stay as they are."""
    name = " ".join(name.split())
    if not name:
        raise QuotetrackError("a speaker's name cannot be empty")
    shown = _shown(db, speaker_id)
    with db.atomic():
        old = db.execute("select name from speakers where id = ?", [shown]).fetchone()[0]
        db.execute("insert or ignore into speaker_aliases (speaker_id, alias) values (?, ?)", [shown, old])
        db.execute("update speakers set renamed = null where renamed is not null and coalesce(merged_into, id) = ?", [shown])
        db.execute("update speakers set name = ?, renamed = 1 where id = ?", [name, shown])
    return shown


def list_merges(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "select speaker_merges.id, speakers.name as speaker_name, merged_name, reason, method, created_at, undone_at "
            "from speaker_merges left join speakers on speakers.id = speaker_merges.speaker_id order by speaker_merges.id"
        )
    )


def speakers_named(db: Database, text: str) -> set[int]:
    """The shown speakers whose name, or the name or an alias of a spelling merged into them,
    contains `text` (storage.speakers_named_sql, the rule of every --speaker filter)."""
    return {row[0] for row in db.execute(speakers_named_sql(), [text, text])}
