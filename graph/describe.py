"""The description of one resource, read from the store: what its linked-data page shows and
what its RDF answer holds.

``describe(store, iri)`` returns an rdflib Graph with

* the resource's own triples (outgoing) and the links that point at it (incoming);
* the events it takes part in (through ``nkg:hasParticipation/nkg:participant``) or that take
  place in it (``nkg:place``), with their roles;
* its text evidence: the mentions that denote it and the spans it names as ``nkg:evidence``,
  each with offsets, its text and the sentence around it;
* for an article (anything with ``nif:isString``): its sentences and mentions;
* a short summary (types, labels, dates, texts) of every node the above names, so that a page
  can print a label instead of an IRI.

Everything is read with SPARQL over the union of the store's graphs (``Store.query``), so any
store works. The number of links, mentions and events is bounded (see the ``MAX_*`` limits):
a popular entity does not turn one page into a dump. Nothing here knows about HTTP.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph.errors import NotFoundError, UsageError
from graph.namespaces import NKG, PREFIXES, bind_prefixes

#: Most incoming links read for one resource (an article's facts are incoming links).
MAX_LINKS = 2000
#: Most mentions (and evidence spans) read for one resource.
MAX_MENTIONS = 300
#: Most events read for the timeline of one entity or place.
MAX_EVENTS = 500
#: Neighbours summarised per query (VALUES block size).
_BATCH = 200

#: What is read about each neighbour so that pages can name and date it.
SUMMARY_PROPERTIES = (
    RDF.type, RDFS.label, "skos:prefLabel", "schema:headline", "schema:name",
    "schema:startDate", "schema:endDate", "schema:datePublished", "schema:url",
    "schema:eventStatus", "nkg:timePrecision", "nkg:timeUnknown", "nkg:timeText", "nkg:place",
    "nkg:quoteText", "nkg:claimText", "nkg:roleName", "nkg:triggerText", "nkg:holder",
    "nkg:organization", "nkg:speaker", "nkg:attributedTo", "nkg:statedOn",
    "nif:beginIndex", "nif:endIndex", "nif:referenceContext",
    "nkg:numericValue", "nkg:unitText", "nkg:valueQualifier", "nkg:measuredProperty",
)

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
# SPARQL's IRIREF: anything but these characters (so an IRI cannot break out of <...>).
_IRIREF = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')


def check_iri(iri: str) -> str:
    """``iri`` if it can be written as a SPARQL IRI; :class:`UsageError` otherwise."""
    if not _IRIREF.match(iri) or ":" not in iri:
        raise UsageError(f"{iri!r} is not an IRI newskg can look up: it must be absolute and "
                         f"contain no spaces, quotes or angle brackets")
    return iri


def _construct(store, body: str) -> Graph:
    result = store.query(_PROLOGUE + body)
    return result.graph if result.graph is not None else Graph()


def _prop(term) -> str:
    return term if isinstance(term, str) and not isinstance(term, URIRef) else f"<{term}>"


def _outgoing(store, r: str) -> Graph:
    # An entity named in thousands of articles has thousands of provenance links: keep the
    # page bounded, and keep what describes it before its provenance.
    return _construct(store, f"""
CONSTRUCT {{ <{r}> ?p ?o }} WHERE {{
  {{ SELECT ?p ?o WHERE {{ <{r}> ?p ?o }}
    ORDER BY (?p IN (nkg:sourceArticle, prov:wasGeneratedBy)) LIMIT {MAX_LINKS} }}
}}""")


def _incoming(store, r: str) -> Graph:
    # Spans point at their article with nif:referenceContext: those are read by _text below.
    return _construct(store, f"""
CONSTRUCT {{ ?s ?p <{r}> }} WHERE {{
  {{ SELECT DISTINCT ?s ?p WHERE {{
      ?s ?p <{r}> FILTER(?p NOT IN (nif:referenceContext, nkg:denotes))
  }} LIMIT {MAX_LINKS} }}
}}""")


def _events(store, r: str) -> Graph:
    return _construct(store, f"""
CONSTRUCT {{ ?ev nkg:hasParticipation ?role . ?role nkg:participant <{r}> ; nkg:roleType ?rt .
             ?at nkg:place <{r}> }}
WHERE {{
  {{ {{ SELECT DISTINCT ?ev ?role WHERE {{
        ?ev nkg:hasParticipation ?role . ?role nkg:participant <{r}>
     }} LIMIT {MAX_EVENTS} }}
     OPTIONAL {{ ?role nkg:roleType ?rt }} }}
  UNION
  {{ SELECT DISTINCT ?at WHERE {{ ?at nkg:place <{r}> }} LIMIT {MAX_EVENTS} }}
}}""")


def _roles(store, r: str) -> Graph:
    """The participations of an event, with their participants and evidence."""
    return _construct(store, f"""
CONSTRUCT {{ ?role ?p ?o }} WHERE {{
  <{r}> nkg:hasParticipation ?role . ?role ?p ?o
}}""")


_SPAN_PATTERN = """
  ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?ctx .
  OPTIONAL { ?span a ?st }
  OPTIONAL { ?span nif:anchorOf ?a }
  OPTIONAL { ?span nkg:denotes ?den }
  OPTIONAL { ?span nkg:sentence ?sent .
             ?sent nif:beginIndex ?sb ; nif:endIndex ?se .
             OPTIONAL { ?sent nif:anchorOf ?sa } OPTIONAL { ?sent a ?sentType } }"""

_SPAN_TEMPLATE = """
  ?span a ?st ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?ctx ;
        nif:anchorOf ?a ; nkg:denotes ?den ; nkg:sentence ?sent .
  ?sent a ?sentType ; nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sa ;
        nif:referenceContext ?ctx ."""


def _evidence(store, r: str) -> Graph:
    """Mentions that denote ``r``, spans ``r`` (and its roles) give as evidence."""
    return _construct(store, f"""
