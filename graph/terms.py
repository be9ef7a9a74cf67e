"""Conversion between rdflib terms and pyoxigraph terms.

rdflib keeps plain literals without a datatype; pyoxigraph types them ``xsd:string``. Plain
literals go in as ``xsd:string`` and come back plain, so a round trip through the store gives a
graph rdflib finds isomorphic to the one that went in.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


#: pyoxigraph NamedNodes already made, by IRI (articles repeat their predicates, classes and
#: entities thousands of times); emptied when it grows past :data:`_NAMED_MAX`.
_NAMED: dict[str, ox.NamedNode] = {}
_NAMED_MAX = 200_000


def _named(iri: str) -> ox.NamedNode:
    node = _NAMED.get(iri)
    if node is None:
        if len(_NAMED) >= _NAMED_MAX:
            _NAMED.clear()
        node = _NAMED[iri] = ox.NamedNode(iri)
    return node


def to_ox(term: Node):
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) as an RDF term")


def from_ox(term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


def graph_to_quads(graph: Iterable, graph_name: str | None) -> Iterator[ox.Quad]:
    convert = to_ox
    if not graph_name:
        # a quad made without a graph name is in the default graph; passing
        # ox.DefaultGraph() instead makes each quad half as slow again (pyoxigraph 0.5)
        for s, p, o in graph:
            yield ox.Quad(convert(s), convert(p), convert(o))
        return
    name = ox.NamedNode(graph_name)
    for s, p, o in graph:
        yield ox.Quad(convert(s), convert(p), convert(o), name)


def triples_to_graph(triples: Iterable) -> Graph:
    """pyoxigraph triples or quads to an rdflib Graph."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph
