"""Speaker identity across articles: which spellings are one real person or body.

Works on plain records, so that the database layer only reads and writes. Every join says why,
in words a user can check, and a pair a user split (`blocked`) is never joined again, not even
through a third spelling. The rules are cautious on purpose — a wrong merge silently gives one
person's words to another, a missed one only shows two rows:

1. the same name once case, accents, punctuation, hyphens and possessives are ignored (`names.name_key`);
2. one person's name written fuller or shorter: same surname, same first name or one a nickname of
   the other (Joe/Joseph, Bill/William, from the `nicknames` table) backed by a second piece of
   evidence, a shared role or the formal name printed in full with a middle name or initial (the
   table also links given names of their own, Gary/Garrett), middle names or initials and
   suffixes that do not disagree ("Donald J. Trump", "Joseph R. Biden Jr.", "Hillary Rodham
   Clinton"). A shorter name joins only when all its fuller forms agree with each other
   ("George Bush" stays apart from "George W. Bush" and "George H. W. Bush");
3. one-letter spellings of a surname ("Nick Ayres" / "Nick Ayers"): every other part identical, and
   either a shared role, the same direct quote printed under both, or a long two-part name whose
   surname has a letter replaced or swapped;
4. a body and its abbreviation ("Federal Election Commission" / "FEC"), when exactly one body's
   initials give it;
5. a body owned by a person ("Pence’s office", "the vice president’s office") joins the same body of
   the same person, the owner found by full name, by a surname carried by one full name, or by a role
   held by exactly one person.

Never joined: a lone word with a longer name ("Bob" / "Bob Vander Plaats", "State" / "Islamic State",
"Nauert" / "Heather Nauert": the article did not say who it is), and anonymous or group sources,
which belong to their article. Which spellings form a speaker, which spelling names it and why
each joined depend only on the set of records, never on their ids or order, so ingest order cannot
change them. Only which row carries the speaker's id does: the oldest spelling (smallest id), so an
id people cite never changes when spellings are added, even when they change the displayed name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from jellyfish import damerau_levenshtein_distance

from .names import abbreviates, speaker_words, is_acronym, name_key, name_words, person_name, plain, same_first_name

_POSSESSIVE = re.compile(r"^(?P<owner>.+?)'s? (?P<owned>.+)$")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
ROLE_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "to", "in", "on", "at", "former", "new", "then", "acting", "deputy"})
GENERIC_ROLE_WORDS = frozenset({"official", "officials", "member", "members", "source", "sources", "aide", "aides", "spokesperson"})
PER_ARTICLE_KINDS = frozenset({"anonymous", "group"})
LONG_SURNAME = 7  # a one-letter slip in a surname this long is rarely a different family


@dataclass(frozen=True)
class SpeakerRecord:
    """One spelling of a speaker, with the roles written next to it and how widely it is printed."""

    id: int
    name: str
    roles: tuple[str, ...] = ()
    mentions: int = 1  # quotes under this spelling
    kind: str | None = None  # person, organisation, anonymous, group, document; None when unknown
    outlets: int = 0  # outlets printing this spelling: the most printed full form names the speaker
    article_id: int | None = None  # set for sources that belong to one article (anonymous, group)
    renamed: bool = False  # a user chose this row's name: it names its cluster
    quotes: frozenset[str] = frozenset()  # `quote_key`s of the direct quotes printed under this spelling


@dataclass(frozen=True)
class Merge:
    """Speaker `merge` is the same as speaker `keep`, for the stated reason; `keep` is the oldest
    spelling of the cluster (its stable id) and `named_by` the spelling whose name it shows."""

    keep: int
    merge: int
    reason: str
    named_by: int


def quote_key(text: str) -> str:
    """A direct quote's words, casefolded without punctuation: outlets print one quote alike."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def role_core(role: str) -> str:
    """The role without its owner or article: 'the vice president’s chief of staff' → 'chief of staff'."""
    role = _DETERMINER.sub("", plain(role).strip(" ,"))
    owned = _POSSESSIVE.match(role)
    if owned:
        role = owned.group("owned")
    return " ".join(w.casefold() for w in name_words(role))


