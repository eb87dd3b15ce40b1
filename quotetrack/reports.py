"""Reports on a quote database: what was found, who said what where, and what changed between outlets.

`build_report` reads the database into a `Report` (plain data, deterministically ordered);
renderers turn it into Markdown, self-contained HTML (with an inline SVG chart), CSV files or JSON.
The same database always gives byte-identical reports, so they can be kept under version control.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMATS = ("md", "html", "csv", "json")


@dataclass
class Report:
    """Everything a report shows, already sorted."""

    filters: dict[str, str | None]
    overview: dict[str, Any]
    quotes_by_kind: list[dict[str, Any]]
    top_speakers: list[dict[str, Any]]  # outlet, speaker_name, quotes
    shared_quotes: list[dict[str, Any]]  # group id, verdict, versions [{outlet, speaker, speaker_name, text, differences}]
    spelling_variants: list[dict[str, Any]]  # speaker_name, spellings: the other names merged into it (a list)
    attribution_conflicts: list[dict[str, Any]]  # group id, text, speakers [{outlet, speaker, speaker_name}]
    notes: list[str] = field(default_factory=list)


def build_report(db: Database, speaker: str | None = None, outlet: str | None = None, top: int = 10) -> Report:
    """Collect the report's sections; `speaker`/`outlet` filter by substring of the name."""
    where, params = _filters(speaker, outlet)
    joins = (
        "from quotes join articles on articles.id = quotes.article_id "
        "left join outlets on outlets.id = articles.outlet_id "
        "left join speakers on speakers.id = quotes.speaker_id "
    )
    overview = {
        "articles": _scalar(db, f"select count(distinct articles.id) {joins} {where}", params)
        if (speaker or outlet)
        else _scalar(db, "select count(*) from articles"),
        "outlets": _scalar(db, f"select count(distinct outlets.id) {joins} {where}", params),
        "speakers": _scalar(db, f"select count(distinct speakers.id) {joins} {where}", params),
        "quotes": _scalar(db, f"select count(*) {joins} {where}", params),
    }
    by_kind = _rows(db, f"select quotes.kind as kind, count(*) as quotes {joins} {where} group by quotes.kind order by quotes.kind", params)
    top_speakers = _rows(
        db,
        f"""select coalesce(outlets.name, '(unknown outlet)') as outlet, speakers.name as speaker_name, count(*) as quotes
        {joins} {where} {'and' if where else 'where'} speakers.id is not null
        group by outlets.id, speakers.id order by outlet, quotes desc, speaker_name""",
        params,
    )
    top_speakers = _top_per_outlet(top_speakers, top)
    variants = [
        row | {"spellings": json.loads(row["spellings"])}
        for row in _rows(
            db,
            """select speakers.name as speaker_name, json_group_array(merged_name) as spellings, speakers.id as speaker_id
            from (select speaker_id, merged_name from speaker_merges where undone_at is null order by merged_name)
            join speakers on speakers.id = speaker_id group by speakers.id order by speakers.name""",
        )
    ] if "speaker_merges" in db.table_names() else []
    named = _speakers_named(db, speaker) if speaker else None
    if named is not None:
        variants = [v for v in variants if v["speaker_id"] in named]
    for variant in variants:
        del variant["speaker_id"]
    shared, conflicts = _cross_outlet(db, named, outlet)
    return Report({"speaker": speaker, "outlet": outlet}, overview, by_kind, top_speakers, shared, variants, conflicts)


def _filters(speaker: str | None, outlet: str | None) -> tuple[str, list[str]]:
    from .storage import contains, speakers_named_sql  # here, not at the top: `quotetrack report --help` needs no sqlite-utils

    clauses, params = [], []
    if speaker:
        clauses.append(f"quotes.speaker_id in ({speakers_named_sql()})")
        params += [speaker, speaker]
    if outlet:
        clauses.append(contains("outlets.name"))
        params.append(outlet)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def _scalar(db: Database, sql: str, params: list | None = None) -> int:
    return db.execute(sql, params or []).fetchone()[0]


