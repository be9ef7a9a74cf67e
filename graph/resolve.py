"""Cross-article entity resolution: the same person, organisation or place is one node.

Entity IRIs are ``BASE id/{group}/{slug(canonical label)}`` (graph.build), so two articles
share a node exactly when they give the entity the same canonical label. Extraction only sees
one article: "Barack Obama" in one and "Obama" alone in the next would be two nodes. Before an
article's graph is built, :meth:`EntityIndex.resolve` rewrites the canonical labels of its
extracted :class:`~graph.extract.document.Document` to those of entities already known:

* a name (canonical label, or a multi-word alias) that is exactly a known entity's
  ``skos:prefLabel`` or ``skos:altLabel`` of the same group (person, org or place);
* a person known only by one name word ("Obama", "al-Maliki") whose surname is the surname of
  a multi-word name of exactly one known person;
* an organisation known only by an acronym ("ISIL") that is the initials or a known acronym
  of exactly one known organisation, or by a leading part of exactly one known organisation's
  name ("Northwind" for "Northwind Logistics").

A name shared by two known entities is ambiguous and never merges. Gazetteer entities keep
their gazetteer label (it is the same in every article already). The index is loaded from
the store with one SPARQL query and kept up to date with :meth:`EntityIndex.add` as articles
are written (and :meth:`EntityIndex.remove` when one is not written after all).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from graph.build import slug
from graph.extract.document import Document, Entity
from graph.extract.entities import (INITIALS_SKIP, PARTICLES, acronym_key, initials, name_words,
                                    norm, surname_key)

GROUPS = ("person", "org", "place")
#: The IRI slug of an article-local entity: the article's hash, a dash, the label's slug.
LOCAL_SLUG = re.compile(r"^[0-9a-f]{16}-")
#: An identity: (group, slug), i.e. the entity IRI without its base.
Identity = tuple[str, str]

LABELS_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?what ?value WHERE {
  { ?e skos:prefLabel ?value BIND("pref" AS ?what) }
  UNION
  { ?e skos:altLabel ?value BIND("alt" AS ?what) }
  UNION
  { ?e a ?value FILTER(STRSTARTS(STR(?value), "https://w3id.org/newskg/ontology#"))
    BIND("type" AS ?what) }
  FILTER(STRSTARTS(STR(?e), "%s"))
}
"""
#: Kinds that say no more than the group: an entity of such a kind takes the more specific
#: kind of the known entity it resolves to ('CFWU' typed Organization -> a trade union's kind).
GENERIC_KINDS = {"Organization", "Place", "Agent"}


def _is_multiword(name: str) -> bool:
    return len([w for w in name_words(name) if norm(w) not in PARTICLES]) > 1 \
        and not acronym_key(name)


def _person_surname(name: str) -> str | None:
    """The surname of a multi-word personal name ('Nouri al-Maliki' -> 'maliki')."""
    return surname_key(name) if _is_multiword(name) else None


def _single_word(name: str) -> str | None:
    """The one name word of a short personal name ('Obama', 'al-Maliki' -> 'maliki')."""
    words = [w for w in name_words(name) if norm(w) not in PARTICLES]
    return norm(words[0]) if len(words) == 1 and not acronym_key(name) else None


def _org_acronyms(name: str) -> set[str]:
    """Acronyms an organisation's name stands behind: the name itself when it is one, else
    its initials ('Islamic State in Iraq and the Levant' -> 'ISIL'; three letters at least,
    as two-letter initials fit too many names)."""
    acro = acronym_key(name)
    if acro:
        return {acro}
    words = [w for w in name_words(name) if norm(w) not in INITIALS_SKIP]
    letters = initials(words)
    return {letters} if len(words) > 1 and len(letters) >= 3 else set()


def _org_prefixes(name: str) -> set[str]:
    """Leading parts of a multi-word organisation name ('northwind' of 'Northwind Logistics')."""
    if acronym_key(name):
        return set()
    words = [norm(w) for w in name_words(name)]
    return {" ".join(words[:n]) for n in range(1, len(words))
            if norm(words[n - 1]) not in INITIALS_SKIP}


