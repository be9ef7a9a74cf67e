"""Linked data over real HTTP: resource pages and descriptions by content negotiation, the
JSON-LD context, the ontology at its IRI and the dumps, against `newskg serve` on a store
loaded with tests/data/linked_data/articles.trig (two articles that follow docs/data-model.md)."""

from __future__ import annotations

import json
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from graph.namespaces import NIF, NKG, ONTOLOGY_IRI, SCHEMA
from tests.server.linked_fixture import A1, A2, fixture_graphs

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/newskg/"
SAFADI = URIRef(BASE + "id/person/ayman-safadi")


def parse(content: bytes, parser: str, site: str) -> Graph:
    """rdflib's reading of an answer (its JSON-LD parser fetches our published context)."""
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser builds a ConjunctiveGraph internally and warns about it.
        warnings.filterwarnings("ignore", message="ConjunctiveGraph is deprecated",
                                category=DeprecationWarning)
        return Graph().parse(data=content, format=parser, publicID=site + "/")


def values(graph: Graph) -> set:
    """Triples with literals by value: the store keeps numbers as xsd:integer (oxigraph
    normalises xsd:nonNegativeInteger), which is the same number."""
    return {(s, p, o.toPython() if isinstance(o, Literal) and o.datatype else o)
            for s, p, o in graph}


def get(site, path, accept="text/html", **params):
    return requests.get(site + path, headers={"Accept": accept}, params=params, timeout=30)