def _rows(db: Database, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    return list(db.query(sql, params or []))


def _top_per_outlet(rows: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["outlet"]] = counts.get(row["outlet"], 0) + 1
        if counts[row["outlet"]] <= top:
            kept.append(row)
    return kept


def _speakers_named(db: Database, speaker: str) -> set[int]:
    from .storage import speakers_named_sql

    return {row[0] for row in db.execute(speakers_named_sql(), [speaker, speaker])}


def _cross_outlet(db: Database, named: set[int] | None, outlet: str | None) -> tuple[list[dict], list[dict]]:
    """Quote groups spanning several outlets, with each version's differences (only groups with
    a version by one of the `named` speakers, when given)."""
    if "quote_groups" not in db.table_names():
        return [], []
    groups = _rows(
        db,
        """select quote_groups.id, quote_groups.verdict, quote_groups.attribution_conflict
        from quote_groups where quote_groups.outlets > 1 order by quote_groups.id""",
    )
    shared, conflicts = [], []
    for group in groups:
        versions = _rows(
            db,
            """select coalesce(outlets.name, '(unknown outlet)') as outlet, articles.title as article,
                   quotes.speaker_mention as speaker, speakers.name as speaker_name, quotes.text as text,
                   quote_group_members.differences as differences, quotes.id as quote_id, quotes.speaker_id as speaker_id
            from quote_group_members join quotes on quotes.id = quote_group_members.quote_id
            join articles on articles.id = quotes.article_id left join outlets on outlets.id = articles.outlet_id
            left join speakers on speakers.id = quotes.speaker_id
            where quote_group_members.group_id = ? order by outlet, articles.id, quotes.start""",
            [group["id"]],
        )
        if named is not None and not any(v["speaker_id"] in named for v in versions):
            continue
        if outlet and not any(outlet.lower() in v["outlet"].lower() for v in versions):
            continue
        for version in versions:
            version["differences"] = json.loads(version["differences"] or "[]")
            del version["speaker_id"]
        entry = {"group": group["id"], "verdict": group["verdict"], "versions": versions}
        shared.append(entry)
        if group["attribution_conflict"]:
            conflicts.append(
                {
                    "group": group["id"],
                    "text": versions[0]["text"],
                    "speakers": [
                        {"outlet": outlet, "speaker_name": name, "speaker": mention}
                        for outlet, name, mention in sorted({(v["outlet"], v["speaker_name"], v["speaker"]) for v in versions}, key=lambda s: [p or "" for p in s])
                    ],
                }
            )
    return shared, conflicts


# --- renderers -------------------------------------------------------------------------------


def render_markdown(report: Report) -> str:
    out = ["# quotetrack report", ""]
    active = {k: v for k, v in report.filters.items() if v}
    if active:
        out += ["Filtered by " + ", ".join(f"{k} “{_md(v)}”" for k, v in active.items()) + ".", ""]
    out += ["## Overview", "", "| articles | outlets | speakers | quotes |", "| ---: | ---: | ---: | ---: |"]
    o = report.overview
    out += [f"| {o['articles']} | {o['outlets']} | {o['speakers']} | {o['quotes']} |", ""]
    out += _md_table("Quotes by kind", ["kind", "quotes"], report.quotes_by_kind)
    out += _md_table("Top speakers per outlet", ["outlet", "speaker_name", "quotes"], report.top_speakers)
    out += ["## Quotes shared across outlets", ""]
    if not report.shared_quotes:
        out += ["None found.", ""]
    for group in report.shared_quotes:
        out += [f"### Group {group['group']}: {group['verdict']}", ""]
        for version in group["versions"]:
            out.append(f"- **{_md(version['outlet'])}** ({_md(_who(version))}): “{_md(version['text'])}”")
            for difference in version["differences"]:
                out.append(f"  - {difference['kind']}: {_md(_describe(difference))}")
        out.append("")
    out += _md_table("Speakers with spelling variants", ["speaker_name", "spellings"], report.spelling_variants)
    out += ["## Attribution differs between outlets", ""]
    if not report.attribution_conflicts:
        out += ["None found.", ""]
    for conflict in report.attribution_conflicts:
        out += [f"- “{_md(conflict['text'])}”: " + _md(_attributed(conflict))]
    if report.attribution_conflicts:
        out.append("")
    return "\n".join(out)


def _md(text: Any) -> str:
    """Stored text as Markdown shows it: HTML escaped (viewers render inline HTML, and article
    text is anyone's), table pipes escaped, one line."""
    return html.escape(_text(text), quote=False).replace("|", "\\|").replace("\n", " ")


def _text(value: Any) -> str:
    """A value as one cell of text: a list (JSON keeps it a list) joined with " | "."""
    return " | ".join(map(str, value)) if isinstance(value, list) else str(value)


def _who(version: dict[str, Any]) -> str:
    """Who a version is attributed to: the resolved name, else the name as printed."""
    return version["speaker_name"] or version["speaker"] or "unknown speaker"


def _attributed(conflict: dict[str, Any]) -> str:
    """An attribution conflict in words: "Daily Mail: Nick Ayres; The Hill: Mike Pence"."""
    return "; ".join(f"{s['outlet']}: {_who(s)}" for s in conflict["speakers"])


def _md_table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> list[str]:
    out = [f"## {title}", ""]
    if not rows:
        return out + ["None found.", ""]
    out += ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    out += ["| " + " | ".join(_md(row.get(c, "")) for c in columns) + " |" for row in rows]
    return out + [""]


def _describe(difference: dict[str, Any]) -> str:
    """'vice president' → 'Vice President' style text for one word-level difference."""
    ours, theirs = difference.get("this") or "", difference.get("other") or ""
    if ours and theirs:
        return f"“{ours}” here, “{theirs}” in {difference.get('other_outlet', 'the other version')}"
    if ours:
        return f"“{ours}” only here"
    return f"“{theirs}” missing here ({difference.get('other_outlet', 'other version')} has it)"


def render_html(report: Report) -> str:
    """One self-contained page (no network): tables, an SVG chart, print-friendly CSS."""
    e = html.escape
    o = report.overview
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>quotetrack report</title>",
        f"<style>{REPORT_CSS}</style></head><body><main>",
        "<h1>quotetrack report</h1>",
    ]
    active = {k: v for k, v in report.filters.items() if v}
    if active:
        parts.append("<p class='filters'>Filtered by " + ", ".join(f"{e(k)} “{e(v)}”" for k, v in active.items()) + ".</p>")
    parts.append("<section><h2>Overview</h2><div class='cards'>")
    for label in ("articles", "outlets", "speakers", "quotes"):
        parts.append(f"<div class='card'><b>{o[label]}</b><span>{label}</span></div>")
    parts.append("</div>")
    parts.append(_html_table(["kind", "quotes"], report.quotes_by_kind))
    parts.append("</section><section><h2>Top speakers per outlet</h2>")
    parts.append(speaker_chart(report.top_speakers))
    parts.append(_html_table(["outlet", "speaker_name", "quotes"], report.top_speakers))
    parts.append("</section><section><h2>Quotes shared across outlets</h2>")
    if not report.shared_quotes:
        parts.append("<p>None found.</p>")
    for group in report.shared_quotes:
        parts.append(f"<article class='group'><h3>Group {group['group']} <span class='verdict {e(group['verdict'])}'>{e(group['verdict'])}</span></h3><ul>")
        for version in group["versions"]:
            who = e(_who(version))
            parts.append(f"<li><b>{e(version['outlet'])}</b> ({who}): <q>{e(version['text'])}</q>")
            if version["differences"]:
                parts.append("<ul>" + "".join(f"<li class='{e(d['kind'])}'>{e(d['kind'])}: {e(_describe(d))}</li>" for d in version["differences"]) + "</ul>")
            parts.append("</li>")
        parts.append("</ul></article>")
    parts.append("</section><section><h2>Speakers with spelling variants</h2>")
    parts.append(_html_table(["speaker_name", "spellings"], report.spelling_variants))
    parts.append("</section><section><h2>Attribution differs between outlets</h2>")
    if not report.attribution_conflicts:
        parts.append("<p>None found.</p>")
    else:
        parts.append("<ul>" + "".join(f"<li><q>{e(c['text'])}</q>: {e(_attributed(c))}</li>" for c in report.attribution_conflicts) + "</ul>")
    parts.append("</section></main></body></html>\n")
    return "".join(parts)


