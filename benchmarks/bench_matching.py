"""Grouping time for synthetic quotes at two sizes: matching must grow about linearly.

Synthetic quotes are drawn from a Zipf-distributed vocabulary of 5,000 made-up words with stock
phrases mixed in ("the united states", "at the end of the day"), so that, as in news, common
shingles are shared by thousands of unrelated quotes (deterministic seed). One statement in five
is printed again by other "outlets" with the edits outlets make: case, hyphens, punctuation,
truncation at either end, an elision marked "…", one changed word, or one quote split in two.
The rest are unrelated. Prints the time for each size, their ratio next to the ratio linear
growth would give, and the grouping's pairwise precision and recall against the synthetic truth.

    python benchmarks/bench_matching.py                 # 10k and 100k quotes
    python benchmarks/bench_matching.py --small 2000 --large 20000
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's quotetrack, not an installed one

from quotetrack.matching import QuoteRecord, group_quotes  # noqa: E402

SYLLABLES = "ka to ri na mo se lu pa di ve go ra ne shi tu bo le mi sa fu".split()
STOCK = [
    "the united states", "at the end of the day", "we are going to", "i think that", "the american people",
    "said in a statement", "north korea", "the white house", "in the world", "we will not", "the president",
]


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def sentence(rng: random.Random, vocab: tuple[list[str], list[float]], length: int) -> list[str]:
    words, weights = vocab
    out: list[str] = []
    while len(out) < length:
        out.extend(rng.choice(STOCK).split() if rng.random() < 0.03 else rng.choices(words, cum_weights=weights))
    return out


def edited(rng: random.Random, vocab: tuple[list[str], list[float]], words: list[str]) -> list[str]:
    """One outlet's version of a statement's words (a split gives two quotes)."""
    words = list(words)
    edit = rng.randrange(8)
    if edit == 0:
        return [" ".join(w.capitalize() if i % 4 == 0 else w for i, w in enumerate(words))]
    if edit == 1:
        k = rng.randrange(len(words) - 1)
        words[k : k + 2] = [words[k] + "-" + words[k + 1]]
    elif edit == 2:
        words = [w + "," if i % 5 == 2 else w for i, w in enumerate(words)]
    elif edit == 3:
        words = words[: max(6, len(words) // 2)]
    elif edit == 4:
        words = words[len(words) // 3 :]
    elif edit == 5:
        k = rng.randrange(3, len(words) - 4)
        words[k : k + 3] = ["…"]
    elif edit == 6:
        words[rng.randrange(len(words))] = rng.choices(vocab[0], cum_weights=vocab[1])[0]
    else:
        half = len(words) // 2
        return [" ".join(words[:half]) + ".", " ".join(words[half:])]
    return [" ".join(words) + "."]


def synthetic(count: int, seed: int = 7) -> tuple[list[QuoteRecord], dict[int, int]]:
    """Quotes and, for statements printed more than once, the statement each quote belongs to."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    quotes: list[QuoteRecord] = []
    truth: dict[int, int] = {}
    for statement in itertools.count(1):
        if len(quotes) >= count:
            break
        words = sentence(rng, vocab, rng.randint(12, 30))
        copies = rng.randint(2, 4) if rng.random() < 0.2 else 1
        for copy in range(copies):
            article = len(quotes) + 1
            for text in [" ".join(words).capitalize() + "."] if copy == 0 else edited(rng, vocab, words):
                quotes.append(QuoteRecord(len(quotes) + 1, text, article_id=article))
                if copies > 1:
                    truth[len(quotes)] = statement
    return quotes[:count], {k: v for k, v in truth.items() if k <= count}


def pair_scores(groups: list[list[QuoteRecord]], truth: dict[int, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the grouping against the synthetic statements."""
    found = {(a.id, b.id) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]}
    by_statement: dict[int, list[int]] = {}
    for quote_id, statement in truth.items():
        by_statement.setdefault(statement, []).append(quote_id)
    expected = {(a, b) for ids in by_statement.values() for i, a in enumerate(sorted(ids)) for b in sorted(ids)[i + 1 :]}
    right = len(found & expected)
    return right / len(found) if found else 1.0, right / len(expected) if expected else 1.0


def timed(count: int) -> tuple[float, float, float, int]:
    quotes, truth = synthetic(count)
    start = time.perf_counter()
    groups = group_quotes(quotes)
    seconds = time.perf_counter() - start
    precision, recall = pair_scores(groups, truth)
    return seconds, precision, recall, len(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    rows = [(n, *timed(n)) for n in (args.small, args.large)]
    print(f"{'quotes':>8} {'seconds':>9} {'groups':>7} {'precision':>10} {'recall':>7}")
    for n, seconds, precision, recall, groups in rows:
        print(f"{n:>8,} {seconds:>9.2f} {groups:>7,} {precision:>10.3f} {recall:>7.3f}")
    growth = args.large / args.small
    print(f"time ratio {rows[1][1] / rows[0][1]:.1f} for {growth:.0f}x the quotes (linear growth: {growth:.0f}, all pairs: {growth ** 2:.0f})")


if __name__ == "__main__":
    main()
