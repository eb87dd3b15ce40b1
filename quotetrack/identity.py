"""Speaker identity across articles: which speaker rows are the same real person or body.

Each rule that joins two speakers says why, in words a user can check; merges are recorded and can
be undone (storage keeps the record, crossref applies it). The rules are deliberately cautious:
a surname joins a full name only when exactly one full name carries it, and spellings that differ
by one letter join only with a second piece of evidence (a shared role, or a long multi-part name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from jellyfish import damerau_levenshtein_distance

ROLE_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "to", "in", "s", "’s", "'s", "former", "new", "then"})
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


@dataclass(frozen=True)
class SpeakerRecord:
    """A stored speaker with the roles written next to its name in any article."""

    id: int
    name: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merge:
    """Speaker `merge` is the same as speaker `keep`, for the stated reason."""

    keep: int
    merge: int
    reason: str


def name_tokens(name: str) -> list[str]:
    return _TOKEN.findall(name.replace("’", "'"))


def is_person_like(name: str) -> bool:
    """Two or more capitalised words and no possessive: 'Nick Ayers', not 'Pence’s office'."""
    tokens = name_tokens(name)
    return len(tokens) >= 2 and all(t[:1].isupper() for t in tokens) and "'" not in name.replace("’", "'")


def role_words(role: str) -> set[str]:
    """Content words of a role: 'Pence’s chief of staff' → {chief, staff}."""
    words = {w.casefold() for w in name_tokens(role)}
    possessors = {w.casefold().split("'")[0] for w in name_tokens(role) if "'" in w}
    return {w for w in words if w not in ROLE_STOPWORDS and "'" not in w and w not in possessors}


def find_merges(speakers: Iterable[SpeakerRecord], blocked: set[frozenset[str]] | None = None) -> list[Merge]:
    """Merges to make, each with its reason; pairs of names in `blocked` (split by a user) are kept apart."""
    blocked = blocked or set()
    people = sorted(speakers, key=lambda s: s.id)
    by_last: dict[str, list[SpeakerRecord]] = defaultdict(list)
    for speaker in people:
        tokens = name_tokens(speaker.name)
        if is_person_like(speaker.name):
            by_last[tokens[-1].casefold()].append(speaker)
    merges: list[Merge] = []
    merged: set[int] = set()

    def add(keep: SpeakerRecord, other: SpeakerRecord, reason: str) -> None:
        if other.id in merged or keep.id in merged or keep.id == other.id:
            return
        if frozenset({keep.name.casefold(), other.name.casefold()}) in blocked:
            return
        merges.append(Merge(keep.id, other.id, reason))
        merged.add(other.id)

    # spelling variants first, so that a surname then finds a single full name
    for a, b in _variant_pairs(people):
        reason = _variant_reason(a, b)
        if reason:
            add(a, b, reason)
    for speaker in people:
        tokens = name_tokens(speaker.name)
        if len(tokens) != 1 or not tokens[0][:1].isupper() or speaker.id in merged:
            continue
        full = [p for p in by_last.get(tokens[0].casefold(), []) if p.id not in merged]
        if len(full) == 1:
            add(full[0], speaker, f"‘{speaker.name}’ is the surname of exactly one full name, ‘{full[0].name}’")
    for speaker in people:
        possessor, _, rest = speaker.name.replace("'", "’").partition("’s ")
        if not rest or speaker.id in merged or len(name_tokens(possessor)) != 1:
            continue
        full = [p for p in by_last.get(possessor.casefold(), []) if p.id not in merged]
        if len(full) == 1:
            target_name = f"{full[0].name}’s {rest}"
            target = next((p for p in people if p.name.replace("'", "’").casefold() == target_name.casefold()), None)
            if target is not None:
                add(target, speaker, f"‘{possessor}’ is the surname of exactly one full name, ‘{full[0].name}’")
    return merges


def _variant_pairs(people: list[SpeakerRecord]) -> Iterable[tuple[SpeakerRecord, SpeakerRecord]]:
    """Person-like names with the same number of parts and the same first part (blocking)."""
    blocks: dict[tuple[int, str], list[SpeakerRecord]] = defaultdict(list)
    for speaker in people:
        if is_person_like(speaker.name):
            tokens = name_tokens(speaker.name)
            blocks[(len(tokens), tokens[0].casefold())].append(speaker)
    for key in sorted(blocks):
        block = blocks[key]
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                yield a, b


def _variant_reason(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    """Why two spellings are one speaker, or None: one part differs by one letter (or a swap),
    and a shared role (or a three-part name) supports it."""
    ta, tb = name_tokens(a.name), name_tokens(b.name)
    differing = [(x, y) for x, y in zip(ta, tb) if x.casefold() != y.casefold()]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    if min(len(x), len(y)) < 3 or damerau_levenshtein_distance(x.casefold(), y.casefold()) != 1:
        return None
    shared_roles = set().union(*(role_words(r) for r in a.roles)) & set().union(*(role_words(r) for r in b.roles)) if a.roles and b.roles else set()
    if shared_roles:
        return f"‘{a.name}’ and ‘{b.name}’ differ by one letter ({x}/{y}) and share the role words {', '.join(sorted(shared_roles))}"
    if len(ta) >= 3 and x != ta[0]:
        return f"‘{a.name}’ and ‘{b.name}’ are three-part names differing by one letter ({x}/{y})"
    return None
