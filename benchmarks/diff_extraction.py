"""Extraction output as JSON lines, and a diff of two such outputs: the check that a change to
the quote rules' code leaves what they find as it was (or shows exactly what it changed).

    python benchmarks/diff_extraction.py run /tmp/before.jsonl     # PolNeAR dev (both scopes) + seeds
    python benchmarks/diff_extraction.py compare /tmp/before.jsonl /tmp/after.jsonl

`run` extracts, with the calibrated default Extractor, PolNeAR dev (../shared/eval/polnear/dev.jsonl)
in both scopes and the seed corpus (../shared/corpus/*.txt) in the default scope, and writes one
line per (set, scope, article) with its quotes (model and version left out: they change with
every release). `compare` prints every quote only one side has, or has differently, and exits 1
when there is any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# provenance that differs by construction between two versions
LEFT_OUT = ("model", "version", "confidence_model")
# the quotetrack of this checkout, not whichever one is installed
sys.path.insert(0, str(ROOT))


def _inputs(shared: Path):
    """(set name, scopes, articles) for each input that exists."""
    from quotetrack.evaluation import load_gold
    from quotetrack.models import SCOPES, Article

    dev = shared / "eval" / "polnear" / "dev.jsonl"
    if dev.exists():
        yield "polnear-dev", SCOPES, [Article(a.id, a.text) for a in load_gold(dev).values()]
    corpus = sorted((shared / "corpus").glob("*.txt"))
    if corpus:
        yield "seeds", ("statements",), [Article(p.name, p.read_text(encoding="utf-8")) for p in corpus]


def run(out: Path, shared: Path) -> None:
    from quotetrack.extraction import Extractor

    with out.open("w", encoding="utf-8") as lines:
        for name, scopes, articles in _inputs(shared):
            for scope in scopes:
                extractor = Extractor(scope=scope)
                for article, quotes in extractor.extract_many(articles):
                    rows = [{k: v for k, v in q.to_dict().items() if k not in LEFT_OUT} for q in quotes]
                    for row in rows:
                        row["confidence"] = round(row["confidence"], 6)
                    record = {"set": name, "scope": scope, "article": article.id, "quotes": rows}
                    lines.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                print(f"{name} {scope}: {len(articles)} articles", file=sys.stderr)


def _load(path: Path) -> dict[tuple[str, str, str], list[dict]]:
    with path.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        return {(r["set"], r["scope"], r["article"]): r["quotes"] for r in records}


def _key(quote: dict) -> tuple:
    return (quote["start"], quote["end"], quote["rule"])


def compare(before: Path, after: Path) -> int:
    """Print the differences; the number of them."""
    old, new = _load(before), _load(after)
    differences = 0
    for key in sorted(old.keys() | new.keys()):
        if key not in old or key not in new:
            print(f"{'/'.join(key)}: only in {'after' if key in new else 'before'}")
            differences += 1
            continue
        a = {_key(q): q for q in old[key]}
        b = {_key(q): q for q in new[key]}
        for quote_key in sorted(a.keys() | b.keys()):
            left, right = a.get(quote_key), b.get(quote_key)
            if left == right:
                continue
            differences += 1
            where = f"{'/'.join(key)} {quote_key[0]}-{quote_key[1]} {quote_key[2]}"
            if left is None or right is None:
                quote = left or right
                sign = "-" if right is None else "+"
                print(f"{sign} {where}: {quote['text'][:100]!r} (cue {quote['cue']!r}, speaker {quote['speaker']!r})")
            else:
                changed = {f: (left.get(f), right.get(f)) for f in left.keys() | right.keys() if left.get(f) != right.get(f)}
                print(f"~ {where}: " + "; ".join(f"{f}: {x!r} -> {y!r}" for f, (x, y) in sorted(changed.items())))
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="extract and write JSON lines")
    run_parser.add_argument("out", type=Path)
    run_parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default: ../shared)")
    compare_parser = commands.add_parser("compare", help="diff two outputs; exit 1 on any difference")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.out, args.shared)
        return 0
    differences = compare(args.before, args.after)
    print(f"{differences} difference(s)", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
