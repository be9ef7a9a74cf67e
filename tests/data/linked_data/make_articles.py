"""Writes tests/data/linked_data/articles.trig to stdout (offsets computed, not typed): run
`.venv/bin/python tests/data/linked_data/make_articles.py > tests/data/linked_data/articles.trig`."""
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from graph.namespaces import NIF, NKG, SCHEMA, bind_prefixes  # noqa: E402

B = "https://w3id.org/newskg/"
ds = Dataset()
bind_prefixes(ds)

def I(p): return URIRef(B + "id/" + p)

ARTS = [
 dict(text=("GENEVA, March 4 \u2014 Jordanian Foreign Minister Ayman Safadi and his Egyptian counterpart "
            "Badr Abdelatty met in Geneva on Tuesday to discuss aid for refugees. "
            "Safadi said the talks were \u201ca first step towards a lasting agreement & a safer region\u201d. "
            "The United Nations estimates that more than 1.2 million people have been displaced by the fighting."),
      headline='Jordan & Egypt ministers meet in Geneva on "refugee aid"', date="2025-03-05",
      url="https://news.example.org/2025/03/05/geneva-talks", dateline="March 4"),
 dict(text=("AMMAN \u2014 Ayman Safadi will attend a regional summit in Amman in May 2025, officials said. "
            "The minister condemned the bombing of a hospital in Gaza in 2024."),
      headline="Safadi to attend Amman summit", date="2025-03-20",
      url="https://news.example.org/2025/03/20/amman-summit", dateline=None),
]
for a in ARTS:
    a["text"] = unicodedata.normalize("NFC", a["text"])
    d = hashlib.sha256(a["text"].encode("utf-8")).hexdigest()
    a["digest"], a["h"] = d, d[:16]
    a["iri"] = I("article/" + a["h"])

ENT = {
 "person/ayman-safadi": ("Person", "Ayman Safadi", ["Safadi", "The minister"], None),
 "person/badr-abdelatty": ("Person", "Badr Abdelatty", [], None),
 "place/geneva": ("City", "Geneva", [], "https://sws.geonames.org/2660646/"),
 "place/jordan": ("Country", "Jordan", ["Jordanian"], "http://www.wikidata.org/entity/Q810"),
 "place/egypt": ("Country", "Egypt", ["Egyptian"], "http://www.wikidata.org/entity/Q79"),
 "place/amman": ("City", "Amman", [], "https://sws.geonames.org/250441/"),
 "place/gaza": ("Region", "Gaza", [], None),
 "org/united-nations": ("InternationalOrganization", "United Nations", [], "http://www.wikidata.org/entity/Q1065"),
 "org/example-wire": ("NewsMediaOrganization", "Example Wire <Newswire>", [], None),
}

def sentences(text):
    out, start = [], 0
    for m in re.finditer(r"(?<=[.\u201d])\s+(?=[A-Z])", text):
        out.append((start, m.start())); start = m.end()
    out.append((start, len(text)))
    return out

def span(a, b, e, cls, g):
    s = URIRef(f"{a['iri']}#char={b},{e}")
    g.add((s, RDF.type, cls))
    g.add((s, NIF.referenceContext, a["iri"]))
    g.add((s, NIF.beginIndex, Literal(b, datatype=XSD.nonNegativeInteger)))
    g.add((s, NIF.endIndex, Literal(e, datatype=XSD.nonNegativeInteger)))
    g.add((s, NIF.anchorOf, Literal(a["text"][b:e])))
    return s

def prov(node, a, g, method, conf, evidence):
    g.add((node, NKG.sourceArticle, a["iri"]))
    g.add((node, PROV.wasGeneratedBy, I("activity/" + a["h"])))
    g.add((node, NKG.extractionMethod, method))
    g.add((node, NKG.confidence, Literal(conf, datatype=XSD.decimal)))
    if evidence is not None:
        g.add((node, NKG.evidence, evidence))

