"""The selective parse: the full pipeline only where a quote can be, names everywhere.

An article is cut into paragraph chunks (a line with the white space after it, so the chunks
tokenize exactly like the whole text). `ner` runs on the whole article (it has its own tok2vec,
so its entities are the full pipeline's; speaker names are resolved against all of them). The
other components run only on runs of chunks that can hold a quote of the scope asked for: a
quoted span (marks.py), a lead-in ending with a colon, a cue word of the scope's rules (see
`scope_cues`), or a person's name with a word before it (a possible title, which speaker
resolution reads from the parse). Each run is parsed with
CONTEXT_TOKENS of context on both sides, so it gets the tags and arcs of a whole-article parse,
and the annotations are copied into the article's Doc. Lemmas are set for verbs and auxiliaries
only: the only lemmas the quote rules read. Unparsed tokens have no tag, POS, arc or lemma.

The verb forms come from inverting the model's own lemmatizer (suffix rules and exception
table) over the trigger lemmas of the rules (quotes/registry.py), so the prefilter matches every token the full pipeline could
lemmatize to a reporting verb, and follows the lexicon as it grows.

Long and hostile texts. Tokenizing and `ner` see pieces of at most PIECE_CHARS characters, cut
after white space (spaCy refuses texts over `nlp.max_length`, and its memory grows with the
text), joined back into one Doc whose text is the article's; a run of more than RUN_CHARS
characters without white space is tokenized RUN_CHARS at a time (spaCy's tokenizer takes time
quadratic in such a run: 30 KB of quote marks took 150 s); a parse window holds at most
WINDOW_TOKENS tokens.

Many articles at once (batches, one failure costing one article, worker processes) are
parse_batches.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from .inflection import word_forms
from .marks import quoted_spans
from .models import DEFAULT_SCOPE
from .quotes.registry import scope_triggers  # importing quotes/ registers every rule

# A chunk ends after a run of white space that holds a line break.
CHUNK_END = re.compile(r"\n\s*")
NAME_LABELS = ("PERSON",)


def chunks(text: str) -> list[str]:
    """Paragraph chunks, each with the white space after it; they join back to `text`."""
    cuts = [0] + [m.end() for m in CHUNK_END.finditer(text) if m.end() < len(text)] + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


# Characters per piece for the tokenizer and `ner` (under spaCy's max_length, 1,000,000).
PIECE_CHARS = 50_000
# Characters of a run without white space tokenized at once.
RUN_CHARS = 64
LONG_RUN = re.compile(rf"\S{{{RUN_CHARS + 1},}}")
SPACE_RUN = re.compile(r"\s+")


def run_cuts(text: str) -> list[int]:
    """Cuts every RUN_CHARS characters inside runs without white space (from each run's start)."""
    return [cut for m in LONG_RUN.finditer(text) for cut in range(m.start() + RUN_CHARS, m.end(), RUN_CHARS)]


def size_cuts(text: str, limit: int | None = None) -> list[int]:
    """Cuts that leave no piece over `limit` (default PIECE_CHARS) characters, each at the end
    of a run of white space (or at a run cut), as late as possible: the pieces tokenize on their
    own as in the text."""
    limit = limit or PIECE_CHARS
    if len(text) <= limit:
        return []
    candidates = sorted({m.end() for m in SPACE_RUN.finditer(text) if 0 < m.end() < len(text)} | set(run_cuts(text)))
    cuts, start, i = [], 0, 0
    while len(text) - start > limit:
        best = None
        while i < len(candidates) and candidates[i] <= start + limit:
            if candidates[i] > start:
                best = candidates[i]
            i += 1
        if best is None:  # cannot happen: long runs are cut every RUN_CHARS characters
            best = start + limit
        cuts.append(best)
        start = best
    return cuts


def split_at(text: str, cuts: list[int]) -> list[str]:
    """The pieces of `text` between the cuts (the empty text is one empty piece)."""
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a] or [text]


def make_doc(nlp: Language, text: str) -> Doc:
    """The tokenized text, with runs without white space tokenized in pieces (see the
    module's docstring) and no max_length; `doc.text == text` always."""
    cuts = run_cuts(text)
    if not cuts:
        return nlp.tokenizer(text)
    return Doc.from_docs([nlp.tokenizer(piece) for piece in split_at(text, cuts)], ensure_whitespace=False)


