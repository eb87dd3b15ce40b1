"""Datasette over the quote database: metadata, stored queries, and the server.

Datasette is an optional extra (`pip install 'quotetrack[datasette]'`); everything here imports
it lazily, so the rest of quotetrack works without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import QuotetrackError

PLUGIN_NAME = "quotetrack"


class MissingExtra(QuotetrackError):
    """An optional dependency is needed for this feature."""

    def __init__(self, package: str, extra: str):
        super().__init__(f"{package} is not installed: pip install 'quotetrack[{extra}]'")


QUOTE_COLUMNS = {
    "text": "The quoted words, exactly as printed (content span of the quote).",
    "kind": "direct (in quote marks), indirect (reported speech) or mixed (reported speech carrying a quoted fragment).",
    "start": "Character offset of the quote in the article text.",
    "end": "Character offset just past the quote in the article text.",
    "speaker_id": "The person or body the quote is attributed to, across articles.",
    "speaker_mention": "The speaker as written in this article (\"he\", \"Nauert\", \"Pence’s chief of staff Nick Ayres\").",
    "cue": "The reporting verb or phrase (\"said\", \"according to\").",
    "confidence": "How likely annotators of news would mark this quote, from 0 to 1 (the learned confidence model).",
    "rule": "The rule that found the quote, for filtering and debugging.",
    "model": "spaCy pipeline and version that produced the quote.",
    "quotetrack_version": "quotetrack version that produced the quote.",
}

STORED_QUERIES: dict[str, dict[str, str]] = {
    "speaker_across_outlets": {
        "title": "A speaker's quotes across outlets",
        "description": "Everything attributed to a speaker (any spelling), with outlet and date.",
        "sql": """
select speakers.name as speaker, outlets.name as outlet, articles.published, articles.title,
       quotes.kind, quotes.text, quotes.speaker_mention, quotes.cue, quotes.id as quote_id
from quotes
join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
where speakers.id in (
  select coalesce(spelling.merged_into, spelling.id) from speaker_aliases
  join speakers as spelling on spelling.id = speaker_aliases.speaker_id where alias like '%' || :speaker || '%'
  union select coalesce(merged_into, id) from speakers where name like '%' || :speaker || '%'
)
order by speakers.name, articles.published, outlets.name, quotes.start
""",
    },
    "spelling_variants": {
        "title": "Speakers with spelling variants",
        "description": "Speakers whose name is written more than one way across the articles, and why they were judged one speaker.",
        "sql": """
select speakers.id, speakers.name, group_concat(speaker_merges.merged_name, ' | ') as also_written,
       group_concat(speaker_merges.reason, ' | ') as reasons,
       (select group_concat(alias, ' | ') from speaker_aliases where speaker_aliases.speaker_id = speakers.id) as mentions
from speakers join speaker_merges on speaker_merges.speaker_id = speakers.id and speaker_merges.undone_at is null
group by speakers.id
order by speakers.name
""",
    },
    "quotes_differing_between_outlets": {
        "title": "Quotes that differ between outlets",
        "description": "The same statement printed by several outlets with different words (substantive) or only different punctuation and case (cosmetic).",
        "sql": """
select group_id, group_verdict, outlet, speaker, verdict, text, differences, published, quote_id
from shared_quotes
where outlets > 1 and group_verdict != 'identical'
  and (:verdict = '' or group_verdict = :verdict)
order by group_verdict desc, group_id, outlet
""",
    },
    "search_quotes": {
        "title": "Search quotes",
        "description": "Full-text search of quote text, optionally restricted to an outlet and a date range (YYYY-MM-DD).",
        "sql": """
select quotes.id as quote_id, quotes.text, speakers.name as speaker, outlets.name as outlet,
       articles.published, articles.title
from quotes_fts
join quotes on quotes.id = quotes_fts.rowid
left join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
where quotes_fts match :search
  and (:outlet = '' or outlets.name like '%' || :outlet || '%')
  and (:since = '' or articles.published >= :since)
  and (:until = '' or articles.published <= :until)
order by quotes_fts.rank
""",
    },
}


def datasette_metadata(db_name: str) -> dict[str, Any]:
    """Titles, descriptions, facets, labels, search and stored queries for one quote database."""
    return {
        "title": "quotetrack",
        "description": "Quotes found in news articles, attributed to their speakers and compared across outlets.",
        "source": "quotetrack",
        "source_url": "https://pypi.org/project/quotetrack/",
        "databases": {
            db_name: {
                "description": "Articles, the quotes in them, who said them, and where the same words appear again.",
                "tables": {
                    "quotes": {
                        "description": "One row per quote found in an article, with offsets and provenance.",
                        "columns": QUOTE_COLUMNS,
                        "facets": ["kind", "speaker_id", "cue"],
                        "sort_desc": "confidence",
                        "label_column": "text",
                        "fts_table": "quotes_fts",
                        "fts_pk": "id",
                    },
                    "speakers": {
                        "description": "One row per spelling; a spelling merged into another speaker points to it in merged_into (shown speakers have none). Anonymous and group sources belong to one article.",
                        "label_column": "name",
                        "facets": ["kind"],
                        "columns": {
                            "kind": "person, organisation, anonymous, group or document",
                            "merged_into": "the speaker this spelling is shown under (set by cross-article matching)",
                            "article_id": "the article an anonymous or group source belongs to",
                            "renamed": "1 when a user chose the name (quotetrack speakers rename)",
                        },
                        "sort": "name",
                    },
                    "speaker_aliases": {
                        "description": "Every way a speaker's name was written.",
                        "facets": ["speaker_id"],
                    },
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
                        "description": "Quotes with speaker, article and outlet, readable.",
                        "facets": ["outlet", "speaker", "kind"],
                    },
                    "shared_quotes": {
                        "description": "Every version of every statement printed by more than one article, with its differences.",
                        "facets": ["group_verdict", "outlet", "speaker"],
                    },
                    "quote_groups": {
                        "description": "Statements printed by several articles; verdict is the worst difference between versions.",
                        "facets": ["verdict", "attribution_conflict"],
                        "sort_desc": "outlets",
                    },
                    "speaker_merges": {
                        "description": "Why two speaker names were judged to be one speaker (undo with `quotetrack speakers split ID`).",
                        "facets": ["method"],
                    },
                    "paraphrases": {"description": "Indirect quotes by the same speaker in different articles with close content, with a score."},
                    "_sqlite_migrations": {"hidden": True},
                    "match_runs": {"description": "When cross-article matching last ran, and what it found."},
                },
                "queries": {name: {**query, "sql": query["sql"].strip()} for name, query in STORED_QUERIES.items()},
            }
        },
    }


def make_datasette(db_path: str | Path):
    """A Datasette instance for the database, with quotetrack's metadata and plugin."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise MissingExtra("Datasette", "datasette") from None
    from datasette.plugins import pm

    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name=PLUGIN_NAME)
    path = Path(db_path)
    return Datasette([str(path)], metadata=datasette_metadata(path.stem), settings={"default_page_size": 50})


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on the database until interrupted."""
    datasette = make_datasette(db_path)
    import uvicorn

    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
