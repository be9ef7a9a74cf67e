"""Linked data: every IRI newskg mints dereferences here, the ontology at its IRI, the JSON-LD
context, and the dumps.

* ``/id/<path>``: the resource ``base_iri + "id/" + path``: an HTML page for browsers, its
  description (:func:`graph.describe.describe`) in any RDF syntax by Accept or ``?format=``.
* ``/ontology``: the ontology (``ontology/newskg.ttl``) as RDF, or its pyLODE documentation.
* ``/context.jsonld``: the JSON-LD context the JSON-LD descriptions use.
* ``/dump.<ext>``: the whole graph, as ``newskg export --format`` writes it.

Every answer carries ``Vary: Accept``. Route functions parse, call the engine, negotiate; the
page model (what the HTML template shows) is built by :class:`Page` from the description graph.
"""

from __future__ import annotations

import io
import json
import logging
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from graph import describe as descriptions
from graph.errors import NotFoundError
from graph.formats import RDF_FORMATS, Format
from graph.namespaces import NIF, NKG, ONTOLOGY_IRI, PREFIXES, SCHEMA
from graph.settings import ONTOLOGY_DIR
from graph.terms import to_ox
from server.conneg import HTML, negotiate_rdf
from server.service import get_service

bp = Blueprint("linked_data", __name__)

ONTOLOGY_FILE = ONTOLOGY_DIR / "newskg.ttl"
#: The dumps offered for download: extension in the URL -> format (as `newskg export` writes).
DUMPS = {f.extension: f for f in RDF_FORMATS}
_CHUNK = 1 << 16


@bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _store():
    return get_service().store


def _base() -> str:
    return current_app.config["NEWSKG"].base_iri


# --- resources ----------------------------------------------------------------------------

@bp.get("/id/<path:path>")
def resource(path: str):
    iri = _base() + "id/" + path
    chosen = negotiate_rdf(request, html=True)
    graph = descriptions.describe(_store(), iri)
    if chosen == HTML:
        page = Page(graph, URIRef(iri), Links(_base(), request.script_root,
                                              _term_labels(ONTOLOGY_FILE)))
        return render_template("resource.html", page=page)
    return _rdf_response(graph, chosen)


def _rdf_response(graph: Graph, fmt: Format) -> Response:
    if fmt.name == "jsonld":
        body: str | bytes = _jsonld(graph)
    else:
        body = ox.serialize((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph),
                            None, fmt.oxigraph, prefixes=dict(PREFIXES))
    return Response(body, mimetype=fmt.media_type)


def _jsonld(graph: Graph) -> str:
    """JSON-LD compacted with the published context, which the document names by its URL."""
    context = json.loads(descriptions.jsonld_context_json(ONTOLOGY_FILE))["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    document["@context"] = url_for("linked_data.context", _external=True)
    return json.dumps(document, indent=2, ensure_ascii=False)


@bp.get("/context.jsonld")
def context():
    return Response(descriptions.jsonld_context_json(ONTOLOGY_FILE),
                    mimetype="application/ld+json")


# --- the ontology -------------------------------------------------------------------------

@bp.get("/ontology")
def ontology():
    if not ONTOLOGY_FILE.is_file():
        raise NotFoundError(f"the ontology source {ONTOLOGY_FILE} is missing: restore it "
                            f"from the repository")
    chosen = negotiate_rdf(request, html=True)
    if chosen == HTML:
        return Response(_ontology_html(ONTOLOGY_FILE), mimetype="text/html")
    if chosen.name == "ttl":
        return Response(ONTOLOGY_FILE.read_bytes(), mimetype=chosen.media_type)
    quads = ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), None,
                        chosen.oxigraph, prefixes=dict(PREFIXES))
    return Response(body, mimetype=chosen.media_type)


_labels_cache: dict[tuple, dict] = {}


def _term_labels(path: Path) -> dict:
    """English labels of the ontology's terms (cached until the file changes), so pages name
    types and properties even when the store does not hold the ontology."""
    if not path.is_file():
        return {}
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _labels_cache:
        from graph import ontology as ontology_module

        _labels_cache.clear()
        _labels_cache[key] = {str(k): v for k, v in
                              ontology_module.labels(ontology_module.load(path)).items()}
    return _labels_cache[key]


