"""Extraction on a local Dask cluster fills the same database as a serial ingest."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from quotetrack.cli import cli  # noqa: E402
from quotetrack.distributed import DaskExtractor, DaskSchedulerError, extract_with_dask  # noqa: E402
from quotetrack.ingestion import ingest  # noqa: E402
from quotetrack.models import Article  # noqa: E402
from quotetrack.storage import open_db  # noqa: E402

from .conftest import CORPUS  # noqa: E402
from .test_parsing import SYNTHETIC  # noqa: E402

TABLES = ("articles", "quotes", "speakers")
IGNORED = {"ingested_at", "created_at", "undone_at"}

pytestmark = pytest.mark.slow


def _inputs(tmp_path):
    """A feed of generated articles (variants of the corpus and synthetic texts) and the corpus."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + SYNTHETIC
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for i in range(24):
            text = texts[i % len(texts)] + f"\nUpdate {i}: the story was revised, an editor said.\n"
            out.write(json.dumps({"id": f"gen-{i}", "text": text, "outlet": f"Outlet {i % 3}"}) + "\n")
    return [str(feed), str(CORPUS)]


def _rows(path):
    db = open_db(path, must_exist=True)
    tables = {}
    for name in TABLES:
        rows = [{k: v for k, v in row.items() if k not in IGNORED} for row in db[name].rows]
        tables[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    db.close()
    return tables


def test_dask_ingest_equals_serial_ingest(tmp_path, extractor):
    paths = _inputs(tmp_path)
    serial_db, dask_db = tmp_path / "serial.db", tmp_path / "dask.db"
    serial = ingest(paths, open_db(serial_db), extractor, batch_size=5)
    on_dask = ingest(paths, open_db(dask_db), DaskExtractor("local:2", partition_size=4), batch_size=5)
    assert (on_dask.stored, on_dask.quotes, on_dask.failed) == (serial.stored, serial.quotes, serial.failed)
    assert serial.stored == 26 and serial.quotes > 0
    assert _rows(dask_db) == _rows(serial_db)


def test_dask_results_come_back_in_input_order():
    articles = [Article(id=f"a{i}", text=f"Paragraph {i}.\n“Number {i} is fine by me, really,” Ann said.\n") for i in range(30)]
    ids = [a.id for a, _ in extract_with_dask(articles, "local:2", partition_size=3)]
    assert ids == [a.id for a in articles]


def test_bad_local_address():
    with pytest.raises(DaskSchedulerError):
        list(extract_with_dask([Article(id="a", text="x")], "local:many"))


def test_cli_dask_option(tmp_path):
    if "--dask" not in " ".join(p.opts[0] for p in cli.commands["ingest"].params if p.opts):
        pytest.skip("the ingest command has no --dask option yet")
    paths = _inputs(tmp_path)
    serial_db, dask_db = tmp_path / "serial.db", tmp_path / "dask.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", *paths, "--db", str(serial_db), "--silent"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["ingest", *paths, "--db", str(dask_db), "--silent", "--dask", "local:2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _rows(dask_db) == _rows(serial_db)
