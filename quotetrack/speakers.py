"""Speaker resolution within one article: from the mention as written to the person or body meant.

"he", "Nauert", "the vice president" and "Pence’s chief of staff Nick Ayres" are mentions; the
names are "Mike Pence", "Heather Nauert", "Mike Pence" and "Nick Ayres". Resolution uses only the
article itself: named entities, surnames, titles written before a name, and text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .cues import PRONOUNS_PERSON, PRONOUNS_PLURAL, RELATIVE_PRONOUNS
from .models import Quote

POSSESSIVE = re.compile(r"\s*[’']s?$")
LEADING_DETERMINER = re.compile(r"^(?:the|a|an|another|some|two|three|several|one)\s+", re.IGNORECASE)
NAME_LABELS = ("PERSON",)
BODY_LABELS = ("ORG", "NORP", "GPE")
TITLE_WORDS = re.compile(r"^[A-Za-z.\- ]+$")


@dataclass
class NameIndex:
    """People and bodies named in an article, in text order, with titles written before them."""

    people: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name)
    bodies: list[tuple[int, str]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # "vice president" -> "Mike Pence"

    def full_name(self, name: str, before: int | None = None) -> str:
        """Expand a surname (or first name) to the fullest name the article uses for it."""
        token = name.split()[-1].lower()
        matches = [n for offset, n in self.people if len(n.split()) > len(name.split()) and token in n.lower().split()]
        if before is not None:
            earlier = [n for offset, n in self.people if offset < before and n in matches]
            matches = earlier or matches
        return max(matches, key=lambda n: len(n.split())) if matches else name

    def full_body(self, name: str) -> str:
        last = name.split()[-1].lower()
        matches = [n for _, n in self.bodies if n.lower().split()[-1:] == [last] and len(n) > len(name)]
        return max(matches, key=len) if matches else name

    def last_person_before(self, offset: int) -> str | None:
        earlier = [n for o, n in self.people if o < offset]
        return self.full_name(earlier[-1], offset) if earlier else None


def build_index(doc: Doc) -> NameIndex:
    index = NameIndex()
    for ent in doc.ents:
        name = clean_name(ent.text)
        if not name:
            continue
        if ent.label_ in NAME_LABELS:
            index.people.append((ent.start_char, name))
            title = _title_before(doc, ent)
            words = title.split() if title else []
            # "US Vice President Mike Pence" is also "the vice president" (two words or more)
            for k in range(len(words)):
                if len(words) - k >= 2 or len(words) == 1:
                    index.titles.setdefault(" ".join(words[k:]), name)
        elif ent.label_ in BODY_LABELS:
            index.bodies.append((ent.start_char, name))
    return index


def _title_before(doc: Doc, ent: Span) -> str | None:
    """'Vice President' in 'Vice President Mike Pence': compound nouns written before a name."""
    words = []
    attached = set(range(ent.start, ent.end))
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod") and doc[i].head.i in attached and doc[i].ent_type_ in ("", "NORP", "GPE", "ORG"):
        words.insert(0, doc[i].lower_)
        attached.add(i)
        i -= 1
    title = " ".join(words)
    return title if title and TITLE_WORDS.match(title) else None


def clean_name(text: str) -> str:
    """A name without possessive ending, leading article or surrounding punctuation."""
    text = POSSESSIVE.sub("", text.strip(" \t\n,.;:“”\"'‘’"))
    text = LEADING_DETERMINER.sub("", text)
    return " ".join(text.split())


def resolve_speaker_names(doc: Doc, quotes: list[Quote]) -> None:
    """Fill speaker_name (and the speaker's role, where written) on each quote in place."""
    index = build_index(doc)
    for quote in quotes:
        if quote.speaker_start is None or quote.speaker_end is None:
            continue
        mention = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        if mention is None:
            continue
        name, role = resolve_mention(doc, mention, index)
        quote.speaker_name = name
        if role:
            quote.extra["speaker_role"] = role


def resolve_mention(doc: Doc, mention: Span, index: NameIndex) -> tuple[str, str | None]:
    """(name, role) for one speaker mention."""
    text = mention.text.strip()
    lower = text.lower()
    antecedent = _relative_antecedent(mention)
    if antecedent is not None:
        return resolve_mention(doc, antecedent, index)
    if lower in PRONOUNS_PERSON and lower not in ("we", "you"):
        return index.last_person_before(mention.start_char) or text, None
    if lower in PRONOUNS_PLURAL:
        return text, None
    people = [e for e in mention.ents if e.label_ in NAME_LABELS and not _is_possessor(doc, e)]
    owned = None if people else _owned_by_person(doc, mention, index)
    if owned:
        return owned, None
    if people:
        person = next((e for e in people if e.start <= mention.root.i < e.end), people[-1])
        name = index.full_name(clean_name(person.text), mention.start_char)
        role = _role(mention, person)
        return name, role
    bodies = [e for e in mention.ents if e.label_ in BODY_LABELS and e.end == mention.end]
    if bodies and len(mention) - len(bodies[-1]) <= 1:
        return index.full_body(clean_name(bodies[-1].text)), None
    # a name; in a paragraph the selective parse skipped (a headline), a capitalised word
    if (mention.root.pos_ == "PROPN" or not mention.root.pos_ and text[:1].isupper()) and len(mention) <= 2:
        return index.full_name(clean_name(text), mention.start_char), None
    role_name = index.titles.get(clean_name(text).lower())
    if role_name:
        return role_name, clean_name(text)
    return clean_name(text) or text, None


def _relative_antecedent(mention: Span) -> Span | None:
    """"Sanders, who said …": the speaker is written as the relative pronoun; the name is its antecedent's."""
    root = mention.root
    if len(mention) != 1 or root.lower_ not in RELATIVE_PRONOUNS or root.head.dep_ != "relcl":
        return None
    noun = root.head.head
    return mention.doc[noun.left_edge.i : noun.i + 1]  # the noun phrase up to its head, without the clause


def _owned_by_person(doc: Doc, mention: Span, index: NameIndex) -> str | None:
    """'Pence’s office' and 'the vice president’s office' both become 'Mike Pence’s office',
    so that one office is one speaker whichever way an outlet wrote it."""
    root = mention.root
    if root.ent_type_ in NAME_LABELS:
        return None
    possessor = next((c for c in root.children if c.dep_ == "poss" and c.i >= mention.start), None)
    if possessor is None or possessor.lower_ in PRONOUNS_PERSON | PRONOUNS_PLURAL | {"his", "its", "their"}:
        return None
    owner_span = doc[possessor.left_edge.i : possessor.i + 1]
    owner_text = clean_name(owner_span.text)
    owner = index.titles.get(owner_text.lower())
    if owner is None and possessor.pos_ == "PROPN":
        owner = index.full_name(owner_text, mention.start_char)
        if owner == owner_text and not any(n == owner_text or n.endswith(" " + owner_text) for _, n in index.people):
            return None
    if owner is None:
        return None
    owned = doc[possessor.i + 1 : mention.end]
    owned_text = " ".join(t.text for t in owned if t.lower_ not in ("’s", "'s")).strip()
    return f"{owner}’s {owned_text}" if owned_text else None


def _is_possessor(doc: Doc, ent: Span) -> bool:
    """'Pence' in 'Pence’s chief of staff' names someone else than the speaker."""
    return ent.end < len(doc) and doc[ent.end].lower_ in ("’s", "'s", "’", "'")


def _role(mention: Span, person: Span) -> str | None:
    """The role written around a name in its mention: 'Pence’s chief of staff'."""
    rest = [t for t in mention if not (person.start <= t.i < person.end)]
    role = " ".join(t.text if t.text not in ("’s", "'s") else t.text for t in rest).strip(" ,")
    role = re.sub(r"\s+(’s|'s)", r"\1", role)
    role = LEADING_DETERMINER.sub("", role).strip(" ,")
    return role or None
