"""Speaker identity: tables of spellings that are, and are not, one person or body."""

from __future__ import annotations

import pytest

from quotetrack.identity import SpeakerMention, SpeakerRecord, cluster_speakers, find_merges

# (speakers as (name, roles), expected groups of names)
IDENTITY_CASES = [
    ([("Nick Ayres", ("Pence’s chief of staff",)), ("Nick Ayers", ("the vice president’s chief of staff",))], [{"Nick Ayres", "Nick Ayers"}]),
    ([("Nick Ayres", ()), ("Nick Ayers", ())], []),  # one letter apart but no second piece of evidence
    ([("Heather Nauert", ()), ("Nauert", ())], [{"Heather Nauert", "Nauert"}]),
    ([("Kim Jong Un", ()), ("Kim Yo Jong", ()), ("Kim Yong Nam", ()), ("Kim", ())], []),
    ([("Moon Jae In", ()), ("Moon Jea In", ())], []),  # a middle part of a Korean name never differs
    ([("Moon Jae-in", ()), ("Moon Jae In", ()), ("Moon", ())], [{"Moon Jae-in", "Moon Jae In", "Moon"}]),
    ([("Mike Pence", ("US Vice President",)), ("Pence’s office", ()), ("The vice president’s office", ())], [{"Pence’s office", "The vice president’s office"}]),
    ([("Mike Pence", ()), ("Pence’s office", ()), ("The vice president’s office", ())], []),  # a bare title is not a person
    ([("Chris Johnson", ()), ("Chris Johnston", ())], []),  # an added letter can be another family
    ([("Washington Post", ()), ("Post", ())], []),  # bodies are not joined by their last word
    ([("Kim Jong Un", ()), ("Kim John Un", ())], []),  # two letters apart: too far without more evidence
    ([("John Smith", ()), ("Jane Smith", ()), ("Smith", ())], []),  # ambiguous surname stays apart
    ([("Mike Pence", ()), ("Pence’s office", ()), ("Mike Pence’s office", ())], [{"Mike Pence’s office", "Pence’s office"}]),
]


@pytest.mark.parametrize("speakers,expected", IDENTITY_CASES)
def test_speaker_identity(speakers, expected):
    records = [SpeakerRecord(i, name, roles) for i, (name, roles) in enumerate(speakers, start=1)]
    names = {r.id: r.name for r in records}
    merges = find_merges(records)
    groups: dict[int, set[str]] = {}
    for merge in merges:
        groups.setdefault(merge.keep, {names[merge.keep]}).add(names[merge.merge])
        assert merge.reason
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, expected))


def test_a_user_split_is_not_redone():
    records = [SpeakerRecord(1, "Heather Nauert"), SpeakerRecord(2, "Nauert")]
    assert find_merges(records, blocked={frozenset({"heather nauert", "nauert"})}) == []


def test_clusters_of_mentions_explain_each_join():
    mentions = [
        SpeakerMention(14, "Nick Ayres", "Pence’s chief of staff", 1, "Daily Mail"),
        SpeakerMention(30, "Nick Ayers", "the vice president’s chief of staff", 2, None),
        SpeakerMention(8, "Nauert", None, 1, "Daily Mail"),
        SpeakerMention(7, "Heather Nauert", "State Department spokeswoman", 1, "Daily Mail"),
    ]
    clusters = {c.name: c for c in cluster_speakers(mentions)}
    assert set(clusters) == {"Heather Nauert", "Nick Ayers"}
    assert clusters["Nick Ayers"].keys == (14, 30)
    assert clusters["Nick Ayers"].reasons == ("same role ‘chief of staff’ and the names differ by one letter (Ayers/Ayres)",)
    assert clusters["Heather Nauert"].reasons == ("surname ‘Nauert’ matches exactly one full name, ‘Heather Nauert’",)
