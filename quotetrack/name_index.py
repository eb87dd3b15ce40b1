"""The people and bodies an article names, and how it names them: the index speaker resolution reads.

Built once per article from its named entities and parse: each person with where they are named,
whether as a subject, their gender as the article tells it (an honorific, a gendered role noun, a
common first name), the titles and roles written with them ("Vice President Mike Pence",
"Jarrod Agen, Pence’s communications director"), bodies with the acronyms the article introduces
("the Parliamentary Budget Officer (PBO)"), and the names inside direct quotes, which are never
antecedents. `clean_name` takes a mention's text to a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from .cues import CUE_VERBS
from .names import (
    abbreviates,
    data_json,
    is_acronym,
    is_first_name,
    is_title,
    person_name,
    same_first_name,
    speaker_words,
    without_title,
)

POSSESSIVE = re.compile(r"\s*[’']s?$")
POSSESSIVE_MARKS = ("’s", "'s")  # the tokens spaCy splits off a possessive
AGE = re.compile(r",\s*\d{1,3}$")  # "Ramos, 58"
ROMAN_NUMERAL = re.compile(r"[IVX]+")  # "Brent Bozell III": a generation, not an acronym
DATELINE = re.compile(r"^[A-Z][A-Z.,' ]+[A-Z](?:\s*\([^)]*\))?\s+[-–—]+\s+(?=[A-Z])")  # "ROME - Bernie Sanders"
# The vocabulary of data/name_words.json (what tells a gender, generic body nouns, title abbreviations).
_WORDS = data_json("name_words.json")
HONORIFIC_GENDER: dict[str, str] = _WORDS["honorific_gender"]
ROLE_GENDER: dict[str, str] = _WORDS["role_gender"]
PRONOUN_GENDER: dict[str, str] = _WORDS["pronoun_gender"]
FIRST_NAME_GENDER: dict[str, str] = {name: gender for gender, names in _WORDS["first_name_gender"].items() for name in names}
GENERIC_BODIES: dict[str, tuple[str, ...]] = {
    noun: tuple(_WORDS[words[1:]] if isinstance(words, str) else words) for noun, words in _WORDS["generic_bodies"].items()
}
TITLE_ABBREVIATIONS: dict[str, str] = _WORDS["title_abbreviations"]
CALENDAR_WORDS = frozenset(_WORDS["calendar_words"])
PARTY_WORDS = frozenset(_WORDS["party_words"])
VERB_LIKE_NAME_ENDS = frozenset(_WORDS["verb_like_name_ends"])
# How far back (characters) "the official" looks for "a White House official".
GROUP_WINDOW = 1500
# Bodies that take a person's name: "the Clinton campaign".
CAMPAIGN_NOUNS = frozenset({"campaign", "administration", "camp", "team"})
LEADING_DETERMINER = re.compile(r"^(?:the|a|an|another|some|two|three|several|one)\s+", re.IGNORECASE)
NAME_LABELS = ("PERSON",)
BODY_LABELS = ("ORG", "NORP", "GPE")
MISTAGGED_PEOPLE = ("ORG", "FAC")  # labels a small model gives some full names ("Bradley Podliska")
NAMED_THINGS = ("PRODUCT", "WORK_OF_ART", "FAC", "LOC")  # labels a small model gives some bodies
# a word shaped like a name: "Fiorina", "O’Donnell", "McCain", "Ocasio-Cortez"
SURNAME_PREFIX = r"(?:O[’']|D[’']|Mc|Mac)?"
NAME_SHAPE = re.compile(rf"^{SURNAME_PREFIX}[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
# a surname after an honorific or an abbreviated title of the vocabulary: "Mr. Prasad", "Sen. Cruz"
_HONORIFICS = sorted({w.rstrip(".").capitalize() for w in (*HONORIFIC_GENDER, *TITLE_ABBREVIATIONS)}, key=len, reverse=True)
HONOURED = re.compile(rf"\b(?:{'|'.join(map(re.escape, _HONORIFICS))})\.? ({SURNAME_PREFIX}[A-Z][a-z]+)\b")
STANCE_PREFIX = re.compile(r"(?:pro|anti)-", re.IGNORECASE)
TITLE_WORDS = re.compile(r"^[A-Za-z.\- ]+$")
TITLE_CASE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "at", "by", "with", "as", "but"})


@dataclass
class PersonMention:
    """One place where a person is named: a pronoun later on most likely means a recent subject."""

    start: int
    name: str
    subject: bool
    gender: str | None = None  # as told at this mention ("Mrs. Clinton"), where families share a surname
    # "the Obama administration": the name describes a body here, so "she" later is not Obama
    names_body: bool = False
    main: bool = False  # the subject of its sentence's main clause, not of a "when …" clause


@dataclass
class NameIndex:
    """People and bodies named in an article, in text order, with titles written before them."""

    people: list[PersonMention] = field(default_factory=list)
    bodies: list[tuple[int, str]] = field(default_factory=list)
    # organisations (ORG names) in text order, with the body noun written after a name ("Family
    # Circle magazine"): what "the group" or "the magazine" means
    organisations: list[tuple[int, str, bool]] = field(default_factory=list)  # offset, name, subject
    body_nouns: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # "vice president" -> "Mike Pence"
    # (offset, "chief of staff", "Nick Ayers", words of the sentence that gives the role)
    roles: list[tuple[int, str, str, frozenset[str]]] = field(default_factory=list)
    genders: dict[str, set[str]] = field(default_factory=dict)  # full name and surname -> {"m", "f"}
    quoted: list[tuple[int, int]] = field(default_factory=list)  # direct quotes: names inside are not antecedents
    # reported (indirect) content: a subject inside ranks after the subject who reports it
    reported: list[tuple[int, int]] = field(default_factory=list)
    contexts: dict[str, frozenset[str]] = field(default_factory=dict)  # surname -> words of the sentences naming them
    homes: dict[str, set[str]] = field(default_factory=dict)  # surname -> places written with the name ("Sanders of Vermont")
    acronyms: dict[str, str] = field(default_factory=dict)
    content: tuple[int, int] = (0, 0)  # the content of the quote whose speaker is being resolved  # "PBO" -> "Parliamentary Budget Officer", from "(PBO)"
    entities: tuple[Span, ...] = ()  # Doc.ents, built once (Span.ents rebuilds them on every call)
    headline_end: int = 0  # where the first line ends, when the text has several
    text: str = ""
    resolved: dict[int, str | None] = field(default_factory=dict)  # token index of a pronoun -> whom it means

    def entities_in(self, span: Span) -> list[Span]:
        return [e for e in self.entities if span.start <= e.start and e.end <= span.end]

    def full_name(self, name: str, before: int | None = None, gender: str | None = None) -> str:
        """Expand a surname (or first name) to the fullest name the article uses for it (of the
        given gender, where a family shares the surname)."""
        words = [w.lower() for w in name.split() if not is_title(w) and w.lower() not in HONORIFIC_GENDER]
        if not words:
            return name  # a lone title-like word matches no one ("said Baron")
        matches = [
            m.name for m in self.people
            if _within(words, m.name) and _compatible(gender, self.gender(m.name))
        ]
        # "Game over. Will Sanders come down …": a headline's capitals are not a name the body uses
        in_body = [m.name for m in self.people if m.start >= self.headline_end and m.name in matches]
        matches = in_body or matches
        if before is not None:
            earlier = [m.name for m in self.people if m.start < before and m.name in matches]
            matches = earlier or matches
        if not matches and len(words) == 1:
            return self._spelled_out(name.split()[-1], gender) or name
        return _likeliest(matches) if matches else name

    def _spelled_out(self, surname: str, gender: str | None) -> str | None:
        """'Sanders' → 'Bernie Sanders' where the model did not tag the full name as a person
        ('ROME - Bernie Sanders', 'Medal of Honor winner Florent Groberg'): a first name the
        nickname table knows written right before the surname somewhere in the story (not its
        headline: "Will Sanders come down?")."""
        if not surname[:1].isupper() or len(surname) < 3:
            return None
        if surname.isupper():
            # "TAPPER:" in a transcript whose first label is "JAKE TAPPER:"
            for found in re.finditer(r"\b([A-Z]{2,}) " + re.escape(surname) + r"\b", self.text[self.headline_end :]):
                first = found.group(1).title()
                if is_given_name(first) and _compatible(gender, FIRST_NAME_GENDER.get(first.lower())):
                    return f"{first} {surname.title()}"
        surname = surname.title() if surname.isupper() else surname  # "TAPPER:" in a transcript
        for found in re.finditer(r"\b([A-Z][a-z]+)((?: [A-Z]\.)? )" + re.escape(surname) + r"\b", self.text[self.headline_end :]):
            first = found.group(1)
            if self._first_name_of(first, surname) and _compatible(gender, FIRST_NAME_GENDER.get(first.lower())):
                return f"{first}{found.group(2)}{surname}"
        return None

    def _first_name_of(self, word: str, surname: str) -> bool:
        """Whether a capitalised word before a surname is its first name: one the nickname table
        knows, or one the story never writes without the surname ('Rahm' in 'CHICAGO - Rahm
        Emanuel'); never a title, a common word or a month ('In March Emanuel …')."""
        if is_title(word) or word.lower() in STOP_WORDS or word.lower() in CALENDAR_WORDS:
            return False
        if is_given_name(word):
            return True
        alone = len(re.findall(rf"\b{word}\b", self.text)) - len(re.findall(rf"\b{word}(?: [A-Z]\.)? {re.escape(surname)}\b", self.text))
        return alone == 0

    def full_body(self, name: str) -> str:
        """'the Post' is the Washington Post; 'the State Department' is not the Justice Department;
        'DOJ' is the Department of Justice the article names, 'PBO' what '(PBO)' introduced."""
        if is_acronym(name):
            if name.replace(".", "") in self.acronyms:
                return self.acronyms[name.replace(".", "")]
            expanded = [n for _, n in self.bodies if abbreviates(name, n)]
            if expanded:
                name = max(expanded, key=len)
        words = name.lower().split()
        matches = [n for _, n in self.bodies if n.lower().split()[-1:] == words[-1:] and set(words) <= set(n.lower().split()) and len(n) > len(name)]
        if not matches and len(words) > 1 and is_acronym(name.split()[0]):
            # "NY Daily News" is the New York Daily News
            rest = words[1:]
            matches = [
                n for _, n in self.bodies
                if n.lower().split()[-len(rest) :] == rest and abbreviates(name.split()[0], " ".join(n.split()[: -len(rest)]))
            ]
        if not matches and len(words) == 1:
            # "Fox" after "Fox News", when it is the only longer name that starts so
            # (not "Quinnipiac poll": a document the body made)
            matches = list({
                n for _, n in self.bodies
                if n.lower().split()[0] == words[0] and len(n.split()) > 1 and n.split()[-1].lower() not in speaker_words()["document_nouns"]
            })
            matches = matches if len(matches) == 1 else []
        return max(matches, key=len) if matches else name

    def gender(self, name: str) -> str | None:
        """A full name's gender, else its surname's when everyone of that surname agrees and no
        one else shares it ('Anne Marie Murphy' is not 'he' because Chris Murphy is)."""
        if not name:
            return None
        known = self.genders.get(name.lower())
        if not known and not any(m.name.split()[-1] == name.split()[-1] and not _same_person(m.name, name) for m in self.people):
            known = self.genders.get(name.split()[-1].lower())
        return next(iter(known)) if known and len(known) == 1 else None

    def mentiongender_of(self, mention: PersonMention, name: str) -> str | None:
        return mention.gender or self.gender(name)

    def last_person_before(self, offset: int, gender: str | None = None, exclude: frozenset[str] = frozenset()) -> str | None:
        earlier = [m for m in self.people if m.start < offset and not self.in_quote(m.start) and m.name not in exclude and not m.names_body]
        return self._first_compatible(earlier[::-1], offset, gender)

    def in_quote(self, offset: int) -> bool:
        """Inside a direct quote, or inside the content whose speaker is being resolved ("…
        appeals of Mr. Trump, he said": he is not Mr. Trump)."""
        start, end = self.content
        return start <= offset < end or any(start <= offset < end for start, end in self.quoted)

    def in_reported(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.reported)

    def person_for_pronoun(self, doc: Doc, pronoun: Span) -> str | None:
        """'he' or 'she': back through the sentences (the pronoun's own first), a subject before
        other names, a name of another gender never; the last compatible name otherwise."""
        gender = PRONOUN_GENDER.get(pronoun.text.lower())
        return self._named_after(pronoun, gender) or self.salient_person(doc, pronoun, gender, _described_by(pronoun))

    def _named_after(self, pronoun: Span, gender: str | None) -> str | None:
        """'In what he called a rant, President Obama said …': a pronoun in a phrase before the
        sentence's subject means that subject."""
        sentence = pronoun.sent
        subject = next((c for c in sentence.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.left_edge.i <= pronoun.start:
            return None
        start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        person = next((m for m in self.people if start <= m.start < end and m.subject), None)
        if person is None:
            return None
        name = self.full_name(person.name, end, person.gender or gender)
        return name if _compatible(gender, self.mentiongender_of(person, name)) else None

    def salient_person(self, doc: Doc, mention: Span, gender: str | None, exclude: frozenset[str] = frozenset()) -> str | None:
        """The person a pronoun or a description ('the billionaire businessman') most likely
        means: back through the sentences, a subject before other names, never another gender,
        never the person a relative clause holding the pronoun describes."""
        sentence = mention.sent
        counted = 0
        while counted < 5:
            # the sentences of a long direct quote hold no antecedent and do not count
            counted += not (self.in_quote(sentence.start_char) and self.in_quote(max(sentence.start_char, sentence.end_char - 2)))
            here = [
                m for m in self.people
                if sentence.start_char <= m.start < min(sentence.end_char, mention.start_char) and not self.in_quote(m.start)
                and m.name not in exclude and not m.names_body
            ]
            # "Cruz is the most able candidate, Viguerie argues": the one reporting before the one reported on
            # "When Maddow pointed out …, Clinton seized on it": the main clause's subject first
            subjects = sorted((m for m in here if m.subject), key=lambda m: (self.in_reported(m.start), not m.main))
            # "She has gone public … as Clinton has emerged …": a pronoun as the main subject before
            # a name that is the subject of a clause inside
            name = None if any(m.main for m in subjects) else self._pronoun_subject(doc, sentence, mention, gender, main=True)
            name = name or self._first_compatible(subjects, mention.start_char, gender)
            # "He visited Netanyahu, where he also met …": a subject "he" stands for whom it means
            name = name or self._pronoun_subject(doc, sentence, mention, gender)
            name = name or self._first_compatible([m for m in reversed(here) if not m.subject], mention.start_char, gender)
            if name:
                return name
            if sentence.start == 0:
                break
            sentence = doc[sentence.start - 1].sent
        return self.last_person_before(mention.start_char, gender, exclude)

    def _first_compatible(self, people: list[PersonMention], before: int, gender: str | None) -> str | None:
        """The fullest name of the first of these people whose gender does not contradict the pronoun's."""
        for person in people:
            name = self.full_name(person.name, before, person.gender or gender)
            if _compatible(gender, self.mentiongender_of(person, name)):
                return name
        return None

    def _pronoun_subject(self, doc: Doc, sentence: Span, mention: Span, gender: str | None, main: bool = False) -> str | None:
        """The person an earlier 'he' or 'she' of the same gender, a subject in this sentence (its
        main clause's, if `main`), means."""
        if gender is None:
            return None
        for token in sentence:
            if token.i >= mention.start:
                break
            if main and not (token.head.dep_ == "ROOT" or token.head.dep_ == "conj" and token.head.head.dep_ == "ROOT"):
                continue
            if token.dep_ == "nsubj" and PRONOUN_GENDER.get(token.lower_) == gender and not self.in_quote(token.idx):
                if token.i not in self.resolved:
                    self.resolved[token.i] = None  # no cycle through itself
                    self.resolved[token.i] = self.person_for_pronoun(doc, doc[token.i : token.i + 1])
                return self.resolved[token.i]
        return None

    def role_holder(self, role: str, before: int, places: frozenset[str] = frozenset(), preferred: frozenset[str] = frozenset()) -> str | None:
        """'the senator', 'the Vermont senator' or 'the communications director': the latest person
        given that role before (of the preferred, the subjects of the mention's sentence, if one
        holds it: "Cruz defends …, the senator says" after Sen. Rand Paul); a place or party word
        in the mention must be near the name, if not in the title."""
        words = role.lower().split()
        holders = [name for offset, title, name, _ in self.roles if offset < before and _role_matches(words, title.split())]
        # "the president" is President Obama before World Bank President Jim Yong Kim
        holders = [name for offset, title, name, _ in self.roles if offset < before and title.split() == words] or holders
        if not holders and places:
            # "the Vermont senator": a senator named in a sentence that mentions Vermont
            bare = [w for w in words if w not in places]
            holders = [
                name for offset, title, name, context in self.roles
                if offset < before and bare and _role_matches(bare, title.split()) and places <= context
            ]
        if not holders and places and words[-1] in LEADER_NOUNS:
            # "the South Korean leader" after "South Korean President Moon Jae-in"
            holders = [name for offset, title, name, _ in self.roles if offset < before and places <= set(title.split())]
        holder = holders[-1] if holders else self.titles.get(" ".join(words))
        chosen = next((n for n in (self.full_name(h, before) for h in reversed(holders)) if n in preferred), None)
        return chosen or (self.full_name(holder, before) if holder else None)

    def generic_body(self, noun: str, before: int) -> str | None:
        """'the daily' is the newspaper named last before it; 'the campaign' the last campaign;
        'the institute' the last body with 'institute' in its name; 'the magazine' the last body
        written as '… magazine'; 'the company' the last one written as a company, else, like 'the
        group' or 'the organization', the last organisation named."""
        noun = noun.lower()
        hints = set(GENERIC_BODIES.get(noun, ())) | ({noun} if noun in speaker_words()["body_words"] else set())
        named = [
            name for offset, name in self.bodies
            if offset < before and (set(name.lower().split()) & hints or self.body_nouns.get(name, set()) & hints)
        ]
        if named:
            return self.full_body(named[-1])
        if noun in speaker_words()["organisation_nouns"]:
            window = before - GROUP_WINDOW
            # "the company" is not the Brennan Center: a body whose name says it is of another kind
            other_kind = (speaker_words()["body_words"] - hints) if noun in GENERIC_BODIES else frozenset()
            earlier = [
                (offset, name, subject) for offset, name, subject in self.organisations
                if window <= offset < before and not self.in_quote(offset) and name.split()[-1].lower() not in other_kind
            ]
            # the last one that did something ("The foundation did not want to …, telling Fox 35 …")
            subjects = [name for _, name, subject in earlier if subject]
            return subjects[-1] if subjects else earlier[-1][1] if earlier else None
        return None


def _same_person(a: str, b: str) -> bool:
    """'Hillary Clinton' and 'Hillary Rodham Clinton', 'Joe Biden' and 'Joseph R. Biden': one
    person; 'Chris Murphy' and 'Anne Marie Murphy' two (a bare surname is either)."""
    first_a, first_b = person_name(a).first, person_name(b).first
    return not first_a or not first_b or same_first_name(first_a, first_b)


def _within(words: list[str], fuller: str) -> bool:
    """'Hillary Clinton' is within 'Hillary Rodham Clinton', and 'Joe Biden' within 'Joseph R.
    Biden Jr.' (the first name's nickname); 'Hunter Biden' is not (lower-case words)."""
    longer = fuller.lower().split()
    if len(longer) <= len(words):
        return False
    if set(words) <= set(longer):
        return True
    return len(words) > 1 and set(words[1:]) <= set(longer) and same_first_name(words[0], longer[0])


def _likeliest(names: list[str]) -> str:
    """The fullest form of the person a surname most likely means, from the names (one per
    mention, in text order) that contain it: the person the story names first, its subject
    ('Murphy' is Chris Murphy, not Anne Marie Murphy named later; a bare 'Trump' in a story about
    Ivanka Trump is her, in one about Eric Trump that opens with Donald Trump is Donald; 'Mr.
    Bush' after 'Jeb Bush' is Jeb, however often his father and brother are named later)."""
    people: list[list[str]] = []
    for name in names:
        group = next((g for g in people if _same_person(g[0], name)), None)
        if group is None:
            people.append([name])
        else:
            group.append(name)
    chosen = people[0]
    return max(chosen, key=lambda n: len(n.split()))


def _described_by(pronoun: Span) -> frozenset[str]:
    """'Megyn Kelly' for the 'he' in 'Megyn Kelly, who he claims has been unfair': a pronoun inside
    a relative clause does not mean the person the clause describes."""
    names = set()
    for ancestor in pronoun.root.ancestors:
        # "Ray Halbritter, who led the fight because he claimed …": where the relative pronoun is
        # the clause's subject, a pronoun further in means the person described
        if ancestor.dep_ == "relcl" and not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for c in ancestor.children):
            head = ancestor.head
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ in NAME_LABELS), None)
            if ent is not None:
                names.add(without_title(clean_name(ent.text)))
    return frozenset(names)


