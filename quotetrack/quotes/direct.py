"""Direct quotes: which quoted spans are statements rather than fragments (scare quotes,
titles), the frame that attributes each one (a cue after or before it, with or without the
comma that hands over to it, a name label, a colon or an announcing sentence before the quote's
paragraph, a signature after it), a naming verb's quoted object, continuations of the quote
before, and quoted statements no frame attributes. Transcript turns, tweets and signatures are
in transcripts.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..cues import ABBREVIATIONS, cue_lemma, MESSAGE_NOUNS, NAMING_CUES, NOT_SPEAKERS, NOT_TURN_LABELS, VERBATIM_CUES, WORK_NOUNS
from ..marks import continues_from_previous, MARKS, QuotedSpan
from .base import Attribution, Candidate, doc_text, outer_quotes, tokens_between, WORD
from .frames import cue_span, is_cue_token, is_passive, mention, speaker_of
from .registry import prior, rule, Triggers
from .transcripts import signed


# A quoted span shorter than this many words is a fragment (scare quote, title, term) unless a
# cue stands right next to it ("saying “We’ll see”").
MIN_DIRECT_WORDS = 5
LEAD_IN = re.compile(r"[:,—–-]\s*$")
SENTENCE_END = re.compile(r"[.!?](?=\s+[^a-z\s]|\s*$)")

# --- direct quotes ---------------------------------------------------------------------------


def split_direct_and_fragments(doc: Doc, spans: list[QuotedSpan]) -> tuple[list[Candidate], list[QuotedSpan]]:
    """Quoted spans that stand as statements vs. fragments inside a sentence (scare quotes, titles)."""
    text = doc_text(doc)
    directs: list[Candidate] = []
    fragments: list[QuotedSpan] = []
    previous: QuotedSpan | None = None
    for span in spans:
        content = text[span.start : span.end]
        words = WORD.findall(content)
        left = _left_context(text, span, previous)
        right = _right_context(text, span)
        continues = continues_from_previous(text, span, previous)
        adjacent_cue = _adjacent_cue(doc, span, left, right)
        stands_alone = (_opens_sentence(left) or LEAD_IN.search(left) or adjacent_cue) and (
            not right.strip() or right.lstrip()[:1] in ",.;:!?—–-" or adjacent_cue or content.rstrip()[-1:] in ",.!?"
        )
        # a quote that is a whole sentence of its own ("“We are not terrorists.”") is a statement
        whole_sentence = _opens_sentence(left) and not right.strip(" )]") and content.rstrip()[-1:] in ".!?"
        # "put it simply: 'No boathouse, no club.'": a colon hands over a whole utterance
        introduced = left.rstrip().endswith(":") and content.rstrip()[-1:] in ".!?" and not right.strip(" )]")
        long_enough = len(words) >= MIN_DIRECT_WORDS or adjacent_cue or whole_sentence or introduced
        title = _is_title(words, content, cued=adjacent_cue) or (_names_a_work(left) and not adjacent_cue) or bool(BYLINE.match(right))
        if continues or (stands_alone and not title and long_enough):
            # a framed quote's prior (every frame rule has it); the frame is read later
            directs.append(Candidate(span.start, span.end, "direct", None, prior("direct:cue-after"), span=span))
        else:
            fragments.append(span)
        previous = span
    return directs, fragments


# "—“Sam Mendes leaves ‘Chocolate Factory’,” by Times' Michael Paulson: …": a headline with its
# byline, as newsletters list the stories they link to
BYLINE = re.compile(r"[,\s]*by\s+(?:the\s+)?[A-Z]")


def _left_context(text: str, span: QuotedSpan, previous: QuotedSpan | None) -> str:
    """Text before the opening mark back to the sentence start, within the paragraph."""
    para_start = text.rfind("\n", 0, span.open) + 1
    floor = max(para_start, previous.outer_end if previous and previous.outer_end <= span.open else 0)
    left = text[floor : span.open]
    ends = _sentence_ends(left)
    return left[ends[-1] :] if ends else left


def _sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence-ending mark, skipping titles and initials ("Gov. J. Smith")."""
    return list(_iter_sentence_ends(text))


