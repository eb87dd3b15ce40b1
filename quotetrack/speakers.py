"""Speaker resolution within one article: from the mention as written to the person or body meant.

"he", "Nauert", "the vice president" and "Pence’s chief of staff Nick Ayres" are mentions; the
names are "Mike Pence", "Heather Nauert", "Mike Pence" and "Nick Ayres". Resolution uses only the
article itself: named entities, surnames, titles and appositive roles, and text order.

- "he"/"she": back through the sentences, a subject before other names, never a name of the other
  gender (told by an honorific, a gendered role noun or a common first name); names inside direct
  quotes are not antecedents. "they": the latest plural subject that spoke, or a named body.
- "who"/"which"/"that" (PolNeAR's mention for "Barkley, who said …"): the antecedent.
- "the senator", "the communications director", "the South Korean leader": the latest person given
  that role; "the daily", "the campaign", "the official": the body or group named before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .cues import CUE_VERBS, PRONOUNS_PERSON, PRONOUNS_PLURAL, RELATIVE_PRONOUNS
from .models import Quote
from .names import abbreviates, is_acronym, is_first_name, is_title, speaker_words, without_title

POSSESSIVE = re.compile(r"\s*[’']s?$")
AGE = re.compile(r",\s*\d{1,3}$")  # "Ramos, 58"
# What tells a person's gender in the article itself: an honorific, a gendered role noun written
# with the name, or a common first name. Pronouns are only matched against compatible people.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "sir": "m", "lady": "f"}
ROLE_GENDER = {
    "spokesman": "m", "spokeswoman": "f", "congressman": "m", "congresswoman": "f", "chairman": "m",
    "chairwoman": "f", "businessman": "m", "businesswoman": "f", "husband": "m", "wife": "f", "father": "m",
    "mother": "f", "son": "m", "daughter": "f", "brother": "m", "sister": "f", "king": "m", "queen": "f",
    "actor": "m", "actress": "f", "anchorman": "m", "anchorwoman": "f", "widow": "f", "widower": "m",
}
FIRST_NAME_GENDER = {
    **dict.fromkeys(
        """donald mike michael john james robert william david richard joseph thomas charles christopher
        daniel matthew mark paul steven stephen andrew kenneth george edward brian ronald anthony kevin jason
        jeff jeffrey ryan gary timothy tim jose larry frank scott eric jonathan justin brandon benjamin ben
        samuel gregory patrick jack dennis jerry tyler aaron adam henry nathan douglas peter zachary kyle
        walter harold carl arthur roger joe bill bernie ted marco jeb chris rand rick barack newt mitt
        mitch harry nick sean jim tom bob steve dan reince corey vladimir boris emmanuel xi
        recep shinzo nigel rudy rudolph sergey al ray ralph howard lawrence jared""".split(),
        "m",
    ),
    **dict.fromkeys(
        """hillary mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
        margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie
        rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen
        samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie
        olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah
        jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy
        sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
        charlotte marie kayla alexis lori melania ivanka chelsea kellyanne sarah huma elise nikki carly
        marine dilma""".split(),
        "f",
    ),
}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Nouns that name a body generically ("the daily", "the network"), with words its name contains.
GENERIC_BODIES = {
    "newspaper": ("post", "times", "journal", "herald", "tribune", "daily", "gazette", "news", "telegraph", "guardian",
                  "globe", "examiner", "inquirer", "star", "mail", "sun", "chronicle", "observer", "independent"),
    "daily": ("post", "times", "journal", "herald", "tribune", "daily", "gazette", "news", "telegraph", "guardian",
              "globe", "examiner", "inquirer", "star", "mail", "sun", "chronicle", "observer", "independent"),
    "paper": ("post", "times", "journal", "herald", "tribune", "daily", "gazette", "news", "telegraph", "guardian",
              "globe", "examiner", "inquirer", "star", "mail", "sun", "chronicle", "observer", "independent"),
    "network": ("cnn", "nbc", "abc", "cbs", "fox", "msnbc", "bbc", "pbs", "univision", "telemundo", "news"),
    "broadcaster": ("cnn", "nbc", "abc", "cbs", "fox", "msnbc", "bbc", "pbs", "univision", "telemundo", "news"),
    "agency": ("agency", "press", "reuters", "afp", "ap", "cia", "fbi", "nsa", "epa"),
    "campaign": ("campaign",),
    "administration": ("administration",),
    "committee": ("committee",),
    "department": ("department",),
    "union": ("union",),
    "company": ("inc", "corp", "company", "co"),
}
# How far back (characters) "the official" looks for "a White House official".
GROUP_WINDOW = 1500
# Bodies that take a person's name: "the Clinton campaign".
CAMPAIGN_NOUNS = frozenset({"campaign", "administration", "camp", "team"})
# Abbreviated titles before a name, and the role nouns they stand for ("Sen. Cruz" is "the senator").
TITLE_ABBREVIATIONS = {
    "sen.": "senator", "sen": "senator", "rep.": "congressman", "rep": "congressman", "gov.": "governor",
    "gov": "governor", "gen.": "general", "pres.": "president", "sec.": "secretary", "amb.": "ambassador",
    "supt.": "superintendent", "atty.": "attorney", "lt.": "lieutenant", "col.": "colonel", "adm.": "admiral",
}
LEADING_DETERMINER = re.compile(r"^(?:the|a|an|another|some|two|three|several|one)\s+", re.IGNORECASE)
NAME_LABELS = ("PERSON",)
BODY_LABELS = ("ORG", "NORP", "GPE")
TITLE_WORDS = re.compile(r"^[A-Za-z.\- ]+$")


@dataclass
class PersonMention:
    """One place where a person is named: a pronoun later on most likely means a recent subject."""

    start: int
    name: str
    subject: bool
    gender: str | None = None  # as told at this mention ("Mrs. Clinton"), where families share a surname


@dataclass
class NameIndex:
    """People and bodies named in an article, in text order, with titles written before them."""

    people: list[PersonMention] = field(default_factory=list)
    bodies: list[tuple[int, str]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # "vice president" -> "Mike Pence"
    # (offset, "chief of staff", "Nick Ayers", words of the sentence that gives the role)
    roles: list[tuple[int, str, str, frozenset[str]]] = field(default_factory=list)
    genders: dict[str, set[str]] = field(default_factory=dict)  # full name and surname -> {"m", "f"}
    quoted: list[tuple[int, int]] = field(default_factory=list)  # direct quotes: names inside are not antecedents
    contexts: dict[str, frozenset[str]] = field(default_factory=dict)  # surname -> words of the sentences naming them
    acronyms: dict[str, str] = field(default_factory=dict)
    content: tuple[int, int] = (0, 0)  # the content of the quote whose speaker is being resolved  # "PBO" -> "Parliamentary Budget Officer", from "(PBO)"
    entities: tuple[Span, ...] = ()  # Doc.ents, built once (Span.ents rebuilds them on every call)

    def entities_in(self, span: Span) -> list[Span]:
        return [e for e in self.entities if span.start <= e.start and e.end <= span.end]

    def full_name(self, name: str, before: int | None = None, gender: str | None = None) -> str:
        """Expand a surname (or first name) to the fullest name the article uses for it (of the
        given gender, where a family shares the surname)."""
        words = [w.lower() for w in name.split() if not is_title(w) and w.lower() not in HONORIFIC_GENDER]
        matches = [
            m.name for m in self.people
            if len(m.name.split()) > len(words) and set(words) <= set(m.name.lower().split())
            and _compatible(gender, self.gender(m.name))
        ]
        if before is not None:
            earlier = [m.name for m in self.people if m.start < before and m.name in matches]
            matches = earlier or matches
        return max(matches, key=lambda n: len(n.split())) if matches else name

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
        if not matches and len(words) == 1:
            # "Fox" after "Fox News", when it is the only longer name that starts so
            matches = list({n for _, n in self.bodies if n.lower().split()[0] == words[0] and len(n.split()) > 1})
            matches = matches if len(matches) == 1 else []
        return max(matches, key=len) if matches else name

    def gender(self, name: str) -> str | None:
        """A full name's gender, else its surname's when everyone of that surname agrees."""
        known = self.genders.get(name.lower()) or self.genders.get(name.split()[-1].lower()) if name else None
        return next(iter(known)) if known and len(known) == 1 else None

    def mention_gender(self, mention: PersonMention, name: str) -> str | None:
        return mention.gender or self.gender(name)

    def last_person_before(self, offset: int, gender: str | None = None) -> str | None:
        for mention in reversed([m for m in self.people if m.start < offset and not self.in_quote(m.start)]):
            name = self.full_name(mention.name, offset, mention.gender or gender)
            if _compatible(gender, self.mention_gender(mention, name)):
                return name
        return None

    def in_quote(self, offset: int) -> bool:
        """Inside a direct quote, or inside the content whose speaker is being resolved ("…
        appeals of Mr. Trump, he said": he is not Mr. Trump)."""
        start, end = self.content
        return start <= offset < end or any(start <= offset < end for start, end in self.quoted)

    def person_for_pronoun(self, doc: Doc, pronoun: Span) -> str | None:
        """'he' or 'she': back through the sentences (the pronoun's own first), a subject before
        other names, a name of another gender never; the last compatible name otherwise."""
        return self.salient_person(doc, pronoun, PRONOUN_GENDER.get(pronoun.text.lower()))

    def salient_person(self, doc: Doc, mention: Span, gender: str | None) -> str | None:
        """The person a pronoun or a description ('the billionaire businessman') most likely
        means: back through the sentences, a subject before other names, never another gender."""
        sentence = mention.sent
        for _ in range(5):
            here = [
                m for m in self.people
                if sentence.start_char <= m.start < min(sentence.end_char, mention.start_char) and not self.in_quote(m.start)
            ]
            for person in [m for m in here if m.subject] + [m for m in reversed(here) if not m.subject]:
                name = self.full_name(person.name, mention.start_char, person.gender or gender)
                if _compatible(gender, self.mention_gender(person, name)):
                    return name
            if sentence.start == 0:
                break
            sentence = doc[sentence.start - 1].sent
        return self.last_person_before(mention.start_char, gender)

    def role_holder(self, role: str, before: int, places: frozenset[str] = frozenset()) -> str | None:
        """'the senator', 'the Vermont senator' or 'the communications director': the latest person
        given that role before; a place or party word in the mention must be near the name, if not in the title."""
        words = role.lower().split()
        holders = [name for offset, title, name, _ in self.roles if offset < before and _role_matches(words, title.split())]
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
        return self.full_name(holder, before) if holder else None

    def generic_body(self, noun: str, before: int) -> str | None:
        """'the daily' is the newspaper named last before it; 'the campaign' the last campaign."""
        hints = GENERIC_BODIES.get(noun.lower())
        if not hints:
            return None
        earlier = [name for offset, name in self.bodies if offset < before and set(name.lower().split()) & set(hints)]
        return earlier[-1] if earlier else None


# Role nouns that stand for whatever title the leader of a place has ("the South Korean leader").
LEADER_NOUNS = frozenset({"leader", "head", "chief"})
# Words before a title that make it another role: a vice president is not "the president".
OTHER_ROLE_PREFIXES = frozenset({"vice", "deputy", "assistant", "associate", "acting", "former", "lieutenant", "under", "co"})


def _role_matches(role: list[str], title: list[str]) -> bool:
    """'vice president' is 'us vice president'; 'president' is not 'vice president'."""
    if len(role) > len(title) or title[len(title) - len(role) :] != role:
        return False
    dropped = title[: len(title) - len(role)]
    return not (dropped and dropped[-1] in OTHER_ROLE_PREFIXES)


def _compatible(wanted: str | None, known: str | None) -> bool:
    return wanted is None or known is None or wanted == known


def build_index(doc: Doc, quoted: list[tuple[int, int]] | None = None) -> NameIndex:
    index = NameIndex(quoted=quoted or [])
    # the first line, when the text has several (Doc.text would rebuild the whole text)
    headline_end = next((t.idx for t in doc if "\n" in t.text_with_ws), 0)
    entities = index.entities = doc.ents
    parsed = doc.has_annotation("SENT_START")  # the selective parse may have parsed nothing
    surnames = {
        clean_name(e.text).split()[-1].lower() for e in entities if e.label_ in NAME_LABELS and len(clean_name(e.text).split()) > 1
    }
    for ent in entities:
        name = clean_name(ent.text)
        if not name:
            continue
        _note_acronym(doc, ent, name, index)
        # a small model often takes a surname for an organisation ("Pence said"), or a full name ("Carly Fiorina")
        surname_as_body = ent.label_ in BODY_LABELS and len(name.split()) == 1 and name.lower() in surnames
        surname_as_body = surname_as_body or ent.label_ == "ORG" and _looks_like_person(name)
        if ent.label_ in NAME_LABELS or surname_as_body:
            # "Trump May Not Have Suggested …": a headline in title case is not a name
            if ent.start_char < headline_end and len(name.split()) > 2:
                continue
            name = without_title(name)
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
            gender = _gender(doc, ent, words + (appositive or "").split())
            if parsed:
                surname = name.split()[-1].lower()
                index.contexts[surname] = index.contexts.get(surname, frozenset()) | _sentence_words(ent)
            index.people.append(PersonMention(ent.start_char, name, _is_subject(ent), gender))
            if gender:
                for key in {name.lower(), name.split()[-1].lower()}:
                    index.genders.setdefault(key, set()).add(gender)
        elif ent.label_ in BODY_LABELS:
            index.bodies.append((ent.start_char, name))
    _introduced_acronyms(doc, index)
    # a known surname the model did not tag at all ("Throughout Pence’s trip he …")
    campaigns = []
    for token in doc:
        if token.ent_iob_ == "O" and token.lower_ in surnames and token.text[:1].isupper():
            index.people.append(PersonMention(token.idx, token.text, token.dep_ in ("nsubj", "nsubjpass")))
        elif token.lower_ in CAMPAIGN_NOUNS:
            campaigns.append(token)
    index.people.sort(key=lambda m: m.start)
    # "the Clinton campaign", "Trump’s campaign": bodies named after a person, for "the campaign"
    for token in campaigns:
            owner = next((c for c in token.children if c.dep_ in ("compound", "poss") and c.text[:1].isupper()), None)
            if owner is not None and any(m.name.split()[-1] == owner.text for m in index.people):
                index.bodies.append((token.idx, f"{index.full_name(owner.text, token.idx)} {token.lower_}"))
    index.bodies.sort()
    return index


def _looks_like_person(name: str) -> bool:
    """'Carly Fiorina' tagged as an organisation: a known first name and a capitalised surname."""
    words = name.split()
    if not 2 <= len(words) <= 3 or any(w.lower() in speaker_words()["body_words"] for w in words):
        return False
    return all(w[:1].isupper() and w[1:].islower() for w in words) and is_first_name(words[0])


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


def _sentence_words(ent: Span) -> frozenset[str]:
    return frozenset(t.lower_ for t in ent.sent)


def _is_subject(ent: Span) -> bool:
    root = ent.root
    return root.dep_ in ("nsubj", "nsubjpass") or root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass")


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


def _gender(doc: Doc, ent: Span, role_words: list[str]) -> str | None:
    """'m' or 'f' when an honorific, a gendered role or the first name tells it."""
    if ent.start > 0 and doc[ent.start - 1].lower_ in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[doc[ent.start - 1].lower_]
    for word in role_words:
        if word in ROLE_GENDER:
            return ROLE_GENDER[word]
    words = [w.lower() for w in clean_name(ent.text).split()]
    if words and words[0] in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[words[0]]
    return FIRST_NAME_GENDER.get(words[0]) if len(words) > 1 else None


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
    verb or dateline stuck to it ("Obama Says", "Donald Trump MANCHESTER", ">Sanders")."""
    text = AGE.sub("", text.strip(" \t\n,.;:“”\"'‘’-–—>•*|"))
    text = POSSESSIVE.sub("", text)
    text = LEADING_DETERMINER.sub("", text)
    words = text.split()
    while len(words) > 1 and _headline_tail(words):
        words.pop()
    return " ".join(words)


def person_name_in(text: str) -> str:
    """A person's name as the speaker's name: cleaned, titles and honorifics dropped ('Gov Fallin' → 'Fallin')."""
    return without_title(clean_name(text))


def _headline_tail(words: list[str]) -> bool:
    """'Says' in 'Obama Says', 'MANCHESTER' in 'Donald Trump MANCHESTER': not part of the name."""
    last = words[-1]
    if last.isupper() and len(last) > 2 and not all(w.isupper() for w in words[:-1]):
        return True
    lower = last.lower()
    forms = {lower[:-1], lower[:-2], lower[:-3] + "y"} if lower.endswith("s") else set()
    return last[:1].isupper() and bool(forms & CUE_VERBS)


@dataclass(frozen=True)
class Resolution:
    """Who a mention means: the name, the role written with it, and the kind of source."""

    name: str | None
    role: str | None = None
    kind: str | None = None  # person, organisation, anonymous, group, document; None when unresolved


def resolve_speaker_names(doc: Doc, quotes: list[Quote]) -> None:
    """Fill speaker_name, and the speaker's role and kind where known, on each quote in place.

    First-person speakers ("I think …" inside someone's quote, "I" in an interview's answers)
    are resolved last, from the speakers of the quotes around them."""
    index = build_index(doc, [(q.start, q.end) for q in quotes if q.kind == "direct"])
    first_person = []
    for quote in quotes:
        if quote.speaker_start is None or quote.speaker_end is None:
            continue
        mention = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        if mention is None:
            continue
        if mention.text.strip().lower() in FIRST_PERSON:
            first_person.append((quote, mention))
            continue
        index.content = (quote.start, quote.end)
        _fill(quote, resolve_mention(doc, mention, index))
    index.content = (0, 0)
    speakers = [(q.start, q.end, q.speaker_name) for q in quotes if q.extra.get("speaker_kind") == "person" and q.speaker_name]
    interviewee = _interviewee(doc, index)
    for quote, mention in first_person:
        name = next((n for start, end, n in speakers if start <= mention.start_char < end), None)
        if name is None and interviewee and _in_answer(doc, mention):
            name = interviewee
        if name is None and mention.text.strip().lower() == "i":
            name = index.last_person_before(mention.start_char)
        _fill(quote, Resolution(name, None, "person") if name else Resolution(mention.text.strip()))


FIRST_PERSON = frozenset({"i", "me", "my", "myself", "you"})


def _fill(quote: Quote, found: Resolution) -> None:
    quote.speaker_name = found.name
    if found.role:
        quote.extra["speaker_role"] = found.role
    if found.kind:
        quote.extra["speaker_kind"] = found.kind


def _interviewee(doc: Doc, index: NameIndex) -> str | None:
    """In a question-and-answer transcript ('Q: … A: …'), the person named most often."""
    if sum(1 for t in doc if t.text in ("Q", "A") and t.i + 1 < len(doc) and doc[t.i + 1].text == ":") < 4:
        return None
    counts: dict[str, int] = {}
    for person in index.people:
        name = index.full_name(person.name)
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (counts[n], len(n.split()))) if counts else None


def _in_answer(doc: Doc, mention: Span) -> bool:
    """'I' in a paragraph that answers ('A: …') or continues an answer, 'you' in a question ('Q: …')."""
    paragraph_start = mention.start
    while paragraph_start > 0 and "\n" not in doc[paragraph_start - 1].text_with_ws:
        paragraph_start -= 1
    question = paragraph_start < len(doc) and doc[paragraph_start].text == "Q"
    return question == (mention.text.strip().lower() == "you")


def _trim(doc: Doc, mention: Span) -> Span:
    """The mention without punctuation around it nor a trailing possessive ("Mr. Trump’s")."""
    start, end = mention.start, mention.end
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in POSSESSIVE_TOKENS or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    # "Donald" in "Donald Trump said", when the speaker span holds only "Trump"
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i in range(start, end) \
            and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not is_title(doc[start - 1].text):
        start -= 1
    return doc[start:end]


POSSESSIVE_TOKENS = frozenset({"’s", "'s", "’", "'"})


def resolve_mention(doc: Doc, mention: Span, index: NameIndex) -> Resolution:
    """The name, role and kind for one speaker mention."""
    mention = _trim(doc, mention)
    text = mention.text.strip()
    lower = text.lower()
    words = speaker_words()
    antecedent = _antecedent(doc, mention) if lower in RELATIVE_PRONOUNS else None
    if antecedent is not None:
        return resolve_mention(doc, antecedent, index)
    if lower in PRONOUN_GENDER:
        name = index.person_for_pronoun(doc, mention)
        return Resolution(name, None, "person") if name else Resolution(text)
    if lower in PRONOUNS_PERSON and lower not in ("we", "you"):
        name = index.last_person_before(mention.start_char)
        return Resolution(name, None, "person") if name else Resolution(text)
    if lower in PRONOUNS_PLURAL:
        group = _group_for_they(doc, mention, index)
        return Resolution(resolve_mention(doc, group, index).name, None, _kind_of(group, index)) if group is not None else Resolution(text)
    entities = index.entities_in(mention)
    root = mention.root
    if root.lower_ in words["document_nouns"] and root.text.islower() and not (root.ent_type_ and root.ent_iob_ != "O" and any(e.label_ in NAME_LABELS for e in entities if e.start <= root.i < e.end)):
        issuer = _document_issuer(doc, mention, index)
        return issuer if issuer is not None else Resolution(clean_name(text) or text, None, "document")
    body_at_root = next((e for e in entities if e.start <= root.i < e.end and e.label_ == "ORG" and e.end == mention.end), None)
    if body_at_root is not None and not any(m.name == clean_name(body_at_root.text) for m in index.people):
        # "President Barack Obama’s DOJ" is the department, not the president
        return Resolution(index.full_body(clean_name(body_at_root.text)), None, "organisation")
    people = [e for e in entities if e.label_ in NAME_LABELS and not _is_possessor(doc, e)]
    if not any(e.start <= root.i < e.end for e in people):
        # "a friend of Ted Cruz", "supporters of Bernie Sanders": someone else than the name
        people = [e for e in people if e.root.dep_ != "pobj"]
    owned = None if people else _owned_by_person(doc, mention, index)
    if owned:
        return Resolution(owned, None, "organisation")
    together = _coordinated(doc, people)
    if len(together) > 1:
        # "Donald Trump and House Speaker Paul Ryan pledged …": both are the speaker
        return Resolution(" and ".join(index.full_name(person_name_in(e.text), mention.start_char) for e in together), None, "group")
    if people:
        person = next((e for e in people if e.start <= root.i < e.end), people[0] if root.dep_ == "appos" else people[-1])
        # "Mrs. Clinton" is Hillary Clinton, not Bill Clinton
        gender = _gender(doc, person, [t.lower_ for t in mention if t.i < person.start])
        name = index.full_name(person_name_in(person.text), mention.start_char, gender)
        if person.root.dep_ == "compound" and person.root.head.i == root.i and root.pos_ == "NOUN":
            # "the Clinton campaign" is a body named after a person, not the person
            return Resolution(f"{name} {doc[person.end : root.i + 1].text}", None, "organisation")
        return Resolution(name, _role(mention, person), "person")
    bodies = [e for e in entities if e.label_ in BODY_LABELS and e.end == mention.end]
    if bodies and len(mention) - len(bodies[-1]) <= 1:
        body = clean_name(bodies[-1].text)
        if any(m.name == body for m in index.people):
            return Resolution(index.full_name(body, mention.start_char), None, "person")  # "Pence" tagged as an organisation
        if bodies[-1].label_ == "NORP" and root.tag_ in ("NNPS", "NNS") or body.lower() in words["group_nouns"]:
            return Resolution(body, None, "group")  # "Republicans", "Democrats" in general
        return Resolution(index.full_body(body), None, "organisation")
    if root.lower_ in words["non_speaker_words"] or root.like_num:
        return Resolution(None)  # "63 percent", "the spot": not a source
    if root.lower_ in words["anonymous_nouns"] | words["group_nouns"] and not entities:
        # "Officials", "Aides"; "the official" after "a White House official"
        return Resolution(_named_group(doc, mention) or clean_name(text) or text, None, _kind_of(mention, index))
    # a name; in a paragraph the selective parse skipped (a headline), a capitalised word
    capitalised = all(t.text[:1].isupper() for t in mention if t.is_alpha)
    if (root.pos_ == "PROPN" or not root.pos_ and text[:1].isupper() or capitalised and not root.pos_ == "PRON") and len(mention) <= 2:
        cleaned = person_name_in(text)
        if is_acronym(cleaned):
            return Resolution(index.full_body(cleaned), None, "organisation")
        name = index.full_name(cleaned, mention.start_char)
        person = name != cleaned or _known_person(index, cleaned) or _looks_like_person(cleaned)
        return Resolution(name, None, "person" if person else None)
    places = frozenset(t.lower_ for t in mention if t.ent_type_ in ("GPE", "NORP"))
    if mention[0].lower_ == "the" and all(e.label_ in ("GPE", "NORP") for e in entities):
        role = clean_name(text)
        holder = index.role_holder(role, mention.start_char, places)
        if holder:
            return Resolution(holder, role, "person")
        body = index.generic_body(root.lower_, mention.start_char) if len(mention) == 2 else None
        if body:
            return Resolution(body, None, "organisation")
        if root.tag_ in ("NN", "NNP") and root.lower_ in words["description_nouns"]:
            # "the billionaire businessman", "the Arizona Republican": the person the story is about
            name = index.salient_person(doc, mention, ROLE_GENDER.get(root.lower_))
            # "the Florida senator" is not the senator from Vermont named just before
            if name and places <= index.contexts.get(name.split()[-1].lower(), frozenset()):
                return Resolution(name, role, "person")
    group = _named_group(doc, mention)
    if group:
        return Resolution(group, None, _kind_of(mention, index))
    comma = next((t for t in mention if t.text == ","), None)
    if comma is not None and comma.i > mention.start and doc[comma.i - 1].text[:1].isupper():
        # "Sexton, a creative writing professor": the apposition is not part of the name
        return resolve_mention(doc, doc[mention.start : comma.i], index)
    return Resolution(clean_name(text) or text, None, _kind_of(mention, index))


def _known_person(index: NameIndex, name: str) -> bool:
    return any(m.name.lower() == name.lower() for m in index.people)


def _kind_of(mention: Span, index: NameIndex) -> str | None:
    """anonymous ('a senior official', 'aides'), group ('voters', 'Republicans') or organisation."""
    words = speaker_words()
    root = mention.root
    lower = clean_name(mention.text).lower()
    if root.lower_ in words["anonymous_nouns"] or lower in words["anonymous_nouns"]:
        return "anonymous"
    if root.lower_ in words["group_nouns"] or lower in words["group_nouns"] or root.tag_ in ("NNS", "NNPS"):
        return "group"
    if root.ent_type_ in BODY_LABELS or root.lower_ in GENERIC_BODIES or root.lower_ in CAMPAIGN_NOUNS:
        return "organisation"
    return None


def _document_issuer(doc: Doc, mention: Span, index: NameIndex) -> Resolution | None:
    """Who issued a document: 'her financial disclosure', 'an NBC report', 'a letter from the
    American Legion', 'Trump’s tweet' name their author; None when the mention does not."""
    root = mention.root
    for child in root.children:
        if child.dep_ == "poss":
            if child.lower_ in PRONOUN_GENDER or child.lower_ in ("its", "their"):
                if child.lower_ in PRONOUN_GENDER:
                    name = index.person_for_pronoun(doc, doc[child.i : child.i + 1])
                    return Resolution(name, None, "person") if name else None
                return None
            owner = doc[child.left_edge.i : child.i + 1]
            found = resolve_mention(doc, owner, index) if child.ent_type_ in NAME_LABELS + BODY_LABELS else None
            return found if found is not None and found.kind in ("person", "organisation") else None
    named = [c for c in root.children if c.i < root.i and c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in NAME_LABELS + BODY_LABELS]
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
        named += [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in NAME_LABELS + BODY_LABELS and not any(x.dep_ == "conj" for x in c.children)]
    holding = next((e for e in index.entities if e.start <= root.i < e.end), None)
    if holding is not None and holding.start < root.i:
        # "Federal Election Commission regulations" tagged as one name: its issuer is the part before
        issuer = clean_name(doc[holding.start : root.i].text)
        while issuer and doc[root.i - 1].text[:1].islower() and " " in issuer:
            break
        return Resolution(index.full_body(issuer), None, "organisation") if issuer else None
    for token in named:
        entity = next((e for e in index.entities if e.start <= token.i < e.end), None)
        if entity is not None and entity.start <= root.i < entity.end:
            continue
        if entity is not None and entity.label_ != "GPE" or entity is not None and token.dep_ == "pobj":
            found = resolve_mention(doc, entity, index)
            if found.name:
                return found
    return None


def _same_noun(a: str, b: str) -> bool:
    """'official' and 'officials' (lemmas are set for verbs only in a selective parse)."""
    return a == b or a == b + "s" or b == a + "s"


def _named_group(doc: Doc, mention: Span) -> str | None:
    """'the official' after 'a senior White House official': the nearest earlier speaker of the
    same kind, when it was named with its body ('two officials … the officials' stays as is)."""
    root = mention.root
    if root.pos_ != "NOUN" or len(mention) != 2 or mention[0].lower_ != "the":
        return None
    window_start = max(0, mention.start_char - GROUP_WINDOW)
    for token in reversed(doc[: mention.start]):
        if token.idx < window_start:
            break
        if not _same_noun(token.lower_, root.lower_):
            continue
        named = [c for c in token.children if c.dep_ in ("compound", "amod") and c.ent_type_ in BODY_LABELS and c.i < token.i]
        if not named:
            return None
        start = min(t.left_edge.i for t in named)
        while start < token.i and doc[start].ent_type_ not in BODY_LABELS:
            start += 1
        return f"{doc[start : token.i].text} {root.text.lower()}"
    return None


def _group_for_they(doc: Doc, pronoun: Span, index: NameIndex) -> Span | None:
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


def _coordinated(doc: Doc, people: list[Span]) -> list[Span]:
    """The names joined by 'and' in a mention ('Trump and House Speaker Paul Ryan'), in text order."""
    joined: list[Span] = []
    for first, second in zip(people, people[1:]):
        between = doc[first.end : second.start]
        if any(t.lower_ in ("and", "&") for t in between) and not any(t.pos_ in ("VERB", "AUX", "ADP") for t in between):
            joined += [e for e in (first, second) if e not in joined]
    return joined


def _antecedent(doc: Doc, pronoun: Span) -> Span | None:
    """'Barkley' in 'Barkley, who said …': the noun phrase that the relative clause hangs on,
    without its own clauses and prepositional phrases."""
    before = pronoun.start - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before >= 0 and doc[before].ent_type_ in NAME_LABELS + BODY_LABELS and doc[before].ent_iob_ in ("B", "I"):
        # "members of the World Trade Organization, which …": the name right before it
        start = before
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return doc[start : before + 1]
    clause = pronoun.root.head
    if clause.dep_ != "relcl" or clause.head is clause:
        return None
    head = clause.head
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
    owner = index.role_holder(owner_text, mention.start_char)
    if owner is None and possessor.pos_ == "PROPN":
        owner = index.full_name(owner_text, mention.start_char)
        if owner == owner_text and not any(m.name == owner_text or m.name.endswith(" " + owner_text) for m in index.people):
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
    """The role written around a name in its mention: 'Pence’s chief of staff'; not an age
    ('Ramos, 58') nor an honorific ('Ms. Gedrich')."""
    text = mention.text
    before = text[: person.start_char - mention.start_char]
    after = text[person.end_char - mention.start_char :]
    role = " ".join(part.strip(" ,") for part in (before, after) if part.strip(" ,"))
    role = LEADING_DETERMINER.sub("", " ".join(role.split())).strip(" ,")
    if not re.search(r"[A-Za-z]{2}", role) or role.lower() in HONORIFIC_GENDER or role.lower() in TITLE_ABBREVIATIONS:
        return None
    return role
