"""The reporting vocabulary of news: verbs and phrases that introduce what someone said."""

from __future__ import annotations

# Lemmas of verbs that report speech or writing. Kept to communication: belief verbs
# ("think", "believe") and evidence verbs ("show", "find") are left out on purpose, since a
# fact-checker asks what someone *said*.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add announce report confirm declare explain claim warn insist argue acknowledge
    note write tweet post deny state assert admit allege reply respond answer ask predict
    promise pledge vow threaten reveal disclose testify recall remark comment observe stress
    emphasize emphasise underline mention repeat reiterate concede contend maintain complain
    boast brag joke quip exclaim shout yell scream whisper mutter urge caution advise recommend
    propose demand conclude indicate signal hint imply protest object counter retort rebut
    dispute question wonder grouse grumble lament agree suggest continue charge accuse describe
    explain predict speculate estimate inform assure reassure notify announce proclaim
    acknowledge concur affirm swear certify attest opine posit theorize blast slam criticize
    criticise praise laud fume rail scoff snap sneer muse reason counsel plead beg call
    """.split()
)

# Verbs that take the speaker as subject only with a particle: "pointed out that ...".
PHRASAL_CUES: dict[str, frozenset[str]] = {
    "point": frozenset({"out"}),
    "spell": frozenset({"out"}),
    "make": frozenset({"clear"}),
}

# Multi-word cues that put the source after the content: "according to X".
SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"according"})

# Words that are never speakers on their own.
NOT_SPEAKERS: frozenset[str] = frozenset({"it", "this", "that", "there", "what", "which"})

PRONOUNS_PERSON: frozenset[str] = frozenset({"he", "she", "him", "her", "i", "we", "you"})
PRONOUNS_PLURAL: frozenset[str] = frozenset({"they", "them", "we"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"which", "who", "that", "whom"})


def is_speech_verb(lemma: str, particles: set[str] | frozenset[str] = frozenset()) -> bool:
    """A reporting verb, or a phrasal one whose particle is present."""
    lemma = lemma.lower()
    if lemma in SPEECH_VERBS:
        return True
    needed = PHRASAL_CUES.get(lemma)
    return bool(needed and needed & set(particles))
