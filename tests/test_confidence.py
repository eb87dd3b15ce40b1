"""The learned confidence: fitting, choosing the cut, loading, and how extraction uses it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack import confidence
from quotetrack.cli import cli
from quotetrack.confidence import BUNDLED, ConfidenceModel, Example, best_threshold, calibrate, fit
from quotetrack.errors import ConfidenceModelMismatch, QuotetrackError
from quotetrack.extraction import Extractor
from quotetrack.models import Article
from quotetrack.quotes.registry import RULES, rules_fingerprint

STANCE_AND_STATEMENT = "Senator Jane Smith endorsed the new stadium plan. The mayor said the stadium would open in May."


def toy_examples(count: int = 200) -> list[Example]:
    """A feature that marks annotated quotes, one that marks spurious ones, and noise."""
    examples = []
    for i in range(count):
        correct = i % 3 != 0
        names = ["good" if correct else "bad", f"noise{i % 7}"]
        if i % 10 == 0:
            names = ["noise0"]  # some carry no signal
        examples.append(Example(names, correct, i // 4))
    return examples


def test_fit_learns_which_features_mark_annotated_quotes(monkeypatch):
    monkeypatch.setattr(confidence, "MIN_COUNT", 1)
    weights, bias = fit(toy_examples())
    assert weights["good"] > 1 > -1 > weights["bad"]
    model = ConfidenceModel(weights, bias, 0.5)
    assert model.probability(["good"]) > 0.8 > 0.2 > model.probability(["bad"])


def test_fit_drops_rare_features():
    examples = toy_examples() + [Example(["once"], True, 0)]
    weights, _ = fit(examples)
    assert "once" not in weights and "good" in weights


def test_best_threshold_maximizes_f1_and_keeps_what_is_not_prunable():
    right, wrong = Example([], True, 0), Example([], False, 0)
    scored = [(0.9, right), (0.8, right), (0.6, wrong), (0.5, right), (0.2, wrong), (0.1, wrong)]
    # gold 4: cutting at 0.5 keeps 4 with 3 right (F1 6/8), better than every other cut
    assert best_threshold(scored, 4) == (0.5, 6 / 8)
    kept = Example([], False, 0, prunable=False)
    threshold, f1 = best_threshold([*scored, (0.01, kept)], 4)
    assert threshold == 0.5 and f1 == 6 / 9  # the unprunable wrong one is always counted


def test_calibrate_chooses_regularization_and_threshold_on_held_out_folds(monkeypatch):
    monkeypatch.setattr(confidence, "MIN_COUNT", 1)
    model = calibrate(toy_examples(), gold_total=140, folds=4, l2_grid=(1.0, 1000.0))
    assert model.trained_on["l2"] == 1.0  # heavy regularization blurs the signal
    assert model.probability(["good"]) >= model.threshold > model.probability(["bad"])


def test_model_round_trips_through_its_file(tmp_path: Path):
    model = ConfidenceModel({"rule=indirect:object": -0.5, "cue=say": 1.25}, 0.1, 0.3, {"gold": "x.jsonl"})
    model.save(tmp_path / "m.json")
    assert ConfidenceModel.load(tmp_path / "m.json") == model


@pytest.mark.parametrize("content, problem", [(None, "cannot be read"), ("{not json", "not a confidence model file"), ('{"bias": 0}', "not a confidence model file")])
def test_bad_model_file_is_named(tmp_path: Path, content, problem):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(QuotetrackError, match=problem) as raised:
        ConfidenceModel.load(path)
    assert str(path) in str(raised.value)


def test_missing_model_named_by_the_environment_fails_the_command_clearly(tmp_path: Path, monkeypatch):
    missing = tmp_path / "nowhere.json"
    monkeypatch.setenv(confidence.ENV_VAR, str(missing))
    result = CliRunner().invoke(cli, ["extract", "-"], input="The mayor said the stadium would open in May.")
    assert result.exit_code == 1
    assert str(missing) in result.output and "cannot be read" in result.output


def test_the_model_ranks_a_statement_above_a_stance():
    """What the weights learned on PolNeAR train: a reported clause is likelier annotated than an endorsement."""
    quotes = {q.rule: q.confidence for q in Extractor(scope="attributions").extract(Article("t", STANCE_AND_STATEMENT))}
    assert quotes["indirect:ccomp"] > quotes["indirect:object"]


def test_uncalibrated_extractor_gives_each_quote_its_rules_prior(monkeypatch):
    """The prior comes from the rule's declaration in the registry, and nowhere else."""
    monkeypatch.setitem(RULES, "indirect:object", replace(RULES["indirect:object"], prior=0.123))
    quotes = Extractor(scope="attributions", calibrated=False).extract(Article("t", STANCE_AND_STATEMENT))
    assert {q.rule: q.confidence for q in quotes} == {"indirect:object": 0.123, "indirect:ccomp": RULES["indirect:ccomp"].prior}