# Role nouns that stand for whatever title the leader of a place has ("the South Korean leader").
LEADER_NOUNS = frozenset({"leader", "head", "chief"})
# Words before a title that make it another role: a vice president is not "the president".
OTHER_ROLE_PREFIXES = frozenset({"vice", "deputy", "assistant", "associate", "acting", "former", "lieutenant", "under", "co"})


def _role_matches(role: list[str], title: list[str]) -> bool:
    """'vice president' is 'us vice president', 'former governor' 'former texas governor';
    'president' is not 'vice president', nor 'former president' 'former vice president'."""
    if len(role) > len(title) or not role or title[-1] != role[-1]:
        return False
    if title[len(title) - len(role) :] == role:
        dropped = title[: len(title) - len(role)]
        return not (dropped and dropped[-1] in OTHER_ROLE_PREFIXES)
    words = iter(title)
    if not all(any(w == r for w in words) for r in role):
        return False  # the role's words, in order, within the title
    dropped = list(title)
    for r in role:
        dropped.remove(r)
    return not any(w in OTHER_ROLE_PREFIXES for w in dropped)


def _compatible(wanted: str | None, known: str | None) -> bool:
    return wanted is None or known is None or wanted == known


def build_index(doc: Doc, quoted: list[tuple[int, int]] | None = None, reported: list[tuple[int, int]] | None = None) -> NameIndex:
    index = NameIndex(quoted=quoted or [], reported=reported or [])
    # the first line, when the text has several (Doc.text would rebuild the whole text)
    headline_end = index.headline_end = next((t.idx for t in doc if "\n" in t.text_with_ws), 0)
    index.text = doc.text
    entities = index.entities = _with_first_names(doc, doc.ents, index)
    parsed = doc.has_annotation("SENT_START")  # the selective parse may have parsed nothing
    # surnames of full names, also of those the model tagged as a body or a building ("Bradley Podliska")
    surnames = {
        clean_name(e.text).split()[-1].lower() for e in entities
        if e.label_ in NAME_LABELS and len(clean_name(e.text).split()) > 1 or _mistagged_person(doc, e)
    }
    honoured = {found.group(1) for found in HONOURED.finditer(doc.text)}
    for ent in entities:
        possessive = next((t for t in ent[:-1] if t.lower_ in POSSESSIVE_MARKS), None)
        if possessive is not None and ent.label_ in NAME_LABELS:
            ent = doc[ent.start : possessive.i]  # "Cruz’s Iowa" tagged as one person is Cruz
        name = clean_name(ent.text)
        if not name or STANCE_PREFIX.match(name) or _credit_line(index.text, ent):
            continue  # "pro-Clinton" tagged as a person names no one, nor a photo credit ("Facebook/Jane Doe")
        if ent.label_ in NAME_LABELS and len(name.split()) > 1 and name.split()[-1].lower() in speaker_words()["body_words"]:
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "Donald J. Trump Foundation" tagged as a person is a body
        _note_acronym(doc, ent, name, index)
        # a small model often takes a surname for an organisation ("Pence said"), or a full name ("Carly Fiorina")
        surname_as_body = ent.label_ in BODY_LABELS and len(name.split()) == 1 and name.lower() in surnames
        surname_as_body = surname_as_body or _mistagged_person(doc, ent)
        # "Eswar Prasad" tagged as an organisation, "Neera Tanden" as a building: the story calls them "Mr. Prasad"
        surname_as_body = surname_as_body or ent.label_ not in NAME_LABELS and _full_name_of(name, honoured)
        if ent.label_ in NAME_LABELS or surname_as_body:
            # "Trump May Not Have Suggested …", "Ted Cruz, Chris Christie Address Heroin Epidemic": a
            # headline or a live blog's subheading in title case is not a name
            size = len(name.split())
            title_case = size >= 2 and _in_title_case_line(index.text, ent.start_char)
            if size > 2 and (ent.start_char < headline_end or title_case):
                continue
            # "… Statement About Trump Speech": two words of a title-case line the story never prints again
            if size == 2 and title_case and index.text.count(name) < 2:
                continue
            name = person_name_in(name)
            title = _title_before(doc, ent)
            words = title.split() if title else []
            # "US Vice President Mike Pence" is also "the vice president" (two words or more)
            for k in range(len(words)):
                if len(words) - k >= 2 or len(words) == 1:
                    index.titles.setdefault(" ".join(words[k:]), name)
            if words:
                title_words = " ".join(TITLE_ABBREVIATIONS.get(w, w) for w in words)
                index.roles.append((ent.start_char, title_words, name, _sentence_words(ent)))
            appositive = _appositive_role(doc, ent)
            if appositive:
                index.roles.append((ent.start_char, appositive, name, _sentence_words(ent)))
                index.titles.setdefault(appositive, name)
            gender = gender_of(doc, ent, words + (appositive or "").split())
            if parsed:
                surname = name.split()[-1].lower()
                index.contexts[surname] = index.contexts.get(surname, frozenset()) | _sentence_words(ent)
                index.homes.setdefault(surname, set()).update(_home(doc, ent))
            index.people.append(PersonMention(ent.start_char, name, _is_subject(ent), gender, _names_body(ent), _is_main_subject(ent)))
            if gender:
                for key in {name.lower(), name.split()[-1].lower()}:
                    index.genders.setdefault(key, set()).add(gender)
        else:
            if ent.label_ in BODY_LABELS:
                index.bodies.append((ent.start_char, name))
            if ent.label_ == "ORG":
                index.organisations.append((ent.start_char, name, _is_subject(ent)))
            _note_body_noun(doc, ent, name, index)
    _introduced_acronyms(doc, index)
    # a known surname the model did not tag at all ("Throughout Pence’s trip he …")
    campaigns = []
    for token in doc:
        if token.ent_iob_ == "O" and token.lower_ in surnames and token.text[:1].isupper():
            before = doc[token.i - 1] if token.i > 0 else None
            if (
                before is not None and before.ent_iob_ == "O" and before.pos_ == "PROPN" and NAME_SHAPE.match(before.text)
                and is_given_name(before.text) and index._first_name_of(before.text, token.text)
            ):
                # "Ivanka Trump" untagged where the story also names Donald Trump: her full name, not a bare "Trump"
                name = f"{before.text} {token.text}"
                gender = FIRST_NAME_GENDER.get(before.lower_)
                index.people.append(PersonMention(before.idx, name, token.dep_ in ("nsubj", "nsubjpass"), gender))
                if gender:
                    index.genders.setdefault(name.lower(), set()).add(gender)
                continue
            index.people.append(PersonMention(token.idx, token.text, token.dep_ in ("nsubj", "nsubjpass")))
        elif token.lower_ in CAMPAIGN_NOUNS:
            campaigns.append(token)
    index.people.sort(key=lambda m: m.start)
    if parsed:
        _surname_gender_from_sentence(doc, index)
    # "the Clinton campaign", "Trump’s campaign": bodies named after a person, for "the campaign"
    for token in campaigns:
            owner = next((c for c in token.children if c.dep_ in ("compound", "poss") and c.text[:1].isupper()), None)
            if owner is not None and any(m.name.split()[-1] == owner.text for m in index.people):
                index.bodies.append((token.idx, f"{index.full_name(owner.text, token.idx)} {token.lower_}"))
    index.bodies.sort()
    return index


