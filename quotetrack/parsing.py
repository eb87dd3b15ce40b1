"""The selective parse: the full pipeline only where a quote can be, names everywhere.

An article is cut into paragraph chunks (a line with the white space after it, so the chunks
tokenize exactly like the whole text). Every chunk gets the tokenizer and `ner` (speaker names
are resolved against every name in the article). Only chunks that can hold a quote also get
tok2vec, tagger, parser, attribute_ruler and lemmatizer: a chunk with a quoted span (marks.py),
a word form of a reporting verb or "according" (cues.py), or a name with a word written
before it (a title such as "Vice President", which speaker resolution reads from the parse).
The chunk docs are joined back into one Doc whose text is the article's text, character for
character, so quote offsets are unchanged.

The word forms come from inverting the model's own lemmatizer (its suffix rules and exception
table) over the lemmas in cues.py, so the prefilter matches every token that the full pipeline
could lemmatize to a reporting verb, and follows the lexicon as it grows.

`parse_articles(..., processes=N)` spreads batches of articles over N worker processes and
yields the results in input order; the output does not depend on N.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from . import cues
from .marks import quoted_spans
from .models import Article

# A chunk ends after a run of white space that holds a line break.
CHUNK_END = re.compile(r"\n\s*")
NAME_LABELS = ("PERSON",)
DEFAULT_BATCH_SIZE = 32


def chunks(text: str) -> list[str]:
    """Paragraph chunks, each with the white space after it; they join back to `text`."""
    cuts = [0] + [m.end() for m in CHUNK_END.finditer(text) if m.end() < len(text)] + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def default_processes() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- which chunks need the parse -----------------------------------------------------------


def _inflections(lemma: str, rules: list[list[str]]) -> set[str]:
    """Every form the rule lemmatizer maps back to `lemma` (form suffix -> lemma suffix)."""
    forms = {lemma}
    for form_suffix, lemma_suffix in rules:
        if lemma.endswith(lemma_suffix):
            forms.add(lemma[: len(lemma) - len(lemma_suffix)] + form_suffix)
    return forms


def _lemmatizer_tables(nlp: Language | None) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The verb suffix rules and exceptions of the pipeline's lemmatizer (English defaults without one)."""
    rules: list[list[str]] = [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]]
    exceptions: dict[str, list[str]] = {}
    if nlp is not None and "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_rules"):
            rules = lookups.get_table("lemma_rules").get("verb", rules)
        if lookups is not None and lookups.has_table("lemma_exc"):
            exceptions = dict(lookups.get_table("lemma_exc").get("verb", {}))
    return rules, exceptions


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def cue_forms(lemmas: Iterable[str], nlp: Language | None = None) -> set[str]:
    """Word forms that the pipeline's lemmatizer turns into one of `lemmas`."""
    rules, exceptions = _lemmatizer_tables(nlp)
    wanted = {lemma.lower() for lemma in lemmas}
    forms = {form for lemma in wanted for form in _inflections(lemma, rules)}
    forms |= {form for form, found in exceptions.items() if wanted & set(found)}
    return forms


class Prefilter:
    """Does a chunk of text hold anything the quote rules read the parse for?"""

    def __init__(self, nlp: Language | None = None):
        verbs = cue_forms(cues.SPEECH_VERBS, nlp) | set(cues.SOURCE_PREPOSITIONS)
        self.cue = re.compile(rf"\b(?:{_alternation(verbs)})\b", re.IGNORECASE)
        # Phrasal cues ("pointed out") count only with one of their particles in the chunk.
        self.phrasal = [
            (
                re.compile(rf"\b(?:{_alternation(cue_forms([lemma], nlp))})\b", re.IGNORECASE),
                re.compile(rf"\b(?:{_alternation(particles)})\b", re.IGNORECASE),
            )
            for lemma, particles in cues.PHRASAL_CUES.items()
        ]

    def needs_parse(self, chunk: str) -> bool:
        """A quote mark that opens a quoted span, or a reporting verb in any of its forms."""
        if self.cue.search(chunk):
            return True
        if any(verb.search(chunk) and particle.search(chunk) for verb, particle in self.phrasal):
            return True
        return bool(quoted_spans(chunk))


@lru_cache(maxsize=8)
def _prefilter_for(nlp: Language) -> Prefilter:
    return Prefilter(nlp)


