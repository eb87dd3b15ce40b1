"""Models fitted on annotated news and shipped as data (the confidence model, the content-end
model): a JSON file of weights with its model card beside it, read once per process from the
file an environment variable names, else the bundled one. Nothing is downloaded."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

from .errors import QuotetrackError

Model = TypeVar("Model")


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file (the gold a model was fitted on), read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(path: str | Path, what: str, build: Callable[[dict[str, Any]], Model]) -> Model:
    """`build` over the JSON in `path`; one-line errors naming the file and `what` it should be."""
    try:
        return build(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as error:
        raise QuotetrackError(f"{what} {path}: cannot be read ({error.strerror or error})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise QuotetrackError(f"{what} {path}: not a {what} file ({error})") from None


def save(path: str | Path, data: dict[str, Any], card: str) -> None:
    """The weights as JSON at `path` and the model card beside it (same name, .md)."""
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    Path(path).with_suffix(".md").write_text(card, encoding="utf-8")


_loaded: dict[tuple[str, Path], Any] = {}


def default(env_var: str, bundled: Path, read: Callable[[Path], Model]) -> Model:
    """The model in the file $`env_var` names, else the bundled one; read once per process (a
    file is cached per kind of model, so one path never gives another kind's model)."""
    key = (env_var, Path(os.environ.get(env_var) or bundled))
    if key not in _loaded:
        _loaded[key] = read(key[1])
    return _loaded[key]
