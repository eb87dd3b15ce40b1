"""The vocabulary data files (quotetrack/data/vocabulary/): well formed, no word twice, no
class that its roles contradict, and the one inflector behind every plural and verb form."""

from __future__ import annotations

import pytest

from quotetrack import cues
from quotetrack.cues import CONTENT_AFTER, CUE_WITH, entries, parse_entries, parse_word_lists
from quotetrack.errors import VocabularyError
from quotetrack.inflection import word_forms

# which roles allow which class: a verb's class must be one its roles report
CLASS_OF_ROLES = {"speech": {"clause", "object"}, "belief": {"belief", "impression"}, "evidence": {"evidence"}}


def test_a_word_twice_is_an_error():
    with pytest.raises(VocabularyError, match="cue_verbs.txt:2: 'say' is already on line 1"):
        parse_entries("cue_verbs.txt", [(1, "say speech clause"), (2, "say belief belief")])


@pytest.mark.parametrize(
    "line, problem",
    [("say talk clause", "unknown class"), ("say speech shouts", "unknown role")],
)
def test_a_malformed_line_is_an_error(line, problem):
    with pytest.raises(VocabularyError, match=problem):
        parse_entries("cue_verbs.txt", [(1, line)])


def test_an_entry_twice_in_a_word_list_is_an_error():
    with pytest.raises(VocabularyError, match="already in its section"):
        parse_word_lists([(1, "[abbreviations]"), (2, "mr"), (3, "mr")])


@pytest.mark.parametrize("name", ["cue_verbs.txt", "nouns.txt"])
def test_the_shipped_files_load(name):
    assert entries(name)


@pytest.mark.parametrize("verb", sorted(entries("cue_verbs.txt").values(), key=lambda e: e.word), ids=lambda e: e.word)
def test_each_verb_class_is_one_its_roles_report(verb):
    """The class is explicit: a verb in several roles says which class wins, and that class must
    be one of its roles' ("promise speech clause belief object" is fine, "aim speech belief" is not)."""
    if verb.cue_class is None:
        assert not verb.roles & set().union(*CLASS_OF_ROLES.values()), f"{verb.word} reports on its own: give it a class"
        assert verb.particles or verb.roles, f"{verb.word} has neither a class, a role nor a particle: nothing reads it"
    else:
        assert verb.roles & CLASS_OF_ROLES[verb.cue_class], f"{verb.word}: class {verb.cue_class} but roles {sorted(verb.roles)}"


@pytest.mark.parametrize("name", ["cue_verbs.txt", "nouns.txt"])
def test_no_particle_both_makes_a_cue_and_introduces_its_content(name):
    for entry in entries(name).values():
        both = entry.particles.get(CUE_WITH, frozenset()) & entry.particles.get(CONTENT_AFTER, frozenset())
        assert not both, f"{entry.word}: {sorted(both)} in both {CUE_WITH} and {CONTENT_AFTER}"


@pytest.mark.parametrize(
    "lemma, pos, form",
    [("story", "noun", "stories"), ("speech", "noun", "speeches"), ("claim", "noun", "claims"),
     ("say", "verb", "says"), ("deny", "verb", "denies"), ("vouch", "verb", "vouching")],
)
def test_one_inflector_gives_plurals_and_verb_forms(lemma, pos, form):
    assert form in word_forms([lemma], pos)


@pytest.mark.parametrize(
    "verb, particles, expected",
    [("say", set(), "speech"), ("suggest", set(), "speech"), ("believe", set(), "belief"),
     ("show", set(), "evidence"), ("point", set(), None), ("point", {"out"}, "speech"),
     ("hoping", set(), None), ("hop", set(), "belief"), ("eat", set(), None)],
)
def test_cue_class_reads_the_data(verb, particles, expected):
    assert cues.cue_class(verb, particles) == expected


@pytest.mark.parametrize(
    "verb, noun, expected",
    [("tell", "stories", {"of", "about"}), ("tell", "story", {"of", "about"}), ("take", "issues", {"with"}),
     ("take", "bus", set())],
)
def test_idioms_in_both_numbers(verb, noun, expected):
    assert cues.idiom_prepositions(verb, noun) == expected
