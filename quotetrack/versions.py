"""The words of a quote, and how two versions of one statement differ.

What matching (matching.py) and fact-checking (factcheck.py) both read: a quote's words with
typography made plain (textacy's preprocessing), their matching forms, whether a changed run of
words changes the point (a number, a negation, an opposite word), and the word-level comparison
of two versions, each difference cosmetic or substantive.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from textacy import preprocessing

from .names import data_json

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_TYPOGRAPHY = str.maketrans({**{q: '"' for q in "'’‘ʼ“”„«»"}, **{d: "-" for d in "–—‐‑"}})  # between words: style only
_ELLIPSIS = re.compile(r"…|\.\s*\.\s*\.")
_DIGITS = re.compile(r"\d")


_SUBSTANTIVE = data_json("substantive_words.json")
NEGATIONS = frozenset(_SUBSTANTIVE["negations"])
NUMBER_WORDS = frozenset(_SUBSTANTIVE["numbers"])
OPPOSITES = frozenset(frozenset(pair) for pair in _SUBSTANTIVE["opposites"])


# --- words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word as printed, with its offsets in the normalised quote and its matching form."""

    surface: str
    start: int
    end: int

    @property
    def form(self) -> str:
        return self.surface.casefold()


@dataclass(frozen=True)
class Difference:
    """One word-level difference between a version and the one it is compared with."""

    kind: str  # "cosmetic" or "substantive"
    what: str  # case, hyphenation, punctuation | added, dropped, replaced, elided, number, negation, opposite
    this: str  # the words in this version ("" when absent)
    other: str  # the words in the other version ("" when absent)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "this": self.this, "other": self.other}


@dataclass
class Comparison:
    """How one version relates to another: differences where both quote the same stretch, and
    how many words either has beyond the other at the ends (quoting less or more is not a change)."""

    differences: list[Difference] = field(default_factory=list)
    omitted: int = 0  # words of the other version this one does not quote, at its ends
    extended: int = 0  # words of this version beyond the other, at its ends

    @property
    def partial(self) -> bool:
        return bool(self.omitted or self.extended)

    @property
    def verdict(self) -> str:
        if any(d.kind == "substantive" for d in self.differences):
            return "substantive"
        if self.differences:
            return "cosmetic"
        return "partial" if self.partial else "identical"


def group_verdict(comparisons: Iterable[Comparison]) -> str:
    """A group's verdict from its versions': substantive > cosmetic > identical."""
    verdicts = {c.verdict for c in comparisons}
    return next((v for v in ("substantive", "cosmetic") if v in verdicts), "identical")


def clean(text: str) -> str:
    """The quote with typography made plain by textacy: unicode composed (NFC), curly quote marks
    and apostrophes straight, runs of white space single. Offsets of `words` point into this."""
    return preprocessing.normalize.whitespace(_plain_marks(text))


def _plain_marks(text: str) -> str:
    return preprocessing.normalize.quotation_marks(preprocessing.normalize.unicode(text, form="NFC"))


