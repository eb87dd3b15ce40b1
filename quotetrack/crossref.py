"""Cross-article identity and matching, applied to the database.

identity.py and matching.py decide; this module reads what they need from the database, writes
their results (speaker merges with reasons, quote groups with differences, paraphrase links), and
answers the fact-check question for `quotetrack check`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from .factcheck import VERDICTS, Match, best_matches, claim_verdict, exit_code, judge_claim
from .matching import QuoteRecord, attribution_conflict, match_quote, paraphrases_of, reference_version
from .speaker_store import refresh_identities, speakers_named
from .storage import contains, fts_query, published_between, speakers_named_sql
from .versions import compare_versions, group_verdict, words


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- quote groups ----------------------------------------------------------------------------

RECORD_SQL = (
    "select quotes.id, quotes.text, quotes.article_id, quotes.speaker_id, quotes.kind, outlets.name, speakers.name, articles.published, quotes.statement_id "
    "from quotes join articles on articles.id = quotes.article_id left join outlets on outlets.id = articles.outlet_id "
    "left join speakers on speakers.id = quotes.speaker_id "
)
PARAPHRASE_CANDIDATES = 500  # a speaker's most recent reported quotes a new one is compared with


def quote_records(db: Database, where: str = "", params: list | None = None) -> list[QuoteRecord]:
    return [QuoteRecord(*row) for row in db.execute(f"{RECORD_SQL} {where} order by quotes.id", params or [])]


def _records_by_id(db: Database, ids: Iterable[int]) -> list[QuoteRecord]:
    ids = sorted(ids)
    records: list[QuoteRecord] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        records += quote_records(db, f"where quotes.id in ({','.join('?' for _ in chunk)})", chunk)
    return records


@dataclass
class MatchSummary:
    merges: int
    new_quotes: int
    groups_touched: int
    paraphrases: int


class DatabaseGroups:
    """The `GroupStore` of matching.py in the database: shingles in `quote_shingles`, groups in
    `quote_groups` and `quote_group_members`. Groups touched are remembered, to be described once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.touched: set[int] = set()

    def posting(self, shingle: int, limit: int) -> list[int]:
        return [r[0] for r in self.db.execute("select quote_id from quote_shingles where shingle = ? limit ?", [shingle, limit])]

    def records(self, ids: Iterable[int]) -> list[QuoteRecord]:
        return _records_by_id(self.db, ids)

    def group_of(self, quote_id: int) -> int | None:
        row = self.db.execute("select group_id from quote_group_members where quote_id = ?", [quote_id]).fetchone()
        return row[0] if row else None

    def reference(self, group_id: int) -> QuoteRecord:
        row = self.db.execute("select reference_quote_id from quote_groups where id = ?", [group_id]).fetchone()
        return _records_by_id(self.db, [row[0]])[0]

    def add(self, quote: QuoteRecord, shingles: Iterable[int]) -> None:
        self.db.conn.executemany("insert or ignore into quote_shingles (shingle, quote_id) values (?, ?)", [(g, quote.id) for g in shingles])

    def join(self, group_id: int, quote: QuoteRecord) -> None:
        self.db.execute("insert into quote_group_members (group_id, quote_id) values (?, ?)", [group_id, quote.id])
        if reference_version([self.reference(group_id), quote]) is quote:
            self.db.execute("update quote_groups set reference_quote_id = ? where id = ?", [quote.id, group_id])
        self.touched.add(group_id)

    def statement_groups(self, quote: QuoteRecord) -> set[int]:
        rows = self.db.execute(
            "select group_id from quote_group_members join quotes on quotes.id = quote_group_members.quote_id "
            "where quotes.statement_id = ? and quotes.id != ?",
            [quote.statement_id, quote.id],
        )
        return {row[0] for row in rows}

    def create(self, first: QuoteRecord, second: QuoteRecord) -> int:
        reference = reference_version([first, second])
        group_id = self.db["quote_groups"].insert({"reference_quote_id": reference.id, "created_at": _now()}).last_pk
        for quote in (first, second):
            self.db.execute("insert into quote_group_members (group_id, quote_id) values (?, ?)", [group_id, quote.id])
        self.touched.add(group_id)
        return group_id

    def describe(self) -> None:
        """Write each touched group's verdict, counts, attribution conflict and each member's
        differences against the reference version."""
        for group_id in sorted(self.touched):
            members = quote_records(self.db, "where quotes.id in (select quote_id from quote_group_members where group_id = ?)", [group_id])
            reference = self.reference(group_id)
            comparisons = {q.id: compare_versions(q.text, reference.text) for q in members}
            self.db["quote_groups"].update(
                group_id,
                {
                    "verdict": group_verdict(comparisons.values()),
                    "outlets": len({q.outlet or f"article {q.article_id}" for q in members}),
                    "articles": len({q.article_id for q in members}),
                    "versions": len(members),
                    "attribution_conflict": int(attribution_conflict(members)),
                    "updated_at": _now(),
                },
            )
            for quote in members:
                comparison = comparisons[quote.id]
                differences = [d.as_dict() | {"other_outlet": reference.outlet or "the other article"} for d in comparison.differences]
                self.db.execute(
                    "update quote_group_members set verdict = ?, partial = ?, differences = ? where quote_id = ?",
                    [comparison.verdict, int(comparison.partial), json.dumps(differences, ensure_ascii=False), quote.id],
                )


