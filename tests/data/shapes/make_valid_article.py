"""Writes valid-article.ttl: a complete small article graph following docs/data-model.md.

The text is invented for the tests. Offsets, anchors and the SHA-256 are computed here so the
fixture is exact; run `python tests/data/shapes/make_valid_article.py` after changing the text.
"""

import hashlib
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from graph.namespaces import NIF, NKG, SCHEMA, bind_prefixes

TEXT = ("July 26 \u2014 Barack Obama gave a speech in Amman on June 19, 2014. "
        "\u201cWe call on the world to act,\u201d Obama said. "
        "The war led to the death of 1.5 million Iraqis. "
        "Ahmed Dabashi, head of the Islamic Army, met Kurds in Jordan on July 2.")
BASE = "https://w3id.org/newskg/"
DIGEST = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
H = DIGEST[:16]
ID = Namespace(BASE + "id/")
ARTICLE = ID[f"article/{H}"]
ACTIVITY = ID[f"activity/{H}"]
AGENT = ID["agent/newskg"]


def span(graph, text, start=0, kind=NKG.Mention, sentence=None):
    begin = TEXT.index(text, start)
    end = begin + len(text)
    node = URIRef(f"{ARTICLE}#char={begin},{end}")
    graph.add((node, RDF.type, kind))
    graph.add((node, NIF.referenceContext, ARTICLE))
    graph.add((node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(text)))
    if sentence is not None:
        graph.add((node, NKG.sentence, sentence))
    return node, begin


def provenance(graph, node, method, evidence=None, confidence="0.8"):
    if evidence is not None:
        graph.add((node, NKG.evidence, evidence))
    graph.add((node, NKG.sourceArticle, ARTICLE))
    graph.add((node, PROV.wasGeneratedBy, ACTIVITY))
    graph.add((node, NKG.extractionMethod, method))
    graph.add((node, NKG.confidence, Literal(confidence, datatype=XSD.decimal)))


def entity(graph, group, slug, kind, label, *, aliases=(), same_as=None):
    node = ID[f"{group}/{slug}"]
    graph.add((node, RDF.type, kind))
    for prop in (SKOS.prefLabel, RDFS.label, SCHEMA.name):
        graph.add((node, prop, Literal(label, lang="en")))
    for alias in aliases:
        graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        graph.add((node, SCHEMA.alternateName, Literal(alias, lang="en")))
    if same_as:
        graph.add((node, OWL.sameAs, URIRef(same_as)))
    provenance(graph, node, NKG.GazetteerMatch if same_as else NKG.StatisticalNER)
    return node


def mention(graph, text, sentence, target, start=0, method=NKG.StatisticalNER):
    node, _ = span(graph, text, start, NKG.Mention, sentence)
    graph.add((node, NKG.denotes, target))
    provenance(graph, node, method)
    return node


