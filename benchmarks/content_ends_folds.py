"""Does the learned content-end model pay on held-out articles? Folds by article over a gold file.

Parses the gold articles once (attributions scope), then for each fold fits the content-end model
on the other folds' articles (`content_ends.fit_ends`, as `quotetrack fit-ends` does) and
extracts the fold's articles with it, and without it (the rules' own ends); the bundled
confidence model scores both. Prints the scorer's figures for both, joined as PolNeAR is
scored (`--join-statements`). PolNeAR is read from ../shared, never copied.

    nice python benchmarks/content_ends_folds.py                       # PolNeAR train, 5 folds
    python benchmarks/content_ends_folds.py --gold GOLD --folds 5 --limit 100
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's quotetrack, not an installed one

from quotetrack.content_ends import end_choices, fit_ends  # noqa: E402
from quotetrack.evaluation import _trim, join_statements, load_gold, match_article, score  # noqa: E402
from quotetrack.extraction import Extractor  # noqa: E402
from quotetrack.models import Article  # noqa: E402
from quotetrack.quotes import find_quotes  # noqa: E402

TRAIN = HERE.parent.parent / "shared" / "eval" / "polnear" / "train.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(TRAIN))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    ids = list(gold)[: args.limit]
    extractor = Extractor(scope="attributions", learned_ends=False)
    finder = extractor.finder
    docs, choices = {}, []
    for number, (article, doc) in enumerate(extractor.parse(Article(i, gold[i].text) for i in ids)):
        docs[article.id] = doc
        text = article.text
        spans = [_trim(text, g["start"], g["end"]) for g in gold[article.id].quotes if not g.get("optional")]
        choices += end_choices(doc, find_quotes(doc, article.id, "attributions"), spans, number,
                               lambda end, gold_end, text=text: _trim(text, 0, end)[1] == gold_end)
        print(f"\rparsed {number + 1} of {len(ids)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    results: dict[str, list] = {"the rules' ends": [], "learned ends (held out)": []}
    for fold in range(args.folds):
        model = fit_ends([c for c in choices if c.article % args.folds != fold])
        for number, article_id in enumerate(ids):
            if number % args.folds != fold:
                continue
            for name, ends in (("the rules' ends", None), ("learned ends (held out)", model)):
                finder.content_ends = ends
                predictions = join_statements([q.to_dict() for q in finder.quotes(docs[article_id], article_id)])
                results[name].append(match_article(gold[article_id], predictions))
        print(f"fold {fold + 1} of {args.folds}", file=sys.stderr)
    print(f"{len(ids)} articles, {args.folds} folds by article; content and attribution P / R / F1, per kind content F1")
    for name, matched in results.items():
        figures = score(matched)
        kinds = ", ".join(f"{kind} {f['content_overlap_prf'][2]}" for kind, f in figures["by_kind"].items())
        print(f"{name:24} content {figures['content_overlap_prf']}  attribution {figures['attribution_prf']}  ({kinds})")


if __name__ == "__main__":
    main()
