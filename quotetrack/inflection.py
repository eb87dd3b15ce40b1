"""The one inflector: the forms a lemma takes as written, found by inverting a spaCy rule
lemmatizer's tables (suffix rules and exceptions), so that they are exactly the words the
pipeline could lemmatize back to the lemma. The selective parse (parsing.py) uses it for the
forms of cue verbs, the vocabulary (cues.py) for the plurals of cue nouns, which a selective
parse never lemmatizes ("told stories about")."""

from __future__ import annotations

from collections.abc import Iterable

# English suffix rules (form suffix -> lemma suffix) of spaCy's rule lemmatizer, as shipped with
# en_core_web_sm: what is used when no pipeline (or one without a rule lemmatizer) is given.
ENGLISH_RULES: dict[str, list[list[str]]] = {
    "verb": [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]],
    "noun": [["s", ""], ["ses", "s"], ["ves", "f"], ["xes", "x"], ["zes", "z"], ["ches", "ch"], ["shes", "sh"], ["men", "man"], ["ies", "y"]],
}


def lemmatizer_tables(nlp=None, pos: str = "verb") -> tuple[list[list[str]], dict[str, list[str]]]:
    """The suffix rules and exceptions for `pos` of the pipeline's lemmatizer (English defaults without one)."""
    rules = ENGLISH_RULES[pos]
    exceptions: dict[str, list[str]] = {}
    if nlp is not None and "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_rules"):
            rules = lookups.get_table("lemma_rules").get(pos, rules)
        if lookups is not None and lookups.has_table("lemma_exc"):
            exceptions = dict(lookups.get_table("lemma_exc").get(pos, {}))
    return rules, exceptions


def inflections(lemma: str, rules: list[list[str]]) -> set[str]:
    """Every form the suffix rules map back to `lemma`, the lemma included."""
    forms = {lemma}
    for form_suffix, lemma_suffix in rules:
        if lemma.endswith(lemma_suffix):
            forms.add(lemma[: len(lemma) - len(lemma_suffix)] + form_suffix)
    return forms


def word_forms(lemmas: Iterable[str], pos: str = "verb", nlp=None) -> frozenset[str]:
    """Word forms (lower case) that the pipeline's lemmatizer turns into one of `lemmas`."""
    rules, exceptions = lemmatizer_tables(nlp, pos)
    wanted = {lemma.lower() for lemma in lemmas}
    forms = {form for lemma in wanted for form in inflections(lemma, rules)}
    forms |= {form for form, found in exceptions.items() if wanted & set(found)}
    return frozenset(forms)
