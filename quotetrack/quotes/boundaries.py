"""Where a reported content ends: the core of a stance's object, the circumstances that go on
with it, and the writer's comment that closes a reported clause (", which …")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import BELIEF_VERBS, cue_class, cue_lemma
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
