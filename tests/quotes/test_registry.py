"""The rule registry: one declaration per rule, and everything that names rules agrees with it
(the README's table, the confidence model's weights, the selective parse's trigger words)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from quotetrack.confidence import BUNDLED
from quotetrack.quotes.registry import RULES, Triggers, attribution_rules, readme_table, rule, rule_names, scope_triggers

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
