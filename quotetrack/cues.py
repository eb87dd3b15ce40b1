"""The reporting vocabulary of news, read once from the data files in quotetrack/data/vocabulary/
(cue_verbs.txt, nouns.txt, idioms.txt, words.txt: each says its format at its top). This module
only reads them and gives the rules the views they need; adding a cue verb is one line in
cue_verbs.txt. tests/test_cues.py checks the files for duplicates and conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .errors import VocabularyError
from .inflection import word_forms

CUE_CLASSES = ("speech", "belief", "evidence")
# How a verb's content is found (see cue_verbs.txt); the particle tags carry their words.
VERB_ROLES = frozenset(
    "clause belief impression evidence object passive clause-only addressee infinitive produces verbatim naming".split()
)
NOUN_ROLES = frozenset("nominal document produced poll message idea".split())
# The particle tags of verbs and nouns: one shape ("WORD:P,Q"), two meanings.
CUE_WITH = "cue-with"  # the particle makes the word a cue: "pointed out that …"
CONTENT_AFTER = "content-after"  # the preposition's object is the content: "vouched for Trump"


@dataclass(frozen=True)
class Entry:
    """One line of cue_verbs.txt or nouns.txt."""

    word: str
    cue_class: str | None
    roles: frozenset[str]
    particles: dict[str, frozenset[str]]  # CUE_WITH / CONTENT_AFTER -> words
    line: int


def _lines(name: str) -> list[tuple[int, str]]:
    """(line number, text) of a data file, without comments and blank lines."""
    text = files("quotetrack").joinpath("data", "vocabulary", name).read_text(encoding="utf-8")
    return [(n, line.split("#", 1)[0].strip()) for n, line in enumerate(text.splitlines(), 1) if line.split("#", 1)[0].strip()]


def _entry(name: str, number: int, fields: list[str], roles: frozenset[str]) -> Entry:
    cue_class, tags = (fields[1], fields[2:]) if name == "cue_verbs.txt" else ("-", fields[1:])
    if cue_class != "-" and cue_class not in CUE_CLASSES:
        raise VocabularyError(f"{name}:{number}: unknown class {cue_class!r}")
    particles: dict[str, frozenset[str]] = {}
    plain = set()
    for tag in tags:
        kind, _, words = tag.partition(":")
        if words and kind in (CUE_WITH, CONTENT_AFTER):
            particles[kind] = frozenset(words.split(","))
        elif tag in roles:
            plain.add(tag)
        else:
            raise VocabularyError(f"{name}:{number}: unknown role {tag!r}")
    return Entry(fields[0], None if cue_class == "-" else cue_class, frozenset(plain), particles, number)


def parse_entries(name: str, lines: list[tuple[int, str]]) -> dict[str, Entry]:
    """The lines of cue_verbs.txt or nouns.txt by word; a word on two lines is an error."""
    roles = VERB_ROLES if name == "cue_verbs.txt" else NOUN_ROLES
    found: dict[str, Entry] = {}
    for number, text in lines:
        entry = _entry(name, number, text.split(), roles)
        if entry.word in found:
            raise VocabularyError(f"{name}:{number}: {entry.word!r} is already on line {found[entry.word].line}")
        found[entry.word] = entry
    return found


@cache
def entries(name: str) -> dict[str, Entry]:
    """cue_verbs.txt or nouns.txt, read once."""
    return parse_entries(name, _lines(name))


def parse_word_lists(lines: list[tuple[int, str]]) -> dict[str, tuple[str, ...]]:
    """The sections of words.txt: name -> entries in file order; a section twice, or an entry
    twice in a section, is an error."""
    sections: dict[str, list[str]] = {}
    current = None
    for number, text in lines:
        if text.startswith("[") and text.endswith("]"):
            if text[1:-1] in sections:
                raise VocabularyError(f"words.txt:{number}: section {text} is already there")
            current = sections.setdefault(text[1:-1], [])
        elif current is None:
            raise VocabularyError(f"words.txt:{number}: an entry before the first [section]")
        elif text in current:
            raise VocabularyError(f"words.txt:{number}: {text!r} is already in its section")
        else:
            current.append(text)
    return {name: tuple(words) for name, words in sections.items()}


@cache
def word_lists() -> dict[str, tuple[str, ...]]:
    """words.txt, read once."""
    return parse_word_lists(_lines("words.txt"))


def _verbs(role: str) -> frozenset[str]:
    return frozenset(e.word for e in entries("cue_verbs.txt").values() if role in e.roles)


def _nouns(role: str) -> frozenset[str]:
    """Nouns of a role in both numbers: a selective parse lemmatizes only verbs."""
    return word_forms((e.word for e in entries("nouns.txt").values() if role in e.roles), "noun")


def _particles(name: str, kind: str, pos: str | None = None) -> dict[str, frozenset[str]]:
    """word (or, with `pos`, each of its forms) -> the particles of `kind`."""
    chosen = {e.word: e.particles[kind] for e in entries(name).values() if kind in e.particles}
    if pos is None:
        return chosen
    return {form: particles for word, particles in chosen.items() for form in word_forms([word], pos)}


def _word_list(section: str) -> frozenset[str]:
    return frozenset(word_lists()[section])


# --- verbs (cue_verbs.txt) --------------------------------------------------------------------

COMMUNICATION_VERBS = _verbs("clause")  # report speech or writing with a clause
BELIEF_VERBS = _verbs("belief")  # beliefs, decisions, intentions: "believe that …", "plans to …"
IMPRESSION_VERBS = _verbs("impression")  # "Clinton seemed irritated": the whole clause, no source
EVIDENCE_VERBS = _verbs("evidence")  # what a poll or study "shows": the document is the source
STANCE_VERBS = _verbs("object")  # content is the object or a prepositional phrase: "endorsed Cruz"
PASSIVE_CUES = _verbs("passive")  # "Trump is expected to win", "she is said to be furious"
CLAUSE_ONLY_CUES = _verbs("clause-only")  # "added a layer" is no report
ADDRESSEE_VERBS = _verbs("addressee")  # "told reporters": the object is the audience
INFINITIVE_CUES = _verbs("infinitive")  # "looked to stop the bleeding", "opted to skip"
PRODUCING_VERBS = _verbs("produces")  # "issued a statement that …": the subject made the document
VERBATIM_CUES = _verbs("verbatim")  # "he said “probably not.”": even a short quote after it is an utterance
NAMING_CUES = _verbs("naming")  # "called the plan “a bandage solution”": the quoted object is the subject's words
PHRASAL_CUES = _particles("cue_verbs.txt", CUE_WITH)  # "pointed out", "sees him as"
PREPOSITIONAL_CUES = _particles("cue_verbs.txt", CONTENT_AFTER)  # "vouched for Trump"
# Every verb lemma with a class: what can cue an attribution on its own.
CUE_VERBS = frozenset(e.word for e in entries("cue_verbs.txt").values() if e.cue_class)

# --- nouns (nouns.txt) -----------------------------------------------------------------------

NOMINAL_CUES = _nouns("nominal")  # "Trump’s claim that …", "her pledge to …"
NOMINAL_PREPOSITION_CUES = _particles("nouns.txt", CONTENT_AFTER, "noun")  # "his attacks on Clinton"
NOMINAL_CUE_FORMS = NOMINAL_CUES | frozenset(NOMINAL_PREPOSITION_CUES)
DOCUMENT_NOUNS = _nouns("document")  # "In a CNN poll, 52 percent …"
PRODUCED_NOUNS = DOCUMENT_NOUNS | _nouns("produced")  # "posted a message reading …"
POLL_NOUNS = _nouns("poll")  # "In a CBS poll, she led Sanders": the poll speaks
MESSAGE_NOUNS = _nouns("message")  # "its president had a message for management." announces the next quote
GENERIC_IDEAS = _nouns("idea")  # "conventional wisdom holds …": an idea, not someone who speaks

# --- idioms (idioms.txt) ---------------------------------------------------------------------


@cache
def idioms() -> dict[tuple[str, str], frozenset[str]]:
    """(verb lemma, object as written, in both numbers) -> the prepositions whose object is the content."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for number, text in _lines("idioms.txt"):
        verb, noun, prepositions = text.split()
        if (verb, noun) in found:
            raise VocabularyError(f"idioms.txt:{number}: {verb} {noun} is already listed")
        found.update({(verb, form): frozenset(prepositions.split(",")) for form in word_forms([noun], "noun")})
    return found


