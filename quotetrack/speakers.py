"""Speaker resolution within one article: from the mention as written to the person or body meant.

"he", "Nauert", "the vice president" and "Pence’s chief of staff Nick Ayres" are mentions; the
names are "Mike Pence", "Heather Nauert", "Mike Pence" and "Nick Ayres": the fullest name the
article prints. Resolution uses only the article itself (the index of name_index.py).

- "he"/"she": back through the sentences, a subject before other names, never a name of the other
  gender, never a name inside direct quotes or inside the quote whose speaker it is. "they": the
  latest plural subject that spoke, or a named body. "I" inside someone's quote is that speaker;
  "I" and "you" in a Q-and-A transcript are the person interviewed.
- "who"/"which"/"that" (PolNeAR's mention for "Barkley, who said …"): the antecedent.
- "the senator", "the communications director", "the South Korean leader": the latest person given
  that role; "the billionaire businessman": the person the story is about; "the daily", "the
  campaign", "the official": the body or group named before.
- a document ("her financial disclosure", "an NBC report") is whoever issued it; an acronym is
  what the article introduced it for, or the one body its initials give.
- each resolution says what kind of source it is: person, organisation, anonymous, group, document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .cues import PRODUCING_VERBS, PRONOUNS_PERSON, PRONOUNS_PLURAL, RELATIVE_PRONOUNS
from .antecedents import antecedent, coordinated, group_for_they
from .models import Quote
from .name_index import (
    BODY_LABELS,
    CAMPAIGN_NOUNS,
    GENERIC_BODIES,
    GROUP_WINDOW,
    HONORIFIC_GENDER,
    LEADING_DETERMINER,
    MISTAGGED_PEOPLE,
    NAME_LABELS,
    NAME_SHAPE,
    NameIndex,
    PARTY_WORDS,
    POSSESSIVE,
    POSSESSIVE_MARKS,
    PRONOUN_GENDER,
    TITLE_ABBREVIATIONS,
    build_index,
    clean_name,
    gender_of,
    looks_like_person,
    person_name_in,
    shaped_like_full_name,
    role_gender,
    token_at,
)
from .names import is_acronym, is_title, speaker_words


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
    index = build_index(
        doc, [span for q in quotes if q.kind == "direct" for span in _without_frame(q)], [(q.start, q.end) for q in quotes if q.kind != "direct"]
    )
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


def _without_frame(quote: Quote) -> list[tuple[int, int]]:
    """A direct quote's span without its own speaker ('“…,” said Daniel Benjamin, who … “He is …”'):
    the speaker of a quote is an antecedent, the names inside it are not."""
    start, end = quote.start, quote.end
    if quote.speaker_start is None or quote.speaker_end is None or not start <= quote.speaker_start < end:
        return [(start, end)]
    return [(start, quote.speaker_start), (quote.speaker_end, end)]


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
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in POSSESSIVE_TOKENS or doc[end - 1].is_space or doc[end - 1].lower_ in REFLEXIVES):
        end -= 1  # "Sanders himself"
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    # "Donald" in "Donald Trump said", when the speaker span holds only "Trump"
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i in range(start, end) \
            and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not is_title(doc[start - 1].text):
        start -= 1
    return doc[start:end]


POSSESSIVE_TOKENS = frozenset({"’s", "'s", "’", "'"})
# "RealClearPolitics", "HuffPollster": capitals inside a word make it a name
INNER_CAPITALS = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]*$")
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})


def resolve_mention(doc: Doc, mention: Span, index: NameIndex) -> Resolution:
    """The name, role and kind for one speaker mention."""
    mention = _trim(doc, mention)
    text = mention.text.strip()
    lower = text.lower()
    words = speaker_words()
    described = antecedent(doc, mention) if lower in RELATIVE_PRONOUNS else None
    if described is not None:
        return resolve_mention(doc, described, index)
    if lower in PRONOUN_GENDER:
        name = _description_before(doc, mention, index) or index.person_for_pronoun(doc, mention)
        return Resolution(name, None, "person") if name else Resolution(text)
    if lower == "it":
        # "Documents from the DNC circulated after it announced …": an organisation named earlier in
        # the sentence; else the one named last that did something ("Tinder suspended her account")
        here = [
            name for offset, name, _ in index.organisations
            if mention.sent.start_char <= offset < mention.start_char and not index.in_quote(offset)
        ]
        body = here[-1] if here else index.generic_body("organization", mention.start_char)
        return Resolution(index.full_body(body) if here else body, None, "organisation") if body else Resolution(text)
    if lower in PRONOUNS_PERSON and lower not in ("we", "you"):
        name = index.last_person_before(mention.start_char)
        return Resolution(name, None, "person") if name else Resolution(text)
    if lower in PRONOUNS_PLURAL:
        group = group_for_they(doc, mention, index)
        return Resolution(resolve_mention(doc, group, index).name, None, _kind_of(group, index)) if group is not None else Resolution(text)
    entities = index.entities_in(mention)
    root = mention.root
    named = _named_in_apposition(doc, mention, index)
    if named is not None:
        # "A super PAC supporting Marco Rubio, Conservative Solutions PAC, led …"; "Right to Rise
        # USA, the super PAC supporting Jeb Bush, spent …": the name the description stands beside
        if named.label_ in BODY_LABELS:
            body = POSSESSIVE.sub("", LEADING_DETERMINER.sub("", named.text.strip(" ,")))  # (its acronym kept: "… PAC")
            return Resolution(index.full_body(body), None, "organisation")
        return resolve_mention(doc, named, index)
    if (
        root.lower_ in words["document_nouns"] and root.lower_ not in GENERIC_BODIES["newspaper"]  # "the New York Post" is a paper
        and not root.text.islower() and root.i > mention.start and mention[root.i - mention.start - 1].text[:1].isupper()
    ):
        # "a Morning Consult Poll", "the Washington Post-ABC News Poll": the body that ran it
        named = clean_name(doc[mention.start : root.i].text)
        if named:
            return Resolution(index.full_body(named), None, "organisation")
    if root.lower_ in words["document_nouns"] and root.text.islower() and not (root.ent_type_ and root.ent_iob_ != "O" and any(e.label_ in NAME_LABELS for e in entities if e.start <= root.i < e.end)):
        issuer = _document_issuer(doc, mention, index)
        return issuer if issuer is not None else Resolution(clean_name(text) or text, None, "document")
    if root.pos_ == "PROPN" and root.lower_ not in words["body_words"] and any(
        c.dep_ == "poss" and c.ent_type_ == "ORG" and c.i >= mention.start for c in root.children
    ):
        # "Media Research Center’s Bozell" (often tagged as one organisation): the person the
        # body's possessive introduces
        start = min([c.i for c in root.children if c.dep_ == "compound" and c.i < root.i], default=root.i)
        return resolve_mention(doc, doc[start : root.i + 1], index)
    body_at_root = next((e for e in entities if e.start <= root.i < e.end and e.label_ == "ORG" and e.end == mention.end), None)
    role_words = clean_name(body_at_root.text).split() if body_at_root is not None else []
    first = next((t for t in body_at_root if t.pos_ != "DET"), None) if body_at_root is not None else None
    if len(role_words) > 2 and first is not None and first.pos_ == "NOUN" and _describes_role(role_words[0].lower()) and shaped_like_full_name(role_words[1:]):
        # "Spokeswoman Haley Morris" (a sentence's capital) tagged as one organisation
        return Resolution(index.full_name(" ".join(role_words[1:]), mention.start_char), role_words[0].lower(), "person")
    if body_at_root is not None and not any(m.name == clean_name(body_at_root.text) for m in index.people):
        # "President Barack Obama’s DOJ" is the department, not the president
        return Resolution(index.full_body(clean_name(body_at_root.text)), None, "organisation")
    # (with the full names the model tagged as a body that the index knows as people: "CEO Carly Fiorina")
    people = [
        e for e in entities
        if (e.label_ in NAME_LABELS or len(e) > 1 and _known_person(index, person_name_in(e.text))) and not _is_possessor(doc, e)
    ]
    # "Parker Eaton, a Republican who voted for Bill Clinton": names in a clause describing the speaker
    people = [e for e in people if not _in_clause(e, mention)] or people
    if not any(e.start <= root.i < e.end for e in people):
        # "a friend of Ted Cruz", "supporters of Bernie Sanders": someone else than the name
        people = [e for e in people if e.root.dep_ != "pobj"]
    # "Griffin, an Obama backer", "the former Clinton White House aide … George Stephanopoulos": a name
    # modifying another noun than the mention's head describes the speaker
    people = [e for e in people if not (e.root.dep_ in ("compound", "amod", "nmod") and e.root.head.i != root.i and e.root.head.pos_ in ("NOUN", "PROPN"))]
    introduced = _introduced_person(doc, mention, index) if _owner_written(mention) and not people else None
    if introduced:
        return Resolution(introduced, clean_name(text), "person")  # "his son", "Reagan’s daughter"
    owned = None if people else _owned_by_person(doc, mention, index)
    if owned:
        return Resolution(owned, None, "organisation")
    together = coordinated(doc, people)
    at_root = next((e for e in people if e.start <= root.i < e.end), None)
    # "Gene Sperling, an adviser to Bill Clinton and Barack Obama": the names joined are not the speaker
    if len(together) > 1 and (at_root is None or at_root in together):
        # "Donald Trump and House Speaker Paul Ryan pledged …": both are the speaker
        return Resolution(" and ".join(index.full_name(person_name_in(e.text), mention.start_char) for e in together), None, "group")
    if people:
        person = next((e for e in people if e.start <= root.i < e.end), people[0] if root.dep_ == "appos" else people[-1])
        # "Mrs. Clinton" is Hillary Clinton, not Bill Clinton
        gender = gender_of(doc, person, [t.lower_ for t in mention if t.i < person.start])
        name = index.full_name(person_name_in(person.text), mention.start_char, gender)
        if person.root.dep_ == "compound" and person.root.head.i == root.i and root.pos_ == "NOUN":
            # "the Clinton campaign" is a body named after a person, not the person
            return Resolution(f"{name} {doc[person.end : root.i + 1].text}", None, "organisation")
        return Resolution(name, _role(mention, person), "person")
    bodies = [e for e in entities if e.label_ in BODY_LABELS and e.end == mention.end]
    # "a super PAC supporting Mrs. Clinton’s candidacy, Priorities USA Action": the name after the
    # description; "the Israeli newspaper Haaretz", "federal Securities and Exchange Commission"
    if bodies and (
        len(mention) - len(bodies[-1]) <= 1 or doc[bodies[-1].start - 1].text == ","
        or bodies[-1].label_ != "NORP" and _descriptor_before(doc, mention, bodies[-1].start)
    ):
        body = clean_name(bodies[-1].text)
        # "Pence" tagged as an organisation; not "Fox" for Fox News where someone named Fox is quoted too
        expands = index.full_body(body) != body and index.full_name(body, mention.start_char) == body
        if not expands and any(m.name == body or m.name.endswith(" " + body) for m in index.people):
            return Resolution(index.full_name(body, mention.start_char), None, "person")
        if bodies[-1].label_ == "NORP" and root.tag_ in ("NNPS", "NNS") or body.lower() in words["group_nouns"]:
            return Resolution(body, None, "group")  # "Republicans", "Democrats" in general
        return Resolution(index.full_body(body), None, "organisation")
    if root.lower_ in words["non_speaker_words"] or root.like_num:
        return Resolution(None)  # "63 percent", "the spot": not a source
    named_next = None if people else _named_next(doc, mention, index)
    if named_next:
        return Resolution(named_next, clean_name(text), "person")  # "A lawmaker … Joey Salceda said"
    if root.lower_ in words["anonymous_nouns"] | words["group_nouns"] and not entities:
        person = _introduced_person(doc, mention, index)
        if person:
            return Resolution(person, clean_name(text), "person")
        # "Officials", "Aides"; "the official" after "a White House official"
        return Resolution(_named_group(doc, mention) or clean_name(text) or text, None, _kind_of(mention, index))
    # a name; in a paragraph the selective parse skipped (a headline), a capitalised word
    capitalised = all(t.text[:1].isupper() for t in mention if t.is_alpha)
    if (root.pos_ == "PROPN" or not root.pos_ and text[:1].isupper() or capitalised and not root.pos_ == "PRON") and len(mention) <= 2:
        cleaned = person_name_in(text)
        name = index.full_name(cleaned, mention.start_char)
        if is_acronym(cleaned) and name == cleaned:  # "DOJ"; "TAPPER:" labelling a transcript is a person
            return Resolution(index.full_body(cleaned), None, "organisation")
        if name == cleaned and mention.start_char < index.headline_end and not _known_person(index, cleaned):
            # "Absent Trump derides debate": the headline's capitals hold a name the story prints
            name = next((index.full_name(w) for w in reversed(cleaned.split()) if index.full_name(w) != w), name)
        person = name != cleaned or _known_person(index, cleaned) or looks_like_person(cleaned)
        if not person and not entities and len(mention) == 1 and index.full_body(cleaned) != cleaned:
            # "State initially said …" (untagged) after "the State Department": the body's full name
            return Resolution(index.full_body(cleaned), None, "organisation")
        if not person and root.ent_type_ == "ORG":
            # "HuffPost Pollster’s" (the possessive inside the entity); "Judicial Watch" keeps its title-like word
            return Resolution(clean_name(text) or name, None, "organisation")
        return Resolution(name, None, "person" if person else None)
    places = frozenset(t.lower_ for t in mention if t.ent_type_ in ("GPE", "NORP"))
    # "the Vermont senator"; "The Treasury secretary" (a department naming the role)
    if mention[0].lower_ == "the" and all(
        e.label_ in ("GPE", "NORP", "DATE", "CARDINAL")  # "The 43-year-old former congressman"
        or e.label_ == "ORG" and e.root.head.i == root.i and root.text.islower()
        for e in entities
    ):
        role = clean_name(text)
        # the people who are subjects in the mention's sentence before it
        subjects_before = [m.name for m in index.people if mention.sent.start_char <= m.start < mention.start_char and m.subject]
        holder = index.role_holder(role, mention.start_char, places, frozenset(index.full_name(n, mention.start_char) for n in subjects_before))
        if holder:
            return Resolution(holder, role, "person")
        body = index.generic_body(root.lower_, mention.start_char)
        if body:
            return Resolution(body, None, "organisation")
        noun = _compound_noun(doc, root)
        if root.tag_ in ("NN", "NNP") and _describes_person(noun):
            # "the billionaire businessman", "the Arizona Republican", "the radioman", "the minority
            # leader" whose title the article never wrote with the name: the person the story is
            # about; not a subject of the same sentence ("Trump took on Clinton after the
            # front-runner said …" would have said "he")
            name = index.salient_person(doc, mention, role_gender(noun), frozenset(subjects_before))
            if name and _placed(doc, mention, index, name):
                return Resolution(name, role, "person")
    group = _named_group(doc, mention)
    if group:
        return Resolution(group, None, _kind_of(mention, index))
    alone = all(len(e) == 1 for e in entities if e.start <= root.i < e.end)  # not a word of a longer name
    if root.pos_ == "PROPN" and alone and any(m.name.split()[-1] == root.text for m in index.people if len(m.name.split()) > 1):
        # "warm-and-fuzzy Trump": a description before a surname the story prints in full
        return Resolution(index.full_name(root.text, mention.start_char), None, "person")
    run = root.i
    while run > mention.start and doc[run - 1].pos_ == "PROPN" and doc[run - 1].text[:1].isupper():
        run -= 1
    if root.pos_ == "PROPN" and root.i == mention.end - 1 and run > mention.start and _descriptor_before(doc, mention, run) \
            and not _describes_role(doc[run - 1].lower_):
        # "The fiscally conservative Club": the name without its description
        return resolve_mention(doc, doc[run : mention.end], index)
    named = _described_person(doc, mention)
    if named is not None:
        # "his friend Mahamat Saleh Oumar" (tagged as a product): the name after the description
        return Resolution(index.full_name(named, mention.start_char), clean_name(doc[mention.start : mention.end - len(named.split())].text) or None, "person")
    comma = next((t for t in mention if t.text == "," or t.text in ("-", "–", "—") and t.whitespace_ and t.i > mention.start and doc[t.i - 1].whitespace_), None)
    if comma is not None and comma.i > mention.start and doc[comma.i - 1].text[:1].isupper():
        # "Sexton, a creative writing professor", "Deborah Jordan Reynolds - Santilli's girlfriend":
        # the apposition is not part of the name
        return resolve_mention(doc, doc[mention.start : comma.i], index)
    if comma is not None and comma.text != "," and any(e.start in (comma.i + 1, comma.i + 2) and e.end == mention.end and e.label_ == "ORG" for e in entities):
        # "Another holdout — the United Mine Workers": the body named after a description
        return resolve_mention(doc, doc[comma.i + 1 : mention.end], index)
    return Resolution(clean_name(text) or text, None, _kind_of(mention, index))


DESCRIPTOR_POS = frozenset({"DET", "ADJ", "NOUN", "NUM", "ADV"})


def _descriptor_before(doc: Doc, mention: Span, start: int) -> bool:
    """Whether the words of the mention before a name only describe it: 'the Israeli newspaper'
    before 'Haaretz', 'federal' before 'Securities and Exchange Commission', 'his friend' before
    a person; lower-case words (or a nationality, a place), no verb, preposition or punctuation,
    the last one a noun or adjective written right before the name."""
    words = [t for t in doc[mention.start : start] if not t.is_space]
    if not words or words[-1].pos_ not in ("NOUN", "ADJ") or not words[-1].text.islower():
        return False
    return all(
        (t.text.islower() and (t.pos_ in DESCRIPTOR_POS or t.lower_ in POSSESSIVE_DETERMINERS)) or t.ent_type_ in ("NORP", "GPE") or t.i == mention.start and t.lower_ in ("the", "a", "an")
        for t in words
    )


POSSESSIVE_DETERMINERS = frozenset({"his", "her", "its", "their", "our", "my"})


def _described_person(doc: Doc, mention: Span) -> str | None:
    """'his friend Mahamat Saleh Oumar', 'event organizer Jane Doe' where the model did not tag the
    name as a person: two or three words shaped like a name ending the mention after a description
    of a person."""
    end = mention.end
    start = end
    while start > mention.start and NAME_SHAPE.match(doc[start - 1].text) and doc[start - 1].pos_ == "PROPN":
        start -= 1
    before = next((t for t in reversed(doc[mention.start : start]) if not t.is_space), None)
    if not 2 <= end - start <= 3 or before is None or not _descriptor_before(doc, mention, start) or not _describes_role(before.lower_):
        return None
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "DATE", "TIME") for t in doc[start:end]):
        return None  # a name the model tagged is read by the branches before
    return doc[start:end].text


def _describes_role(noun: str) -> bool:
    """A noun for one person written before a name: 'friend', 'spokeswoman', 'organizer'."""
    words = speaker_words()
    # (not nameparser's titles, which hold "united" and "national")
    return noun in words["anonymous_nouns"] or noun in words["description_nouns"] or role_gender(noun) is not None or noun in TITLE_ABBREVIATIONS.values() \
        or noun.endswith(("man", "woman", "person", "er", "or", "ist")) and len(noun) > 4 and noun not in words["body_words"] | words["organisation_nouns"]


def _placed(doc: Doc, mention: Span, index: NameIndex, name: str) -> bool:
    """Whether 'the Florida senator' can be this person: one named in sentences that mention
    Florida; where the article has tied the place to no one else yet, the person named in this
    sentence or the one before ("Marco Rubio says … The Florida senator is predicting …"). Not
    the senator from Vermont named just before. A nationality must be written with the person
    ("the Russian leader" is not the American the story is about); a party word, often not
    written near the name ("the Democratic front-runner"), need not."""
    surname = name.split()[-1].lower()
    nation = frozenset(t.lower_ for t in mention if t.ent_type_ == "NORP" and t.lower_ not in PARTY_WORDS)
    if not nation <= index.contexts.get(surname, frozenset()):
        return False
    where = frozenset(t.lower_ for t in mention if t.ent_type_ == "GPE")
    named_before = {m.name.split()[-1].lower() for m in index.people if m.start < mention.start_char}
    if where and any(where <= index.homes.get(other, set()) for other in named_before - {surname}):
        return where <= index.homes.get(surname, set())  # "Marco Rubio of Florida" is the Florida senator
    if where <= index.contexts.get(surname, frozenset()):
        return True
    if index.homes.get(surname):
        return False  # "Sen. Bernie Sanders of Vermont" is not "the Florida senator"
    if any(where <= index.contexts.get(other, frozenset()) for other in named_before - {surname}):
        return False
    sentence = mention.sent
    since = doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
    return any(since <= m.start < mention.start_char and m.name.split()[-1].lower() == surname for m in index.people)


def _compound_noun(doc: Doc, root: Token) -> str:
    """'front-runner' for the root 'runner' of 'the front-runner'."""
    if root.i >= 2 and doc[root.i - 1].text == "-" and not doc[root.i - 2].whitespace_:
        return f"{doc[root.i - 2].lower_}-{root.lower_}"
    return root.lower_


def _describes_person(noun: str) -> bool:
    """'billionaire', 'radioman', 'leader', 'senator': a noun for one person, not for an anonymous
    source ('the official', 'the spokesman' are named by _named_group) nor a body."""
    words = speaker_words()
    if noun in words["anonymous_nouns"] or noun in words["body_words"] or noun in words["organisation_nouns"]:
        return False
    return noun in words["description_nouns"] or is_title(noun) or noun.endswith(("man", "woman")) and len(noun) > 5


def _in_clause(entity: Span, mention: Span) -> bool:
    """Whether a name sits in a relative or participle clause inside the mention."""
    token = entity.root
    while token.i != mention.root.i and mention.start <= token.head.i < mention.end and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


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
    American Legion', 'the poll, released by Gallup', 'Trump’s tweet' name their author; 'the
    poll' without one is the poll the article named its author with before (or just after)."""
    found = _issuer_written(doc, mention.root, index)
    if found is None:
        found = next(filter(None, (_issuer_written(doc, t, index) for t in _same_document(doc, mention, index))), None)
    return found