def _surname_gender_from_sentence(doc: Doc, index: NameIndex) -> None:
    """'… accused former President Bill Clinton of rape said that Clinton was trying …': a bare
    surname after one full name of that surname in its sentence is that person, so it has that
    person's gender ('she' later is not Hillary Clinton). Not when two people of the surname are
    named in the sentence before it."""
    for k, mention in enumerate(index.people):
        if mention.gender is not None or len(mention.name.split()) != 1:
            continue
        sentence_start = doc[token_at(doc, mention.start)].sent.start_char
        full = {
            m.name for m in index.people[:k]
            if sentence_start <= m.start and len(m.name.split()) > 1 and m.name.split()[-1] == mention.name
        }
        if len(full) == 1:
            mention.gender = index.gender(next(iter(full)))


def token_at(doc: Doc, offset: int) -> int:
    """The index of the token at (or just after) a character offset."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def _credit_line(text: str, ent: Span) -> bool:
    """'LinkedIn/Geert Supre.' on a line of its own under a photo: a credit, not a body that acts
    (a joint poll, 'Times/CBS News', is written inside a sentence)."""
    if "/" not in ent.text:
        return False
    start = text.rfind("\n", 0, ent.start_char) + 1
    end = text.find("\n", ent.end_char)
    line = text[start : end if end >= 0 else len(text)]
    return len(line.strip(" .\u00a0")) <= len(ent.text) + 2


def _in_title_case_line(text: str, offset: int) -> bool:
    """Whether the line holding offset is a heading: five words or more, nearly all capitalised."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = TITLE_CASE_WORD.findall(text[start : end if end >= 0 else len(text)])
    lower = sum(1 for w in words if w.islower() and w not in MINOR_WORDS)
    return len(words) >= 5 and lower <= len(words) // 10