def find_merges(
    speakers: Iterable[SpeakerRecord],
    blocked: set[frozenset[str]] | None = None,
    joined: Iterable[tuple[int, int, str]] = (),
) -> list[Merge]:
    """Merges to make, each into its cluster's oldest spelling, with the reason it joined.

    `blocked` holds casefolded name pairs a user split; no cluster ever holds both names of one.
    `joined` are (id, id, reason) joins a user made; they are kept, even over an earlier split."""
    records = sorted(speakers, key=_order)
    clusters = _Clusters(records, blocked or set())
    by_id = clusters.records
    for a, b, reason in sorted(joined):
        if a in by_id and b in by_id:
            clusters.join(by_id[a], by_id[b], reason, forced=True)
    mergeable = [r for r in records if not _per_article(r)]
    _join_same_names(mergeable, clusters)
    _join_name_forms(mergeable, clusters)
    _join_spelling_variants(mergeable, clusters)
    _join_abbreviations(mergeable, clusters)
    _join_owned_bodies(mergeable, clusters)
    return clusters.merges()


def _order(record: SpeakerRecord) -> tuple:
    """Records in an order that does not depend on their ids (which depend on ingest order)."""
    return (name_key(record.name), record.name, record.article_id or 0, record.id)


def _per_article(record: SpeakerRecord) -> bool:
    return record.kind in PER_ARTICLE_KINDS or record.article_id is not None


# --- the rules ---------------------------------------------------------------------------------