def _same_document(doc: Doc, mention: Span, index: NameIndex) -> list[Token]:
    """The other mentions of a document noun in the story ('the poll' … 'The poll, released by
    …'): the earlier ones nearest first, then those in the next two sentences."""
    root = mention.root
    if root.i > 0 and doc[root.i - 1].lower_ in ("another", "other", "second", "previous", "earlier"):
        return []
    # not the headline's ("IG report: …" abbreviates a role, not a body)
    same = [
        t for t in doc
        if t.i != root.i and _same_noun(t.lower_, root.lower_) and not index.in_quote(t.idx) and t.idx >= index.headline_end
    ]
    sentence_ends = [s.end for s in doc[root.i :].sents][:3] if doc.has_annotation("SENT_START") else []
    limit = sentence_ends[-1] if sentence_ends else root.i
    # "a new poll" is not the poll named before; "The poll, released by …" may follow it
    earlier = [] if mention[0].lower_ in ("a", "an") else [t for t in reversed(same) if t.i < root.i]
    return earlier + [t for t in same if root.i < t.i < limit]


def _issuer_written(doc: Doc, root: Token, index: NameIndex) -> Resolution | None:
    """The author a document's own noun phrase names, or None."""
    for child in root.children:
        if child.dep_ == "poss" and child.ent_type_ not in ("DATE", "TIME"):  # not "May’s poll"
            if child.lower_ in PRONOUN_GENDER or child.lower_ in ("its", "their"):
                if child.lower_ in PRONOUN_GENDER:
                    name = index.person_for_pronoun(doc, doc[child.i : child.i + 1])
                    return Resolution(name, None, "person") if name else None
                return None
            if child.text.islower() and child.lower_ in speaker_words()["body_words"]:
                # "the foundation’s tally": the body named before as a foundation
                body = index.generic_body(child.lower_, child.idx)
                return Resolution(body, None, "organisation") if body else None
            owner = doc[child.left_edge.i : child.i + 1]
            named = child.ent_type_ in NAME_LABELS + BODY_LABELS or child.text[:1].isupper()  # "Sanders’ email", untagged
            found = resolve_mention(doc, owner, index) if named else None
            if found is not None and found.kind is None and child.ent_type_ == "ORG":
                # "HuffPost Pollster’s polling average": the body the model tagged with its possessive
                body = next((e for e in index.entities if e.start <= child.i < e.end), None)
                return Resolution(index.full_body(clean_name(body.text)), None, "organisation") if body is not None else None
            return found if found is not None and found.kind in ("person", "organisation") else None
    # (and the names of a compound noun: "the Real Clear Politics polling average")
    modifiers = [c for c in root.children if c.i < root.i and c.dep_ in ("compound", "amod", "nmod")]
    modifiers += [
        g for c in modifiers if c.pos_ == "NOUN" and c.text.islower() and not (c.i > 0 and doc[c.i - 1].text == "-")  # not "White House-era documents"
        for g in c.children if g.i < c.i and g.dep_ in ("compound", "amod", "nmod")
    ]
    named = [c for c in modifiers if c.ent_type_ in NAME_LABELS + BODY_LABELS]
    # "a Bloomberg poll": a proper noun the model did not tag
    named += [c for c in root.children if c.i < root.i and c.dep_ in ("compound", "nmod") and not c.ent_type_ and c.pos_ == "PROPN" and c.text[:1].isupper()]
    # "an FEC advisory opinion": an acronym the model did not tag; "the RealClearPolitics average":
    # a word with capitals inside, a name whatever the model took it for
    named += [
        c for c in root.children
        if c.i < root.i and c.dep_ in ("compound", "nmod") and not c.ent_type_ and (is_acronym(c.text) or INNER_CAPITALS.match(c.text))
    ]
    # "a letter from the American Legion", "the poll, released on Wednesday by Gallup", "the most
    # recent data available from the FBI"
    preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")]
    preps += [c for clause in root.children if clause.dep_ == "acl" for c in clause.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"]
    # "the most recent data available from the FBI"
    preps += [c for adjective in root.children if adjective.dep_ == "amod" for c in adjective.children if c.dep_ == "prep" and c.lower_ in ("from", "by")]
    for prep in preps:
        # "an email from Neera Tanden" (whatever the model tagged her as)
        named += [
            c for c in prep.children
            if c.dep_ == "pobj" and (c.ent_type_ in NAME_LABELS + BODY_LABELS or c.ent_type_ and c.pos_ == "PROPN")
            and not any(x.dep_ == "conj" for x in c.children)
        ]
        # "filed by a former staffer named Bradley Podliska", "a letter from his lawyer, John Dowd"
        for c in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            named += [a for a in c.children if a.dep_ == "appos" and a.ent_type_ and a.pos_ == "PROPN"]
            named += [
                o for a in c.children if a.dep_ == "acl" and a.lower_ in ("named", "called")
                for o in a.children if o.dep_ in ("oprd", "dobj", "xcomp") and o.ent_type_ and o.pos_ == "PROPN"
            ]
    # "the Real Clear Politics polling average": a name compounded with a compound of the noun
    # (after an author written with "from" or "by": "White House-era documents from Diane Blair")
    named += [
        g for c in modifiers if c.dep_ == "compound" and not c.ent_type_ and c.text.islower()
        for g in c.children if g.dep_ == "compound" and g.i < c.i and g.ent_type_ in NAME_LABELS + BODY_LABELS
    ]
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "in"):
        # "a new article in Politico" (a body publishes it; "a poll in Iowa" was not issued by Iowa)
        named += [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "ORG"]
    if root.dep_ == "dobj" and root.head.lemma_ in PRODUCING_VERBS:
        # "Bradley Podliska filed a lawsuit": the subject of the verb that made it
        maker = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
        if maker is not None and (maker.ent_type_ in NAME_LABELS + BODY_LABELS or maker.pos_ == "PROPN"):
            found = resolve_mention(doc, doc[maker.left_edge.i : maker.right_edge.i + 1], index)
            if found.kind in ("person", "organisation"):
                return found
    holding = next((e for e in index.entities if e.start <= root.i < e.end), None)
    if holding is not None and holding.start < root.i:
        # "Federal Election Commission regulations" tagged as one name: its issuer is the part before
        issuer = clean_name(doc[holding.start : root.i].text)
        return Resolution(index.full_body(issuer), None, "organisation") if issuer else None
    for token in named:
        entity = next((e for e in index.entities if e.start <= token.i < e.end), None)
        if entity is None and (token.pos_ == "PROPN" or INNER_CAPITALS.match(token.text)) and not is_acronym(token.text):
            # "a Morning Consult poll": the capitalised words of the compound, up to the document's noun
            start = end = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].text[:1].isupper() and doc[start - 1].head.i in (start, token.i, root.i):
                start -= 1
            while end + 1 < root.i and doc[end + 1].dep_ == "compound" and doc[end + 1].text[:1].isupper() and not doc[end + 1].ent_type_ and doc[end + 1].head.i in (end + 2, root.i):
                end += 1
            return Resolution(index.full_body(doc[start : end + 1].text), None, "organisation")
        if entity is None and is_acronym(token.text):
            # only when the article names the body ("IG report": an inspector general, a role)
            body = index.full_body(token.text)
            if body != token.text:
                return Resolution(body, None, "organisation")
            continue
        if entity is not None and entity.start <= root.i < entity.end:
            continue
        if entity is not None and entity.start >= 2 and doc[entity.start - 1].text == "/" and doc[entity.start - 2].pos_ == "PROPN":
            # "a CNN/ORC poll": the two bodies that ran it, as one name
            joint = doc[entity.start - 2].text + "/" + entity.text
            return Resolution(index.full_body(joint), None, "organisation")
        # "The Quinnipiac poll" with "Quinnipiac" tagged as a place, where the story names Quinnipiac University
        named_body = entity is not None and entity.label_ == "GPE" and index.full_body(entity.text) != entity.text
        # "a New Jersey Watchdog report": a place name that ends in a body's noun is the body
        named_body = named_body or entity is not None and entity.label_ == "GPE" and len(entity) > 1 and (
            entity[-1].lower_ in speaker_words()["organisation_nouns"] | speaker_words()["body_words"]
        )
        if entity is not None and (entity.label_ != "GPE" or token.dep_ == "pobj" or named_body):
            found = resolve_mention(doc, entity, index)
            if found.name:
                return found
    for document in (c for prep in preps if prep.lower_ == "of" for c in prep.children if c.dep_ == "pobj"):
        # "the results of the latest Quinnipiac University poll", "an archived version of the Eric
        # Trump Foundation website": the issuer of the document they are of
        if document.lower_ in speaker_words()["document_nouns"] and document.text.islower():
            found = _issuer_written(doc, document, index)
            if found is not None:
                return found
    return None