def build() -> Graph:
    g = Graph()
    bind_prefixes(g)
    g.add((ARTICLE, RDF.type, NKG.NewsArticle))
    g.add((ARTICLE, SCHEMA.headline, Literal("Obama speaks in Amman", lang="en")))
    g.add((ARTICLE, SCHEMA.datePublished, Literal("2014-07-26", datatype=XSD.date)))
    g.add((ARTICLE, SCHEMA.inLanguage, Literal("en")))
    g.add((ARTICLE, SCHEMA.url, URIRef("https://example.org/news/obama-amman")))
    g.add((ARTICLE, NKG.contentHash, Literal("sha256:" + DIGEST)))
    g.add((ARTICLE, NIF.isString, Literal(TEXT)))
    g.add((ARTICLE, NKG.dateline, Literal("July 26")))

    g.add((ACTIVITY, RDF.type, NKG.ExtractionActivity))
    g.add((ACTIVITY, PROV.used, ARTICLE))
    g.add((ACTIVITY, PROV.wasAssociatedWith, AGENT))
    g.add((ACTIVITY, PROV.startedAtTime, Literal("2026-11-24T07:00:00Z", datatype=XSD.dateTime)))
    g.add((ACTIVITY, PROV.endedAtTime, Literal("2026-11-24T07:00:01Z", datatype=XSD.dateTime)))
    g.add((AGENT, RDF.type, PROV.SoftwareAgent))
    g.add((AGENT, RDFS.label, Literal("newskg 0.1.0")))
    g.add((AGENT, SCHEMA.softwareVersion, Literal("0.1.0")))

    sentences = []
    start = 0
    for text in TEXT.split(". "):
        text = text if text.endswith(".") else text + "."
        node, begin = span(g, text, start, NKG.Sentence)
        sentences.append(node)
        start = begin + len(text)
    s1, s2, s3, s4 = sentences

    obama = entity(g, "person", "barack-obama", NKG.Person, "Barack Obama", aliases=["Obama"],
                   same_as="http://www.wikidata.org/entity/Q76")
    g.add((obama, SCHEMA.jobTitle, Literal("President", lang="en")))
    amman = entity(g, "place", "amman", NKG.City, "Amman",
                   same_as="https://sws.geonames.org/250441/")
    jordan = entity(g, "place", "jordan", NKG.Country, "Jordan",
                    same_as="https://sws.geonames.org/248816/")
    g.add((amman, NKG.containedInPlace, jordan))
    dabashi = entity(g, "person", "ahmed-dabashi", NKG.Person, "Ahmed Dabashi")
    army = entity(g, "org", "islamic-army", NKG.ArmedGroup, "Islamic Army")
    kurds = entity(g, "org", "kurds", NKG.Group, "Kurds")
    publisher = entity(g, "org", "workers-world", NKG.NewsMediaOrganization, "Workers World")
    g.add((ARTICLE, SCHEMA.publisher, publisher))

    m_obama = mention(g, "Barack Obama", s1, obama)
    m_amman = mention(g, "Amman", s1, amman, method=NKG.GazetteerMatch)
    mention(g, "Obama", s2, obama, start=TEXT.index("said") - 10, method=NKG.AliasRule)
    m_dabashi = mention(g, "Ahmed Dabashi", s4, dabashi)
    m_army = mention(g, "Islamic Army", s4, army)
    m_kurds = mention(g, "Kurds", s4, kurds)
    m_jordan = mention(g, "Jordan", s4, jordan, method=NKG.GazetteerMatch)

    # A speech with a role node.
    begin = TEXT.index("speech")
    speech = ID[f"event/{H}-{begin}"]
    g.add((speech, RDF.type, NKG.Speech))
    g.add((speech, RDFS.label, Literal("speech", lang="en")))
    g.add((speech, NKG.triggerText, Literal("speech")))
    g.add((speech, SCHEMA.startDate, Literal("2014-06-19", datatype=XSD.date)))
    g.add((speech, SCHEMA.endDate, Literal("2014-06-19", datatype=XSD.date)))
    g.add((speech, NKG.timePrecision, TIME.unitDay))
    g.add((speech, NKG.timeText, Literal("June 19, 2014")))
    g.add((speech, NKG.place, amman))
    g.add((speech, NKG.speaker, obama))
    role = URIRef(f"{speech}/role/1")
    g.add((speech, NKG.hasParticipation, role))
    g.add((role, RDF.type, NKG.Participation))
    g.add((role, NKG.participant, obama))
    g.add((role, NKG.roleType, NKG.SpeakerRole))
    provenance(g, role, NKG.DependencyPattern, m_obama)
    provenance(g, speech, NKG.DependencyPattern, s1)

    # A meeting, dated by month.
    begin = TEXT.index("met")
    meeting = ID[f"event/{H}-{begin}"]
    g.add((meeting, RDF.type, NKG.Meeting))
    g.add((meeting, RDFS.label, Literal("meet", lang="en")))
    g.add((meeting, NKG.triggerText, Literal("met")))
    g.add((meeting, SCHEMA.startDate, Literal("2014-07", datatype=XSD.gYearMonth)))
    g.add((meeting, NKG.timePrecision, TIME.unitMonth))
    g.add((meeting, NKG.place, jordan))
    g.add((meeting, NKG.agent, dabashi))
    g.add((meeting, NKG.attendee, kurds))
    provenance(g, meeting, NKG.DependencyPattern, s4)

    # Leadership: "Ahmed Dabashi, head of the Islamic Army".
    begin = TEXT.index("Ahmed Dabashi")
    leadership = ID[f"affiliation/{H}-{begin}"]
    g.add((leadership, RDF.type, NKG.Leadership))
    g.add((leadership, NKG.holder, dabashi))
    g.add((leadership, NKG.organization, army))
    g.add((leadership, NKG.roleName, Literal("head", lang="en")))
    g.add((dabashi, NKG.leaderOf, army))
    provenance(g, leadership, NKG.DependencyPattern, s4)

    # A quotation.
    quote_text = "We call on the world to act,"
    begin = TEXT.index(quote_text)
    quote = ID[f"quote/{H}-{begin}"]
    g.add((quote, RDF.type, NKG.Quotation))
    g.add((quote, NKG.quoteText, Literal(quote_text)))
    g.add((quote, NKG.speaker, obama))
    g.add((quote, NKG.statedOn, Literal("2014-06-19", datatype=XSD.date)))
    provenance(g, quote, NKG.AttributionPattern, s2, "0.9")

    # A claim with its quantity.
    begin = TEXT.index("1.5 million")
    claim = ID[f"claim/{H}-{begin}"]
    quantity = URIRef(f"{claim}/quantity")
    g.add((claim, RDF.type, NKG.Claim))
    g.add((claim, NKG.claimText, Literal("led to the death of 1.5 million Iraqis")))
    g.add((claim, NKG.quantity, quantity))
    g.add((claim, NKG.attributedTo, publisher))
    provenance(g, claim, NKG.LexicalPattern, s3, "0.7")
    g.add((quantity, RDF.type, NKG.Quantity))
    g.add((quantity, NKG.numericValue, Literal(1500000)))
    g.add((quantity, NKG.unitText, Literal("Iraqis")))
    g.add((quantity, NKG.measuredProperty, Literal("death")))
    return g


if __name__ == "__main__":
    out = Path(__file__).with_name("valid-article.ttl")
    body = build().serialize(format="turtle")
    out.write_text("# A complete, valid article graph following docs/data-model.md.\n"
                   "# Generated by make_valid_article.py (do not edit by hand).\n" + body,
                   encoding="utf-8")
    print(f"wrote {out}")
