"""The format tables: short name <-> media type <-> serializer, for graphs and query results.

One table for RDF graph/dataset syntaxes, one for SPARQL result syntaxes. The CLI, the export
and the server's content negotiation all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str  # short name used by --format and ?format=
    media_type: str
    extension: str
    oxigraph: object  # pyoxigraph RdfFormat or QueryResultsFormat
    rdflib: str | None = None  # rdflib serializer / parser name
    aliases: tuple[str, ...] = ()  # other short names and media types that mean the same
    dataset: bool = False  # can hold named graphs


RDF_FORMATS: tuple[Format, ...] = (
    Format("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE, "turtle",
           ("turtle", "application/x-turtle")),
    Format("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, "nt",
           ("ntriples", "n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, "json-ld",
           ("json-ld",), dataset=True),
    Format("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, "xml",
           ("xml", "rdf", "application/xml", "text/xml")),
    Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, "trig", (), dataset=True),
    Format("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, "nquads",
           ("nquads", "n-quads", "text/x-nquads"), dataset=True),
)

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON, "json",
           ("application/json", "srj")),
    Format("xml", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML, "xml",
           ("application/xml", "text/xml", "srx")),
    Format("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV, "csv"),
    Format("tsv", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV, "tsv"),
)


def _index(formats: tuple[Format, ...]) -> dict[str, Format]:
    table: dict[str, Format] = {}
    for fmt in formats:
        for key in (fmt.name, fmt.media_type, fmt.extension, *fmt.aliases):
            table.setdefault(key.lower(), fmt)
    return table


_RDF = _index(RDF_FORMATS)
_RESULTS = _index(RESULT_FORMATS)


def rdf_format(key: str) -> Format | None:
    """The RDF format for a short name, extension or media type (parameters ignored)."""
    return _RDF.get(key.split(";")[0].strip().lower())


def result_format(key: str) -> Format | None:
    """The SPARQL results format for a short name, extension or media type."""
    return _RESULTS.get(key.split(";")[0].strip().lower())
