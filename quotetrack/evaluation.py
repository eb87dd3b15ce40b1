"""Accuracy against annotated news: the same figures as the shared reference scorer.

Gold comes as JSON lines (one article a line with `id`, `text`, `quotes`: the PolNeAR format)
or as the seeds format (`{"quotes": [{"doc", "start", "end", "speaker", "canonical", ...}]}`
with the article texts in a `corpus/` folder beside the gold file's folder). A predicted quote
matches a gold one when their content spans, trimmed of white space, quote marks and edge
punctuation, overlap with a Jaccard of at least 0.5; pairs are matched one to one, best overlap
first; a match is attributed right when the speaker mentions overlap or the names share their
last word. Figures are also given per kind, so weak spots show.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .confidence import Example, quote_features
from .models import Article, Quote
from .quotes import attribution_rules, find_quotes

TRIM = set(" \t\r\n\"'“”‘’«»`,.;:—–-")
WORD = re.compile(r"[A-Za-z0-9]+")
IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "thought": "think", "knew": "know", "known": "know", "gave": "give", "given": "give",
    "made": "make", "found": "find", "meant": "mean", "felt": "feel", "took": "take", "taken": "take",
    "began": "begin", "swore": "swear", "sworn": "swear", "held": "hold", "put": "put", "read": "read", "led": "lead",
}


@dataclass
class GoldArticle:
    id: str
    text: str
    quotes: list[dict[str, Any]]


def load_gold(path: str | Path) -> dict[str, GoldArticle]:
    """Gold articles by id, from either format."""
    path = Path(path)
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        corpus = path.resolve().parent.parent / "corpus"
        articles: dict[str, GoldArticle] = {}
        for quote in data["quotes"]:
            doc = quote["doc"]
            if doc not in articles:
                articles[doc] = GoldArticle(doc, (corpus / doc).read_text(encoding="utf-8"), [])
            articles[doc].quotes.append(quote)
        return articles
    articles = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                articles[str(record["id"])] = GoldArticle(str(record["id"]), record["text"], record.get("quotes", []))
    return articles


def gold_kind(quote: dict[str, Any]) -> str:
    """PolNeAR keeps 'mixed' apart in kind_detail; the seeds say it in kind."""
    return quote.get("kind_detail") or quote.get("kind") or "indirect"


# --- scoring ---------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def _last_word(text: str | None) -> set[str]:
    words = WORD.findall(text or "")
    return {words[-1].lower()} if words else set()


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return None not in (a_start, a_end, b_start, b_end) and min(a_end, b_end) > max(a_start, b_start)


def speaker_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if _overlaps(gold.get("speaker_start"), gold.get("speaker_end"), pred.get("speaker_start"), pred.get("speaker_end")):
        return True
    gold_heads = _last_word(gold.get("speaker")) | _last_word(gold.get("canonical"))
    pred_heads = _last_word(pred.get("speaker")) | _last_word(pred.get("speaker_name"))
    return bool(gold_heads & pred_heads)


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _scored_name(name: str | None) -> str:
    """A name as the reference scorer compares it: case-, accent- and punctuation-insensitive,
    without a leading article, a possessive, middle initials or a generational suffix. This is the
    scorer's definition, kept apart from the project's own name normaliser on purpose."""
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    name = re.sub(r"[’'`]s\b", "", name)
    words = WORD.findall(name)
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and len(w) == 1) and w not in NAME_SUFFIXES]
    return " ".join(words)


def name_right(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[bool, bool]:
    """(strict, last word) agreement of the predicted speaker_name with the gold `canonical`."""
    gold_name, pred_name = _scored_name(gold.get("canonical")), _scored_name(pred.get("speaker_name"))
    if not gold_name or not pred_name:
        return False, False
    return gold_name == pred_name, gold_name.split()[-1] == pred_name.split()[-1]


def join_statements(predictions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One envelope per statement: the pieces of a quote interrupted by its tag (same non-null
    `statement`) joined, for gold that marks the whole envelope (PolNeAR)."""
    joined: list[dict[str, Any]] = []
    by_statement: dict[Any, dict[str, Any]] = {}
    for prediction in predictions:
        key = prediction.get("statement")
        if key is None:
            joined.append(prediction)
        elif key in by_statement:
            first = by_statement[key]
            first["start"], first["end"] = min(first["start"], prediction["start"]), max(first["end"], prediction["end"])
        else:
            by_statement[key] = dict(prediction)
            joined.append(by_statement[key])
    return joined


def _stems(text: str | None) -> set[str]:
    stems = set()
    for word in WORD.findall(text or ""):
        word = IRREGULAR.get(word.lower(), word.lower())
        stems.add(re.sub(r"(ing|ed|es|s|e)$", "", word) or word)
    return stems


