"""Speaker identity in the database: order of ingests, splits, renames, per-article sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.models import Article
from quotetrack.reading import read_inputs
from quotetrack.reports import build_report
from quotetrack.speaker_store import list_merges, merge_speakers, refresh_identities, rename_speaker, split_speaker
from quotetrack.storage import list_speakers, open_db, save_article

from .conftest import CORPUS

EXTRA = [
    Article("trump-1", "Wall plan\n\nThe Republican candidate, Donald J. Trump, said on Monday that the wall would be built.", outlet="Times"),
    Article("trump-2", "Wall plan\n\nThe Republican candidate, Donald Trump, said on Tuesday that the wall would be paid for.", outlet="Post"),
    Article("trump-3", "Polls\n\nThe Republican candidate, Donald Trump, said on Friday that the polls were wrong.", outlet="Journal"),
    Article("officials-1", "Talks\n\nOfficials said that the talks had failed.", outlet="Times"),
    Article("officials-2", "Talks\n\nOfficials said that the talks would resume.", outlet="Post"),
    Article("bob-1", "Iowa caucus\n\nThe conservative leader Bob Vander Plaats said that the caucus was open.", outlet="Post"),
    Article("bob-2", "Iowa caucus\n\nBob said that the caucus was closed.", outlet="Times"),
]


@pytest.fixture(scope="module")
def extracted(extractor) -> list[tuple[Article, list]]:
    articles = [a for a in read_inputs([str(CORPUS)]) if isinstance(a, Article)] + EXTRA
    return [(article, extractor.extract(article)) for article in articles]


def ingest_in_order(path: Path, extracted, order: list[int]):
    db = open_db(path)
    for i in order:
        article, quotes = extracted[i]
        save_article(db, article, quotes)
        refresh_identities(db)  # as after every ingest
    return db


def outcome(db) -> tuple[set, set]:
    """What must not depend on the order of ingests: speakers by name, kind, quotes and spellings,
    and each speaker's merge reasons. Ids (and so which spelling row a merge hangs on) may."""
    speakers = {(s["name"], s["kind"], s["quotes"], tuple(s["spellings"])) for s in list_speakers(db)}
    merges = {(m["speaker_name"], m["reason"]) for m in list_merges(db) if not m["undone_at"]}
    return speakers, merges


def test_the_result_does_not_depend_on_the_order_of_ingests(tmp_path, extracted):
    forward = ingest_in_order(tmp_path / "a.db", extracted, list(range(len(extracted))))
    backward = ingest_in_order(tmp_path / "b.db", extracted, list(reversed(range(len(extracted)))))
    assert outcome(forward) == outcome(backward)
    speakers, merges = outcome(forward)
    names = {name for name, *_ in speakers}
    assert "Donald Trump" in names and "Donald J. Trump" not in names  # most outlets print it
    assert sum(1 for name, kind, *_ in speakers if name.lower() == "officials") == 2  # one per article
    assert not any("‘Bob’" in reason for _, reason in merges)


def test_a_speaker_keeps_its_id_when_new_spellings_change_its_displayed_name(tmp_path, extracted):
    trump = [i for i, (article, _) in enumerate(extracted) if article.id.startswith("trump-")]
    db = ingest_in_order(tmp_path / "q.db", extracted, trump[:1])
    (before,) = [s for s in list_speakers(db) if "Trump" in s["name"]]
    assert before["name"] == "Donald J. Trump"
    for i in trump[1:]:
        save_article(db, *extracted[i])
        refresh_identities(db)
        (after,) = [s for s in list_speakers(db) if "Trump" in s["name"]]
        assert after["id"] == before["id"]
    assert after["name"] == "Donald Trump"  # printed by more outlets now
    assert {"Donald J. Trump", "Donald Trump"} <= set(after["spellings"]) and after["quotes"] == 3