def build(a, mentions, build_facts):
    g = ds.graph(a["iri"])
    t, art = a["text"], a["iri"]
    g.add((art, RDF.type, NKG.NewsArticle))
    g.add((art, SCHEMA.headline, Literal(a["headline"], lang="en")))
    g.add((art, SCHEMA.datePublished, Literal(a["date"], datatype=XSD.date)))
    g.add((art, SCHEMA.publisher, I("org/example-wire")))
    g.add((art, SCHEMA.url, URIRef(a["url"])))
    g.add((art, SCHEMA.inLanguage, Literal("en")))
    g.add((art, NKG.contentHash, Literal("sha256:" + a["digest"])))
    g.add((art, NIF.isString, Literal(t)))
    if a["dateline"]:
        g.add((art, NKG.dateline, Literal(a["dateline"])))
    act = I("activity/" + a["h"])
    g.add((act, RDF.type, NKG.ExtractionActivity))
    g.add((act, PROV.used, art))
    g.add((act, PROV.wasAssociatedWith, I("agent/newskg")))
    g.add((act, PROV.startedAtTime, Literal(a["date"] + "T10:00:00", datatype=XSD.dateTime)))
    g.add((act, PROV.endedAtTime, Literal(a["date"] + "T10:00:01", datatype=XSD.dateTime)))
    g.add((I("agent/newskg"), RDF.type, PROV.SoftwareAgent))
    g.add((I("agent/newskg"), RDFS.label, Literal("newskg 0.1.0")))
    g.add((I("agent/newskg"), SCHEMA.softwareVersion, Literal("0.1.0")))
    sents = sentences(t)
    S = {}
    for b, e in sents:
        S[(b, e)] = span(a, b, e, NKG.Sentence, g)
    def sent_of(b):
        for (sb, se), s in S.items():
            if sb <= b < se: return s
    M = {}
    used = set()
    for surface, key, occ in mentions:
        b = -1
        for _ in range(occ):
            b = t.index(surface, b + 1)
        e = b + len(surface)
        m = span(a, b, e, NKG.Mention, g)
        g.add((m, NKG.sentence, sent_of(b)))
        g.add((m, NKG.denotes, I(key)))
        prov(m, a, g, NKG.StatisticalNER, 0.9, None)
        M[(surface, occ)] = m
        used.add(key)
    for key in used:
        cls, label, alts, same = ENT[key]
        e = I(key)
        g.add((e, RDF.type, NKG[cls]))
        for p in (SKOS.prefLabel, RDFS.label, SCHEMA.name):
            g.add((e, p, Literal(label, lang="en")))
        for alt in alts:
            if any(s == alt for s, k, o in mentions if k == key):
                g.add((e, SKOS.altLabel, Literal(alt, lang="en")))
                g.add((e, SCHEMA.alternateName, Literal(alt, lang="en")))
        if same:
            g.add((e, OWL.sameAs, URIRef(same)))
        g.add((e, NKG.sourceArticle, art))
        g.add((e, PROV.wasGeneratedBy, act))
    build_facts(a, g, t, M, sent_of)

def ev(a, g, t, trigger, occ, cls, label, sent_of):
    b = -1
    for _ in range(occ): b = t.index(trigger, b + 1)
    e = I(f"event/{a['h']}-{b}")
    g.add((e, RDF.type, NKG[cls]))
    g.add((e, RDFS.label, Literal(label, lang="en")))
    g.add((e, NKG.triggerText, Literal(trigger)))
    prov(e, a, g, NKG.DependencyPattern, 0.8, sent_of(b))
    return e, b

def role(g, a, e, n, who, rtype, short, ev_span):
    r = URIRef(f"{e}/role/{n}")
    g.add((r, RDF.type, NKG.Participation))
    g.add((r, NKG.participant, I(who)))
    g.add((r, NKG.roleType, NKG[rtype]))
    prov(r, a, g, NKG.DependencyPattern, 0.8, ev_span)
    g.add((e, NKG.hasParticipation, r))
    g.add((e, NKG[short], I(who)))

def when(g, e, start, end, dt, unit, text):
    g.add((e, SCHEMA.startDate, Literal(start, datatype=dt)))
    g.add((e, SCHEMA.endDate, Literal(end, datatype=dt)))
    g.add((e, NKG.timePrecision, TIME[unit]))
    g.add((e, NKG.timeText, Literal(text)))

