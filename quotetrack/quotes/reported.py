"""Reported speech: a reporting verb's clausal complement, "according to X", and the frames
that close or open a sentence around their content (trailing, parenthetical, "as" clause).
Each rule's place in the precedence is in its declaration (`@rule(..., tried=, order=, when=)`,
see registry.step); the README's precedence table lists them in order."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..cues import ADDRESSEE_VERBS, BELIEF_VERBS, cue_lemma, EVIDENCE_VERBS, IMPRESSION_VERBS, NOT_SPEAKERS, PHRASAL_PAIRS, SOURCE_PREPOSITIONS, SPEECH_VERBS
from .attributions import headline_source, unsourced_content
from .base import Attribution, Candidate, quoted_offsets, tokens_starting_in, trimmed
from .boundaries import comment_tail_start, complement_tokens
from .frames import cue_span, is_cue_token, mention, speaker_of, verb_cue_class
from .registry import first_found, prior, rule, step, steps, Triggers


def reported_speech(doc: Doc, directs: list[Candidate]) -> Iterator[Candidate]:
    """Indirect speech: the headline whose label names its source, then at each token outside
    direct quotes the first find of the "token" steps (registry.steps) that accept it."""
    headline = headline_source(doc)
    if headline is not None:
        yield headline
    inside_quote = tokens_starting_in(doc, quoted_offsets(directs))
    token_steps = steps("token")
    for token in doc:
        if token.i in inside_quote:
            continue
        candidate = first_found(token_steps, doc, token)
        if candidate is not None:
            yield candidate


@step("token", order=40, when=is_cue_token, dispatches='an impression verb: `indirect:unsourced`; a clausal complement: `indirect:ccomp`, `indirect:belief`, `indirect:evidence`; else the `verb` steps')
def verb_complement(doc: Doc, verb: Token) -> Candidate | None:
    """A reporting verb's content, by precedence: an impression verb is unsourced; a verb with
    a clausal complement reports that clause; else the first find of the "verb" steps."""
    if cue_lemma(verb.lemma_) in IMPRESSION_VERBS:
        return unsourced_content(doc, verb)
    if any(c.dep_ == "ccomp" for c in verb.children):
        return clausal_complement(doc, verb)
    return first_found(steps("verb"), doc, verb)


@rule("indirect:ccomp", scope="statements", prior=0.7, report=True, triggers=Triggers(SPEECH_VERBS, pairs=PHRASAL_PAIRS),
      finds='"said (that) …", "denied that …", "It concluded that …" (a report or company as "it")')
@rule("indirect:belief", scope="attributions", prior=0.5, weak=True, triggers=Triggers(BELIEF_VERBS | IMPRESSION_VERBS),
      finds='"Republicans believe that …", "plans to …"')
@rule("indirect:evidence", scope="attributions", prior=0.5, report=True, triggers=Triggers(EVIDENCE_VERBS),
      finds='"the poll showed that …"')
def clausal_complement(doc: Doc, verb: Token) -> Candidate | None:
    """"said (that) …": the reporting verb's clausal complement, named by the verb's class
    (a speech verb's as indirect:ccomp, else indirect:belief or indirect:evidence)."""
    cue_kind = verb_cue_class(verb)
    complements = _complements(verb)
    asked = _asked_of_subject(verb)
    speaker = None if asked else speaker_of(verb, doc)
    if speaker is None and not asked:
        return unsourced_content(doc, verb)
    start, end = trimmed(doc, _split_subject(verb, complements[0]) + complement_tokens(complements[0]) + _statement_after_frame(verb, complements[0]))
    if start is None or end - start < 3:
        return None
    # "Asked whether …, he said": a question nobody named asked (PolNeAR marks it with no source)
    rule_name = "indirect:unsourced" if asked else "indirect:ccomp" if cue_kind == "speech" else f"indirect:{cue_kind}"
    attribution = Attribution(cue_span(doc, verb), speaker, rule_name)
    return Candidate(start, end, "indirect", attribution, prior(rule_name))


def _complements(verb: Token) -> list[Token]:
    """The verb's clausal complements, the one after it first: "The story never ran; my editor
    argued the piece made Obama look too good" parses the clause before the frame as a second
    complement, and the clause after the verb is what it reports."""
    clauses = [_clause_of(c) for c in verb.children if c.dep_ == "ccomp"]
    return sorted(clauses, key=lambda c: c.i < verb.i)


def _split_subject(verb: Token, complement: Token) -> list[Token]:
    """"He argued the pipeline, which Republicans support, would not go 10 feet": the parser
    made the clause's subject the verb's object; it opens the content (not after a verb whose
    object is the one addressed: "told reporters that …")."""
    if complement.i < verb.i or cue_lemma(verb.lemma_) in ADDRESSEE_VERBS:
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in complement.children):
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < complement.i]
    return list(objects[0].subtree) if objects else []


