"""Quote finding: direct, indirect and mixed quotes, each with its cue and speaker mention.

Direct quotes come from the quote-mark scanner (marks.py), so unbalanced marks and
paragraph-spanning quotes are handled on characters before any parsing. Attribution and
indirect speech come from the dependency parse: a reporting verb's subject is the speaker,
its clausal complement the content; "according to X" puts the source in a prepositional phrase.
Speaker mentions are then resolved to names within the article (speakers.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import __version__
from .confidence import default_model
from .cues import (
    ADDRESSEE_VERBS,
    BELIEF_VERBS,
    CLAUSE_ONLY_CUES,
    COMMUNICATION_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    GENERIC_IDEAS,
    IMPRESSION_VERBS,
    INFINITIVE_CUES,
    MESSAGE_NOUNS,
    NAMING_CUES,
    NOMINAL_CUE_FORMS,
    NOMINAL_CUES,
    NOMINAL_PREPOSITION_CUES,
    NOT_SPEAKERS,
    PASSIVE_CUES,
    PHRASAL_CUES,
    PREPOSITIONAL_CUES,
    PRODUCED_NOUNS,
    PRODUCING_VERBS,
    RELATIVE_PRONOUNS,
    SOURCE_PREPOSITIONS,
    STANCE_VERBS,
    VERBATIM_CUES,
    cue_class,
    cue_lemma,
    idiom_prepositions,
    is_speech_verb,
)
from .marks import MARKS, QuotedSpan, continues_from_previous, paragraphs, quoted_spans
from .models import DEFAULT_SCOPE, SCOPES, Article, Quote
from .nlp import load_model, model_label
from .parsing import parse_articles
from .speakers import resolve_speaker_names

# A quoted span shorter than this many words is a fragment (scare quote, title, term) unless a
# cue stands right next to it ("saying “We’ll see”").
MIN_DIRECT_WORDS = 5
LEAD_IN = re.compile(r"[:,—–-]\s*$")
SENTENCE_END = re.compile(r"[.!?](?=\s+[^a-z\s]|\s*$)")
# Titles and abbreviations whose period does not end a sentence ("Mr. Rubel said").
ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov sen rep gen lt col sgt capt maj adm cmdr prof rev st jr sr pres supt atty".split()
)
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
EDGE_TRIM = " \t\n\u00a0,;:—–-"


# Rules that find attributions that are not statements, or statements nobody is named for:
# reported only in the "attributions" scope.
ATTRIBUTION_RULES = frozenset(
    {"direct:unattributed", "indirect:object", "indirect:belief", "indirect:evidence", "indirect:unsourced", "indirect:nominal", "indirect:document", "indirect:idiom", "indirect:headline", "indirect:passive", "indirect:relative"}
)


class Extractor:
    """Runs the spaCy pipeline and the quote rules over articles."""

    def __init__(self, model: str | None = None, processes: int = 1, scope: str = DEFAULT_SCOPE, calibrated: bool = True):
        """`calibrated`: score quotes with the learned confidence model (confidence.py), which
        also leaves out of the attributions scope what falls below its threshold; without it,
        each quote keeps its rule's prior (what `quotetrack calibrate` fits a model on)."""
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
        self.confidence = default_model() if calibrated else None
        self.nlp = load_model(model)
        self.model = model_label(self.nlp)
        self.processes = processes
        self.scope = scope

    def extract(self, article: Article) -> list[Quote]:
        _, doc = next(parse_articles(self.nlp, [article], scope=self.scope))
        return self.quotes_in(doc, article.id)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Quote]]]:
        """Stream (article, quotes) pairs, parsing in batches; the first failure raises."""
        for article, result in self.extract_stream(articles, batch_size):
            if isinstance(result, Exception):
                raise result
            yield article, result

    def extract_stream(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        """Like extract_many, but a failure on one article is yielded in its place, so a batch goes on."""
        for article, doc in self.parse(articles, batch_size):
            try:
                yield article, self.quotes_in(doc, article.id)
            except Exception as error:  # noqa: BLE001 - reported per article by the caller
                yield article, error

    def parse(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
        """(article, Doc) pairs, parsed as far as the scope's rules read."""
        return parse_articles(self.nlp, articles, batch_size, self.processes, self.scope)

    def quotes_in(self, doc: Doc, article_id: str) -> list[Quote]:
        quotes = find_quotes(doc, article_id, self.scope)
        if self.confidence is not None:
            self.confidence.score(doc, doc_text(doc), quotes)
            if self.scope == "attributions":  # the wide net keeps only its likelier finds
                quotes = [q for q in quotes if q.rule not in ATTRIBUTION_RULES or q.confidence >= self.confidence.threshold]
        for quote in quotes:
            quote.model = self.model
            quote.version = __version__
        return quotes


@dataclass
class Attribution:
    """Who said it and with which cue, as tokens of the parse."""

    cue: Span | None
    speaker: Span | None
    rule: str


@dataclass
class Candidate:
    """A quote on its way out: content offsets, attribution, and how it was found."""

    start: int
    end: int
    kind: str
    attribution: Attribution | None
    confidence: float
    span: QuotedSpan | None = None
    inherited_from: "Candidate | None" = None
    fragments: list[tuple[int, int]] | None = None  # the quoted pieces when the frame splits a quote


def doc_text(doc: Doc) -> str:
    """The article text, computed once: spaCy rebuilds Doc.text from every token on each access."""
    text = doc.user_data.get("quotetrack_text")
    if text is None:
        text = doc.user_data["quotetrack_text"] = doc.text
    return text


def find_quotes(doc: Doc, article_id: str, scope: str = DEFAULT_SCOPE) -> list[Quote]:
    """All quotes in a parsed article that the scope reports, in text order."""
    text = doc_text(doc)
    spans = [s for s in _outer_quotes(doc) if text[s.start : s.end].strip()]
    directs, fragments = _split_direct_and_fragments(doc, spans)
    if scope == "statements":
        # a statement is the quoted words themselves; PolNeAR (the attributions scope) marks
        # the verb's whole object instead ("the plan “a bandage solution”"), as indirect:object
        directs, fragments = _quoted_objects(doc, directs, fragments)
    reported = list(_reported_speech(doc, directs))

    # A reporting verb whose complement is a direct quote attributes that quote.
    remaining: list[Candidate] = []
    for candidate in reported:
        direct = _covered_direct(candidate, directs)
        if direct is not None:
            if direct.attribution is None and candidate.attribution is not None:
                found = candidate.attribution
                direct.attribution = Attribution(found.cue, found.speaker, "direct:" + found.rule.split(":")[-1])
        else:
            remaining.append(candidate)

    _attribute_directs(doc, directs)
    # "tweeted a review: “…”", "Asked whether he would run, he said “probably not.”": a cue that
    # introduces a direct quote has no second content in its object or in the clause before it
    direct_cues = {d.attribution.cue.start for d in directs if d.attribution is not None and d.attribution.cue is not None}
    remaining = [
        c for c in remaining
        if not (
            c.attribution
            and c.attribution.rule in ("indirect:object", "indirect:trailing")
            and c.attribution.cue is not None
            and c.attribution.cue.start in direct_cues
        )
    ]
    for candidate in remaining:
        _clip_after_directs(text, candidate, directs)
    absorbed: set[int] = set()
    for candidate in remaining:
        absorbed.update(_extend_into_quote(candidate, spans, directs))
        if any(candidate.start <= f.open and f.outer_end <= candidate.end + 1 for f in fragments + directs_spans(directs)):
            candidate.kind = "mixed"
    absorbed.update(_join_after_reported_frame(text, remaining, directs))
    # a direct quote that a mixed quote's envelope took in is part of that statement
    directs = [d for d in directs if d.span is None or d.span.open not in absorbed]

    candidates = _join_split_quotes(text, [c for c in directs if c.attribution is not None])
    candidates += _unattributed(doc, [c for c in directs if c.attribution is None], candidates + remaining)
    turns = _transcript_turns(doc, candidates)
    candidates += turns
    candidates += _tweets(doc, candidates + remaining)
    # a transcript turn is the speaker's own words: reported speech inside it belongs to the turn
    candidates += [c for c in remaining if not any(t.start <= c.start and c.end <= t.end for t in turns)]
    candidates.sort(key=lambda c: (c.start, c.end))
    candidates = _dedupe(_drop_nested_weak(candidates))
    candidates = _drop_reports_within_reports(candidates)
    if scope == "statements":
        candidates = [c for c in candidates if c.attribution is None or c.attribution.rule not in ATTRIBUTION_RULES]
    return _to_quotes(doc, article_id, candidates)


# Rules whose finds are dropped when they sit inside another quote's content: a plan, a wish,
# a claim or an impression inside what someone said is part of that statement, not one of its own.
WEAK_RULES = frozenset({"indirect:object", "indirect:belief", "indirect:nominal", "indirect:unsourced", "indirect:idiom"})


def _drop_nested_weak(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates come sorted by start, and quotes per article are few: a pairwise check is cheap."""
    def nested(c: Candidate) -> bool:
        cue = c.attribution.cue if c.attribution else None
        return cue is not None and any(o is not c and o.start <= cue.start_char < o.end for o in candidates)

    return [c for c in candidates if not (c.attribution and c.attribution.rule in WEAK_RULES and nested(c))]


# Rules whose content is what someone said: a report of another report inside it is part of it.
REPORT_RULES = frozenset({"indirect:ccomp", "indirect:evidence", "indirect:according-to"})


def _drop_reports_within_reports(candidates: list[Candidate]) -> list[Candidate]:
    """"The Post reported that Klein said he was leaving": annotators mark the outer report,
    whose content holds the inner one; an inner report whose cue is the outer cue's complement
    (or the head of its "according to") is not a quote of its own."""
    def linked(inner: Token, outer: Token) -> bool:
        return inner.head == outer and inner.dep_ == "ccomp" or outer.head == inner

    def reported_within(c: Candidate) -> bool:
        cue = c.attribution.cue if c.attribution else None
        if cue is None or c.attribution.rule not in REPORT_RULES:
            return False
        return any(
            o is not c and o.attribution is not None and o.attribution.cue is not None
            and o.attribution.rule in REPORT_RULES and o.start <= c.start and c.end <= o.end
            and linked(cue.root, o.attribution.cue.root)
            for o in candidates
        )

    return [c for c in candidates if not reported_within(c)]


def _join_split_quotes(text: str, directs: list[Candidate]) -> list[Candidate]:
    """One quote for the pieces of one statement within a paragraph: "“A,” she said. “B.”" is
    A through B (the envelope, as annotators mark it), with the pieces kept as fragments."""
    joined: list[Candidate] = []
    for candidate in directs:
        last = joined[-1] if joined else None
        if last is not None and _same_statement(text, last, candidate):
            last.fragments = (last.fragments or [(last.start, last.end)]) + [(candidate.start, candidate.end)]
            last.end = candidate.end
            last.confidence = max(last.confidence, candidate.confidence)
            continue
        joined.append(candidate)
    return joined


# "“A,” he said, adding that … “B.”": a frame that adds a report of its own ends the statement
FRAME_ADDS = re.compile(r"\badding\b")


def _same_statement(text: str, first: Candidate, second: Candidate) -> bool:
    """The second piece continues the first in the same paragraph, by the same speaker and cue."""
    if "\n" in text[first.end : second.start] or first.attribution is None or second.attribution is None:
        return False
    if FRAME_ADDS.search(text[first.end : second.start]):
        return False
    if second.inherited_from is not None:
        return True
    a, b = first.attribution.cue, second.attribution.cue
    return a is not None and b is not None and a.start == b.start


def _extend_into_quote(candidate: Candidate, spans: list[QuotedSpan], directs: list[Candidate]) -> list[int]:
    """Reported content that stops inside a quote it opened runs to that quote's end:
    "told CBS that the laws “are set… And we have to leave it that way.”" (the parse often
    ends the clause at the quote's first sentence). A quote with a frame of its own outside
    the content is another statement. Returns the opening offsets of the quotes taken in."""
    framed = {d.span.open for d in directs if d.span is not None and _framed_outside(d, candidate)}
    taken = []
    for span in spans:
        if candidate.start <= span.open < candidate.end < span.end and span.open not in framed:
            candidate.end = span.end
            taken.append(span.open)
    return taken


def _join_after_reported_frame(text: str, reported: list[Candidate], directs: list[Candidate]) -> list[int]:
    """"The plan ''was a mistake,'' said Favreau. ''Nobody wanted it.''": a frameless quote
    after the frame of reported content in the same paragraph continues that statement, whose
    envelope then runs to its end: a direct quote when the content opened with a quote mark,
    else a mixed one. Returns the opening offsets of the quotes taken in."""
    taken = []
    for direct in directs:
        span = direct.span
        if direct.attribution is not None or span is None:
            continue
        for candidate in reported:
            cue = candidate.attribution.cue if candidate.attribution else None
            if (
                cue is not None
                and candidate.end <= cue.start_char
                and cue.end_char <= span.open
                and "\n" not in text[candidate.end : span.open]
            ):
                candidate.end = span.end
                candidate.kind = "direct" if text[: candidate.start].rstrip()[-1:] in MARKS else "mixed"
                taken.append(span.open)
                break
    return taken


def _framed_outside(direct: Candidate, candidate: Candidate) -> bool:
    cue = direct.attribution.cue if direct.attribution else None
    return cue is not None and not candidate.start <= cue.start_char < candidate.end


def _clip_after_directs(text: str, candidate: Candidate, directs: list[Candidate]) -> None:
    """Reported content never reaches back over a whole direct quote before its cue: that
    happens when the parser runs two sentences together ("…,” But even as …)."""
    cue_at = candidate.attribution.cue.start_char if candidate.attribution and candidate.attribution.cue else candidate.end
    for direct in directs:
        span = direct.span
        if span is not None and candidate.start <= span.open and span.outer_end <= min(cue_at, candidate.end):
            candidate.start = span.outer_end
    while candidate.start < candidate.end and text[candidate.start] in EDGE_TRIM + "”’\"'":
        candidate.start += 1


def directs_spans(directs: list[Candidate]) -> list[QuotedSpan]:
    return [d.span for d in directs if d.span is not None]


# --- direct quotes ---------------------------------------------------------------------------


def _split_direct_and_fragments(doc: Doc, spans: list[QuotedSpan]) -> tuple[list[Candidate], list[QuotedSpan]]:
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
        if continues or (stands_alone and not _is_title(words, content) and long_enough):
            directs.append(Candidate(span.start, span.end, "direct", None, 0.9, span=span))
        else:
            fragments.append(span)
        previous = span
    return directs, fragments


def _quoted_objects(doc: Doc, directs: list[Candidate], fragments: list[QuotedSpan]) -> tuple[list[Candidate], list[QuotedSpan]]:
    """Fragments that are a naming verb's quoted object (see _quoted_object) become direct quotes."""
    kept = []
    for span in fragments:
        attribution = _quoted_object(doc, span) if span.depth == 0 else None
        if attribution is None:
            kept.append(span)
        else:
            directs.append(Candidate(span.start, span.end, "direct", attribution, 0.7, span=span))
    return sorted(directs, key=lambda c: c.start), kept


def _left_context(text: str, span: QuotedSpan, previous: QuotedSpan | None) -> str:
    """Text before the opening mark back to the sentence start, within the paragraph."""
    para_start = text.rfind("\n", 0, span.open) + 1
    floor = max(para_start, previous.outer_end if previous and previous.outer_end <= span.open else 0)
    left = text[floor : span.open]
    ends = _sentence_ends(left)
    return left[ends[-1] :] if ends else left


def _sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence-ending mark, skipping titles and initials ("Gov. J. Smith")."""
    ends = []
    for match in SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)$", text[: match.start()])
        opens_quote = text[match.end() :].lstrip()[:1] in "“\"'‘"  # "Binghamton, N.Y. “Next …"
        if match.group() == "." and word and not opens_quote and (
            word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1
        ):
            continue
        ends.append(match.end())
    return ends


def _right_context(text: str, span: QuotedSpan) -> str:
    """Text after the closing mark to the sentence end, within the paragraph."""
    para_end = text.find("\n", span.outer_end)
    para_end = len(text) if para_end < 0 else para_end
    right = text[span.outer_end : para_end]
    ends = _sentence_ends(right)
    return right[: ends[0]] if ends else right


def _adjacent_cue(doc: Doc, span: QuotedSpan, left: str, right: str) -> bool:
    """A reporting verb right before the quote ("saying “…”") or right after it ("…,” she said")."""
    before = [t for t in _tokens_between(doc, span.open - len(left), span.open) if not t.is_punct]
    # "saying “We’ll see.”" is an utterance; "found “evidence”" is the verb's object in quotes
    content = doc_text(doc)[span.start : span.end]
    utterance = len(WORD.findall(content)) >= MIN_DIRECT_WORDS or bool(LEAD_IN.search(left)) or content.lstrip()[:1].isupper()
    if before and _is_cue_token(before[-1]) and (utterance or _closes_after_verbatim_cue(content, right, before[-1])):
        return True
    if _frame_without_comma(doc, span, left, right):
        return True
    after = [t for t in _tokens_between(doc, span.outer_end, span.outer_end + len(right)) if not t.is_punct][:6]
    # the comma that hands over to the frame sits after the closing mark or, in American
    # style, inside it: "“Too much hate,” she said."
    following = right.lstrip()[:1]
    if following and not following.isalnum():
        hand_over = following
    elif _opens_sentence(left) or LEAD_IN.search(left):
        hand_over = _last_char(doc, span)  # only for a quote that opens its sentence
    else:
        hand_over = ""
    return bool(hand_over) and hand_over in ",!?—–-" and any(_is_cue_token(t) for t in after)


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
    frame = [t for t in _tokens_between(doc, span.outer_end, span.outer_end + len(right)) if not t.is_punct]
    for token in frame[:10]:
        if _is_cue_token(token):
            takes_content = any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > token.i for c in token.children)
            return not takes_content and _subject_between(doc, span, token) is not None
    return False


# What a noun phrase between a closing mark and its cue verb may be made of.
SUBJECT_POS = frozenset({"PROPN", "PRON", "NOUN", "DET", "ADJ", "NUM", "PART"})


def _subject_between(doc: Doc, span: QuotedSpan, cue: Token) -> Span | None:
    """"'We will fight this,' the club's chairwoman, Helen Marsh, said": the noun phrase
    between the closing mark and the cue is the speaker even when the parser, misled by the
    marks, hung it elsewhere (as an object inside the quote)."""
    tokens = _tokens_between(doc, span.outer_end, cue.idx)
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


def _is_title(words: list[str], content: str) -> bool:
    """Title Case without sentence punctuation reads as a title (a song, a book, a slogan)."""
    if not words or content.rstrip()[-1:] in ".!?,":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 2 and capitalised / len(words) >= 0.75


def _attribute_directs(doc: Doc, directs: list[Candidate]) -> None:
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
                candidate.confidence = 0.75
        if candidate.attribution is not None:
            previous = candidate


# Words a quoted statement needs to count when no frame names its speaker (shorter ones are
# names, slogans and scare quotes more often than statements).
UNATTRIBUTED_MIN_WORDS = 4
PARAGRAPH_BREAK = re.compile(r"\n[\s\n]*")


def _unattributed(doc: Doc, directs: list[Candidate], attributed: list[Candidate]) -> list[Candidate]:
    """Quoted statements no frame attributes: PolNeAR marks most of them (a frame the rules
    cannot read, a speaker named paragraphs away), so the attributions scope reports them, for
    the confidence model to weigh. The speaker is a person named right after the quote, else
    the speaker of the statement just before in the same or the previous paragraph, if any."""
    text = doc_text(doc)
    found = [d for d in directs if len(text[d.start : d.end].split()) >= UNATTRIBUTED_MIN_WORDS]
    sources = sorted((c for c in attributed if c.attribution is not None and c.attribution.speaker is not None), key=lambda c: c.end)
    for direct in found:
        before = [c for c in sources if c.end <= direct.start and len(PARAGRAPH_BREAK.findall(text, c.end, direct.start)) <= 1]
        speaker = _name_after(doc, direct) or (before[-1].attribution.speaker if before else None)
        direct.attribution = Attribution(None, speaker, "direct:unattributed")
        direct.confidence = CONFIDENCE["unsourced"]
    return found


def _name_after(doc: Doc, direct: Candidate) -> Span | None:
    """A person named right after the quote, in its sentence: the frame the rules could not read."""
    span = direct.span
    if span is None:
        return None
    after = _tokens_between(doc, span.outer_end, span.outer_end + 80)
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


def _frame_attribution(doc: Doc, span: QuotedSpan, previous: Candidate | None) -> Attribution | None:
    """The cue and speaker in the same sentence as the quote: after it, else before it."""
    text = doc_text(doc)
    right = _right_context(text, span)
    if _last_char(doc, span) == "." and right.strip()[:1].isupper():
        right = ""  # “… in my opinion.” Reid said both …: the quote closed its sentence
    right_tokens = [t for t in _tokens_between(doc, span.outer_end, span.outer_end + len(right))]

    def inside(token: Token) -> bool:
        return span.open <= token.idx < span.outer_end

    def outside(speaker: Span | None) -> Span | None:
        # a subject found inside the quote belongs to the quoted words, not to the frame
        return None if speaker is None or inside(speaker.root) else speaker

    def frame_subject(verb: Token) -> Span | None:
        # the parser may give the cue two subjects, one of them in the quote
        found = outside(_speaker_of(verb, doc))
        if found is None:
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and not inside(c)), None)
            if subject is not None and subject.lower_ not in NOT_SPEAKERS:
                found = _mention(doc, subject)
        return found

    for token in right_tokens:
        if _is_cue_token(token):
            speaker = frame_subject(token) or _inverted_speaker(doc, token, right_tokens) or _subject_between(doc, span, token)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:cue-after")
    left = _left_context(text, span, previous.span if previous else None)
    left_tokens = _tokens_between(doc, span.open - len(left), span.open)
    for token in reversed(left_tokens):
        if _is_cue_token(token) or (token.pos_ == "VERB" and LEAD_IN.search(left) and token.dep_ != "amod"):
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
        return _colon_lead_in(doc, span) or _announced_in_paragraph_before(doc, span) or _signed(doc, span)
    return _name_label(doc, span, left)


# "Kasich: ‘We will go all the way.’": a name and a colon right before the quote, as headlines
# and roundups write it.
NAME_LABEL = re.compile(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s*$")


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
    mention = doc[cue.i + 1 : end]
    if not any(t.pos_ in ("PROPN", "NOUN") for t in mention) or mention.root.lower_ in NOT_SPEAKERS:
        return None
    return mention


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
    for token in reversed(_tokens_between(doc, sentence_start, lead_end)):
        if _is_cue_token(token) or token.pos_ == "VERB" and token.dep_ != "amod":
            speaker = _speaker_of(token, doc)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:colon")
    return None


def _announced_in_paragraph_before(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """"Its president, Dana Whitfield, had a message for management." closing the paragraph
    before a quote's own paragraph: a sentence that announces speech without giving it (a
    message, a warning; a verb of saying with no content) introduces the quote, as a colon
    would."""
    text = doc_text(doc)
    lead_end = len(text[: span.open].rstrip())
    if lead_end == 0 or text[lead_end - 1] != "." or "\n" not in text[lead_end : span.open]:
        return None
    lead_start = text.rfind("\n", 0, lead_end) + 1
    ends = _sentence_ends(text[lead_start : lead_end - 1])
    sentence_start = lead_start + (ends[-1] if ends else 0)
    if any(sentence_start <= s.open < lead_end for s in _outer_quotes(doc)):
        return None  # the sentence quotes its own words
    sentence = _tokens_between(doc, sentence_start, lead_end)
    for token in sentence:
        announces = token.lemma_ == "have" and any(c.dep_ == "dobj" and c.lower_ in MESSAGE_NOUNS for c in token.children)
        says_nothing = (
            _is_cue_token(token)
            and cue_lemma(token.lemma_) in VERBATIM_CUES
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children)
        )
        if announces or says_nothing:
            speaker = _speaker_of(token, doc)
            if speaker is not None:
                return Attribution(doc[token.i : token.i + 1], speaker, "direct:lead-in")
    return None


# "- Bernie Sanders." on the line after a quote paragraph: the speaker signs it (fact-checks,
# roundups and letters quote this way).
SIGNATURE_LINE = re.compile(r"[ \t]*[-—–―]+[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4})[ \t]*\.?[ \t]*$")


def _signed(doc: Doc, span: QuotedSpan) -> Attribution | None:
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


def _quoted_object(doc: Doc, span: QuotedSpan) -> Attribution | None:
    """"She called the plan “a bandage solution.”", "described the talks as «useful but slow»",
    "blamed the fire on “people who want us gone”": quoted words that are the object or
    complement of a verb of naming are its subject's own words. Names and titles ("called it
    “Project Blue”") and single words are left as terms."""
    content = doc_text(doc)[span.start : span.end]
    words = WORD.findall(content)
    if len(words) < 2 or _is_title(words, content):
        return None
    # the parser may hang the phrase on a closing mark it reads as a word («…» as a noun)
    inside = [t for t in _tokens_between(doc, span.open, span.outer_end) if not t.is_punct or t.text in MARKS]
    roots = [t for t in inside if not span.open <= t.head.idx < span.outer_end and t.dep_ != "punct"]
    if len(roots) != 1:
        return None
    head = roots[0]
    for _ in range(4):  # out through "as", "on", "of the work of"
        if head.dep_ in ("dobj", "oprd", "xcomp", "ccomp", "attr") or head.dep_ == "pobj" or head.dep_ == "prep":
            head = head.head
        else:
            return None
        if head.pos_ == "VERB":
            break
    if head.pos_ != "VERB" or cue_lemma(head.lemma_) not in NAMING_CUES or _is_passive(head):
        return None
    speaker = _speaker_of(head, doc)
    if speaker is None or span.open <= speaker.start_char < span.outer_end:
        return None
    return Attribution(_cue_span(doc, head), speaker, "direct:quoted-object")


# "— Paul Reyes (@PaulReyesTB) March 3, 2018": the signature that closes a tweet as articles
# print it (and as embedded tweets read once their markup is gone).
TWEET_SIGNATURE = re.compile(
    r"[—–―]+[ \t]*(?P<name>[^\n()—–]{2,60}?)[ \t]*\((?P<handle>@\w{1,15})\)[ \t]*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?[ \t]*$",
    re.MULTILINE,
)
TWEET_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")


def _tweets(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """The text of each tweet an article prints with its signature: the words before the dash
    on the signature's line, else the paragraph before it, as the named account's words."""
    text = doc_text(doc)
    taken = [(c.start, c.end) for c in found]
    tweets = []
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
        tweets.append(Candidate(start, end, "direct", Attribution(dash, speaker, "direct:tweet"), 0.8))
    return tweets


# --- transcripts -----------------------------------------------------------------------------

# "TAPPER: Do you think …" / "Chris Matthews: Seriously, …": a speaker's turn in a transcript.
TRANSCRIPT_TURN = re.compile(r"^([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):[ \t]+(?=\S)", re.MULTILINE)
# Capitalised labels before a colon that are not speakers.
POSSESSIVE_END = re.compile(r"[’']s$")
NOT_TURN_LABELS = frozenset(
    "UPDATE UPDATED NOTE EDITOR WATCH PHOTO VIDEO READ RELATED CORRECTION BREAKING CLICK SOURCE SEE MORE ALSO"
    " BYLINE EXCLUSIVE EMAIL STAT Q A LOOK BOOM WOW BUSTED".split()
)


# Who can head a turn or a headline ("Lynch: No outside influence", "AP: Trump aide …").
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})


def _transcript_turns(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Each paragraph that opens with a speaker label and a colon, as that speaker's words."""
    text = doc_text(doc)
    taken = [(c.start, c.end) for c in found]
    turns = []
    for match in TRANSCRIPT_TURN.finditer(text):
        label = match.group(1)
        if not _is_speaker_label(doc, match.start(1), match.end(1), label):
            continue
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        start, end = match.end(), len(text[:end].rstrip())
        if len(WORD.findall(text[start:end])) < 3 or any(a < end and start < b for a, b in taken):
            continue
        speaker = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        cue = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
        turns.append(Candidate(start, end, "direct", Attribution(cue, speaker, "direct:transcript"), 0.6))
    return turns


# What a turn says and a section heading does not: a question, or the speaker's I, we and you.
SPOKEN = re.compile(r"\?|\b(?:I|I’m|I'm|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|me)\b")


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


def _is_speaker_label(doc: Doc, start: int, end: int, label: str) -> bool:
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


# --- reported speech -------------------------------------------------------------------------


# "Poll: Trump leads in Florida", "Clinton camp: …": a headline label that names a source.
HEADLINE_LABEL = re.compile(r"([^:\n]{2,40}):[ \t]+(?=\S)")
# Labels of a running story, not sources ("The Latest: Cruz wins Iowa").
NOT_HEADLINE_SOURCES = frozenset(
    "the latest|update|delegate update|live updates|analysis|opinion|editorial|exclusive|breaking|revealed|wow|bombshell"
    "|just leaked|just in|watch|look|boom|paid notice|must see|confirmed|report card".split("|")
)
# Entity types of a label that says where or when, not who ("Iowa: …", "Tuesday: …").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "NORP"})
# "EXCLUSIVE – Roger Stone: …": the source follows a dash.
LABEL_DASH = re.compile(r".*\s[—–-]\s+")


def _headline_source(doc: Doc) -> Candidate | None:
    """The article's headline when a label names its source ("Poll: Trump leads", "Newspaper:
    Defense secretary used personal email"). Labels that name a person are left to the
    transcript rule, which reads them as statements."""
    text = doc_text(doc)
    match = HEADLINE_LABEL.match(text)
    if match is None or len(match.group(1).split()) > 5:
        return None
    label_start = match.start(1) + (LABEL_DASH.match(match.group(1)) or re.match("", "")).end()
    label = text[label_start : match.end(1)].strip()
    if not _is_source_label(label) or _is_speaker_label(doc, match.start(1), match.end(1), match.group(1)):
        return None
    line_end = text.find("\n")
    if line_end < 0:
        return None  # a headline heads an article
    end = len(text[:line_end].rstrip(EDGE_TRIM + "."))
    speaker = doc.char_span(label_start, label_start + len(label), alignment_mode="expand")
    cue = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
    if speaker is None or cue is None or len(WORD.findall(text[match.end() : end])) < 3:
        return None
    if any(t.ent_type_ in PLACE_LABELS for t in speaker):
        return None  # "Iowa: Tim Albrecht, Brad Anderson …" lists who is where
    return Candidate(match.end(), end, "indirect", Attribution(cue, speaker, "indirect:headline"), 0.4)


def _is_source_label(label: str) -> bool:
    """A name ("Poll", "Clinton camp", "Wash Post Fact-Check"), not a teaser ("Breaking", "Spoiler
    no more", "The revolutionary's next tactic")."""
    words = label.split()
    if not words or label.lower() in NOT_HEADLINE_SOURCES or any(c in label for c in ",;?!\"'‘’“”"):
        return False
    return sum(not w[0].isupper() for w in words) <= 1 and not (len(words) == 1 and label.lower().endswith(("ed", "ing")))


def _reported_speech(doc: Doc, directs: list[Candidate]) -> Iterator[Candidate]:
    """Indirect speech: reporting verb + clausal complement, 'according to X', and a headline
    whose label names its source."""
    headline = _headline_source(doc)
    if headline is not None:
        yield headline
    inside_quote = _quoted_offsets(directs)
    for token in doc:
        if _inside(token.idx, inside_quote):
            continue
        if token.lower_ in SOURCE_PREPOSITIONS:
            candidate = _according_to(doc, token)
        elif token.lower_ == "in" and token.dep_ == "prep":
            candidate = _in_document(doc, token)
        elif token.pos_ == "NOUN" and token.lower_ in NOMINAL_CUE_FORMS:
            candidate = _nominal_content(doc, token)
        elif _is_cue_token(token):
            candidate = _verb_complement(doc, token) or _idiom_content(doc, token)
        elif token.pos_ == "VERB":
            candidate = _idiom_content(doc, token)
        else:
            continue
        if candidate is not None:
            yield candidate


# How sure a reported-speech rule is, by the kind of cue: a statement, a belief or intention,
# what a document shows, and a stance whose content is only the verb's object.
CONFIDENCE = {"speech": 0.7, "belief": 0.5, "evidence": 0.5, "object": 0.45, "document": 0.45, "nominal": 0.4, "unsourced": 0.35}
# Children of a stance verb that carry its content: "endorsed Cruz", "vowed to fight",
# "called for a ban", "accused Clinton of lying", "talked about jobs".
OBJECT_DEPS = frozenset({"dobj", "xcomp", "oprd", "prep"})


def _verb_complement(doc: Doc, verb: Token) -> Candidate | None:
    if cue_lemma(verb.lemma_) in IMPRESSION_VERBS:
        return _unsourced_content(doc, verb)
    cue_kind = _cue_kind(verb)
    complements = [_clause_of(c) for c in verb.children if c.dep_ == "ccomp"]
    if not complements:
        # "is known for its focus on …": a passive with no object to report is unsourced
        content = _object_content(doc, verb) or _unsourced_content(doc, verb) or _passive_subject_content(doc, verb)
        content = content or _relative_object_content(doc, verb)
        return content or (_as_clause_content(doc, verb) or _trailing_attribution(doc, verb) if cue_kind in ("speech", "evidence") else None)
    speaker = None if _asked_of_subject(verb) else _speaker_of(verb, doc)
    if speaker is None and not _asked_of_subject(verb):
        return _unsourced_content(doc, verb)
    start, end = _trimmed(doc, _complement_tokens(complements[0]) + _statement_after_frame(verb, complements[0]))
    if start is None or end - start < 3:
        return None
    rule = "indirect:unsourced" if speaker is None else "indirect:ccomp" if cue_kind == "speech" else f"indirect:{cue_kind}"
    attribution = Attribution(_cue_span(doc, verb), speaker, rule)
    return Candidate(start, end, "indirect", attribution, CONFIDENCE[cue_kind or "speech"])


def _asked_of_subject(verb: Token) -> bool:
    """"Asked whether he would run, he said …": the question was put to the subject by someone
    the article does not name (annotators mark it without a source)."""
    return (
        verb.tag_ in ("VBN", "VBD")  # the tagger reads a sentence-opening "Asked" as either
        and verb.dep_ == "advcl"
        and cue_lemma(verb.lemma_) in ADDRESSEE_VERBS
        and not any(c.dep_.startswith("nsubj") for c in verb.children)
    )


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
    if len([t for t in rest if t.is_alpha]) < 3 or any(t.is_quote or _is_cue_token(t) for t in rest):
        return []
    return list(doc[complement.left_edge.i : sentence.end])


def _idiom_content(doc: Doc, verb: Token) -> Candidate | None:
    """A cue made of a verb and the preposition or object it needs, whose content is what
    follows: "vouched for Trump", "took issue with the plan", "raised questions about his
    taxes", "has no plans to run", "looked to stop the bleeding"."""
    lemma = cue_lemma(verb.lemma_)
    wanted = PREPOSITIONAL_CUES.get(lemma, frozenset())
    holders = [
        c
        for c in verb.children
        if c.i > verb.i and (c.dep_ == "prep" and c.lower_ in wanted or lemma in INFINITIVE_CUES and _is_infinitive(c))
    ]
    for obj in (c for c in verb.children if c.i > verb.i and c.dep_ == "dobj" and not holders):
        wanted = idiom_prepositions(lemma, obj.lower_)
        # the preposition hangs on the verb or on its object ("made the case for a ban")
        holders = [
            c
            for c in sorted([*verb.children, *obj.children], key=lambda c: c.i)
            if c.i > obj.i and (c.dep_ == "prep" and c.lower_ in wanted or "to" in wanted and c.dep_ in ("acl", "relcl") and c.tag_ == "VB")
        ]
    if not holders or holders[0].dep_ == "prep" and not _has_content_object(holders[0]):
        return None
    tokens = _core_phrase(holders[0])
    if all(t.pos_ in ("PRON", "PUNCT") for t in tokens):
        return None  # "took issue with it"
    speaker = _speaker_of(verb, doc)
    start, end = _trimmed(doc, tokens)
    if speaker is None or start is None or end - start < 2:
        return None
    attribution = Attribution(_cue_span(doc, verb), speaker, "indirect:idiom")
    return Candidate(start, end, "indirect", attribution, CONFIDENCE["object"])


def _has_content_object(preposition: Token) -> bool:
    """"made the case for a ban", not "made the case for weeks" nor a stranded "come up against"."""
    objects = [c for c in preposition.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and not any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _is_infinitive(child: Token) -> bool:
    """"looked to stop the bleeding": the parser makes the infinitive an xcomp or an advcl."""
    return child.dep_ in ("xcomp", "advcl") and child.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children)


def _cue_kind(verb: Token) -> str | None:
    return cue_class(verb.lemma_, _particles(verb))


def _particles(verb: Token) -> set[str]:
    """Particles and prepositions of a verb, also where the parser hangs them on its object
    ("sees [Cruz as a uniter]")."""
    words = {c.lower_ for c in verb.children if c.dep_ in PARTICLE_DEPS}
    for obj in verb.children:
        if obj.dep_ == "dobj":
            words.update(c.lower_ for c in obj.children if c.dep_ == "prep")
    return words


# Where a phrasal cue's particle sits: "pointed out", "made clear", "made it clear".
PARTICLE_DEPS = ("prt", "acomp", "advmod", "oprd", "ccomp", "prep")


def _clause_of(complement: Token) -> Token:
    """"made it clear that X": the parser makes "clear" the complement; the clause is its child."""
    if complement.pos_ == "ADJ":
        clause = next((c for c in complement.children if c.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" for m in c.children)), None)
        if clause is not None:
            return clause
    return complement


def _object_content(doc: Doc, verb: Token) -> Candidate | None:
    """A stance or intention whose content is the verb's object or infinitive:
    "Jeb Bush endorsed Cruz", "Trump vowed to put the country first", "she urged voters to
    stay home", "asked about the emails"."""
    lemma = cue_lemma(verb.lemma_)
    if lemma in ADDRESSEE_VERBS:
        parts = _addressee_content(verb)
    elif lemma in STANCE_VERBS | BELIEF_VERBS | COMMUNICATION_VERBS and lemma not in CLAUSE_ONLY_CUES:
        # beliefs and intentions count with an infinitive ("plans to vote"), not a bare object ("wants homes")
        deps = {"xcomp"} if lemma in BELIEF_VERBS - STANCE_VERBS - COMMUNICATION_VERBS else OBJECT_DEPS
        parts = [c for c in verb.children if c.i > verb.i and (c.dep_ in deps and _is_content_part(c) or _marked_clause(c, ("for",)))]
    elif lemma in PHRASAL_CUES:
        # "pointed to the polls", "sees Cruz as a uniter": the preposition makes the cue
        words = PHRASAL_CUES[lemma]
        if not words & _particles(verb):
            return None
        parts = [c for c in verb.children if c.i > verb.i and (c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in words)]
    else:
        return None
    naming = any(c.dep_ in ("oprd", "xcomp") for c in parts)
    if not parts or any(c.dep_ == "dobj" and c.lower_ in NOT_SPEAKERS and not naming for c in parts):
        return None  # "did not deny it": the object is too vague to report ("called it a disgrace" names it)
    parts += _trailing_circumstances(verb, parts)
    tokens = [t for part in parts for t in _core_phrase(part)]
    # "what critics called a “power grab”": the relative word opens the content
    tokens += [c for c in verb.children if c.i < verb.i and c.dep_ == "dobj" and c.lower_ in ("what", "which")]
    if all(t.pos_ in ("PRON", "PUNCT") for t in tokens):
        return None  # "did not deny it"
    speaker = _speaker_of(verb, doc)
    if speaker is None and not (lemma in ADDRESSEE_VERBS and _is_passive(verb)):
        return _unsourced_content(doc, verb)
    start, end = _trimmed(doc, tokens)
    if start is None or end - start < 2:
        return None
    rule = "indirect:object" if speaker is not None else "indirect:unsourced"
    attribution = Attribution(_cue_span(doc, verb), speaker, rule)
    return Candidate(start, end, "indirect", attribution, CONFIDENCE["object" if speaker is not None else "unsourced"])


# Prepositions that carry what a stance is about ("called for a ban", "talked about jobs",
# "accused her of lying"), not when or where it was taken ("in an interview", "on Tuesday").
CONTENT_PREPOSITIONS = frozenset({"for", "about", "of", "against", "on", "to", "as", "with", "over", "at"})
TAIL_DEPS = frozenset({"relcl", "acl", "advcl"})


# Circumstances that, with no comma before them, go on with a stance's object, and annotators
# keep them: "endorsed Kasich in the primary", "attacked Clinton for her ties to banks",
# "criticized the plan because …", "backed Cruz to stop Trump".
TRAILING_PREPOSITIONS = frozenset({"by", "in", "during", "as", "over", "for", "to", "of"})
TRAILING_MARKS = frozenset({"if", "because", "while", "unless"})


def _trailing_circumstances(verb: Token, parts: list[Token]) -> list[Token]:
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


def _is_content_part(child: Token) -> bool:
    """A dependent that holds the content, not the circumstances of the statement."""
    if child.dep_ != "prep":
        return True
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return child.lower_ in CONTENT_PREPOSITIONS and not any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _core_phrase(part: Token) -> list[Token]:
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
    if part.dep_ == "prep" and tokens and tokens[0].i == part.i or _marked_clause(part, ("for",)) and tokens and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    return tokens


def _marked_clause(child: Token, marks: tuple[str, ...]) -> bool:
    """A content the parser hangs on the verb as an adverbial clause opened by one of `marks`:
    "called for the wage to be raised" ("for"), "asked the students if they were serious"."""
    return child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in child.children)


ADDRESSEES = frozenset("reporters journalists people voters supporters audience crowd audiences crowds officials aides friends members".split())


def _addressee_content(verb: Token) -> list[Token]:
    """"urged voters to stay home", "told him to leave": the person addressed and what they are
    asked to do; "asked about the emails", "asked for calm": the topic."""
    infinitive = [c for c in verb.children if c.i > verb.i and (c.dep_ in ("xcomp", "ccomp") or _marked_clause(c, ("if", "whether")))]
    if infinitive:
        addressed = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "dative")]
        return addressed + infinitive
    topics = [c for c in verb.children if c.i > verb.i and c.dep_ == "prep" and c.lower_ in ("about", "for")]
    # "urged restraint", "told a different story": an object that is not the one addressed
    said = [c for c in verb.children if c.i > verb.i and c.dep_ == "dobj" and c.pos_ == "NOUN" and not c.ent_type_ and c.lower_ not in ADDRESSEES]
    return topics or said


def _is_passive(verb: Token) -> bool:
    """"was asked about …", or a participle opening the sentence: "Asked about …, she said"."""
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in verb.children)


def _trailing_attribution(doc: Doc, verb: Token) -> Candidate | None:
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
        cut = _comment_tail_start(doc, [t for t in content if t.i > frame_end])
        content = [t for t in content if cut is None or t.i < cut]
    start, end = _trimmed(doc, content)
    if start is None:
        return None
    rule = "indirect:parenthetical" if parenthetical else "indirect:trailing"
    attribution = Attribution(_cue_span(doc, verb), _mention(doc, subject), rule)
    return Candidate(start, end, "indirect", attribution, 0.6)


def _passive_subject_content(doc: Doc, verb: Token) -> Candidate | None:
    """"The meeting was first reported by Politico", "the plan was backed by the unions": a
    passive cue with an agent and nothing else to report is about its subject."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if _cue_kind(verb) != "speech" or subject is None or subject.pos_ == "PRON" or subject.tag_ == "WDT":
        return None
    speaker = _speaker_of(verb, doc)
    if speaker is None or not any(c.dep_ == "agent" for c in verb.children):
        return None
    start, end = _trimmed(doc, list(subject.subtree))
    if start is None:
        return None
    attribution = Attribution(_cue_span(doc, verb), speaker, "indirect:passive")
    return Candidate(start, end, "indirect", attribution, CONFIDENCE["object"])


def _relative_object_content(doc: Doc, verb: Token) -> Candidate | None:
    """"the provision which Democrats opposed": the relative word is the content, as annotators
    mark it (speakers are marked the same way, "Barkley, who said …")."""
    if verb.dep_ != "relcl" or _cue_kind(verb) != "speech" or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    relative = next((c for c in verb.children if c.dep_ == "dobj" and c.i < verb.i and c.lower_ in ("which", "who", "whom", "that")), None)
    speaker = _speaker_of(verb, doc)
    if relative is None or speaker is None:
        return None
    attribution = Attribution(_cue_span(doc, verb), speaker, "indirect:relative")
    return Candidate(relative.idx, relative.idx + len(relative.text), "indirect", attribution, CONFIDENCE["object"])


def _as_clause_content(doc: Doc, verb: Token) -> Candidate | None:
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
    start, end = _trimmed(doc, content)
    if start is None:
        return None
    attribution = Attribution(_cue_span(doc, verb), _mention(doc, subject), "indirect:as-clause")
    return Candidate(start, end, "indirect", attribution, 0.6)


CONCESSIVE_MARKS = frozenset({"though", "although", "while", "whereas"})


def _complement_tokens(complement: Token) -> list[Token]:
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
            if second_that or not any(_is_cue_token(t) for t in conj.subtree):
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
    return _comment_tail_start(complement.doc, [t for t in kept if t is not complement])


def _comment_tail_start(doc: Doc, kept: list[Token]) -> int | None:
    """The first token of a comma-set comment that closes the content, if any (see _is_frame_tail)."""
    words = [t for t in kept if not t.is_punct]
    if not words:
        return None
    last = words[-1].i
    quoted = [(s.open, s.close) for s in _outer_quotes(doc)]
    for token in sorted(kept, key=lambda t: t.i):
        if token.right_edge.i < last:
            continue
        start = cut = token.left_edge.i
        while cut > 0 and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].text in (",", "–", "—")):
            cut -= 1
        comma = any(doc[i].text in (",", "–", "—") for i in range(cut, start))
        if not comma or not _is_frame_tail(token):
            continue
        if _inside(doc[cut].idx, quoted):
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


def _outer_quotes(doc: Doc) -> list[QuotedSpan]:
    """Outermost quoted stretches of the article, scanned once per document."""
    spans = doc.user_data.get("quotetrack_outer_quotes")
    if spans is None:
        spans = doc.user_data["quotetrack_outer_quotes"] = [s for s in quoted_spans(doc_text(doc)) if s.depth == 0]
    return spans


def _according_to(doc: Doc, according: Token) -> Candidate | None:
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
    start, end = _trimmed(doc, side)
    if start is None or end - start < 3:
        return None
    cue = doc[according.i : to.i + 1]
    speaker = _mention(doc, source)
    return Candidate(start, end, "indirect", Attribution(cue, speaker, "indirect:according-to"), 0.7)


def _set_off(doc: Doc, first: int, last: int) -> bool:
    """Tokens first..last stand between commas inside their sentence."""
    sentence = doc[first].sent
    return first > sentence.start and doc[first - 1].text == "," and last + 1 < sentence.end and doc[last + 1].text == ","


# --- passive, nominal and document cues ----------------------------------------------------

# Verbs whose object may be a nominal cue the subject owns: "Trump repeated his claim that …".
NOUN_CUE_CARRIERS = frozenset(
    "make issue repeat express voice offer reiterate renew deliver send give lodge file level raise".split()
)


def _unsourced_content(doc: Doc, verb: Token) -> Candidate | None:
    """An attribution with no source named: "Trump is expected to win", "the vote is seen as a
    test", "Clinton seemed irritated". The content is the subject with the complement, around
    the cue."""
    lemma = cue_lemma(verb.lemma_)
    if lemma in IMPRESSION_VERBS:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        complement_deps = ("xcomp", "ccomp", "oprd", "acomp", "attr")
    elif lemma in PASSIVE_CUES and any(c.dep_ == "auxpass" for c in verb.children):
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        complement_deps = ("xcomp", "ccomp", "oprd")
    else:
        return None
    prepositions = ("as", "like", "for") if lemma == "know" else ("as", "like")  # "is best known for …"
    complements = [c for c in verb.children if c.i > verb.i and (c.dep_ in complement_deps or c.dep_ == "prep" and c.lower_ in prepositions)]
    if not subjects or not complements:
        return None
    if subjects[0].lower_ == "it":  # "it is expected that …"; "it is expected to rain" says nothing
        parts = [c for c in complements if c.dep_ == "ccomp"]
    else:
        parts = subjects + complements
    if not parts:
        return None
    start, end = _trimmed(doc, [t for part in parts for t in part.subtree])
    if start is None or end - start < 8:
        return None
    attribution = Attribution(_cue_span(doc, verb), None, "indirect:unsourced")
    return Candidate(start, end, "indirect", attribution, CONFIDENCE["unsourced"])


def _nominal_content(doc: Doc, noun: Token) -> Candidate | None:
    """"Trump’s claim that Mexico will pay", "his attacks on Clinton", "her point was that …":
    the noun's clause (or its copula's) or its prepositional object is the content, and its
    owner the source."""
    content = _noun_clause(noun) if noun.lower_ in NOMINAL_CUES else None
    if content is None:
        prepositions = NOMINAL_PREPOSITION_CUES.get(noun.lower_, frozenset())
        content = next((c for c in noun.children if c.i > noun.i and c.dep_ == "prep" and c.lower_ in prepositions), None)
    if content is None and noun.lower_ in NOMINAL_CUES:
        content = _copular_clause(noun)
    if content is None:
        return None
    tokens = list(content.subtree)
    if content.dep_ == "prep":
        tokens = [t for t in tokens if t.i != content.i]
    start, end = _trimmed(doc, tokens)
    if start is None or end - start < 3:
        return None
    speaker = _noun_owner(doc, noun)
    if speaker is None and content.dep_ == "prep":
        return None  # "despite attacks on the forecasts": a topic with nobody's name on it
    if speaker is None:  # "the claim that …" with nobody's name on it
        return Candidate(start, end, "indirect", Attribution(doc[noun.i : noun.i + 1], None, "indirect:unsourced"), CONFIDENCE["unsourced"])
    return Candidate(start, end, "indirect", Attribution(doc[noun.i : noun.i + 1], speaker, "indirect:nominal"), CONFIDENCE["nominal"])


def _noun_clause(noun: Token) -> Token | None:
    """The clause a noun introduces: "the claim that …", "a pledge to …", "the question whether …"."""
    return next(
        (
            c for c in noun.children
            if c.i > noun.i and c.dep_ in ("acl", "ccomp", "relcl")
            and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to", "whether") for m in c.children)
        ),
        None,
    )


def _copular_clause(noun: Token) -> Token | None:
    """What the noun is said to be: "his argument was that …", "her message is: …", "the
    strategy is to …" (not a noun phrase: "his goal is the nomination")."""
    if noun.dep_ != "nsubj" or noun.head.lemma_ != "be":
        return None
    return next(
        (c for c in noun.head.children if c.i > noun.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "attr" and c.pos_ == "VERB")),
        None,
    )


