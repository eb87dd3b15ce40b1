"""The rule families' case tables test the rules' own spans: their extractors leave the ends
where the rules put them (learned_ends=False). The learned content ends, which move some ends
where PolNeAR's annotators end them, have their own tests (tests/test_content_ends.py)."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default scope's rules, scored by the confidence model."""
    return Extractor(learned_ends=False)


@pytest.fixture(scope="session")
def broad() -> Extractor:
    """The attributions scope's rules, scored and pruned by the confidence model."""
    return Extractor(scope="attributions", learned_ends=False)


@pytest.fixture(scope="session")
def wide_net() -> Extractor:
    """The attributions scope's rules, before the confidence model weighs what they find."""
    return Extractor(scope="attributions", calibrated=False, learned_ends=False)
