#!/usr/bin/env python3
"""Words per second of a plain spaCy pass, quotetrack's extraction and `ingest`, on the same
documents in one run; process scaling; peak memory; dev accuracy full vs selective parse, per scope.

Every measurement runs in its own subprocess, so peak memory (ru_maxrss) is per measurement.
Compare the ratios printed here, not absolute rates across runs (the machine is shared).

    python benchmarks/bench_speed.py                   # train.jsonl, every core
    python benchmarks/bench_speed.py --limit 200 --processes 2
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's quotetrack, not an installed one
SHARED = ROOT.parent / "shared"
DEFAULT_INPUT = SHARED / "eval" / "polnear" / "train.jsonl"
DEV = SHARED / "eval" / "polnear" / "dev.jsonl"
SCORER = SHARED / "tools" / "score_quotes.py"


def read_articles(path: Path, limit: int | None):
    from quotetrack.models import Article

    articles = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                articles.append(Article(id=str(record["id"]), text=record["text"]))
                if limit and len(articles) >= limit:
                    break
    return articles


# --- one measurement, in a subprocess --------------------------------------------------------


def measure(kind: str, path: Path, processes: int, scope: str) -> dict:
    from quotetrack.extraction import Extractor
    from quotetrack.nlp import load_model

    articles = read_articles(path, None)
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_model()
    nlp(articles[0].text)  # warm up
    start = time.perf_counter()
    if kind == "plain":
        import spacy

        plain = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
        start = time.perf_counter()
        for _ in plain.pipe(a.text for a in articles):
            pass
    elif kind == "extract":
        extractor = Extractor(processes=processes, scope=scope)
        extractor.nlp(articles[0].text)  # warm up
        start = time.perf_counter()
        quotes = parsed = 0
        for article, doc in extractor.parse(articles):
            quotes += len(extractor.quotes_in(doc, article.id))  # the rules and the confidence model
            parsed += int((doc.to_array("DEP") != 0).sum())
    elif kind == "ingest":
        from quotetrack.ingestion import ingest
        from quotetrack.storage import open_db

        with tempfile.TemporaryDirectory() as folder:
            db = open_db(Path(folder) / "bench.db")
            extractor = Extractor(processes=processes, scope=scope)
            start = time.perf_counter()
            summary = ingest([str(path)], db, extractor)
            # identical texts (PolNeAR train has one pair) are stored once
            assert summary.stored + summary.skipped_existing == len(articles) and not summary.failed, summary.line()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = {"kind": kind, "processes": processes, "scope": scope, "words": words, "seconds": seconds, "wps": words / seconds,
              "peak_mb": own / 1024, "peak_child_mb": children / 1024}
    if kind == "extract":
        result["parsed_share"] = parsed / sum(len(nlp.make_doc(a.text)) for a in articles)
    return result


def run_measurement(kind: str, path: Path, processes: int = 1, scope: str = "statements") -> dict:
    command = [sys.executable, __file__, "--measure", kind, "--input", str(path), "--processes", str(processes), "--scope", scope]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- accuracy on dev --------------------------------------------------------------------------


def dev_accuracy() -> dict[str, tuple[dict, dict, bool]]:
    """Per scope: the scores of the full pipeline and of the selective parse on dev, and
    whether their quotes are identical."""
    from quotetrack.extraction import Extractor
    from quotetrack.models import SCOPES
    from quotetrack.nlp import load_model

    spec = importlib.util.spec_from_file_location("score_quotes", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    articles = read_articles(DEV, None)
    gold = scorer.load_gold(str(DEV))
    full_docs = [load_model()(a.text) for a in articles]  # the Extractors share this cached pipeline
    results = {}
    for scope in SCOPES:
        extractor = Extractor(scope=scope)
        full = [q for a, doc in zip(articles, full_docs) for q in extractor.quotes_in(doc, a.id)]
        selective = [q for a, doc in extractor.parse(articles) for q in extractor.quotes_in(doc, a.id)]
        scores = []
        for quotes in (full, selective):
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
                for q in quotes:
                    out.write(json.dumps(q.to_dict()) + "\n")
            scores.append(scorer.score(gold, scorer.load_pred(out.name, gold)))
            os.unlink(out.name)
        identical = [q.to_dict() for q in full] == [q.to_dict() for q in selective]
        results[scope] = (scores[0], scores[1], identical)
    return results


def main() -> None:
    from quotetrack.parse_batches import default_processes

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="JSONL with id and text (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--processes", type=int, default=default_processes(), help="N for the N-process runs (default: cores)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--scope", default="statements", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.input, args.processes, args.scope)))
        return

    with tempfile.TemporaryDirectory() as folder:
        lines = [line for line in open(args.input, encoding="utf-8") if line.strip()][: args.limit or None]
        whole, quarter = Path(folder) / "whole.jsonl", Path(folder) / "quarter.jsonl"
        whole.write_text("".join(lines), encoding="utf-8")
        quarter.write_text("".join(lines[: max(1, len(lines) // 4)]), encoding="utf-8")
        n = args.processes
        runs = {
            "a": run_measurement("plain", whole),
            "b1": run_measurement("extract", whole, 1),
            "b1a": run_measurement("extract", whole, 1, "attributions"),
            "bN": run_measurement("extract", whole, n),
            "c1": run_measurement("ingest", whole, 1),
            "cN": run_measurement("ingest", whole, n),
            "cq": run_measurement("ingest", quarter, n),
        }
    a = runs["a"]["wps"]
    print(f"\n{len(lines)} articles, {runs['a']['words']:,} words from {args.input}; {n} processes\n")
    print(f"{'measurement':52} {'words/s':>9} {'ratio to (a)':>13} {'parsed':>7}")
    rows = [
        ("(a) plain nlp.pipe, full model, 1 process", "a"),
        ("(b) quotetrack extraction, 1 process", "b1"),
        ("(b) quotetrack extraction, attributions, 1 process", "b1a"),
        (f"(b) quotetrack extraction, {n} processes", "bN"),
        ("(c) quotetrack ingest, 1 process", "c1"),
        (f"(c) quotetrack ingest, {n} processes", "cN"),
    ]
    for label, key in rows:
        share = f"{100 * runs[key]['parsed_share']:.1f}%" if "parsed_share" in runs[key] else ""
        print(f"{label:52} {runs[key]['wps']:>9,.0f} {runs[key]['wps'] / a:>13.2f} {share:>7}")
    print(f"\nscaling, extraction {n} vs 1 process: {runs['bN']['wps'] / runs['b1']['wps']:.2f}x; "
          f"ingest: {runs['cN']['wps'] / runs['c1']['wps']:.2f}x")
    for label, key in (("whole input", "cN"), ("a quarter of it", "cq")):
        r = runs[key]
        print(f"peak memory, ingest of {label} ({n} processes): main {r['peak_mb']:.0f} MB, largest worker {r['peak_child_mb']:.0f} MB")
    for scope, (full, selective, identical) in dev_accuracy().items():
        print(f"\ndev accuracy ({DEV.name}), scope {scope}, score_quotes.py:")
        print(f"{'':22} {'full pipeline':>22} {'selective parse':>22}")
        for key in full:
            print(f"{key:22} {str(full[key]):>22} {str(selective[key]):>22}")
        print("identical quotes" if identical else "DIFFERENT quotes")


if __name__ == "__main__":
    main()
