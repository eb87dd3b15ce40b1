"""The wider attributions that PolNeAR annotates but that are not statements (the
"attributions" scope): a stance's object, idioms ("took issue with"), passives, relative
pronouns, unsourced impressions and expectations, nominal cues ("Trump’s claim that …"),
stance adjectives ("is critical of …"), documents ("In a CNN poll, …") and headline source
labels."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..cues import ADDRESSEE_VERBS, ADDRESSEES, COPULAS, NOT_HEADLINE_SOURCES, PLACE_LABELS, POLL_NOUNS, BELIEF_VERBS, CLAUSE_ONLY_CUES, COMMUNICATION_VERBS, cue_lemma, CUE_VERBS, DOCUMENT_NOUNS, IDIOM_PAIRS, idiom_prepositions, IMPRESSION_VERBS, INFINITIVE_CUES, NOMINAL_CUE_FORMS, NOMINAL_CUES, NOMINAL_PREPOSITION_CUES, NOT_SPEAKERS, PASSIVE_CUES, PASSIVE_PREPOSITIONS, PHRASAL_CUES, PREPOSITIONAL_CUES, PRODUCING_VERBS, SPEECH_VERBS, STANCE_ADJECTIVES, STANCE_PREPOSITIONS, STANCE_VERBS
from .base import Attribution, Candidate, doc_text, EDGE_TRIM, trimmed, WORD
from .boundaries import core_phrase, is_content_part, marked_clause, trailing_circumstances
from .transcripts import is_speaker_label
from .frames import cue_span, is_cue_token, is_passive, mention, particles_of, SPEAKER_LABELS, speaker_of, verb_cue_class
from .registry import prior, rule, Triggers


# --- reported speech -------------------------------------------------------------------------


# "Poll: Trump leads in Florida", "Clinton camp: …": a headline label that names a source.
HEADLINE_LABEL = re.compile(r"([^:\n]{2,40}):[ \t]+(?=\S)")
# "EXCLUSIVE – Roger Stone: …": the source follows a dash.
LABEL_DASH = re.compile(r".*\s[—–-]\s+")


@rule("indirect:headline", scope="attributions", prior=0.4, finds='"Poll: Trump leads"')
def headline_source(doc: Doc) -> Candidate | None:
    """The article's headline when a label names its source ("Poll: Trump leads", "Newspaper:
    Defense secretary used personal email"). Labels that name a person are left to the
    transcript rule, which reads them as statements."""
    text = doc_text(doc)
    match = HEADLINE_LABEL.match(text)
    if match is None or len(match.group(1).split()) > 5:
        return None
    label_start = match.start(1) + (LABEL_DASH.match(match.group(1)) or re.match("", "")).end()
    label = text[label_start : match.end(1)].strip()
    if not _is_source_label(label) or is_speaker_label(doc, match.start(1), match.end(1), match.group(1)):
        return None
    line_end = text.find("\n")
    if line_end < 0:
        return None  # a headline heads an article
    end = len(text[:line_end].rstrip(EDGE_TRIM + "."))
    speaker = doc.char_span(label_start, label_start + len(label), alignment_mode="expand")
    cue = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
    if speaker is None or cue is None or len(WORD.findall(text[match.end() : end])) < 3:
        return None
    if any(t.ent_type_ in PLACE_LABELS for t in speaker):
        return None  # "Iowa: Tim Albrecht, Brad Anderson …" lists who is where
    return Candidate(match.end(), end, "indirect", Attribution(cue, speaker, "indirect:headline"), prior("indirect:headline"))


def _is_source_label(label: str) -> bool:
    """A name ("Poll", "Clinton camp", "Wash Post Fact-Check"), not a teaser ("Breaking", "Spoiler
    no more", "The revolutionary's next tactic")."""
    words = label.split()
    if not words or label.lower() in NOT_HEADLINE_SOURCES or any(c in label for c in ",;?!\"'‘’“”"):
        return False
    return sum(not w[0].isupper() for w in words) <= 1 and not (len(words) == 1 and label.lower().endswith(("ed", "ing")))


def is_verb_or_cue(token: Token) -> bool:
    """An idiom's verb: any verb, or a reporting verb the tagger calls AUX."""
    return token.pos_ == "VERB" or is_cue_token(token)


@rule("indirect:idiom", scope="attributions", prior=0.45, weak=True, triggers=Triggers(pairs=IDIOM_PAIRS),
      tried="token", order=50, when=is_verb_or_cue,
      finds='"took issue with the plan", "vouched for Trump", "has no plans to run", "looked to stop the bleeding"')
def idiom_content(doc: Doc, verb: Token) -> Candidate | None:
    """A cue made of a verb and the preposition or object it needs, whose content is what
    follows: "vouched for Trump", "took issue with the plan", "raised questions about his
    taxes", "has no plans to run", "looked to stop the bleeding"."""
    lemma = cue_lemma(verb.lemma_)
    wanted = PREPOSITIONAL_CUES.get(lemma, frozenset())
    holders = [
        c
        for c in verb.children
        if c.i > verb.i and (c.dep_ == "prep" and c.lower_ in wanted or lemma in INFINITIVE_CUES and _is_infinitive(c))
    ]
    for obj in (c for c in verb.children if c.i > verb.i and c.dep_ == "dobj" and not holders):
        wanted = idiom_prepositions(lemma, obj.lower_)
        # the preposition hangs on the verb or on its object ("made the case for a ban")
        holders = [
            c
            for c in sorted([*verb.children, *obj.children], key=lambda c: c.i)
            if c.i > obj.i and (c.dep_ == "prep" and c.lower_ in wanted or "to" in wanted and c.dep_ in ("acl", "relcl") and c.tag_ == "VB")
        ]
    if not holders or holders[0].dep_ == "prep" and not _has_content_object(holders[0]):
        return None
    tokens = core_phrase(holders[0])
    if all(t.pos_ in ("PRON", "PUNCT") for t in tokens):
        return None  # "took issue with it"
    speaker = speaker_of(verb, doc)
    start, end = trimmed(doc, tokens)
    if speaker is None or start is None or end - start < 2:
        return None
    attribution = Attribution(cue_span(doc, verb), speaker, "indirect:idiom")
    return Candidate(start, end, "indirect", attribution, prior("indirect:idiom"))


def _has_content_object(preposition: Token) -> bool:
    """"made the case for a ban", not "made the case for weeks" nor a stranded "come up against"."""
    objects = [c for c in preposition.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and not any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _is_infinitive(child: Token) -> bool:
    """"looked to stop the bleeding": the parser makes the infinitive an xcomp or an advcl."""
    return child.dep_ in ("xcomp", "advcl") and child.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children)

# Children of a stance verb that carry its content: "endorsed Cruz", "vowed to fight",
# "called for a ban", "accused Clinton of lying", "talked about jobs".
OBJECT_DEPS = frozenset({"dobj", "xcomp", "oprd", "prep"})


@rule("indirect:object", scope="attributions", prior=0.45, weak=True, triggers=Triggers(CUE_VERBS),
      tried="verb", order=10,
      finds='"endorsed Cruz", "called for the wage to be raised", "asked him if …", "urged restraint"')
def object_content(doc: Doc, verb: Token) -> Candidate | None:
    """A stance or intention whose content is the verb's object or infinitive:
    "Jeb Bush endorsed Cruz", "Trump vowed to put the country first", "she urged voters to
    stay home", "asked about the emails"."""
    lemma = cue_lemma(verb.lemma_)
    if lemma in ADDRESSEE_VERBS:
        parts = _addressee_content(verb)
    elif lemma in STANCE_VERBS | BELIEF_VERBS | COMMUNICATION_VERBS and lemma not in CLAUSE_ONLY_CUES:
        # beliefs and intentions count with an infinitive ("plans to vote"), not a bare object
        # ("plans a trip"), unless the verb has the object role too ("wants their money back")
        deps = {"xcomp"} if lemma in BELIEF_VERBS - STANCE_VERBS - COMMUNICATION_VERBS else OBJECT_DEPS
        parts = [c for c in verb.children if c.i > verb.i and (c.dep_ in deps and is_content_part(c) or marked_clause(c, ("for",)))]
    elif lemma in PHRASAL_CUES:
        # "pointed to the polls", "sees Cruz as a uniter": the preposition makes the cue
        words = PHRASAL_CUES[lemma]
        if not words & particles_of(verb):
            return None
        parts = [c for c in verb.children if c.i > verb.i and (c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in words)]
    else:
        return None
    naming = any(c.dep_ in ("oprd", "xcomp") for c in parts)
    if not parts or any(c.dep_ == "dobj" and c.lower_ in NOT_SPEAKERS and not naming for c in parts):
        return None  # "did not deny it": the object is too vague to report ("called it a disgrace" names it)
    parts += trailing_circumstances(verb, parts)
    tokens = [t for part in parts for t in core_phrase(part)]
    # "what critics called a “power grab”": the relative word opens the content
    tokens += [c for c in verb.children if c.i < verb.i and c.dep_ == "dobj" and c.lower_ in ("what", "which")]
    if all(t.pos_ in ("PRON", "PUNCT") for t in tokens):
        return None  # "did not deny it"
    speaker = speaker_of(verb, doc)
    if speaker is None and not (lemma in ADDRESSEE_VERBS and is_passive(verb)):
        return unsourced_content(doc, verb)
    start, end = trimmed(doc, tokens)
    if start is None or end - start < 2:
        return None
    rule_name = "indirect:object" if speaker is not None else "indirect:unsourced"
    attribution = Attribution(cue_span(doc, verb), speaker, rule_name)
    return Candidate(start, end, "indirect", attribution, prior(rule_name))



def _addressee_content(verb: Token) -> list[Token]:
    """"urged voters to stay home", "told him to leave": the person addressed and what they are
    asked to do; "asked about the emails", "asked for calm": the topic."""
    infinitive = [c for c in verb.children if c.i > verb.i and (c.dep_ in ("xcomp", "ccomp") or marked_clause(c, ("if", "whether")))]
    if infinitive:
        addressed = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "dative")]
        return addressed + infinitive
    topics = [c for c in verb.children if c.i > verb.i and c.dep_ == "prep" and c.lower_ in ("about", "for")]
    # "urged restraint", "told a different story": an object that is not the one addressed
    said = [c for c in verb.children if c.i > verb.i and c.dep_ == "dobj" and c.pos_ == "NOUN" and not c.ent_type_ and c.lower_ not in ADDRESSEES]
    return topics or said



