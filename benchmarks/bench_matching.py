"""Grouping time for synthetic quotes at two sizes: matching must grow about linearly.

Synthetic quotes are sentences drawn from a fixed vocabulary (deterministic seed). One in five
is a statement printed again by other "outlets" with the edits outlets make: case, hyphens,
punctuation, a truncated half, a changed word. The rest are unrelated. Prints the time for
each size, their ratio next to the ratio linear growth would give, and the grouping's
precision and recall against the synthetic truth.

    python benchmarks/bench_matching.py                 # 10k and 100k quotes
    python benchmarks/bench_matching.py --small 2000 --large 20000
"""

from __future__ import annotations

import argparse
import random
import time

from quotetrack.matching import QuoteRecord, group_quotes

WORDS = (
    "administration campaign officials meeting sanctions pressure regime trip president minister "
    "government policy economy voters election senate congress budget taxes trade deal talks summit "
    "security defense border health care jobs workers families schools police court judge law "
    "report statement interview reporters week year month morning evening country nation state city "
    "will would could should must never always again already still just only even very really "
    "said believe think know want need make take give keep call show tell ask find help move "
    "strong weak new old good bad big small great hard clear open public private local national"
).split()


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def edited(rng: random.Random, text: str) -> str:
    """One outlet's version: case, hyphenation, punctuation, truncation or one changed word."""
    words = text.rstrip(".").split()
    edit = rng.randrange(5)
    if edit == 0:
        words = [w.upper() if i % 4 == 0 else w for i, w in enumerate(words)]
    elif edit == 1 and len(words) > 3:
        k = rng.randrange(len(words) - 1)
        words[k : k + 2] = [words[k] + "-" + words[k + 1]]
    elif edit == 2:
        words = [w + "," if i % 5 == 2 else w for i, w in enumerate(words)]
    elif edit == 3:
        words = words[: max(6, len(words) // 2)]
    else:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words) + "."


def synthetic(count: int, seed: int = 7) -> tuple[list[QuoteRecord], dict[int, int]]:
    """Quotes and, for those printed more than once, the statement each belongs to."""
    rng = random.Random(seed)
    quotes: list[QuoteRecord] = []
    truth: dict[int, int] = {}
    statement = 0
    while len(quotes) < count:
        text = sentence(rng, rng.randint(12, 30))
        statement += 1
        copies = rng.randint(2, 4) if rng.random() < 0.2 else 1
        for copy in range(copies):
            quote_id = len(quotes) + 1
            quotes.append(QuoteRecord(quote_id, text if copy == 0 else edited(rng, text), article_id=quote_id))
            if copies > 1:
                truth[quote_id] = statement
    return quotes[:count], truth


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
    ratio = rows[1][1] / rows[0][1]
    print(f"time ratio {ratio:.1f} for {args.large / args.small:.0f}x the quotes (linear growth: {args.large / args.small:.0f}, all pairs: {(args.large / args.small) ** 2:.0f})")


if __name__ == "__main__":
    main()
