"""A learned confidence per quote: how likely annotators of real news would mark it.

The rules say *what* they found; this model says how sure to be, from signals of the parse
around each quote (rule, cue word, kind of speaker, length and shape of the content, overlap
with other finds, position in the article). It is a logistic regression over binary features,
fitted on an annotated gold file (`quotetrack calibrate`, PolNeAR train for the bundled
weights), with a threshold chosen by cross-validation for the F1 of the wide "attributions"
scope, which leaves out the stances, beliefs and other non-statements that fall below it.
The weights file holds feature names and numbers only, never text of the articles it was
fitted on; features seen fewer than `MIN_COUNT` times are dropped.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from . import artefacts
from .errors import ConfidenceModelMismatch
from .models import Quote
from .quotes.registry import rules_fingerprint

ENV_VAR = "QUOTETRACK_CONFIDENCE_MODEL"
BUNDLED = Path(__file__).parent / "data" / "confidence.json"
MIN_COUNT = 5
WORD_PRONOUNS = frozenset({"who", "which", "that", "it", "they", "we", "i", "you"})
FIRST_WORDS = frozenset({"that", "to", "the", "a", "he", "she", "it", "they", "i", "we", "his", "her"})
FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us"})
# The families of features quote_features names (a feature's name up to its "=" or bin): the
# model file records the schema it was fitted with; a change here calls for a refit.
FEATURE_SCHEMA = (
    "commas contains_other cue cue_after cue_before cue_dep cue_distance cue_inside cue_modal cue_negated"
    " cue_passive cue_tag cue|root cue|speaker ends_sentence finite_verb first first_person followed_by"
    " has_quote_mark inside inside_other kind length overlaps_other paragraph root root_dep root_entity rule"
    " rule|cue rule|length rule|root_entity rule|speaker sentence_has_quote sentence_length shares_cue speaker"
    " speaker_after speaker_before speaker_entity speaker_length starts_sentence"
).split()


def feature_family(name: str) -> str:
    """"rule|cue=indirect:ccomp|say" -> "rule|cue", "length<=4" -> "length"."""
    return re.split(r"[=<>]", name, maxsplit=1)[0]


def _bin(value: int, edges: Sequence[int]) -> str:
    return next((f"<={edge}" for edge in edges if value <= edge), f">{edges[-1]}")


def _span(doc: Doc, start: int | None, end: int | None) -> Span | None:
    if start is None or end is None or end <= start:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _speaker_type(speaker: Span | None) -> str:
    if speaker is None:
        return "none"
    if all(t.pos_ == "PRON" for t in speaker):
        word = speaker.text.lower()
        return f"pron:{word}" if word in WORD_PRONOUNS else "pron"
    return "propn" if any(t.pos_ == "PROPN" for t in speaker) else "noun"


def quote_features(doc: Doc, text: str, quote: Quote, others: Sequence[Quote]) -> list[str]:
    """Names of the binary features that hold for a quote among the article's other quotes
    (`text` is the article's text, which a Doc rebuilds on each access)."""
    rule = quote.rule
    names = [f"rule={rule}", f"kind={quote.kind}"]
    cue = _span(doc, quote.cue_start, quote.cue_end)
    cue_word = next((t for t in cue if t.pos_ in ("VERB", "AUX")), cue[0]) if cue is not None else None
    lemma = cue_word.lemma_.lower() if cue_word is not None else "-"
    names += [f"cue={lemma}", f"rule|cue={rule}|{lemma}"]
    if cue_word is not None:
        names += [f"cue_tag={cue_word.tag_}", f"cue_dep={cue_word.dep_}"]
        for child in cue_word.children:
            if child.dep_ == "neg":
                names.append("cue_negated")
            elif child.dep_ == "aux" and child.tag_ == "MD":
                names.append("cue_modal")
            elif child.dep_ == "auxpass":
                names.append("cue_passive")
        sentence = cue_word.sent
        names.append(f"sentence_length{_bin(len(sentence), (8, 15, 25, 40))}")
        if any(t.is_quote for t in sentence):
            names.append("sentence_has_quote")
    speaker = _span(doc, quote.speaker_start, quote.speaker_end)
    kind_of_speaker = _speaker_type(speaker)
    names += [f"speaker={kind_of_speaker}", f"rule|speaker={rule}|{kind_of_speaker}", f"cue|speaker={lemma}|{kind_of_speaker}"]
    if speaker is not None:
        names.append("speaker_before" if speaker.start_char < quote.start else "speaker_after")
        names.append(f"speaker_length{_bin(len(speaker), (1, 2, 4, 8))}")
        names.append(f"speaker_entity={speaker.root.ent_type_ or '-'}")
    content = _span(doc, quote.start, quote.end)
    length = _bin(len(content) if content is not None else 0, (2, 4, 7, 12, 20, 35, 60))
    names += [f"length{length}", f"rule|length={rule}|{length}"]
    if content is not None:
        root = content.root
        first = content[0].lower_ if content[0].lower_ in FIRST_WORDS else content[0].pos_
        names += [
            f"root={root.pos_}", f"root_dep={root.dep_}", f"root_entity={root.ent_type_ or '-'}",
            f"rule|root_entity={rule}|{root.ent_type_ or '-'}", f"cue|root={lemma}|{root.pos_}", f"first={first}",
            f"commas{_bin(sum(t.text == ',' for t in content), (0, 1, 2, 4))}",
        ]
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in content):
            names.append("finite_verb")
        if any(t.is_quote for t in content):
            names.append("has_quote_mark")
        if any(t.lower_ in FIRST_PERSON for t in content):
            names.append("first_person")
        sentence = content[0].sent
        if content[-1].i >= sentence.end - 2:
            names.append("ends_sentence")
        if content[0].i <= sentence.start + 1:
            names.append("starts_sentence")
        if content.end < len(doc) and doc[content.end].text in ("(", ","):
            names.append(f"followed_by={doc[content.end].text}")
    if cue is not None:
        if quote.cue_start >= quote.end:
            names += ["cue_after", f"cue_distance{_bin(quote.cue_start - quote.end, (0, 2, 6, 20, 60))}"]
        elif quote.cue_end <= quote.start:
            names += ["cue_before", f"cue_distance{_bin(quote.start - quote.cue_end, (0, 2, 6, 20, 60))}"]
        else:
            names.append("cue_inside")
    for other in others:
        if other is quote:
            continue
        if other.start <= quote.start and quote.end <= other.end:
            names += ["inside_other", f"inside={other.rule}"]
        elif quote.start <= other.start and other.end <= quote.end:
            names.append("contains_other")
        elif other.start < quote.end and quote.start < other.end:
            names.append("overlaps_other")
        if quote.cue_start is not None and other.cue_start == quote.cue_start:
            names.append("shares_cue")
    names.append(f"paragraph{_bin(text.count(chr(10) + chr(10), 0, quote.start), (0, 1, 3, 8))}")
    return sorted(set(names))


