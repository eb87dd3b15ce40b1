"""A learned choice of where reported content ends.

The rules end an indirect or mixed quote where the parse says its clause ends, cut by the
comment tails of quotes/boundaries.py. Where that is wrong, the right end is nearly always at
another clause boundary of the same sentence: a comma, dash, semicolon or conjunction before a
clause that does (or does not) go on with what was said, or the sentence's end. This module
lists those candidate ends for each rule-found quote, describes each by binary features of the
parse around it (what follows the cut, how far it is from the rule's end, whether the tail has
a frame of its own), and keeps the end a conditional logit (a softmax over one quote's
candidates) rates likeliest, fitted on where annotators ended the content (`quotetrack
fit-ends`, PolNeAR train for the bundled weights, `data/content_ends.json` with its card
`content_ends.md`). The rule's own end is a candidate with features of its own, so the model
moves an end only where train says moving pays. The file holds feature names and numbers only,
never text of the articles it was fitted on; features seen fewer than MIN_COUNT times are
dropped. It runs after the rules and before the confidence model, which is fitted on the ends
it chose.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from . import artefacts
from .confidence import feature_family
from .errors import ConfidenceModelMismatch
from .models import Quote
from .quotes.base import doc_text, outer_quotes, trimmed
from .quotes.boundaries import venue_tail_end
from .quotes.frames import is_cue_token

ENV_VAR = "QUOTETRACK_CONTENT_ENDS_MODEL"
BUNDLED = Path(__file__).parent / "data" / "content_ends.json"
CUT_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "(", ")"})
CUT_WORDS = frozenset({
    "and", "but", "or", "because", "though", "although", "while", "whereas", "as", "since", "if", "so", "after",
    "before", "when", "until", "unless", "which", "who", "noting", "adding", "saying", "including", "despite",
})
CLOSING = " \t\n\u00a0.,;:!?\"'”’»)"  # what may close content without adding words
FUNCTION_WORDS = CUT_WORDS | frozenset({"that", "the", "a", "he", "she", "it", "they", "i", "we", "his", "her", "in", "to", "for", "of", "with"})
DIRECTIONS = ("same", "longer", "shorter")  # the candidate against the rule's end
MIN_COUNT = 5
REFIT = "`python -m quotetrack fit-ends ../shared/eval/polnear/train.jsonl --out quotetrack/data/content_ends.json`"
# The families of features end_features names (crossed with a direction, "dir|longer|next=,"
# is of family "next"); the model file records them, a change calls for a refit.
FEATURE_SCHEMA = (
    "after after_dep after_head after_head_dep after_word cue delta_first delta_has delta_length delta_top dir"
    " dir|length distance inside_quote kind last_pos last_word length next next_dep next|after rule rule|dir"
    " rule|next sentence_end tail_cue tail_quote tail_subject tail_verb"
).split()


def end_feature_family(name: str) -> str:
    """"dir|longer|next=," -> "next", "rule|dir=direct:ccomp|same" -> "rule|dir"."""
    parts = name.split("|", 2)
    if len(parts) == 3 and parts[0] == "dir" and parts[1] in DIRECTIONS:
        name = parts[2]
    return feature_family(name)


def _bin(value: int, edges: Sequence[int]) -> str:
    return next((f"<={edge}" for edge in edges if value <= edge), f">{edges[-1]}")


@dataclass
class Cut:
    """A candidate end: the content's last token, the token after the cut (None at the
    sentence end), and the content's character end."""

    last: int
    after: int | None
    end: int


def _content(doc: Doc, quote: Quote) -> Span | None:
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    return span if span is not None and len(span) >= 2 else None


def candidate_ends(doc: Doc, quote: Quote) -> list[Cut]:
    """Every clause boundary of the sentence the content ends in, from its third token on, and
    that sentence's end, outside quoted words; the quote's own end is always one of them."""
    content = _content(doc, quote)
    if content is None:
        return []
    first, sentence = content[0].i, content[-1].sent
    quoted = outer_quotes(doc)
    cuts: dict[int, Cut] = {}
    for j in range(first + 2, sentence.end + 1):
        at_end = j == sentence.end
        if not at_end and not (doc[j].text in CUT_PUNCT or doc[j].lower_ in CUT_WORDS):
            continue
        start, end = trimmed(doc, list(doc[first:j]))
        # never inside the quoted words, nor short of their closing mark: they are the speaker's
        if start is not None and end > quote.start and end not in cuts and not any(q.open < end <= q.close for q in quoted):
            cuts[end] = Cut(j - 1, None if at_end else j, end)
    if quote.end not in cuts:
        cuts[quote.end] = Cut(content[-1].i, content[-1].i + 1 if content[-1].i + 1 < sentence.end else None, quote.end)
    return sorted(cuts.values(), key=lambda c: c.end)


