"""The quote database as people browse it: Datasette settings, stored queries, and the queries
behind quotetrack's own pages (articles, cross-outlet groups of one statement, speakers).

Nothing here imports Datasette (an optional extra): datasette_plugin.py turns these settings
into Datasette's configuration (0.6x metadata or 1.0 configuration) and these query results
into pages. The query functions take an `execute(sql, params) -> list[dict]` coroutine, so
they run on Datasette's own connections and are easy to adapt when the schema grows.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from .errors import QuotetrackError
from .storage import contains

PLUGIN_NAME = "quotetrack"
ROUTE_PREFIX = "/-/quotetrack"
# The heading of the quotes whose article has no outlet.
UNKNOWN_OUTLET = "unknown outlet"
# The tables that make a database a quotetrack one: the plugin leaves other databases alone.
REQUIRED_TABLES = frozenset({"articles", "quotes", "speakers", "outlets"})
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id names no row
FTS_FUNCTION = "quotetrack_fts"  # registered on Datasette's connections by the plugin

Execute = Callable[[str, Sequence[Any]], Awaitable[list[dict[str, Any]]]]


class MissingExtra(QuotetrackError):
    """An optional dependency is needed for this feature."""

    def __init__(self, package: str, extra: str):
        super().__init__(f"{package} is not installed: pip install 'quotetrack[{extra}]'")


class PortInUse(QuotetrackError):
    """The address `serve` was asked to listen on is taken."""


def is_quotetrack_database(table_names: Sequence[str]) -> bool:
    return REQUIRED_TABLES <= set(table_names)


def parse_id(text: str | None) -> int | None:
    """A row id from a URL: ASCII digits within SQLite's integer range, else None."""
    if text is None or not re.fullmatch(r"[0-9]{1,19}", text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


# --- Datasette settings --------------------------------------------------------------------

# What each table is for, and how it is best read. `description`, `title` and `columns` are
# metadata; the rest (facets, sorting, labels, search, hidden) is configuration in Datasette 1.0.
TABLES: dict[str, dict[str, Any]] = {
    "quote_list": {
        "title": "Quotes",
        "description": "Every quote, its words first: who said it (speaker_name; speaker is the name as printed), outlet, date, kind and cue (by lemma). Click a text for its article, a statement id for its pieces in that article, a group id for every outlet's version.",
        "facets": ["outlet", "kind", "cue_lemma", "speaker_name"],
        "sort_desc": "published",
    },
    "quotes": {
        "description": "The stored quotes with their offsets and provenance (for reading, open quote_list).",
        "description_html": 'The stored quotes with their offsets and provenance. <strong>For reading, open <a href="quote_list">quote_list</a></strong>: the words first, with speaker, outlet and date.',
        "facets": ["kind", "cue_lemma", "speaker_id"],
        "sort_desc": "confidence",
        "label_column": "text",
        "fts_table": "quotes_fts",
        "fts_pk": "id",
    },
    "speaker_list": {
        "title": "Speakers",
        "description": "Every person or body quoted, with how many quotes and outlets, and every spelling. Click a name for the speaker's page.",
        "facets": ["kind"],
        "sort_desc": "quotes",
    },
    "speakers": {
        "description": "One row per spelling; a spelling merged into another speaker points to it in merged_into (shown speakers have none). Anonymous and group sources belong to one article.",
        "label_column": "name",
        "facets": ["kind"],
        "sort": "name",
        "columns": {
            "kind": "person, organisation, anonymous, group or document",
            "name": "the name shown: for a merged speaker (its oldest spelling, whose id stays) the spelling most outlets print",
            "spelling": "the name this row was stored under; never changes",
            "merged_into": "the speaker this spelling is shown under (set by cross-article matching)",
            "article_id": "the article an anonymous or group source belongs to",
            "renamed": "1 when a user chose the name (quotetrack speakers rename)",
        },
    },
    "speaker_aliases": {"description": "Every way a speaker's name was written.", "facets": ["speaker_id"]},
    "articles": {
        "description": "The articles read, with the exact text that quote offsets point into.",
        "label_column": "title",
        "facets": ["outlet_id", "published"],
        "sort_desc": "published",
        "fts_table": "articles_fts",
        "fts_pk": "id",
    },
    "outlets": {"description": "The publishers.", "label_column": "name", "sort": "name"},
    "quotes_view": {
        "description": "Quotes with speaker (as printed), speaker_name (as resolved), article and outlet: what `quotetrack quotes` reads.",
        "facets": ["outlet", "speaker_name", "kind"],
    },
    "shared_quotes": {
        "title": "Cross-outlet groups: every version",
        "description": "Every version of every cross-outlet group (one statement printed by more than one article), with its differences. Click a group id for the side-by-side page.",
        "facets": ["group_verdict", "attribution", "outlet", "speaker_name"],
    },
    "group_list": {
        "title": "Cross-outlet groups",
        "description": "One statement printed by several articles, each printing a version: the fullest version's words, the largest difference between versions (verdict), and whether outlets give the words to different named speakers (attribution). Click a group id for every version side by side.",
        "facets": ["verdict", "attribution", "outlets"],
        "sort_desc": "outlets",
    },
    "quote_groups": {
        "description": "The cross-outlet groups as stored (for reading, open group_list); attribution_conflict is 1 when outlets give the words to different named speakers.",
        "facets": ["verdict"],
        "sort_desc": "outlets",
    },
    "quote_group_members": {"description": "The versions in each cross-outlet group, each with its differences from the fullest version."},
    "speaker_merges": {
        "description": "Why two speaker names were judged to be one speaker (undo with `quotetrack speakers split ID`).",
        "facets": ["method"],
    },
    "paraphrases": {"description": "Indirect quotes by the same speaker in different articles with close content, with a score."},
    "match_runs": {"description": "When cross-article matching last ran, and what it found."},
    "statements": {
        "title": "Statements (one article)",
        "description": "Each statement as one article printed it (across outlets, see Cross-outlet groups): a quote interrupted by its speech tag is stored as its pieces (quotes sharing statement_id), joined here with “ … ”.",
        "facets": ["kind", "outlet", "pieces"],
        "columns": {"speaker": "the speaker as the article prints it", "speaker_name": "the person or body it was resolved to"},
    },
    "quote_shingles": {"hidden": True},
    "_sqlite_migrations": {"hidden": True},
}
METADATA_KEYS = ("title", "description", "description_html", "columns")

STORED_QUERIES: dict[str, dict[str, str]] = {
    "speaker_across_outlets": {
        "title": "A speaker's quotes across outlets",
        "description": "Everything attributed to a speaker (any spelling), with outlet and date.",
        "sql": f"""
select quotes.text, speakers.name as speaker_name, outlets.name as outlet, articles.published,
       quotes.kind, quotes.speaker_mention as speaker, quotes.cue, articles.title as article,
       quotes.id as quote_id, quotes.article_id, quotes.speaker_id
from quotes
join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
where speakers.id in (
  select coalesce(spelling.merged_into, spelling.id) from speaker_aliases
  join speakers as spelling on spelling.id = speaker_aliases.speaker_id where {contains('alias', ':speaker')}
  union select coalesce(merged_into, id) from speakers where {contains('name', ':speaker')}
)
order by speakers.name, articles.published, outlets.name, quotes.start
""",
    },
    "spelling_variants": {
        "title": "Speakers with spelling variants",
        "description": "Speakers whose name is written more than one way across the articles, and why they were judged one speaker.",
        "sql": """
select speakers.name, group_concat(speaker_merges.merged_name, ' | ') as also_written,
       group_concat(speaker_merges.reason, ' | ') as reasons,
       (select group_concat(alias, ' | ') from speaker_aliases join speakers as spelling on spelling.id = speaker_aliases.speaker_id
          where coalesce(spelling.merged_into, spelling.id) = speakers.id) as mentions,
       speakers.id as speaker_id
from speakers join speaker_merges on speaker_merges.speaker_id = speakers.id and speaker_merges.undone_at is null
group by speakers.id
order by speakers.name
""",
    },
    "quotes_differing_between_outlets": {
        "title": "Quotes that differ between outlets",
        "description": "The same statement printed by several outlets with different words (substantive) or only different punctuation and case (cosmetic). Verdict: leave empty for both.",
        "sql": """
select text, outlet, speaker_name, speaker, verdict, differences, published, group_verdict, attribution,
       group_id, quote_id, article_id, speaker_id
from shared_quotes
where outlets > 1 and group_verdict != 'identical'
  and (:verdict = '' or group_verdict = :verdict)
order by group_verdict desc, group_id, outlet
""",
    },
    "search_quotes": {
        "title": "Search quotes",
        "description": "Full-text search of quote text (any words: every one must appear), optionally restricted to an outlet and a date range (YYYY-MM-DD).",
        "sql": f"""
select quotes.text, speakers.name as speaker_name, outlets.name as outlet, articles.published,
       quotes.speaker_mention as speaker, articles.title as article, quotes.id as quote_id, quotes.article_id, quotes.speaker_id
from quotes_fts
join quotes on quotes.id = quotes_fts.rowid
left join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
where quotes_fts match {FTS_FUNCTION}(:search)
  and (:outlet = '' or {contains('outlets.name', ':outlet')})
  and (:since = '' or articles.published >= :since)
  and (:until = '' or substr(articles.published, 1, length(:until)) <= :until)
order by quotes_fts.rank
""",
    },
}

INSTANCE = {
    "title": "quotetrack",
    "description": "Quotes found in news articles, attributed to their speakers and compared across outlets.",
}
DATABASE_DESCRIPTION = "Articles, the quotes in them, who said them, and where the same words appear again."
# The views made for reading, by their titles: the database page points to them first (the raw
# tables keep offsets and ids, in the order they were created, which Datasette cannot change).
READING_ENTRIES = {"quote_list": "Quotes", "speaker_list": "Speakers", "group_list": "Cross-outlet groups", "statements": "Statements"}


def database_description_html(links: dict[str, str]) -> str:
    """The database description with a link to each reading view (`links`: title to URL)."""
    entries = " · ".join(f'<a href="{escape(url)}">{escape(title)}</a>' for title, url in links.items())
    return f"<p>{escape(DATABASE_DESCRIPTION)}</p><p><strong>Start reading:</strong> {entries}</p>"


def table_settings(table: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A table's (metadata, configuration), as Datasette 1.0 separates them."""
    settings = TABLES.get(table, {})
    metadata = {k: v for k, v in settings.items() if k in METADATA_KEYS}
    config = {k: v for k, v in settings.items() if k not in METADATA_KEYS}
    return metadata, config


def stored_queries() -> dict[str, dict[str, str]]:
    return {name: {**query, "sql": query["sql"].strip()} for name, query in STORED_QUERIES.items()}


def legacy_metadata(databases: Sequence[str], links: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Everything in one metadata dictionary, as Datasette 0.6x reads it (queries come from the
    plugin's canned_queries hook); `links` are each database's reading views (title to URL)."""
    return {
        **INSTANCE,
        "databases": {
            name: {
                "description": DATABASE_DESCRIPTION,
                "description_html": database_description_html(links.get(name, {})),
                "tables": {table: dict(settings) for table, settings in TABLES.items()},
            }
            for name in databases
        },
    }


# --- the queries behind the pages ----------------------------------------------------------


@dataclass
class Segment:
    """A stretch of text, and how to mark it (None: plain)."""

    text: str
    mark: str | None = None  # a CSS class: "quote", "chosen", "cosmetic", "substantive"
    label: str = ""  # what the mark means, for the title attribute
    anchor: str = ""  # an element id, when the segment is a link target


def marked(text: str, spans: list[tuple[int, int, str, str, str]]) -> list[Segment]:
    """The text cut into segments, spans (start, end, mark, label, anchor) marked; a span that
    overlaps one already marked is skipped, so the markup stays well formed."""
    segments, position = [], 0
    for start, end, mark, label, anchor in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < position or not (0 <= start < end <= len(text)):
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], mark, label, anchor))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def web_url(url: str | None) -> str | None:
    """A stored URL worth linking to: http(s) only, never `javascript:` or `data:`."""
    return url if url and re.match(r"https?://", url.strip(), re.IGNORECASE) else None


def _find(text: str, words: str, after: int = 0) -> int:
    at = text.find(words, after)
    return at if at >= 0 else text.find(words)


def differences_of(raw: str | None) -> list[dict[str, str]]:
    """The stored JSON list of differences, [] when absent or unreadable."""
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []


def describe_difference(difference: dict[str, str]) -> str:
    """One difference in words: "cosmetic (case): “vice president” here, “Vice President” in Daily Mail"."""
    this, other = difference.get("this") or "", difference.get("other") or ""
    where = difference.get("other_outlet") or "the other version"
    here = f"“{this}” here" if this else "nothing here"
    there = f"“{other}” in {where}" if other else f"nothing in {where}"
    return f"{difference.get('kind', '')} ({difference.get('what', '')}): {here}, {there}"


async def article_page(execute: Execute, article_id: int, chosen: int | None) -> dict[str, Any] | None:
    """An article with every quote marked and the chosen one highlighted."""
    rows = await execute(
        "select articles.id, articles.title, articles.text, articles.published, articles.url, articles.key, "
        "outlets.name as outlet from articles left join outlets on outlets.id = articles.outlet_id where articles.id = ?",
        [article_id],
    )
    if not rows:
        return None
    article = rows[0]
    article["web_url"] = web_url(article["url"])
    quotes = await execute(
        "select quotes.id, quotes.start, quotes.end, quotes.kind, quotes.speaker_id, quotes.speaker_mention as speaker, speakers.name as speaker_name, "
        "quote_group_members.group_id "
        "from quotes left join speakers on speakers.id = quotes.speaker_id "
        "left join quote_group_members on quote_group_members.quote_id = quotes.id "
        "where quotes.article_id = ? order by quotes.start, quotes.end desc",
        [article_id],
    )
    spans = [
        (q["start"], q["end"], "quote chosen" if q["id"] == chosen else "quote", f"{q['kind']} quote, {q['speaker_name'] or q['speaker'] or 'unknown speaker'}", f"quote-{q['id']}")
        for q in quotes
    ]
    return {"article": article, "segments": marked(article["text"], spans), "quotes": quotes, "chosen": chosen}


async def group_page(execute: Execute, group_id: int) -> dict[str, Any] | None:
    """A cross-outlet group: every version of one statement as each outlet printed it, the differences marked on both
    sides, the earliest printing first."""
    groups = await execute("select * from quote_groups where id = ?", [group_id])
    if not groups:
        return None
    group = groups[0]
    versions = await execute(
        """
select quotes.id as quote_id, quotes.text, quotes.kind, quotes.start, quotes."end", quotes.article_id,
       quotes.speaker_mention as speaker, quotes.speaker_id, speakers.name as speaker_name, speakers.kind as speaker_kind,
       quotes.cue, articles.title as article, articles.published, articles.url, articles.ingested_at,
       outlets.name as outlet, quote_group_members.verdict, quote_group_members.partial,
       quote_group_members.differences
from quote_group_members
join quotes on quotes.id = quote_group_members.quote_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
where quote_group_members.group_id = ?
order by articles.published is null, articles.published, articles.id, quotes.start
""",
        [group_id],
    )
    reference_id = group["reference_quote_id"]
    spans: dict[int, list[tuple[int, int, str, str, str]]] = {v["quote_id"]: [] for v in versions}

    def mark(quote_id: int, text: str, difference: dict[str, str], after: int = 0) -> int:
        """Mark the difference's own words in one version; where the search may go on."""
        words = difference.get("this") or ""
        at = _find(text, words, after) if words else -1
        if at < 0:
            return after
        spans[quote_id].append((at, at + len(words), difference.get("kind", ""), describe_difference(difference), ""))
        return at + len(words)

    reference = next((v for v in versions if v["quote_id"] == reference_id), None)
    for version in versions:
        version["difference_list"] = differences_of(version["differences"])
        version["described"] = [describe_difference(d) for d in version["difference_list"]]
        position = 0
        for difference in version["difference_list"]:
            position = mark(version["quote_id"], version["text"], difference, position)
            if reference is not None and reference is not version:  # the same difference, seen from the reference
                seen_there = {**difference, "this": difference.get("other", ""), "other": difference.get("this", ""), "other_outlet": version["outlet"] or "the other version"}
                mark(reference_id, reference["text"], seen_there)
    for index, version in enumerate(versions):
        version["segments"] = marked(version["text"], spans[version["quote_id"]])
        version["first"] = index == 0
        version["reference"] = version["quote_id"] == reference_id
    dated = any(v["published"] for v in versions)
    return {"statement": group, "versions": versions, "first_by": "date" if dated else "order of storing: no dates are known"}


async def speaker_page(execute: Execute, speaker_id: int) -> dict[str, Any] | None:
    """A speaker: name, kind, spellings, merges with their reasons, statements by outlet over time."""
    speakers = await execute("select * from speakers where id = ?", [speaker_id])
    if not speakers:
        return None
    spellings = await execute(
        "select distinct alias from speaker_aliases join speakers as spelling on spelling.id = speaker_aliases.speaker_id "
        "where coalesce(spelling.merged_into, spelling.id) = ? order by alias",
        [speaker_id],
    )
    merges = await execute(
        "select id, merged_name, reason, method, created_at from speaker_merges where speaker_id = ? and undone_at is null order by id",
        [speaker_id],
    )
    quotes = await execute(
        """
select quotes.id as quote_id, quotes.text, quotes.kind, quotes.speaker_mention as speaker, quotes.cue, quotes.article_id,
       articles.title as article, articles.published, coalesce(outlets.name, ?) as outlet,
       quote_group_members.group_id, quote_groups.outlets as group_outlets
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join quote_group_members on quote_group_members.quote_id = quotes.id
left join quote_groups on quote_groups.id = quote_group_members.group_id
where quotes.speaker_id = ?
order by outlets.name is null, outlets.name, articles.published is null, articles.published, articles.id, quotes.start
""",
        [UNKNOWN_OUTLET, speaker_id],
    )
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for quote in quotes:
        by_outlet.setdefault(quote["outlet"], []).append(quote)
    unknown = UNKNOWN_OUTLET in by_outlet  # it heads articles with no outlet: not an outlet to count
    return {
        "speaker": speakers[0], "spellings": [s["alias"] for s in spellings], "merges": merges, "by_outlet": by_outlet,
        "quotes": len(quotes), "outlets": len(by_outlet) - unknown, "unknown_outlet": unknown,
    }


# --- running Datasette ---------------------------------------------------------------------


def make_datasette(paths: Sequence[str | Path], **options: Any):
    """A Datasette instance over the databases with quotetrack's plugin (as `datasette` gets it
    from the entry point, registered here too for a source checkout)."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise MissingExtra("Datasette", "datasette") from None
    register_plugin()
    settings = {"default_page_size": 50, **options.pop("settings", {})}
    return Datasette([str(p) for p in paths], settings=settings, **options)


def register_plugin() -> None:
    """Register the plugin with Datasette unless its entry point already did."""
    from datasette.plugins import pm

    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name=PLUGIN_NAME)


def check_port_free(host: str, port: int) -> None:
    """Fail with one line before anything says "Serving at" when the address is taken."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUse(f"cannot listen on {host}:{port}: {error.strerror or error} (choose another with --port)") from None


def serve(db_paths: Sequence[str | Path], host: str, port: int, datasette_args: Sequence[str] = (), announce: Callable[[str], None] = print) -> None:
    """Run `datasette serve` on the databases with the plugin, passing other options through.
    The arguments are checked (and the port probed) before `announce` says where it serves."""
    try:
        from datasette.cli import serve as datasette_serve
    except ImportError:
        raise MissingExtra("Datasette", "datasette") from None
    register_plugin()
    args = [*map(str, db_paths), "--host", host, "--port", str(port), "--setting", "default_page_size", "50", *datasette_args]
    context = datasette_serve.make_context("quotetrack serve", args)
    check_port_free(host, port)
    where = f"http://{host}:{port}/" if port else f"a free port of {host}"
    announce(f"Serving {', '.join(map(str, db_paths))} at {where} (Ctrl-C to stop)")
    with context:
        datasette_serve.invoke(context)
