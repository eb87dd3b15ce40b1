"""Datasette plugin: quotetrack's settings, stored queries, pages and links in any Datasette.

Registered through the `datasette` entry point (setup.cfg), so plain `datasette quotes.db` gets
what `quotetrack serve` gets. Works with Datasette 0.64/0.65 (settings as metadata through
`get_metadata`, queries through `canned_queries`) and 1.0 (settings written into the
configuration, metadata and stored queries at startup). It touches only databases that hold
quotetrack's tables, and its pages check the same permissions as Datasette's own.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.version import __version__ as datasette_version
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from . import browse
from .storage import fts_query

TEMPLATES = Path(__file__).parent / "datasette" / "templates"
LEGACY = datasette_version.startswith("0.")  # 0.6x: metadata and ensure_permissions; 1.0: config and ensure_permission
# quotetrack databases of each Datasette instance, found at startup.
_databases: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def quotetrack_databases(datasette) -> set[str]:
    return _databases.get(datasette, set())


@hookimpl
def startup(datasette):
    async def inner():
        found = set()
        for name, database in datasette.databases.items():
            if name.startswith("_"):
                continue
            if browse.is_quotetrack_database(await database.table_names()):
                found.add(name)
        _databases[datasette] = found
        if not LEGACY:
            await _configure(datasette, found)

    return inner


async def _configure(datasette, databases: set[str]) -> None:
    """Datasette 1.0: table settings into the configuration (what the user configured wins),
    descriptions into the metadata tables, stored queries into the queries table."""
    if not databases:
        return
    config = datasette.config if datasette.config is not None else {}
    datasette.config = config
    instance = await datasette.get_instance_metadata()
    for key, value in browse.INSTANCE.items():
        if key not in instance:
            await datasette.set_instance_metadata(key, value)
    for name in databases:
        database_config = config.setdefault("databases", {}).setdefault(name, {})
        tables = database_config.setdefault("tables", {})
        present = await datasette.get_database_metadata(name)
        if "description" not in present and "description_html" not in present:
            await datasette.set_database_metadata(name, "description", browse.DATABASE_DESCRIPTION)
            await datasette.set_database_metadata(name, "description_html", browse.database_description_html(_reading_links(datasette, name)))
        for table in browse.TABLES:
            metadata, settings = browse.table_settings(table)
            tables[table] = {**settings, **tables.get(table, {})}
            present = await datasette.get_resource_metadata(name, table)
            for key, value in metadata.items():
                if key == "columns":  # 1.0 keeps column descriptions per column
                    for column, description in value.items():
                        if "description" not in await datasette.get_column_metadata(name, table, column):
                            await datasette.set_column_metadata(name, table, column, "description", description)
                elif key not in present and not (key == "description_html" and "description" in present):
                    await datasette.set_resource_metadata(name, table, key, value)
        configured = database_config.get("queries") or {}
        for query_name, query in browse.stored_queries().items():
            if query_name not in configured:
                await datasette.add_query(
                    name, query_name, query["sql"], title=query["title"], description=query["description"], is_trusted=True, source="plugin"
                )


def _reading_links(datasette, database: str) -> dict[str, str]:
    """Where each view made for reading is, by title (the database page links to them first)."""
    return {title: datasette.urls.table(database, view) for view, title in browse.READING_ENTRIES.items()}


@hookimpl
def get_metadata(datasette, key, database, table):
    """Datasette 0.6x: quotetrack's settings as plugin metadata. The user's metadata wins: a
    description they wrote is not hidden behind the plugin's description_html."""
    databases = quotetrack_databases(datasette)
    if not databases:
        return {}
    metadata = browse.legacy_metadata(sorted(databases), {name: _reading_links(datasette, name) for name in databases})
    own = getattr(datasette, "_metadata_local", None) or {}  # the user's metadata, as 0.6x keeps it
    for name, database_metadata in metadata["databases"].items():
        own_database = (own.get("databases") or {}).get(name) or {}
        if "description" in own_database:
            database_metadata.pop("description_html", None)
        for table_name, settings in database_metadata["tables"].items():
            if "description" in ((own_database.get("tables") or {}).get(table_name) or {}):
                settings.pop("description_html", None)
    return metadata


