"""Speaker identity: tables of spellings that are, and are not, one person or body."""

from __future__ import annotations

import random

import pytest

from quotetrack.identity import SpeakerRecord, find_merges

# (speakers as (name, roles), expected groups of names)
IDENTITY_CASES = [
    ([("Nick Ayres", ("Pence’s chief of staff",)), ("Nick Ayers", ("the vice president’s chief of staff",))], [{"Nick Ayres", "Nick Ayers"}]),
    ([("Nick Ayres", ()), ("Nick Ayers", ())], []),  # one letter apart but no second piece of evidence
    ([("Kim Jong Un", ()), ("Kim Yo Jong", ()), ("Kim Yong Nam", ()), ("Kim", ())], []),
    ([("Moon Jae In", ()), ("Moon Jea In", ())], []),  # a middle part of a Korean name never differs
    ([("Moon Jae-in", ()), ("Moon Jae In", ())], [{"Moon Jae-in", "Moon Jae In"}]),
    ([("Mike Pence", ("US Vice President",)), ("Pence’s office", ()), ("The vice president’s office", ())], [{"Pence’s office", "The vice president’s office"}]),
    ([("Mike Pence", ()), ("Pence’s office", ()), ("The vice president’s office", ())], []),  # a bare title is not a person
    ([("Chris Johnson", ()), ("Chris Johnston", ())], []),  # an added letter can be another family
    ([("Washington Post", ()), ("Post", ())], []),  # bodies are not joined by their last word
    ([("Kim Jong Un", ()), ("Kim John Un", ())], []),  # two letters apart: too far without more evidence
    ([("Mike Pence", ()), ("Pence’s office", ()), ("Mike Pence’s office", ())], [{"Mike Pence’s office", "Pence’s office"}]),
    # name variants of one person: middle initials, suffixes, nicknames, middle or maiden names
    ([("Donald Trump", ()), ("Donald J. Trump", ())], [{"Donald Trump", "Donald J. Trump"}]),
    ([("Joe Biden", ()), ("Joseph R. Biden Jr.", ())], [{"Joe Biden", "Joseph R. Biden Jr."}]),
    ([("Hillary Clinton", ()), ("Hillary Rodham Clinton", ())], [{"Hillary Clinton", "Hillary Rodham Clinton"}]),
    ([("Bill Clinton", ()), ("William J. Clinton", ()), ("Hillary Clinton", ())], [{"Bill Clinton", "William J. Clinton"}]),
    ([("Bill Smith", ("the senator",)), ("William Smith", ("senator from Ohio",))], [{"Bill Smith", "William Smith"}]),
    ([("Bill Smith", ()), ("William Smith", ())], []),  # a nickname link alone is not enough evidence
    ([("James Comey", ()), ("James B. Comey", ())], [{"James Comey", "James B. Comey"}]),
    ([("Reince Priebus", ()), ("Reince Preibus", ())], [{"Reince Priebus", "Reince Preibus"}]),
    # a shorter name stays apart when its fuller forms disagree with each other
    ([("George Bush", ()), ("George W. Bush", ()), ("George H. W. Bush", ())], []),
    ([("Joseph R. Biden Jr.", ()), ("Joseph R. Biden Sr.", ())], []),
    # a body and the abbreviation only it has
    ([("Federal Election Commission", ()), ("FEC", ())], [{"Federal Election Commission", "FEC"}]),
    # never: a lone first name, an unresolved surname, a common word into a longer name
    ([("Bob", ()), ("Bob Vander Plaats", ())], []),
    ([("State", ()), ("Islamic State", ())], []),
    ([("The Hill", ()), ("Capitol Hill", ())], []),
    ([("Washington", ()), ("Washington Free Beacon", ())], []),
    ([("the AP", ()), ("AP-GfK Poll", ())], []),
    ([("Republicans", ()), ("Catholic Republicans", ())], []),
    ([("Heather Nauert", ()), ("Nauert", ())], []),
    ([("John Smith", ()), ("Jane Smith", ()), ("Smith", ())], []),
    # a nickname needs the same role, not a word around two roles (seen on PolNeAR: "the Lincoln
    # actor" resolved to Gary Johnson, and a founder of the Lincoln Initiative)
    ([("Gary Johnson", ("lincoln actor",)), ("Garrett Johnson", ("founder of the lincoln initiative",))], []),
    ([("Ben Rhodes", ("deputy national security adviser",)), ("Benjamin J. Rhodes", ("adviser",))], [["Ben Rhodes", "Benjamin J. Rhodes"]]),
]