@dataclass
class ConfidenceModel:
    """Weights of a logistic regression over quote_features, the attributions-scope threshold,
    and what it was fitted on: `trained_on` (gold file name and sha256, sizes, spaCy model,
    quotetrack version, regularization, held-out F1), the rules fingerprint and feature schema."""

    weights: dict[str, float]
    bias: float
    threshold: float
    trained_on: dict[str, object] = field(default_factory=dict)
    rules: str = ""  # registry.rules_fingerprint() when it was fitted
    feature_schema: list[str] = field(default_factory=lambda: list(FEATURE_SCHEMA))

    def probability(self, names: Sequence[str]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) for name in names)
        return 1.0 / (1.0 + math.exp(-score))

    def score(self, doc: Doc, text: str, quotes: list[Quote]) -> None:
        """Set each quote's confidence to the model's probability."""
        for quote, names in [(q, quote_features(doc, text, q, quotes)) for q in quotes]:
            quote.confidence = round(self.probability(names), 3)

    @property
    def fingerprint(self) -> str:
        """A short hash of what decides a score (weights, bias, threshold), stored with each quote."""
        numbers = json.dumps([self.bias, self.threshold, sorted(self.weights.items())])
        return hashlib.sha256(numbers.encode("utf-8")).hexdigest()[:12]

    def check(self) -> None:
        """Raise ConfidenceModelMismatch when the model was fitted under other rules or features."""
        if self.rules != rules_fingerprint():
            raise ConfidenceModelMismatch(
                f"the confidence model was fitted under rules {self.rules or '(unrecorded)'}, the registry's are "
                f"{rules_fingerprint()} (a rule was added, renamed, or its prior or scope changed): refit it with "
                "`python -m quotetrack calibrate ../shared/eval/polnear/train.jsonl --out quotetrack/data/confidence.json`"
            )
        unknown = sorted({feature_family(name) for name in self.weights} - set(FEATURE_SCHEMA))
        if list(self.feature_schema) != list(FEATURE_SCHEMA) or unknown:
            raise ConfidenceModelMismatch(
                f"the confidence model's feature schema differs from quote_features' ({', '.join(unknown) or 'families changed'}): refit it"
            )

    def save(self, path: str | Path) -> None:
        data = {
            "bias": self.bias, "threshold": self.threshold, "trained_on": self.trained_on, "rules": self.rules,
            "feature_schema": list(self.feature_schema), "weights": dict(sorted(self.weights.items())),
        }
        artefacts.save(path, data, self.card())

    def card(self) -> str:
        """The model card, written next to the weights (NAME.md)."""
        t = self.trained_on
        return f"""# Confidence model {self.fingerprint}

What it does: gives each quote the probability that annotators of news would mark it (a logistic
regression over {len(self.weights)} binary features of the parse around the quote, see
`quotetrack/confidence.py`); in the `attributions` scope the wide net's finds below the
threshold {self.threshold} are left out.

| | |
|---|---|
| fitted on | `{t.get("gold", "?")}` (sha256 `{t.get("sha256", "?")}`), {t.get("articles", "?")} articles, {t.get("quotes_found", "?")} quotes found by the rules |
| spaCy pipeline | {t.get("model", "?")} |
| quotetrack | {t.get("quotetrack", "?")} |
| rules fingerprint | `{self.rules}` |
| feature families | {len(self.feature_schema)} |
| regularization (L2) | {t.get("l2", "?")} |
| held-out content F1 (folds by article) | {t.get("held_out_f1", "?")} |

Limits: fitted on one annotation of US political news (PolNeAR); its probabilities say how
annotators of that corpus would judge a quote, not whether the quote is true or exact. The file
holds feature names and weights only, no text of the articles. Refit
(`quotetrack calibrate GOLD --out FILE`) whenever a rule is added or changed: a test compares
the rules fingerprint.
"""

    @classmethod
    def load(cls, path: str | Path) -> ConfidenceModel:
        return artefacts.load(path, "confidence model", lambda data: cls(
            {str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]),
            data.get("trained_on", {}), str(data.get("rules", "")), list(data.get("feature_schema", FEATURE_SCHEMA)),
        ))


