"""The words of a quote and the word-level comparison of two versions (versions.py)."""

from __future__ import annotations

import pytest

from quotetrack.versions import compare_versions, normalise

# (this, reference, verdict, [(kind, what)])
DIFF_CASES = [
    ("in hopes of the vice president softening", "in hopes of the Vice President softening", "cosmetic", [("cosmetic", "case")]),
    ("committed to the maximum pressure campaign", "committed to the maximum-pressure campaign", "cosmetic", [("cosmetic", "hyphenation")]),
    ("as we’ve said from day one about the trip", "as we've said from Day One about the trip", "cosmetic", [("cosmetic", "case")]),  # apostrophe style is not a difference
    ("we will co-operate with Seoul", "we will cooperate with Seoul", "cosmetic", [("cosmetic", "hyphenation")]),
    ("we will stand … of the regime", "we will stand in the way of the regime", "substantive", [("substantive", "elided")]),
    ("we will stand in the way of the regime", "we will stand in the way of the regime", "identical", []),
    ("we will stand in the way", "we will stand in the way of the regime", "partial", []),
    ("we will stand in the way of the regime", "we will never stand in the way of the regime", "substantive", [("substantive", "negation")]),
    ("we will stand in the way of the regime", "we will often stand in the way of the regime", "substantive", [("substantive", "dropped")]),
    ("it was a positive view", "it was a negative view", "substantive", [("substantive", "opposite")]),
    ("he got 52 percent", "he got 25 percent", "substantive", [("substantive", "number")]),
    ("we will stand in the path of the regime", "we will stand in the way of the regime", "substantive", [("substantive", "replaced")]),
]


@pytest.mark.parametrize("this,reference,verdict,differences", DIFF_CASES)
def test_compare_versions(this, reference, verdict, differences):
    comparison = compare_versions(this, reference)
    assert comparison.verdict == verdict
    assert [(d.kind, d.what) for d in comparison.differences] == differences


def test_normalise_folds_case_punctuation_hyphens_and_ellipses():
    assert normalise("The “maximum-pressure” campaign… Day One!") == "the maximum pressure campaign day one"
