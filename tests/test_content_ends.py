"""The learned content ends: candidates, features, fitting, the bundled model, the command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack import content_ends
from quotetrack.cli import cli
from quotetrack.content_ends import BUNDLED, ContentEndModel, EndChoice, candidate_ends, end_feature_family, fit_ends, held_out, movable
from quotetrack.errors import ConfidenceModelMismatch
from quotetrack.evaluation import end_choices_of, load_gold
from quotetrack.extraction import Extractor
from quotetrack.models import Article, Quote
from quotetrack.quotes import find_quotes

TAIL = "The mayor said the stadium would open in May, which surprised the council."


@pytest.fixture(scope="module")
def rules_only() -> Extractor:
    return Extractor(scope="attributions", calibrated=False, learned_ends=False)


def test_candidates_are_the_clause_boundaries_of_the_sentence_and_the_rules_end(rules_only: Extractor):
    doc = rules_only.nlp(TAIL)
    quote = next(q for q in find_quotes(doc, "t", "attributions") if q.rule == "indirect:ccomp")
    ends = [TAIL[quote.start : cut.end] for cut in candidate_ends(doc, quote)]
    assert quote.text in ends
    assert "the stadium would open in May" in ends  # before ", which"
    assert "the stadium would open in May, which surprised the council" in ends  # the sentence's end


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("indirect", {}, True),
        ("mixed", {}, True),
        ("direct", {}, False),  # its quote marks end it
        ("mixed", {"fragments": [[0, 4]]}, False),  # the pieces of a split quote
    ],
)
def test_only_reported_content_is_movable(kind: str, extra: dict, expected: bool):
    assert movable(Quote("t", kind, 0, 10, "x" * 10, extra=extra)) is expected


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("next=,", "next"),
        ("dir|longer|next=,", "next"),
        ("dir|same|length<=3", "length"),
        ("dir|length=same|<=3", "dir|length"),
        ("rule|dir=indirect:ccomp|same", "rule|dir"),
    ],
)
def test_feature_families(name: str, family: str):
    assert end_feature_family(name) == family


def toy_choices(count: int = 120) -> list[EndChoice]:
    """Quotes with three candidate ends: annotators end before a comma ("next=,") two times in
    three, else keep the rule's own end."""
    choices = []
    for i in range(count):
        names = [["dir=same", f"noise{i % 5}"], ["dir=shorter", "next=,"], ["dir=longer", "sentence_end"]]
        right = [False, True, False] if i % 3 else [True, False, False]
        choices.append(EndChoice(names, right, i // 3, own=0))
    return choices


def test_fit_learns_which_end_annotators_choose(monkeypatch):
    monkeypatch.setattr(content_ends, "MIN_COUNT", 1)
    model = fit_ends(toy_choices())
    assert model.choose([["dir=same"], ["dir=shorter", "next=,"], ["dir=longer", "sentence_end"]], own=0) == 1
    assert model.choose([["dir=same"], ["dir=longer", "sentence_end"]], own=0) == 0
    rules_right, model_right = held_out(toy_choices(), folds=2)
    assert (rules_right, model_right) == (40, 80)


def test_ties_keep_the_rules_end():
    assert ContentEndModel({}).choose([["a"], ["b"], ["c"]], own=2) == 2


def test_fit_ends_command_writes_a_model_with_its_card(tmp_path: Path, monkeypatch):
    # a small gold file written for this test: annotators end the content before ", which"
    lines = []
    for i, name in enumerate(["Smith", "Jones", "Brown", "Green"]):
        text = f"Mayor {name} said the stadium would open in May, which surprised the council."
        start = text.index("the stadium")
        lines.append({"id": f"a{i}", "text": text, "quotes": [
            {"start": start, "end": text.index(", which"), "speaker": f"Mayor {name}", "cue": "said", "kind": "indirect"}
        ]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "ends.json"
    result = CliRunner().invoke(cli, ["fit-ends", str(gold), "--out", str(out), "--folds", "2", "--silent"])
    assert result.exit_code == 0, result.output
    model = ContentEndModel.load(out)
    assert model.trained_on["sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest()
    assert model.trained_on["articles"] == 4 and model.trained_on["choices"] == 4
    assert out.with_suffix(".md").read_text(encoding="utf-8") == model.card()
    model.check()


def test_fitting_needs_the_rules_own_ends(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": TAIL, "quotes": []}) + "\n")
    with pytest.raises(ValueError, match="learned_ends=False"):
        end_choices_of(Extractor(scope="attributions", calibrated=False), load_gold(gold))


def test_bundled_model_has_todays_features_and_its_card():
    model = ContentEndModel.load(BUNDLED)
    model.check()
    assert BUNDLED.with_suffix(".md").read_text(encoding="utf-8") == model.card()
    assert model.trained_on["gold"] == "train.jsonl"


def test_a_weight_of_an_unknown_feature_family_says_to_refit():
    model = ContentEndModel.load(BUNDLED)
    model.weights["moon_phase=full"] = 1.0
    with pytest.raises(ConfidenceModelMismatch, match="moon_phase.*fit-ends"):
        model.check()


def test_extraction_ends_reported_content_at_one_of_the_candidates(rules_only: Extractor, broad: Extractor):
    """The bundled model only moves ends, to a clause boundary of the same sentence."""
    doc = rules_only.nlp(TAIL)
    ruled = find_quotes(doc, "t", "attributions")
    learned = broad.extract(Article("t", TAIL))
    for quote in learned:
        own = next(q for q in ruled if q.start == quote.start)
        assert quote.end in {cut.end for cut in candidate_ends(doc, own)}
