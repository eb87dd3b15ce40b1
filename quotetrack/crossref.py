"""Cross-article identity and matching, applied to the database.

identity.py and matching.py decide; this module reads what they need from the database, writes
their results (speaker merges with reasons, quote groups with differences, paraphrase links), and
answers the fact-check question for `quotetrack check`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

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
from .speaker_store import refresh_identities, speaker_spellings
from .storage import fts_query


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
    speaker_names = speaker_spellings(db)

    def speaker_ok(quote: QuoteRecord) -> bool | None:
        if not speaker:
            return None
        return speaker.casefold() in speaker_names.get(quote.speaker_id, "").casefold()

    return [_describe_match(db, match) for match in best_matches(claim, candidates, speaker_ok if speaker else None, limit)]


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