class Marks(HTMLParser):
    """Collects the text of <mark> elements and the ids of elements, in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.ids: list[str] = []
        self._in_mark = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


# --- HTML pages ----------------------------------------------------------------------------

def test_entity_page_shows_label_types_aliases_evidence_and_a_dated_timeline(site):
    r = get(site, "/id/person/ayman-safadi")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Accept" in r.headers["Vary"]
    html = r.text
    assert "<h1>Ayman Safadi</h1>" in html
    assert 'href="/ontology#Person"' in html  # the type links to its documentation
    assert "The minister" in html and "Safadi" in html  # aliases
    marks = Marks(html).marks
    # the mentions are highlighted inside their sentences, from both articles
    assert {"Ayman Safadi", "Safadi", "The minister"} <= set(marks)
    # the timeline: dated events by date (with precision), the undated one last
    meeting = html.index(f"/id/event/{A1}-102")
    summit = html.index(f"/id/event/{A2}-44")
    condemn = html.index(f"/id/event/{A2}-102")
    assert meeting < summit < condemn
    timeline = html[html.index('class="timeline"'):]
    assert "2025-05" in timeline and "month" in timeline and "EventScheduled" in timeline
    assert "date unknown" in timeline
    # the source articles, with the original's address
    assert f"/id/article/{A1}" in html and "https://news.example.org/2025/03/05/geneva-talks" in html


def test_place_page_lists_the_events_that_happen_there_and_its_geonames_link(site):
    html = get(site, "/id/place/geneva").text
    assert f"/id/event/{A1}-102" in html
    assert "https://sws.geonames.org/2660646/" in html and "GeoNames 2660646" in html


def test_country_page_links_to_wikidata(site):
    html = get(site, "/id/place/jordan").text
    assert 'href="http://www.wikidata.org/entity/Q810"' in html


def test_event_page_shows_roles_time_place_and_its_evidence(site):
    html = get(site, f"/id/event/{A1}-102").text
    roles = html[html.index('class="roles"'):]
    assert "/id/person/ayman-safadi" in roles and "/id/person/badr-abdelatty" in roles
    assert "Badr Abdelatty" in roles
    when = html[html.index('class="when-where"'):]
    assert 'datetime="2025-03-04"' in when and "day" in when and "/id/place/geneva" in when
    # the participants' mentions and the trigger are marked in the evidence sentence
    assert {"Ayman Safadi", "Badr Abdelatty", "met"} <= set(Marks(html).marks)


def test_claim_and_quotation_pages_mark_their_text_and_name_the_figure(site):
    claim = get(site, f"/id/claim/{A1}-288").text
    assert "more than 1.2 million people have been displaced" in Marks(claim).marks
    assert "more than 1200000 people" in claim  # the quantity, named by its parts
    assert "/id/org/united-nations" in claim
    quote = get(site, f"/id/quote/{A1}-184").text
    assert "a first step towards a lasting agreement &amp; a safer region" in quote
    assert "a first step towards a lasting agreement & a safer region" in Marks(quote).marks


def test_article_page_has_text_with_sentence_anchors_and_every_fact(site):
    r = get(site, f"/id/article/{A1}")
    assert r.status_code == 200
    html = r.text
    ids = Marks(html).ids
    # every sentence of the fixture carries its RFC 5147 fragment as id (#char=b,e works)
    article = BASE + f"id/article/{A1}"
    graph = fixture_graphs()[article]
    sentences = {str(s).split("#")[1] for s in graph.subjects(RDF.type, NKG.Sentence)}
    assert sentences and sentences <= set(ids)
    assert "char=45,57" in ids  # a mention of Ayman Safadi, linked to his page
    assert f'id="char=45,57" title="Ayman Safadi"' in html or 'id="char=45,57"' in html
    assert "Jordan &amp; Egypt ministers meet in Geneva on &#34;refugee aid&#34;" in html \
        or "Jordan &amp; Egypt ministers meet in Geneva on &quot;refugee aid&quot;" in html
    assert 'datetime="2025-03-05"' in html
    assert "/id/org/example-wire" in html
    facts = html[html.index('class="facts"'):]
    for fact in (f"/id/event/{A1}-102", f"/id/event/{A1}-163", f"/id/quote/{A1}-184",
                 f"/id/claim/{A1}-288", f"/id/affiliation/{A1}-45"):
        assert fact in facts, fact
    assert "more than 1.2 million people have been displaced" in facts


def test_labels_from_the_data_are_escaped(site):
    html = get(site, f"/id/article/{A1}").text
    assert "Example Wire &lt;Newswire&gt;" in html
    assert "<Newswire>" not in html


def test_unknown_iri_is_404_with_the_canonical_error_body(site):
    r = get(site, "/id/person/nobody-at-all")
    assert r.status_code == 404
    assert "Accept" in r.headers["Vary"]
    body = r.json()
    assert body["status"] == 404 and body["error"] and "nobody-at-all" in body["message"]


@pytest.mark.parametrize("path", [
    "/id/x%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",  # x> ?p ?o } UNION { ?s ?p ?o
    '/id/x%22%20.%20%3Cy',  # a quote and an angle bracket
])
def test_an_address_cannot_inject_sparql(site, path):
    r = get(site, path, accept="text/turtle")
    assert r.status_code == 404 and r.json()["status"] == 404


# --- RDF by content negotiation ------------------------------------------------------------

RDF_TYPES = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
             ("application/rdf+xml", "xml"), ("application/n-triples", "nt")]


@pytest.mark.parametrize("media_type,parser", RDF_TYPES)
def test_description_by_accept_parses_back(site, media_type, parser):
    r = get(site, "/id/person/ayman-safadi", accept=media_type)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type
    assert "Accept" in r.headers["Vary"]
    graph = parse(r.content, parser, site)
    assert (SAFADI, SKOS.prefLabel, Literal("Ayman Safadi", lang="en")) in graph
    assert (SAFADI, SKOS.altLabel, Literal("The minister", lang="en")) in graph
    # incoming links and the mentions with their offsets are part of the description
    assert (URIRef(BASE + f"id/event/{A1}-102"), NKG.hasParticipant, SAFADI) in graph
    mention = URIRef(BASE + f"id/article/{A2}#char=8,20")
    assert (mention, NKG.denotes, SAFADI) in graph
    assert graph.value(mention, NIF.beginIndex).toPython() == 8
    assert graph.value(mention, NIF.anchorOf) == Literal("Ayman Safadi")


def test_format_parameter_wins_over_accept(site):
    r = get(site, "/id/place/amman", accept="text/html", format="ttl")
    assert r.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(BASE + "id/place/amman"), OWL.sameAs,
            URIRef("https://sws.geonames.org/250441/")) in graph


def test_browser_accept_header_gets_html_and_unknown_media_type_gets_406(site):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert get(site, "/id/place/amman", accept=browser).headers["Content-Type"] \
        .startswith("text/html")
    r = get(site, "/id/place/amman", accept="image/png")
    assert r.status_code == 406 and r.json()["status"] == 406


def test_jsonld_uses_the_published_context(site):
    context = get(site, "/context.jsonld", accept="application/ld+json")
    assert context.headers["Content-Type"].startswith("application/ld+json")
    terms = context.json()["@context"]
    assert terms["nkg"] == str(NKG) and terms["schema"] == str(SCHEMA)
    # object properties of the ontology compact to IRIs
    assert terms["participant"] == {"@id": "nkg:participant", "@type": "@id"}
    r = get(site, f"/id/event/{A1}-102", accept="application/ld+json")
    document = r.json()
    assert document["@context"] == site + "/context.jsonld"
    assert "hasParticipation" in json.dumps(document)


# --- the ontology at its IRI ---------------------------------------------------------------

@pytest.mark.parametrize("media_type,parser", RDF_TYPES)
def test_ontology_as_rdf_by_accept(site, media_type, parser):
    r = get(site, "/ontology", accept=media_type)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type
    graph = parse(r.content, parser, site)
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph
    assert (NKG.Person, RDF.type, OWL.Class) in graph


def test_ontology_html_is_the_pylode_documentation_with_term_anchors(site):
    r = get(site, "/ontology")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "pyLODE" in r.text or "pylode" in r.text
    ids = set(Marks(r.text).ids)
    assert {"Person", "Meeting", "participant"} <= ids  # …/ontology#Person opens at the term


# --- dumps ---------------------------------------------------------------------------------

DUMPS = [("ttl", "text/turtle", "turtle", False), ("nt", "application/n-triples", "nt", False),
         ("rdf", "application/rdf+xml", "xml", False),
         ("jsonld", "application/ld+json", "json-ld", True),
         ("trig", "application/trig", "trig", True), ("nq", "application/n-quads", "nquads", True)]


@pytest.mark.parametrize("ext,media_type,parser,named", DUMPS)
def test_dump_downloads_the_whole_graph(site, ext, media_type, parser, named):
    r = requests.get(f"{site}/dump.{ext}", timeout=60)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type
    assert f'filename="newskg.{ext}"' in r.headers["Content-Disposition"]
    assert int(r.headers["Content-Length"]) == len(r.content)
    article = BASE + f"id/article/{A2}"
    expected = len(fixture_graphs()[article])
    if named:  # dataset syntaxes keep one graph per article
        quads = list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(media_type)))
        names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        assert {BASE + f"id/article/{A1}", article, ONTOLOGY_IRI} <= names
        assert sum(q.graph_name.value == article for q in quads
                   if isinstance(q.graph_name, ox.NamedNode)) == expected
    else:  # triple syntaxes hold the union of the graphs
        graph = parse(r.content, parser, site)
        assert (URIRef(article), RDF.type, NKG.NewsArticle) in graph
        assert values(fixture_graphs()[article]) <= values(graph)


def test_unknown_dump_is_404(site):
    r = requests.get(f"{site}/dump.xlsx", timeout=10)
    assert r.status_code == 404 and "/dump.ttl" in r.json()["message"]


# --- the fixture itself --------------------------------------------------------------------

def test_the_fixture_follows_the_data_model():
    """The pages are tested on data the shapes accept, so they show what ingest writes."""
    from graph.validate import validate_graph

    for name, graph in fixture_graphs().items():
        report = validate_graph(graph, graph_name=name)
        assert report.conforms, report.text
        text = graph.value(URIRef(name), NIF.isString)
        for span in graph.subjects(NIF.referenceContext, URIRef(name)):
            begin = graph.value(span, NIF.beginIndex).toPython()
            end = graph.value(span, NIF.endIndex).toPython()
            assert str(graph.value(span, NIF.anchorOf)) == str(text)[begin:end]