def _same_noun(a: str, b: str) -> bool:
    """'official' and 'officials' (lemmas are set for verbs only in a selective parse); 'suit'
    and 'lawsuit' (a document and its compound)."""
    if a == b or a == b + "s" or b == a + "s":
        return True
    documents = speaker_words()["document_nouns"]
    return a in documents and b in documents and min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a))


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
        # "a senior White House official", "China’s foreign ministry"
        named = [c for c in token.children if c.dep_ in ("compound", "amod", "poss") and c.ent_type_ in BODY_LABELS and c.i < token.i]
        if not named:
            if token.i > 0 and doc[token.i - 1].lower_ == "the" and token.lower_ == root.lower_:
                continue  # "the government … the government": one body, named further back
            return None
        start = min(t.left_edge.i for t in named)
        while start < token.i and doc[start].ent_type_ not in BODY_LABELS:
            start += 1
        return f"{doc[start : token.i].text} {root.text.lower()}"
    return None


def _introduced_person(doc: Doc, mention: Span, index: NameIndex) -> str | None:
    """'The diplomat' after 'British diplomat Peter Westmacott' or 'Westmacott, a British diplomat';
    'his son' or 'Reagan’s daughter' where the story writes 'Eric Trump, son of …' or 'Patti
    Davis, Ronald Reagan’s daughter' (before, or in the next two sentences): the person that noun
    was written with, the last time it was."""
    root = mention.root
    owned = _owner_written(mention)
    # (a headline's capitals make the noun look like a name: "Trump’s Son Says …")
    noun = root.pos_ == "NOUN" and root.tag_ == "NN" or root.pos_ == "PROPN" and not root.ent_type_ and root.idx < index.headline_end
    if not noun or not (mention[0].lower_ == "the" or owned):
        return None
    window_start = max(0, mention.start_char - GROUP_WINDOW)
    for token in reversed(doc[: mention.start]):
        if token.idx < window_start:
            break
        if token.lower_ != root.lower_ or index.in_quote(token.idx):
            continue
        person = _person_written_with(doc, token, index, mention)
        if person or not owned:
            return person
        break
    if not owned or not doc.has_annotation("SENT_START"):
        return None
    following = [s for s in doc[mention.end :].sents][:3] if mention.end < len(doc) else []  # its own rest, then two
    for token in (t for sentence in following for t in sentence if t.i >= mention.end):
        if token.lower_ == root.lower_ and not index.in_quote(token.idx):
            return _person_written_with(doc, token, index, mention)
    return None


