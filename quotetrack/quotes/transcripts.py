"""Quotes whose speaker is a label or a signature rather than a frame: transcript turns
("TAPPER: Do you think …"), tweets printed with their signature ("— Name (@handle) Date") and
quote paragraphs signed on the next line ("- Sanders."). Section labels ("MARKETS:",
"WEATHER:") head no turn."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..cues import NOT_TURN_LABELS
from ..marks import QuotedSpan
from .base import Attribution, Candidate, WORD, doc_text
from .frames import SPEAKER_LABELS
from .registry import prior, rule

# "TAPPER: Do you think …" / "Chris Matthews: Seriously, …": a speaker's turn in a transcript.
TRANSCRIPT_TURN = re.compile(r"^([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):[ \t]+(?=\S)", re.MULTILINE)
# "UPDATE: …" and other capitalised labels are no turn: cues.NOT_TURN_LABELS.
POSSESSIVE_END = re.compile(r"[’']s$")
# What a turn says and a section heading does not: a question, or the speaker's I, we and you.
SPOKEN = re.compile(r"\?|\b(?:I|I’m|I'm|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|me)\b")


@rule("direct:transcript", scope="statements", prior=0.6, finds='"TAPPER: Do you think …" (a speaker\'s turn in a transcript)')
def transcript_turns(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Each paragraph that opens with a speaker label and a colon, as that speaker's words."""
    text = doc_text(doc)
    taken = [(c.start, c.end) for c in found]
    turns = []
    for match in TRANSCRIPT_TURN.finditer(text):
        label = match.group(1)
        if not is_speaker_label(doc, match.start(1), match.end(1), label):
            continue
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        start, end = match.end(), len(text[:end].rstrip())
        if len(WORD.findall(text[start:end])) < 3 or any(a < end and start < b for a, b in taken):
            continue
        speaker = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        cue = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
        turns.append(Candidate(start, end, "direct", Attribution(cue, speaker, "direct:transcript"), prior("direct:transcript")))
    return turns


def is_speaker_label(doc: Doc, start: int, end: int, label: str) -> bool:
    """A person named in the article, or an upper-case surname as transcripts write it."""
    if POSSESSIVE_END.sub("", label.split()[0]).upper() in NOT_TURN_LABELS:
        return False
    if label.isupper() and len(label) > 2:
        return _transcript_label(doc, label, end)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and any(t.ent_type_ in SPEAKER_LABELS for t in span):
        return True
    # "Lynch: No outside influence …": a headline names by surname someone the article names in full
    surname = label.split()[-1]
    return any(e.label_ in SPEAKER_LABELS and surname in e.text.split() for e in doc.ents)


def _transcript_label(doc: Doc, label: str, end: int) -> bool:
    """An upper-case label is a speaker's turn in a transcript, where some speaker takes a second
    turn ("TAPPER: … BOULDUAN: … TAPPER: …"), when the article names them ("Jake Tapper"), or
    when what follows it is spoken (a question, an I or a you); else it heads a section
    ("MARKETS: The dollar rose …", "WEATHER: Rain through Thursday")."""
    text = doc_text(doc)
    turns = [m.group(1).split()[-1] for m in TRANSCRIPT_TURN.finditer(text)]
    if any(turns.count(turn) > 1 for turn in turns if turn.isupper() and turn not in NOT_TURN_LABELS):
        return True  # a transcript: some speaker takes a second turn
    named = label.split()[-1].title()
    if any(e.label_ in SPEAKER_LABELS and named in e.text.split() for e in doc.ents):
        return True
    line_end = text.find("\n", end)
    return SPOKEN.search(text, end, len(text) if line_end < 0 else line_end) is not None


# --- tweets and signatures -------------------------------------------------------------------

# "— Paul Reyes (@PaulReyesTB) March 3, 2018": the signature that closes a tweet as articles
# print it (and as embedded tweets read once their markup is gone).
TWEET_SIGNATURE = re.compile(
    r"[—–―]+[ \t]*(?P<name>[^\n()—–]{2,60}?)[ \t]*\((?P<handle>@\w{1,15})\)[ \t]*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?[ \t]*$",
    re.MULTILINE,
)
TWEET_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")


@rule("direct:tweet", scope="statements", prior=0.8, learned=False,
      finds="a tweet's text (the paragraph before, or the words before the dash on the line) printed with its signature `— Name (@handle) Date`")
def tweets(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """The text of each tweet an article prints with its signature, as the named account's words."""
    text = doc_text(doc)
    taken = [(c.start, c.end) for c in found]
    result = []
    for match in TWEET_SIGNATURE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start : match.start()].strip():
            start, end = line_start, match.start()
        else:
            end = len(text[:line_start].rstrip())
            start = text.rfind("\n", 0, end) + 1
        end = start + len(TWEET_LINK.sub("", text[start:end]).rstrip())
        while start < end and text[start] in " \t\"“":
            start += 1
        end = len(text[:end].rstrip("\"” "))
        if len(WORD.findall(text[start:end])) < 3 or any(a < end and start < b for a, b in taken):
            continue
        speaker = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        dash = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        if speaker is None:
            continue
        result.append(Candidate(start, end, "direct", Attribution(dash, speaker, "direct:tweet"), prior("direct:tweet")))
    return result


# "- Bernie Sanders." on the line after a quote paragraph: the speaker signs it (fact-checks,
# roundups and letters quote this way).
SIGNATURE_LINE = re.compile(r"[ \t]*[-—–―]+[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4})[ \t]*\.?[ \t]*$")


@rule("direct:signature", scope="statements", prior=0.8,
      finds="a quote that is its whole paragraph, signed on the next line by a dash and a name (`- Sanders.`), as fact-checks print the claims they check")
def signed(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """A quote that is its whole paragraph, followed by a line of a dash and a name."""
    text = doc_text(doc)
    line_end = text.find("\n", span.outer_end)
    if line_end < 0 or text[span.outer_end : line_end].strip(" \t.") or not span.closed:
        return None
    next_start = len(text) - len(text[line_end:].lstrip())
    next_end = text.find("\n", next_start)
    match = SIGNATURE_LINE.match(text, next_start, len(text) if next_end < 0 else next_end)
    if match is None:
        return None
    name = doc.char_span(match.start(1), match.start(1) + len(match.group(1).rstrip(".")), alignment_mode="expand")
    dash_at = next_start + len(match.group()) - len(match.group().lstrip(" \t"))
    dash = doc.char_span(dash_at, dash_at + 1, alignment_mode="expand")
    if name is None or not any(t.ent_type_ in SPEAKER_LABELS or t.is_title for t in name):
        return None
    return Attribution(dash, name, "direct:signature")
