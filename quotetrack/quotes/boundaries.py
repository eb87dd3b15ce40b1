"""Where a reported content ends: the core of a stance's object, the circumstances that go on
with it, and the writer's comment that closes a reported clause (", which …")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import BELIEF_VERBS, cue_class, cue_lemma, MEDIUM_NOUNS, VENUE_NOUNS, VENUE_PREPOSITIONS
from .base import in_ranges, outer_quotes
from .frames import is_cue_token


# Prepositions that carry what a stance is about ("called for a ban", "talked about jobs",
# "accused her of lying"), not when or where it was taken ("in an interview", "on Tuesday").
CONTENT_PREPOSITIONS = frozenset({"for", "about", "of", "against", "on", "to", "as", "with", "over", "at"})
TAIL_DEPS = frozenset({"relcl", "acl", "advcl"})


# Circumstances that, with no comma before them, go on with a stance's object, and annotators
# keep them: "endorsed Kasich in the primary", "attacked Clinton for her ties to banks",
# "criticized the plan because …", "backed Cruz to stop Trump".
TRAILING_PREPOSITIONS = frozenset({"by", "in", "during", "as", "over", "for", "to", "of"})
TRAILING_MARKS = frozenset({"if", "because", "while", "unless"})


def trailing_circumstances(verb: Token, parts: list[Token]) -> list[Token]:
    """The verb's dependents after its content that carry it on (see _carries_on), up to the
    first comma, conjunction or other dependent."""
    doc = verb.doc
    last = max(p.right_edge.i for p in parts)
    trailing: list[Token] = []
    for child in verb.children:
        if child.i <= last:
            continue
        before = doc[child.left_edge.i - 1]
        if before.text in (",", "—", "–", ";", ":") or before.dep_ == "cc" or not _carries_on(child):
            break
        trailing.append(child)
        last = child.right_edge.i
    return trailing


def _carries_on(child: Token) -> bool:
    """A prepositional phrase that is not a date ("in the primary", not "on Tuesday"), a
    because/if/while clause, or a bare infinitive of purpose."""
    if child.dep_ in ("prep", "agent"):
        dated = any(o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME") for o in child.children)
        return child.lower_ in TRAILING_PREPOSITIONS and not dated
    if child.dep_ == "advcl":
        marks = [m.lower_ for m in child.children if m.dep_ == "mark"]
        return marks[0] in TRAILING_MARKS if marks else child.tag_ == "VB"
    return False


def is_content_part(child: Token) -> bool:
    """A dependent that holds the content, not the circumstances of the statement."""
    if child.dep_ != "prep":
        return True
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return child.lower_ in CONTENT_PREPOSITIONS and not any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def core_phrase(part: Token) -> list[Token]:
    """A content phrase without a clause set off by a comma or dash ("the loophole, which lets
    companies …", "the plan — announced on Friday") and without a leading preposition ("for a
    ban" -> "a ban", "about the economy" -> "the economy")."""
    doc = part.doc
    tokens = list(part.subtree)
    # the first clause or apposition set off by a comma or dash ends the phrase, at any depth
    for token in tokens:
        before = token.left_edge.i - 1
        if token.i > part.i and token.dep_ in TAIL_DEPS and before > part.i and doc[before].text in (",", "—", "–"):
            tokens = [t for t in tokens if t.i < before]
            break
    if part.dep_ == "prep" and tokens and tokens[0].i == part.i or marked_clause(part, ("for",)) and tokens and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    return tokens


def marked_clause(child: Token, marks: tuple[str, ...]) -> bool:
    """A content the parser hangs on the verb as an adverbial clause opened by one of `marks`:
    "called for the wage to be raised" ("for"), "asked the students if they were serious"."""
    return child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in child.children)

CONCESSIVE_MARKS = frozenset({"though", "although", "while", "whereas"})


def complement_tokens(complement: Token) -> list[Token]:
    """The reported clause with its 'that' (annotators keep it), with the clauses the parser
    hung on the reporting verb instead (see _continued_content), and without what belongs to the
    frame: a conjoined cue verb sharing the reporter's subject ("confirmed that the meeting was
    on, but objected to …", "… and questioned why …") or a closing comment of the writer (see
    _frame_tail_start). Other conjoined verbs go on with the statement (", but would still …",
    "… and wanted a candidate who …": a wish or belief is part of what was said)."""
    dropped: set[int] = set()
    for child in complement.children:
        if child.i < complement.i:
            continue
        subjectless_conj = child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not any(
            c.dep_.startswith("nsubj") for c in child.children
        ) and any(c.dep_.startswith("nsubj") for c in complement.children)
        if subjectless_conj and cue_class(child.lemma_) is not None and cue_lemma(child.lemma_) not in BELIEF_VERBS:
            dropped.update(t.i for t in child.subtree)
            cc = [c for c in complement.children if c.dep_ == "cc" and c.i < child.i]
            dropped.update(c.i for c in cc)
    kept = [t for t in complement.subtree if t.i not in dropped] + _continued_content(complement)
    cut = _frame_tail_start(complement, kept)
    return [t for t in kept if t.i < cut] if cut is not None else kept


def _continued_content(complement: Token) -> list[Token]:
    """'said the budget was tight, but the city would still hire teachers': the parser conjoins
    the second clause to 'said', yet it goes on with what was said; so does a second 'that'
    clause (", but that he would not support …"). Any other conjunct with a cue of its own
    ("and told reporters that …") is a statement of its own."""
    verb = complement.head
    if complement.i < verb.i:
        return []
    continued: list[Token] = []
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.i > complement.i and conj.pos_ in ("VERB", "AUX"):
            second_that = any(m.dep_ == "mark" and m.lower_ == "that" for m in conj.children)
            if second_that or not any(is_cue_token(t) for t in conj.subtree):
                continued += conj.subtree
    return continued


NONRESTRICTIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
TAIL_MARKS = CONCESSIVE_MARKS | {"as"}


def _frame_tail_start(complement: Token, kept: list[Token]) -> int | None:
    """Where the reported clause hands over to the writer: a comma-set tail that closes the
    sentence (", which …"); annotators end the content before it. Never inside quote marks,
    where the comma is the speaker's own ("is “ready to compete, which is all we ask”")."""
    if complement.head.i > complement.i:
        return None  # content before its frame ("X, which …, officials said") is one statement
    return comment_tail_start(complement.doc, [t for t in kept if t is not complement])


def comment_tail_start(doc: Doc, kept: list[Token]) -> int | None:
    """The first token of a comma-set comment that closes the content, if any (see _is_frame_tail)."""
    words = [t for t in kept if not t.is_punct]
    if not words:
        return None
    last = words[-1].i
    quoted = [(s.open, s.close) for s in outer_quotes(doc)]
    for token in sorted(kept, key=lambda t: t.i):
        if token.right_edge.i < last:
            continue
        start = cut = token.left_edge.i
        while cut > 0 and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].text in (",", "–", "—")):
            cut -= 1
        comma = any(doc[i].text in (",", "–", "—") for i in range(cut, start))
        if not comma or not _is_frame_tail(token):
            continue
        if in_ranges(doc[cut].idx, quoted):
            continue
        if len([t for t in kept if t.i < cut and not t.is_punct]) < 3:
            continue
        return cut
    return None


def _is_frame_tail(token: Token) -> bool:
    """A clause or phrase that, after a comma, comments on the report rather than continuing it:
    a non-restrictive relative (", which …"), an appositive (", a claim that …"), or a
    concessive or "as" clause (", even though …", ", as have …")."""
    if token.dep_ == "relcl":
        return token.left_edge.lower_ in NONRESTRICTIVE_PRONOUNS
    if token.dep_ == "advcl":
        return any(m.dep_ == "mark" and m.lower_ in TAIL_MARKS for m in token.children)
    return token.dep_ == "appos"


def venue_tail_end(doc: Doc, start: int, end: int, cue: int) -> int | None:
    """Where reported content ends when it closes on a phrase of its reporting verb (token
    `cue`) that names the occasion or medium of the statement: "endorsed Cruz [at a rally in
    Iowa]", "attacked Clinton [on Wednesday during a debate]", "criticized the deal [in an
    interview with CNN]". The phrase says where it was said, not what, and annotators leave it
    out ("said she would speak at the rally" keeps it: the phrase is the clause's). None when
    nothing is cut; never inside quoted words, and one word of content is kept at least."""
    content = doc.char_span(start, end, alignment_mode="expand")
    if content is None or len(content) < 3:
        return None
    quoted = [(s.open, s.close) for s in outer_quotes(doc)]
    last = max(t.i for t in content if not t.is_punct or t.is_quote)
    cut = None
    for token in content:
        if token.i <= content.start or token.dep_ != "prep" or token.head.i != cue or token.lower_ not in VENUE_PREPOSITIONS:
            continue
        nouns = [c for c in token.children if c.dep_ == "pobj"]
        if not nouns or not _names_venue(token.lower_, nouns[0].lower_) or in_ranges(token.idx, quoted):
            continue
        # only circumstances after it: more phrases on the same head ("in an interview with CNN
        # on Tuesday"), or what hangs inside it
        after = [t for t in doc[token.right_edge.i + 1 : last + 1] if not t.is_punct]
        if all(_is_circumstance(t, token) for t in after):
            cut = token.i
            break
    if cut is None:
        return None
    # "on Wednesday at a Florida rally": a date right before the venue goes with it
    while cut - 1 > content.start and doc[cut - 1].ent_type_ in ("DATE", "TIME"):
        date = doc[cut - 1]
        head = date.head if date.head.dep_ == "prep" else date
        if head.head.i != cue and date.head.i != cue:
            break
        cut = min(t.i for t in head.subtree)
        if doc[cut - 1].ent_type_ not in ("DATE", "TIME"):
            break
    kept = [t for t in doc[content.start : cut] if not t.is_punct or t.is_quote]
    if not kept:
        return None
    return kept[-1].idx + len(kept[-1].text)


def _names_venue(preposition: str, noun: str) -> bool:
    """"at a rally", "during the debates", "in an interview"; "in a tweet", "on Facebook"."""
    singular = noun[:-1] if noun.endswith("s") and noun[:-1] in VENUE_NOUNS | MEDIUM_NOUNS else noun
    if singular in MEDIUM_NOUNS:
        return True
    return singular in VENUE_NOUNS and preposition not in ("on", "via")


# Phrases of the reporting verb that may follow the occasion and go with it ("at a rally in
# Iowa on Tuesday", "in an interview with CNN"), unlike one that carries content ("as …", "by …").
CIRCUMSTANCE_PREPOSITIONS = frozenset({"at", "in", "on", "during", "via", "with", "before", "after", "outside", "near"})


def _is_circumstance(token: Token, venue: Token) -> bool:
    """A token of a date, or of a place or time phrase on the same head as the venue."""
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    for ancestor in [token, *token.ancestors]:
        if ancestor.head == venue.head:
            return ancestor.dep_ == "npadvmod" or ancestor.dep_ == "prep" and ancestor.lower_ in CIRCUMSTANCE_PREPOSITIONS
        if ancestor == venue.head:
            return False
    return False