def _note_body_noun(doc: Doc, ent: Span, name: str, index: NameIndex) -> None:
    """A name written with a body noun after it, for 'the magazine' or 'the government' later:
    'Family Circle magazine' is the body Family Circle, 'the Mexican government' a body itself."""
    after = doc[ent.end] if ent.end < len(doc) else None
    if ent.label_ not in BODY_LABELS + NAMED_THINGS or after is None or after.pos_ != "NOUN" or after.lower_ not in speaker_words()["body_words"]:
        return
    if ent.label_ in ("NORP", "GPE"):
        index.bodies.append((ent.start_char, f"{name} {after.lower_}"))
        return
    if ent.label_ not in BODY_LABELS:  # "Family Circle" tagged as a product
        index.bodies.append((ent.start_char, name))
    index.body_nouns.setdefault(name, set()).add(after.lower_)


def _full_name_of(name: str, honoured: set[str]) -> bool:
    """'Eswar Prasad' is a person's name where the story writes 'Mr. Prasad': two or three
    capitalised words, the last one written after an honorific."""
    words = name.split()
    return 2 <= len(words) <= 3 and words[-1] in honoured and all(NAME_SHAPE.match(w) for w in words)


def _with_first_names(doc: Doc, entities: tuple[Span, ...], index: NameIndex) -> tuple[Span, ...]:
    """The entities, a surname tagged alone taking the first name written before it ('Paloma Wu'
    where the model tagged only 'Wu'; not 'Justice Scalia'): an untagged proper noun compounded
    with it that is a first name; a name cut short taking the proper noun it is compounded into."""
    out = []
    for ent in entities:
        before = doc[ent.start - 1] if ent.start > 0 else None
        if (
            ent.label_ in NAME_LABELS and len(ent) == 1 and before is not None and not before.ent_type_
            and before.dep_ == "compound" and before.head.i == ent.start and before.pos_ == "PROPN"
            and NAME_SHAPE.match(before.text) and index._first_name_of(before.text, ent.text)
        ):
            ent = Span(doc, ent.start - 1, ent.end, label=ent.label_)
        after = doc[ent.end] if ent.end < len(doc) else None
        if (
            # "Enrique Peña Nieto" tagged as "Enrique Peña": the proper noun a full name is compounded
            # into, when the story writes the two together again ("Peña Nieto said")
            ent.label_ in NAME_LABELS and len(ent) > 1 and after is not None and ent.root.dep_ == "compound" and ent.root.head.i == after.i
            and after.pos_ == "PROPN" and NAME_SHAPE.match(after.text) and after.lower_ not in speaker_words()["body_words"]
            and index.text.count(f"{ent[-1].text} {after.text}") > 1
        ):
            ent = Span(doc, ent.start, ent.end + 1, label=ent.label_)
        if out and ent.start < out[-1].end:
            continue  # "Nieto", tagged on its own, is inside the name now
        out.append(ent)
    return tuple(out)