def _join_same_names(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    first: dict[str, SpeakerRecord] = {}
    for record in records:
        key = name_key(record.name)
        if key in first:
            clusters.join(first[key], record, f"‘{record.name}’ is ‘{first[key].name}’ once case, accents, punctuation and hyphens are ignored")
        else:
            first[key] = record


def _join_name_forms(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    """Rule 2: 'Donald J. Trump' / 'Donald Trump', 'Joe Biden' / 'Joseph R. Biden Jr.'."""
    by_surname: dict[str, list[SpeakerRecord]] = defaultdict(list)
    for record in records:
        if _is_person(record):
            parts = person_name(record.name)
            if parts.first and parts.last:
                by_surname[parts.last].append(record)
    for block in by_surname.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                reason = _name_form_reason(a, b)
                if reason and _unambiguous(a, b, block):
                    clusters.join(a, b, reason)


def _name_form_reason(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    pa, pb = person_name(a.name), person_name(b.name)
    if not same_first_name(pa.first, pb.first) or not _middles_agree(pa.middle, pb.middle):
        return None
    if pa.suffix and pb.suffix and pa.suffix != pb.suffix:
        return None  # "Jr." and "Sr." are two people
    suffixed = pa if pa.suffix and not pb.suffix else pb if pb.suffix and not pa.suffix else None
    if suffixed is not None and not suffixed.middle:
        return None  # "Donald Trump Jr" is the son; "Joseph R. Biden Jr." written in full is the man himself
    how = []
    if pa.first != pb.first:
        formal = pa if len(pa.first) > len(pb.first) else pb
        role = _shared_role(a, b)
        if not role and not formal.middle:
            return None  # "Gary Johnson" / "Garrett Johnson": the table links them, but both are given names
        how.append(f"‘{pa.first.title()}’ is a nickname of ‘{pb.first.title()}’" if len(pa.first) < len(pb.first) else f"‘{pb.first.title()}’ is a nickname of ‘{pa.first.title()}’")
        how.append(f"same role ‘{role}’" if role else "the formal name is printed in full, with a middle name or initial")
    if pa.middle != pb.middle:
        how.append("a middle name or initial added")
    if pa.suffix != pb.suffix:
        how.append("a suffix added")
    if not how:
        return None
    return f"‘{a.name}’ and ‘{b.name}’: same first name and surname, " + "; ".join(how)


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """No middle, or the same middles (a full middle name matches its initial)."""
    if not a or not b:
        return True
    if len(a) != len(b):
        return False
    return all(x == y or (len(x) == 1 or len(y) == 1) and x[0] == y[0] for x, y in zip(a, b))


def _unambiguous(a: SpeakerRecord, b: SpeakerRecord, block: list[SpeakerRecord]) -> bool:
    """A name without a middle joins a fuller one only when every fuller form with its first name agrees."""
    for short, long in ((a, b), (b, a)):
        ps = person_name(short.name)
        if ps.middle:
            continue
        pl = person_name(long.name)
        fuller = [person_name(r.name) for r in block if r is not short]
        rivals = [p for p in fuller if same_first_name(p.first, ps.first) and p.middle and not _middles_agree(p.middle, pl.middle or p.middle)]
        if rivals:
            return False
    return True


def _join_spelling_variants(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    """Compared only within blocks of the same other parts and a surname one deleted letter apart
    (two words one edit apart share such a form), so a million speakers are not all pairs."""
    blocks: dict[tuple[tuple[str, ...], str], list[SpeakerRecord]] = defaultdict(list)
    for record in records:
        if _is_person(record):
            *others, surname = name_key(record.name).split()
            for form in {surname} | {surname[:i] + surname[i + 1 :] for i in range(len(surname))}:
                blocks[(tuple(others), form)].append(record)
    pairs = {(_order(a), _order(b), a.id, b.id) for block in blocks.values() for a in block for b in block if _order(a) < _order(b)}
    for _, _, a_id, b_id in sorted(pairs):
        a, b = clusters.records[a_id], clusters.records[b_id]
        reason = _variant_reason(a, b)
        if reason:
            clusters.join(a, b, reason)


def _variant_reason(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    """Why two spellings differing in the surname are one person, or None."""
    x, y = name_words(a.name)[-1], name_words(b.name)[-1]
    fx, fy = x.casefold(), y.casefold()
    if fx == fy or min(len(fx), len(fy)) < 3 or damerau_levenshtein_distance(fx, fy) != 1:
        return None
    role = _shared_role(a, b)
    if role:
        return f"same role ‘{role}’ and the names differ by one letter ({x}/{y})"
    if a.quotes & b.quotes:
        return f"the same quote printed under both and the names differ by one letter ({x}/{y})"
    two_parts = len(name_words(a.name)) == 2
    if two_parts and len(fx) == len(fy) >= LONG_SURNAME:
        return f"same first name and the long surnames differ by one replaced or swapped letter ({x}/{y})"
    return None


def _shared_role(a: SpeakerRecord, b: SpeakerRecord) -> str | None:
    """The role both are given ('chief of staff'), judged by content words, not owner or article."""
    for role_a in sorted(role_core(r) for r in a.roles):
        for role_b in sorted(role_core(r) for r in b.roles):
            shared = _role_words(role_a) & _role_words(role_b)
            # the role itself, not a word around it: "adviser" in both, not "Lincoln" in "the
            # Lincoln actor" and "a founder of the Lincoln Initiative"
            heads = {role_a.split()[-1], role_b.split()[-1]} if role_a and role_b else set()
            if shared - GENERIC_ROLE_WORDS and shared & heads:
                return role_a if role_a == role_b else " ".join(w for w in role_a.split() if w in shared)
    return None


def _role_words(core: str) -> set[str]:
    return {w for w in core.split() if w not in ROLE_STOPWORDS}


def _join_abbreviations(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    """Rule 4: 'FEC' and 'Federal Election Commission', when no other body abbreviates to it."""
    bodies = [r for r in records if _is_body(r) and r.kind != "person" and len(name_words(r.name)) >= 2 and "," not in r.name]
    for record in records:
        short = _DETERMINER.sub("", record.name.strip())
        if not is_acronym(short) or record.kind == "person":
            continue
        full = [b for b in bodies if abbreviates(short, b.name)]
        clusters_of = {clusters.find(b.id) for b in full}
        if len(clusters_of) == 1:
            holder = full[0]
            clusters.join(holder, record, f"‘{short}’ abbreviates ‘{holder.name}’, the only body with those initials")


def _join_owned_bodies(records: list[SpeakerRecord], clusters: _Clusters) -> None:
    owners = _Owners(records, clusters)
    first: dict[tuple[int, str], tuple[SpeakerRecord, str]] = {}
    for record in records:
        owned = _POSSESSIVE.match(_DETERMINER.sub("", plain(record.name).strip()))
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


def _surname_holders(records: list[SpeakerRecord], clusters: _Clusters) -> dict[str, dict[int, SpeakerRecord]]:
    """Surname → {cluster: a full name carrying it}; clusters, not spellings, decide ambiguity."""
    holders: dict[str, dict[int, SpeakerRecord]] = defaultdict(dict)
    for record in records:
        if _is_person(record):
            words = [w.casefold() for w in name_words(record.name)]
            for surname in {words[-1], words[0]} if len(words) >= 3 else {words[-1]}:
                holders[surname].setdefault(clusters.find(record.id), record)
    return holders


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


def _is_body(record: SpeakerRecord) -> bool:
    return record.kind == "organisation" or any(t in speaker_words()["body_words"] for t in name_key(record.name).split())


def _is_person(record: SpeakerRecord) -> bool:
    """Two or more capitalised parts, no possessive, no word of a body's name: 'Nick Ayers'."""
    words = name_words(record.name)
    if record.kind == "person":
        return len(words) >= 2 and not _POSSESSIVE.match(plain(record.name))
    if record.kind is not None:
        return False
    possessive = _POSSESSIVE.match(plain(record.name))
    return len(words) >= 2 and all(t[:1].isupper() for t in words) and not possessive and not _is_body(record)


def display_rank(record: SpeakerRecord) -> tuple:
    """Which spelling names a cluster: a user's choice, else a full form before a lone word, then
    the one most outlets print, then the most quoted, then the fullest, then alphabetical."""
    return (not record.renamed, len(name_words(record.name)) < 2, -record.outlets, -record.mentions, -len(record.name), _order(record))


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

    def join(self, a: SpeakerRecord, b: SpeakerRecord, reason: str, forced: bool = False) -> None:
        """Join two clusters unless a user split two of their names (a user's own join is `forced`)."""
        ra, rb = self.find(a.id), self.find(b.id)
        if ra == rb or not forced and any(frozenset({x, y}) in self.blocked for x in self.names[ra] for y in self.names[rb]):
            return
        self.parent[rb] = ra
        self.names[ra] |= self.names.pop(rb)
        self.edges.append((a.id, b.id, reason))

    def merges(self) -> list[Merge]:
        """Each cluster as merges into its oldest spelling; every member carries the reason of the
        join that reached it from the displayed spelling (so reasons do not depend on ids)."""
        members: dict[int, list[int]] = defaultdict(list)
        for record_id in self.records:
            members[self.find(record_id)].append(record_id)
        neighbours: dict[int, list[tuple[tuple, int, str]]] = defaultdict(list)
        for a, b, reason in self.edges:
            neighbours[a].append((_order(self.records[b]), b, reason))
            neighbours[b].append((_order(self.records[a]), a, reason))
        merges = []
        for ids in members.values():
            named_by = min(ids, key=lambda i: display_rank(self.records[i]))
            reasons: dict[int, str] = {}
            seen, queue = {named_by}, [named_by]
            while queue:
                current = queue.pop(0)
                for _, other, reason in sorted(neighbours[current]):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
                        reasons[other] = reason
            keep = min(ids)  # the oldest spelling keeps the id, whatever spelling names the cluster
            if keep != named_by:
                reasons[named_by] = reasons.pop(keep)
            merges.extend(Merge(keep, other, reason, named_by) for other, reason in reasons.items())
        return sorted(merges, key=lambda m: (_order(self.records[m.named_by]), _order(self.records[m.merge])))