@rule("indirect:passive", scope="attributions", prior=0.45, triggers=Triggers(SPEECH_VERBS),
      tried="verb", order=30,
      finds='"was first reported by Politico"')
def passive_subject_content(doc: Doc, verb: Token) -> Candidate | None:
    """"The meeting was first reported by Politico", "the plan was backed by the unions": a
    passive cue with an agent and nothing else to report is about its subject."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if verb_cue_class(verb) != "speech" or subject is None or subject.pos_ == "PRON" or subject.tag_ == "WDT":
        return None
    speaker = speaker_of(verb, doc)
    if speaker is None or not any(c.dep_ == "agent" for c in verb.children):
        return None
    start, end = trimmed(doc, list(subject.subtree))
    if start is None:
        return None
    attribution = Attribution(cue_span(doc, verb), speaker, "indirect:passive")
    return Candidate(start, end, "indirect", attribution, prior("indirect:passive"))


@rule("indirect:relative", scope="attributions", prior=0.45, triggers=Triggers(SPEECH_VERBS),
      tried="verb", order=40,
      finds='"the provision which Democrats opposed" (the relative word, as annotators mark it)')
def relative_object_content(doc: Doc, verb: Token) -> Candidate | None:
    """"the provision which Democrats opposed": the relative word is the content, as annotators
    mark it (speakers are marked the same way, "Barkley, who said …")."""
    if verb.dep_ != "relcl" or verb_cue_class(verb) != "speech" or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    relative = next((c for c in verb.children if c.dep_ == "dobj" and c.i < verb.i and c.lower_ in ("which", "who", "whom", "that")), None)
    speaker = speaker_of(verb, doc)
    if relative is None or speaker is None:
        return None
    attribution = Attribution(cue_span(doc, verb), speaker, "indirect:relative")
    return Candidate(relative.idx, relative.idx + len(relative.text), "indirect", attribution, prior("indirect:relative"))

# --- passive, nominal and document cues ----------------------------------------------------


@rule("indirect:unsourced", scope="attributions", prior=0.35, weak=True, triggers=Triggers(PASSIVE_CUES | IMPRESSION_VERBS),
      tried="verb", order=20,
      finds='"he is expected to win", "Clinton seemed irritated", "was asked about …", "the claim that …" with no owner')
def unsourced_content(doc: Doc, verb: Token) -> Candidate | None:
    """An attribution with no source named: "Trump is expected to win", "the vote is seen as a
    test", "Clinton seemed irritated", and any speech verb's passive with no agent ("Sanders was
    declared the winner", "the plan is described as …"). The content is the subject with the
    complement, around the cue."""
    lemma = cue_lemma(verb.lemma_)
    if lemma in IMPRESSION_VERBS:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        complement_deps = ("xcomp", "ccomp", "oprd", "acomp", "attr")
    elif (lemma in PASSIVE_CUES or verb_cue_class(verb) == "speech") and _agentless_passive(verb):
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        complement_deps = ("xcomp", "ccomp", "oprd")
    else:
        return None
    complements = [c for c in verb.children if c.i > verb.i and (c.dep_ in complement_deps or c.dep_ == "prep" and c.lower_ in PASSIVE_PREPOSITIONS)]
    if not subjects or not complements:
        return None
    if subjects[0].lower_ == "it":  # "it is expected that …"; "it is expected to rain" says nothing
        # "it was revealed that …" names no one who holds it (the passive and impression cues' "it" does)
        parts = [c for c in complements if c.dep_ == "ccomp" and lemma in PASSIVE_CUES | IMPRESSION_VERBS]
    else:
        parts = subjects + complements
    if not parts:
        return None
    start, end = trimmed(doc, [t for part in parts for t in part.subtree])
    if start is None or end - start < 8:
        return None
    attribution = Attribution(cue_span(doc, verb), None, "indirect:unsourced")
    return Candidate(start, end, "indirect", attribution, prior("indirect:unsourced"))


def _agentless_passive(verb: Token) -> bool:
    """"Sanders was declared the winner", "it was revealed that …": a passive that names no one."""
    return any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)


def is_nominal_cue(token: Token) -> bool:
    """"claim", "argument", "attacks": a noun that reports what someone said or thinks."""
    return token.pos_ == "NOUN" and token.lower_ in NOMINAL_CUE_FORMS


@rule("indirect:nominal", scope="attributions", prior=0.4, weak=True, triggers=Triggers(words=NOMINAL_CUE_FORMS),
      tried="token", order=30, when=is_nominal_cue,
      finds='"Trump’s claim that …", "his argument was that …", "his attacks on Clinton"')
def nominal_content(doc: Doc, noun: Token) -> Candidate | None:
    """"Trump’s claim that Mexico will pay", "his attacks on Clinton", "her point was that …":
    the noun's clause (or its copula's) or its prepositional object is the content, and its
    owner the source."""
    content = _noun_clause(noun) if noun.lower_ in NOMINAL_CUES else None
    if content is None:
        prepositions = NOMINAL_PREPOSITION_CUES.get(noun.lower_, frozenset())
        content = next((c for c in noun.children if c.i > noun.i and c.dep_ == "prep" and c.lower_ in prepositions), None)
    if content is None and noun.lower_ in NOMINAL_CUES:
        content = _copular_clause(noun)
    if content is None:
        return None
    tokens = list(content.subtree)
    if content.dep_ == "prep":
        tokens = [t for t in tokens if t.i != content.i]
    start, end = trimmed(doc, tokens)
    if start is None or end - start < 3:
        return None
    speaker = _noun_owner(doc, noun)
    if speaker is None and content.dep_ == "prep":
        return None  # "despite attacks on the forecasts": a topic with nobody's name on it
    if speaker is None:  # "the claim that …" with nobody's name on it
        return Candidate(start, end, "indirect", Attribution(doc[noun.i : noun.i + 1], None, "indirect:unsourced"), prior("indirect:unsourced"))
    return Candidate(start, end, "indirect", Attribution(doc[noun.i : noun.i + 1], speaker, "indirect:nominal"), prior("indirect:nominal"))


def _noun_clause(noun: Token) -> Token | None:
    """The clause a noun introduces: "the claim that …", "a pledge to …", "the question whether …"."""
    return next(
        (
            c for c in noun.children
            if c.i > noun.i and c.dep_ in ("acl", "ccomp", "relcl")
            and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to", "whether") for m in c.children)
        ),
        None,
    )


def _copular_clause(noun: Token) -> Token | None:
    """What the noun is said to be: "his argument was that …", "her message is: …", "the
    strategy is to …" (not a noun phrase: "his goal is the nomination")."""
    if noun.dep_ != "nsubj" or noun.head.lemma_ != "be":
        return None
    return next(
        (c for c in noun.head.children if c.i > noun.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "attr" and c.pos_ == "VERB")),
        None,
    )


