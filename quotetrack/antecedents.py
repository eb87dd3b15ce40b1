"""What a pronoun stands for, read from the parse: 'they' for the group that spoke before, 'who'
for the noun phrase its relative clause hangs on, 'Trump and Ryan' for the names it joins. Speaker
resolution (speakers.py) turns what these find into names."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .cues import CUE_VERBS
from .name_index import BODY_LABELS, NAME_LABELS, NameIndex


def group_for_they(doc: Doc, pronoun: Span, index: NameIndex) -> Span | None:
    """'they': the latest plural or collective subject that spoke, or a named body, in the
    sentences before (or this one)."""
    sentence = pronoun.sent
    for _ in range(3):
        subjects = [
            t for t in sentence
            if t.i < pronoun.start and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
            and (t.tag_ in ("NNS", "NNPS") or t.ent_type_ in BODY_LABELS) and not index.in_quote(t.idx)
            # people who said or thought something, or a named body or its people ("North Korean
            # officials"): not "the banks" or "their arguments"
            and (t.head.lemma_.lower() in CUE_VERBS or t.ent_type_ in BODY_LABELS or any(c.ent_type_ in BODY_LABELS for c in t.children))
        ]
        if subjects:
            head = subjects[-1]
            start = head.left_edge.i
            while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
                start += 1
            return doc[start : head.i + 1]
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    return None


# Relative pronouns that stand for people only.
PERSONAL_RELATIVES = frozenset({"who", "whom", "whose"})


def coordinated(doc: Doc, people: list[Span]) -> list[Span]:
    """The names joined by 'and' in a mention ('Trump and House Speaker Paul Ryan'), in text order."""
    joined: list[Span] = []
    for first, second in zip(people, people[1:]):
        between = doc[first.end : second.start]
        if any(t.lower_ in ("and", "&") for t in between) and not any(t.pos_ in ("VERB", "AUX", "ADP") for t in between):
            joined += [e for e in (first, second) if e not in joined]
    return joined


def antecedent(doc: Doc, pronoun: Span) -> Span | None:
    """'Barkley' in 'Barkley, who said …': the noun phrase that the relative clause hangs on,
    without its own clauses and prepositional phrases."""
    before = pronoun.start - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    # "Sen. Ted Cruz of Texas, who …": who is a person, not the place a person is of
    # ("Matt Duss, the president of the Foundation for Middle East Peace, who …": nor the body)
    place_before_who = pronoun.root.lower_ in PERSONAL_RELATIVES and before >= 0 and doc[before].ent_type_ in BODY_LABELS
    if before >= 0 and doc[before].ent_type_ in NAME_LABELS + BODY_LABELS and doc[before].ent_iob_ in ("B", "I") and not place_before_who:
        # "members of the World Trade Organization, which …": the name right before it
        start = before
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return doc[start : before + 1]
    clause = pronoun.root.head
    if clause.dep_ != "relcl" or clause.head is clause:
        return None
    head = clause.head
    while place_before_who and head.ent_type_ in BODY_LABELS and head.dep_ == "pobj" and head.head.lower_ == "of":
        head = head.head.head
    head = _named_for(doc, head)
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    end = head.i + 1
    # the whole name the head ends or sits in
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _named_for(doc: Doc, head: Token) -> Token:
    """The name a described antecedent stands for: 'GunBroker.com' for 'the website, GunBroker.com,
    that …', 'Angela Corey' for 'Angela Corey is the state attorney who …', 'Naureen Jahangir' for
    'Naureen Jahangir … is among those who say …' and '… is one of those who …'; else the head itself."""
    if head.lower_ in ("those", "people") and head.dep_ == "pobj" and head.head.lower_ in ("among", "of"):
        verb = head.head.head
        if verb.lower_ == "one" and verb.dep_ in ("attr", "acomp"):
            verb = verb.head
        if verb.lemma_ == "be" or verb.lower_ in ("is", "was", "are", "were"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and _is_name(c)), None)
            if subject is not None:
                return subject
    if head.pos_ != "NOUN":
        return head
    named = [c for c in head.children if c.dep_ == "appos" and _is_name(c)]
    if head.dep_ == "appos" and _is_name(head.head):
        named.append(head.head)
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        named += [c for c in head.head.children if c.dep_ == "nsubj" and _is_name(c)]
    return named[0] if named else head


def _is_name(token: Token) -> bool:
    """A proper name ('GunBroker.com' is tagged X, with no entity)."""
    return token.pos_ in ("PROPN", "X") and token.text[:1].isupper()
