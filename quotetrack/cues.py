"""The reporting vocabulary of news: verbs and phrases that introduce what someone said."""

from __future__ import annotations

# Lemmas of verbs that report speech or writing: what a fact-checker asks for first.
COMMUNICATION_VERBS: frozenset[str] = frozenset(
    """
    say tell add announce report confirm declare explain claim warn insist argue acknowledge
    note write tweet post deny state assert admit allege reply respond answer ask predict
    promise pledge vow threaten reveal disclose testify recall remark comment observe stress
    emphasize emphasise underline mention repeat reiterate concede contend maintain complain
    boast brag joke quip exclaim shout yell scream whisper mutter urge caution advise recommend
    propose demand conclude indicate signal hint imply protest object counter retort rebut
    dispute question wonder grouse grumble lament agree suggest continue charge accuse describe
    speculate estimate inform assure reassure notify proclaim concur affirm swear certify attest
    opine posit theorize blast slam criticize criticise praise laud fume rail scoff snap sneer
    muse reason counsel plead beg call
    """.split()
)

# Attributed beliefs, decisions and intentions ("Republicans believe that …", "she refused to
# …", "Trump wants to build a wall"): PolNeAR counts them as attributions, but they are not
# statements, so they come out under their own rule name (and a lower prior). Without a
# clause their content is the infinitive only ("plans to vote", not "wants homes").
BELIEF_VERBS: frozenset[str] = frozenset(
    """
    think believe feel know expect hope fear doubt worry suspect assume consider
    intend decide refuse decline seek insist understand recognize realize
    want plan aim like agree offer promise vow pledge threaten prefer wish
    learn calculate demonstrate
    """.split()
)

# Impressions the writer reports without a source: "Clinton seemed irritated", "investors
# appear to agree". The whole clause is the content.
IMPRESSION_VERBS: frozenset[str] = frozenset({"seem", "appear"})

# What a poll, report or study "shows": the document is the source.
EVIDENCE_VERBS: frozenset[str] = frozenset("show find reveal indicate suggest conclude".split())

# Stances whose content is the object or a prepositional phrase ("criticized the president’s
# foreign policy", "endorsed Cruz", "called for a ban", "talked about jobs"). Each was kept
# because, on PolNeAR train, more than about 40% of what it finds is an annotated attribution.
STANCE_VERBS: frozenset[str] = frozenset(
    """
    vote push seek
    criticize criticise support endorse oppose back praise accuse blame condemn defend attack
    applaud reject cite propose deny announce describe call say vow promise pledge threaten
    urge demand dismiss question challenge welcome
    portray characterize quote reference mention recall list express voice repeat echo
    tweet email text chant tout boast highlight disclose release issue share lay offer
    talk discuss refer respond reply remind recommend advocate press order approve rule
    decry denounce mock ridicule deride slam blast lambaste excoriate chide scold rebuke berate
    deem label brand dub credit thank apologize compare liken nominate view sound prefer
    show
    outline detail recount hail recite resist downplay bemoan disavow repudiate bash assail articulate
    reaffirm contemplate contradict admire float champion ignore address name publish identify remember
    encourage
    """.split()
)

# Every verb lemma that can cue an attribution (parsing.py's prefilter parses the paragraphs
# that hold one of their forms, so all of them belong here).
CUE_VERBS: frozenset[str] = COMMUNICATION_VERBS | BELIEF_VERBS | EVIDENCE_VERBS | STANCE_VERBS | IMPRESSION_VERBS

def _with_plurals(nouns: frozenset[str]) -> frozenset[str]:
    """Nouns as written in both numbers: in a selective parse only verbs are lemmatized."""
    def plural(noun: str) -> str:
        if noun.endswith(("s", "sh", "ch")):
            return noun + "es"
        return noun[:-1] + "ies" if noun.endswith("y") and noun[-2] not in "aeiou" else noun + "s"
    return nouns | frozenset(plural(noun) for noun in nouns)


# Nouns whose clause reports what someone said, believes or wants, and whose owner is its
# source: "Trump’s claim that …", "her pledge to …", "his point was that …".
NOMINAL_CUES: frozenset[str] = _with_plurals(frozenset(
    """
    claim assertion suggestion warning argument allegation accusation promise pledge vow concern
    fear complaint belief insistence demand criticism endorsement announcement admission denial
    prediction contention assurance condemnation call case desire statement commitment decision
    refusal reluctance confidence comment point hope message response answer strategy speech goal
    plan idea
    """.split()
))
# Nouns whose prepositional object is what someone said or thinks, by the preposition that
# introduces it: "his attacks on Clinton", "her questions about the server", "his defense of
# the deal" (other prepositions mostly give a topic or a target: "his views on trade").
NOMINAL_PREPOSITION_CUES: dict[str, frozenset[str]] = {
    form: frozenset(prepositions.split())
    for nouns, prepositions in (
        ("attack", "on against"),
        ("question concern remark", "about"),
        ("comment", "about on"),
        ("criticism endorsement view assessment embrace defense announcement praise condemnation", "of"),
        ("call case request proposal argument complaint", "for"),
        ("opposition", "to"),
    )
    for noun in nouns.split()
    for form in _with_plurals(frozenset({noun}))
}
NOMINAL_CUE_FORMS: frozenset[str] = NOMINAL_CUES | frozenset(NOMINAL_PREPOSITION_CUES)


