"""`quotetrack evaluate`: accuracy against an annotated gold file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import __version__
from ..confidence import calibrate as calibrate_model
from ..errors import QuotetrackError
from ..evaluation import calibration_examples, evaluate as run_evaluation, load_gold, write_errors, write_predictions
from ..extraction import Extractor
from . import cli
from .options import model_option, progress, scope_option, silent_option

FIGURES = [
    "gold", "predicted", "content_exact_prf", "content_overlap_prf", "speaker_accuracy", "cue_accuracy", "attribution_prf",
    "speaker_name_accuracy",
]


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred-out", type=click.Path(dir_okay=False), help="Also write the predictions as JSON lines (the scorer's input).")
@click.option("--errors", "errors_out", type=click.Path(dir_okay=False), help="Write missed, spurious and wrongly attributed quotes with context.")
@click.option("--overlap", default=0.5, show_default=True, type=click.FloatRange(0, 1), help="Jaccard overlap for a content match.")
@click.option(
    "--join-statements", "joined", is_flag=True,
    help="Score the pieces of a statement interrupted by its tag as one envelope (for gold that marks the envelope, as PolNeAR does).",
)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
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
    for name in FIGURES:
        click.echo(f"{name:22} {figures[name]}")
    click.echo("\nby kind                gold  predicted  content P/R/F        attribution P/R/F")
    for kind, row in figures["by_kind"].items():
        click.echo(f"{kind:20} {row['gold']:6} {row['predicted']:10}  {str(row['content_overlap_prf']):20} {row['attribution_prf']}")


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
    try:
        articles = load_gold(gold)
        extractor = Extractor(model, processes=1, scope="attributions", calibrated=False)
        examples, gold_total = calibration_examples(
            extractor, articles, progress=lambda stream: progress(stream, len(articles), "Finding quotes", silent)
        )
    except (QuotetrackError, ValueError, KeyError) as error:
        raise click.ClickException(f"{gold}: {error}") from None
    if not examples:
        raise click.ClickException(f"{gold}: the rules find no quotes in it, so there is nothing to learn from")
    fitted = calibrate_model(examples, gold_total, folds, progress=lambda message: None if silent else click.echo(message, err=True))
    fitted.trained_on.update(gold=Path(gold).name, articles=len(articles), quotes_found=len(examples), model=extractor.model, quotetrack=__version__)
    try:
        fitted.save(out)
    except OSError as error:
        raise click.ClickException(f"{out}: cannot be written ({error.strerror or error})") from None
    click.echo(f"{len(fitted.weights)} weights, threshold {fitted.threshold}, written to {out}")
