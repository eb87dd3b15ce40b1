"""Datasette plugin: quote text links to its article, where the quoted span is highlighted.

Registered in-process by browse.make_datasette; it imports Datasette, so only load it from there.
"""

from __future__ import annotations

import html

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

ARTICLE_ROUTE = "/-/quotetrack/articles/"
LINKED_TABLES = ("quotes", "quotes_view")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Quote text becomes a link to the article page with the span highlighted."""
    if table not in LINKED_TABLES or column != "text" or not isinstance(value, str):
        return None
    keys = row.keys()
    quote_id = row["quote_id"] if "quote_id" in keys else row["id"] if "id" in keys else None
    article_id = row["article_id"] if "article_id" in keys else None
    if isinstance(article_id, dict):  # a foreign key Datasette has expanded to {value, label}
        article_id = article_id.get("value")
    if quote_id is None or article_id is None:
        return None
    url = datasette.urls.path(f"{ARTICLE_ROUTE}{database}/{int(article_id)}?quote={int(quote_id)}#quote-{int(quote_id)}")
    return Markup('<a class="quotetrack-quote" href="{}">{}</a>').format(url, value)


@hookimpl
def register_routes():
    return [(r"^/-/quotetrack/articles/(?P<database>[^/]+)/(?P<article_id>\d+)$", article_page)]


async def article_page(datasette, request):
    """The article text with every quote marked and the chosen one highlighted."""
    database = datasette.get_database(request.url_vars["database"])
    article_id = int(request.url_vars["article_id"])
    chosen = request.args.get("quote")
    article = (
        await database.execute(
            "select articles.id, articles.title, articles.text, articles.published, outlets.name as outlet "
            "from articles left join outlets on outlets.id = articles.outlet_id where articles.id = ?",
            [article_id],
        )
    ).first()
    if article is None:
        return Response.html("<h1>Article not found</h1>", status=404)
    quotes = (
        await database.execute(
            "select quotes.id, quotes.start, quotes.end, quotes.kind, speakers.name as speaker "
            "from quotes left join speakers on speakers.id = quotes.speaker_id "
            "where quotes.article_id = ? order by quotes.start, quotes.end desc",
            [article_id],
        )
    ).rows
    body = highlighted_text(article["text"], [dict(q) for q in quotes], int(chosen) if chosen and chosen.isdigit() else None)
    title = html.escape(article["title"] or f"Article {article_id}")
    subtitle = html.escape(" · ".join(str(v) for v in (article["outlet"], article["published"]) if v))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{datasette.urls.static('app.css')}">
<style>
.article-text {{ white-space: pre-wrap; max-width: 48em; line-height: 1.5; }}
mark.quote {{ background: #fff3b0; }}
mark.quote.chosen {{ background: #ffb347; outline: 2px solid #d2691e; }}
</style></head>
<body><section class="content">
<p><a href="{datasette.urls.database(database.name)}">← {html.escape(database.name)} database</a></p>
<h1>{title}</h1><p>{subtitle}</p>
<div class="article-text">{body}</div>
</section></body></html>"""
    return Response.html(page)


def highlighted_text(text: str, quotes: list[dict], chosen: int | None) -> str:
    """Escape the article and wrap quotes in <mark>; overlapping (nested) quotes are skipped
    after the first so the markup stays well formed."""
    parts = []
    position = 0
    for quote in quotes:
        start, end = quote["start"], quote["end"]
        if start < position or not (0 <= start < end <= len(text)):
            continue
        css = "quote chosen" if quote["id"] == chosen else "quote"
        anchor = f' id="quote-{quote["id"]}"'
        label = html.escape(f"{quote['kind']} quote, {quote['speaker'] or 'unknown speaker'}", quote=True)
        parts.append(html.escape(text[position:start]))
        parts.append(f'<mark class="{css}"{anchor} title="{label}">{html.escape(text[start:end])}</mark>')
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)