WORD_BEFORE = re.compile(r"\w{1,64}$")  # enough to tell an abbreviation or an initial
NEXT_CHAR = re.compile(r"\s*(.?)", re.DOTALL)


def _iter_sentence_ends(text: str) -> Iterator[int]:
    """_sentence_ends lazily, each in constant time (a paragraph can hold thousands of quotes)."""
    for match in SENTENCE_END.finditer(text):
        word = WORD_BEFORE.search(text, max(0, match.start() - 64), match.start())
        opens_quote = NEXT_CHAR.match(text, match.end()).group(1) in "“\"'‘"  # "Binghamton, N.Y. “Next …"
        if match.group() == "." and word and not opens_quote and (word.group().lower() in ABBREVIATIONS or len(word.group()) == 1):
            continue
        yield match.end()


def _right_context(text: str, span: QuotedSpan) -> str:
    """Text after the closing mark to the sentence end, within the paragraph."""
    para_end = text.find("\n", span.outer_end)
    para_end = len(text) if para_end < 0 else para_end
    right = text[span.outer_end : para_end]
    end = next(_iter_sentence_ends(right), None)
    return right[:end] if end is not None else right


def _adjacent_cue(doc: Doc, span: QuotedSpan, left: str, right: str) -> bool:
    """A reporting verb right before the quote ("saying “…”") or right after it ("…,” she said")."""
    before = [t for t in tokens_between(doc, span.open - len(left), span.open) if not t.is_punct]
    # "saying “We’ll see.”" is an utterance; "found “evidence”" is the verb's object in quotes
    content = doc_text(doc)[span.start : span.end]
    utterance = len(WORD.findall(content)) >= MIN_DIRECT_WORDS or bool(LEAD_IN.search(left)) or content.lstrip()[:1].isupper()
    if before and is_cue_token(before[-1]) and (utterance or _closes_after_verbatim_cue(content, right, before[-1])):
        return True
    if _frame_without_comma(doc, span, left, right):
        return True
    after = [t for t in tokens_between(doc, span.outer_end, span.outer_end + len(right)) if not t.is_punct][:6]
    # the comma that hands over to the frame sits after the closing mark or, in American
    # style, inside it: "“Too much hate,” she said."
    following = right.lstrip()[:1]
    if following and not following.isalnum():
        hand_over = following
    elif _opens_sentence(left) or LEAD_IN.search(left):
        hand_over = _last_char(doc, span)  # only for a quote that opens its sentence
    else:
        hand_over = ""
    return bool(hand_over) and hand_over in ",!?—–-" and any(is_cue_token(t) for t in after)


def _opens_sentence(left: str) -> bool:
    """Nothing but an opening bracket stands before the quote in its sentence: "(«We came to
    listen,» Haddad added.)" is set out like any quote that opens its sentence."""
    return not left.strip(" \t\u00a0([")


def _closes_after_verbatim_cue(content: str, right: str, cue: Token) -> bool:
    """"he said “probably not.”", "ended by saying “we are not done.”": a quote of any length
    that a verb of saying hands over to and that closes the sentence with its own full stop
    is what was said, not a term in scare quotes ("found “evidence”")."""
    return cue_lemma(cue.lemma_) in VERBATIM_CUES and content.rstrip()[-1:] in ".!?" and not right.strip(" )]")


# Words a quote needs before a frame that follows it without a comma.
MIN_COMMALESS_WORDS = 3


