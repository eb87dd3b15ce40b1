"""Cross-article identity and matching, applied to the database.

identity.py and matching.py decide; this module reads what they need from the database, writes
their results (speaker merges with reasons, quote groups with differences, paraphrase links), and
answers the fact-check question for `quotetrack check`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from .errors import QuotetrackError
from .identity import Merge, SpeakerRecord, find_merges
from .matching import (
    Match,
    QuoteRecord,
    attribution_conflict,
    best_matches,
    compare_versions,
    group_quotes,
    paraphrase_links,
    reference_version,
)
from .storage import fts_query


class NoSuchMerge(QuotetrackError):
    """A split asked for a merge that does not exist or was already undone."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- speakers --------------------------------------------------------------------------------


def speaker_records(db: Database) -> list[SpeakerRecord]:
    roles: dict[int, set[str]] = defaultdict(set)
    for speaker_id, role in db.execute("select distinct speaker_id, speaker_role from quotes where speaker_role is not null and speaker_id is not null"):
        roles[speaker_id].add(role)
    return [SpeakerRecord(row[0], row[1], tuple(sorted(roles[row[0]]))) for row in db.execute("select id, name from speakers order by id")]


def refresh_identities(db: Database) -> list[Merge]:
    """Find and apply merges of speakers that are one person or body; returns what was merged."""
    blocked = {
        frozenset({row[0].casefold(), row[1].casefold()})
        for row in db.execute("select speaker_name, merged_name from speaker_merges where undone_at is not null")
    }
    merges = find_merges(speaker_records(db), blocked)
    with db.atomic():
        for merge in merges:
            merge_speakers(db, merge.keep, merge.merge, merge.reason, method="auto")
    return merges


def merge_speakers(db: Database, keep_id: int, other_id: int, reason: str = "merged by a user", method: str = "user") -> int:
    """Move every quote and spelling of `other_id` to `keep_id`, recording how to undo it."""
    if keep_id == other_id:
        raise QuotetrackError("a speaker cannot be merged with itself")
    rows = {r["id"]: r for r in db.query("select id, name, key from speakers where id in (?, ?)", [keep_id, other_id])}
    for speaker_id in (keep_id, other_id):
        if speaker_id not in rows:
            raise QuotetrackError(f"no speaker with id {speaker_id}")
    other = rows[other_id]
    with db.atomic():
        aliases = [r[0] for r in db.execute("select alias from speaker_aliases where speaker_id = ? order by alias", [other_id])]
        quote_ids = [r[0] for r in db.execute("select id from quotes where speaker_id = ? order by id", [other_id])]
        merge_id = db["speaker_merges"].insert(
            {
                "speaker_id": keep_id,
                "speaker_name": rows[keep_id]["name"],
                "merged_speaker_id": other_id,
                "merged_name": other["name"],
                "merged_key": other["key"],
                "reason": reason,
                "method": method,
                "aliases": json.dumps(aliases, ensure_ascii=False),
                "quote_ids": json.dumps(quote_ids),
                "created_at": _now(),
            }
        ).last_pk
        db.execute("update quotes set speaker_id = ? where speaker_id = ?", [keep_id, other_id])
        for alias in aliases:
            db.execute("insert or ignore into speaker_aliases (speaker_id, alias) values (?, ?)", [keep_id, alias])
        db.execute("delete from speaker_aliases where speaker_id = ?", [other_id])
        db.execute("update speaker_merges set speaker_id = ? where speaker_id = ?", [keep_id, other_id])
        db.execute("delete from speakers where id = ?", [other_id])
    return merge_id


def split_speaker(db: Database, merge_id: int) -> int:
    """Undo a merge: the merged speaker comes back with its spellings and quotes."""
    row = db.execute(
        "select speaker_id, merged_speaker_id, merged_name, merged_key, aliases, quote_ids from speaker_merges "
        "where id = ? and undone_at is null",
        [merge_id],
    ).fetchone()
    if row is None:
        raise NoSuchMerge(f"no merge {merge_id} to undo (see `quotetrack speakers merges`)")
    keep_id, old_id, name, key, aliases, quote_ids = row
    with db.atomic():
        taken = db.execute("select 1 from speakers where id = ?", [old_id]).fetchone()
        restored = db["speakers"].insert({"name": name, "key": key} | ({} if taken else {"id": old_id})).last_pk
        ids = json.loads(quote_ids)
        for quote_id in ids:
            db.execute("update quotes set speaker_id = ? where id = ? and speaker_id = ?", [restored, quote_id, keep_id])
        for alias in json.loads(aliases):
            still_used = db.execute(
                "select 1 from quotes where speaker_id = ? and (speaker_mention = ?) limit 1", [keep_id, alias]
            ).fetchone()
            if not still_used:
                db.execute("delete from speaker_aliases where speaker_id = ? and alias = ?", [keep_id, alias])
            db.execute("insert or ignore into speaker_aliases (speaker_id, alias) values (?, ?)", [restored, alias])
        db.execute("update speaker_merges set undone_at = ? where id = ?", [_now(), merge_id])
    return restored


def list_merges(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "select speaker_merges.id, speakers.name as speaker, merged_name, reason, method, created_at, undone_at "
            "from speaker_merges left join speakers on speakers.id = speaker_merges.speaker_id order by speaker_merges.id"
        )
    )


# --- quote groups ----------------------------------------------------------------------------


def quote_records(db: Database, where: str = "", params: list | None = None) -> list[QuoteRecord]:
    sql = (
        "select quotes.id, quotes.text, quotes.article_id, quotes.speaker_id, quotes.kind, outlets.name "
        "from quotes join articles on articles.id = quotes.article_id left join outlets on outlets.id = articles.outlet_id "
        f"{where} order by quotes.id"
    )
    return [QuoteRecord(*row) for row in db.execute(sql, params or [])]


@dataclass
class MatchSummary:
    merges: int
    groups: int
    paraphrases: int


def matches_stale(db: Database) -> bool:
    """True when quotes were stored since the last completed matching run."""
    last = db.execute("select max_quote_id from match_runs order by id desc limit 1").fetchone()
    current = db.execute("select coalesce(max(id), 0) from quotes").fetchone()[0]
    return last is None or (last[0] or 0) != current


def refresh_matches(db: Database) -> MatchSummary:
    """Recompute speaker merges, quote groups and paraphrase links for the whole database."""
    merges = refresh_identities(db)
    quotes = quote_records(db)
    groups = group_quotes(quotes)
    links = paraphrase_links(quotes)
    with db.atomic():
        for table in ("quote_group_members", "quote_groups", "paraphrases"):
            db.execute(f"delete from {table}")
        for members in groups:
            reference = reference_version(members)
            outlets = {q.outlet or f"article {q.article_id}" for q in members}
            comparisons = {q.id: compare_versions(q.text, reference.text) for q in members}
            verdicts = {c.verdict for c in comparisons.values()}
            verdict = "substantive" if "substantive" in verdicts else "cosmetic" if "cosmetic" in verdicts else "identical"
            group_id = db["quote_groups"].insert(
                {
                    "reference_quote_id": reference.id,
                    "verdict": verdict,
                    "outlets": len(outlets),
                    "articles": len({q.article_id for q in members}),
                    "versions": len(members),
                    "attribution_conflict": int(attribution_conflict(members)),
                }
            ).last_pk
            db["quote_group_members"].insert_all(
                {
                    "group_id": group_id,
                    "quote_id": q.id,
                    "verdict": comparisons[q.id].verdict,
                    "partial": int(comparisons[q.id].partial),
                    "differences": json.dumps(
                        [d.as_dict() | {"other_outlet": reference.outlet or "the other article"} for d in comparisons[q.id].differences],
                        ensure_ascii=False,
                    ),
                }
                for q in members
            )
        db["paraphrases"].insert_all({"quote_id": a, "other_quote_id": b, "score": score} for a, b, score in links)
        db["match_runs"].insert(
            {
                "max_quote_id": max((q.id for q in quotes), default=0),
                "quotes": len(quotes),
                "groups": len(groups),
                "merges": len(merges),
                "paraphrases": len(links),
                "finished_at": _now(),
            }
        )
    return MatchSummary(len(merges), len(groups), len(links))


def shared_quotes(db: Database, speaker: str | None = None, min_outlets: int = 2) -> list[dict[str, Any]]:
    """Quote groups across at least `min_outlets` outlets, each with its versions."""
    groups = list(db.query("select * from quote_groups where outlets >= ? order by id", [min_outlets]))
    result = []
    for group in groups:
        versions = list(
            db.query(
                "select quote_id, text, speaker, outlet, article, published, verdict, differences "
                "from shared_quotes where group_id = ? order by outlet, quote_id",
                [group["id"]],
            )
        )
        if speaker and not any(speaker.casefold() in (v["speaker"] or "").casefold() for v in versions):
            continue
        for version in versions:
            version["differences"] = json.loads(version["differences"] or "[]")
        result.append({"group": group["id"], "verdict": group["verdict"], "outlets": group["outlets"], "attribution_conflict": bool(group["attribution_conflict"]), "versions": versions})
    return result


# --- fact-check ------------------------------------------------------------------------------

CANDIDATES = 500


def check_claim(db: Database, claim: str, speaker: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """The stored quotes that best match a claimed wording, each with its verdict and provenance."""
    words = fts_query(claim).split()
    if not words:
        return []
    candidate_ids = [
        row[0]
        for row in db.execute(
            "select rowid from quotes_fts where quotes_fts match ? order by rank limit ?", [" OR ".join(words), CANDIDATES]
        )
    ]
    if not candidate_ids:
        return []
    marks = ",".join("?" for _ in candidate_ids)
    candidates = quote_records(db, f"where quotes.id in ({marks})", candidate_ids)
    speaker_names = _speaker_names(db)

    def speaker_ok(quote: QuoteRecord) -> bool | None:
        if not speaker:
            return None
        return speaker.casefold() in speaker_names.get(quote.speaker_id, "").casefold()

    return [_describe_match(db, match) for match in best_matches(claim, candidates, speaker_ok if speaker else None, limit)]


def _speaker_names(db: Database) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    for speaker_id, name in db.execute("select id, name from speakers"):
        names[speaker_id].append(name)
    for speaker_id, alias in db.execute("select speaker_id, alias from speaker_aliases"):
        names[speaker_id].append(alias)
    return {k: " | ".join(v) for k, v in names.items()}


def _describe_match(db: Database, match: Match) -> dict[str, Any]:
    row = next(
        db.query(
            "select quotes.id as quote_id, quotes.text, quotes.kind, quotes.start, quotes.\"end\", speakers.name as speaker, "
            "quotes.speaker_mention, outlets.name as outlet, articles.published, articles.title as article, "
            "articles.key as article_key from quotes join articles on articles.id = quotes.article_id "
            "left join outlets on outlets.id = articles.outlet_id left join speakers on speakers.id = quotes.speaker_id "
            "where quotes.id = ?",
            [match.quote.id],
        )
    )
    return row | {
        "verdict": match.verdict,
        "score": match.score,
        "differences": [d.as_dict() for d in match.comparison.differences],
    }