def last_matched_quote(db: Database) -> int:
    row = db.execute("select max_quote_id from match_runs order by id desc limit 1").fetchone()
    return (row[0] or 0) if row else 0


def matches_stale(db: Database) -> bool:
    """True when quotes were stored since the last completed matching run."""
    return last_matched_quote(db) != db.execute("select coalesce(max(id), 0) from quotes").fetchone()[0]


def refresh_matches(db: Database) -> MatchSummary:
    """Match the quotes stored since the last run against everything stored: each joins a group
    (which keeps its id) or starts one, and reported speech is linked to earlier paraphrases by
    the same speaker. The work grows with the new quotes, not with the database (speaker merges
    aside, which identity.py finds over all speakers)."""
    merges = refresh_identities(db)
    new = quote_records(db, "where quotes.id > ?", [last_matched_quote(db)])
    store = DatabaseGroups(db)
    links = 0
    with db.atomic():
        for quote in new:
            match_quote(quote, store)
            if quote.speaker_id is not None and quote.kind in ("indirect", "mixed"):
                earlier = quote_records(
                    db,
                    "where quotes.id in (select id from quotes where speaker_id = ? and id < ? and kind in ('indirect', 'mixed') "
                    "order by id desc limit ?)",
                    [quote.speaker_id, quote.id, PARAPHRASE_CANDIDATES],
                )
                found = paraphrases_of(quote, earlier)
                db["paraphrases"].insert_all({"quote_id": a, "other_quote_id": b, "score": score} for a, b, score in found)
                links += len(found)
        store.describe()
        db["match_runs"].insert(
            {
                "max_quote_id": max((q.id for q in new), default=last_matched_quote(db)),
                "quotes": len(new),
                "groups": len(store.touched),
                "merges": len(merges),
                "paraphrases": links,
                "finished_at": _now(),
            }
        )
    return MatchSummary(len(merges), len(new), len(store.touched), links)


def clear_matches(db: Database) -> None:
    """Forget every group, link and index entry, so the next run matches all quotes anew (group
    ids are then new: for benchmarks and after a change to the matching rules)."""
    with db.atomic():
        for table in ("quote_group_members", "quote_groups", "paraphrases", "quote_shingles", "match_runs"):
            db.execute(f"delete from {table}")


def shared_quotes(db: Database, speaker: str | None = None, min_outlets: int = 2) -> list[dict[str, Any]]:
    """Quote groups across at least `min_outlets` outlets, each with its versions (and, for a
    version that is a piece of a statement, the whole statement as printed)."""
    sql = "select * from quote_groups where outlets >= ?"
    params: list[Any] = [min_outlets]
    if speaker:
        sql += f" and id in (select group_id from shared_quotes where speaker_id in ({speakers_named_sql()}) or {contains('speaker')})"
        params += [speaker] * 3
    result = []
    for group in db.query(sql + " order by id", params):
        versions = list(
            db.query(
                "select shared_quotes.quote_id, shared_quotes.text, shared_quotes.speaker, shared_quotes.speaker_name, "
                "shared_quotes.outlet, shared_quotes.article, "
                "shared_quotes.published, shared_quotes.verdict, shared_quotes.differences, quotes.statement_id, "
                "(select group_concat(text, ' … ') from (select text from quotes as piece where piece.statement_id = quotes.statement_id order by start)) as statement "
                "from shared_quotes join quotes on quotes.id = shared_quotes.quote_id where group_id = ? order by outlet, quote_id",
                [group["id"]],
            )
        )
        for version in versions:
            version["differences"] = json.loads(version["differences"] or "[]")
        result.append({"group": group["id"], "verdict": group["verdict"], "outlets": group["outlets"], "attribution_conflict": bool(group["attribution_conflict"]), "versions": versions})
    return result


# --- fact-check ------------------------------------------------------------------------------

CANDIDATES = 500
NEAREST = 5  # stored quotes shown with their scores when nothing is found


@dataclass
class ClaimCheck:
    """A claim, the verdict on it, and the evidence: matching quotes (or the nearest ones when
    nothing was found) and stretches of articles that print the words outside any quote."""

    claim: str
    verdict: str
    matches: list[dict[str, Any]]

    @property
    def exit_code(self) -> int:
        return exit_code(self.verdict)

    def as_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "verdict": self.verdict, "matches": self.matches}