def _mistagged_person(doc: Doc, ent: Span) -> bool:
    """A full name the model tagged as a body or a building: one that looks like a person's, or
    one written after a title ('CEO Carly Fiorina') or before an age ('Guadalupe Potocacetpl, 35,'),
    or whose last word the story writes alone ('Neera Tanden' … 'Tanden wrote'; not a place's:
    'Central Asia' … 'Asia')."""
    words = clean_name(ent.text).split()
    if ent.label_ not in MISTAGGED_PEOPLE or not shaped_like_full_name(words):
        return False
    if is_given_name(words[0]):
        return True
    titled = ent.start > 0 and doc[ent.start - 1].text[:1].isupper() and is_title(doc[ent.start - 1].text)  # not "the private Trump Tower"
    aged = ent.end + 2 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].like_num and doc[ent.end + 2].text == ","
    return titled or aged or _surname_alone(doc.text, words)


def _surname_alone(text: str, words: list[str]) -> bool:
    """'An email from Neera Tanden' (tagged as a building) and later 'Tanden wrote …': a story
    calls a person by the last word of the name, alone, at least twice; never a body ('the
    Alliance') nor a word also written in lower case ('Tower', 'Century')."""
    last = words[-1]
    if re.search(rf"\b{re.escape(last.lower())}\b", text):
        return False
    alone = [
        found for found in re.finditer(rf"\b{re.escape(last)}\b", text)
        if not re.search(rf"(?:\b{re.escape(words[-2])}|\b[Tt]he|[A-Z][\w.]*)\s+$", text[max(0, found.start() - 40) : found.start()])
        and not re.match(r"\s+[A-Z]", text[found.end() : found.end() + 2])
    ]
    return len(alone) >= 2