class EntityIndex:
    """Known entities of the store by their names, per group."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri if base_iri.endswith("/") else base_iri + "/"
        self.labels: dict[Identity, str] = {}                     # canonical label
        self.refs: Counter[Identity] = Counter()                  # how many sources know it
        self.kinds: dict[Identity, set[str]] = defaultdict(set)   # nkg class local names
        # (group, key) -> Counter of identities having that key
        self.names: dict[tuple[str, str], Counter[Identity]] = defaultdict(Counter)
        self.surnames: dict[str, Counter[Identity]] = defaultdict(Counter)
        self.acronyms: dict[str, Counter[Identity]] = defaultdict(Counter)
        self.prefixes: dict[str, Counter[Identity]] = defaultdict(Counter)

    # ------------------------------------------------------------------ loading and updating
    @classmethod
    def from_store(cls, store, base_iri: str) -> "EntityIndex":
        """Every entity of ``store`` under ``base_iri`` with its labels (one SPARQL query).
        A store that cannot be read (the inbox of a running server) gives an empty index."""
        index = cls(base_iri)
        try:
            result = store.query(LABELS_QUERY % (index.base + "id/"))
        except NotImplementedError:
            return index
        prefs: dict[Identity, list[str]] = defaultdict(list)
        alts: dict[Identity, list[str]] = defaultdict(list)
        for e, what, value in result.rows:
            ident = index.identity_of(str(e))
            if ident is None or value is None:
                continue
            if str(what) == "type":
                index.kinds[ident].add(str(value).rsplit("#", 1)[-1])
            else:
                (prefs if str(what) == "pref" else alts)[ident].append(str(value))
        for ident, labels in prefs.items():
            # the label whose slug is the IRI's (any of them when spellings differ slightly)
            label = next((lab for lab in sorted(labels) if slug(lab) == ident[1]), None)
            if label is not None:
                index._add(ident, label, labels + alts.get(ident, []), +1)
        return index

    def identity_of(self, iri: str) -> Identity | None:
        if not iri.startswith(self.base + "id/"):
            return None
        parts = iri[len(self.base) + 3:].split("/")
        if len(parts) != 2 or parts[0] not in GROUPS or not parts[1]:
            return None
        if LOCAL_SLUG.match(parts[1]):
            return None       # an unnamed source of one article (graph.extract.sources)
        return (parts[0], parts[1])

    def add(self, document: Document) -> None:
        """Make the entities of ``document`` (as it is written) known."""
        for ent in document.entities.values():
            if ent.local:
                continue
            ident = (ent.group, slug(ent.label))
            self._add(ident, ent.label, [ent.label, *ent.aliases], +1)
            self.kinds[ident].add(ent.kind)

    def remove(self, document: Document) -> None:
        """Undo :meth:`add` (the article was not written after all)."""
        for ent in document.entities.values():
            if ent.local:
                continue
            self._add((ent.group, slug(ent.label)), ent.label, [ent.label, *ent.aliases], -1)

    def _add(self, ident: Identity, label: str, names: Iterable[str], step: int) -> None:
        group = ident[0]
        if step > 0:
            self.labels.setdefault(ident, label)
        self.refs[ident] += step
        keyed: list[tuple[dict, object]] = []
        for name in set(names):
            keyed.append((self.names, (group, norm(name))))
            if group == "person":
                surname = _person_surname(name)
                if surname:
                    keyed.append((self.surnames, surname))
            elif group == "org":
                keyed.extend((self.acronyms, a) for a in _org_acronyms(name))
                keyed.extend((self.prefixes, p) for p in _org_prefixes(name))
        seen: set[tuple[int, object]] = set()
        for table, key in keyed:
            if (id(table), key) in seen:
                continue
            seen.add((id(table), key))
            counter = table[key]
            counter[ident] += step
            if counter[ident] <= 0:
                del counter[ident]
                if not counter:
                    del table[key]
        if self.refs[ident] <= 0:
            del self.refs[ident]
            self.labels.pop(ident, None)
            self.kinds.pop(ident, None)

    def __len__(self) -> int:
        return len(self.labels)

    # ------------------------------------------------------------------ matching
    @staticmethod
    def _one(counter: Counter | None) -> Identity | None:
        """The single identity of ``counter``; None when there are none or several."""
        if not counter or len(counter) != 1:
            return None
        return next(iter(counter))

    def match(self, ent: Entity) -> Identity | None:
        """The known entity ``ent`` is, when exactly one fits; None otherwise."""
        own = (ent.group, slug(ent.label))
        if own in self.labels or ent.from_gazetteer or ent.local:
            return None
        exact = Counter(self.names.get((ent.group, norm(ent.label)), Counter()))
        if not exact:
            for alias in ent.aliases:
                if _is_multiword(alias):
                    exact.update(self.names.get((ent.group, norm(alias)), Counter()))
        if exact:
            return self._one(exact)
        names = [ent.label, *ent.aliases]
        if ent.group == "person":
            words = {_single_word(n) for n in names}
            if len(words) == 1 and None not in words:
                return self._one(self.surnames.get(words.pop()))
        elif ent.group == "org":
            acronyms = {acronym_key(n) for n in names}
            if len(acronyms) == 1 and None not in acronyms:
                return self._one(self.acronyms.get(acronyms.pop()))
            if not any(acronym_key(n) for n in names):
                found = Counter()
                for n in names:
                    found.update(self.prefixes.get(norm(n), Counter()))
                return self._one(found)
        return None

    def resolve(self, document: Document) -> dict[tuple[str, str], tuple[str, str]]:
        """Give each entity of ``document`` that is a known entity that entity's canonical
        label (so its IRI is the known one); returns the entity keys that changed."""
        renames: dict[tuple[str, str], tuple[str, str]] = {}
        for ent in list(document.entities.values()):
            ident = self.match(ent)
            if ident is not None and ident != (ent.group, slug(ent.label)):
                renames[ent.key] = (ent.group, self.labels[ident])
                specific = self.kinds.get(ident, set()) - GENERIC_KINDS
                if ent.kind in GENERIC_KINDS and len(specific) == 1:
                    ent.kind = specific.pop()
        if renames:
            rekey(document, renames)
        return renames


# ---------------------------------------------------------------------- rewriting a document

def rekey(document: Document, renames: dict[tuple[str, str], tuple[str, str]]) -> None:
    """Rename entities of ``document`` (old key -> new key) and repoint every reference to
    them; an entity renamed to the key of another entity of the document merges into it."""
    def new(key):
        return renames.get(key, key) if key is not None else None

    entities: dict[tuple[str, str], Entity] = {}
    for key, ent in document.entities.items():
        target = new(key)
        if target != key:
            ent.aliases.add(ent.label)
            ent.label = target[1]
        if target in entities:
            _merge(entities[target], ent)
        else:
            entities[target] = ent
    for ent in entities.values():
        ent.aliases.discard(ent.label)
        ent.mentions.sort(key=lambda m: m.begin)
        ent.container = new(ent.container)
        if ent.container == ent.key:
            ent.container = None
    document.entities = entities
    for ev in document.events:
        ev.place = new(ev.place)
        roles, seen = [], set()
        for role in ev.roles:
            role.entity = new(role.entity)
            if (role.role_type, role.entity) not in seen:
                seen.add((role.role_type, role.entity))
                roles.append(role)
        ev.roles = roles
    for af in document.affiliations:
        af.holder = new(af.holder)
        af.organization = new(af.organization)
    for q in document.quotations:
        q.speaker = new(q.speaker)
    for c in document.claims:
        c.attributed_to = new(c.attributed_to)
    document.publisher = new(document.publisher)
    document.author = new(document.author)


def _merge(keep: Entity, gone: Entity) -> None:
    keep.aliases |= gone.aliases | {gone.label}
    keep.mentions.extend(gone.mentions)
    keep.wikidata = keep.wikidata or gone.wikidata
    keep.geonames = keep.geonames or gone.geonames
    keep.container = keep.container or gone.container
    keep.from_gazetteer = keep.from_gazetteer or gone.from_gazetteer
    keep.confidence = max(keep.confidence, gone.confidence)
