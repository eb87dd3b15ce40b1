"""What one input may cost: the limits that keep one hostile article from stalling a run.

Each has a default and an environment variable (read when the limit is asked for, so tests and
scripts can lower it). An input over a limit is one `error:` line; the batch goes on.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Bytes read from one file or from stdin (a file is never trusted to report its own size).
MAX_BYTES_ENV, DEFAULT_MAX_BYTES = "QUOTETRACK_MAX_BYTES", 20 * 1024 * 1024
# Characters of one article's text. Texts over spaCy's max_length are parsed in pieces
# (parsing.py); this bounds the work per article (about a minute per million characters of
# prose on one core, more for text that is nearly all punctuation).
MAX_CHARS_ENV, DEFAULT_MAX_CHARS = "QUOTETRACK_MAX_CHARS", 1_000_000


def _limit(env: str, default: int) -> int:
    value = os.environ.get(env, "").strip()
    if not value:
        return default
    try:
        limit = int(value)
    except ValueError:
        raise ValueError(f"{env} must be a whole number, not {value!r}") from None
    if limit < 1:
        raise ValueError(f"{env} must be at least 1, not {limit}")
    return limit


def max_bytes() -> int:
    """Bytes read from one file or stdin at most ($QUOTETRACK_MAX_BYTES, default 20 MiB)."""
    return _limit(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)


def max_chars() -> int:
    """Characters of one article at most ($QUOTETRACK_MAX_CHARS, default 1,000,000)."""
    return _limit(MAX_CHARS_ENV, DEFAULT_MAX_CHARS)


# Seconds the quote rules may spend on one article (they run in the main process, after the
# parse). Some rules compare quotes pairwise, so a page with thousands of quotes in one
# paragraph could otherwise run for hours.
MAX_SECONDS_ENV, DEFAULT_MAX_SECONDS = "QUOTETRACK_MAX_SECONDS", 60


def max_seconds() -> int:
    """Seconds of rule work per article at most ($QUOTETRACK_MAX_SECONDS, default 60)."""
    return _limit(MAX_SECONDS_ENV, DEFAULT_MAX_SECONDS)


class TimeLimitExceeded(Exception):
    """Raised inside the work that ran over its time limit."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupt the block with TimeLimitExceeded after `seconds` (a SIGALRM timer: on Unix, in
    the main thread; elsewhere the block runs unbounded). An exception raised while Python runs a
    destructor is only printed, so the timer fires again every 0.1 s until one lands, and a block
    that still finishes after its time is refused when it ends."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    message = f"took longer than {seconds} s (set {MAX_SECONDS_ENV} to change the limit)"
    expired = False

    def expire(signum, frame):
        nonlocal expired
        expired = True
        raise TimeLimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise TimeLimitExceeded(message)