def _noun_owner(doc: Doc, noun: Token) -> Span | None:
    """Whose claim: the possessor ("Trump’s"), the agent ("by the senator"), the subject of
    the verb that carries it ("Trump repeated the claim"), or else the sentence's subject."""
    for child in noun.children:
        possessive = child.dep_ == "poss" or child.dep_ == "nsubj" and any(c.dep_ == "case" for c in child.children)
        if possessive and child.lower_ not in NOT_SPEAKERS:
            return mention(doc, child)
        if child.dep_ == "prep" and child.lower_ == "by":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            if agent is not None:
                return mention(doc, agent)
    if noun.dep_ == "dobj" and cue_lemma(noun.head.lemma_) in PRODUCING_VERBS:  # "Trump repeated his claim that …"
        return speaker_of(noun.head, doc)
    # "Sanders, in a speech full of attacks on Wall Street, …": an unowned noun is most often
    # the sentence subject's, when that subject is a person named before it
    subject = next((c for c in noun.sent.root.children if c.dep_ == "nsubj" and c.i < noun.i), None)
    if subject is not None and (subject.ent_type_ in SPEAKER_LABELS or subject.pos_ == "PRON") and subject.lower_ not in NOT_SPEAKERS:
        return mention(doc, subject)
    return None


def is_stance_adjective(token: Token) -> bool:
    """"critical", "worried" after a copula: "Sanders is critical of …" (not "a critical vote")."""
    return token.dep_ == "acomp" and token.lower_ in STANCE_ADJECTIVES and cue_lemma(token.head.lemma_) in COPULAS


