"""The frame of a quote: which tokens are reporting verbs (cue words) and who their speaker is
(a verb's subject, climbing out of participles; the noun phrase around it)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..cues import COMMUNICATION_VERBS, cue_class, cue_lemma, EVIDENCE_VERBS, GENERIC_IDEAS, is_speech_verb, NOT_SPEAKERS, PRODUCED_NOUNS, PRODUCING_VERBS, RELATIVE_PRONOUNS


# --- shared helpers --------------------------------------------------------------------------


def is_cue_token(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
        return False
    return is_speech_verb(token.lemma_, particles_of(token))


def is_passive(verb: Token) -> bool:
    """"was asked about …", or a participle opening the sentence: "Asked about …, she said"."""
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in verb.children)


def cue_span(doc: Doc, verb: Token) -> Span:
    """The verb with its particle ("pointed out"), as written."""
    particles = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return doc[verb.i : (particles[0].i if particles else verb.i) + 1]


# Verbs whose subject "it" is a company, a report or a poll that speaks ("it said in a
# statement", "it found that"), not the dummy "it" of "it seems".
IT_SPEAKS = COMMUNICATION_VERBS | EVIDENCE_VERBS


def speaker_of(verb: Token, doc: Doc) -> Span | None:
    """The subject of a reporting verb, climbing out of participles ("…, saying …")."""
    current = verb
    for _ in range(4):
        # "Trump was prompted to say …": the passive's subject speaks the verb it is prompted to
        if verb.dep_ == "xcomp" and current.i == verb.head.i != verb.i:
            passive_subject = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            if passive_subject is not None and passive_subject.lower_ not in NOT_SPEAKERS:
                return mention(doc, passive_subject)
        # two subjects are a misparse, mostly of a dateline ("LONDON (Reuters) - Trump said"):
        # the one nearest the verb is the speaker
        for child in sorted(current.children, key=lambda c: (c.dep_ != "nsubj", -c.i)):
            if child.dep_ == "nsubj":
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    # "Barkley, who said …": the pronoun is the mention (as annotators mark it);
                    # speakers.py resolves it to the antecedent
                    return _producer(doc, current.head) or doc[child.i : child.i + 1]
                if child.lower_ == "it" and cue_lemma(verb.lemma_) in IT_SPEAKS:
                    return doc[child.i : child.i + 1]
                if child.lower_ in NOT_SPEAKERS:
                    return None
                if child.ent_type_ in ("DATE", "TIME"):
                    return _named_in_date_subject(doc, child)
                return _subject_after_quote(doc, child, verb) or mention(doc, child)
            if child.dep_ == "agent":
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
                if agent is not None:
                    return mention(doc, agent)
        has_own_subject = any(c.dep_ in ("nsubjpass", "expl", "csubj", "csubjpass") for c in current.children)
        noun = None if has_own_subject else _noun_complemented(current)
        if noun is not None:
            # "took the step of criticizing …", "was the first Democrat to endorse …": the
            # subject of the verb the noun hangs on
            holder = _verb_holding(noun)
            if holder is None:
                return None
            current = holder
        elif not has_own_subject and current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head  # "pressured them by threatening …", "after saying …, she left"
        elif not has_own_subject and current.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acomp") and current.head is not current:
            # "voters are more likely to say …": through the adjective to its subject
            # a passive participle ("when asked") names the addressee, not a second report
            current = current.head if current.tag_ == "VBN" else _out_of_reported_clause(current.head)
        elif current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in ("NOUN", "PROPN"):
            return _producer(doc, current.head) or mention(doc, current.head)  # "a super PAC supporting Rubio"
        else:
            return None
    return None


def _noun_complemented(verb: Token) -> Token | None:
    """The noun a subjectless verb completes: "a bid to persuade …" (an infinitive), "the
    strategy of attacking him" (a gerund after a preposition)."""
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        noun = verb.head
    elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        noun = verb.head.head
    else:
        return None
    # an owned noun ("their strategy of attacking him") is mostly no report (14% annotated on train)
    owned = any(c.dep_ == "poss" for c in noun.children)
    return noun if noun.pos_ in ("NOUN", "PRON") and noun is not verb and not owned else None


def _verb_holding(noun: Token) -> Token | None:
    """The verb a noun is the object or complement of, through prepositions ("in a bid to …",
    "went out of his way to …"); None for a subject ("the decision to …  was criticized")."""
    current = noun
    for _ in range(4):
        if current.dep_ in ("dobj", "attr", "pobj", "prep") and current.head is not current:
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                return current
        else:
            return None
    return None