_docs_lock = threading.Lock()
_docs_cache: dict[tuple, str] = {}


def _ontology_html(path: Path) -> str:
    """pyLODE's documentation of the ontology, built on first request and kept until the
    file changes; every term also gets an anchor named by its local name, so that the term
    IRI ``…/ontology#Person`` opens at the term."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _docs_lock:
        if key not in _docs_cache:
            _docs_cache.clear()
            _docs_cache[key] = _term_anchors(_pylode(path))
        return _docs_cache[key]


def _pylode(path: Path) -> str:
    from graph import ontology as ontology_module

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        with tempfile.TemporaryDirectory(prefix="newskg-ontology-docs-") as tmp:
            return ontology_module.docs(tmp, path).read_text(encoding="utf-8")
    finally:
        # pyLODE calls logging.basicConfig(level=DEBUG) when imported: undo that.
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


_TERM_SECTION = re.compile(
    r'(<div class="[^"]*entity[^"]*" id="[^"]+">)(.*?)<code>' + re.escape(str(NKG))
    + r'([A-Za-z_][\w.-]*)</code>', re.S)


def _term_anchors(html: str) -> str:
    taken = set(re.findall(r'id="([^"]+)"', html))

    def add(match: re.Match) -> str:
        name = match.group(3)
        if name in taken:
            return match.group(0)
        taken.add(name)
        return f'{match.group(1)}<span id="{name}"></span>{match.group(0)[len(match.group(1)):]}'

    return _TERM_SECTION.sub(add, html)


# --- dumps --------------------------------------------------------------------------------

@bp.get("/dump.<ext>")
def dump(ext: str):
    fmt = DUMPS.get(ext)
    if fmt is None:
        raise NotFoundError(f"no dump /dump.{ext}; available: "
                            + ", ".join(f"/dump.{e}" for e in DUMPS))
    # Written to a spooled file (memory first, disk when large), then streamed out.
    spool = tempfile.SpooledTemporaryFile(max_size=32 << 20)
    try:
        _store().export(spool, fmt.name)
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    response = Response(_stream(spool), mimetype=fmt.media_type)
    response.headers["Content-Length"] = str(size)
    response.headers["Content-Disposition"] = f'attachment; filename="newskg.{ext}"'
    return response


def _stream(spool: io.IOBase) -> Iterator[bytes]:
    try:
        while chunk := spool.read(_CHUNK):
            yield chunk
    finally:
        spool.close()


# --- the page model -----------------------------------------------------------------------

@dataclass(frozen=True)
class Links:
    """Turns IRIs into links: newskg's own IRIs to this server's pages, others unchanged."""

    base: str
    root: str = ""
    vocabulary: dict = field(default_factory=dict)  # IRI -> label of the ontology's terms

    def href(self, iri: str) -> str:
        own = self.base + "id/"
        if iri.startswith(own):
            return f"{self.root}/id/{iri[len(own):]}"
        if iri == ONTOLOGY_IRI:
            return f"{self.root}/ontology"
        if iri.startswith(str(NKG)):
            return f"{self.root}/ontology#{iri[len(str(NKG)):]}"
        return iri

    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base + "id/") or iri.startswith(ONTOLOGY_IRI)


_LABELS = (SKOS.prefLabel, RDFS.label, SCHEMA.name, SCHEMA.headline, NKG.quoteText,
           NKG.claimText, NKG.roleName, NIF.anchorOf)
_PRECISION = {URIRef(str(TIME) + unit): name for unit, name in (
    ("unitDay", "day"), ("unitMonth", "month"), ("unitYear", "year"),
    ("unitDecade", "decade"), ("unitCentury", "century"), ("unitMillenium", "millennium"))}
#: Predicates the page shows in their own sections rather than in the table of properties.
_SHOWN_APART = {RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.name, SKOS.altLabel,
                SCHEMA.alternateName, OWL.sameAs, SCHEMA.sameAs, NIF.isString,
                NKG.hasParticipation, SCHEMA.headline}
#: Incoming links shown in their own sections (mentions, spans, roles, article facts).
_INCOMING_APART = {NKG.denotes, NIF.referenceContext, NKG.participant, NKG.sourceArticle}
#: Nodes that are parts of facts, not facts: not listed among an article's facts.
_PARTS = {NKG.Participation, NKG.Mention, NKG.Sentence, NKG.Quantity, NKG.ExtractionActivity}
_MAX_SHOWN = 200


def _curie(iri: str) -> str:
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best) and iri[len(ns):]:
            best, name = ns, f"{prefix}:{iri[len(ns):]}"
    return name if best else iri


def _lang_rank(literal: Node) -> int:
    lang = getattr(literal, "language", None)
    return 0 if lang == "en" else 1 if not lang else 2


class Page:
    """What the resource template shows, read from a description graph."""

    def __init__(self, graph: Graph, iri: URIRef, links: Links) -> None:
        self.g, self.iri, self.links = graph, iri, links
        self.label = self.label_of(iri)
        self.types = [self.link(t) for t in sorted(graph.objects(iri, RDF.type))]
        self.aliases = sorted({str(a) for p in (SKOS.altLabel, SCHEMA.alternateName)
                               for a in graph.objects(iri, p)} - {self.label})
        self.same_as = [self.external(o) for p in (OWL.sameAs, SCHEMA.sameAs)
                        for o in sorted(graph.objects(iri, p)) if isinstance(o, URIRef)]
        self.properties = self._properties()
        self.incoming = self._incoming()
        self.evidence = self._evidence()
        self.timeline = self._timeline()
        self.roles = self._roles()
        self.when = self._when(iri)
        self.places = [self.link(p) for p in sorted(graph.objects(iri, NKG.place))]
        self.sources = [self.article_link(a) for a in sorted(graph.objects(iri,
                                                                          NKG.sourceArticle))]
        self.article = self._article()
        self.iri_text = str(iri)

    # names and links
    def label_of(self, node: Node) -> str:
        for prop in _LABELS:
            values = sorted(self.g.objects(node, prop), key=lambda v: (_lang_rank(v), str(v)))
            if values:
                text = str(values[0])
                return text if len(text) <= 140 else text[:137] + "…"
        value = self.g.value(node, NKG.numericValue)
        if value is not None:  # a quantity: "more than 1200000 people"
            parts = (self.g.value(node, NKG.valueQualifier), value,
                     self.g.value(node, NKG.unitText))
            return " ".join(str(p) for p in parts if p is not None)
        text = str(node)
        if text in self.links.vocabulary:
            return self.links.vocabulary[text]
        if self.links.is_local(text):
            return _curie(text) if text.startswith(str(NKG)) else text.rsplit("/id/", 1)[-1]
        return _curie(text)

    def link(self, node: Node) -> dict:
        iri = str(node)
        return {"href": self.links.href(iri), "label": self.label_of(node), "iri": iri,
                "types": [self.label_of(t) for t in sorted(self.g.objects(node, RDF.type))]}

    def external(self, node: Node) -> dict:
        iri = str(node)
        if iri.startswith(PREFIXES["wd"]):
            label = "Wikidata " + iri[len(PREFIXES["wd"]):]
        elif "geonames.org/" in iri:
            label = "GeoNames " + iri.rstrip("/").rsplit("/", 1)[-1]
        else:
            label = iri
        return {"href": self.links.href(iri), "label": label, "iri": iri}

    def article_link(self, node: Node) -> dict:
        link = self.link(node)
        link["date"] = next((str(d) for d in self.g.objects(node, SCHEMA.datePublished)), "")
        link["url"] = next((str(u) for u in self.g.objects(node, SCHEMA.url)), "")
        return link

    def value(self, node: Node) -> dict:
        if isinstance(node, Literal):
            datatype = _curie(str(node.datatype)) if node.datatype else ""
            return {"text": str(node), "lang": node.language or "", "datatype": datatype}
        return self.link(node)

    def predicate(self, p: Node) -> dict:
        return {"label": _curie(str(p)), "href": self.links.href(str(p)), "iri": str(p)}

    # sections
    def _properties(self) -> list[dict]:
        rows: dict[Node, list] = {}
        for p, o in self.g.predicate_objects(self.iri):
            if p not in _SHOWN_APART:
                rows.setdefault(p, []).append(o)
        return [{"predicate": self.predicate(p),
                 "values": [self.value(o) for o in sorted(values)[:_MAX_SHOWN]]}
                for p, values in sorted(rows.items(), key=lambda kv: _curie(str(kv[0])))]

    def _incoming(self) -> list[dict]:
        rows: dict[Node, list] = {}
        for s, p in self.g.subject_predicates(self.iri):
            if p not in _INCOMING_APART:
                rows.setdefault(p, []).append(s)
        return [{"predicate": self.predicate(p),
                 "values": [self.link(s) for s in sorted(subjects)[:_MAX_SHOWN]]}
                for p, subjects in sorted(rows.items(), key=lambda kv: _curie(str(kv[0])))]

    def _when(self, node: Node) -> dict | None:
        g = self.g
        start = g.value(node, SCHEMA.startDate)
        end = g.value(node, SCHEMA.endDate)
        unknown = g.value(node, NKG.timeUnknown)
        if start is None and unknown is None:
            return None
        precision = _PRECISION.get(g.value(node, NKG.timePrecision), "")
        shown = _date_text(start, precision) if start is not None else "date unknown"
        if end is not None and start is not None and _date_text(end, precision) != shown:
            shown += " – " + _date_text(end, precision)
        status = g.value(node, SCHEMA.eventStatus)
        return {"start": str(start) if start is not None else "", "text": shown,
                "precision": precision,
                "words": str(g.value(node, NKG.timeText) or ""),
                "status": _curie(str(status)).split(":")[-1] if status is not None else ""}

    def _timeline(self) -> list[dict]:
        g, r = self.g, self.iri
        events: dict[Node, set] = {}
        for role in g.subjects(NKG.participant, r):
            role_types = {self.label_of(t) for t in g.objects(role, NKG.roleType)}
            for ev in g.subjects(NKG.hasParticipation, role):
                events.setdefault(ev, set()).update(role_types)
        for ev in g.subjects(NKG.place, r):
            events.setdefault(ev, set())
        rows = []
        for ev, roles in events.items():
            when = self._when(ev)
            rows.append({"event": self.link(ev), "when": when, "roles": sorted(roles),
                         "places": [self.link(p) for p in sorted(g.objects(ev, NKG.place))]})
        rows.sort(key=lambda row: (row["when"] is None or not row["when"]["start"],
                                   row["when"]["start"] if row["when"] else "",
                                   row["event"]["label"]))
        return rows

    def _roles(self) -> list[dict]:
        g = self.g
        rows = []
        for role in sorted(g.objects(self.iri, NKG.hasParticipation)):
            for who in sorted(g.objects(role, NKG.participant)):
                kinds = [self.label_of(t) for t in sorted(g.objects(role, NKG.roleType))]
                rows.append({"role": self.link(role), "participant": self.link(who),
                             "type": ", ".join(kinds) or "participant"})
        return rows

    # text
    def _span(self, span: Node) -> tuple[Node, int, int] | None:
        ctx = self.g.value(span, NIF.referenceContext)
        begin = self.g.value(span, NIF.beginIndex)
        end = self.g.value(span, NIF.endIndex)
        try:
            return ctx, int(begin), int(end)
        except (TypeError, ValueError):
            return None

    def _evidence(self) -> list[dict]:
        g, r = self.g, self.iri
        holders = {r, *g.objects(r, NKG.hasParticipation)}
        spans = set(g.subjects(NKG.denotes, r))
        for holder in holders:
            spans.update(g.objects(holder, NKG.evidence))
        words = [str(w) for p in (NKG.triggerText, NKG.quoteText, NKG.claimText)
                 for w in g.objects(r, p)]
        sentences: dict[Node, dict] = {}
        for span in spans:
            where = self._span(span)
            if where is None:
                continue
            sentence = g.value(span, NKG.sentence) or span
            text = g.value(sentence, NIF.anchorOf)
            place = self._span(sentence)
            if text is None or place is None:
                continue
            ctx, sb, se = place
            entry = sentences.setdefault(sentence, {
                "article": self.article_link(ctx), "begin": sb, "end": se, "text": str(text),
                "marks": set(), "href": f"{self.links.href(str(ctx))}#char={sb},{se}"})
            if sentence != span:
                entry["marks"].add((where[1] - sb, where[2] - sb))
        rows = []
        for entry in sentences.values():
            marks = entry.pop("marks")
            for word in words:  # the trigger, quotation or claim inside its sentence
                found = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", entry["text"])
                if word and found:
                    marks.add(found.span())
            entry["pieces"] = _pieces(entry["text"], [(b, e, None, None) for b, e in marks])
            rows.append(entry)
        rows.sort(key=lambda e: (e["article"]["date"], e["article"]["iri"], e["begin"]))
        return rows

    def _article(self) -> dict | None:
        g, r = self.g, self.iri
        text = g.value(r, NIF.isString)
        if text is None:
            return None
        text = str(text)
        spans = []
        for span in g.subjects(NIF.referenceContext, r):
            where = self._span(span)
            if where is not None:
                spans.append((span, where[1], where[2]))
        sentence_spans = sorted((b, e) for s, b, e in spans
                                if (s, RDF.type, NKG.Sentence) in g
                                or (s, RDF.type, NIF.Sentence) in g)
        mentions = sorted((b, e, self.links.href(str(g.value(s, NKG.denotes))),
                           self.label_of(g.value(s, NKG.denotes)))
                          for s, b, e in spans if g.value(s, NKG.denotes) is not None)
        blocks, at = [], 0
        for b, e in sentence_spans or [(0, len(text))]:
            if b < at or e > len(text):
                continue
            if b > at:
                blocks.append({"id": "", "pieces": _pieces(text[at:b], [])})
            inside = [(mb - b, me - b, href, title) for mb, me, href, title in mentions
                      if b <= mb and me <= e]
            blocks.append({"id": f"char={b},{e}" if sentence_spans else "",
                           "pieces": _pieces(text[b:e], inside, offset=b)})
            at = e
        if at < len(text):
            blocks.append({"id": "", "pieces": _pieces(text[at:], [])})
        facts, entities = self._facts()
        return {
            "headline": str(g.value(r, SCHEMA.headline) or ""),
            "date": str(g.value(r, SCHEMA.datePublished) or ""),
            "publishers": [self.link(p) for p in sorted(g.objects(r, SCHEMA.publisher))],
            "authors": [self.link(p) for p in sorted(g.objects(r, SCHEMA.author))],
            "url": str(g.value(r, SCHEMA.url) or ""),
            "dateline": str(g.value(r, NKG.dateline) or ""),
            "blocks": blocks,
            "facts": facts,
            "entities": entities,
        }

    def _facts(self) -> tuple[list[dict], list[dict]]:
        """What was extracted from the article: (facts, entities), each grouped by type.
        Entities are the nodes with a preferred label; facts (events, quotations, claims,
        affiliations) have none."""
        g = self.g
        facts: dict[str, list] = {}
        entities: dict[str, list] = {}
        for node in set(g.subjects(NKG.sourceArticle, self.iri)):
            types = set(g.objects(node, RDF.type))
            if types & _PARTS:
                continue
            link = self.link(node)
            link["when"] = self._when(node)
            kind = ", ".join(sorted(self.label_of(t) for t in types)) or "resource"
            target = entities if g.value(node, SKOS.prefLabel) is not None else facts
            target.setdefault(kind, []).append(link)

        def grouped(groups: dict[str, list]) -> list[dict]:
            return [{"kind": kind, "items": sorted(items, key=lambda i: i["label"].lower())}
                    for kind, items in sorted(groups.items())]

        return grouped(facts), grouped(entities)


def _date_text(value: Node, precision: str) -> str:
    text = str(value)
    if precision == "decade" and len(text) >= 4:
        return text[:3] + "0s"
    if precision == "century" and len(text) >= 4 and text[:2].isdigit():
        return f"{int(text[:2]) + 1}th century"
    return text


def _pieces(text: str, marks: Iterable[tuple], offset: int = 0) -> list[dict]:
    """``text`` cut into plain and marked pieces; ``marks`` are (begin, end, href, title)
    relative to ``text``; overlapping or out-of-range marks are dropped."""
    pieces, at = [], 0
    for begin, end, href, title in sorted(marks, key=lambda m: (m[0], -m[1])):
        if begin < at or end > len(text) or begin >= end:
            continue
        if begin > at:
            pieces.append({"text": text[at:begin]})
        pieces.append({"text": text[begin:end], "mark": True, "href": href, "title": title,
                       "id": f"char={begin + offset},{end + offset}" if offset or href else ""})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:]})
    return pieces