@hookimpl
def canned_queries(datasette, database, actor):
    """Datasette 0.6x: the stored queries of a quotetrack database."""
    return browse.stored_queries() if database in quotetrack_databases(datasette) else None


@hookimpl
def prepare_connection(conn):
    """`quotetrack_fts(text)`: any search text as a safe FTS5 query (what `quotes --search` does),
    so the stored search takes `U.S.`, `don't` and `maximum-pressure`."""
    conn.create_function(browse.FTS_FUNCTION, 1, lambda text: fts_query(text or "") or '""', deterministic=True)


@hookimpl
def prepare_jinja2_environment(env):
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


# --- links in Datasette's own tables -------------------------------------------------------


def _value(row, column: str):
    if column not in row.keys():
        return None
    value = row[column]
    if isinstance(value, dict):  # a foreign key Datasette has expanded to {value, label}
        value = value.get("value")
    return value if isinstance(value, int) else None


def _link(url: str, text: Any, css: str) -> Markup:
    return Markup('<a class="{}" href="{}">{}</a>').format(css, url, text)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Quote text links to its article (span highlighted), speakers to their page, group ids to
    the cross-outlet group page, statement ids to the statement's pieces in its article; stored
    differences read as sentences, 0/1 flags as words (as the views' `attribution` does)."""
    if database not in quotetrack_databases(datasette):
        return None
    base = browse.ROUTE_PREFIX
    database_path = tilde_encode(database)  # as Datasette writes names in its own URLs
    if column == "text" and isinstance(value, str):
        quote_id = _value(row, "quote_id") if table != "quotes" else _value(row, "id")
        article_id = _value(row, "article_id")
        if quote_id is not None and article_id is not None:
            url = datasette.urls.path(f"{base}/articles/{database_path}/{article_id}?quote={quote_id}#quote-{quote_id}")
            return _link(url, value, "quotetrack-quote")
    if column in ("speaker_name", "name") and isinstance(value, str) and _value(row, "speaker_id") is not None:
        return _link(datasette.urls.path(f"{base}/speakers/{database_path}/{_value(row, 'speaker_id')}"), value, "quotetrack-speaker")
    if table == "speakers" and column == "name" and isinstance(value, str) and _value(row, "id") is not None:
        return _link(datasette.urls.path(f"{base}/speakers/{database_path}/{_value(row, 'id')}"), value, "quotetrack-speaker")
    if column == "group_id" and isinstance(value, int):
        return _link(datasette.urls.path(f"{base}/statements/{database_path}/{value}"), f"group {value}", "quotetrack-statement")
    if column == "statement_id" and isinstance(value, int):
        return _link(datasette.urls.table(database, "statements") + f"?id={value}", f"statement {value}", "quotetrack-pieces")
    if table == "quote_groups" and column == "verdict" and isinstance(value, str) and _value(row, "id") is not None:
        return _link(datasette.urls.path(f"{base}/statements/{database_path}/{_value(row, 'id')}"), f"{value}: see every version", "quotetrack-statement")
    if column == "differences" and isinstance(value, str):
        described = [browse.describe_difference(d) for d in browse.differences_of(value)]
        return Markup("<br>").join(escape(d) for d in described) if described else Markup("<em>none</em>")
    if column == "attribution_conflict" and value in (0, 1):
        return "different speakers" if value else "no conflict"
    if column == "partial" and value in (0, 1):
        return "part of the statement" if value else "whole"
    return None


# --- quotetrack's pages --------------------------------------------------------------------


# Datasette's table pages: quote text gets room to be read, ids and offsets stay narrow.
TABLE_CSS = """
td.col-text { min-width: 26em; max-width: 46em; }
td.col-article, td.col-title { min-width: 12em; }
td.col-start, td.col-end, td.col-quote_id, td.col-article_id, td.col-speaker_id { color: #777; font-size: 0.85em; }
"""


@hookimpl
def extra_css_urls(database, datasette):
    if database in quotetrack_databases(datasette):
        return [datasette.urls.path(f"{browse.ROUTE_PREFIX}/tables.css")]
    return []


async def table_css(datasette, request):
    from datasette.utils.asgi import Response

    return Response(TABLE_CSS, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@hookimpl
def register_routes():
    name = r"(?P<database>[^/]+)"
    return [
        (rf"^{browse.ROUTE_PREFIX}/tables\.css$", table_css),
        (rf"^{browse.ROUTE_PREFIX}/articles/{name}/(?P<id>[^/]+)$", article_view),
        (rf"^{browse.ROUTE_PREFIX}/statements/{name}/(?P<id>[^/]+)$", group_view),
        (rf"^{browse.ROUTE_PREFIX}/speakers/{name}/(?P<id>[^/]+)$", speaker_view),
    ]


async def _ensure_allowed(datasette, actor, database: str, table: str) -> None:
    """The permissions Datasette's own table page checks (raises Forbidden, a 403)."""
    if LEGACY:
        await datasette.ensure_permissions(actor, [("view-table", (database, table)), ("view-database", database), "view-instance"])
        return
    from datasette.resources import DatabaseResource, TableResource

    await datasette.ensure_permission(action="view-instance", actor=actor)
    await datasette.ensure_permission(action="view-database", resource=DatabaseResource(database=database), actor=actor)
    await datasette.ensure_permission(action="view-table", resource=TableResource(database=database, table=table), actor=actor)


async def _open(datasette, request, tables: tuple[str, ...]):
    """The database and id a page asks for, after the permission checks; 404 for what is not
    a quotetrack database or not a valid id."""
    name = tilde_decode(request.url_vars["database"])
    if name not in quotetrack_databases(datasette):
        raise NotFound(f"No quotetrack database named {name}")
    row_id = browse.parse_id(request.url_vars["id"])
    for table in tables:
        await _ensure_allowed(datasette, request.actor, name, table)
    if row_id is None:
        raise NotFound("No such id")
    database = datasette.get_database(name)

    async def execute(sql: str, params) -> list[dict[str, Any]]:
        return [dict(row) for row in (await database.execute(sql, list(params))).rows]

    return name, row_id, execute


async def _render(datasette, request, template: str, context: dict[str, Any]):
    from datasette.utils.asgi import Response

    context = {**context, "routes": datasette.urls.path(browse.ROUTE_PREFIX), "database_path": tilde_encode(context["database"]), "database_url": datasette.urls.database(context["database"])}
    return Response.html(await datasette.render_template(template, context, request=request))


def _page_view(tables: tuple[str, ...], build, template: str, missing: str):
    """A page of one row: permission checks on `tables`, `build(execute, id, request)` gives the
    page (None: 404 saying `missing`), rendered with `template`."""

    async def view(datasette, request):
        name, row_id, execute = await _open(datasette, request, tables)
        page = await build(execute, row_id, request)
        if page is None:
            raise NotFound(missing)
        return await _render(datasette, request, template, {**page, "database": name})

    return view


article_view = _page_view(
    ("articles", "quotes"),
    lambda execute, article_id, request: browse.article_page(execute, article_id, browse.parse_id(request.args.get("quote"))),
    "quotetrack_article.html",
    "No such article",
)
group_view = _page_view(
    ("quote_groups", "quotes", "articles"),
    lambda execute, group_id, request: browse.group_page(execute, group_id),
    "quotetrack_statement.html",
    "No such cross-outlet group",
)
speaker_view = _page_view(
    ("speakers", "quotes", "articles"),
    lambda execute, speaker_id, request: browse.speaker_page(execute, speaker_id),
    "quotetrack_speaker.html",
    "No such speaker",
)