def _producer(doc: Doc, noun: Token) -> Span | None:
    """'Trump' in 'Trump posted a message reading …', 'she issued a statement that …' and 'shot
    back in an editorial stating …': who made the document that speaks (PolNeAR's source)."""
    if noun.lower_ not in PRODUCED_NOUNS:
        return None
    if noun.dep_ == "dobj" and cue_lemma(noun.head.lemma_) in PRODUCING_VERBS:
        return speaker_of(noun.head, doc)
    # "shot back in an editorial stating …": the one who wrote in it
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        return speaker_of(noun.head.head, doc)
    return None


def _is_mark(token: Token, side: str) -> bool:
    """An opening or closing quote mark as the tagger reads it (not the apostrophe of 'Sanders’')."""
    return token.tag_ == side or token.text in ("“‘" if side == "``" else "”") and token.is_punct


def _subject_after_quote(doc: Doc, subject: Token, verb: Token) -> Span | None:
    """'“We were wrong,” Ramos, 58, told AFP': a subject the parser found inside the quote is
    not the speaker; the noun phrase between the closing mark and the verb is."""
    if subject.i > verb.i:
        return None
    sentence_start = verb.sent.start
    marks_before = [t for t in doc[sentence_start : subject.left_edge.i] if _is_mark(t, "``") or _is_mark(t, "''")]
    if not marks_before or not _is_mark(marks_before[-1], "``"):
        return None  # the subject is not inside a quote
    closing = [t.i for t in doc[subject.right_edge.i + 1 : verb.i] if _is_mark(t, "''")]
    if not closing:
        return None
    between = doc[closing[-1] + 1 : verb.i]
    if not any(not t.is_punct for t in between):
        return None
    root = between.root
    if root.pos_ not in ("PROPN", "NOUN", "PRON") or root.ent_type_ in ("DATE", "TIME"):
        return None
    return mention(doc, root)


def _named_in_date_subject(doc: Doc, subject: Token) -> Span | None:
    """'Saturday at the state convention Sen. Elizabeth Warren said …', parsed with the day as the
    subject: a day never speaks; the last person or body named in its phrase does."""
    named = [t for t in subject.subtree if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ != "O" and t.dep_ in ("appos", "pobj", "nsubj")]
    return mention(doc, named[-1]) if named else None


def _out_of_reported_clause(verb: Token) -> Token:
    """'He said his attacks have worked and said …', 'Trump argued that a database would help,
    saying …': a second report hung on the first one's content belongs to the first reporter."""
    while verb.dep_ == "ccomp" and is_cue_token(verb.head) and verb.head is not verb:
        verb = verb.head
    return verb


def mention(doc: Doc, head: Token) -> Span | None:
    """The noun phrase around a speaker head: compounds, possessives, appositives; no clauses."""
    skip: set[int] = set()
    # "A spokesman for the campaign, Brian Fallon, said": the phrase runs on to the name
    appositive_at = max((c.i for c in head.children if c.dep_ == "appos" and c.i > head.i), default=head.i)
    for child in head.children:
        keeps_of_phrase = child.dep_ == "prep" and child.lower_ == "of"
        before_name = child.dep_ in ("prep", "acl") and child.i < appositive_at
        if child.dep_ in ("relcl", "acl", "prep", "advcl", "ccomp") and child.i > head.i and not (keeps_of_phrase or before_name):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip and t.sent == head.sent]
    # stay contiguous around the head
    indices = sorted(t.i for t in tokens)
    lo = hi = head.i
    index_set = set(indices)
    while lo - 1 in index_set:
        lo -= 1
    while hi + 1 in index_set:
        hi += 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("cc", "det") and doc[lo].lower_ in ("and", "but")):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    span = doc[lo : hi + 1]
    if span.root.lower_ in NOT_SPEAKERS or span.root.lower_ in GENERIC_IDEAS:
        return None  # "a common belief says …" reports no one
    return span

def verb_cue_class(verb: Token) -> str | None:
    return cue_class(verb.lemma_, particles_of(verb))


def particles_of(verb: Token) -> set[str]:
    """Particles and prepositions of a verb, also where the parser hangs them on its object
    ("sees [Cruz as a uniter]")."""
    words = {c.lower_ for c in verb.children if c.dep_ in PARTICLE_DEPS}
    for obj in verb.children:
        if obj.dep_ == "dobj":
            words.update(c.lower_ for c in obj.children if c.dep_ == "prep")
    return words


# Where a phrasal cue's particle sits: "pointed out", "made clear", "made it clear".
PARTICLE_DEPS = ("prt", "acomp", "advmod", "oprd", "ccomp", "prep")

# Who can head a turn or a headline ("Lynch: No outside influence", "AP: Trump aide …").
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