CONSTRUCT {{ {_SPAN_TEMPLATE}
  ?holder nkg:evidence ?span . }}
WHERE {{
  {{ SELECT DISTINCT ?span ?holder WHERE {{
      {{ ?span nkg:denotes <{r}> }}
      UNION {{ <{r}> nkg:evidence ?span BIND(<{r}> AS ?holder) }}
      UNION {{ <{r}> nkg:hasParticipation ?holder . ?holder nkg:evidence ?span }}
  }} LIMIT {MAX_MENTIONS} }}
  {_SPAN_PATTERN}
}}""")


def _text(store, r: str) -> Graph:
    """The sentences and mentions of an article."""
    return _construct(store, f"""
CONSTRUCT {{ ?span a ?st ; nif:referenceContext <{r}> ; nif:beginIndex ?b ; nif:endIndex ?e ;
                nkg:denotes ?den ; nkg:sentence ?sent }}
WHERE {{
  ?span nif:referenceContext <{r}> ; nif:beginIndex ?b ; nif:endIndex ?e .
  OPTIONAL {{ ?span a ?st }}
  OPTIONAL {{ ?span nkg:denotes ?den }}
  OPTIONAL {{ ?span nkg:sentence ?sent }}
}}""")


def _iris(graph: Graph, exclude: set[str]) -> set[str]:
    found = set()
    for s, _, o in graph:
        for node in (s, o):
            if isinstance(node, URIRef) and str(node) not in exclude and _IRIREF.match(node):
                found.add(str(node))
    return found


def _summaries(store, nodes: Iterable[str], properties=SUMMARY_PROPERTIES) -> Graph:
    graph = Graph()
    nodes = sorted(nodes)
    props = " ".join(_prop(p) for p in properties)
    for start in range(0, len(nodes), _BATCH):
        values = " ".join(f"<{n}>" for n in nodes[start:start + _BATCH])
        graph += _construct(store, f"""
CONSTRUCT {{ ?n ?p ?v }} WHERE {{ VALUES ?n {{ {values} }} VALUES ?p {{ {props} }} ?n ?p ?v }}""")
    return graph


def describe(store, iri: str) -> Graph:
    """The description of ``iri`` (see the module docstring); :class:`NotFoundError` if the
    store has no triple with it as subject or object."""
    try:
        r = check_iri(iri)
    except UsageError:
        raise NotFoundError(f"{iri!r} is not an IRI this graph can hold: check the "
                            f"address") from None
    graph = Graph()
    bind_prefixes(graph)
    graph += _outgoing(store, r)
    graph += _incoming(store, r)
    if not len(graph):
        raise NotFoundError(f"<{r}> is not in this graph: check the IRI, or ingest the article "
                            f"that mentions it")
    graph += _events(store, r)
    graph += _roles(store, r)
    graph += _evidence(store, r)
    if (URIRef(r), URIRef(PREFIXES["nif"] + "isString"), None) in graph:
        graph += _text(store, r)
    seen = {r}
    # Two rounds: the neighbours, then what the neighbours' summaries name (an event's place,
    # a quotation's speaker), labels only.
    first = _iris(graph, seen)
    graph += _summaries(store, first)
    seen |= first
    second = _iris(graph, seen)
    graph += _summaries(store, second, (RDF.type, RDFS.label, "skos:prefLabel",
                                        "schema:headline"))
    return graph


# --- the JSON-LD context -------------------------------------------------------------------

def jsonld_context(ontology: Graph | None) -> dict:
    """A JSON-LD ``@context`` with newskg's prefixes and one short term per ontology term.

    Terms come from the ontology itself: each ``nkg:`` class and property gets its local name;
    object properties are typed ``@id`` (so their values compact to IRIs), datatype properties
    with one XSD range get that datatype.
    """
    context: dict = dict(PREFIXES)
    if ontology is None:
        return {"@context": context}
    ns = str(NKG)
    object_props = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datatype_props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    terms: dict[str, object] = {}
    for subject in sorted(set(ontology.subjects(RDF.type, None))):
        if not isinstance(subject, URIRef) or not str(subject).startswith(ns):
            continue
        name = str(subject)[len(ns):]
        if not name or name in context:
            continue
        if subject in object_props:
            terms[name] = {"@id": f"nkg:{name}", "@type": "@id"}
        elif subject in datatype_props:
            # Strings stay plain JSON strings: no coercion for xsd:string.
            ranges = [o for o in ontology.objects(subject, RDFS.range)
                      if isinstance(o, URIRef) and str(o).startswith(PREFIXES["xsd"])
                      and o != XSD.string]
            terms[name] = ({"@id": f"nkg:{name}", "@type": "xsd:" + str(ranges[0])[
                len(PREFIXES["xsd"]):]} if len(ranges) == 1 else f"nkg:{name}")
        else:
            terms[name] = f"nkg:{name}"
    context.update(terms)
    return {"@context": context}


@lru_cache(maxsize=4)
def _context_for(path: str, mtime: float) -> str:
    ontology = Graph()
    ontology.parse(path, format="turtle")
    return json.dumps(jsonld_context(ontology), indent=2, sort_keys=False)


def jsonld_context_json(ontology_path: Path) -> str:
    """The context of :func:`jsonld_context` for the ontology file, as JSON text (cached until
    the file changes). Without the file, the context holds the prefixes only."""
    if not ontology_path.is_file():
        return json.dumps(jsonld_context(None), indent=2)
    return _context_for(str(ontology_path), ontology_path.stat().st_mtime)