def _has_title_candidate(doc: Doc) -> bool:
    """A person's name with a word written before it, which may be a title ("Vice President
    Mike Pence"): speaker resolution reads titles from the parse (`compound` dependencies)."""
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and ent.start > 0:
            before = doc[ent.start - 1]
            if before.is_alpha and not before.ent_type_:
                return True
    return False


# --- parsing ---------------------------------------------------------------------------------


def _components(nlp: Language) -> tuple[list, list]:
    """(ner-like components run on every chunk, the others run on chunks that need the parse)."""
    everywhere = [(name, pipe) for name, pipe in nlp.pipeline if name == "ner"]
    selected = [(name, pipe) for name, pipe in nlp.pipeline if name != "ner"]
    return everywhere, selected


def _run(components: list, docs: list[Doc], batch_size: int) -> list[Doc]:
    for _, pipe in components:
        if hasattr(pipe, "pipe"):
            docs = list(pipe.pipe(docs, batch_size=batch_size))
        else:
            docs = [pipe(doc) for doc in docs]
    return docs


def parse_batch(nlp: Language, texts: list[str], batch_size: int = 256) -> list[Doc]:
    """Selectively parsed Docs for a list of article texts, in order."""
    prefilter = _prefilter_for(nlp)
    everywhere, selected = _components(nlp)
    pieces = [chunks(text) for text in texts]
    flat = [chunk for article in pieces for chunk in article]
    docs = _run(everywhere, [nlp.make_doc(chunk) for chunk in flat], batch_size)
    wanted = [i for i, (chunk, doc) in enumerate(zip(flat, docs)) if prefilter.needs_parse(chunk) or _has_title_candidate(doc)]
    for i, doc in zip(wanted, _run(selected, [docs[i] for i in wanted], batch_size)):
        docs[i] = doc
    result = []
    position = 0
    for text, article in zip(texts, pieces):
        parts = docs[position : position + len(article)]
        position += len(article)
        result.append(_join(nlp, parts, text))
    return result


def _join(nlp: Language, parts: list[Doc], text: str) -> Doc:
    if not parts:
        return nlp.make_doc(text)
    if len(parts) == 1:
        return parts[0]
    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
    assert doc.text == text, "chunks must join back to the article text"
    return doc


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def parse_articles(
    nlp: Language, articles: Iterable[Article], batch_size: int = DEFAULT_BATCH_SIZE, processes: int = 1
) -> Iterator[tuple[Article, Doc]]:
    """(article, Doc) pairs in input order, parsed selectively in batches of articles, in
    `processes` worker processes when more than one (0 or None: every core)."""
    processes = processes or default_processes()
    if processes <= 1:
        for batch in _batches(articles, batch_size):
            yield from zip(batch, parse_batch(nlp, [a.text for a in batch]))
        return
    yield from _parse_in_pool(nlp, articles, batch_size, processes)


# --- worker processes ------------------------------------------------------------------------

_worker_nlp: Language | None = None


def _init_worker(nlp: Language | None) -> None:
    global _worker_nlp
    if nlp is not None:  # spawn: the pipeline came pickled; fork: it is inherited
        _worker_nlp = nlp
    try:  # one BLAS thread per process: the processes are the parallelism
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass


def _parse_in_worker(texts: list[str]) -> list[bytes]:
    assert _worker_nlp is not None
    return [doc.to_bytes(exclude=["tensor", "user_data"]) for doc in parse_batch(_worker_nlp, texts)]


def _parse_in_pool(nlp: Language, articles: Iterable[Article], batch_size: int, processes: int) -> Iterator[tuple[Article, Doc]]:
    """Batches go to a pool with at most 2 batches per process in flight (memory stays flat);
    results are taken back in submission order."""
    global _worker_nlp
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    forked = context.get_start_method() == "fork"
    if forked:
        _worker_nlp = nlp
    pool = context.Pool(processes, initializer=_init_worker, initargs=(None if forked else nlp,))
    try:
        pending: deque = deque()
        batches = _batches(articles, batch_size)
        for batch in batches:
            pending.append((batch, pool.apply_async(_parse_in_worker, ([a.text for a in batch],))))
            while len(pending) >= 2 * processes:
                yield from _collect(nlp, *pending.popleft())
        while pending:
            yield from _collect(nlp, *pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _collect(nlp: Language, batch: list[Article], result) -> Iterator[tuple[Article, Doc]]:
    for article, data in zip(batch, result.get()):
        yield article, Doc(nlp.vocab).from_bytes(data)
