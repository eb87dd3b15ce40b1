"""`quotetrack compare`, `check` and `speakers merge/split/merges/rename`: the same words across outlets."""

from __future__ import annotations

import json
import sys

import click

from ..errors import QuotetrackError
from . import cli
from .options import COUNT, ROW_ID, db_option, format_option, write_rows
from .store import speakers

# `check` exit codes, for scripts
FOUND_VERBATIM, NOT_FOUND, ONLY_CHANGED = 0, 1, 3


@cli.command()
@db_option
@click.option("--speaker", help="Only groups with a version attributed to a speaker whose name contains this.")
@click.option("--min-outlets", default=2, show_default=True, type=COUNT, help="Printed by at least this many outlets.")
@click.option("--refresh", is_flag=True, help="Recompute speaker merges and quote groups first (ingest does this itself).")
@format_option(["table", "jsonl", "json"], "table")
def compare(db_path: str, speaker: str | None, min_outlets: int, refresh: bool, output_format: str) -> None:
    """Show each quote printed by several outlets, with every version and how they differ.

    \b
    Examples:
      quotetrack compare
      quotetrack compare --speaker Ayers --format json
      quotetrack compare --min-outlets 3 --refresh
    """
    from ..crossref import refresh_matches, shared_quotes
    from ..storage import open_db

    try:
        db = open_db(db_path, must_exist=True)
        if refresh:
            refresh_matches(db)
        groups = shared_quotes(db, speaker=speaker, min_outlets=min_outlets)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    if output_format != "table":
        write_rows(groups, output_format, [])
        return
    for group in groups:
        conflict = "  (attributed to different speakers!)" if group["attribution_conflict"] else ""
        click.echo(f"Group {group['group']}: {group['verdict']}, {group['outlets']} outlets{conflict}")
        for version in group["versions"]:
            click.echo(f"  [{version['outlet'] or 'unknown outlet'}] {version['speaker'] or '?'}: “{version['text']}”")
            for difference in version["differences"]:
                click.echo(f"      {difference['kind']} ({difference['what']}): “{difference['this']}” vs “{difference['other']}”")
        click.echo()


@cli.command()
@click.argument("claim")
@click.option("--speaker", help="Who is claimed to have said it; other speakers give the verdict 'different speaker'.")
@db_option
@click.option("--limit", default=10, show_default=True, type=COUNT, help="At most this many matches.")
@format_option(["table", "json", "jsonl"], "table")
def check(claim: str, speaker: str | None, db_path: str, limit: int, output_format: str) -> None:
    """Was this said, by whom, where? Find the stored quotes that match a claimed wording.

    Verdicts: verbatim, altered (words changed), partial (only part of it matches), paraphrase
    (reported in other words), different speaker, not found.

    \b
    Exit codes, for scripts:
      0  found verbatim
      1  not found
      3  found only altered, partial, paraphrased or with a different speaker

    \b
    Examples:
      quotetrack check "North Korea dangled a meeting in hopes of the vice president softening his message"
      quotetrack check "we will see what happens" --speaker Pence --format json
    """
    from ..crossref import check_claim
    from ..storage import open_db

    try:
        matches = check_claim(open_db(db_path, must_exist=True), claim, speaker=speaker, limit=limit)
    except QuotetrackError as error:
        raise click.ClickException(str(error)) from None
    verdicts = {m["verdict"] for m in matches}
    code = FOUND_VERBATIM if "verbatim" in verdicts else NOT_FOUND if not matches else ONLY_CHANGED
    if output_format == "json":
        click.echo(json.dumps({"claim": claim, "verdict": _overall(matches), "matches": matches}, ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        write_rows(matches, "jsonl", [])
    else:
        click.echo(f"Verdict: {_overall(matches)}")
        for m in matches:
            who = m["speaker"] or m["speaker_mention"] or "unknown speaker"
            click.echo(f"- {m['verdict']}: {who} ({m['speaker_mention']}) in {m['outlet'] or 'unknown outlet'}, {m['published'] or 'no date'}")
            click.echo(f"  {m['article_key']} [{m['start']}:{m['end']}] “{m['text']}”")
            for d in m["differences"]:
                click.echo(f"  {d['kind']} ({d['what']}): claimed “{d['this']}”, printed “{d['other']}”")
    sys.exit(code)


def _overall(matches: list[dict]) -> str:
    return matches[0]["verdict"] if matches else "not found"


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
    write_rows(rows, output_format, ["id", "speaker", "merged_name", "reason", "method", "undone_at"])


@speakers.command("rename")
@click.argument("speaker_id", type=int)
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