# Verbs that report an attribution in the passive without saying whose it is: "Trump is
# expected to win", "the vote is seen as a test", "she is said to be furious".
PASSIVE_CUES: frozenset[str] = frozenset(
    "expect see consider believe think say report know rumor project estimate predict view regard".split()
)

# Documents and occasions that are the source of what a clause says: "In a CNN poll, 52
# percent backed Clinton", "In an interview, the senator …".
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    poll polls survey surveys interview interviews statement statements letter letters op-ed
    tweet tweets post posts report reports study studies speech speeches memo email emails
    filing ad ads video videos editorial column book analysis release
    """.split()
)

# Reporting verbs whose object is not what was said ("added a layer", "continued the fight",
# "maintained the roads"): they report only with a clause.
CLAUSE_ONLY_CUES: frozenset[str] = frozenset({"add", "maintain", "continue"})

# Verbs whose object is the person addressed, not the content ("told reporters").
ADDRESSEE_VERBS: frozenset[str] = frozenset("tell ask inform assure reassure notify urge advise warn".split())

# Verbs that cue an attribution only with a particle or preposition: "pointed out that …",
# "pointed to the polls", "spoke about jobs", "sees him as a uniter".
PHRASAL_CUES: dict[str, frozenset[str]] = {
    "point": frozenset({"out", "to"}),
    "spell": frozenset({"out"}),
    "make": frozenset({"clear"}),
    "speak": frozenset({"about", "of", "out"}),
    "focus": frozenset({"on"}),
    "push": frozenset({"for"}),
    "cast": frozenset({"as"}),
    "see": frozenset({"as"}),
    "regard": frozenset({"as"}),
    "single": frozenset({"out"}),
}

# Verbs that cue an attribution only through one preposition, whose object is the content:
# "vouched for Trump", "railed against the deal", "commented on the ruling". Each kept because
# on PolNeAR train at least about 40% of what it finds is an annotated attribution.
PREPOSITIONAL_CUES: dict[str, frozenset[str]] = {
    verb: frozenset(prepositions.split())
    for verb, prepositions in {
        "vouch": "for", "touch": "on", "double": "on", "balk": "at", "lash": "at", "rail": "against",
        "side": "with", "comment": "on", "warn": "of against", "complain": "about of", "brag": "about",
        "boast": "about", "joke": "about", "argue": "for against", "caution": "against", "plead": "for",
        "muse": "about", "write": "about", "differ": "on", "bank": "on", "hope": "for", "distance": "from",
        "grapple": "with", "campaign": "against", "open": "about", "come": "against", "hint": "at",
        "remark": "on upon",
    }.items()
}

# Verbs that cue an intention with an infinitive: "looked to stop the bleeding", "opted to skip
# the debate".
INFINITIVE_CUES: frozenset[str] = frozenset({"look", "opt"})

# Light verbs and idioms: a verb with this object cues an attribution whose content is the
# object of the given preposition ("took issue with X", "made the case for X", "raised
# questions about X"), or "to" for an infinitive on the object ("has no plans to run").
IDIOM_CUES: dict[tuple[str, str], frozenset[str]] = {
    (verb, noun): frozenset(prepositions.split())
    for verb, nouns in {
        "take": {"issue": "with", "aim": "at", "shot": "at", "swipe": "at", "jab": "at", "credit": "for",
                 "stand": "on against", "stance": "on against", "position": "on against"},
        "make": {"case": "for against to", "mention": "of", "comment": "about on", "statement": "about on",
                 "remark": "about on", "reference": "to", "secret": "of", "argument": "for against",
                 "apology": "for", "joke": "about", "pitch": "for"},
        "raise": {"question": "about", "doubt": "about", "concern": "about"},
        "draw": {"attention": "to", "contrast": "with between"},
        "throw": {"support": "behind to", "weight": "behind"},
        "have": {"word": "for", "view": "on", "opinion": "of", "plan": "to", "praise": "for"},
        "deliver": {"speech": "on about", "address": "on about", "defense": "of", "critique": "of"},
        "turn": {"attention": "to"},
        "provide": {"detail": "about on"},
        "face": {"question": "about"},
        "tell": {"story": "of about"},
        "claim": {"responsibility": "for", "credit": "for"},
    }.items()
    for noun, prepositions in nouns.items()
}


def noun_forms(noun: str) -> frozenset[str]:
    """A noun and its plural as written: a selective parse lemmatizes only verbs."""
    return frozenset({noun, noun + ("es" if noun.endswith(("s", "sh", "ch")) else "s")})


def idiom_prepositions(verb_lemma: str, object_word: str) -> frozenset[str]:
    """Where the content of "take issue with X", "raise questions about X" is, given the verb's
    lemma and its object as written; empty when the pair is no cue."""
    for (verb, noun), prepositions in IDIOM_CUES.items():
        if verb == verb_lemma and object_word.lower() in noun_forms(noun):
            return prepositions
    return frozenset()


# Multi-word cues that put the source after the content: "according to X".
SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"according"})

# Words that are never speakers on their own.
NOT_SPEAKERS: frozenset[str] = frozenset({"it", "this", "that", "there", "what", "which"})

# Heads of noun phrases that name an idea, not someone who speaks: "a common belief says …",
# "conventional wisdom holds …" report no statement.
GENERIC_IDEAS: frozenset[str] = frozenset(
    "belief beliefs wisdom adage saying sayings notion idea theory myth proverb cliche cliché maxim lore legend".split()
)

# Verbs that hand over to the speaker's own words, so that even a short quote right after them
# is an utterance ("he said “probably not.”", "ended by saying “we are not done.”").
VERBATIM_CUES: frozenset[str] = frozenset(
    "say tell add reply answer respond tweet write post declare ask shout yell scream whisper quip joke conclude explain insist".split()
)

# Nouns of a sentence that announces speech without giving it, so that the quote in the next
# paragraph is what was said: "its president had a message for management."
MESSAGE_NOUNS: frozenset[str] = frozenset("message warning word words advice plea answer reply response".split())

# Verbs whose quoted object or complement is the subject's own words: "called the plan “a
# bandage solution”", "described the talks as «useful but slow»", "blamed “men who hate the
# city”", "dismissed it as ''Clinton talking points''".
NAMING_CUES: frozenset[str] = frozenset(
    """
    call describe dismiss label brand dub term characterize characterise portray deride decry
    denounce condemn blame hail praise slam blast mock ridicule deem
    """.split()
)

PRONOUNS_PERSON: frozenset[str] = frozenset({"he", "she", "him", "her", "his", "i", "we", "you"})
PRONOUNS_PLURAL: frozenset[str] = frozenset({"they", "them", "we"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"which", "who", "that", "whom"})

# Verbs whose object is a document or message made by the subject ("Trump posted a message
# reading …", "she issued a statement that …"): the subject is the source of what it says.
PRODUCING_VERBS: frozenset[str] = frozenset(
    "post issue release publish write send deliver give draft tweet retweet sign file unveil share pen air run put".split()
)
PRODUCED_NOUNS: frozenset[str] = DOCUMENT_NOUNS | frozenset("message messages note notes remarks".split())


# Lemmas the model gets wrong for reporting verbs ("hoping" -> "hop").
LEMMA_FIXES: dict[str, str] = {"hop": "hope"}


def cue_lemma(lemma: str) -> str:
    """A verb's lemma as the cue lexicon spells it."""
    lemma = lemma.lower()
    return LEMMA_FIXES.get(lemma, lemma)


