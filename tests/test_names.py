"""One name normaliser, name parts, nicknames and abbreviations."""

from __future__ import annotations

import pytest

from quotetrack.names import abbreviates, name_key, person_name, same_first_name, without_title


@pytest.mark.parametrize(
    "spellings,key",
    [
        (["Moon Jae-in", "Moon Jae In", "MOON JAE-IN"], "moon jae in"),
        (["José Núñez", "Jose Nunez", "José Núñez’s"], "jose nunez"),
        (["The Pentagon’s", "pentagon"], "pentagon"),
        (["Pence’s office", "Pence's office"], "pence office"),
    ],
)
def test_one_key_for_every_spelling(spellings, key):
    assert {name_key(s) for s in spellings} == {key}


@pytest.mark.parametrize(
    "written,bare",
    [("Gov Fallin", "Fallin"), ("Former Rep. Jane Harman", "Jane Harman"), ("Dean Baquet", "Dean Baquet"), ("Sen.", "Sen.")],
)
def test_titles_are_not_part_of_the_name(written, bare):
    assert without_title(written) == bare


def test_name_parts():
    biden = person_name("Joseph R. Biden Jr.")
    assert (biden.first, biden.middle, biden.last, biden.suffix) == ("joseph", ("r",), "biden", "jr")
    assert person_name("Pence").last == "pence" and person_name("Pence").first == ""


@pytest.mark.parametrize(
    "a,b,same",
    [("joe", "joseph", True), ("bill", "william", True), ("hilary", "hillary", True), ("will", "fred", False), ("jane", "john", False)],
)
def test_nicknames(a, b, same):
    assert same_first_name(a, b) is same


@pytest.mark.parametrize(
    "short,name,expected",
    [
        ("DOJ", "U.S. Department of Justice", True),
        ("FEC", "Federal Election Commission", True),
        ("PBO", "Parliamentary Budget Officer", True),
        ("AP", "AP-GfK Poll", False),
        ("ACU", "American University", False),
    ],
)
def test_abbreviations(short, name, expected):
    assert abbreviates(short, name) is expected