def end_features(doc: Doc, quote: Quote, cut: Cut, cuts: Sequence[Cut]) -> list[str]:
    """Names of the binary features of ending `quote` at `cut`."""
    rule = quote.rule
    rule_last = _content(doc, quote)
    own_last = rule_last[-1].i if rule_last is not None else cut.last
    direction = "same" if cut.end == quote.end else "longer" if cut.end > quote.end else "shorter"
    length = _bin(cut.last - (rule_last[0].i if rule_last is not None else cut.last), (3, 7, 12, 20, 35))
    names = [
        f"rule={rule}", f"kind={quote.kind}", f"dir={direction}", f"rule|dir={rule}|{direction}",
        f"length{length}", f"dir|length={direction}|{length}", f"last_pos={doc[cut.last].pos_}",
        f"cue={(quote.cue or '-').lower()}", f"last_word={doc[cut.last].lower_}",
    ]
    if direction != "same":
        names.append(f"distance{_bin(abs(cut.last - own_last), (1, 3, 6, 10, 20))}")
        names += _delta_features(doc, direction, min(cut.last, own_last) + 1, max(cut.last, own_last) + 1)
    if cut.after is None:
        names.append("sentence_end")
        return _with_direction(names, direction)
    after_cut = doc[cut.after]
    next_word = after_cut.lower_ if after_cut.lower_ in CUT_WORDS or after_cut.is_punct else after_cut.pos_
    names += [f"next={next_word}", f"next_dep={after_cut.dep_}", f"rule|next={rule}|{next_word}"]
    k = cut.after + 1 if after_cut.is_punct and cut.after + 1 < len(doc) else cut.after
    word = doc[k]
    after = word.lower_ if word.lower_ in FUNCTION_WORDS else word.pos_
    names += [f"after={after}", f"after_dep={word.dep_}", f"next|after={next_word}|{after}", f"after_word={word.lower_}"]
    if word.head.i > cut.last:
        names.append(f"after_head_dep={word.head.dep_}")
    names.append(f"after_head={'inside' if word.head.i <= cut.last else 'outside'}")
    following = [c for c in cuts if c.last > cut.last]
    tail_end = following[0].last + 1 if following else doc[cut.last].sent.end
    tail = doc[cut.after : max(tail_end, cut.after + 1)]
    if any(is_cue_token(t) for t in tail):
        names.append("tail_cue")
    if any(t.dep_.startswith("nsubj") for t in tail):
        names.append("tail_subject")
    if any(t.pos_ in ("VERB", "AUX") for t in tail):
        names.append("tail_verb")
    if any(t.is_quote for t in tail):
        names.append("tail_quote")
    if any(s.open < doc[cut.last].idx < s.close for s in outer_quotes(doc)):
        names.append("inside_quote")
    return _with_direction(names, direction)


def _with_direction(names: list[str], direction: str) -> list[str]:
    """Each feature of the cut also crossed with the way it moves the end (a comma after the
    content means one thing for the rule's end, another for a longer one)."""
    crossed = [f"dir|{direction}|{name}" for name in names if not name.startswith(("rule", "dir", "delta"))]
    return sorted(set(names + crossed))


def _delta_features(doc: Doc, direction: str, start: int, end: int) -> list[str]:
    """What moving the end adds or drops: its first word, the role of its top word, and
    whether it holds a frame of its own (a cue with a subject), a clause or a quote."""
    delta = [t for t in doc[start:end] if not t.is_punct or t.is_quote]
    if not delta:
        return [f"delta_first={direction}|punct"]
    first = delta[0].lower_ if delta[0].lower_ in FUNCTION_WORDS else delta[0].pos_
    tops = [t for t in delta if not start <= t.head.i < end or t.head is t]
    top = tops[0].dep_ if tops else "-"
    names = [f"delta_first={direction}|{first}", f"delta_top={direction}|{top}", f"delta_length={direction}|{_bin(len(delta), (2, 5, 10, 20))}"]
    for flag, present in (("cue", any(is_cue_token(t) for t in delta)), ("subject", any(t.dep_.startswith("nsubj") for t in delta)),
                          ("verb", any(t.pos_ in ("VERB", "AUX") for t in delta)), ("quote", any(t.is_quote for t in delta))):
        if present:
            names.append(f"delta_has={direction}|{flag}")
    return names


