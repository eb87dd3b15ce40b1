"""Names as quotetrack compares them: one normaliser for every key, and the parts of a person's name.

Every place that asks "are these two spellings the same name?" uses `name_key`: the speakers
table's unique key, identity merging, and the article-level resolution. Name parts come from
`nameparser` (titles, first, middle, last, suffix) and first-name nicknames from the `nicknames`
package's hand-curated table (Bill/William, Joe/Joseph), so neither is our own list.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from nameparser import HumanName
from nameparser.config import CONSTANTS
from nicknames import NickNamer


_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?(?!\w)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Titles that are also common first names: "Dean Baquet" keeps his first name.
TITLES_THAT_ARE_NAMES = frozenset({"dean", "king", "major", "prince", "judge", "bishop", "sister", "brother", "queen", "baron"})
# Words before a title that belong to it: "Former Rep. Jane Harman".
TITLE_PREFIXES = frozenset({"former", "then", "ex", "late", "outgoing", "incoming", "acting", "interim", "u.s.", "us", "state"})
SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "a"})


def data_json(name: str) -> dict:
    """A JSON word file of quotetrack/data (speaker words, name words, substantive words)."""
    return json.loads(files("quotetrack").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """The word lists of data/speaker_words.json, each as a set."""
    return {key: frozenset(words) for key, words in data_json("speaker_words.json").items() if isinstance(words, list)}


def plain(text: str) -> str:
    """Without accents, with one kind of apostrophe: 'José Núñez’s' → "Jose Nunez's"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The one normalised form of a name: casefolded words without accents, punctuation, hyphens,
    possessives or a leading article ("The Pentagon’s" → "pentagon", "Moon Jae-in" → "moon jae in")."""
    text = _POSSESSIVE.sub("", plain(name).strip())
    text = _LEADING_ARTICLE.sub("", text)
    return " ".join(w.casefold() for w in _WORD.findall(text))


def name_words(name: str) -> list[str]:
    """The words of a name as written, without punctuation ("Jae-in" is two words)."""
    return _WORD.findall(plain(name))


def is_title(word: str) -> bool:
    """'Sen.', 'Gov', 'President', 'Mrs.': a title or honorific written before a name."""
    bare = word.lower().strip(".,")
    return (bare in CONSTANTS.titles or bare in TITLE_PREFIXES or bare in _more_titles()) and bare not in TITLES_THAT_ARE_NAMES


@lru_cache(maxsize=1)
def _more_titles() -> frozenset[str]:
    """Titles nameparser's list lacks, from data/name_words.json."""
    return frozenset(data_json("name_words.json")["titles"])


def without_title(name: str) -> str:
    """'Gov Fallin' → 'Fallin', 'Former Rep. Jane Harman' → 'Jane Harman'; a lone title stays."""
    words = name.split()
    while len(words) > 1 and is_title(words[0]):
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts, casefolded and plain: what identity compares."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str


@lru_cache(maxsize=8192)
def person_name(name: str) -> PersonName:
    """The parts of a person's name (titles dropped): 'Joseph R. Biden Jr.' → joseph, (r,), biden, jr.
    Cached: speaker resolution asks for the same few names many times per article, and
    nameparser's parse is the slow part."""
    parsed = HumanName(plain(without_title(name)))
    first = name_key(parsed.first)
    middle = tuple(w for w in name_key(parsed.middle).split())
    last = name_key(parsed.last)
    suffix = name_key(parsed.suffix)
    if not last and first:  # "Pence": nameparser calls a lone word a first name
        first, last = "", first
    return PersonName(first, middle, last, suffix)


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def same_first_name(a: str, b: str) -> bool:
    """'joe' and 'joseph', 'bill' and 'william': one is a nickname of the other (or they are equal)."""
    if a == b:
        return True
    if not a or not b:
        return False
    namer = _nicknamer()
    # both directions recorded: "joe" is a nickname of "joseph" and "joseph" a full form of "joe"
    # (the table also lists looser links, such as "fred" among the nicknames of "will")
    return any(
        len(short) < len(full) and short in namer.nicknames_of(full) and full in namer.canonicals_of(short)
        for short, full in ((a, b), (b, a))
    )


def is_first_name(word: str) -> bool:
    """A given name the nickname table knows ('Carly', 'Reince' no, 'Joseph' yes)."""
    lower = word.casefold()
    namer = _nicknamer()
    return bool(namer.nicknames_of(lower) or namer.canonicals_of(lower))


def abbreviates(short: str, name: str) -> bool:
    """'DOJ' abbreviates 'Department of Justice', 'FEC' 'Federal Election Commission', 'PBO'
    'Parliamentary Budget Officer' (initials with or without the small words)."""
    letters = re.sub(r"[^a-z]", "", short.casefold())
    if len(letters) < 2 or len(name.split()) < 2:
        return False
    words = name_key(name).split()
    for start in range(len(words) - 1):  # "U.S. Department of Justice" is the DOJ too
        tail = words[start:]
        content = [w for w in tail if w not in SMALL_WORDS]
        if letters in {"".join(w[0] for w in tail), "".join(w[0] for w in content)}:
            return True
    return False


def is_acronym(text: str) -> bool:
    """'DOJ', 'PBO', 'U.N.': two to six capitals, perhaps with dots."""
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