def is_given_name(word: str) -> bool:
    """A first name the nickname table knows, or one our gender list does ('Ivanka')."""
    return is_first_name(word) or word.lower() in FIRST_NAME_GENDER


def shaped_like_full_name(words: list[str]) -> bool:
    """Two or three capitalised words shaped like names, none of them a body's ('Center')."""
    return 2 <= len(words) <= 3 and all(NAME_SHAPE.match(w) for w in words) and not any(w.lower() in speaker_words()["body_words"] for w in words)


def looks_like_person(name: str) -> bool:
    """'Carly Fiorina' tagged as an organisation: a known first name and a capitalised surname."""
    words = name.split()
    return shaped_like_full_name(words) and is_given_name(words[0])


def _introduced_acronyms(doc: Doc, index: NameIndex) -> None:
    """'the Parliamentary Budget Officer (PBO)': capitalised words before '(PBO)' whose initials give it."""
    for token in doc[2:-1]:
        if doc[token.i - 1].text != "(" or doc[token.i + 1].text != ")" or not is_acronym(token.text):
            continue
        words = []
        i = token.i - 2
        while i >= 0 and (doc[i].text[:1].isupper() or doc[i].lower_ in ("of", "for", "and", "on")) and len(words) < 8:
            words.insert(0, doc[i])
            candidate = doc[i : token.i - 1].text
            if doc[i].text[:1].isupper() and abbreviates(token.text, candidate):
                index.acronyms.setdefault(token.text.replace(".", ""), candidate)
                index.bodies.append((doc[i].idx, candidate))
                break
            i -= 1


