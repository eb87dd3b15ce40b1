"""`quotetrack compare`, `check` and `speakers merge/split/merges/rename`: the same words across outlets."""

from __future__ import annotations

import json
import sys

import click

from ..errors import QuotetrackError
from . import cli
from .options import COUNT, ROW_ID, date_options, db_option, format_option, write_rows
from .store import speakers

DATABASE_ERROR = 2  # `check` and `compare`: the database is missing or unusable (as for a usage error)

COMPARE_CSV = ["group", "group_verdict", "outlets", "attribution_conflict", "quote_id", "outlet", "speaker", "speaker_name", "published", "verdict", "text", "statement", "differences"]
CHECK_CSV = ["claim", "claim_verdict", "verdict", "score", "quote_id", "kind", "speaker", "speaker_name", "outlet", "published", "article_key", "start", "end", "text", "statement", "differences"]


def _database_failure(error: QuotetrackError) -> click.ClickException:
    failure = click.ClickException(str(error))
    failure.exit_code = DATABASE_ERROR
    return failure


def _differences(differences: list[dict]) -> str:
    return "; ".join(f"{d['kind']} {d['what']}: “{d['this']}” / “{d['other']}”" for d in differences)


@cli.command()
@db_option
@click.option("--speaker", help="Only groups with a version attributed to a speaker whose name or mention contains this.")
@click.option("--min-outlets", default=2, show_default=True, type=COUNT, help="Printed by at least this many outlets.")
@click.option("--refresh", is_flag=True, help="Match quotes stored since the last matching first (ingest does this itself).")
@format_option(["table", "jsonl", "json", "csv"], "table")
def compare(db_path: str, speaker: str | None, min_outlets: int, refresh: bool, output_format: str) -> None:
    """Show each statement printed by several outlets, with every version and how they differ.

    A version that is one piece of a statement interrupted by its speech tag is shown with the
    whole statement. CSV has one row per version.

    \b
    Examples:
      quotetrack compare
      quotetrack compare --speaker Ayers --format json
      quotetrack compare --min-outlets 3 --format csv > shared.csv
    """
    from ..crossref import refresh_matches, shared_quotes
    from ..storage import open_db

    try:
        db = open_db(db_path, must_exist=True)
        if refresh:
            refresh_matches(db)
        groups = shared_quotes(db, speaker=speaker, min_outlets=min_outlets)
    except QuotetrackError as error:
        raise _database_failure(error) from None
    if output_format == "csv":
        rows = [
            v | {"group": g["group"], "group_verdict": g["verdict"], "outlets": g["outlets"], "attribution_conflict": int(g["attribution_conflict"]),
                 "differences": _differences(v["differences"])}
            for g in groups for v in g["versions"]
        ]
        write_rows(rows, "csv", COMPARE_CSV)
        return
    if output_format != "table":
        write_rows(groups, output_format, [])
        return
    for group in groups:
        conflict = "  (attributed to different named speakers)" if group["attribution_conflict"] else ""
        click.echo(f"Group {group['group']}: {group['verdict']}, {group['outlets']} outlets{conflict}")
        for version in group["versions"]:
            click.echo(f"  [{version['outlet'] or 'unknown outlet'}] {version['speaker_name'] or version['speaker'] or '?'}: “{version['text']}”")
            if version["statement"] and version["statement"] != version["text"]:
                click.echo(f"      (one piece of the statement “{version['statement']}”)")
            for difference in version["differences"]:
                click.echo(f"      {difference['kind']} ({difference['what']}): “{difference['this']}” vs “{difference['other']}”")
        click.echo()