def groups_of(records: list[SpeakerRecord], blocked=None) -> list[list[str]]:
    names = {r.id: r.name for r in records}
    groups: dict[int, set[str]] = {}
    for merge in find_merges(records, blocked):
        groups.setdefault(merge.keep, {names[merge.keep]}).add(names[merge.merge])
        assert merge.reason
    return sorted(map(sorted, groups.values()))


@pytest.mark.parametrize("speakers,expected", IDENTITY_CASES)
def test_speaker_identity(speakers, expected):
    records = [SpeakerRecord(i, name, roles) for i, (name, roles) in enumerate(speakers, start=1)]
    assert groups_of(records) == sorted(map(sorted, expected))


def test_a_user_split_is_not_redone():
    records = [SpeakerRecord(1, "Donald Trump"), SpeakerRecord(2, "Donald J. Trump")]
    assert find_merges(records, blocked={frozenset({"donald trump", "donald j. trump"})}) == []


def test_a_user_join_is_kept_even_over_an_earlier_split():
    records = [SpeakerRecord(1, "Nick Ayers"), SpeakerRecord(2, "Nick Ayres")]
    merges = find_merges(records, blocked={frozenset({"nick ayers", "nick ayres"})}, joined=[(1, 2, "same press aide")])
    assert [(m.merge, m.reason) for m in merges] == [(2, "same press aide")] or [(m.merge, m.reason) for m in merges] == [(1, "same press aide")]


def test_anonymous_and_group_sources_never_merge_across_articles():
    records = [
        SpeakerRecord(1, "officials", kind="anonymous", article_id=1),
        SpeakerRecord(2, "officials", kind="anonymous", article_id=2),
        SpeakerRecord(3, "Republicans", kind="group", article_id=1),
        SpeakerRecord(4, "Republicans", kind="group", article_id=2),
    ]
    assert find_merges(records) == []


def test_the_displayed_name_is_the_full_form_most_outlets_print():
    records = [
        SpeakerRecord(1, "Donald J. Trump", mentions=147, outlets=1),
        SpeakerRecord(2, "Donald Trump", mentions=805, outlets=7),
        SpeakerRecord(3, "Nick Ayres", ("chief of staff",), outlets=1),
        SpeakerRecord(4, "Nick Ayers", ("chief of staff",), outlets=3),
    ]
    assert {(m.keep, m.merge, m.named_by) for m in find_merges(records)} == {(1, 2, 2), (3, 4, 4)}  # the oldest keeps the id


def test_merges_do_not_depend_on_ids_or_order():
    names = [name for speakers, _ in IDENTITY_CASES for name, _ in speakers]
    roles = {name: r for speakers, _ in IDENTITY_CASES for name, r in speakers}
    names = sorted(set(names))

    def outcome(seed: int) -> set[tuple[str, str, str]]:
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        records = [SpeakerRecord(i, name, roles[name]) for i, name in enumerate(shuffled, start=10)]
        by_id = {r.id: r.name for r in records}
        return {(by_id[m.named_by], m.reason) for m in find_merges(records)}  # ids, so which row keeps them, may differ

    assert outcome(1) == outcome(2) == outcome(3)


@pytest.mark.parametrize(
    "names",
    [
        ("Donald Trump", "Donald Trump Jr"),  # the son
        ("Donald J. Trump", "Donald Trump Jr"),
        ("Gary Johnson", "Garrett Johnson"),  # the nickname table links Gary and Garrett: two given names
        ("Will Rogers", "Fred Rogers"),  # the nickname table links Will and Wilfred, not Will and Fred
        ("ACU", "Eswar Prasad, a professor of international economics at Cornell University"),
    ],
)
def test_wrong_merges_seen_on_polnear_stay_apart(names):
    assert find_merges([SpeakerRecord(i, n) for i, n in enumerate(names, start=1)]) == []


@pytest.mark.parametrize(
    "quotes_a,quotes_b,joined",
    [
        ({"we will win this state in november"}, {"we will win this state in november"}, True),
        ({"we will win this state in november"}, {"the polls are wrong and we know it"}, False),
        (set(), set(), False),
    ],
)
def test_a_one_letter_spelling_joins_on_the_same_quote(quotes_a, quotes_b, joined):
    records = [SpeakerRecord(1, "Chris Johnson", quotes=frozenset(quotes_a)), SpeakerRecord(2, "Chris Johnston", quotes=frozenset(quotes_b))]
    merges = find_merges(records)
    assert bool(merges) == joined
    assert all("same quote" in m.reason for m in merges)