def _frame_without_comma(doc: Doc, span: QuotedSpan, left: str, right: str) -> bool:
    """"“It was a real eye-opener” Farinloye says.": a quote that opens its sentence and is
    followed, with no comma, by a frame of its own: a subject and a cue verb that takes no
    other content. Titles ("“Hamilton” star Lin-Manuel Miranda said the show …") fail on the
    verb's own content, their length or their Title Case."""
    content = doc_text(doc)[span.start : span.end]
    words = WORD.findall(content)
    if not _opens_sentence(left) or len(words) < MIN_COMMALESS_WORDS or _is_title(words, content):
        return False
    if content.rstrip()[-1:] in ",.!?" or right.lstrip()[:1] in ",.!?;:—–-" or not right.strip():
        return False
    frame = [t for t in tokens_between(doc, span.outer_end, span.outer_end + len(right)) if not t.is_punct]
    for token in frame[:10]:
        if is_cue_token(token):
            takes_content = any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > token.i for c in token.children)
            return not takes_content and _subject_between(doc, span, token) is not None
    return False


# What a noun phrase between a closing mark and its cue verb may be made of.
SUBJECT_POS = frozenset({"PROPN", "PRON", "NOUN", "DET", "ADJ", "NUM", "PART"})


def _subject_between(doc: Doc, span: QuotedSpan, cue: Token) -> Span | None:
    """"'We will fight this,' the club's chairwoman, Helen Marsh, said": the noun phrase
    between the closing mark and the cue is the speaker even when the parser, misled by the
    marks, hung it elsewhere (as an object inside the quote)."""
    tokens = tokens_between(doc, span.outer_end, cue.idx)
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 10 or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in tokens):
        return None
    if any(not (t.pos_ in SUBJECT_POS or t.text == ",") for t in tokens):
        return None
    return doc[tokens[0].i : tokens[-1].i + 1]


def _last_char(doc: Doc, span: QuotedSpan) -> str:
    """The last non-space character of a quote's content."""
    return doc_text(doc)[span.start : span.end].rstrip()[-1:]


def _is_title(words: list[str], content: str, cued: bool = False) -> bool:
    """Title Case without sentence punctuation reads as a title (a song, a book, a slogan). A
    comma inside the closing mark is the sentence's in American style ("his book, “Crippled
    America: How to Make America Great Again,” has sold …"), unless a cue takes the quote:
    "“Make America Great Again,” the crowd chanted" was said."""
    if not words or content.rstrip()[-1:] in ".!?" or (cued and content.rstrip()[-1:] == ","):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 2 and capitalised / len(words) >= 0.75


def _names_a_work(left: str) -> bool:
    """The quote follows the noun of a work it names ("his new book, “…”", "the film “…”",
    "an essay titled “…”"): a title, whatever its case."""
    last = WORD.findall(left[-40:])
    return bool(last) and last[-1].casefold() in WORK_NOUNS and not left.rstrip().endswith(":")


@rule("direct:continuation", scope="statements", prior=0.75,
      finds="a quote that continues the one before (same paragraph after its frame, or the next paragraph), by its speaker: one statement with it")
def attribute_directs(doc: Doc, directs: list[Candidate]) -> None:
    """Attribute each direct quote from its frame, else from the quote it continues."""
    text = doc_text(doc)
    previous: Candidate | None = None
    for candidate in directs:
        span = candidate.span
        assert span is not None
        if candidate.attribution is None:
            candidate.attribution = _frame_attribution(doc, span, previous)
        if candidate.attribution is None and previous is not None and previous.attribution is not None:
            prev_span = previous.span
            assert prev_span is not None
            only_quote_in_paragraph = not _left_context(text, span, prev_span).strip()
            if continues_from_previous(text, span, prev_span) or _after_own_frame(text, previous, span) or (
                only_quote_in_paragraph and _paragraph_distance(text, prev_span.close, span.open) <= 1
            ):
                candidate.inherited_from = previous
                candidate.attribution = previous.attribution
                candidate.confidence = prior("direct:continuation")
        if candidate.attribution is not None:
            previous = candidate


# Words a quoted statement needs to count when no frame names its speaker (shorter ones are
# names, slogans and scare quotes more often than statements).
UNATTRIBUTED_MIN_WORDS = 4
PARAGRAPH_BREAK = re.compile(r"\n[\s\n]*")


@rule("direct:unattributed", scope="attributions", prior=0.35,
      finds="a quoted statement of four words or more that no frame attributes, with the speaker named right after it or of the statement just before (same or previous paragraph); such quote paragraphs in a row are one statement")