def idiom_prepositions(verb_lemma: str, object_word: str) -> frozenset[str]:
    """Where the content of "take issue with X", "raise questions about X" is, given the verb's
    lemma and its object as written; empty when the pair is no cue."""
    return idioms().get((verb_lemma, object_word.lower()), frozenset())


# --- word lists (words.txt) ------------------------------------------------------------------

SOURCE_PREPOSITIONS = _word_list("source-prepositions")
VENUE_PREPOSITIONS = _word_list("venue-prepositions")
VENUE_NOUNS = _word_list("venue-nouns")
MEDIUM_NOUNS = _word_list("medium-nouns")
NOT_SPEAKERS = _word_list("not-speakers")
PRONOUNS_PERSON = _word_list("person-pronouns")
PRONOUNS_PLURAL = _word_list("plural-pronouns")
RELATIVE_PRONOUNS = _word_list("relative-pronouns")
ABBREVIATIONS = _word_list("abbreviations")
NOT_TURN_LABELS = _word_list("not-turn-labels")
NOT_HEADLINE_SOURCES = _word_list("not-headline-sources")
PLACE_LABELS = _word_list("place-labels")
ADDRESSEES = _word_list("addressees")
WORK_NOUNS = _word_list("work-nouns")  # "his book, “Crippled America …”": the quote names a work
STANCE_ADJECTIVES = _word_list("stance-adjectives")  # "is critical of …", "are confident that …"
STANCE_PREPOSITIONS = _word_list("stance-prepositions")  # "critical of", "worried about"
COPULAS = _word_list("copulas")  # "remains wary of"
PASSIVE_PREPOSITIONS = _word_list("passive-prepositions")  # "is seen as …", "was accused of …"
LEMMA_FIXES: dict[str, str] = dict(pair.split() for pair in word_lists()["lemma-fixes"])


