"""The rule registry: one declaration per rule, and everything that names rules agrees with it
(the README's table, the confidence model's weights, the selective parse's trigger words)."""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from quotetrack.confidence import BUNDLED
from quotetrack.quotes import registry
from quotetrack.quotes.registry import (
    FAMILIES, RULES, STEPS, Step, Triggers, attribution_rules, first_found, readme_table, rule, rule_names, rules_fingerprint,
    scope_triggers, step, steps,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rule_table_is_the_registrys():
    """When this fails, paste `python -c 'from quotetrack.quotes.registry import readme_table; print(readme_table())'`."""
    assert readme_table() in README.read_text(encoding="utf-8")


def weighted_rules() -> set[str]:
    weights = json.loads(BUNDLED.read_text(encoding="utf-8"))["weights"]
    return {name.split("=", 1)[1].split("|")[0] for name in weights if name.startswith(("rule=", "rule|", "inside="))}


def test_the_confidence_model_knows_only_registered_rules():
    assert weighted_rules() - rule_names() == set()


def test_every_registered_rule_has_weights():
    """A rule added without a refit is scored as if it were no rule at all: refit (`quotetrack calibrate`)."""
    assert {name for name, declared in RULES.items() if declared.learned} - weighted_rules() == set()


def test_every_rule_names_the_function_that_produces_it():
    for declared in RULES.values():
        module, function = declared.function.split(".")
        assert callable(getattr(importlib.import_module(f"quotetrack.quotes.{module}"), function)), declared.name


@pytest.mark.parametrize(
    "name, scope, problem",
    [("indirect:ccomp", "statements", "declared twice"), ("indirect:new", "everything", "unknown scope")],
)
def test_a_bad_declaration_is_refused(name, scope, problem):
    with pytest.raises(ValueError, match=problem):
        rule(name, scope=scope, prior=0.5, finds="…")


def test_statements_rules_are_reported_in_both_scopes():
    assert attribution_rules() == {r.name for r in RULES.values() if r.scope == "attributions"}
    narrow, wide = scope_triggers("statements"), scope_triggers("attributions")
    assert narrow.verbs < wide.verbs and narrow.words < wide.words and set(narrow.pairs) < set(wide.pairs)


def test_a_rule_triggers_the_parse_of_its_scope(monkeypatch):
    monkeypatch.setitem(RULES, "indirect:test", RULES["indirect:ccomp"].__class__(
        "indirect:test", "attributions", 0.5, "…", "reported.first_found", Triggers(verbs=frozenset({"harrumph"}))))
    assert "harrumph" in scope_triggers("attributions").verbs
    assert "harrumph" not in scope_triggers("statements").verbs


def _in_this_order(names, placed):
    positions = [placed.index(name) for name in names]
    return positions == sorted(positions)


def test_reported_speech_precedence_is_declared_with_the_rules():
    """Every reported-speech finder has one place, in the order its declarations give (a new
    rule may come between them)."""
    token = [s.function for s in steps("token")]
    verb = [s.function for s in steps("verb")]
    assert _in_this_order(["reported.according_to", "attributions.in_document", "attributions.nominal_content",
                           "reported.verb_complement", "attributions.idiom_content"], token)
    assert _in_this_order(["attributions.object_content", "attributions.unsourced_content", "attributions.passive_subject_content",
                           "attributions.relative_object_content", "reported.as_clause_content", "reported.trailing_attribution"], verb)
    assert len(set(token)) == len(token) and len(set(verb)) == len(verb)


@pytest.mark.parametrize(
    "declaration, problem",
    [
        (lambda: step("sentence", 10), "unknown family"),
        (lambda: step("verb", 10)(lambda doc, token: None), "order 10 of the verb steps is taken"),
        (lambda: rule("indirect:new", scope="attributions", prior=0.5, finds="…", tried="verb"), "go together"),
    ],
)
def test_a_bad_place_in_the_precedence_is_refused(declaration, problem):
    with pytest.raises(ValueError, match=problem):
        declaration()


def _step(order, found, when=None, calls=None):
    def finder(doc, token):
        if calls is not None:
            calls.append(order)
        return found

    return Step("verb", order, finder, when, f"test.step{order}")


def test_the_first_step_that_accepts_the_token_and_finds_wins():
    calls = []
    family = [_step(10, None, calls=calls), _step(20, "skipped", when=lambda t: False, calls=calls),
              _step(30, "found", calls=calls), _step(40, "late", calls=calls)]
    assert first_found(family, None, "token") == "found"
    assert calls == [10, 30]
    assert first_found([_step(10, None)], None, "token") is None


def test_the_order_is_part_of_the_rules_fingerprint(monkeypatch):
    before = rules_fingerprint()
    swapped = [replace(s, order=-s.order) if s.family == "verb" else s for s in STEPS]
    monkeypatch.setattr(registry, "STEPS", swapped)
    assert rules_fingerprint() != before