def movable(quote: Quote) -> bool:
    """The quotes whose end the model may move: reported content, not quoted words whose marks
    end them, nor the pieces of a split quote."""
    return quote.kind in ("indirect", "mixed") and not quote.extra.get("fragments")


@dataclass
class ContentEndModel:
    """Weights of a conditional logit over end_features, and what it was fitted on (`trained_on`:
    gold file name and sha256, sizes, spaCy model, quotetrack version, regularization, held-out
    choices)."""

    weights: dict[str, float]
    trained_on: dict[str, object] = field(default_factory=dict)
    feature_schema: list[str] = field(default_factory=lambda: list(FEATURE_SCHEMA))

    def score(self, names: Sequence[str]) -> float:
        return sum(self.weights.get(name, 0.0) for name in names)

    def choose(self, names: Sequence[Sequence[str]], own: int) -> int:
        """The index of the best-rated candidate; `own` (the rule's end) wins ties."""
        return max(range(len(names)), key=lambda k: (self.score(names[k]), k == own))

    def adjust(self, doc: Doc, quotes: list[Quote]) -> None:
        """Move each movable quote's end to its best-rated candidate."""
        text = doc_text(doc)
        for quote in quotes:
            if not movable(quote):
                continue
            cuts = candidate_ends(doc, quote)
            if len(cuts) < 2:
                continue
            own = next(k for k, c in enumerate(cuts) if c.end == quote.end)
            best = cuts[self.choose([end_features(doc, quote, c, cuts) for c in cuts], own)]
            if text[: best.end].rstrip(CLOSING) != text[: quote.end].rstrip(CLOSING):  # not only a closing mark more
                quote.end = best.end
                quote.text = text[quote.start : quote.end]
            # a longer end never takes in the occasion of the statement again ("at a rally")
            cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand") if quote.cue_start is not None else None
            venue_end = venue_tail_end(doc, quote.start, quote.end, cue.root.i) if cue is not None and len(cue) else None
            if venue_end is not None:
                quote.end = venue_end
                quote.text = text[quote.start : quote.end]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(sorted(self.weights.items())).encode("utf-8")).hexdigest()[:12]

    def check(self) -> None:
        """Raise ConfidenceModelMismatch when the model was fitted with other features."""
        unknown = sorted({end_feature_family(name) for name in self.weights} - set(FEATURE_SCHEMA))
        if list(self.feature_schema) != list(FEATURE_SCHEMA) or unknown:
            raise ConfidenceModelMismatch(
                f"the content-end model's feature schema differs from end_features' ({', '.join(unknown) or 'families changed'}): "
                f"refit it with {REFIT}"
            )

    def save(self, path: str | Path) -> None:
        data = {"trained_on": self.trained_on, "feature_schema": list(self.feature_schema), "weights": dict(sorted(self.weights.items()))}
        artefacts.save(path, data, self.card())

    def card(self) -> str:
        """The model card, written next to the weights (NAME.md)."""
        t = self.trained_on
        return f"""# Content-end model {self.fingerprint}

What it does: for each indirect or mixed quote the rules find, chooses where its content ends
among the clause boundaries of the sentence it ends in (the rule's own end is one of them): a
conditional logit over {len(self.weights)} binary features of the parse around each candidate
end, see `quotetrack/content_ends.py`. It runs before the confidence model.

| | |
|---|---|
| fitted on | `{t.get("gold", "?")}` (sha256 `{t.get("sha256", "?")}`), {t.get("articles", "?")} articles, {t.get("choices", "?")} quotes whose annotated end is a candidate |
| spaCy pipeline | {t.get("model", "?")} |
| quotetrack | {t.get("quotetrack", "?")} |
| feature families | {len(self.feature_schema)} |
| regularization (L2) | {t.get("l2", "?")} |
| held-out folds by article: the annotated end chosen | {t.get("held_out_right", "?")} of {t.get("choices", "?")} (the rules' own ends: {t.get("rule_right", "?")}) |

Limits: fitted on one annotation of US political news (PolNeAR): it ends content where that
corpus's annotators end it. The file holds feature names and weights only, no text of the
articles. Refit with {REFIT} when end_features changes (a test compares the feature schema).
"""

    @classmethod
    def load(cls, path: str | Path) -> ContentEndModel:
        return artefacts.load(path, "content-end model", lambda data: cls(
            {str(k): float(v) for k, v in data["weights"].items()}, data.get("trained_on", {}),
            list(data.get("feature_schema", FEATURE_SCHEMA)),
        ))