def _asked_of_subject(verb: Token) -> bool:
    """"Asked whether he would run, he said …": the question was put to the subject by someone
    the article does not name."""
    return (
        verb.tag_ in ("VBN", "VBD")  # the tagger reads a sentence-opening "Asked" as either
        and verb.dep_ == "advcl"
        and cue_lemma(verb.lemma_) in ADDRESSEE_VERBS
        and not any(c.dep_.startswith("nsubj") for c in verb.children)
    )


def is_speech_or_evidence_verb(verb: Token) -> bool:
    """The frame rules are tried only at speech and evidence verbs ("…, the survey found")."""
    return verb_cue_class(verb) in ("speech", "evidence")


# Dependents of a reporting verb that belong to its frame: "officials in both cities insist".
FRAME_DEPS = frozenset({"nsubj", "npadvmod", "advmod", "prt", "dative", "dobj"})


def _statement_after_frame(verb: Token, complement: Token) -> list[Token]:
    """"There is no chance of that, officials insist, because policing has changed": a frame
    inside the sentence leaves the statement running on after it, and annotators mark the
    whole sentence, frame included. Not when what follows is quoted or has a cue of its own
    (another statement)."""
    if complement.i > verb.i:
        return []
    doc = verb.doc
    sentence = verb.sent
    frame_end = max([verb.i] + [c.right_edge.i for c in verb.children if c.i > verb.i and c.dep_ in FRAME_DEPS])
    after = frame_end + 1
    if after >= sentence.end or doc[after].text not in (",", ";", "—", "–"):
        return []
    rest = doc[after + 1 : sentence.end]
    if len([t for t in rest if t.is_alpha]) < 3 or any(t.is_quote or is_cue_token(t) for t in rest):
        return []
    return list(doc[complement.left_edge.i : sentence.end])