# how many sentences after an indefinite description its person may be named in
NAMED_NEXT_SENTENCES = 2


def _named_next(doc: Doc, mention: Span, index: NameIndex) -> str | None:
    """'A lawmaker in the Philippines is calling for … "There is …," Joey Salceda said': an
    indefinite description of one person whom the next two sentences name for the first time, as
    a subject ('U.S. District Judge David Bristow said' after 'a federal judge ruled'). An
    anonymous noun ('a spokesman') only for a person written with that noun ('Rubio spokesman
    Alex Conant'); never a person the story named before (or in the sentence of the description)."""
    root = mention.root
    if mention[0].lower_ not in ("a", "an") or root.tag_ != "NN" or not doc.has_annotation("SENT_START"):
        return None
    noun = _compound_noun(doc, root)
    anonymous = noun in speaker_words()["anonymous_nouns"]
    if not (anonymous or noun in speaker_words()["introduced_nouns"] or _describes_person(noun)):
        return None
    gender = role_gender(noun)
    following = list(doc[mention.sent.end :].sents)[:NAMED_NEXT_SENTENCES] if mention.sent.end < len(doc) else []
    if not following:
        return None
    start, end = following[0].start_char, following[-1].end_char
    named_before = {m.name.split()[-1] for m in index.people if index.headline_end <= m.start < start}
    for person in index.people:
        if not start <= person.start < end or index.in_quote(person.start) or not person.subject:
            continue
        surname = person.name.split()[-1]
        if surname in named_before or len(person.name.split()) < 2:
            if person.main:
                return None  # "A spokesman declined to comment. Trump said …": someone else
            continue  # "She described … that Hillary Clinton knew": a subject of a clause inside
        name = index.full_name(person.name, end, person.gender)
        if not _compatible_gender(gender, person.gender or index.gender(name)):
            return None
        sentence_before = index.text[doc[token_at(doc, person.start)].sent.start_char : person.start].lower().split()
        if {"another", "other"} & set(sentence_before):
            return None  # "Another user, Roland Z, wrote": someone else
        written_as = [title.split()[-1] for offset, title, n, _ in index.roles if offset == person.start and n == person.name]
        if written_as and noun.split("-")[-1] not in written_as:
            return None  # "a party activist asked … The party chairman, Kelly Armstrong, called …"
        if anonymous and not any(n == person.name and title.split()[-1:] == [noun] for _, title, n, _ in index.roles):
            return None
        return name
    return None


