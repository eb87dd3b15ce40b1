"""The article's name index: names cleaned from mentions."""

from __future__ import annotations

import pytest

from quotetrack.name_index import clean_name


# Names cleaned of what is not part of them: headline verbs, datelines, punctuation, possessives.
@pytest.mark.parametrize(
    "written,name",
    [
        ("Obama Says", "Obama"),
        ("Donald Trump MANCHESTER", "Donald Trump"),
        (">Sanders", "Sanders"),
        ("-Nate Cohn", "Nate Cohn"),
        ("the Pentagon’s", "Pentagon"),
        ("Ramos, 58", "Ramos"),
        ("Tom Wells", "Tom Wells"),
        ("NEW YORK", "NEW YORK"),
    ],
)
def test_clean_name(written, name):
    assert clean_name(written) == name
