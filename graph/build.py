"""A :class:`~graph.extract.document.Document` -> an rdflib Graph, exactly as
docs/data-model.md describes it (IRIs, classes, properties, datatypes, provenance)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.extract.document import Document, Span
from graph.extract.lexicon import load_lexicon
from graph.namespaces import GEONAMES, NIF, NKG, SCHEMA, WD, bind_prefixes


class _Terms:
    """A namespace whose terms are made once: rdflib builds and checks a new URIRef on every
    ``NKG.x`` (about a fifth of building a graph, thousands of triples an article)."""

    def __init__(self, namespace) -> None:
        self._ns = namespace
        self._made: dict[str, URIRef] = {}

    def __getitem__(self, name: str) -> URIRef:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = self._ns[name]
        return term

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]


NKG, SCHEMA, NIF, PROV, RDF, RDFS, SKOS, XSD, OWL, WD = (
    _Terms(ns) for ns in (NKG, SCHEMA, NIF, PROV, RDF, RDFS, SKOS, XSD, OWL, WD))

VERSION = "0.1.0"
#: OWL-Time as an open namespace (rdflib's closed TIME lacks unitDecade/unitCentury).
TIME = Namespace("http://www.w3.org/2006/time#")
PRECISION_UNITS = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear,
                   "decade": TIME.unitDecade, "century": TIME.unitCentury}
#: Extraction method of an entity as a whole, strongest first.
ENTITY_METHODS = ("GazetteerMatch", "StatisticalNER", "LexicalPattern", "DependencyPattern",
                  "AliasRule", "DocumentMetadata")


def text_hash(text: str) -> str:
    """The full SHA-256 hex digest of the stored (NFC) text."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def slug(label: str) -> str:
    try:
        from graph.gazetteer import slug as gazetteer_slug
    except ImportError:
        ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"
    return gazetteer_slug(label)


def article_iri(base: str, text: str) -> str:
    return f"{base}id/article/{text_hash(text)[:16]}"


def _canonical_decimal(value: Decimal) -> Literal:
    """xsd:decimal in the form Oxigraph stores ("37.1" not "37.10", "1" not "1.0"), so a
    graph read back from the store is isomorphic to the one built."""
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


@lru_cache(maxsize=1024)
def _decimal(value: float) -> Literal:
    """A confidence as xsd:decimal (made once per value: an article has hundreds of them, of a
    few values, and rdflib parses each new Literal's lexical form again)."""
    return _canonical_decimal(Decimal(str(round(value, 2))))


def _number(value) -> Literal:
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral()):
        return Literal(int(value), datatype=XSD.integer)
    return _canonical_decimal(Decimal(str(value)))


def _now() -> Literal:
    return Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                   datatype=XSD.dateTime)