REPORT_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:60em;margin:0 auto;padding:1.5em}
h1{margin-top:0}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#eee}.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:6em}
.card b{display:block;font-size:1.6em}.verdict{font-size:.8em;padding:.1em .5em;border-radius:4px;background:#ddd}
.verdict.cosmetic,.verdict.identical{background:#d4edda}.verdict.substantive{background:#f8d7da}
li.substantive{color:#a00}li.cosmetic{color:#555}q{font-style:italic}
svg text{font-size:12px;font-family:inherit}
@media print{body{background:#fff}main{max-width:none}section{break-inside:avoid}}
"""


def _html_table(columns: list[str], rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>None found.</p>"
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{e(_text(row.get(c, '')))}</td>" for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def speaker_chart(rows: list[dict[str, Any]], width: int = 640, bar: int = 18) -> str:
    """Horizontal bars of quotes per speaker and outlet, as inline SVG."""
    if not rows:
        return ""
    most = max(r["quotes"] for r in rows)
    label_width = 260
    scale = (width - label_width - 40) / most
    height = bar * len(rows) + 10
    e = html.escape
    items = []
    for i, row in enumerate(rows):
        y = 5 + i * bar
        length = max(1.0, row["quotes"] * scale)
        label = e(f"{row['speaker_name']} · {row['outlet']}")
        items.append(
            f"<text x='{label_width - 6}' y='{y + bar * 0.7:.1f}' text-anchor='end'>{label}</text>"
            f"<rect x='{label_width}' y='{y + 2}' width='{length:.1f}' height='{bar - 4}' fill='#4a7ab5'/>"
            f"<text x='{label_width + length + 4:.1f}' y='{y + bar * 0.7:.1f}'>{row['quotes']}</text>"
        )
    return (
        f"<svg role='img' aria-label='Quotes per speaker and outlet' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>{''.join(items)}</svg>"
    )


def render_json(report: Report) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_csv(report: Report) -> dict[str, str]:
    """One CSV per tabular section, keyed by file name."""
    files = {}
    sections = {
        "quotes_by_kind.csv": (["kind", "quotes"], report.quotes_by_kind),
        "top_speakers.csv": (["outlet", "speaker_name", "quotes"], report.top_speakers),
        "spelling_variants.csv": (["speaker_name", "spellings"], [v | {"spellings": _text(v["spellings"])} for v in report.spelling_variants]),
        "shared_quotes.csv": (
            ["group", "verdict", "outlet", "speaker", "speaker_name", "text", "differences"],
            [
                {
                    "group": g["group"],
                    "verdict": g["verdict"],
                    "outlet": v["outlet"],
                    "speaker": v["speaker"],
                    "speaker_name": v["speaker_name"],
                    "text": v["text"],
                    "differences": "; ".join(f"{d['kind']}: {_describe(d)}" for d in v["differences"]),
                }
                for g in report.shared_quotes
                for v in g["versions"]
            ],
        ),
    }
    for name, (columns, rows) in sections.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[name] = buffer.getvalue()
    return files


def write_report(report: Report, out_dir: str | Path, output_format: str) -> list[Path]:
    """Write the report into out_dir; returns the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if output_format == "csv":
        contents = render_csv(report)
    else:
        renderer = {"md": render_markdown, "html": render_html, "json": render_json}[output_format]
        contents = {f"report.{output_format}": renderer(report)}
    written = []
    for name, content in contents.items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