# --- which chunks need the parse -----------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def cue_forms(lemmas: Iterable[str], nlp: Language | None = None) -> set[str]:
    """Word forms that the pipeline's lemmatizer turns into one of `lemmas`."""
    return set(word_forms(lemmas, "verb", nlp))


def scope_cues(scope: str) -> tuple[set[str], set[str], list[tuple[str, frozenset[str]]]]:
    """What the rules of a scope read the parse for, from the rule registry (quotes/registry.py):
    verb lemmas, words as written, and (verb lemma, words) pairs that count only together
    ("pointed out", "took issue with"). "statements" needs only the triggers of its own rules:
    a belief, evidence or passive verb, a nominal or document cue yields only attributions, and
    where it meets a direct quote the quote mark has the chunk parsed anyway."""
    triggers = scope_triggers(scope)
    return set(triggers.verbs), set(triggers.words), list(triggers.pairs)


# A paragraph that ends with a colon may be the lead-in of a quote in the next one, whose
# frame verb (any verb) the quote rules read ("The senator turned to the crowd:").
LEAD_IN_END = re.compile(r":\s*$")
WORD_RUN = re.compile(r"\w+")


class _Words:
    """Words to find whole, in any case: a set lookup for words of letters and digits (a long
    regex alternation costs more than the parse it saves), a regex for the rest ("op-ed")."""

    def __init__(self, words: Iterable[str]):
        words = {word.lower() for word in words}
        self.plain = frozenset(word for word in words if WORD_RUN.fullmatch(word))
        others = words - self.plain
        self.others = re.compile(rf"\b(?:{_alternation(others)})\b", re.IGNORECASE) if others else None

    def in_chunk(self, chunk: str, chunk_words: set[str]) -> bool:
        """`chunk_words`: the chunk's WORD_RUN matches, lower-cased."""
        return not self.plain.isdisjoint(chunk_words) or (self.others is not None and self.others.search(chunk) is not None)


class Prefilter:
    """Does a chunk of text hold anything the quote rules of a scope read the parse for?"""

    def __init__(self, nlp: Language | None = None, scope: str = DEFAULT_SCOPE):
        verbs, words, pairs = scope_cues(scope)
        self.cues = _Words(cue_forms(verbs, nlp) | words)
        # Phrasal, prepositional and idiom cues ("pointed out", "vouched for", "took issue with")
        # count only with their particle, preposition or object word in the chunk.
        self.phrasal = [(_Words(cue_forms([lemma], nlp)), _Words(particles)) for lemma, particles in pairs]

    def needs_parse(self, chunk: str) -> bool:
        """A quote mark that opens a quoted span, a lead-in colon, or a cue word of the scope."""
        chunk_words = {word.lower() for word in WORD_RUN.findall(chunk)}
        if self.cues.in_chunk(chunk, chunk_words) or LEAD_IN_END.search(chunk):
            return True
        if any(verb.in_chunk(chunk, chunk_words) and particle.in_chunk(chunk, chunk_words) for verb, particle in self.phrasal):
            return True
        return bool(quoted_spans(chunk))


@lru_cache(maxsize=8)
def _prefilter_for(nlp: Language, scope: str) -> Prefilter:
    return Prefilter(nlp, scope)


# --- parsing ---------------------------------------------------------------------------------

# Tokens of context parsed on each side of a run of chunks (then dropped): tok2vec sees 4
# tokens each side and the parser looks ahead in its buffer, so with this margin every
# token of the run gets the same tags, lemmas and arcs as in a parse of the whole article.
CONTEXT_TOKENS = 8
PARSE_ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD"]
LEMMATIZED_POS = [POS_IDS["VERB"], POS_IDS["AUX"]]


# Tokens run through the components at once: memory grows with them.
GROUP_TOKENS = 50_000


def _run(components: list, docs: list[Doc], batch_size: int) -> list[Doc]:
    """The components over the docs, in groups of at most GROUP_TOKENS tokens (or one doc)."""
    groups: list[list[Doc]] = [[]]
    tokens = 0
    for doc in docs:
        if groups[-1] and tokens + len(doc) > GROUP_TOKENS:
            groups.append([])
            tokens = 0
        groups[-1].append(doc)
        tokens += len(doc)
    done: list[Doc] = []
    for group in groups:
        for _, pipe in components:
            group = list(pipe.pipe(group, batch_size=batch_size)) if hasattr(pipe, "pipe") else [pipe(d) for d in group]
        done += group
    return done


