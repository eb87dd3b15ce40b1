"""The rule registry: every quote rule declared once, where its code is.

A rule is a name (the `rule` column of every quote, and a feature of the confidence model, so
names never change), the scope that reports it, its prior (the confidence it gives before the
model weighs it), what it finds (the README's rule table is made from these), the words that
trigger it (the selective parse parses only paragraphs that hold one, see parsing.scope_cues),
and how it fares inside another quote (`weak`: dropped there; `report`: a report of a report).

Adding a rule: write one function in the module of its family (direct.py, reported.py,
attributions.py) that returns a `Candidate` with `prior("indirect:NAME")`, and put over it

    @rule("indirect:NAME", scope="attributions", prior=0.45, finds='"made a pledge to …"',
          triggers=Triggers(verbs=frozenset({"pledge"})))

then give it its place in the precedence: a rule triggered at a token goes in
`reported.TOKEN_RULES`, a rule of a reporting verb without a clausal complement in
`reported.VERB_RULES` (first find wins, in the order written there). Regenerate the README's
rule table (`python -c 'from quotetrack.quotes.registry import readme_table; print(readme_table())'`;
tests/quotes/test_registry.py fails until it matches), then refit the confidence model
(`python -m quotetrack calibrate ../shared/eval/polnear/train.jsonl --out quotetrack/data/confidence.json`)
so it learns the new name (the same test fails until the weights know it). A rule for a house
style the training corpus does not print (a refit would give it no weight) says so with
`learned=False`.

Adding a cue verb: one line in quotetrack/data/vocabulary/cue_verbs.txt (its lemma, its class and
how its content is found; the file's header lists the roles and the rules that read them); the
selective parse picks it up through the rules' triggers. Nouns, idioms and the other word lists
are in the same folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import UnknownScope
from ..models import SCOPES

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Triggers:
    """Words whose presence in a paragraph makes a rule worth parsing it for: verb lemmas,
    words as written, and (verb lemma, words) pairs that count only together ("pointed out")."""

    verbs: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    pairs: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # the narrowest scope that reports it: "statements" (and so both) or "attributions"
    prior: float
    finds: str
    function: str  # where its code is, "module.function"
    triggers: Triggers = field(default_factory=Triggers)
    weak: bool = False
    report: bool = False
    # False for a rule the training corpus (PolNeAR) never or hardly shows, a house style it
    # does not print (tweets with their signature, …): the confidence model has no weight for
    # it, and its quotes are scored on the rest of their features.
    learned: bool = True


RULES: dict[str, Rule] = {}


def rule(
    name: str,
    *,
    scope: str,
    prior: float,
    finds: str,
    triggers: Triggers = Triggers(),
    weak: bool = False,
    report: bool = False,
    learned: bool = True,
) -> Callable[[F], F]:
    """Declare the rule `name` as produced by the decorated function (stack one per name the
    function produces)."""
    if scope not in SCOPES:
        raise ValueError(f"rule {name}: unknown scope {scope!r}")
    if name in RULES:
        raise ValueError(f"rule {name} declared twice")

    def register(function: F) -> F:
        where = f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"
        RULES[name] = Rule(name, scope, prior, finds, where, triggers, weak, report, learned)
        return function

    return register


def prior(name: str) -> float:
    return RULES[name].prior


def framed_direct(name: str) -> str:
    """A reported-speech rule whose content is a direct quote attributes that quote: the quote
    keeps the rule's family name under `direct:` ("indirect:ccomp" -> "direct:ccomp")."""
    return "direct:" + name.split(":", 1)[1]


def rule_names() -> frozenset[str]:
    """Every name a quote's `rule` can hold: the declared rules and their framed-direct forms."""
    declared = frozenset(RULES)
    return declared | frozenset(framed_direct(n) for n in declared if n.startswith("indirect:"))


def attribution_rules() -> frozenset[str]:
    """Rules reported only in the "attributions" scope."""
    return frozenset(r.name for r in RULES.values() if r.scope == "attributions")


def weak_rules() -> frozenset[str]:
    return frozenset(r.name for r in RULES.values() if r.weak)


def report_rules() -> frozenset[str]:
    return frozenset(r.name for r in RULES.values() if r.report)


def scope_triggers(scope: str) -> Triggers:
    """The union of the triggers of the rules a scope reports."""
    if scope not in SCOPES:
        raise UnknownScope(scope)
    wanted = SCOPES[: SCOPES.index(scope) + 1]
    chosen = [r.triggers for r in RULES.values() if r.scope in wanted]
    return Triggers(
        frozenset().union(*(t.verbs for t in chosen)),
        frozenset().union(*(t.words for t in chosen)),
        tuple(pair for t in chosen for pair in t.pairs),
    )


def rules_fingerprint() -> str:
    """A short hash of every rule's name, prior and scope: the confidence model records the one
    it was fitted under, and a test fails when they differ (the model must then be refitted)."""
    lines = sorted(f"{r.name}\t{r.prior:g}\t{r.scope}" for r in RULES.values())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def readme_table() -> str:
    """The README's rule table, one row per rule."""
    scopes = {"statements": "both", "attributions": "attributions"}
    rows = ["| rule | prior | finds | scope |", "|---|---|---|---|"]
    ordered = sorted(RULES.values(), key=lambda r: (r.scope != "statements", -r.prior, r.name))
    rows += [f"| `{r.name}` | {r.prior:g} | {r.finds} | {scopes[r.scope]} |" for r in ordered]
    framed = sorted(framed_direct(r.name) for r in ordered if r.name.startswith("indirect:"))
    rows.append(
        f"| {', '.join(f'`{name}`' for name in framed)} | 0.9 | a direct quote that a reported-speech rule's content"
        " covers, named after that rule (see `framed_direct`) | as the rule |"
    )
    return "\n".join(rows)