def words(text: str) -> list[Word]:
    """Words of a (cleaned) quote; hyphens, dashes, quote marks, ellipses and punctuation separate words."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(clean(text))]


@functools.lru_cache(maxsize=1 << 16)
def _forms(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_plain_marks(text).casefold()))


def forms(text: str) -> list[str]:
    """The matching forms of `words(text)` (white space plays no part in them)."""
    return list(_forms(text))


def normalise(text: str) -> str:
    """The quote as matching sees it: casefolded words separated by single spaces."""
    return " ".join(forms(text))


def is_content(form: str) -> bool:
    return form not in STOP_WORDS and not form.endswith("n't") and (len(form) > 2 or form.isdigit())


def point_change(this: list[str], other: list[str]) -> str | None:
    """What makes two runs of differing words say different things: a number, a negation or an
    opposite word ("positive"/"negative"); None when they differ otherwise."""
    mine, theirs = set(this), set(other)
    changed = mine ^ theirs
    if any(_DIGITS.search(w) or w in NUMBER_WORDS for w in changed):
        return "number"
    if any(w in NEGATIONS or w.endswith("n't") for w in changed):
        return "negation"
    if any(frozenset({a, b}) in OPPOSITES for a in mine for b in theirs):
        return "opposite"
    return None


# --- comparing versions ------------------------------------------------------------------------


def compare_versions(this: str, other: str) -> Comparison:
    """Word-level differences of `this` against `other`, each cosmetic or substantive.

    Words missing only at either end mean one version quotes less (truncation, a quote split in
    two): counted as `omitted`/`extended`, not as changed words. Typographic style (curly or
    straight quote marks and apostrophes, dash glyphs, spacing) is not a difference at all."""
    this, other = clean(this), clean(other)
    mine, theirs = words(this), words(other)
    opcodes = difflib.SequenceMatcher(a=[w.form for w in mine], b=[w.form for w in theirs], autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(opcodes) if op[0] == "equal"]
    comparison = Comparison()
    if not equal:
        comparison.differences.append(Difference("substantive", "replaced", this.strip(), other.strip()))
        return comparison
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            comparison.differences.extend(_cosmetic(this, other, mine[i1:i2], theirs[j1:j2]))
        elif k < equal[0] or k > equal[-1]:
            comparison.extended += i2 - i1
            comparison.omitted += j2 - j1
        else:
            comparison.differences.append(_changed(this, other, mine, theirs, tag, i1, i2, j1, j2))
    return comparison


def _changed(this: str, other: str, mine: list[Word], theirs: list[Word], tag: str, i1: int, i2: int, j1: int, j2: int) -> Difference:
    """A run of differing words: one word split or joined by a hyphen or dot is cosmetic."""
    a, b = _span(this, mine[i1:i2]), _span(other, theirs[j1:j2])
    if "".join(w.form for w in mine[i1:i2]) == "".join(w.form for w in theirs[j1:j2]):
        return Difference("cosmetic", "hyphenation" if "-" in (a + b).translate(_TYPOGRAPHY) else "punctuation", a, b)
    changed = point_change([w.form for w in mine[i1:i2]], [w.form for w in theirs[j1:j2]])
    if tag == "insert":
        gap = this[mine[i1 - 1].end : mine[i1].start]
        return Difference("substantive", changed or ("elided" if _ELLIPSIS.search(gap) else "dropped"), "", b)
    return Difference("substantive", changed or ("added" if tag == "delete" else "replaced"), a, b)


def _cosmetic(this: str, other: str, mine: list[Word], theirs: list[Word]) -> list[Difference]:
    """Differences inside an aligned run: letter case, and what separates the words."""
    found = []
    case_run: list[int] = []  # consecutive words differing only in case form one difference
    differs = [a.surface != b.surface for a, b in zip(mine, theirs)]
    for k, (a, b) in enumerate(zip(mine, theirs)):
        if differs[k]:
            case_run.append(k)
        if case_run and (k + 1 == len(mine) or not differs[k + 1]):
            found.append(Difference("cosmetic", "case", _span(this, mine[case_run[0] : k + 1]), _span(other, theirs[case_run[0] : k + 1])))
            case_run = []
        if k + 1 < len(mine):
            sep_a = " ".join(this[a.end : mine[k + 1].start].translate(_TYPOGRAPHY).split())
            sep_b = " ".join(other[b.end : theirs[k + 1].start].translate(_TYPOGRAPHY).split())
            if sep_a != sep_b:
                what = "hyphenation" if "-" in {sep_a, sep_b} and "" in {sep_a, sep_b} else "punctuation"
                found.append(Difference("cosmetic", what, this[a.start : mine[k + 1].end], other[b.start : theirs[k + 1].end]))
    return found


def _span(text: str, run: list[Word]) -> str:
    return text[run[0].start : run[-1].end] if run else ""