def is_speech_verb(lemma: str, particles: set[str] | frozenset[str] = frozenset()) -> bool:
    """A reporting verb, or a phrasal one whose particle is present."""
    return cue_class(lemma, particles) is not None


def cue_class(lemma: str, particles: set[str] | frozenset[str] = frozenset()) -> str | None:
    """'speech', 'belief' or 'evidence' for a cue verb (speech wins where a verb is both), else None."""
    lemma = cue_lemma(lemma)
    if lemma in COMMUNICATION_VERBS:
        return "speech"
    needed = PHRASAL_CUES.get(lemma)
    if needed and needed & set(particles):
        return "speech"
    if lemma in EVIDENCE_VERBS:
        return "evidence"
    if lemma in BELIEF_VERBS or lemma in IMPRESSION_VERBS:
        return "belief"
    if lemma in STANCE_VERBS:
        return "speech"
    return None


# The triggers of the rules (see quotes/registry.py): what the selective parse looks for.
SPEECH_VERBS: frozenset[str] = frozenset(lemma for lemma in CUE_VERBS if cue_class(lemma) == "speech")
PHRASAL_PAIRS: tuple[tuple[str, frozenset[str]], ...] = tuple(PHRASAL_CUES.items())
# prepositional and idiom cues ("vouched for", "took issue with") and intentions ("opted to")
IDIOM_PAIRS: tuple[tuple[str, frozenset[str]], ...] = (
    *PREPOSITIONAL_CUES.items(),
    *((verb, noun_forms(noun)) for verb, noun in IDIOM_CUES),
    *((verb, frozenset({"to"})) for verb in INFINITIVE_CUES),
)