def _runs(text: str, doc: Doc, prefilter: Prefilter) -> list[tuple[int, int]]:
    """Token ranges of consecutive chunks that need the parse."""
    starts = _token_starts(doc)
    names = _titled_names(doc)
    runs: list[tuple[int, int]] = []
    position = 0
    for chunk in chunks(text):
        begin, end = position, position + len(chunk)
        position = end
        first = starts.get(begin)
        last = starts.get(end, len(doc))
        if first is None:  # cannot happen: chunks tokenize like the whole text
            raise AssertionError(f"chunk at {begin} does not start a token")
        titled = any(first < start and stop <= last for start, stop in names)
        if titled or prefilter.needs_parse(chunk):
            if runs and runs[-1][1] == first:
                runs[-1] = (runs[-1][0], last)
            else:
                runs.append((first, last))
    return [(a, b) for a, b in runs if b > a]


def _token_starts(doc: Doc) -> dict[int, int]:
    """Character offset -> index of the token starting there."""
    return {token.idx: token.i for token in doc}


def _widen(doc: Doc, lo: int, hi: int, cuts: frozenset[int] = frozenset()) -> tuple[int, int]:
    """A token range grown to white space (or a run cut, see make_doc) on both sides, so that
    it tokenizes on its own exactly as inside the whole text."""
    lo, hi = max(0, lo), min(len(doc), hi)

    def joined(i: int) -> bool:  # tokens i-1 and i are one piece of text for the tokenizer
        return not doc[i - 1].whitespace_ and not doc[i - 1].is_space and not doc[i].is_space and doc[i].idx not in cuts

    while lo > 0 and joined(lo):
        lo -= 1
    while hi < len(doc) and joined(hi):
        hi += 1
    return lo, hi


# Words that never modify a name, so never start a title before it: articles, pronouns,
# prepositions, conjunctions, auxiliaries ("and Sanders", "for Clinton", "that Trump").
NOT_TITLE_WORDS = frozenset(
    """
    a an the and or but nor so yet for of to in on at by with from into onto upon over under
    about against between among after before behind during since until while when where why how
    what who whom whose which that than as if because though although whether like versus via
    per is was are were be been being am has had have do does did not no this these those his
    her their its our my your we they he she it i you him them us me
    """.split()
)