def default_model() -> ContentEndModel:
    """The model named by $QUOTETRACK_CONTENT_ENDS_MODEL, else the bundled one; loaded once."""
    return artefacts.default(ENV_VAR, BUNDLED, ContentEndModel.load)


# --- fitting -----------------------------------------------------------------------------------


@dataclass
class EndChoice:
    """One quote's candidate ends (their features), which of them annotators chose, its article."""

    names: list[list[str]]
    right: list[bool]
    article: int
    own: int  # the rule's end


def end_choices(doc: Doc, quotes: Sequence[Quote], gold_spans: Sequence[tuple[int, int]], article: int,
                same_end: Callable[[int, int], bool]) -> list[EndChoice]:
    """Each movable quote's candidates, labelled by whether the gold content it overlaps most
    ends there (`same_end` compares character ends as the scorer trims them); quotes whose gold
    end is not among the candidates teach nothing about choosing and are left out."""
    choices: list[EndChoice] = []
    for quote in quotes:
        if not movable(quote):
            continue
        overlapping = [(min(e, quote.end) - max(s, quote.start), s, e) for s, e in gold_spans if min(e, quote.end) > max(s, quote.start)]
        if not overlapping:
            continue
        _, _, gold_end = max(overlapping)
        cuts = candidate_ends(doc, quote)
        right = [same_end(c.end, gold_end) for c in cuts]
        if len(cuts) >= 2 and any(right):
            own = next(k for k, c in enumerate(cuts) if c.end == quote.end)
            choices.append(EndChoice([end_features(doc, quote, c, cuts) for c in cuts], right, article, own))
    return choices


def fit_ends(choices: Sequence[EndChoice], l2: float = 5.0, iterations: int = 300) -> ContentEndModel:
    """A conditional logit (softmax over each quote's candidates) by full-batch Adam: it learns
    to pick among the ends of one quote, not to rate ends in isolation; rare features dropped."""
    counts = Counter(name for choice in choices for names in choice.names for name in names)
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}
    rows, group, target = [], [], []
    for k, choice in enumerate(choices):
        for names, right in zip(choice.names, choice.right):
            rows.append([vocabulary[n] for n in names if n in vocabulary])
            group.append(k)
            target.append(float(right))
    columns = np.fromiter((i for row in rows for i in row), dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    groups, labels = np.array(group), np.array(target)
    labels /= np.bincount(groups, weights=labels)[groups]  # several ends can trim to the gold's
    weights = np.zeros(len(vocabulary))
    moment, velocity = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, iterations + 1):
        scores = np.bincount(row_of, weights=weights[columns], minlength=len(rows))
        top = np.full(len(choices), -np.inf)
        np.maximum.at(top, groups, scores)
        exp = np.exp(scores - top[groups])
        error = exp / np.bincount(groups, weights=exp)[groups] - labels
        gradient = (np.bincount(columns, weights=error[row_of], minlength=len(vocabulary)) + l2 * weights) / len(choices)
        moment = 0.9 * moment + 0.1 * gradient
        velocity = 0.999 * velocity + 0.001 * gradient**2
        weights -= 0.05 * (moment / (1 - 0.9**step)) / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
    fitted = {name: round(float(weights[i]), 4) for name, i in vocabulary.items() if abs(weights[i]) >= 1e-4}
    return ContentEndModel(fitted, {"l2": l2})


def held_out(choices: Sequence[EndChoice], folds: int = 5, l2: float = 5.0) -> tuple[int, int]:
    """How many quotes get the annotated end from the rules alone and from a model fitted on
    the other folds (by article)."""
    rules_right = model_right = 0
    for fold in range(folds):
        model = fit_ends([c for c in choices if c.article % folds != fold], l2)
        for choice in (c for c in choices if c.article % folds == fold):
            own = choice.own
            rules_right += choice.right[own]
            model_right += choice.right[model.choose(choice.names, own)]
    return rules_right, model_right