@cli.command()
@click.argument("claim")
@click.option("--speaker", help="Who is claimed to have said it; other speakers give the verdict 'different speaker'.")
@click.option("--outlet", help="Only articles of outlets whose name contains this.")
@date_options("articles")
@db_option
@click.option("--limit", default=10, show_default=True, type=COUNT, help="At most this many matches.")
@format_option(["table", "json", "jsonl", "csv"], "table")
def check(claim: str, speaker: str | None, outlet: str | None, since: str | None, until: str | None, db_path: str, limit: int, output_format: str) -> None:
    """Was this said, by whom, where? Judge a claimed wording against the stored quotes.

    \b
    Verdicts, best first:
      verbatim                  a direct quote with these words (case and punctuation aside)
      partial                   a direct quote with part of them
      altered                   a direct quote of the same stretch, with words changed
      reported                  an indirect or mixed quote with these words: reported, not verbatim
      printed but unattributed  the words are in an article, but not as anyone's quote
      different speaker         the words match, but not the --speaker
      paraphrase                the same content in other words
      not found                 nothing near (the nearest stored quotes are shown, with scores)

    \b
    Exit codes, for scripts:
      0  verbatim
      3  found, short of verbatim (any other verdict)
      1  not found
      2  usage or database error

    \b
    Examples:
      quotetrack check "North Korea dangled a meeting in hopes of the vice president softening his message"
      quotetrack check "we will see what happens" --speaker Pence --format json
      quotetrack check "maximum pressure" --outlet "Daily Mail" --since 2018-01-01 --format csv
    """
    from ..crossref import check_claim
    from ..storage import open_db

    try:
        result = check_claim(open_db(db_path, must_exist=True), claim, speaker=speaker, limit=limit, outlet=outlet, since=since, until=until)
    except QuotetrackError as error:
        raise _database_failure(error) from None
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        write_rows([m | {"claim": claim, "claim_verdict": result.verdict} for m in result.matches], "jsonl", [])
    elif output_format == "csv":
        rows = [m | {"claim": claim, "claim_verdict": result.verdict, "differences": _differences(m["differences"])} for m in result.matches]
        write_rows(rows or [{"claim": claim, "claim_verdict": result.verdict}], "csv", CHECK_CSV)
    else:
        click.echo(f"Verdict: {result.verdict}")
        if result.verdict == "not found" and result.matches:
            click.echo("Nearest stored quotes:")
        for m in result.matches:
            who = m["speaker_name"] or m["speaker"] or "no speaker"
            click.echo(f"- {m['verdict']} ({m['score']}): {who} in {m['outlet'] or 'unknown outlet'}, {m['published'] or 'no date'}")
            click.echo(f"  {m['article_key']} [{m['start']}:{m['end']}] “{m['text']}”")
            if m["statement"] and m["statement"] != m["text"]:
                click.echo(f"  (one piece of the statement “{m['statement']}”)")
            for d in m["differences"]:
                click.echo(f"  {d['kind']} ({d['what']}): claimed “{d['this']}”, printed “{d['other']}”")
    sys.exit(result.exit_code)


@speakers.command("merge")
@click.argument("keep_id", type=ROW_ID)
@click.argument("other_id", type=ROW_ID)
@click.option("--reason", default="merged by a user", show_default=True, help="Why they are the same speaker.")
@db_option
def merge(keep_id: int, other_id: int, reason: str, db_path: str) -> None:
    """Merge speaker OTHER_ID into KEEP_ID (their quotes and spellings move; undo with split).

    \b
    Examples:
      quotetrack speakers merge 12 40 --reason "same press secretary, maiden name"
    """
    from ..speaker_store import merge_speakers
    from ..storage import open_db

    try:
        merge_id = merge_speakers(open_db(db_path, must_exist=True), keep_id, other_id, reason)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"merge {merge_id}: speaker {other_id} merged into {keep_id}")


@speakers.command("split")
@click.argument("merge_id", type=ROW_ID)
@db_option
def split(merge_id: int, db_path: str) -> None:
    """Undo merge MERGE_ID (see `speakers merges`); automatic matching will not redo it.

    \b
    Examples:
      quotetrack speakers merges
      quotetrack speakers split 3
    """
    from ..speaker_store import split_speaker
    from ..storage import open_db

    try:
        restored = split_speaker(open_db(db_path, must_exist=True), merge_id)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"merge {merge_id} undone: speaker {restored} restored")


@speakers.command("merges")
@db_option
@format_option(["table", "jsonl", "json", "csv"], "table")
def merges(db_path: str, output_format: str) -> None:
    """List speaker merges with the reason each was made.

    \b
    Examples:
      quotetrack speakers merges --format csv
    """
    from ..speaker_store import list_merges
    from ..storage import open_db

    try:
        rows = list_merges(open_db(db_path, must_exist=True))
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    write_rows(rows, output_format, ["id", "speaker_name", "merged_name", "reason", "method", "undone_at"])


@speakers.command("rename")
@click.argument("speaker_id", type=ROW_ID)
@click.argument("name")
@db_option
def rename(speaker_id: int, name: str, db_path: str) -> None:
    """Show speaker SPEAKER_ID as NAME (its spellings and quotes stay; automatic matching keeps it).

    \b
    Examples:
      quotetrack speakers rename 12 "Hillary Rodham Clinton"
    """
    from ..speaker_store import rename_speaker
    from ..storage import open_db

    try:
        shown = rename_speaker(open_db(db_path, must_exist=True), speaker_id, name)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"speaker {shown} is now shown as {name}")