def cue_lemma(lemma: str) -> str:
    """A verb's lemma as the cue lexicon spells it."""
    lemma = lemma.lower()
    return LEMMA_FIXES.get(lemma, lemma)


def is_speech_verb(lemma: str, particles: set[str] | frozenset[str] = frozenset()) -> bool:
    """A reporting verb, or a phrasal one whose particle is present."""
    return cue_class(lemma, particles) is not None


def cue_class(lemma: str, particles: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The class cue_verbs.txt gives the verb; a verb with none is a speech cue with one of its
    `cue-with` particles ("pointed out"); None for any other word."""
    entry = entries("cue_verbs.txt").get(cue_lemma(lemma))
    if entry is None:
        return None
    if entry.cue_class is None and entry.particles.get(CUE_WITH, frozenset()) & set(particles):
        return "speech"
    return entry.cue_class


# The triggers of the rules (see quotes/registry.py): what the selective parse looks for.
SPEECH_VERBS: frozenset[str] = frozenset(lemma for lemma in CUE_VERBS if cue_class(lemma) == "speech")
PHRASAL_PAIRS: tuple[tuple[str, frozenset[str]], ...] = tuple(PHRASAL_CUES.items())
# prepositional and idiom cues ("vouched for", "took issue with") and intentions ("opted to")
IDIOM_PAIRS: tuple[tuple[str, frozenset[str]], ...] = (
    *PREPOSITIONAL_CUES.items(),
    *((verb, frozenset(form for (v, form) in idioms() if v == verb)) for verb in sorted({v for v, _ in idioms()})),
    *((verb, frozenset({"to"})) for verb in INFINITIVE_CUES),
)