def _titled_names(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of persons' names with a word written before them that may be a title
    ("Vice President Mike Pence"): speaker resolution reads titles from the parse (`compound`
    dependencies), so a chunk with one needs the parse."""
    names = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and ent.start > 0:
            before = doc[ent.start - 1]
            if before.is_alpha and not before.ent_type_ and before.lower_ not in NOT_TITLE_WORDS:
                names.append((ent.start, ent.end))
    return names


# Tokens of a parse window at most: a longer run of chunks is parsed in parts cut at sentence
# ends, so one huge paragraph never makes one huge parse.
WINDOW_TOKENS = 5_000
SENTENCE_END = frozenset(".!?")


def _bounded(doc: Doc, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs, those over WINDOW_TOKENS tokens cut after a sentence end (else after white space)."""
    limit = WINDOW_TOKENS
    bounded = []
    for first, last in runs:
        while last - first > limit:
            cut = next(
                (i for i in range(first + limit, first + limit // 2, -1) if doc[i - 1].text in SENTENCE_END and doc[i - 1].whitespace_),
                None,
            ) or next((i for i in range(first + limit, first, -1) if doc[i - 1].whitespace_ or doc[i - 1].is_space), first + limit)
            bounded.append((first, cut))
            first = cut
        bounded.append((first, last))
    return bounded


def _windows(doc: Doc, runs: list[tuple[int, int]], cuts: frozenset[int] = frozenset()) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, runs) of the token windows to parse: each run with CONTEXT_TOKENS on both
    sides, and runs whose windows overlap in one window (up to WINDOW_TOKENS), so no token is
    parsed twice."""
    windows: list[tuple[int, int, list[tuple[int, int]]]] = []
    for first, last in _bounded(doc, runs):
        lo, hi = _widen(doc, first - CONTEXT_TOKENS, last + CONTEXT_TOKENS, cuts)
        if windows and lo <= windows[-1][1] and hi - windows[-1][0] <= WINDOW_TOKENS + 2 * CONTEXT_TOKENS:
            windows[-1] = (windows[-1][0], hi, windows[-1][2] + [(first, last)])
        else:
            windows.append((lo, hi, [(first, last)]))
    return windows


def _lemmatize_verbs(lemmatizer, doc: Doc) -> None:
    """What the lemmatizer does, for verbs and auxiliaries only: the only lemmas the quote
    rules read (a reporting verb's), at a tenth of the cost. Tokens the attribute ruler gave
    a lemma keep it, as with the lemmatizer."""
    values = doc.to_array(["POS", "LEMMA"])
    for i in numpy.flatnonzero(numpy.isin(values[:, 0], LEMMATIZED_POS) & (values[:, 1] == 0)):
        token = doc[int(i)]
        token.lemma_ = lemmatizer.lemmatize(token)[0]


def parse_batch(nlp: Language, texts: list[str], batch_size: int = 256, scope: str = DEFAULT_SCOPE) -> list[Doc]:
    """Selectively parsed Docs for a list of article texts, in order, for the quote rules of `scope`.

    `ner` runs on every whole article (it has its own tok2vec, so its entities are exactly those
    of the full pipeline); the other components run on windows around the runs of chunks that
    the scope's rules need, and their annotations are copied into the article's Doc."""
    prefilter = _prefilter_for(nlp, scope)
    everywhere = [(name, pipe) for name, pipe in nlp.pipeline if name == "ner"]
    selected = [(name, pipe) for name, pipe in nlp.pipeline if name not in ("ner", "lemmatizer")]
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    docs = _tagged_everywhere(nlp, everywhere, texts, batch_size)
    windows = [(d, window) for d, (text, doc) in enumerate(zip(texts, docs)) for window in _windows(doc, _runs(text, doc, prefilter), frozenset(run_cuts(text)))]
    window_texts = [
        texts[d][docs[d][lo].idx : docs[d][hi - 1].idx + len(docs[d][hi - 1].text_with_ws)] for d, (lo, hi, _) in windows
    ]
    parsed = _run(selected, [make_doc(nlp, t) for t in window_texts], batch_size)
    if lemmatizer is not None:
        for window in parsed:
            _lemmatize_verbs(lemmatizer, window)
    arrays = {d: docs[d].to_array(PARSE_ATTRS) for d in {d for d, _ in windows}}
    owners = {d: numpy.full(len(docs[d]), -1, dtype=numpy.int64) for d in arrays}
    for w, ((d, (lo, hi, runs)), window) in enumerate(zip(windows, parsed)):
        if len(window) != hi - lo:
            raise AssertionError("a parse window must tokenize like the article")
        values = window.to_array(PARSE_ATTRS)
        for first, last in runs:
            arrays[d][first:last] = values[first - lo : last - lo]
            owners[d][first:last] = w
    for d, array in arrays.items():
        _keep_heads_in_their_window(array, owners[d])
        docs[d].from_array(PARSE_ATTRS, array)
    for text, doc in zip(texts, docs):
        start_sentences_at_chunks(text, doc)
    return docs


def _keep_heads_in_their_window(array: numpy.ndarray, owners: numpy.ndarray) -> None:
    """A token whose head, in its window's parse, is a token another window parsed becomes a
    root: the two parses were made apart and joined they could form a loop (an invalid tree)."""
    column = PARSE_ATTRS.index("HEAD")
    offsets = array[:, column].view(numpy.int64)
    heads = numpy.arange(len(offsets)) + offsets
    crossing = (owners >= 0) & (owners[heads] >= 0) & (owners[heads] != owners)
    array[crossing, column] = 0


def _tagged_everywhere(nlp: Language, components: list, texts: list[str], batch_size: int) -> list[Doc]:
    """Each text's Doc with `components` (ner) run over it, piece by piece for long texts."""
    pieces = [split_at(text, size_cuts(text)) for text in texts]
    tagged = iter(_run(components, [make_doc(nlp, piece) for parts in pieces for piece in parts], batch_size))
    docs = []
    for parts in pieces:
        own = [next(tagged) for _ in parts]
        docs.append(own[0] if len(own) == 1 else Doc.from_docs(own, ensure_whitespace=False))
    return docs


def start_sentences_at_chunks(text: str, doc: Doc) -> None:
    """Every chunk starts a sentence, parsed or not (in the full pipeline, the paragraph
    component makes it so): otherwise a sentence before an unparsed chunk would run on into it."""
    if not len(doc):
        return
    starts = doc.to_array(["SENT_START"])
    position = 0
    index = _token_starts(doc)
    for chunk in chunks(text):
        first = index.get(position)
        if first is not None:
            starts[first] = 1
        position += len(chunk)
    doc.from_array(["SENT_START"], starts)
