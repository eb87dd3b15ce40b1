"""Wall time of commands that do not parse: they must start in well under a second.

Each command runs as a fresh `python -m quotetrack ...` subprocess (what a user waits for),
several times; prints the best and the median wall time, the median CPU time (user + system of
the child: what the wall time is on an idle core, whatever the load), and which heavy modules
(spaCy, textacy, trafilatura, sqlite-utils, numpy) the command imported. The machine is
shared: under load, wall times grow and the CPU time is the figure to read.

    python benchmarks/bench_startup.py              # 7 runs of each command
    python benchmarks/bench_startup.py --runs 15
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "textacy", "trafilatura", "sqlite_utils", "numpy", "datasette")


def commands(db: Path) -> list[list[str]]:
    return [
        ["--version"],
        ["--help"],
        ["quotes", "--help"],
        ["ingest", "--help"],
        ["quotes", "--db", str(db), "--limit", "5"],
        ["speakers", "--db", str(db)],
    ]


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy modules a command imports, from `python -X importtime`."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "quotetrack", *args], cwd=ROOT, capture_output=True, text=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return [name for name in HEAVY if name in imported]


def report(label: str, argv: list[str], runs: int, heavy: str) -> None:
    walls, cpus = zip(*(timed(argv) for _ in range(runs)))
    print(f"{label:48} {min(walls):7.3f} {statistics.median(walls):9.3f} {statistics.median(cpus):7.3f}  {heavy}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "quotes.db"
        # an empty quotetrack database: listing it is what a user's quick look costs
        subprocess.run([sys.executable, "-c", f"from quotetrack.storage import open_db; open_db({str(db)!r})"], cwd=ROOT, check=True)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {options.runs} runs each")
        print(f"{'command':48} {'best s':>7} {'median s':>9} {'cpu s':>7}  heavy imports")
        report("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"], options.runs, "-")
        for args in commands(db):
            shown = " ".join(a if a != str(db) else "quotes.db" for a in args)
            heavy = ", ".join(heavy_imports(args)) or "-"
            report("quotetrack " + shown, [sys.executable, "-m", "quotetrack", *args], options.runs, heavy)


if __name__ == "__main__":
    main()