def cue_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if _overlaps(gold.get("cue_start"), gold.get("cue_end"), pred.get("cue_start"), pred.get("cue_end")):
        return True
    return bool(_stems(gold.get("cue")) & _stems(pred.get("cue")))


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 in percent, rounded as the reference scorer rounds them."""
    return _split_prf(tp, predicted, tp, gold)


@dataclass
class ArticleResult:
    """The one-to-one matching for one article: (gold index, pred index, overlap)."""

    article: GoldArticle
    predictions: list[dict[str, Any]]
    pairs: list[tuple[int, int, float]] = field(default_factory=list)


def match_article(article: GoldArticle, predictions: list[dict[str, Any]], overlap: float = 0.5) -> ArticleResult:
    text = article.text

    def span(q: dict[str, Any]) -> tuple[int, int]:
        return _trim(text, q["start"], q["end"])

    gold_spans = [span(g) for g in article.quotes]
    pred_spans = [span(p) for p in predictions]
    candidates = sorted(
        ((j, i, k) for i, g in enumerate(gold_spans) for k, p in enumerate(pred_spans) if (j := _jaccard(g, p)) > 0),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    result = ArticleResult(article, predictions)
    for jac, i, k in candidates:
        if i in used_gold or k in used_pred or jac < overlap:
            continue
        used_gold.add(i)
        used_pred.add(k)
        result.pairs.append((i, k, jac))
    return result


@dataclass
class KindCounts:
    """Matched quotes counted on both sides: per kind, recall counts by the gold quote's kind
    and precision counts by the predicted kind; overall, every match counts on both sides."""

    gold: int = 0
    predicted: int = 0
    gold_found: int = 0
    gold_attributed: int = 0
    predicted_found: int = 0
    predicted_attributed: int = 0

    def figures(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "content_overlap_prf": _split_prf(self.predicted_found, self.predicted, self.gold_found, self.gold),
            "attribution_prf": _split_prf(self.predicted_attributed, self.predicted, self.gold_attributed, self.gold),
        }


def _count_match(recall_side: KindCounts, precision_side: KindCounts, attributed: bool) -> None:
    recall_side.gold_found += 1
    recall_side.gold_attributed += attributed
    precision_side.predicted_found += 1
    precision_side.predicted_attributed += attributed


@dataclass
class Counts(KindCounts):
    """The overall counts: those of every kind, and what only the overall figures check."""

    exact: int = 0
    speaker_checked: int = 0
    speaker_ok: int = 0
    cue_checked: int = 0
    cue_ok: int = 0
    name_checked: int = 0
    name_strict: int = 0
    name_last: int = 0

    def figures(self) -> dict[str, Any]:
        matched = super().figures()
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "content_exact_prf": prf(self.exact, self.predicted, self.gold),
            "content_overlap_prf": matched["content_overlap_prf"],
            "speaker_accuracy": round(100 * self.speaker_ok / self.speaker_checked, 1) if self.speaker_checked else None,
            "cue_accuracy": round(100 * self.cue_ok / self.cue_checked, 1) if self.cue_checked else None,
            "attribution_prf": matched["attribution_prf"],
            "speaker_name_accuracy": (
                round(100 * self.name_strict / self.name_checked, 1),
                round(100 * self.name_last / self.name_checked, 1),
            )
            if self.name_checked
            else None,
        }


def score(results: Iterable[ArticleResult]) -> dict[str, Any]:
    """Overall figures exactly as the reference scorer, and the same per kind."""
    total = Counts()
    by_kind: dict[str, KindCounts] = {}
    for result in results:
        text = result.article.text
        golds, preds = result.article.quotes, result.predictions
        optional = {i for i, g in enumerate(golds) if g.get("optional")}
        optional_preds = {k for i, k, _ in result.pairs if i in optional}
        total.gold += len(golds) - len(optional)
        total.predicted += len(preds) - len(optional_preds)
        for i, g in enumerate(golds):
            if i not in optional:
                by_kind.setdefault(gold_kind(g), KindCounts()).gold += 1
        for k, p in enumerate(preds):
            if k not in optional_preds:
                by_kind.setdefault(p.get("kind", "indirect"), KindCounts()).predicted += 1
        for i, k, _ in result.pairs:
            if i in optional:
                continue
            g, p = golds[i], preds[k]
            has_speaker = bool(g.get("speaker") or g.get("canonical"))
            right = speaker_right(g, p) if has_speaker else True
            _count_match(total, total, right)
            total.exact += _trim(text, g["start"], g["end"]) == _trim(text, p["start"], p["end"])
            if has_speaker:
                total.speaker_checked += 1
                total.speaker_ok += right
            if g.get("cue"):
                total.cue_checked += 1
                total.cue_ok += cue_right(g, p)
            if g.get("canonical"):
                strict, last = name_right(g, p)
                total.name_checked += 1
                total.name_strict += strict
                total.name_last += last
            _count_match(by_kind.setdefault(gold_kind(g), KindCounts()), by_kind.setdefault(p.get("kind", "indirect"), KindCounts()), right)
    figures = total.figures()
    figures["by_kind"] = {kind: counts.figures() for kind, counts in sorted(by_kind.items())}
    return figures


def _split_prf(tp_pred: int, predicted: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    """P from the predicted side, R from the gold side (they differ when kinds disagree)."""
    p = tp_pred / predicted if predicted else 0.0
    r = tp_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(100 * p, 1), round(100 * r, 1), round(100 * f, 1)


# --- running ---------------------------------------------------------------------------------


def predict(extractor, gold: dict[str, GoldArticle]) -> Iterator[tuple[str, list[Quote]]]:
    articles = (Article(a.id, a.text) for a in gold.values())
    for article, quotes in extractor.extract_many(articles):
        yield article.id, quotes


def evaluate(
    extractor, gold: dict[str, GoldArticle], overlap: float = 0.5, progress=None, joined: bool = False
) -> tuple[dict[str, Any], list[ArticleResult]]:
    """Run the extractor over the gold articles and score it; `joined` scores each statement's
    pieces as one envelope (`--join-statements`)."""
    stream = predict(extractor, gold)
    if progress is not None:
        stream = progress(stream)
    results = []
    for article_id, quotes in stream:
        predictions = [q.to_dict() for q in quotes]
        results.append(match_article(gold[article_id], join_statements(predictions) if joined else predictions, overlap))
    return score(results), results


def calibration_examples(extractor, gold: dict[str, GoldArticle], overlap: float = 0.5, progress=None) -> tuple[list[Example], int]:
    """What the rules find in each gold article, each with its confidence features and whether
    it matches an annotated quote; and the number of annotated quotes (for the F1 of a cut)."""
    if extractor.confidence is not None:
        raise ValueError("calibration needs an extractor without a confidence model (calibrated=False)")
    stream = extractor.parse(Article(a.id, a.text) for a in gold.values())
    if progress is not None:
        stream = progress(stream)
    examples: list[Example] = []
    gold_total = 0
    for number, (article, doc) in enumerate(stream):
        # the rules' finds as the model scores them: whole statements, before they are cut into pieces
        quotes = find_quotes(doc, article.id, extractor.scope)
        result = match_article(gold[article.id], [q.to_dict() for q in quotes], overlap)
        matched = {k for i, k, _ in result.pairs if not result.article.quotes[i].get("optional")}
        gold_total += sum(1 for g in result.article.quotes if not g.get("optional"))
        examples += [
            Example(quote_features(doc, article.text, q, quotes), k in matched, number, q.rule in attribution_rules()) for k, q in enumerate(quotes)
        ]
    return examples, gold_total


def write_predictions(results: list[ArticleResult], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        for result in results:
            for prediction in result.predictions:
                out.write(json.dumps(prediction, ensure_ascii=False) + "\n")


CONTEXT = 120


def write_errors(results: list[ArticleResult], path: str | Path) -> int:
    """Missed, spurious and wrongly attributed quotes with their context, as JSON lines."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for result in results:
            text = result.article.text
            matched_gold = {i: k for i, k, _ in result.pairs}
            matched_pred = {k for _, k, _ in result.pairs}

            def context(start: int, end: int) -> str:
                return text[max(0, start - CONTEXT) : start] + "[[" + text[start:end] + "]]" + text[end : end + CONTEXT]

            for i, g in enumerate(result.article.quotes):
                if g.get("optional"):
                    continue
                if i not in matched_gold:
                    record = {"error": "missed", "kind": gold_kind(g), "speaker": g.get("speaker"), "cue": g.get("cue")}
                elif (g.get("speaker") or g.get("canonical")) and not speaker_right(g, result.predictions[matched_gold[i]]):
                    p = result.predictions[matched_gold[i]]
                    record = {"error": "wrong speaker", "kind": gold_kind(g), "speaker": g.get("speaker"),
                              "predicted_speaker": p.get("speaker"), "predicted_name": p.get("speaker_name"), "rule": p.get("rule")}
                else:
                    continue
                out.write(json.dumps({"article_id": result.article.id, **record, "context": context(g["start"], g["end"])}, ensure_ascii=False) + "\n")
                count += 1
            for k, p in enumerate(result.predictions):
                if k not in matched_pred:
                    record = {"error": "spurious", "kind": p.get("kind"), "speaker": p.get("speaker"), "cue": p.get("cue"), "rule": p.get("rule")}
                    out.write(json.dumps({"article_id": result.article.id, **record, "context": context(p["start"], p["end"])}, ensure_ascii=False) + "\n")
                    count += 1
    return count