def _clause_of(complement: Token) -> Token:
    """"made it clear that X": the parser makes "clear" the complement; the clause is its child."""
    if complement.pos_ == "ADJ":
        clause = next((c for c in complement.children if c.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" for m in c.children)), None)
        if clause is not None:
            return clause
    return complement

@rule("indirect:trailing", scope="statements", prior=0.6, triggers=Triggers(SPEECH_VERBS),
      tried="verb", order=60, when=is_speech_or_evidence_verb,
      finds='"…, a senior official told the Post"; "…, the survey found"')
@rule("indirect:parenthetical", scope="statements", prior=0.6, triggers=Triggers(SPEECH_VERBS),
      finds='"The industry, she said, is …"')
def trailing_attribution(doc: Doc, verb: Token) -> Candidate | None:
    """'CONTENT, a senior official told the Post.' when the parser did not link the content:
    the speaker and cue close the sentence after a comma, and the content is all before it."""
    # "X signals the end, said Wilders": with two subjects, the inverted one is the speaker
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj"), key=lambda c: c.i < verb.i)
    subject = subjects[0] if subjects else None
    if subject is None or subject.lower_ in NOT_SPEAKERS:
        return None
    sentence = verb.sent
    frame_start = min(subject.left_edge.i, verb.i)
    if frame_start - 1 < sentence.start or doc[frame_start - 1].text not in (",", "–", "—"):
        return None
    frame_end = max(verb.i, subject.right_edge.i) + 1
    tail = doc[frame_end : sentence.end]
    parenthetical = len(tail) > 2 and tail[0].text in (",", "–", "—")
    if not parenthetical and any(t.pos_ in ("VERB", "AUX") for t in tail):
        return None
    content = [t for t in doc[sentence.start : frame_start - 1]]
    if len([t for t in content if t.is_alpha or t.like_num or t.pos_ == "PROPN"]) < (1 if parenthetical else 4):
        return None
    if parenthetical:
        # "The industry, she said, is doing better": the frame sits inside the statement,
        # whose envelope is the whole sentence (as annotators mark it).
        content = list(sentence)
        cut = comment_tail_start(doc, [t for t in content if t.i > frame_end])
        content = [t for t in content if cut is None or t.i < cut]
    start, end = trimmed(doc, content)
    if start is None:
        return None
    rule_name = "indirect:parenthetical" if parenthetical else "indirect:trailing"
    attribution = Attribution(cue_span(doc, verb), mention(doc, subject), rule_name)
    return Candidate(start, end, "indirect", attribution, prior(rule_name))

@rule("indirect:as-clause", scope="statements", prior=0.6, triggers=Triggers(SPEECH_VERBS),
      tried="verb", order=50, when=is_speech_or_evidence_verb,
      finds='"As the Times reported, …"')
def as_clause_content(doc: Doc, verb: Token) -> Candidate | None:
    """"As the Times reported, the mayor raised $2 million": a speech verb in an "as" clause
    with nothing of its own to report frames the clause it hangs on, which is the content."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in NOT_SPEAKERS:
        return None
    main = verb.head
    # the content is the side of the frame the main clause is on
    frame_start, frame_end = verb.left_edge.i, verb.right_edge.i
    side = (lambda t: t.i < frame_start) if main.i < frame_start else (lambda t: t.i > frame_end)
    content = [t for t in main.subtree if side(t) and t.sent == verb.sent]
    if len([t for t in content if t.is_alpha]) < 4:
        return None
    start, end = trimmed(doc, content)
    if start is None:
        return None
    attribution = Attribution(cue_span(doc, verb), mention(doc, subject), "indirect:as-clause")
    return Candidate(start, end, "indirect", attribution, prior("indirect:as-clause"))


def is_source_preposition(token: Token) -> bool:
    """"according" (to X): the source comes after the content."""
    return token.lower_ in SOURCE_PREPOSITIONS


@rule("indirect:according-to", scope="statements", prior=0.7, report=True, triggers=Triggers(words=SOURCE_PREPOSITIONS),
      tried="token", order=10, when=is_source_preposition,
      finds='"…, according to the Post"')
def according_to(doc: Doc, according: Token) -> Candidate | None:
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return None
    sentence = according.sent
    excluded = set(t.i for t in according.subtree)
    # the side of the sentence that carries the content, without the attribution phrase
    before = [t for t in sentence if t.i < according.i]
    after = [t for t in sentence if t.i > according.i and t.i not in excluded]
    words_before = len([t for t in before if not t.is_punct])
    words_after = len([t for t in after if not t.is_punct])
    side = before if words_before >= words_after else after
    if _set_off(doc, according.i, max(excluded)) and words_before >= 1 and words_after >= 2:
        side = before + after  # "Trump, according to aides, will skip the debate": one envelope
    start, end = trimmed(doc, side)
    if start is None or end - start < 3:
        return None
    cue = doc[according.i : to.i + 1]
    speaker = mention(doc, source)
    return Candidate(start, end, "indirect", Attribution(cue, speaker, "indirect:according-to"), prior("indirect:according-to"))


def _set_off(doc: Doc, first: int, last: int) -> bool:
    """Tokens first..last stand between commas inside their sentence."""
    sentence = doc[first].sent
    return first > sentence.start and doc[first - 1].text == "," and last + 1 < sentence.end and doc[last + 1].text == ","