def check_claim(
    db: Database,
    claim: str,
    speaker: str | None = None,
    limit: int = 10,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> ClaimCheck:
    """The verdict on a claimed wording, with the stored quotes (and printed words) behind it."""
    filters, params = _article_filters(outlet, since, until)
    words = fts_query(claim).split()
    if not words:
        return ClaimCheck(claim, "not found", [])
    candidate_ids = [
        row[0]
        for row in db.execute(
            "select rowid from quotes_fts where quotes_fts match ? order by rank limit ?", [" OR ".join(words), CANDIDATES]
        )
    ]
    marks = ",".join("?" for _ in candidate_ids)
    candidates = quote_records(db, f"where quotes.id in ({marks}) {filters}", candidate_ids + params) if candidate_ids else []
    named = speakers_named(db, speaker) if speaker else set()

    def speaker_ok(quote: QuoteRecord) -> bool | None:
        return quote.speaker_id in named

    matches = best_matches(claim, candidates, speaker_ok if speaker else None, limit)
    verdict = claim_verdict(matches)
    described = [_describe_match(db, m) for m in matches if m.verdict != "not found"]
    if verdict not in ("verbatim", "different speaker"):
        printed = printed_unattributed(db, claim, filters, params)
        if printed and VERDICTS.index("printed but unattributed") < VERDICTS.index(verdict):
            verdict = "printed but unattributed"
        described = sorted(described + printed, key=lambda m: VERDICTS.index(m["verdict"]))
    if verdict == "not found":
        described = [_describe_match(db, m) for m in matches[:NEAREST]]
    return ClaimCheck(claim, verdict, described[:limit])


def _article_filters(outlet: str | None, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL conditions on `articles` and `outlets` for --outlet, --since and --until."""
    clauses, params = [], []
    if outlet:
        clauses.append(contains("outlets.name"))
        params.append(outlet)
    dated, dates = published_between("articles.published", since, until)
    clauses += dated
    params += dates
    return "".join(f" and {c}" for c in clauses), params


def printed_unattributed(db: Database, claim: str, filters: str = "", params: list | None = None, limit: int = 5) -> list[dict[str, Any]]:
    """Where an article prints the claimed words (case, punctuation and spacing aside) outside
    every quote extracted from it: the article, the offsets and the words as printed."""
    claim_words = [re.escape(w.surface) for w in matching_words(claim)]
    query = fts_query(claim)
    if len(claim_words) < 3 or not query:
        return []
    pattern = re.compile(r"\W+".join(claim_words), re.IGNORECASE)
    rows = db.execute(
        "select articles.id, articles.key, articles.title, articles.text, articles.published, outlets.name from articles "
        "left join outlets on outlets.id = articles.outlet_id "
        f"where articles.id in (select rowid from articles_fts where articles_fts match ? limit 200) {filters} order by articles.id",
        [query] + (params or []),
    ).fetchall()
    found = []
    for article_id, key, title, text, published, outlet in rows:
        spans = db.execute('select start, "end" from quotes where article_id = ?', [article_id]).fetchall()
        for hit in pattern.finditer(clean_for_search(text)):
            if any(start <= hit.start() < end or start < hit.end() <= end for start, end in spans):
                continue  # inside a quote: judged as that quote
            match = judge_claim(claim, QuoteRecord(0, text[hit.start() : hit.end()], article_id, None, "direct", outlet), printed=True)
            found.append(
                {"quote_id": None, "text": text[hit.start() : hit.end()], "kind": None, "start": hit.start(), "end": hit.end(),
                 "speaker": None, "speaker_name": None, "outlet": outlet, "published": published, "article": title,
                 "article_key": key, "statement": None, "verdict": match.verdict, "score": match.score, "differences": []}
            )
            if len(found) >= limit:
                return found
    return found


def clean_for_search(text: str) -> str:
    """Article text with curly quote marks straight, offsets unchanged (one character for one)."""
    return text.translate(_STRAIGHT)


_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})


def matching_words(text: str) -> list:
    return words(clean_for_search(text))


def _describe_match(db: Database, match: Match) -> dict[str, Any]:
    row = next(
        db.query(
            "select quotes.id as quote_id, quotes.text, quotes.kind, quotes.start, quotes.\"end\", quotes.speaker_mention as speaker, "
            "speakers.name as speaker_name, outlets.name as outlet, articles.published, articles.title as article, "
            "articles.key as article_key, (select group_concat(text, ' … ') from (select text from quotes as piece "
            "where piece.statement_id = quotes.statement_id order by start)) as statement "
            "from quotes join articles on articles.id = quotes.article_id "
            "left join outlets on outlets.id = articles.outlet_id left join speakers on speakers.id = quotes.speaker_id "
            "where quotes.id = ?",
            [match.quote.id],
        )
    )
    return row | {
        "verdict": match.verdict,
        "score": match.score,
        "differences": [d.as_dict() for d in match.comparison.differences] if match.verdict not in ("not found", "paraphrase") else [],
    }
