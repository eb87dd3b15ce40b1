"""Reports: the sections people read, deterministic output, a self-contained HTML page."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from quotetrack.cli import cli


def report(db, out, *args):
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


def test_markdown_and_html_by_default(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.md"]
    markdown = (tmp_path / "report.md").read_text()
    for section in ("## Overview", "## Quotes by kind", "## Top speakers per outlet", "## Quotes shared across outlets",
                    "## Speakers with spelling variants", "## Attribution differs between outlets"):
        assert section in markdown
    shared = markdown.split("## Quotes shared across outlets")[1].split("## Speakers")[0]
    assert "North Korea dangled a meeting" in shared
    assert "cosmetic: “vice president” here, “Vice President” in Daily Mail" in shared
    assert "| Nick Ayres | Nick Ayers |" in markdown


def test_reports_are_deterministic(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path / "a", "--format", "md", "--format", "html", "--format", "json", "--format", "csv")
    report(corpus_db_path, tmp_path / "b", "--format", "md", "--format", "html", "--format", "json", "--format", "csv")
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_html_is_self_contained_with_a_chart(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path, "--format", "html")
    page = (tmp_path / "report.html").read_text()
    assert "<svg" in page and "Quotes per speaker and outlet" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@media print" in page


def test_filters_and_json(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path, "--format", "json", "--speaker", "Nauert")
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["filters"]["speaker"] == "Nauert"
    assert {row["speaker_name"] for row in data["top_speakers"]} == {"Heather Nauert"}
    assert data["shared_quotes"] == []


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


def test_json_lists_are_arrays_and_fields_keep_one_meaning(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path, "--format", "json")
    data = json.loads((tmp_path / "report.json").read_text())
    assert {"speaker_name": "Nick Ayres", "spellings": ["Nick Ayers"]} in data["spelling_variants"]
    assert not [s for s in strings_in(data) if " | " in s]  # no list joined into one string
    version = next(v for g in data["shared_quotes"] for v in g["versions"] if v["speaker_name"] == "Nick Ayres")
    assert version["speaker"] != "Nick Ayres" and "Ayers" in version["speaker"]  # speaker: as printed


def test_csv_files(corpus_db_path, tmp_path):
    report(corpus_db_path, tmp_path, "--format", "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes_by_kind.csv", "shared_quotes.csv", "spelling_variants.csv", "top_speakers.csv"]
    assert "maximum-pressure" in (tmp_path / "shared_quotes.csv").read_text()


def test_report_on_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no such database" in result.stderr


def test_markdown_escapes_html_in_article_text_and_speaker_names(tmp_path):
    """Viewers render inline HTML in Markdown: stored text must never become markup."""
    from quotetrack.models import Article, Quote
    from quotetrack.storage import open_db, save_article

    db_path = tmp_path / "x.db"
    db = open_db(db_path)
    hostile = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"
    for outlet in ("A <b>Times</b>", "B"):
        text = f"“{hostile},” Eve <i>Evil</i> said in {outlet}."
        save_article(db, Article(f"{outlet}.txt", text, outlet=outlet),
                     [Quote("a", "direct", 1, 1 + len(hostile), hostile, "Eve <i>Evil</i>", None, None, "Eve <i>Evil</i>", "said", rule="t")])
    db.close()
    report(db_path, tmp_path / "out", "--format", "md", "--speaker", "<i>")
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "Eve &lt;i&gt;Evil&lt;/i&gt;" in markdown and "“&lt;i&gt;”" in markdown
    assert not re.search(r"<(script|img|i|b)\b", markdown)


def test_attribution_conflicts_list_each_outlets_speaker(tmp_path):
    from quotetrack.models import Article, Quote
    from quotetrack.reports import build_report, render_json, render_markdown
    from quotetrack.storage import open_db, save_article

    db = open_db(tmp_path / "x.db")
    words = "We will win this fight"
    for outlet, name in (("A", "Jane Smith"), ("B", "John Doe")):
        text = f"“{words},” {name} said."
        save_article(db, Article(f"{outlet}.txt", text, outlet=outlet), [Quote("a", "direct", 1, 1 + len(words), words, name, None, None, name, "said", rule="t")])
    db["quote_groups"].insert({"id": 1, "reference_quote_id": 1, "verdict": "identical", "outlets": 2, "attribution_conflict": 1})
    db["quote_group_members"].insert_all([{"group_id": 1, "quote_id": 1}, {"group_id": 1, "quote_id": 2}])
    report = build_report(db)
    assert report.attribution_conflicts[0]["speakers"] == [
        {"outlet": "A", "speaker_name": "Jane Smith", "speaker": "Jane Smith"},
        {"outlet": "B", "speaker_name": "John Doe", "speaker": "John Doe"},
    ]
    assert json.loads(render_json(report))["attribution_conflicts"][0]["speakers"][1]["outlet"] == "B"
    assert "“We will win this fight”: A: Jane Smith; B: John Doe" in render_markdown(report)
