"""`quotetrack evaluate`: accuracy against an annotated gold file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import QuotetrackError
from . import cli
from .options import format_option, model_option, progress, scope_option, silent_option, write_table

# the rows of the table: (label, key of the figures)
MEASURES = [
    ("content, exact span", "content_exact_prf"),
    ("content, overlap", "content_overlap_prf"),
    ("attribution (content and speaker)", "attribution_prf"),
]


def write_figures(figures: dict[str, Any], overlap: float) -> None:
    """The figures as tables a person reads: precision, recall and F1 per measure, then per kind."""
    click.echo(f"{figures['gold']} quotes in the gold file, {figures['predicted']} predicted\n")
    rows = [
        {"measure": label.replace("overlap", f"overlap ≥ {overlap:g}"), **_prf(figures[key])}
        for label, key in MEASURES
    ]
    write_table(rows, ["measure", "precision", "recall", "F1"], sys.stdout)
    for label, key in (("speaker", "speaker_accuracy"), ("cue", "cue_accuracy")):
        value = figures[key]
        click.echo(f"{label} right in {'n/a' if value is None else f'{value:.1f}%'} of the matched quotes")
    names = figures.get("speaker_name_accuracy")
    if names:  # only gold that names its speakers (a `canonical` name) has it
        click.echo(f"speaker_name equals the gold's name in {names[0]:.1f}% of the matched quotes ({names[1]:.1f}% by last word)")
    click.echo("\nBy kind")
    rows = [
        {"kind": kind, "gold": row["gold"], "predicted": row["predicted"],
         "content P / R / F1": " / ".join(f"{v:.1f}" for v in row["content_overlap_prf"]),
         "attribution P / R / F1": " / ".join(f"{v:.1f}" for v in row["attribution_prf"])}
        for kind, row in figures["by_kind"].items()
    ]
    write_table(rows, ["kind", "gold", "predicted", "content P / R / F1", "attribution P / R / F1"], sys.stdout)


def _prf(values: list[float]) -> dict[str, str]:
    return dict(zip(("precision", "recall", "F1"), (f"{v:.1f}" for v in values)))


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred-out", type=click.Path(dir_okay=False), help="Also write the predictions as JSON lines (the scorer's input).")
@click.option("--errors", "errors_out", type=click.Path(dir_okay=False), help="Write missed, spurious and wrongly attributed quotes with context.")
@click.option("--overlap", default=0.5, show_default=True, type=click.FloatRange(0, 1), help="Jaccard overlap for a content match.")
@click.option(
    "--join-statements", "joined", is_flag=True,
    help="Score the pieces of a statement interrupted by its tag as one envelope (for gold that marks the envelope, as PolNeAR does).",
)
@format_option(["table", "json"], "table")
@model_option
@scope_option
@silent_option
def evaluate(
    gold: str, pred_out: str | None, errors_out: str | None, overlap: float, joined: bool, output_format: str, model: str, scope: str,
    silent: bool,
) -> None:
    """Score extraction against a gold file, with the shared scorer's figures, and per kind.

    GOLD is JSON lines (id, text, quotes; the PolNeAR format) or the seeds format.

    \b
    Examples:
      quotetrack evaluate ../shared/eval/polnear/dev.jsonl --scope attributions --join-statements
      quotetrack evaluate ../shared/gold/seeds.json --errors errors.jsonl --pred-out pred.jsonl
    """
    from ..evaluation import evaluate as run_evaluation, load_gold, write_errors, write_predictions
    from ..extraction import Extractor

    try:
        articles = load_gold(gold)
        figures, results = run_evaluation(
            Extractor(model, processes=1, scope=scope), articles, overlap,
            progress=lambda stream: progress(stream, len(articles), "Evaluating", silent), joined=joined,
        )
    except (QuotetrackError, ValueError, KeyError) as error:
        raise click.ClickException(f"{gold}: {error}") from None
    if pred_out:
        write_predictions(results, pred_out)
    if errors_out:
        click.echo(f"{write_errors(results, errors_out)} errors written to {errors_out}", err=True)
    if output_format == "json":
        click.echo(json.dumps(figures))
        return
    write_figures(figures, overlap)


def _rules_over_gold(gold: str, model: str, silent: bool, collect, **extractor_options):
    """(articles, extractor, what `collect` gathers from the rules' finds in them) for fitting a
    model on GOLD: the rules of the attributions scope, before any fitted model scores them."""
    from ..evaluation import load_gold
    from ..extraction import Extractor

    try:
        articles = load_gold(gold)
        extractor = Extractor(model, processes=1, scope="attributions", calibrated=False, **extractor_options)
        return articles, extractor, collect(extractor, articles, progress=lambda stream: progress(stream, len(articles), "Finding quotes", silent))
    except (QuotetrackError, ValueError, KeyError) as error:
        raise click.ClickException(f"{gold}: {error}") from None


def _save_fitted(fitted, out: str, gold: str, articles, extractor, **figures) -> None:
    """Record what a fitted model was fitted on (the gold's name and sha256, its size, the spaCy
    pipeline, this version, the fit's own figures), then write it and its card to --out."""
    from ..artefacts import file_sha256

    fitted.trained_on.update(
        gold=Path(gold).name, sha256=file_sha256(gold), articles=len(articles), model=extractor.model, quotetrack=__version__, **figures
    )
    try:
        fitted.save(out)
    except OSError as error:
        raise click.ClickException(f"{out}: cannot be written ({error.strerror or error})") from None


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the confidence model (JSON).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="Cross-validation folds (by article) for the threshold.")
@model_option
@silent_option
def calibrate(gold: str, out: str, folds: int, model: str, silent: bool) -> None:
    """Fit the confidence model on an annotated gold file.

    Runs the rules (attributions scope) over GOLD, learns from the quotes they find which ones
    annotators marked, and writes the weights and the attributions-scope threshold to --out.
    Use the result with QUOTETRACK_CONFIDENCE_MODEL=FILE; the bundled model is PolNeAR train's.

    \b
    Examples:
      quotetrack calibrate ../shared/eval/polnear/train.jsonl --out quotetrack/data/confidence.json
      QUOTETRACK_CONFIDENCE_MODEL=mine.json quotetrack evaluate my-gold.jsonl --scope attributions
    """
    from ..confidence import calibrate as calibrate_model
    from ..evaluation import calibration_examples

    articles, extractor, (examples, gold_total) = _rules_over_gold(gold, model, silent, calibration_examples)
    if not examples:
        raise click.ClickException(f"{gold}: the rules find no quotes in it, so there is nothing to learn from")
    fitted = calibrate_model(examples, gold_total, folds, progress=lambda message: None if silent else click.echo(message, err=True))
    _save_fitted(fitted, out, gold, articles, extractor, quotes_found=len(examples))
    click.echo(f"{len(fitted.weights)} weights, threshold {fitted.threshold}, written to {out}")


@cli.command("fit-ends")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the content-end model (JSON).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="Held-out folds (by article) for the figures on the model card.")
@model_option
@silent_option
def fit_ends(gold: str, out: str, folds: int, model: str, silent: bool) -> None:
    """Fit the content-end model on an annotated gold file.

    Runs the rules (attributions scope, their own ends) over GOLD, lists the clause boundaries
    where each indirect or mixed quote could end, learns which one annotators chose, and writes
    the weights and a model card to --out. Refit the confidence model after it (`calibrate`).
    Use the result with QUOTETRACK_CONTENT_ENDS_MODEL=FILE; the bundled model is PolNeAR train's.

    \b
    Examples:
      quotetrack fit-ends ../shared/eval/polnear/train.jsonl --out quotetrack/data/content_ends.json
      quotetrack calibrate ../shared/eval/polnear/train.jsonl --out quotetrack/data/confidence.json
    """
    from ..content_ends import fit_ends as fit_model, held_out
    from ..evaluation import end_choices_of

    articles, extractor, choices = _rules_over_gold(gold, model, silent, end_choices_of, learned_ends=False)
    if not choices:
        raise click.ClickException(f"{gold}: no found quote ends where annotators ended it, so there is nothing to learn from")
    rules_right, model_right = held_out(choices, folds)
    fitted = fit_model(choices)
    _save_fitted(fitted, out, gold, articles, extractor, choices=len(choices), rule_right=rules_right, held_out_right=model_right)
    click.echo(f"{len(fitted.weights)} weights written to {out}; held out, the annotated end {model_right} of {len(choices)} times (the rules' own: {rules_right})")