def _description_before(doc: Doc, pronoun: Span, index: NameIndex) -> str | None:
    """'A woman who has accused former President Bill Clinton … said … She also described …':
    a pronoun whose sentence names no one before it means the main subject of its own sentence or
    the one before, where that subject is an indefinite description the story names just after."""
    if not doc.has_annotation("SENT_START"):
        return None
    sentence = pronoun.sent
    if any(sentence.start_char <= m.start < pronoun.start_char and not index.in_quote(m.start) for m in index.people):
        return None
    gender = PRONOUN_GENDER.get(pronoun.text.lower())
    for clause in (sentence, doc[sentence.start - 1].sent if sentence.start > 0 else None):
        if clause is None:
            continue
        subject = next((c for c in clause.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i < pronoun.start and subject.pos_ == "NOUN" and not index.in_quote(subject.idx):
            name = _named_next(doc, doc[subject.left_edge.i : subject.i + 1], index)
            if name and _compatible_gender(gender, index.gender(name)):
                return name
            return None
        if clause is sentence and subject is not None and subject.i < pronoun.start:
            return None  # "He said …, and she …": the sentence's own subject comes first
    return None


def _compatible_gender(wanted: str | None, known: str | None) -> bool:
    return wanted is None or known is None or wanted == known


def _named_in_apposition(doc: Doc, mention: Span, index: NameIndex) -> Span | None:
    """The named person or body in apposition to a description that holds no name ('A super PAC
    …, Conservative Solutions PAC'; 'Right to Rise USA, the super PAC …'), or None."""
    root = mention.root
    if mention[0].lower_ not in ("a", "an", "the") or root.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(e.label_ in NAME_LABELS or e.label_ in BODY_LABELS and len(e) > 1 for e in index.entities_in(mention)):
        return None
    # the name that closes the description's phrase, whatever word of it the parse hangs it on
    last = root.right_edge.i - (root.right_edge.is_punct)
    candidates = [t for t in root.subtree if t.dep_ == "appos" and t.i >= mention.end and t.right_edge.i == last]
    if root.dep_ == "appos" and root.head.i < mention.start:
        candidates.append(root.head)
    for token in candidates:
        entity = next((e for e in index.entities if e.start <= token.i < e.end), None)
        if entity is None or not (entity.label_ in NAME_LABELS or entity.label_ in BODY_LABELS and len(entity) > 1 or entity.label_ in MISTAGGED_PEOPLE):
            continue
        between = doc[min(entity.end, mention.end) : max(entity.start, mention.start)]
        if any(t.text == "," for t in between) or entity.end == mention.start - 1 and doc[entity.end].text == ",":
            return entity
    return None


def _owner_written(mention: Span) -> bool:
    """'his son', 'Reagan’s daughter': a mention whose head has its owner written in it."""
    return any(c.dep_ == "poss" and c.i >= mention.start for c in mention.root.children)


def _person_written_with(doc: Doc, token: Token, index: NameIndex, mention: Span) -> str | None:
    """The person a role noun is written with: 'British diplomat Peter Westmacott', 'Westmacott, a
    British diplomat', 'Eric Trump, son of …'."""
    for ent in index.entities:
        if ent.label_ not in NAME_LABELS:
            continue
        before = token.dep_ == "compound" and ent.start <= token.head.i < ent.end
        beside = ent.root.dep_ == "appos" and ent.root.head.i == token.i or token.dep_ == "appos" and ent.start <= token.head.i < ent.end
        if before or beside:
            return index.full_name(person_name_in(ent.text), mention.start_char)
    return None


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
    owned_text = " ".join(t.text for t in owned if t.lower_ not in POSSESSIVE_TOKENS).strip()  # "Sanders’ campaign"
    return f"{owner}’s {owned_text}" if owned_text else None


def _is_possessor(doc: Doc, ent: Span) -> bool:
    """'Pence' in 'Pence’s chief of staff' names someone else than the speaker."""
    # "Michele Bachmann’s" with its possessive inside the name the model tagged
    return ent.end < len(doc) and doc[ent.end].lower_ in POSSESSIVE_TOKENS or ent[-1].lower_ in POSSESSIVE_MARKS


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
