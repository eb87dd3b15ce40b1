"""The cost of one ingest's matching as the database grows: 100 articles' quotes added to
databases holding 10k, 100k and 1M quotes.

Each database is filled with synthetic quotes (bench_matching's generator: a Zipf vocabulary,
stock phrases, statements reprinted with outlets' edits) spread over articles of 20 quotes, 500
speakers and 7 outlets, and with the shingle index matching keeps (`quote_shingles`), written in
bulk as matching would have left it. Then 100 new articles (2,000 quotes, a fifth of them
reprints of stored statements) are stored and `refresh_matches` runs once: the time of that
run is what a user waits for after an ingest. The full-text triggers are dropped in these
databases (filling a million rows through them takes long and matching does not read them).

    nice python benchmarks/bench_incremental.py                       # 10k, 100k, 1M
    nice python benchmarks/bench_incremental.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's quotetrack, not an installed one

from bench_matching import synthetic  # noqa: E402

from quotetrack.crossref import refresh_matches  # noqa: E402
from quotetrack.matching import shingles, whole_text_key  # noqa: E402
from quotetrack.versions import forms  # noqa: E402
from quotetrack.storage import open_db  # noqa: E402

PER_ARTICLE = 20
NEW_ARTICLES = 100
SPEAKERS = 500
OUTLETS = 7


def fill(db, quotes, first_article: int, index: bool) -> None:
    """Store synthetic quotes as articles of PER_ARTICLE quotes (and, if `index`, their shingles)."""
    rng = random.Random(first_article)
    count = max(1, len(quotes) // PER_ARTICLE)
    articles = [(a, f"synthetic-{a}", 1 + a % OUTLETS, "text", f"sha-{a}", "2024-01-01") for a in range(first_article, first_article + count)]
    rows, grams = [], []
    for k, quote in enumerate(quotes):
        article = first_article + k % count  # the versions of one statement (consecutive) go to different articles
        kind = "indirect" if rng.random() < 0.2 else "direct"
        rows.append((quote.id, article, 1 + rng.randrange(SPEAKERS), kind, k, k + len(quote.text), quote.text, quote.id))
        found = forms(quote.text)
        if index and len(found) >= 4:
            grams += [(g, quote.id) for g in shingles(found) | {whole_text_key(found)}]
    with db.atomic():
        db.conn.executemany("insert into articles (id, key, outlet_id, text, text_sha256, published) values (?, ?, ?, ?, ?, ?)", articles)
        db.conn.executemany('insert into quotes (id, article_id, speaker_id, kind, start, "end", text, statement_id) values (?, ?, ?, ?, ?, ?, ?, ?)', rows)
        db.conn.executemany("insert or ignore into quote_shingles (shingle, quote_id) values (?, ?)", grams)


def run(size: int) -> tuple[float, float, float, int]:
    """(seconds to build, seconds to match the new quotes (wall, CPU), groups made or grown)."""
    path = Path(tempfile.mkdtemp()) / f"bench-{size}.db"
    db = open_db(path)
    for trigger in [r[0] for r in db.execute("select name from sqlite_master where type = 'trigger' and tbl_name = 'quotes'")]:
        db.execute(f"drop trigger {trigger}")
    with db.atomic():
        db.conn.executemany("insert into outlets (id, name) values (?, ?)", [(k, f"Outlet {k}") for k in range(1, OUTLETS + 1)])
        db.conn.executemany("insert into speakers (id, name, key) values (?, ?, ?)", [(k, f"Speaker {k}", f"speaker {k}") for k in range(1, SPEAKERS + 1)])
    new_count = NEW_ARTICLES * PER_ARTICLE
    quotes, _ = synthetic(size + new_count)
    started = time.perf_counter()
    for start in range(0, size, 50_000):
        fill(db, quotes[start : min(size, start + 50_000)], 1 + start // PER_ARTICLE, index=True)
    db["match_runs"].insert({"max_quote_id": size, "quotes": size, "finished_at": "bench"})
    built = time.perf_counter() - started
    fill(db, quotes[size:], 1 + size // PER_ARTICLE, index=False)  # the new articles: stored, not yet matched
    started, cpu = time.perf_counter(), time.process_time()
    summary = refresh_matches(db)
    matched, matched_cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    for file in path.parent.iterdir():
        file.unlink()
    path.parent.rmdir()
    return built, matched, matched_cpu, summary.groups_touched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'stored quotes':>14} {'build s':>8} {'match 2,000 new: wall s':>24} {'CPU s':>7} {'groups made or grown':>21}")
    for size in args.sizes:
        built, matched, cpu, touched = run(size)
        print(f"{size:>14,} {built:>8.1f} {matched:>24.2f} {cpu:>7.2f} {touched:>21,}", flush=True)


if __name__ == "__main__":
    main()
