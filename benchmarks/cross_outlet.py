"""The same statement across outlets, on PolNeAR train + dev (1,007 articles, 7 publishers).

Ingests both splits from ../shared (outlet = publisher; nothing is copied into the project),
matches, and prints:

- groups and cross-outlet groups;
- a random sample (fixed seed) of 40 cross-outlet groups with every version, for reading;
- grouping recall against quotes that two or more publishers printed verbatim (a stored quote of
  eight words or more whose text is found by plain text search in another publisher's article,
  where a quote was extracted too) and how many of those pairs share a group;
- the share of direct quotes whose text contains a speech tag (a closing and an opening mark
  with words between: `” Smith said. “`), which must be 0;
- fact-check verdicts on a generated set: exact quotes, one word changed, one word dropped,
  indirect quotes, made-up sentences, each with the verdict it should get.

    nice python benchmarks/cross_outlet.py                       # ingest into /tmp, then match
    nice python benchmarks/cross_outlet.py --db /tmp/polnear.db  # reuse an ingested database
    nice python benchmarks/cross_outlet.py --db /tmp/polnear.db --rematch   # match anew only

Ingesting takes several minutes on a small machine; `--rematch` clears the groups and matches
the stored quotes again (what to re-run while working on matching).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from quotetrack.crossref import check_claim, clear_matches, refresh_matches
from quotetrack.extraction import Extractor
from quotetrack.models import Article
from quotetrack.storage import open_db, save_batch
from quotetrack import __version__

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear"
SEED = 13
SAMPLE = 40
TAG = re.compile(r"(?:[”\"]|'')\s*[^“”\"]{0,80}?\b(?:said|says|told|added|asked|wrote|according)\b[^“”\"]{0,80}?(?:[“\"]|'')")
STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})  # one character for one: offsets hold
WORD = re.compile(r"\w+(?:['’]\w+)*")


def polnear_articles() -> list[Article]:
    seen: set[str] = set()
    articles = []
    for split in ("train", "dev"):
        for line in (POLNEAR / f"{split}.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            if row["article_id"] in seen:
                continue  # one article annotated by several people
            seen.add(row["article_id"])
            articles.append(Article(row["article_id"], row["text"], title=row.get("title"), outlet=row["publisher"], published=row.get("date")))
    return articles


def ingest(db, articles: list[Article]) -> None:
    extractor = Extractor(processes=2)
    batch = []
    for number, (article, quotes) in enumerate(extractor.extract_many(articles), start=1):
        batch.append((article, quotes))
        if len(batch) == 32:
            save_batch(db, batch, model=extractor.model, version=__version__)
            batch = []
            print(f"  {number} articles", file=sys.stderr)
    save_batch(db, batch, model=extractor.model, version=__version__)


def cross_outlet_groups(db) -> list[dict]:
    groups = list(db.query("select id, verdict, outlets, attribution_conflict from quote_groups where outlets >= 2 order by id"))
    for group in groups:
        group["versions"] = list(
            db.query(
                "select quotes.id, quotes.kind, quotes.text, speakers.name as speaker, outlets.name as outlet, quote_group_members.verdict "
                "from quote_group_members join quotes on quotes.id = quote_group_members.quote_id "
                "join articles on articles.id = quotes.article_id left join outlets on outlets.id = articles.outlet_id "
                "left join speakers on speakers.id = quotes.speaker_id where group_id = ? order by quotes.id",
                [group["id"]],
            )
        )
    return groups


def verbatim_pairs(db) -> list[tuple[int, int]]:
    """(quote, quote) pairs from different publishers whose texts are printed verbatim in both
    articles: a quote of eight words or more found by plain text search in another publisher's
    article, where a quote of that article covers the found words."""
    articles = {
        row[0]: (row[1], row[2].translate(STRAIGHT))
        for row in db.execute("select articles.id, outlets.name, articles.text from articles join outlets on outlets.id = articles.outlet_id")
    }
    quotes = list(db.execute("select id, article_id, text, start, \"end\" from quotes"))
    by_article: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for quote_id, article_id, _, start, end in quotes:
        by_article[article_id].append((quote_id, start, end))
    pairs = []
    for quote_id, article_id, text, _, _ in quotes:
        words = WORD.findall(text)
        if len(words) < 8:
            continue
        needle = text.translate(STRAIGHT).strip(" ,.;:")
        outlet = articles[article_id][0]
        for other_id, (other_outlet, other_text) in articles.items():
            if other_outlet == outlet:
                continue
            at = other_text.find(needle)
            if at < 0:
                continue
            end = at + len(needle)
            covering = [q for q, s, e in by_article[other_id] if s <= at + 3 and end - 3 <= e or at <= s and e <= end and (e - s) >= 0.5 * len(needle)]
            if covering:
                pairs.append((quote_id, covering[0]))
    return pairs


def generated_claims(db, rng: random.Random, count: int = 40) -> list[tuple[str, str, str]]:
    """(what, claim, expected verdict) for exact, changed, dropped, indirect and made-up claims."""
    directs = [r[0] for r in db.execute("select text from quotes where kind = 'direct' and length(text) between 60 and 240 order by id")]
    indirects = [r[0] for r in db.execute("select text from quotes where kind = 'indirect' and length(text) between 60 and 240 order by id")]
    vocabulary = [r[0] for r in db.execute("select text from quotes where kind = 'direct' order by id limit 3000")]
    lexicon = sorted({w for t in vocabulary for w in WORD.findall(t) if len(w) > 5 and w.islower()})
    claims = []
    for text in rng.sample(directs, count):
        claims.append(("exact", text, "verbatim"))
    for text in rng.sample(directs, count):
        words = text.split()
        k = rng.randrange(2, len(words) - 2)
        words[k] = rng.choice(lexicon)
        claims.append(("one word changed", " ".join(words), "altered"))
    for text in rng.sample(directs, count):
        words = text.split()
        del words[rng.randrange(2, len(words) - 2)]
        claims.append(("one word dropped", " ".join(words), "altered"))
    for text in rng.sample(indirects, count):
        claims.append(("indirect", text, "reported"))
    for _ in range(count):
        claims.append(("made up", " ".join(rng.sample(lexicon, 12)), "not found"))
    return claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/tmp/quotetrack-polnear.db")
    parser.add_argument("--rematch", action="store_true", help="clear the groups and match the stored quotes again")
    args = parser.parse_args()
    db = open_db(args.db)
    if not db.execute("select count(*) from articles").fetchone()[0]:
        articles = polnear_articles()
        print(f"ingesting {len(articles)} articles into {args.db}", file=sys.stderr)
        started = time.perf_counter()
        ingest(db, articles)
        print(f"ingested in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.rematch:
        clear_matches(db)
    started = time.perf_counter()
    summary = refresh_matches(db)
    print(f"matching: {time.perf_counter() - started:.1f} s ({summary})")
    quotes, directs = (db.execute(sql).fetchone()[0] for sql in ("select count(*) from quotes", "select count(*) from quotes where kind = 'direct'"))
    groups = cross_outlet_groups(db)
    total = db.execute("select count(*) from quote_groups").fetchone()[0]
    print(f"quotes {quotes} (direct {directs}); groups {total}; cross-outlet groups {len(groups)}; "
          f"with an attribution conflict {sum(g['attribution_conflict'] for g in groups)}")

    rng = random.Random(SEED)
    print(f"\n== {SAMPLE} cross-outlet groups drawn at random (seed {SEED}) ==")
    for group in sorted(rng.sample(groups, min(SAMPLE, len(groups))), key=lambda g: g["id"]):
        conflict = ", attribution conflict" if group["attribution_conflict"] else ""
        print(f"\nGroup {group['id']}: {group['verdict']}, {group['outlets']} outlets{conflict}")
        for v in group["versions"]:
            print(f"  [{v['outlet']}] ({v['kind']}, {v['speaker'] or '?'}, {v['verdict']}) “{v['text']}”")

    member = {r[0]: r[1] for r in db.execute("select quote_id, group_id from quote_group_members")}
    pairs = verbatim_pairs(db)
    together = sum(1 for a, b in pairs if member.get(a) is not None and member.get(a) == member.get(b))
    print(f"\n== grouping recall: {together} of {len(pairs)} verbatim cross-publisher pairs share a group "
          f"({100 * together / max(1, len(pairs)):.1f}%)")
    for a, b in pairs:
        if member.get(a) is None or member.get(a) != member.get(b):
            texts = [db.execute("select text from quotes where id = ?", [i]).fetchone()[0] for i in (a, b)]
            print(f"  apart: {a} “{texts[0][:100]}” / {b} “{texts[1][:100]}”")

    tagged = [r[0] for r in db.execute("select text from quotes where kind = 'direct'") if TAG.search(r[0])]
    print(f"\n== direct quotes whose text holds a speech tag: {len(tagged)} of {directs} ({100 * len(tagged) / max(1, directs):.2f}%)")
    for text in tagged[:10]:
        print(f"  “{text[:160]}”")

    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for what, claim, expected in generated_claims(db, random.Random(SEED)):
        verdict = check_claim(db, claim).verdict
        right[what][1] += 1
        if verdict == expected:
            right[what][0] += 1
        else:
            wrong.append((what, expected, verdict, claim))
    ok, n = sum(r[0] for r in right.values()), sum(r[1] for r in right.values())
    print(f"\n== fact-check verdicts on a generated set: {ok} of {n} right ({100 * ok / n:.1f}%)")
    for what, (good, total_) in right.items():
        print(f"  {what:18} {good}/{total_}")
    for what, expected, verdict, claim in wrong:
        print(f"  wrong: {what}: expected {expected}, got {verdict}: “{claim[:120]}”")


if __name__ == "__main__":
    main()