def unattributed(doc: Doc, directs: list[Candidate], attributed: list[Candidate]) -> list[Candidate]:
    """Quoted statements no frame attributes: PolNeAR marks most of them (a frame the rules
    cannot read, a speaker named paragraphs away), so the attributions scope reports them, for
    the confidence model to weigh. The speaker is a person named right after the quote, else
    the speaker of the statement just before in the same or the previous paragraph, if any."""
    text = doc_text(doc)
    found = [d for d in directs if len(text[d.start : d.end].split()) >= UNATTRIBUTED_MIN_WORDS]
    sources = sorted((c for c in attributed if c.attribution is not None and c.attribution.speaker is not None), key=lambda c: c.end)
    statements: list[Candidate] = []
    for direct in found:
        last = statements[-1] if statements else None
        if last is not None and _next_paragraph(text, last, direct):
            last.add_piece(direct)
            continue
        before = [c for c in sources if c.end <= direct.start and len(PARAGRAPH_BREAK.findall(text, c.end, direct.start)) <= 1]
        speaker = _name_after(doc, direct) or (before[-1].attribution.speaker if before else None)
        direct.attribution = Attribution(None, speaker, "direct:unattributed")
        direct.confidence = prior("direct:unattributed")
        statements.append(direct)
    return statements


def _next_paragraph(text: str, first: Candidate, second: Candidate) -> bool:
    """The second quote opens the paragraph after the one the first quote ends: a long quote
    run on over paragraphs, one statement (a piece per paragraph)."""
    if second.span is None:
        return False
    between = text[first.end : second.span.open]
    return "\n" in between and not between.strip().strip("".join(MARKS))


def _name_after(doc: Doc, direct: Candidate) -> Span | None:
    """A person named right after the quote, in its sentence: the frame the rules could not read."""
    span = direct.span
    if span is None:
        return None
    after = tokens_between(doc, span.outer_end, span.outer_end + 80)
    for token in after[:12]:
        if token.text in (".", "\n") or token.is_space or token.is_quote and token.i > after[0].i:
            return None
        if token.ent_type_ == "PERSON":
            return next((e for e in doc.ents if e.start <= token.i < e.end), None)
    return None


def _after_own_frame(text: str, previous: Candidate, span: QuotedSpan) -> bool:
    """"“A,” she said. “B.”": the second piece follows the frame that attributed the first,
    in the same paragraph, with no other sentence in between."""
    cue = previous.attribution.cue if previous.attribution else None
    prev_span = previous.span
    if cue is None or prev_span is None or "\n" in text[prev_span.outer_end : span.open]:
        return False
    return prev_span.outer_end <= cue.start_char and cue.end_char <= span.open


def _paragraph_distance(text: str, a: int, b: int) -> int:
    """How many paragraph breaks lie between two offsets."""
    between = text[a:b]
    return len([p for p in between.split("\n") if p.strip()]) + (1 if "\n" in between else 0) - 1


