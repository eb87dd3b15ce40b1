"""Speaker identity across articles: which spellings are one real person or body.

Works on plain records, so that the database layer only reads and writes. Every join says why,
in words a user can check, and a pair a user split (`blocked`) is never joined again, not even
through a third spelling. The rules are cautious on purpose — a wrong merge silently gives one
person's words to another, a missed one only shows two rows:

1. same name once case, accents, punctuation and hyphens are ignored ("Moon Jae-in" / "Moon Jae In");
2. one-letter spellings of a surname ("Nick Ayres" / "Nick Ayers"): every other part identical, and
   either a shared role, or a long two-part name whose surname has a letter replaced or swapped.
   Parts before the last never differ, so "Kim Jong Un" / "Kim John Un" / "Jim Jong Un" stay apart;
3. a lone surname ("Nauert") joins a full name only when exactly one full name carries it. The first
   part of a three-part name counts as a surname too (Korean order), so "Kim" stays ambiguous;
4. a body owned by a person ("Pence’s office", "the vice president’s office") joins the same body of
   the same person, the owner found by full name, by a surname carried by one full name, or by a role
   held by exactly one person. A bare title is not enough: "the vice president" changes over the years.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from jellyfish import damerau_levenshtein_distance

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)'s? (?P<owned>.+)$")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
ROLE_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "former", "new", "then", "acting", "deputy"})
GENERIC_ROLE_WORDS = frozenset({"official", "officials", "member", "members", "source", "sources", "aide", "aides", "spokesperson"})
BODY_WORDS = frozenset(
    "house department ministry office council post times party committee agency government court army police "
    "union bank group news press service administration association university institute commission".split()
)
LONG_SURNAME = 7  # a one-letter slip in a surname this long is rarely a different family


@dataclass(frozen=True)
class SpeakerMention:
    """One attribution as an article wrote it, already resolved within the article."""

    key: Hashable  # the caller's id for it: a quote id, a speakers row id
    name: str
    role: str | None = None
    article_id: Hashable = None
    outlet: str | None = None
    kind: str | None = None  # "person", "body" or None when unknown


@dataclass(frozen=True)
class SpeakerRecord:
    """One spelling of a speaker, with the roles written next to it in any article."""

    id: int
    name: str
    roles: tuple[str, ...] = ()
    mentions: int = 1  # how often it is used; the most used spelling names the merged speaker
    kind: str | None = None


@dataclass(frozen=True)
class Merge:
    """Speaker `merge` is the same as speaker `keep`, for the stated reason."""

    keep: int
    merge: int
    reason: str


@dataclass(frozen=True)
class SpeakerCluster:
    """One real person or body: its spellings, roles, where it was quoted, and why it was joined."""

    name: str
    spellings: tuple[str, ...]
    roles: tuple[str, ...]
    keys: tuple[Hashable, ...]
    outlets: tuple[str, ...]
    reasons: tuple[str, ...]


def name_tokens(name: str) -> list[str]:
    """Parts of a name; hyphens, dots and spaces separate them ("Jae-In" is two parts)."""
    return _TOKEN.findall(_plain(name))


def name_key(name: str) -> str:
    """The name as rule 1 compares it: casefolded parts without accents or punctuation."""
    return " ".join(t.casefold() for t in name_tokens(_DETERMINER.sub("", name.strip())))


def role_core(role: str) -> str:
    """The role without its owner or article: 'the vice president’s chief of staff' → 'chief of staff'."""
    role = _DETERMINER.sub("", _plain(role).strip(" ,"))
    owned = _POSSESSIVE.match(role)
    if owned:
        role = owned.group("owned")
    return " ".join(t.casefold() for t in _TOKEN.findall(role))


def find_merges(speakers: Iterable[SpeakerRecord], blocked: set[frozenset[str]] | None = None) -> list[Merge]:
    """Merges to make, each into the cluster's most used spelling and with the reason it joined.

    `blocked` holds casefolded name pairs a user split; no cluster ever holds both names of one."""
    records = sorted(speakers, key=lambda s: s.id)
    clusters = _Clusters(records, blocked or set())
    _join_same_names(records, clusters)
    _join_spelling_variants(records, clusters)
    _join_surnames(records, clusters)
    _join_owned_bodies(records, clusters)
    return clusters.merges()


def cluster_speakers(mentions: Iterable[SpeakerMention], blocked: set[frozenset[str]] | None = None) -> list[SpeakerCluster]:
    """Every speaker as one cluster of mentions (singletons too), ordered by name."""
    by_name: dict[str, list[SpeakerMention]] = defaultdict(list)
    for mention in mentions:
        by_name[mention.name.strip()].append(mention)
    names = sorted(by_name)
    records = [
        SpeakerRecord(
            i,
            name,
            tuple(sorted({m.role for m in by_name[name] if m.role})),
            len(by_name[name]),
            next((m.kind for m in by_name[name] if m.kind), None),
        )
        for i, name in enumerate(names)
    ]
    root_of = {r.id: r.id for r in records}
    reasons: dict[int, list[str]] = defaultdict(list)
    for merge in find_merges(records, blocked):
        root_of[merge.merge] = merge.keep
        reasons[merge.keep].append(merge.reason)
    members: dict[int, list[str]] = defaultdict(list)
    for record in records:
        members[root_of[record.id]].append(record.name)
    clusters = []
    for root, spellings in members.items():
        found = [m for name in spellings for m in by_name[name]]
        clusters.append(
            SpeakerCluster(
                name=records[root].name,
                spellings=tuple(sorted(spellings)),
                roles=tuple(sorted({m.role for m in found if m.role})),
                keys=tuple(sorted((m.key for m in found), key=repr)),
                outlets=tuple(sorted({m.outlet for m in found if m.outlet})),
                reasons=tuple(reasons[root]),
            )
        )
    return sorted(clusters, key=lambda c: (c.name.casefold(), c.name))


# --- the rules ---------------------------------------------------------------------------------


def _join_same_names(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    first: dict[str, SpeakerRecord] = {}
    for record in records:
        key = name_key(record.name)
        if key in first:
            clusters.join(first[key], record, f"‘{record.name}’ is ‘{first[key].name}’ once case, accents, punctuation and hyphens are ignored")
        else:
            first[key] = record


def _join_spelling_variants(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    """Compared only within blocks of the same other parts and a surname one deleted letter apart
    (two words one edit apart share such a form), so a million speakers are not all pairs."""
    blocks: dict[tuple[tuple[str, ...], str], list[SpeakerRecord]] = defaultdict(list)
    for record in records:
        if _is_person(record):
            *others, surname = name_key(record.name).split()
            for form in {surname} | {surname[:i] + surname[i + 1 :] for i in range(len(surname))}:
                blocks[(tuple(others), form)].append(record)
    pairs = {(a.id, b.id) for block in blocks.values() for i, a in enumerate(block) for b in block[i + 1 :]}
    for a_id, b_id in sorted(pairs):
        a, b = clusters.records[a_id], clusters.records[b_id]
        reason = _variant_reason(a, b)
        if reason:
            clusters.join(a, b, reason)


def _variant_reason(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    """Why two spellings differing in the surname are one person, or None."""
    x, y = name_tokens(a.name)[-1], name_tokens(b.name)[-1]
    fx, fy = x.casefold(), y.casefold()
    if fx == fy or min(len(fx), len(fy)) < 3 or damerau_levenshtein_distance(fx, fy) != 1:
        return None
    role = _shared_role(a, b)
    if role:
        return f"same role ‘{role}’ and the names differ by one letter ({x}/{y})"
    two_parts = len(name_tokens(a.name)) == 2
    if two_parts and len(fx) == len(fy) >= LONG_SURNAME:
        return f"same first name and the long surnames differ by one replaced or swapped letter ({x}/{y})"
    return None


def _shared_role(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    """The role both are given ('chief of staff'), judged by content words, not owner or article."""
    for role_a in sorted(role_core(r) for r in a.roles):
        for role_b in sorted(role_core(r) for r in b.roles):
            shared = _role_words(role_a) & _role_words(role_b)
            if shared - GENERIC_ROLE_WORDS:
                return role_a if role_a == role_b else " ".join(w for w in role_a.split() if w in shared)
    return None


def _role_words(core: str) -> set[str]:
    return {w for w in core.split() if w not in ROLE_STOPWORDS}


def _join_surnames(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    holders = _surname_holders(records, clusters)
    for record in records:
        tokens = name_tokens(record.name)
        if len(tokens) != 1 or not tokens[0][:1].isupper() or _is_body(record):
            continue
        full = holders.get(tokens[0].casefold(), {})
        if len(full) == 1:
            (holder,) = full.values()
            clusters.join(holder, record, f"surname ‘{record.name}’ matches exactly one full name, ‘{holder.name}’")


def _surname_holders(records: list[SpeakerRecord], clusters: _Clusters) -> dict[str, dict[int, SpeakerRecord]]:
    """Surname → {cluster: a full name carrying it}; clusters, not spellings, decide ambiguity."""
    holders: dict[str, dict[int, SpeakerRecord]] = defaultdict(dict)
    for record in records:
        if _is_person(record):
            tokens = [t.casefold() for t in name_tokens(record.name)]
            for surname in {tokens[-1], tokens[0]} if len(tokens) >= 3 else {tokens[-1]}:
                holders[surname].setdefault(clusters.find(record.id), record)
    return holders


def _join_owned_bodies(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    owners = _Owners(records, clusters)
    first: dict[tuple[int, str], tuple[SpeakerRecord, str]] = {}
    for record in records:
        owned = _POSSESSIVE.match(_DETERMINER.sub("", _plain(record.name).strip()))
        if not owned:
            continue
        owner, how = owners.find(owned.group("owner"))
        if owner is None:
            continue
        key = (clusters.find(owner.id), name_key(owned.group("owned")))
        if key in first:
            other, other_how = first[key]
            clusters.join(other, record, f"‘{record.name}’ and ‘{other.name}’ both mean {owner.name}’s {owned.group('owned')}: {how}; {other_how}")
        else:
            first[key] = (record, how)


class _Owners:
    """Finds the one person an owner's full name, surname or role points to."""

    def __init__(self, records: list[SpeakerRecord], clusters: _Clusters) -> None:
        self.holders = _surname_holders(records, clusters)
        self.by_name: dict[str, SpeakerRecord] = {}
        self.by_role: dict[str, dict[int, SpeakerRecord]] = defaultdict(dict)
        for person in (r for r in records if _is_person(r)):
            self.by_name.setdefault(name_key(person.name), person)
            for role in person.roles:
                words = role_core(role).split()
                for i in range(max(1, len(words) - 1)):  # 'us vice president' is also 'vice president', not 'president'
                    self.by_role[" ".join(words[i:])].setdefault(clusters.find(person.id), person)

    def find(self, text: str) -> tuple[SpeakerRecord | None, str]:
        key = name_key(text)
        if key in self.by_name:
            return self.by_name[key], f"‘{text}’ is a full name"
        for index, how in ((self.holders, "the surname of exactly one full name"), (self.by_role, "the role of exactly one person")):
            if len(index.get(key, {})) == 1 and (len(key.split()) == 1 or index is self.by_role):
                (holder,) = index[key].values()
                return holder, f"‘{text}’ is {how}, ‘{holder.name}’"
        return None, ""