def _note_acronym(doc: Doc, ent: Span, name: str, index: NameIndex) -> None:
    """'the Parliamentary Budget Officer (PBO)': the acronym stands for the name before it."""
    if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
        short = doc[ent.end + 1].text
        if is_acronym(short):
            index.acronyms.setdefault(short.replace(".", ""), name)
    elif ent.start >= 2 and is_acronym(ent.text) and doc[ent.start - 1].text == "(":
        before = [e for e in index.entities if e.end == ent.start - 1]
        if before:
            index.acronyms.setdefault(ent.text.replace(".", ""), clean_name(before[0].text))


def _names_body(ent: Span) -> bool:
    """'Obama' in 'the Obama administration', 'Bush' in 'the Bush tax cuts', 'Trump’s campaign': a
    name that describes a thing or a body, not a person who acts."""
    head = ent.root.head
    if head.i < ent.end:
        return False
    if ent.root.dep_ == "compound" and head.pos_ == "NOUN":
        return True  # "the Bush tax cuts", "a Clinton aide"
    return ent.root.dep_ == "poss" and (head.lower_ in CAMPAIGN_NOUNS or head.lower_ in speaker_words()["body_words"])


def _sentence_words(ent: Span) -> frozenset[str]:
    return frozenset(t.lower_ for t in ent.sent)


def _is_subject(ent: Span) -> bool:
    """The subject of its clause; in a paragraph the selective parse skipped, a name that opens
    a sentence ("ROME - Bernie Sanders met …")."""
    root = ent.root
    if not root.dep_:
        before = ent.doc[ent.start - 1] if ent.start else None
        return before is None or "\n" in before.text_with_ws or before.text in (".", "-", "—", "–", ":")
    if root.dep_ == "ROOT" and root.pos_ == "PROPN" and any(t.pos_ in ("VERB", "AUX") for t in ent.doc[ent.end : root.sent.end]):
        return True  # "Rep. Devin Nunes (R-Calif.), chairman of …, didn’t second-guess …" parsed with the name as its root
    # "Garcia’s kids have sold him on …": the subject's possessor is as salient as a subject
    return root.dep_ in ("nsubj", "nsubjpass") or root.dep_ in ("appos", "compound", "poss") and root.head.dep_ in ("nsubj", "nsubjpass")