class _Builder:
    def __init__(self, document: Document, base: str) -> None:
        self.d = document
        self.base = base if base.endswith("/") else base + "/"
        self.text = document.article.text
        self.h = text_hash(self.text)[:16]
        self.article = URIRef(article_iri(self.base, self.text))
        self.activity = URIRef(f"{self.base}id/activity/{self.h}")
        self.agent = URIRef(f"{self.base}id/agent/newskg")
        self.g = Graph(store="SimpleMemory")   # ~40% cheaper adds than the default store
        bind_prefixes(self.g)
        self.spans: set[tuple[int, int]] = set()
        self.lexicon = load_lexicon()
        self.mention_at: dict[int, tuple[int, int]] = {}

    # ---------------------------------------------------------------- helpers
    def span_iri(self, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.article}#char={begin},{end}")

    def entity_iri(self, key) -> URIRef:
        group, label = key
        ent = self.d.entities.get(key)
        if ent is not None and ent.local:     # an unnamed source of this article only
            return URIRef(f"{self.base}id/{group}/{self.h}-{slug(label)}")
        return URIRef(f"{self.base}id/{group}/{slug(label)}")

    def text_span(self, span: Span) -> URIRef:
        """A span node (a sentence when it is one, else a plain nkg:TextSpan)."""
        iri = self.span_iri(span.begin, span.end)
        if (span.begin, span.end) not in self.spans:
            self.spans.add((span.begin, span.end))
            g = self.g
            g.add((iri, RDF.type, NKG.TextSpan))
            self._offsets(iri, span.begin, span.end)
        return iri

    def _offsets(self, iri, begin, end) -> None:
        g = self.g
        g.add((iri, NIF.referenceContext, self.article))
        g.add((iri, NIF.beginIndex, Literal(begin, datatype=XSD.integer)))
        g.add((iri, NIF.endIndex, Literal(end, datatype=XSD.integer)))
        g.add((iri, NIF.anchorOf, Literal(self.text[begin:end])))

    def provenance(self, node, evidence, method: str, confidence: float) -> None:
        g = self.g
        g.add((node, NKG.sourceArticle, self.article))
        if evidence is not None:
            g.add((node, NKG.evidence, evidence))
        g.add((node, PROV.wasGeneratedBy, self.activity))
        g.add((node, NKG.extractionMethod, NKG[method]))
        g.add((node, NKG.confidence, _decimal(confidence)))

    def evidence_for(self, begin: int, end: int, fallback: Span) -> URIRef:
        """The mention at ``begin`` when there is one, else the sentence."""
        for (mb, me) in self.mention_spans:
            if mb <= begin < me:
                return self.span_iri(mb, me)
        return self.text_span(fallback)

    # ---------------------------------------------------------------- parts
    def article_node(self) -> None:
        g, art, a = self.g, self.article, self.d.article
        g.add((art, RDF.type, NKG.NewsArticle))
        if getattr(a, "title", None):
            g.add((art, SCHEMA.headline, Literal(a.title, lang="en")))
        published = getattr(a, "published", None)
        if published is not None:
            g.add((art, SCHEMA.datePublished, Literal(published.isoformat()[:10],
                                                      datatype=XSD.date)))
        if self.d.publisher:
            g.add((art, SCHEMA.publisher, self.entity_iri(self.d.publisher)))
        if self.d.author:
            g.add((art, SCHEMA.author, self.entity_iri(self.d.author)))
        if getattr(a, "url", None):
            g.add((art, SCHEMA.url, URIRef(a.url)))
        g.add((art, SCHEMA.inLanguage, Literal(getattr(a, "language", None) or "en")))
        g.add((art, NKG.contentHash, Literal("sha256:" + text_hash(self.text))))
        g.add((art, NIF.isString, Literal(self.text)))
        if getattr(a, "dateline", None):
            g.add((art, NKG.dateline, Literal(a.dateline)))
        for s in self.d.sentences:
            iri = self.span_iri(s.begin, s.end)
            self.spans.add((s.begin, s.end))
            g.add((iri, RDF.type, NKG.Sentence))
            self._offsets(iri, s.begin, s.end)

    def activity_node(self, started, ended) -> None:
        g = self.g
        g.add((self.activity, RDF.type, NKG.ExtractionActivity))
        g.add((self.activity, PROV.used, self.article))
        g.add((self.activity, PROV.wasAssociatedWith, self.agent))
        g.add((self.activity, PROV.startedAtTime, started))
        g.add((self.activity, PROV.endedAtTime, ended))
        g.add((self.agent, RDF.type, PROV.SoftwareAgent))
        g.add((self.agent, RDFS.label, Literal(f"newskg {VERSION}")))
        g.add((self.agent, SCHEMA.softwareVersion, Literal(VERSION)))

    def entities(self) -> None:
        g = self.g
        self.mention_spans = []
        for ent in self.d.entities.values():
            node = self.entity_iri(ent.key)
            g.add((node, RDF.type, NKG[ent.kind]))
            for prop in (SKOS.prefLabel, RDFS.label, SCHEMA.name):
                g.add((node, prop, Literal(ent.label, lang="en")))
            for alias in sorted(ent.aliases):
                g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
                g.add((node, SCHEMA.alternateName, Literal(alias, lang="en")))
            if ent.wikidata:
                qid = str(ent.wikidata).rsplit("/", 1)[-1]
                g.add((node, OWL.sameAs, WD[qid]))
            if ent.geonames:
                gid = str(ent.geonames).rstrip("/").rsplit("/", 1)[-1]
                g.add((node, OWL.sameAs, URIRef(f"{GEONAMES}{gid}/")))
            if ent.container:
                g.add((node, NKG.containedInPlace, self.entity_iri(ent.container)))
            methods = {m.method for m in ent.mentions}
            method = next((m for m in ENTITY_METHODS if m in methods), "DocumentMetadata")
            if ent.from_gazetteer:
                method = "GazetteerMatch"
            confidence = max([m.confidence for m in ent.mentions] + [ent.confidence
                                                                    if not ent.mentions else 0])
            self.provenance(node, None, method, confidence)
            for m in ent.mentions:
                span = self.span_iri(m.begin, m.end)
                self.mention_spans.append((m.begin, m.end))
                self.spans.add((m.begin, m.end))
                g.add((span, RDF.type, NKG.Mention))
                self._offsets(span, m.begin, m.end)
                g.add((span, NKG.sentence, self.span_iri(m.sentence.begin, m.sentence.end)))
                g.add((span, NKG.denotes, node))
                self.provenance(span, None, m.method, m.confidence)

    def events(self) -> None:
        g = self.g
        for ev in self.d.events:
            node = URIRef(f"{self.base}id/event/{self.h}-{ev.begin}")
            g.add((node, RDF.type, NKG[ev.cls]))
            g.add((node, RDFS.label, Literal(ev.lemma, lang="en")))
            g.add((node, NKG.triggerText, Literal(ev.trigger_text)))
            self.time(node, ev.time, SCHEMA.startDate, SCHEMA.endDate)
            if ev.scheduled:
                g.add((node, SCHEMA.eventStatus, SCHEMA.EventScheduled))
            if ev.place:
                g.add((node, NKG.place, self.entity_iri(ev.place)))
            for n, role in enumerate(ev.roles, start=1):
                rnode = URIRef(f"{node}/role/{n}")
                who = self.entity_iri(role.entity)
                g.add((node, NKG.hasParticipation, rnode))
                g.add((rnode, RDF.type, NKG.Participation))
                g.add((rnode, NKG.participant, who))
                g.add((rnode, NKG.roleType, NKG[role.role_type]))
                shortcut = self.lexicon.shortcuts.get(role.role_type)
                # A country acting ('the U.S. bombed Iraq') keeps its role node; the agent-only
                # shortcuts (agent, speaker, organizer, attendee) take agents, not places.
                if shortcut is not None and (role.entity[0] != "place" or role.role_type in (
                        "TargetRole", "ParticipantRole")):
                    g.add((node, shortcut, who))
                self.provenance(rnode, self.evidence_for(role.evidence.begin, role.evidence.end,
                                                         ev.sentence),
                                "DependencyPattern", role.confidence)
            self.provenance(node, self.text_span(ev.sentence), "DependencyPattern",
                            ev.confidence)

    def time(self, node, value, start_prop, end_prop) -> None:
        g = self.g
        if value is None:
            g.add((node, NKG.timeUnknown, Literal(True)))
            return
        g.add((node, start_prop, value.start_literal()))
        g.add((node, end_prop, value.end_literal()))
        unit = PRECISION_UNITS.get(value.precision)
        if unit is not None:
            g.add((node, NKG.timePrecision, unit))
        if value.text:
            g.add((node, NKG.timeText, Literal(value.text)))

    def affiliations(self) -> None:
        g, used = self.g, set()
        for af in self.d.affiliations:
            begin = af.begin
            while begin in used:
                begin += 1
            used.add(begin)
            node = URIRef(f"{self.base}id/affiliation/{self.h}-{begin}")
            holder = self.entity_iri(af.holder)
            g.add((node, RDF.type, NKG[af.kind]))
            g.add((node, NKG.holder, holder))
            g.add((node, NKG.roleName, Literal(af.role_name, lang="en")))
            if af.holder[0] == "person":
                g.add((holder, SCHEMA.jobTitle, Literal(af.role_name, lang="en")))
            if af.organization:
                org = self.entity_iri(af.organization)
                g.add((node, NKG.organization, org))
                if af.kind == "Leadership":
                    g.add((holder, NKG.leaderOf, org))
                elif af.kind == "Membership":
                    g.add((holder, NKG.memberOf, org))
            self.provenance(node, self.text_span(af.evidence), "DependencyPattern",
                            af.confidence)

    def quotations(self) -> None:
        g = self.g
        for q in self.d.quotations:
            node = URIRef(f"{self.base}id/quote/{self.h}-{q.begin}")
            g.add((node, RDF.type, NKG.Quotation))
            g.add((node, NKG.quoteText, Literal(q.text)))
            g.add((node, NKG.speaker, self.entity_iri(q.speaker)))
            if q.stated_on is not None:
                g.add((node, NKG.statedOn, q.stated_on.start_literal()))
            self.provenance(node, self.text_span(q.evidence), "AttributionPattern",
                            q.confidence)

    def claims(self) -> None:
        g = self.g
        for c in self.d.claims:
            node = URIRef(f"{self.base}id/claim/{self.h}-{c.begin}")
            qty = URIRef(f"{node}/quantity")
            g.add((node, RDF.type, NKG.Claim))
            g.add((node, NKG.claimText, Literal(c.text)))
            g.add((node, NKG.quantity, qty))
            if c.about is not None:
                g.add((node, NKG.about, URIRef(f"{self.base}id/event/{self.h}-{c.about}")))
            if c.attributed_to:
                g.add((node, NKG.attributedTo, self.entity_iri(c.attributed_to)))
            g.add((qty, RDF.type, NKG.Quantity))
            g.add((qty, NKG.numericValue, _number(c.value)))
            g.add((qty, NKG.unitText, Literal(c.unit)))
            if c.measured:
                g.add((qty, NKG.measuredProperty, Literal(c.measured)))
            if c.qualifier:
                g.add((qty, NKG.valueQualifier, Literal(c.qualifier)))
            method = "AttributionPattern" if c.attributed_to not in (
                self.d.author, self.d.publisher) else "LexicalPattern"
            self.provenance(node, self.text_span(c.evidence), method, c.confidence)


def build_graph(document: Document, base_iri: str, started: Literal | None = None,
                ended: Literal | None = None) -> Graph:
    """The RDF graph of one article (what goes into its named graph)."""
    b = _Builder(document, base_iri)
    b.article_node()
    b.entities()
    b.events()
    b.affiliations()
    b.quotations()
    b.claims()
    b.activity_node(started or _now(), ended or _now())
    return b.g


def now_literal() -> Literal:
    return _now()
