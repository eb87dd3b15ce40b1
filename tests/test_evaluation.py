"""Our scorer gives the shared reference scorer's numbers; `evaluate` runs end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.evaluation import GoldArticle, join_statements, match_article, score

from .conftest import SHARED

SCORER = SHARED / "tools" / "score_quotes.py"
DEV = SHARED / "eval" / "polnear" / "dev.jsonl"
TEXT = "Jane Smith said the plan failed. “We tried hard,” she said. Bob Jones told reporters that taxes would rise."

GOLD = {
    "id": "a1",
    "text": TEXT,
    "quotes": [
        {"start": 16, "end": 31, "speaker": "Jane Smith", "speaker_start": 0, "speaker_end": 10, "cue": "said", "cue_start": 11, "cue_end": 15, "kind": "indirect", "canonical": "Jane Smith"},
        {"start": 34, "end": 47, "speaker": "she", "speaker_start": 50, "speaker_end": 53, "cue": "said", "cue_start": 54, "cue_end": 58, "kind": "direct", "canonical": "Jane Q. Smith"},
        {"start": 88, "end": 105, "speaker": "Bob Jones", "speaker_start": 60, "speaker_end": 69, "cue": "told", "cue_start": 70, "cue_end": 74, "kind": "indirect", "optional": True},
    ],
}
PRED = [
    {"article_id": "a1", "kind": "indirect", "start": 16, "end": 31, "speaker": "Jane Smith", "speaker_start": 0, "speaker_end": 10, "speaker_name": "Jane Smith Jr.", "cue": "said", "cue_start": 11, "cue_end": 15},
    {"article_id": "a1", "kind": "direct", "start": 35, "end": 45, "speaker": "Bob", "speaker_start": 60, "speaker_end": 63, "speaker_name": "Bob Jones", "cue": "says", "cue_start": 70, "cue_end": 74},
    {"article_id": "a1", "kind": "indirect", "start": 0, "end": 10, "speaker": "x", "speaker_start": None, "speaker_end": None, "cue": None, "cue_start": None, "cue_end": None},
]


def reference(gold_path, pred_path, *options: str) -> dict:
    output = subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred_path), "--json", *options], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def ours(gold: list[dict], preds: list[dict], joined: bool = False) -> dict:
    by_article: dict[str, list[dict]] = {}
    for p in preds:
        by_article.setdefault(p["article_id"], []).append(p)
    results = [
        match_article(GoldArticle(g["id"], g["text"], g["quotes"]), (join_statements if joined else list)(by_article.get(g["id"], [])))
        for g in gold
    ]
    figures = score(results)
    figures.pop("by_kind")
    return figures


def as_lists(figures: dict) -> dict:
    return json.loads(json.dumps(figures))


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not here")
def test_same_numbers_as_the_reference_on_a_hand_made_case(tmp_path):
    (tmp_path / "gold.jsonl").write_text(json.dumps(GOLD) + "\n")
    (tmp_path / "pred.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PRED))
    expected = reference(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl")
    assert as_lists(ours([GOLD], PRED)) == expected
    assert expected["attribution_prf"] == [33.3, 50.0, 40.0]  # one right, one wrong speaker, one spurious
    assert expected["speaker_name_accuracy"] == [50.0, 50.0]  # "Jane Smith Jr." is Jane Smith; "Bob Jones" is not


SPLIT_TEXT = "“We will build it,” Smith said. “It will be done by June.”"
SPLIT_GOLD = {"id": "s1", "text": SPLIT_TEXT, "quotes": [{"start": 0, "end": len(SPLIT_TEXT), "speaker": "Smith", "speaker_start": 20, "speaker_end": 25}]}
SPLIT_PRED = [
    {"article_id": "s1", "kind": "direct", "start": 1, "end": 18, "speaker": "Smith", "speaker_start": 20, "speaker_end": 25, "statement": 1},
    {"article_id": "s1", "kind": "direct", "start": 33, "end": 56, "speaker": "Smith", "speaker_start": 20, "speaker_end": 25, "statement": 1},
]


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not here")
@pytest.mark.parametrize("joined", [False, True])
def test_statement_pieces_scored_like_the_reference(tmp_path, joined):
    (tmp_path / "gold.jsonl").write_text(json.dumps(SPLIT_GOLD) + "\n")
    (tmp_path / "pred.jsonl").write_text("".join(json.dumps(p) + "\n" for p in SPLIT_PRED))
    expected = reference(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", *(["--join-statements"] if joined else []))
    assert as_lists(ours([SPLIT_GOLD], SPLIT_PRED, joined)) == expected
    assert expected["content_overlap_prf"][2] == (100.0 if joined else 0.0)  # each piece alone is under half the envelope


@pytest.mark.skipif(not DEV.exists(), reason="PolNeAR is not in ../shared")
def test_same_numbers_as_the_reference_on_dev_articles(tmp_path, extractor):
    lines = DEV.read_text(encoding="utf-8").splitlines()[:6]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("\n".join(lines) + "\n")
    pred_path = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(gold_path), "--pred-out", str(pred_path), "--format", "json", "--silent"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    figures.pop("by_kind")
    assert figures == reference(gold_path, pred_path)


def test_evaluate_command_table_errors_and_per_kind(tmp_path):
    gold = dict(GOLD, quotes=GOLD["quotes"][:2])
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "gold.jsonl"), "--errors", str(tmp_path / "errors.jsonl")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 quotes in the gold file, " + lines[0].split(", ")[1]
    assert lines[2].split() == ["measure", "precision", "recall", "F1"]
    assert any(line.startswith("attribution (content and speaker)") for line in lines)
    assert "(" not in result.stdout.split("By kind")[1].replace("(content", "")  # no Python tuples
    assert "direct" in result.stdout.split("By kind")[1]
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert all({"article_id", "error", "context"} <= set(e) for e in errors)
    assert all("[[" in e["context"] for e in errors)


def test_evaluate_refuses_a_bad_gold_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code == 1 and str(bad) in result.stderr