def _noun_owner(doc: Doc, noun: Token) -> Span | None:
    """Whose claim: the possessor ("Trump’s"), the agent ("by the senator"), the subject of
    the verb that carries it ("Trump repeated the claim"), or else the sentence's subject."""
    for child in noun.children:
        possessive = child.dep_ == "poss" or child.dep_ == "nsubj" and any(c.dep_ == "case" for c in child.children)
        if possessive and child.lower_ not in NOT_SPEAKERS:
            return _mention(doc, child)
        if child.dep_ == "prep" and child.lower_ == "by":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            if agent is not None:
                return _mention(doc, agent)
    if noun.dep_ == "dobj" and cue_lemma(noun.head.lemma_) in NOUN_CUE_CARRIERS:
        return _speaker_of(noun.head, doc)
    # "Sanders, in a speech full of attacks on Wall Street, …": an unowned noun is most often
    # the sentence subject's, when that subject is a person named before it
    subject = next((c for c in noun.sent.root.children if c.dep_ == "nsubj" and c.i < noun.i), None)
    if subject is not None and (subject.ent_type_ in SPEAKER_LABELS or subject.pos_ == "PRON") and subject.lower_ not in NOT_SPEAKERS:
        return _mention(doc, subject)
    return None


POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys"})


def _in_document(doc: Doc, preposition: Token) -> Candidate | None:
    """"In a CNN poll released Monday, 52 percent backed Clinton": the document is the source
    of the clause it is attached to (unless that clause has a reporting verb of its own)."""
    source = next((c for c in preposition.children if c.dep_ == "pobj" and c.lower_ in DOCUMENT_NOUNS), None)
    head = preposition.head
    if source is None or head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" or cue_lemma(head.lemma_) in COMMUNICATION_VERBS:
        return None
    # the frame opens the sentence: "In a CNN poll, …", not "she leads in the polls"
    after = preposition.right_edge.i + 1
    if preposition.i != preposition.sent.start or after >= len(doc) or doc[after].text != ",":
        return None
    # "In a statement, the senator dismissed …": the senator is the source, and the verb the cue
    polled = source.lower_ in POLL_NOUNS  # "In a CBS poll, she led Sanders": the poll speaks
    if not polled and any(c.dep_ == "nsubj" and (c.ent_type_ in SPEAKER_LABELS or c.pos_ == "PRON") for c in head.children):
        return None
    excluded = {t.i for t in preposition.subtree}
    tokens = [t for t in head.subtree if t.i not in excluded and t.sent == head.sent]
    start, end = _trimmed(doc, tokens)
    if start is None or end - start < 10:
        return None
    cue = doc[preposition.i : preposition.i + 1]
    return Candidate(start, end, "indirect", Attribution(cue, _mention(doc, source), "indirect:document"), CONFIDENCE["document"])