def default_model() -> ConfidenceModel:
    """The model named by $QUOTETRACK_CONFIDENCE_MODEL, else the bundled one; loaded once per process."""
    return artefacts.default(ENV_VAR, BUNDLED, ConfidenceModel.load)


# --- fitting -----------------------------------------------------------------------------------


@dataclass
class Example:
    """One found quote: its features, whether the gold annotation has it, its article, and
    whether the threshold may leave it out (only the wide net of the attributions scope)."""

    names: list[str]
    correct: bool
    article: int
    prunable: bool = True


def fit(examples: Sequence[Example], l2: float = 1.0, iterations: int = 400) -> tuple[dict[str, float], float]:
    """Logistic regression by full-batch Adam on binary features; rare features are dropped."""
    counts = Counter(name for example in examples for name in example.names)
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}
    rows = [[vocabulary[n] for n in e.names if n in vocabulary] for e in examples]
    columns = np.fromiter((i for row in rows for i in row), dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    labels = np.array([e.correct for e in examples], dtype=np.float64)
    weights = np.zeros(len(vocabulary) + 1)  # the last one is the bias
    moment, velocity = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, iterations + 1):
        scores = np.bincount(row_of, weights=weights[columns], minlength=len(rows)) + weights[-1]
        error = 1.0 / (1.0 + np.exp(-scores)) - labels
        gradient = np.append(np.bincount(columns, weights=error[row_of], minlength=len(vocabulary)), error.sum())
        gradient[:-1] += l2 * weights[:-1]
        gradient /= len(rows)
        moment = 0.9 * moment + 0.1 * gradient
        velocity = 0.999 * velocity + 0.001 * gradient**2
        weights -= 0.05 * (moment / (1 - 0.9**step)) / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
    return {name: round(float(weights[i]), 4) for name, i in vocabulary.items() if abs(weights[i]) >= 1e-4}, round(float(weights[-1]), 4)


def best_threshold(scored: Sequence[tuple[float, Example]], gold_total: int) -> tuple[float, float]:
    """The cut that maximizes F1 = 2·TP / (kept + gold) when prunable quotes below it are left
    out, and that F1."""
    kept_always = [e for _, e in scored if not e.prunable]
    order = sorted(((p, e.correct) for p, e in scored if e.prunable), reverse=True)
    true_positives = sum(e.correct for e in kept_always)
    best, best_f1 = 1.0, 2 * true_positives / (len(kept_always) + gold_total)
    for kept, (probability, right) in enumerate(order, start=len(kept_always) + 1):
        true_positives += right
        f1 = 2 * true_positives / (kept + gold_total)
        if f1 > best_f1:
            best, best_f1 = probability, f1
    return round(best, 3), best_f1


L2_GRID = (1.0, 5.0, 20.0, 100.0)


def calibrate(
    examples: Sequence[Example], gold_total: int, folds: int = 5, l2_grid: Sequence[float] = L2_GRID,
    progress: Callable[[str], None] = lambda message: None,
) -> ConfidenceModel:
    """Choose the regularization and the threshold on held-out folds (by article), so neither is
    the optimistic pick of a model that has seen the quotes it scores; then fit on everything."""
    best: tuple[float, float, float] | None = None  # (held-out F1, l2, threshold)
    for l2 in l2_grid:
        held_out: list[tuple[float, Example]] = []
        for fold in range(folds):
            progress(f"l2 {l2}: fold {fold + 1} of {folds}")
            weights, bias = fit([e for e in examples if e.article % folds != fold], l2)
            model = ConfidenceModel(weights, bias, 0.0)
            held_out += [(model.probability(e.names), e) for e in examples if e.article % folds == fold]
        threshold, f1 = best_threshold(held_out, gold_total)
        if best is None or f1 > best[0]:
            best = (f1, l2, threshold)
    assert best is not None
    f1, l2, threshold = best
    progress(f"final fit with l2 {l2} (held-out F1 {100 * f1:.2f} at threshold {threshold})")
    weights, bias = fit(examples, l2)
    return ConfidenceModel(weights, bias, threshold, {"l2": l2, "held_out_f1": round(100 * f1, 2)}, rules_fingerprint())