def _plain(text: str) -> str:
    """Without accents, with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_body(record: SpeakerRecord) -> bool:
    return record.kind == "body" or any(t in BODY_WORDS for t in name_key(record.name).split())


def _is_person(record: SpeakerRecord) -> bool:
    """Two or more capitalised parts, no possessive, no word of a body's name: 'Nick Ayers'."""
    if record.kind == "person":
        return len(name_tokens(record.name)) >= 2
    tokens = name_tokens(record.name)
    possessive = _POSSESSIVE.match(_plain(record.name))
    return len(tokens) >= 2 and all(t[:1].isupper() for t in tokens) and not possessive and not _is_body(record)


class _Clusters:
    """Union-find that refuses joins a user split, remembers why, and names each cluster."""

    def __init__(self, records: list[SpeakerRecord], blocked: set[frozenset[str]]) -> None:
        self.records = {r.id: r for r in records}
        self.parent = {r.id: r.id for r in records}
        self.names = {r.id: {r.name.casefold()} for r in records}
        self.blocked = blocked
        self.edges: list[tuple[int, int, str]] = []

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: SpeakerRecord, b: SpeakerRecord, reason: str) -> None:
        ra, rb = self.find(a.id), self.find(b.id)
        if ra == rb or any(frozenset({x, y}) in self.blocked for x in self.names[ra] for y in self.names[rb]):
            return
        self.parent[max(ra, rb)] = min(ra, rb)
        self.names[min(ra, rb)] |= self.names.pop(max(ra, rb))
        self.edges.append((a.id, b.id, reason))

    def merges(self) -> list[Merge]:
        """Each cluster as merges into its most used (then longest, then first) spelling; every
        member carries the reason of the join that reached it from there."""
        members: dict[int, list[int]] = defaultdict(list)
        for record_id in self.records:
            members[self.find(record_id)].append(record_id)
        neighbours: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for a, b, reason in self.edges:
            neighbours[a].append((b, reason))
            neighbours[b].append((a, reason))
        merges = []
        for ids in members.values():
            keep = min(ids, key=lambda i: (-self.records[i].mentions, -len(self.records[i].name), i))
            seen, queue = {keep}, [keep]
            while queue:
                current = queue.pop(0)
                for other, reason in sorted(neighbours[current]):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
                        merges.append(Merge(keep, other, reason))
        return sorted(merges, key=lambda m: (m.keep, m.merge))
