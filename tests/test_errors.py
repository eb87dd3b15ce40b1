"""The library's error helpers."""

from __future__ import annotations

import pytest

from quotetrack.errors import ArticleFailed, first_failure_raised


def test_a_stream_without_failures_passes_through():
    assert list(first_failure_raised([("a", 1), ("b", 2)])) == [("a", 1), ("b", 2)]


def test_the_first_failure_is_raised_after_the_articles_before_it():
    seen = []
    with pytest.raises(ArticleFailed, match="first"):
        for pair in first_failure_raised([("a", 1), ("b", ArticleFailed("first")), ("c", ArticleFailed("second"))]):
            seen.append(pair)
    assert seen == [("a", 1)]