@rule("direct:cue-after", scope="statements", prior=0.9, finds='"“…,” she said"; a quote split by its frame is stored as its pieces, one `statement` (statements.py)')
@rule("direct:cue-before", scope="statements", prior=0.9, finds='"She said: “…”"')
@rule("direct:verb-after", scope="statements", prior=0.9, finds='"“…,” Murphy tweeted" (any verb of a frame the quote hands over to)')
def _frame_attribution(doc: Doc, span: QuotedSpan, previous: Candidate | None) -> Attribution | None:
    """The cue and speaker in the same sentence as the quote: after it, else before it."""
    text = doc_text(doc)
    right = _right_context(text, span)
    if _last_char(doc, span) == "." and right.strip()[:1].isupper():
        right = ""  # “… in my opinion.” Reid said both …: the quote closed its sentence
    right_tokens = [t for t in tokens_between(doc, span.outer_end, span.outer_end + len(right))]

    def inside(token: Token) -> bool:
        return span.open <= token.idx < span.outer_end

    def outside(speaker: Span | None) -> Span | None:
        # a subject found inside the quote belongs to the quoted words, not to the frame
        return None if speaker is None or inside(speaker.root) else speaker

    def frame_subject(verb: Token) -> Span | None:
        # the parser may give the cue two subjects, one of them in the quote
        found = outside(speaker_of(verb, doc))
        if found is None:
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and not inside(c)), None)
            if subject is not None and subject.lower_ not in NOT_SPEAKERS:
                found = mention(doc, subject)
        return found

    for token in right_tokens:
        if is_cue_token(token):
            speaker = frame_subject(token) or _inverted_speaker(doc, token, right_tokens) or _subject_between(doc, span, token)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:cue-after")
    left = _left_context(text, span, previous.span if previous else None)
    left_tokens = tokens_between(doc, span.open - len(left), span.open)
    for token in reversed(left_tokens):
        if is_cue_token(token) or (token.pos_ == "VERB" and LEAD_IN.search(left) and token.dep_ != "amod"):
            speaker = frame_subject(token)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:cue-before")
    # "“…,” Murphy tweeted": any verb of a frame the quote hands over to with its comma
    following = right.lstrip()[:1]
    hands_over = (following if following and not following.isalnum() else _last_char(doc, span)) in ",!?"
    words = [t for t in right_tokens if not t.is_punct][:6]
    verb = next((t for t in words if t.pos_ == "VERB"), None)
    if hands_over and verb is not None:
        speaker = frame_subject(verb) or _inverted_speaker(doc, verb, right_tokens)
        if speaker is not None:
            return Attribution(doc[verb.i : verb.i + 1], speaker, "direct:verb-after")
    if _opens_sentence(left):
        return _colon_lead_in(doc, span) or _announced_in_paragraph_before(doc, span) or signed(doc, span)
    return _name_label(doc, span, left)


