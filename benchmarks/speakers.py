"""Speaker identity at corpus scale: PolNeAR train + dev ingested into a fresh database.

Each article's outlet is its publisher (seven outlets). Prints the number of speakers shown and
of spellings, the merges, the top 40 speakers with their spellings, every merge with its reason,
and two check lists from issue 12: name variants that must be one speaker, and wrong merges that
must not happen (with the number of lone words merged into a longer name, which must be 0).

    nice python benchmarks/speakers.py                      # train + dev, 2 processes
    python benchmarks/speakers.py --limit 100 --db /tmp/s.db
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's quotetrack, not an installed one

from quotetrack.crossref import refresh_matches  # noqa: E402
from quotetrack.extraction import Extractor  # noqa: E402
from quotetrack.models import Article  # noqa: E402
from quotetrack.names import name_key  # noqa: E402
from quotetrack.speaker_store import list_merges  # noqa: E402
from quotetrack.storage import list_speakers, open_db, save_batch  # noqa: E402

POLNEAR = HERE.parent.parent / "shared" / "eval" / "polnear"
ONE_SPEAKER = [
    ("Donald Trump", "Donald J. Trump"),
    ("Hillary Clinton", "Hillary Rodham Clinton"),
    ("James Comey", "James B. Comey"),
    ("Paul Ryan", "Paul D. Ryan"),
    ("Loretta Lynch", "Loretta E. Lynch"),
    ("Joe Biden", "Joseph R. Biden Jr."),
    ("Reince Priebus", "Reince Preibus"),
]
NEVER_ONE = [
    ("Bob", "Bob Vander Plaats"),
    ("State", "Islamic State"),
    ("The Hill", "Capitol Hill"),
    ("Washington", "Washington Free Beacon"),
    ("the AP", "AP-GfK Poll"),
    ("Republicans", "Catholic Republicans"),
    ("Jane", "Jane Sanders"),
    ("Kevin", "Kevin McCarthy"),
]


def articles(paths: list[Path], limit: int | None) -> list[Article]:
    found = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append(Article(id=row["id"], text=row["text"], title=row.get("title"), outlet=row["publisher"], published=row.get("date")))
    return found[:limit] if limit else found


def shown_speaker(db, name: str) -> int | None:
    row = db.execute("select coalesce(merged_into, id) from speakers where key = ?", [name_key(name)]).fetchone()
    return row[0] if row else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/quotetrack-speakers-bench.db"))
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--report-only", action="store_true", help="print the figures of an existing --db, without ingesting")
    args = parser.parse_args()
    inputs = [POLNEAR / "train.jsonl", POLNEAR / "dev.jsonl"]
    if not all(p.exists() for p in inputs):
        sys.exit(f"error: PolNeAR not found in {POLNEAR}")
    if not args.report_only:
        args.db.unlink(missing_ok=True)
    db = open_db(args.db)
    started = time.perf_counter()
    if not args.report_only:
        extractor = Extractor(processes=args.processes)
        batch = []
        for pair in extractor.extract_many(articles(inputs, args.limit)):
            batch.append(pair)
            if len(batch) == 32:
                save_batch(db, batch, model=extractor.model)
                batch = []
        if batch:
            save_batch(db, batch, model=extractor.model)
    summary = refresh_matches(db)
    seconds = time.perf_counter() - started
    speakers = list_speakers(db)
    spellings = db.execute("select count(*) from speakers").fetchone()[0]
    kinds = dict(db.execute("select coalesce(kind, 'unknown'), count(*) from speakers where merged_into is null group by 1").fetchall())
    merges = [m for m in list_merges(db) if not m["undone_at"]]
    print(f"articles: {db['articles'].count}, quotes: {db['quotes'].count}, {seconds:.0f} s")
    print(f"speakers shown: {len(speakers)} (spellings: {spellings}); by kind: {json.dumps(kinds, sort_keys=True)}")
    print(f"merges: {len(merges)} (matching run: {summary.merges})")
    print("\ntop 40 speakers (quotes, outlets): spellings")
    for s in speakers[:40]:
        print(f"  {s['name']} [{s['kind'] or '?'}] ({s['quotes']}, {len(s['outlets'] or [])}): {' | '.join(s['spellings'] or [])}")
    print("\nmerges and their reasons")
    for m in merges:
        print(f"  {m['merged_name']} → {m['speaker_name']}: {m['reason']}")
    print("\nmust be one speaker")
    for a, b in ONE_SPEAKER:
        ia, ib = shown_speaker(db, a), shown_speaker(db, b)
        verdict = "not both seen" if ia is None or ib is None else "ok" if ia == ib else "SPLIT"
        print(f"  {verdict:14} {a} / {b}")
    print("\nmust not be merged")
    for a, b in NEVER_ONE:
        ia, ib = shown_speaker(db, a), shown_speaker(db, b)
        verdict = "not both seen" if ia is None or ib is None else "WRONG MERGE" if ia == ib else "ok"
        print(f"  {verdict:14} {a} / {b}")
    lone = db.execute(
        "select count(*) from speakers join speakers as shown on shown.id = speakers.merged_into "
        "where speakers.name not like '% %' and shown.name like '% %' and not (speakers.name = upper(speakers.name))"
    ).fetchone()[0]
    per_article = db.execute(
        "select count(*) from (select speakers.id from speakers join quotes on quotes.speaker_id = speakers.id "
        "where speakers.kind in ('anonymous', 'group') group by speakers.id having count(distinct quotes.article_id) > 1)"
    ).fetchone()[0]
    print(f"\nlone words (not acronyms) merged into a longer name: {lone}")
    print(f"anonymous or group speakers quoted in more than one article: {per_article}")


if __name__ == "__main__":
    main()