@rule("indirect:adjective", scope="attributions", prior=0.45, weak=True, triggers=Triggers(words=STANCE_ADJECTIVES),
      tried="token", order=35, when=is_stance_adjective,
      finds='"Sanders is critical of the deal", "officials are confident that …"')
def adjective_content(doc: Doc, adjective: Token) -> Candidate | None:
    """A stance stated with a copula and an adjective: its clause ("confident that …", "eager
    to …") or its prepositional object ("critical of the deal") is the content, the copula's
    subject the source."""
    clause = next((c for c in adjective.children if c.i > adjective.i and (c.dep_ in ("ccomp", "xcomp") or marked_clause(c, ("that", "to")))), None)
    if clause is not None:
        tokens = list(clause.subtree)
    else:
        # "critical of the deal", not "open on Sundays"
        preposition = next(
            (c for c in adjective.children if c.i > adjective.i and c.dep_ == "prep" and c.lower_ in STANCE_PREPOSITIONS and _has_content_object(c)),
            None,
        )
        if preposition is None:
            return None
        tokens = [t for t in preposition.subtree if t.i != preposition.i]
    subject = next((c for c in adjective.head.children if c.dep_ == "nsubj"), None)
    speaker = mention(doc, subject) if subject is not None and subject.lower_ not in NOT_SPEAKERS else None
    if speaker is None:
        return None  # "it is clear that …" states a fact
    start, end = trimmed(doc, tokens)
    if start is None or end - start < 2:
        return None
    cue = doc[adjective.head.i : adjective.i + 1] if adjective.head.i < adjective.i else doc[adjective.i : adjective.i + 1]
    attribution = Attribution(cue, speaker, "indirect:adjective")
    return Candidate(start, end, "indirect", attribution, prior("indirect:adjective"))