def _is_main_subject(ent: Span) -> bool:
    """The subject of the sentence's main verb, or its apposition; not its possessor ("Trump’s
    running mate — Indiana Gov. Mike Pence — has …": Pence)."""
    root = ent.root
    if root.dep_ == "poss":
        return False
    verb = root.head if root.dep_ in ("nsubj", "nsubjpass") else root.head.head if root.head.dep_ in ("nsubj", "nsubjpass") else None
    return verb is not None and (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _appositive_role(doc: Doc, ent: Span) -> str | None:
    """'communications director' in 'Jarrod Agen, Pence’s communications director' and in
    'Pence’s communications director, Jarrod Agen': the role without its owner and article."""
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
    else:
        head = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if head is None or head.tag_ != "NN":
        return None  # "lawyers John McCain" names no one's role
    between = doc[min(head.i, ent.start) + 1 : max(head.i, ent.start)]
    if not any(t.text == "," for t in between):
        return None  # "Poll: Clinton …" is a headline, not an appositive
    words = [
        t for t in head.subtree
        if t.i <= head.i and t.dep_ in ("compound", "amod") and t.head.i == head.i and not t.ent_type_
    ] + [head]
    words += [t for t in head.subtree if t.i > head.i and t.head.dep_ == "prep" and t.head.head.i == head.i and t.head.lower_ == "of"]
    if any(t.is_punct for t in words):
        return None
    words.sort(key=lambda t: t.i)
    role = " ".join(t.lower_ for t in words)
    # "chief of staff" keeps its "of"
    of = [t for t in head.children if t.dep_ == "prep" and t.lower_ == "of"]
    if of and words[-1].i > head.i:
        role = " ".join(t.lower_ for t in words if t.i <= head.i) + " of " + " ".join(t.lower_ for t in words if t.i > head.i)
    return role if TITLE_WORDS.match(role) else None


# role nouns that end in "man" without naming a man
NOT_GENDERED_MAN = frozenset({"human", "german", "roman", "ottoman", "shaman", "talisman", "layman", "freshman", "ombudsman"})


def role_gender(word: str) -> str | None:
    """'f' for 'spokeswoman', 'Assemblywoman', 'councilwoman'; 'm' for 'congressman', 'chairman';
    the vocabulary's gendered roles ('widow', 'actress') otherwise."""
    word = word.lower().strip(".,")
    if word in ROLE_GENDER:
        return ROLE_GENDER[word]
    if word.endswith("woman") or word.endswith("women"):
        return "f"
    if word.endswith("man") and len(word) > 5 and word not in NOT_GENDERED_MAN and word.isalpha():
        return "m"
    return None


def gender_of(doc: Doc, ent: Span, role_words: list[str]) -> str | None:
    """'m' or 'f' when an honorific, a gendered role or the first name tells it."""
    if ent.start > 0 and doc[ent.start - 1].lower_ in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[doc[ent.start - 1].lower_]
    for word in role_words:
        if role_gender(word):
            return role_gender(word)
    words = [w.lower() for w in clean_name(ent.text).split()]
    if words and words[0] in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[words[0]]
    if len(words) > 1 and is_title(words[0]) and role_gender(words[0]):
        return role_gender(words[0])  # "Assemblywoman Claudia Tenney" tagged with her title
    return FIRST_NAME_GENDER.get(words[0]) if len(words) > 1 else None



def _home(doc: Doc, ent: Span) -> set[str]:
    """The place written with a name as its home: 'Vermont' in 'Vermont Sen. Bernie Sanders' and
    in 'Bernie Sanders of Vermont'."""
    before = [t for t in doc[max(0, ent.start - 4) : ent.start] if t.ent_type_ == "GPE" and t.head.i >= ent.start]
    after = doc[ent.end : ent.end + 4]
    of = after[:1].text == "of" and [t for t in after[1:] if t.ent_type_ == "GPE" and t.ent_iob_ != "O"]
    return {t.lower_ for t in before + (of or [])}


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
    """A name without possessive ending, leading article, surrounding punctuation, or a headline's
    verb or dateline stuck to it ("Obama Says", "Donald Trump MANCHESTER", "ROME - Bernie Sanders", ">Sanders")."""
    text = AGE.sub("", DATELINE.sub("", text.strip()).strip(" \t\n,.;:“”\"'‘’-–—>•*|"))
    text = POSSESSIVE.sub("", text)
    text = LEADING_DETERMINER.sub("", text)
    spaced = re.findall(r"(\s*)(\S+)", text)
    words = [word for _, word in spaced]
    while len(words) > 1 and _headline_tail(words, after_line_break="\n" in spaced[len(words) - 1][0]):
        words.pop()
    return " ".join(words)


def person_name_in(text: str) -> str:
    """A person's name as the speaker's name: cleaned, titles, honorifics and a description the
    model took into the name dropped ('Gov Fallin' → 'Fallin', 'Billionaire Donald Trump')."""
    words = without_title(clean_name(text)).split()
    while len(words) > 2 and words[0].lower() in speaker_words()["description_nouns"]:
        words = words[1:]
    return " ".join(words)


def _headline_tail(words: list[str], after_line_break: bool = False) -> bool:
    """'Says' in 'Obama Says', 'MANCHESTER' in 'Donald Trump MANCHESTER': not part of the name.
    A three-letter acronym ends a body's name ('Conservative Solutions PAC', 'Priorities USA')
    unless a line break sets it apart as the next line's dateline; a generational 'III' goes."""
    last = words[-1]
    # "Donald Trump MANCHESTER", not "data available from the FBI"
    if (
        last.isupper()
        and len(last) > 2
        and (after_line_break or len(last) > 3 or not last.isalpha() or ROMAN_NUMERAL.fullmatch(last))
        and not all(w.isupper() for w in words[:-1])
        and all(w[:1].isupper() for w in words[:-1])
    ):
        return True
    lower = last.lower()
    if lower in VERB_LIKE_NAME_ENDS:
        return False  # "United States", "Rasmussen Reports"
    forms = {lower[:-1], lower[:-2], lower[:-3] + "y"} if lower.endswith("s") else set()
    return last[:1].isupper() and bool(forms & CUE_VERBS)