def test_threshold_prunes_only_the_wide_net_of_the_attributions_scope(tmp_path: Path, monkeypatch):
    # a model that finds every quote unlikely: statements stay, stances go
    path = tmp_path / "sceptic.json"
    ConfidenceModel({}, -5.0, 0.5).save(path)
    monkeypatch.setenv(confidence.ENV_VAR, str(path))
    broad = Extractor(scope="attributions").extract(Article("t", STANCE_AND_STATEMENT))
    assert [(q.rule, q.text) for q in broad] == [("indirect:ccomp", "the stadium would open in May")]
    assert broad[0].confidence < 0.01


def test_calibrate_command_writes_a_model_that_extraction_uses(tmp_path: Path, monkeypatch):
    # a small gold file written for this test: one annotated statement per article, one stance left out
    lines = []
    for i, name in enumerate(["Smith", "Jones", "Brown", "Green"]):
        text = f"Mayor {name} said the stadium would open in May. Mayor {name} endorsed the harbor plan."
        start = text.index("the stadium")
        lines.append({"id": f"a{i}", "text": text, "quotes": [
            {"start": start, "end": start + len("the stadium would open in May"), "speaker": f"Mayor {name}", "cue": "said", "kind": "indirect"}
        ]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "model.json"
    result = CliRunner().invoke(cli, ["calibrate", str(gold), "--out", str(out), "--folds", "2", "--silent"])
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output
    model = ConfidenceModel.load(out)
    assert model.trained_on["gold"] == "gold.jsonl" and model.trained_on["articles"] == 4
    assert model.trained_on["sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest()
    assert model.rules == rules_fingerprint()
    assert out.with_suffix(".md").read_text(encoding="utf-8") == model.card()
    monkeypatch.setenv(confidence.ENV_VAR, str(out))
    quotes = Extractor(scope="attributions").extract(Article("t", STANCE_AND_STATEMENT))
    by_rule = {q.rule: q.confidence for q in quotes}
    assert by_rule.get("indirect:ccomp", 0) > by_rule.get("indirect:object", 0)


def test_calibrate_refuses_an_unreadable_gold_file(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{not json\n")
    result = CliRunner().invoke(cli, ["calibrate", str(gold), "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 1 and str(gold) in result.output



def test_bundled_model_was_fitted_under_todays_rules():
    """Fails when a rule was added or changed without a refit; the message says how to refit."""
    ConfidenceModel.load(BUNDLED).check()


def test_bundled_model_card_is_in_step_with_its_weights():
    model = ConfidenceModel.load(BUNDLED)
    assert BUNDLED.with_suffix(".md").read_text(encoding="utf-8") == model.card()


def test_a_model_of_other_rules_says_to_refit():
    model = ConfidenceModel.load(BUNDLED)
    model.rules = "0000000000000000"
    with pytest.raises(ConfidenceModelMismatch, match="refit it with `python -m quotetrack calibrate"):
        model.check()


def test_a_weight_of_an_unknown_feature_family_says_to_refit():
    model = ConfidenceModel.load(BUNDLED)
    model.weights["moon_phase=full"] = 1.0
    with pytest.raises(ConfidenceModelMismatch, match="moon_phase"):
        model.check()


def test_each_quote_names_the_model_that_scored_it(broad, wide_net):
    model = ConfidenceModel.load(BUNDLED)
    assert {q.confidence_model for q in broad.extract(Article("t", STANCE_AND_STATEMENT))} == {model.fingerprint}
    assert {q.confidence_model for q in wide_net.extract(Article("t", STANCE_AND_STATEMENT))} == {""}