def facts1(a, g, t, M, sent_of):
    e, b = ev(a, g, t, "met", 1, "Meeting", "meet", sent_of)
    when(g, e, "2025-03-04", "2025-03-04", XSD.date, "unitDay", "Tuesday")
    g.add((e, NKG.place, I("place/geneva")))
    role(g, a, e, 1, "person/ayman-safadi", "ParticipantRole", "hasParticipant", M[("Ayman Safadi", 1)])
    role(g, a, e, 2, "person/badr-abdelatty", "ParticipantRole", "hasParticipant", M[("Badr Abdelatty", 1)])
    e2, b2 = ev(a, g, t, "said", 1, "Statement", "say", sent_of)
    when(g, e2, "2025-03-04", "2025-03-04", XSD.date, "unitDay", "Tuesday")
    role(g, a, e2, 1, "person/ayman-safadi", "SpeakerRole", "speaker", M[("Safadi", 2)])
    qb = t.index("\u201c") + 1; qe = t.index("\u201d")
    q = I(f"quote/{a['h']}-{qb}")
    g.add((q, RDF.type, NKG.Quotation))
    g.add((q, NKG.quoteText, Literal(t[qb:qe])))
    g.add((q, NKG.speaker, I("person/ayman-safadi")))
    g.add((q, NKG.statedOn, Literal("2025-03-04", datatype=XSD.date)))
    prov(q, a, g, NKG.AttributionPattern, 0.9, sent_of(qb))
    nb = t.index("1.2 million")
    c = I(f"claim/{a['h']}-{nb}")
    qty = URIRef(str(c) + "/quantity")
    g.add((c, RDF.type, NKG.Claim))
    g.add((c, NKG.claimText, Literal("more than 1.2 million people have been displaced")))
    g.add((c, NKG.quantity, qty))
    g.add((c, NKG.attributedTo, I("org/united-nations")))
    prov(c, a, g, NKG.LexicalPattern, 0.7, sent_of(nb))
    g.add((qty, RDF.type, NKG.Quantity))
    g.add((qty, NKG.numericValue, Literal(1200000, datatype=XSD.integer)))
    g.add((qty, NKG.unitText, Literal("people")))
    g.add((qty, NKG.measuredProperty, Literal("displaced")))
    g.add((qty, NKG.valueQualifier, Literal("more than")))
    mb = t.index("Ayman Safadi")
    af = I(f"affiliation/{a['h']}-{mb}")
    g.add((af, RDF.type, NKG.PositionHeld))
    g.add((af, NKG.holder, I("person/ayman-safadi")))
    g.add((af, NKG.organization, I("place/jordan")))
    g.add((af, NKG.roleName, Literal("Foreign Minister", lang="en")))
    prov(af, a, g, NKG.DependencyPattern, 0.8, sent_of(mb))
    g.add((I("person/ayman-safadi"), SCHEMA.jobTitle, Literal("Foreign Minister", lang="en")))

def facts2(a, g, t, M, sent_of):
    e, b = ev(a, g, t, "summit", 1, "Meeting", "summit", sent_of)
    when(g, e, "2025-05", "2025-05", XSD.gYearMonth, "unitMonth", "May 2025")
    g.add((e, SCHEMA.eventStatus, SCHEMA.EventScheduled))
    g.add((e, NKG.place, I("place/amman")))
    role(g, a, e, 1, "person/ayman-safadi", "AttendeeRole", "attendee", M[("Ayman Safadi", 1)])
    e2, b2 = ev(a, g, t, "condemned", 1, "Denunciation", "condemn", sent_of)
    g.add((e2, NKG.timeUnknown, Literal(True)))
    role(g, a, e2, 1, "person/ayman-safadi", "AgentRole", "agent", M[("The minister", 1)])
    e3, b3 = ev(a, g, t, "bombing", 1, "Bombing", "bombing", sent_of)
    when(g, e3, "2024", "2024", XSD.gYear, "unitYear", "2024")
    g.add((e3, NKG.place, I("place/gaza")))

build(ARTS[0], [("Jordanian", "place/jordan", 1), ("Ayman Safadi", "person/ayman-safadi", 1),
                ("Egyptian", "place/egypt", 1), ("Badr Abdelatty", "person/badr-abdelatty", 1),
                ("Geneva", "place/geneva", 1), ("Safadi", "person/ayman-safadi", 2),
                ("United Nations", "org/united-nations", 1)], facts1)
build(ARTS[1], [("Ayman Safadi", "person/ayman-safadi", 1), ("Amman", "place/amman", 1),
                ("The minister", "person/ayman-safadi", 1), ("Gaza", "place/gaza", 1)], facts2)
# the publisher: described in each article's graph that names it
for a in ARTS:
    g = ds.graph(a["iri"])
    cls, label, alts, same = ENT["org/example-wire"]
    o = I("org/example-wire")
    g.add((o, RDF.type, NKG[cls]))
    for p in (SKOS.prefLabel, RDFS.label, SCHEMA.name):
        g.add((o, p, Literal(label, lang="en")))
    g.add((o, NKG.sourceArticle, a["iri"]))
for a in ARTS:
    print(a["h"], file=sys.stderr)
sys.stdout.write(ds.serialize(format="trig"))