# --- shared helpers --------------------------------------------------------------------------


def _is_cue_token(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
        return False
    return is_speech_verb(token.lemma_, _particles(token))


def _cue_span(doc: Doc, verb: Token) -> Span:
    """The verb with its particle ("pointed out"), as written."""
    particles = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return doc[verb.i : (particles[0].i if particles else verb.i) + 1]


# Verbs whose subject "it" is a company, a report or a poll that speaks ("it said in a
# statement", "it found that"), not the dummy "it" of "it seems".
IT_SPEAKS = COMMUNICATION_VERBS | EVIDENCE_VERBS


def _speaker_of(verb: Token, doc: Doc) -> Span | None:
    """The subject of a reporting verb, climbing out of participles ("…, saying …")."""
    current = verb
    for _ in range(4):
        # "Trump was prompted to say …", "was quoted as saying …": the passive's subject speaks
        if verb.dep_ == "xcomp" and current.i == verb.head.i != verb.i:
            passive_subject = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            if passive_subject is not None and passive_subject.lower_ not in NOT_SPEAKERS:
                return _mention(doc, passive_subject)
        # two subjects are a misparse, mostly of a dateline ("LONDON (Reuters) - Trump said"):
        # the one nearest the verb is the speaker
        for child in sorted(current.children, key=lambda c: (c.dep_ != "nsubj", -c.i)):
            if child.dep_ == "nsubj":
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    # "Barkley, who said …": the pronoun is the mention (as annotators mark it);
                    # speakers.py resolves it to the antecedent
                    return _producer(doc, current.head) or doc[child.i : child.i + 1]
                if child.lower_ == "it" and cue_lemma(verb.lemma_) in IT_SPEAKS:
                    return doc[child.i : child.i + 1]
                if child.lower_ in NOT_SPEAKERS:
                    return None
                return _subject_after_quote(doc, child, verb) or _mention(doc, child)
            if child.dep_ == "agent":
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
                if agent is not None:
                    return _mention(doc, agent)
        has_own_subject = any(c.dep_ in ("nsubjpass", "expl", "csubj", "csubjpass") for c in current.children)
        if not has_own_subject and current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head  # "pressured them by threatening …", "after saying …, she left"
        elif not has_own_subject and current.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acomp") and current.head is not current:
            # "voters are more likely to say …": through the adjective to its subject
            # a passive participle ("when asked") names the addressee, not a second report
            current = current.head if current.tag_ == "VBN" else _out_of_reported_clause(current.head)
        elif current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in ("NOUN", "PROPN"):
            return _producer(doc, current.head) or _mention(doc, current.head)  # "a super PAC supporting Rubio"
        else:
            return None
    return None


def _producer(doc: Doc, noun: Token) -> Span | None:
    """'Trump' in 'Trump posted a message reading …', 'she issued a statement that …' and 'shot
    back in an editorial stating …': who made the document that speaks (PolNeAR's source)."""
    if noun.lower_ not in PRODUCED_NOUNS:
        return None
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in PRODUCING_VERBS:
        return _speaker_of(noun.head, doc)
    # "shot back in an editorial stating …": the one who wrote in it
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        return _speaker_of(noun.head.head, doc)
    return None


def _is_mark(token: Token, side: str) -> bool:
    """An opening or closing quote mark as the tagger reads it (not the apostrophe of 'Sanders’')."""
    return token.tag_ == side or token.text in ("“‘" if side == "``" else "”") and token.is_punct


def _subject_after_quote(doc: Doc, subject: Token, verb: Token) -> Span | None:
    """'“We were wrong,” Ramos, 58, told AFP': a subject the parser found inside the quote is
    not the speaker; the noun phrase between the closing mark and the verb is."""
    if subject.i > verb.i:
        return None
    sentence_start = verb.sent.start
    marks_before = [t for t in doc[sentence_start : subject.left_edge.i] if _is_mark(t, "``") or _is_mark(t, "''")]
    if not marks_before or not _is_mark(marks_before[-1], "``"):
        return None  # the subject is not inside a quote
    closing = [t.i for t in doc[subject.right_edge.i + 1 : verb.i] if _is_mark(t, "''")]
    if not closing:
        return None
    between = doc[closing[-1] + 1 : verb.i]
    if not any(not t.is_punct for t in between):
        return None
    root = between.root
    if root.pos_ not in ("PROPN", "NOUN", "PRON") or root.ent_type_ in ("DATE", "TIME"):
        return None
    return _mention(doc, root)


def _out_of_reported_clause(verb: Token) -> Token:
    """'He said his attacks have worked and said …', 'Trump argued that a database would help,
    saying …': a second report hung on the first one's content belongs to the first reporter."""
    while verb.dep_ == "ccomp" and _is_cue_token(verb.head) and verb.head is not verb:
        verb = verb.head
    return verb


def _mention(doc: Doc, head: Token) -> Span | None:
    """The noun phrase around a speaker head: compounds, possessives, appositives; no clauses."""
    skip: set[int] = set()
    # "A spokesman for the campaign, Brian Fallon, said": the phrase runs on to the name
    appositive_at = max((c.i for c in head.children if c.dep_ == "appos" and c.i > head.i), default=head.i)
    for child in head.children:
        keeps_of_phrase = child.dep_ == "prep" and child.lower_ == "of"
        before_name = child.dep_ in ("prep", "acl") and child.i < appositive_at
        if child.dep_ in ("relcl", "acl", "prep", "advcl", "ccomp") and child.i > head.i and not (keeps_of_phrase or before_name):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip and t.sent == head.sent]
    # stay contiguous around the head
    indices = sorted(t.i for t in tokens)
    lo = hi = head.i
    index_set = set(indices)
    while lo - 1 in index_set:
        lo -= 1
    while hi + 1 in index_set:
        hi += 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("cc", "det") and doc[lo].lower_ in ("and", "but")):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    span = doc[lo : hi + 1]
    if span.root.lower_ in NOT_SPEAKERS or span.root.lower_ in GENERIC_IDEAS:
        return None  # "a common belief says …" reports no one
    return span


