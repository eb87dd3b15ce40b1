"""The commands, driven through Click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.cli.options import ProgressBar, write_table
from quotetrack.storage import open_db

from .conftest import CORPUS, ROOT

REQUIRED_FIELDS = {
    "article_id", "kind", "start", "end", "text", "speaker", "speaker_start", "speaker_end",
    "speaker_name", "cue", "cue_start", "cue_end",
}


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path,command", list(all_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`quotetrack {' '.join(path)} --help` shows no example"


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, _ in all_commands(cli):
        assert f"quotetrack {' '.join(path)}" in readme, f"README does not show `quotetrack {' '.join(path)}`"


def test_extract_jsonl_offsets_point_into_the_article():
    result = run("extract", CORPUS, "--format", "jsonl", "--silent")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) > 20
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    for row in rows:
        assert REQUIRED_FIELDS <= set(row)
        text = texts[row["article_id"]]
        assert text[row["start"] : row["end"]] == row["text"]
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
    ayers = [r for r in rows if r["text"].startswith("North Korea dangled")]
    assert {r["speaker_name"] for r in ayers} == {"Nick Ayres", "Nick Ayers"}


@pytest.mark.parametrize("output_format", ["json", "csv", "table"])
def test_extract_other_formats(output_format):
    result = run("extract", CORPUS / "001_246dc03ee6bb70c1.txt", "--format", output_format)
    assert result.exit_code == 0
    if output_format == "json":
        assert isinstance(json.loads(result.output), list)
    elif output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows and REQUIRED_FIELDS <= set(rows[0])
    else:
        assert result.output.splitlines()[0].split()[:3] == ["article_id", "speaker_name", "text"]


def test_extract_from_stdin():
    result = run("extract", "-", input="Title\n\n“We will never give up on this city,” the mayor said.\n")
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert (row["article_id"], row["speaker"], row["cue"]) == ("stdin", "the mayor", "said")


STANCE = "Title\n\nSenator Jane Smith endorsed the new stadium plan on Friday.\n"


@pytest.mark.parametrize("args,expected", [((), []), (("--scope", "attributions"), ["the new stadium plan"])])
def test_extract_scope_option(args, expected):
    result = run("extract", "-", *args, input=STANCE)
    assert [json.loads(line)["text"] for line in result.output.splitlines()] == expected


def test_scope_from_the_environment(monkeypatch):
    monkeypatch.setenv("QUOTETRACK_SCOPE", "attributions")
    [row] = [json.loads(line) for line in run("extract", "-", input=STANCE).output.splitlines()]
    assert (row["rule"], row["speaker_name"]) == ("indirect:object", "Jane Smith")


def test_extract_min_confidence_keeps_the_surer_quotes():
    text = STANCE + "\nThe senator said the stadium would open in May.\n\nHe also wanted to see the plans.\n"
    every = [json.loads(line) for line in run("extract", "-", "--scope", "attributions", input=text).output.splitlines()]
    cut = sorted(r["confidence"] for r in every)[len(every) // 2]
    rows = [json.loads(line) for line in run("extract", "-", "--scope", "attributions", "--min-confidence", cut, input=text).output.splitlines()]
    assert 0 < len(rows) < len(every)
    assert rows == [r for r in every if r["confidence"] >= cut]


def test_unknown_scope_is_refused():
    result = CliRunner().invoke(cli, ["extract", "-", "--scope", "everything"], input=STANCE)
    assert result.exit_code == 2
    assert "'everything' is not one of 'statements', 'attributions'" in result.stderr


def test_bad_input_is_named_and_the_rest_is_processed(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "empty.txt"), str(CORPUS / "000_9e2afce4b845400f.txt")])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'empty.txt'}: file is empty" in result.stderr
    assert '"article_id": "000_9e2afce4b845400f.txt"' in result.stdout


def test_missing_model_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("QUOTETRACK_MODEL", "en_no_such_model")
    result = CliRunner().invoke(cli, ["extract", str(CORPUS)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: spaCy model 'en_no_such_model' is not installed. Install it with `pip install en-no-such-model`, "
        "or choose another with --model / QUOTETRACK_MODEL."
    ]


def test_ingest_twice_creates_no_duplicates(db_path: Path):
    first = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db_path)])
    assert first.exit_code == 0, first.output
    assert "stored 2 articles" in first.stderr
    db = open_db(db_path)
    counts = {t: db[t].count for t in ("articles", "quotes", "speakers", "outlets", "speaker_aliases")}
    second = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db_path)])
    assert second.exit_code == 0 and "skipped 2 already stored" in second.stderr
    assert counts == {t: db[t].count for t in counts}
    assert counts["articles"] == 2 and counts["quotes"] > 20


def test_ingest_bad_input_in_a_batch(tmp_path: Path, db_path: Path, corpus_copy: Path):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli, ["ingest", str(corpus_copy), str(tmp_path / "missing.txt"), "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"error: {corpus_copy / 'broken.txt'}: looks binary" in result.stderr
    assert f"error: {tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert "stored 2 articles" in result.stderr and "2 failed" in result.stderr
    assert open_db(db_path)["articles"].count == 2


def test_ingest_outlet_override(db_path: Path):
    run("ingest", CORPUS / "001_246dc03ee6bb70c1.txt", "--db", db_path, "--outlet", "Second Outlet")
    assert [r["name"] for r in open_db(db_path)["outlets"].rows] == ["Second Outlet"]


def test_quotes_and_speakers_listings(corpus_db_path: Path):
    result = run("quotes", "--db", corpus_db_path, "--speaker", "Ayers", "--format", "jsonl")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and {r["speaker_name"] for r in rows} == {"Nick Ayres"}  # "Ayers" is a spelling merged into Nick Ayres
    result = run("quotes", "--db", corpus_db_path, "--search", "maximum pressure", "--format", "csv")
    assert "maximum" in result.output
    every = [json.loads(line) for line in run("quotes", "--db", corpus_db_path, "--format", "jsonl").output.splitlines()]
    cut = sorted(r["confidence"] for r in every)[len(every) // 2]
    sure = [json.loads(line) for line in run("quotes", "--db", corpus_db_path, "--min-confidence", cut, "--format", "jsonl").output.splitlines()]
    assert 0 < len(sure) < len(every) and sure == [r for r in every if r["confidence"] >= cut]
    assert run("quotes", "--db", corpus_db_path, "--min-confidence", "1", "--format", "jsonl").output == ""
    result = run("speakers", "--db", corpus_db_path, "--format", "json")
    names = [s["name"] for s in json.loads(result.output)]
    assert "Heather Nauert" in names


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_tables_fit_the_terminal_and_wrap_instead_of_cutting(corpus_db_path: Path, columns: int):
    result = CliRunner().invoke(cli, ["quotes", "--db", str(corpus_db_path)], env={"COLUMNS": str(columns)}, catch_exceptions=False)
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0].split()[:2] == ["quote_id", "speaker_name"]
    longest = max((json.loads(line) for line in run("quotes", "--db", corpus_db_path, "--format", "jsonl").output.splitlines()), key=lambda q: len(q["text"]))
    assert len(longest["text"]) > 100
    assert set(longest["text"].split()) <= set(result.output.split())  # wrapped, not cut


def test_write_table_wraps_every_cell_within_the_width():
    rows = [{"id": 1, "text": "word " * 40, "outlets": ["Daily Mail", "Post"]}]
    out = io.StringIO()
    write_table(rows, ["id", "text", "outlets"], out, width=60)
    assert max(len(line) for line in out.getvalue().splitlines()) <= 60
    assert out.getvalue().split().count("word") == 40
    assert "Daily Mail, Post" in out.getvalue()
    narrow = io.StringIO()
    write_table(rows, ["id", "text", "outlets"], narrow, width=30)  # too narrow for all: the last column goes
    assert narrow.getvalue().split()[:2] == ["id", "text"] and "outlets" not in narrow.getvalue()


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_lists_are_json_arrays(corpus_db_path: Path, output_format: str):
    output = run("speakers", "--db", corpus_db_path, "--format", output_format).output
    if output_format == "json":
        rows = json.loads(output)
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in output.splitlines()]
    else:
        rows = [{k: json.loads(v) if k in ("outlets", "spellings") else v for k, v in row.items()} for row in csv.DictReader(io.StringIO(output))]
    assert all(isinstance(r["spellings"], list) and isinstance(r["outlets"], list) for r in rows)
    assert not any(" | " in name for r in rows for name in r["spellings"])
    assert any(len(r["spellings"]) > 1 for r in rows)


@pytest.mark.parametrize(
    "done,total,shown",
    [
        (0, 200, ["Ingesting", "0/200", "0%", "[....................]", "elapsed", "? left"]),
        (50, 200, ["50/200", "25%", "[#####...............]", "left"]),
        (7, None, ["7", "/s)", "elapsed"]),
    ],
)
def test_progress_line_shows_count_percent_and_time_left(done, total, shown):
    line = ProgressBar("Ingesting", total, io.StringIO(), count=lambda: done).line()
    assert all(part in line for part in shown), line


def test_progress_bar_redraws_while_nothing_finishes():
    """The ticker redraws on its own (elapsed time and time left move during one long article)."""
    out = io.StringIO()
    bar = ProgressBar("Ingesting", 10, out, interval=0.01)
    bar.start()
    deadline = time.monotonic() + 10
    while out.getvalue().count("\r") < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    bar.stop()
    assert out.getvalue().count("\r") >= 4 and out.getvalue().endswith("\n")



HEAVY_MODULES = ("spacy", "sqlite_utils", "textacy", "trafilatura", "nameparser", "numpy")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["quotes", "--help"], ["ingest", "--help"], ["report", "--help"]])
def test_commands_that_do_not_parse_import_nothing_heavy(args):
    """Start-up time is measured in benchmarks/bench_startup.py; this keeps its cause away:
    a command that only prints help or the version imports none of the heavy libraries."""
    import subprocess
    import sys

    probe = (
        "import sys; from quotetrack.cli import cli\n"
        f"try:\n    cli.main({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert output.strip().splitlines()[-1] == "[]"