def test_ayers_and_ayres_are_one_speaker_shown_as_most_outlets_print(corpus_db_path):
    db = open_db(corpus_db_path)
    ayers = [s for s in list_speakers(db) if any("Ayers" in spelling or "Ayres" in spelling for spelling in s["spellings"])]
    assert len(ayers) == 1
    outlets = {
        row[0]: row[1]
        for row in db.execute(
            "select speakers.name, count(distinct coalesce(articles.outlet_id, -articles.id)) from quotes "
            "join speakers on speakers.id = quotes.name_speaker_id join articles on articles.id = quotes.article_id "
            "where speakers.name in ('Nick Ayers', 'Nick Ayres') group by speakers.name"
        )
    }
    assert outlets[ayers[0]["name"]] == max(outlets.values())


def test_split_keeps_the_speaker_id_and_is_not_redone(tmp_path, extracted):
    db = ingest_in_order(tmp_path / "q.db", extracted, list(range(len(extracted))))
    merge = next(m for m in list_merges(db) if m["speaker_name"] == "Donald Trump" and "Donald J. Trump" in m["reason"])
    old_id = db.execute("select merged_speaker_id from speaker_merges where id = ?", [merge["id"]]).fetchone()[0]
    assert split_speaker(db, merge["id"]) == old_id
    refresh_identities(db)
    names = {s["id"]: s["name"] for s in list_speakers(db)}
    assert {"Donald J. Trump", "Donald Trump"} <= set(names.values()) and old_id in names
    other = next(i for i, n in names.items() if "Trump" in n and i != old_id)
    merge_speakers(db, other, old_id, "one man")
    shown = [s for s in list_speakers(db) if "Trump" in s["name"]]
    assert [(s["id"], s["name"]) for s in shown] == [(min(other, old_id), "Donald Trump")]


def test_rename_survives_a_refresh(tmp_path, extracted):
    db = ingest_in_order(tmp_path / "q.db", extracted, list(range(len(extracted))))
    trump = next(s for s in list_speakers(db) if s["name"] == "Donald Trump")
    rename_speaker(db, trump["id"], "Donald John Trump")
    refresh_identities(db)
    renamed = next(s for s in list_speakers(db) if s["id"] == trump["id"])
    assert renamed["name"] == "Donald John Trump" and "Donald J. Trump" in renamed["spellings"]


def test_rename_command(tmp_path, extracted):
    path = tmp_path / "q.db"
    db = ingest_in_order(path, extracted, list(range(len(extracted))))
    trump = next(s for s in list_speakers(db) if s["name"] == "Donald Trump")
    db.close()
    result = CliRunner().invoke(cli, ["speakers", "rename", str(trump["id"]), "President Trump", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "President Trump" in result.output
    missing = CliRunner().invoke(cli, ["speakers", "rename", "9999", "X", "--db", str(path)])
    assert missing.exit_code == 1 and "no speaker with id 9999" in missing.output


def test_a_report_for_a_merged_spelling_covers_the_whole_speaker(tmp_path, extracted):
    db = ingest_in_order(tmp_path / "q.db", extracted, list(range(len(extracted))))
    report = build_report(db, speaker="Donald J. Trump")
    assert report.overview["quotes"] == 3  # the quotes printed as "Donald Trump" too


def test_one_letter_spellings_printing_the_same_quote_are_one_speaker(tmp_path, extractor):
    text = "Rally\n\nChris {name} said: \"We will win this state in November, whatever the polls say.\""
    db = open_db(tmp_path / "q.db")
    for i, (name, outlet) in enumerate([("Johnson", "Times"), ("Johnston", "Post")]):
        article = Article(f"rally-{i}", text.format(name=name), outlet=outlet)
        save_article(db, article, extractor.extract(article))
    refresh_identities(db)
    shown = [s for s in list_speakers(db) if "Chris" in s["name"]]
    assert len(shown) == 1 and {"Chris Johnson", "Chris Johnston"} <= set(shown[0]["spellings"])
    assert any("same quote" in m["reason"] for m in list_merges(db))