def is_in_preposition(token: Token) -> bool:
    """"In a CNN poll, …": the preposition that opens a document as the source."""
    return token.lower_ == "in" and token.dep_ == "prep"


@rule("indirect:document", scope="attributions", prior=0.45, triggers=Triggers(words=DOCUMENT_NOUNS),
      tried="token", order=20, when=is_in_preposition,
      finds='"In a CNN poll, 52 percent …", "In a CBS poll, she led Sanders …"')
def in_document(doc: Doc, preposition: Token) -> Candidate | None:
    """"In a CNN poll released Monday, 52 percent backed Clinton": the document is the source
    of the clause it is attached to (unless that clause has a reporting verb of its own)."""
    source = next((c for c in preposition.children if c.dep_ == "pobj" and c.lower_ in DOCUMENT_NOUNS), None)
    head = preposition.head
    if source is None or head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" or cue_lemma(head.lemma_) in COMMUNICATION_VERBS:
        return None
    # the frame opens the sentence: "In a CNN poll, …", not "she leads in the polls"
    after = preposition.right_edge.i + 1
    if preposition.i != preposition.sent.start or after >= len(doc) or doc[after].text != ",":
        return None
    # "In a statement, the senator dismissed …": the senator is the source, and the verb the cue
    polled = source.lower_ in POLL_NOUNS  # "In a CBS poll, she led Sanders": the poll speaks
    if not polled and any(c.dep_ == "nsubj" and (c.ent_type_ in SPEAKER_LABELS or c.pos_ == "PRON") for c in head.children):
        return None
    excluded = {t.i for t in preposition.subtree}
    tokens = [t for t in head.subtree if t.i not in excluded and t.sent == head.sent]
    start, end = trimmed(doc, tokens)
    if start is None or end - start < 10:
        return None
    cue = doc[preposition.i : preposition.i + 1]
    return Candidate(start, end, "indirect", Attribution(cue, mention(doc, source), "indirect:document"), prior("indirect:document"))
