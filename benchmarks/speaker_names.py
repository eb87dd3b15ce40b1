"""speaker_name accuracy on the PolNeAR train articles we annotated with canonical names.

PolNeAR dev carries a `canonical` name on each sourced attribution; train does not, and dev is
only for checking. `benchmarks/data/train_canonical*.jsonl` hold our own annotation of samples of
train articles: article id, the gold source span's offsets and the fullest name the article prints
for whoever is meant (null for anonymous sources, groups, several people, campaigns, unclear
spans) — ids, offsets and names only, never article text. `train_canonical.jsonl` (33 articles)
was made mostly by correcting the resolver's proposals (biased); `train_canonical_blind2.jsonl`
(18 articles), `train_canonical_blind3.jsonl` (14 articles) and `train_canonical_blind4.jsonl` to
`train_canonical_blind16.jsonl` (12 articles each) were annotated blind, from the article and its
PolNeAR attributions before seeing any output. This script joins them to `train.jsonl` (read from
../shared, never copied), runs extraction on those articles in both scopes, and prints what
`score_quotes.py --join-statements` prints for each file, `speaker_name_accuracy` included.

    python benchmarks/speaker_names.py
    python benchmarks/speaker_names.py --train ../shared/eval/polnear/train.jsonl --scope attributions
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's quotetrack, not an installed one

from quotetrack.extraction import Extractor  # noqa: E402
from quotetrack.models import Article  # noqa: E402

# the first annotation (made partly by correcting the resolver's proposals) and the rounds
# annotated blind (from reading the article and its PolNeAR attributions, before any output)
ANNOTATIONS = sorted((HERE / "data").glob("train_canonical*.jsonl"))
SHARED = HERE.parent.parent / "shared"


def annotated_gold(train: Path, annotation: Path) -> list[dict]:
    """The annotated train articles, each attribution carrying our canonical name where we gave one."""
    names: dict[tuple[str, int, int], str | None] = {}
    for line in annotation.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        names[(row["article"], row["speaker_start"], row["speaker_end"])] = row["canonical"]
    articles = {article for article, _, _ in names}
    gold = []
    with train.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["id"] not in articles:
                continue
            for quote in row["quotes"]:
                quote["canonical"] = names.get((row["id"], quote.get("speaker_start"), quote.get("speaker_end")))
            gold.append(row)
    return gold


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def print_name_errors(scorer, gold: list[dict], preds: dict[str, list[dict]]) -> None:
    """Each gold attribution with a canonical name whose overlapping prediction names someone else."""
    for row in gold:
        for g in row["quotes"]:
            if not g.get("canonical"):
                continue
            for p in preds[row["id"]]:
                if scorer.jaccard((g["start"], g["end"]), (p["start"], p["end"])) >= 0.5 and not scorer.name_ok(g, p)[0]:
                    print(f"  {row['id']} {g['speaker_start']}: {p.get('speaker')!r} -> {p.get('speaker_name')!r}, want {g['canonical']!r}")
                    break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=SHARED / "eval" / "polnear" / "train.jsonl")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_quotes.py")
    parser.add_argument(
        "--annotation", type=Path, action="append",
        help="A file of our canonical names (repeatable; default: each of benchmarks/data/train_canonical*.jsonl).",
    )
    parser.add_argument("--scope", choices=["statements", "attributions", "both"], default="both")
    parser.add_argument("--errors", action="store_true", help="Also print each matched quote whose name is wrong.")
    args = parser.parse_args()
    if not args.train.exists() or not args.scorer.exists():
        sys.exit(f"error: {args.train} or {args.scorer} not found")
    scorer = load_scorer(args.scorer)
    golds = {path: annotated_gold(args.train, path) for path in args.annotation or ANNOTATIONS}
    everything = [row for gold in golds.values() for row in gold]
    for scope in ["statements", "attributions"] if args.scope == "both" else [args.scope]:
        extractor = Extractor(scope=scope)
        articles = [Article(id=row["id"], text=row["text"], title=row.get("title")) for row in everything]
        preds: dict[str, list[dict]] = {row["id"]: [] for row in everything}
        for article, quotes in extractor.extract_many(articles):
            preds[article.id] = [q.to_dict() for q in quotes]
        # scored as dev is: the pieces of one statement joined (score_quotes.py --join-statements)
        for path, gold in list(golds.items()) + ([("all", everything)] if len(golds) > 1 else []):
            scores = scorer.score({row["id"]: row for row in gold}, preds, statements=True)
            named = sum(1 for row in gold for q in row["quotes"] if q.get("canonical"))
            label = getattr(path, "name", path)
            print(
                f"{scope} {label} ({len(gold)} articles, {named} names): speaker_name_accuracy "
                f"{scores['speaker_name_accuracy']}  attribution_prf {scores['attribution_prf']}"
            )
        if args.errors:
            print_name_errors(scorer, everything, preds)


if __name__ == "__main__":
    main()
