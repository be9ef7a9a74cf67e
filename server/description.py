"""What the server says about itself: the SPARQL 1.1 Service Description (at the endpoint, GET
without a query) and the VoID description of the dataset (at ``/.well-known/void``).

Both are small rdflib graphs built from the settings and from queries on the store (run through
the query service, so they obey its timeout); the VoID statistics are cached per store
generation (they change only when a write commits).
"""

from __future__ import annotations

import logging
import threading

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from graph.errors import QueryTimeoutError
from graph.formats import RDF_FORMATS, RESULT_FORMATS
from graph.namespaces import NKG, ONTOLOGY_IRI, PREFIXES, SD, VOID, bind_prefixes

log = logging.getLogger("newskg.description")

#: W3C's IRIs for the formats (https://www.w3.org/ns/formats/).
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV, "tsv": FORMATS.SPARQL_Results_TSV,
    "ttl": FORMATS.Turtle, "nt": FORMATS["N-Triples"], "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML, "trig": FORMATS.TriG, "nq": FORMATS["N-Quads"],
}
#: How many example resources VoID lists per class family.
EXAMPLES = 5
#: The dumps served by the linked-data blueprint, by extension.
DUMP_EXTENSIONS = tuple(f.extension for f in RDF_FORMATS)


def service_description(service, endpoint: str) -> Graph:
    """The sd:Service of this endpoint, with its default dataset (graph names listed)."""
    settings = service.settings
    g = Graph()
    bind_prefixes(g)
    g.bind("sd", SD)
    g.bind("void", VOID)
    node = BNode("service")
    g.add((node, RDF.type, SD.Service))
    g.add((node, SD.endpoint, URIRef(endpoint)))
    g.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.enable_update:
        g.add((node, SD.supportedLanguage, SD.SPARQL11Update))
    for fmt in RESULT_FORMATS + RDF_FORMATS:
        g.add((node, SD.resultFormat, _FORMAT_IRIS[fmt.name]))
    if settings.enable_update:
        for fmt in RDF_FORMATS:
            g.add((node, SD.inputFormat, _FORMAT_IRIS[fmt.name]))
    g.add((node, SD.feature, SD.UnionDefaultGraph))
    if settings.service_allow:
        g.add((node, SD.feature, SD.BasicFederatedQuery))
    dataset = BNode("dataset")
    g.add((node, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default-graph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in service.graph_names():
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g


_void_cache: dict = {}
_void_lock = threading.Lock()

_COUNTS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
WHERE { ?s ?p ?o }"""
_ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "%s")) }"""
_CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class"""
_EXAMPLES = """SELECT ?class (SAMPLE(?s) AS ?example) WHERE {
  ?s a ?class FILTER(isIRI(?s) && STRSTARTS(STR(?s), "%s")) } GROUP BY ?class ORDER BY ?class"""
_VOCABULARIES = """SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }"""


def void_description(service, root: str) -> Graph:
    """The void:Dataset of the whole store; ``root`` is the server's URL (ending with /)."""
    key = (id(service), service.generation, root)
    with _void_lock:
        cached = _void_cache.get(key)
    if cached is not None:
        return cached
    base = service.settings.base_iri
    uri_space = base + "id/"
    g = Graph()
    bind_prefixes(g)
    g.bind("void", VOID)
    ds = URIRef(root + ".well-known/void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("newskg: a knowledge graph of the news", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    for ext in DUMP_EXTENSIONS:
        g.add((ds, VOID.dataDump, URIRef(f"{root}dump.{ext}")))
    g.add((ds, VOID.uriSpace, Literal(uri_space)))
    g.add((ds, VOID.vocabulary, URIRef(str(NKG))))

    for add in (_add_counts, _add_classes, _add_examples, _add_vocabularies):
        try:
            add(g, ds, service, root, uri_space)
        except QueryTimeoutError:
            # A store too large for this statistic within the query timeout: leave it out.
            log.warning("VoID: %s skipped (query timeout)", add.__name__)
    if service.has_graph(ONTOLOGY_IRI):
        g.add((ds, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    with _void_lock:
        _void_cache.clear()
        _void_cache[key] = g
    return g


def _integer(n) -> Literal:
    return Literal(int(n), datatype=XSD.integer)


def _add_counts(g, ds, service, root, uri_space) -> None:
    triples, subjects = service.select(_COUNTS).rows[0]
    g.add((ds, VOID.triples, _integer(triples)))
    g.add((ds, VOID.distinctSubjects, _integer(subjects)))
    g.add((ds, VOID.entities, _integer(service.select(_ENTITIES % uri_space).rows[0][0])))


def _add_classes(g, ds, service, root, uri_space) -> None:
    for i, (cls, n) in enumerate(service.select(_CLASSES).rows):
        part = URIRef(f"{root}.well-known/void#class-{i}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _integer(n)))


def _add_examples(g, ds, service, root, uri_space) -> None:
    examples = [row[1] for row in service.select(_EXAMPLES % uri_space).rows]
    for example in examples[:EXAMPLES * 4]:
        g.add((ds, VOID.exampleResource, example))


def _add_vocabularies(g, ds, service, root, uri_space) -> None:
    used = {str(row[0]) for row in service.select(_VOCABULARIES).rows}
    for ns in sorted(set(PREFIXES.values()) | {str(NKG)}):
        if any(term.startswith(ns) for term in used):
            g.add((ds, VOID.vocabulary, URIRef(ns)))