# "Kasich: ‘We will go all the way.’": a name and a colon right before the quote, as headlines
# and roundups write it.
NAME_LABEL = re.compile(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s*$")


@rule("direct:label", scope="statements", prior=0.9, finds='"Kasich: ‘We will go all the way.’"')
def _name_label(doc: Doc, span: QuotedSpan, left: str) -> Attribution | None:
    match = NAME_LABEL.search(left)
    if match is None:
        return None
    start = span.open - len(left) + match.start(1)
    name = doc.char_span(start, start + len(match.group(1)), alignment_mode="contract")
    if name is None or not all(t.pos_ == "PROPN" for t in name) or name[0].text.upper() in NOT_TURN_LABELS:
        return None
    colon = doc.char_span(name.end_char, name.end_char + 1, alignment_mode="expand")
    return Attribution(colon, name, "direct:label")


def _inverted_speaker(doc: Doc, cue: Token, frame: list[Token]) -> Span | None:
    """"…,” said David Brock, a Clinton confidant…" when the parser hung the name elsewhere:
    the noun phrase right after a cue that opens the frame."""
    words = [t for t in frame if not t.is_punct]
    if not words or words[0].i != cue.i or cue.i + 1 >= len(doc):
        return None
    head = doc[cue.i + 1]
    if head.pos_ not in ("PROPN", "NOUN", "DET", "ADJ"):
        return None
    end = cue.i + 1
    while end < len(doc) and doc[end].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT") and doc[end].text not in ",.;:!?—–()":
        end += 1
    phrase = doc[cue.i + 1 : end]
    if not any(t.pos_ in ("PROPN", "NOUN") for t in phrase) or phrase.root.lower_ in NOT_SPEAKERS:
        return None
    return phrase


@rule("direct:colon", scope="statements", prior=0.9, finds='"Cruz continued:" closing the paragraph before the quote')
def _colon_lead_in(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """"Cruz continued:" closing the paragraph before a quote's own paragraph introduces it."""
    text = doc_text(doc)
    lead_end = len(text[: span.open].rstrip())
    if lead_end == 0 or text[lead_end - 1] != ":" or "\n" not in text[lead_end : span.open]:
        return None
    lead_start = text.rfind("\n", 0, lead_end) + 1
    lead = text[lead_start:lead_end]
    ends = _sentence_ends(lead)
    sentence_start = lead_start + (ends[-1] if ends else 0)
    for token in reversed(tokens_between(doc, sentence_start, lead_end)):
        if is_cue_token(token) or token.pos_ == "VERB" and token.dep_ != "amod":
            speaker = speaker_of(token, doc)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:colon")
    return None


@rule("direct:lead-in", scope="statements", prior=0.9, triggers=Triggers(words=MESSAGE_NOUNS),
      finds='"Its president had a message for management." (a sentence that announces speech without giving it) closing the paragraph before the quote')
def _announced_in_paragraph_before(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """A sentence that announces speech without giving it (a message, a warning; a verb of
    saying with no content) closing the paragraph before a quote's own paragraph introduces
    the quote, as a colon would."""
    text = doc_text(doc)
    lead_end = len(text[: span.open].rstrip())
    if lead_end == 0 or text[lead_end - 1] != "." or "\n" not in text[lead_end : span.open]:
        return None
    lead_start = text.rfind("\n", 0, lead_end) + 1
    ends = _sentence_ends(text[lead_start : lead_end - 1])
    sentence_start = lead_start + (ends[-1] if ends else 0)
    if any(sentence_start <= s.open < lead_end for s in outer_quotes(doc)):
        return None  # the sentence quotes its own words
    for token in tokens_between(doc, sentence_start, lead_end):
        announces = token.lemma_ == "have" and any(c.dep_ == "dobj" and c.lower_ in MESSAGE_NOUNS for c in token.children)
        says_nothing = (
            is_cue_token(token)
            and cue_lemma(token.lemma_) in VERBATIM_CUES
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children)
        )
        if announces or says_nothing:
            speaker = speaker_of(token, doc)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:lead-in")
    return None


def quoted_objects(doc: Doc, directs: list[Candidate], fragments: list[QuotedSpan]) -> tuple[list[Candidate], list[QuotedSpan]]:
    """Fragments that are a naming verb's quoted object (see _quoted_object) become direct quotes."""
    kept = []
    for span in fragments:
        attribution = _quoted_object(doc, span) if span.depth == 0 else None
        if attribution is None:
            kept.append(span)
        else:
            directs.append(Candidate(span.start, span.end, "direct", attribution, prior("direct:quoted-object"), span=span))
    return sorted(directs, key=lambda c: c.start), kept


@rule("direct:quoted-object", scope="statements", prior=0.7, learned=False,
      finds='"She called the plan “a bandage solution.”", "described the talks as «useful but slow»" (the quoted words only; '
      "the attributions scope keeps PolNeAR's envelope as `indirect:object`)")
def _quoted_object(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """Quoted words that are the object or complement of a verb of naming are its subject's own
    words ("blamed the fire on “people who want us gone”"). Names and titles ("called it
    “Project Blue”") and single words are left as terms."""
    content = doc_text(doc)[span.start : span.end]
    words = WORD.findall(content)
    if len(words) < 2 or _is_title(words, content):
        return None
    # the parser may hang the phrase on a closing mark it reads as a word («…» as a noun)
    inside = [t for t in tokens_between(doc, span.open, span.outer_end) if not t.is_punct or t.text in MARKS]
    roots = [t for t in inside if not span.open <= t.head.idx < span.outer_end and t.dep_ != "punct"]
    if len(roots) != 1:
        return None
    head = roots[0]
    for _ in range(4):  # out through "as", "on", "of the work of"
        if head.dep_ not in ("dobj", "oprd", "xcomp", "ccomp", "attr", "pobj", "prep"):
            return None
        head = head.head
        if head.pos_ == "VERB":
            break
    if head.pos_ != "VERB" or cue_lemma(head.lemma_) not in NAMING_CUES or is_passive(head):
        return None
    speaker = speaker_of(head, doc)
    if speaker is None or span.open <= speaker.start_char < span.outer_end:
        return None
    return Attribution(cue_span(doc, head), speaker, "direct:quoted-object")