def _trimmed(doc: Doc, tokens: list[Token]) -> tuple[int | None, int]:
    """Character offsets of a token run, trimmed of edge punctuation and spaces."""
    if not tokens:
        return None, 0
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    start = doc[first].idx
    end = doc[last].idx + len(doc[last].text)
    text = doc_text(doc)
    while start < end and text[start] in EDGE_TRIM:
        start += 1
    while end > start and text[end - 1] in EDGE_TRIM + ".":
        end -= 1
    return (start, end) if end > start else (None, 0)


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    if end <= start:
        return []
    span = doc.char_span(max(0, start), min(len(doc_text(doc)), end), alignment_mode="contract")
    return list(span) if span is not None else []


def _quoted_offsets(directs: list[Candidate]) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in directs]


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _covered_direct(candidate: Candidate, directs: list[Candidate]) -> Candidate | None:
    """The direct quote that a reported-speech complement mostly consists of."""
    for direct in directs:
        overlap = min(candidate.end, direct.end) - max(candidate.start, direct.start)
        if overlap > 0 and overlap >= 0.5 * (candidate.end - candidate.start):
            return direct
    return None


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One quote per content span: the first rule that found it wins."""
    seen: set[tuple[int, int]] = set()
    result = []
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        if key not in seen:
            seen.add(key)
            result.append(candidate)
    return result


def _to_quotes(doc: Doc, article_id: str, candidates: list[Candidate]) -> list[Quote]:
    text = doc_text(doc)
    quotes = []
    for candidate in candidates:
        start, end = candidate.start, candidate.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        attribution = candidate.attribution
        speaker = attribution.speaker if attribution else None
        cue = attribution.cue if attribution else None
        rule = attribution.rule if attribution else "direct:unattributed"
        if candidate.inherited_from is not None:
            rule = "direct:continuation"
        quotes.append(
            Quote(
                article_id=article_id,
                kind=candidate.kind,
                start=start,
                end=end,
                text=text[start:end],
                speaker=speaker.text if speaker is not None else None,
                speaker_start=speaker.start_char if speaker is not None else None,
                speaker_end=speaker.end_char if speaker is not None else None,
                cue=cue.text if cue is not None else None,
                cue_start=cue.start_char if cue is not None else None,
                cue_end=cue.end_char if cue is not None else None,
                confidence=candidate.confidence,
                rule=rule,
                extra={"fragments": candidate.fragments} if candidate.fragments else {},
            )
        )
    resolve_speaker_names(doc, quotes)
    return quotes


__all__ = ["Extractor", "find_quotes", "paragraphs"]
