"""Namespaces newskg mints or reuses. The ontology (ontology/newskg.ttl) is the source of truth
for the terms; this module only names the namespaces so code can build IRIs."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

#: The ontology namespace (hash namespace, served at /ontology).
NKG = Namespace("https://w3id.org/newskg/ontology#")
#: The ontology's own IRI, also the named graph that holds it in the store.
ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
#: Default prefix of data IRIs (the ``base_iri`` setting may change it).
DEFAULT_BASE = "https://w3id.org/newskg/"

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
OA = Namespace("http://www.w3.org/ns/oa#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")
GN = Namespace("http://www.geonames.org/ontology#")
GEONAMES = "https://sws.geonames.org/"
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Prefixes bound in every graph newskg writes and preloaded in the query editor.
PREFIXES = {
    "nkg": str(NKG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "time": str(TIME),
    "sem": str(SEM),
    "nif": str(NIF),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "foaf": str(FOAF),
    "wd": str(WD),
    "gn": str(GN),
    "itsrdf": str(ITSRDF),
}


def bind_prefixes(graph) -> None:
    """Bind newskg's prefixes on an rdflib Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
