"""The rule registry: every quote rule declared once, where its code is.

A rule is a name (the `rule` column of every quote, and a feature of the confidence model, so
names never change), the scope that reports it, its prior (the confidence it gives before the
model weighs it), what it finds (the README's rule table is made from these), the words that
trigger it (the selective parse parses only paragraphs that hold one, see parsing.scope_cues),
and how it fares inside another quote (`weak`: dropped there; `report`: a report of a report).

Adding a rule: write one function in the module of its family (direct.py, reported.py,
attributions.py) that returns a `Candidate` with `prior("indirect:NAME")`, and put over it

    @rule("indirect:NAME", scope="attributions", prior=0.45, finds='"made a pledge to …"',
          triggers=Triggers(verbs=frozenset({"pledge"})), tried="verb", order=45)

A reported-speech rule gives its place in the precedence in that same declaration: `tried="verb"`
for a reporting verb without a clausal complement (its object, a passive's subject, a frame
around the content, …), `tried="token"` with `when=TEST` for a rule that starts at any token
TEST accepts ("according", a nominal cue, …); `when` may narrow a "verb" step too. A family's
steps are tried by ascending `order`, only those whose `when` accepts the token, and the first
find wins (see `Step`; the README's precedence table lists them; the order is part of the rules
fingerprint). Then regenerate the README's tables
(`python -c 'from quotetrack.quotes.registry import readme_table; print(readme_table())'`;
tests/quotes/test_registry.py fails until it matches) and refit the confidence model
(`python -m quotetrack calibrate ../shared/eval/polnear/train.jsonl --out quotetrack/data/confidence.json`)
so it learns the new name (tests/test_confidence.py and the same test fail until it does). A rule
for a house style the training corpus does not print (a refit would give it no weight) says so
with `learned=False`.

Adding a cue verb: one line in quotetrack/data/vocabulary/cue_verbs.txt (its lemma, its class and
how its content is found; the file's header lists the roles and the rules that read them); the
selective parse picks it up through the rules' triggers. Nouns, idioms and the other word lists
are in the same folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ..errors import UnknownScope
from ..models import SCOPES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .base import Candidate

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


@dataclass(frozen=True)
class Step:
    """A place in the precedence of reported speech. `family` "token": tried at every token
    outside direct quotes; "verb": tried at a reporting verb without a clausal complement (by
    `reported.verb_complement`). A family's steps are tried by ascending `order`, each only
    when its `when` accepts the token, and the first that finds a quote wins."""

    family: str
    order: int
    finder: Callable[[Doc, Token], Candidate | None]
    when: Callable[[Token], bool] | None
    function: str  # "module.function", as Rule.function
    dispatches: str = ""  # for a finder that is no rule: the rules it chooses between, for the README


# What each family of steps is tried at (the README's precedence table says it).
FAMILIES = {
    "token": "each token outside direct quotes",
    "verb": "a reporting verb without a clausal complement",
}

RULES: dict[str, Rule] = {}
STEPS: list[Step] = []


def _where(function: Callable) -> str:
    return f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"


def step(family: str, order: int, when: Callable[[Token], bool] | None = None, dispatches: str = "") -> Callable[[F], F]:
    """Give the decorated finder `(doc, token) -> Candidate | None` its place in the precedence
    of `family` (a rule declares it with `@rule(..., tried=, order=, when=)`; this is for a
    finder that is no rule of its own but dispatches to rules, like verb_complement)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family of steps {family!r} (one of {', '.join(FAMILIES)})")

    def place(finder: F) -> F:
        taken = next((s for s in STEPS if s.family == family and s.order == order), None)
        if taken is not None:
            raise ValueError(f"{_where(finder)}: order {order} of the {family} steps is taken by {taken.function}")
        STEPS.append(Step(family, order, finder, when, _where(finder), dispatches))
        return finder

    return place


def steps(family: str) -> tuple[Step, ...]:
    """The steps of `family` in the order they are tried."""
    return tuple(sorted((s for s in STEPS if s.family == family), key=lambda s: s.order))


def first_found(family_steps: Iterable[Step], doc: Doc, token: Token) -> Candidate | None:
    """The first quote a step whose `when` accepts `token` finds at it (steps in their order)."""
    tried = (s.finder(doc, token) for s in family_steps if s.when is None or s.when(token))
    return next((candidate for candidate in tried if candidate is not None), None)


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
    tried: str | None = None,
    order: int | None = None,
    when: Callable[[Token], bool] | None = None,
) -> Callable[[F], F]:
    """Declare the rule `name` as produced by the decorated function (stack one per name the
    function produces). `tried`/`order`/`when` place the function in the precedence of
    reported speech (see `step`); a function with several names is placed once, on one of them."""
    if scope not in SCOPES:
        raise ValueError(f"rule {name}: unknown scope {scope!r}")
    if name in RULES:
        raise ValueError(f"rule {name} declared twice")
    if (tried is None) != (order is None):
        raise ValueError(f"rule {name}: `tried` and `order` go together")

    def register(function: F) -> F:
        RULES[name] = Rule(name, scope, prior, finds, _where(function), triggers, weak, report, learned)
        if tried is not None and order is not None:
            step(tried, order, when)(function)
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
    """A short hash of every rule's name, prior and scope, and of the precedence (which finder
    is tried where, in which order: the first find wins, so the order changes what is found):
    the confidence model records the one it was fitted under, and a test fails when they
    differ (the model must then be refitted)."""
    lines = sorted(f"{r.name}\t{r.prior:g}\t{r.scope}" for r in RULES.values())
    lines += [f"{s.family}\t{s.order}\t{s.function}\t{_when_name(s)}" for f in FAMILIES for s in steps(f)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _when_name(placed: Step) -> str:
    return "always" if placed.when is None else placed.when.__name__


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
    return "\n".join(rows) + "\n\n" + precedence_table()


def precedence_table() -> str:
    """The precedence of reported speech, one row per step: at each token, and at each reporting
    verb without a clausal complement, the steps whose `when` accepts it are tried in this order
    and the first find wins."""
    rows = [
        "Precedence of reported speech (`@rule(..., tried=, order=, when=)`): at each place, the"
        " steps whose `when` accepts the token are tried by ascending order; the first find wins.",
        "",
        "| tried at | order | when | function | rules |",
        "|---|---|---|---|---|",
    ]
    for family in FAMILIES:
        for placed in steps(family):
            names = ", ".join(f"`{r.name}`" for r in RULES.values() if r.function == placed.function)
            rows.append(
                f"| {FAMILIES[family]} (`{family}`) | {placed.order} | `{_when_name(placed)}` | `{placed.function}` | {names or placed.dispatches} |"
            )
    return "\n".join(rows)
