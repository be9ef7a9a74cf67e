"""Keep an article when only some of its extracted facts fail the shapes.

Extraction is rule-based and will sometimes produce a fact the shapes reject (an event whose
only actor is not a named agent, an affiliation with a city as its organisation...). Rejecting
the whole article for one such fact would lose every good fact beside it. So ingest asks
:func:`prune` to drop exactly the extracted facts that SHACL names as focus nodes of
violations (an event, participation, affiliation, quotation, claim or quantity, together with
the nodes that belong to it and its shortcut triples) and validates again: the article is
written only when the pruned graph conforms, and the report lists what was dropped. A
violation on anything else (the article, its text spans, an entity) cannot be pruned: the
article is rejected as before. With ``--strict`` ingest never prunes.

Which nodes are facts comes from the ontology's class hierarchy (graph.extract.lexicon), not
from a list here.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graph.namespaces import NKG, SCHEMA

#: Roots of the classes whose instances are individual extracted facts that can be dropped.
FACT_ROOTS = (NKG.Event, NKG.Participation, NKG.Affiliation, NKG.Quotation, NKG.Claim,
              NKG.Quantity)


def _fact_classes(ontology: Graph) -> set[URIRef]:
    classes: set[URIRef] = set()
    for root in FACT_ROOTS:
        classes.add(root)
        classes.update(c for c in ontology.transitive_subjects(RDFS.subClassOf, root)
                       if isinstance(c, URIRef))
    return classes


def _is_fact(graph: Graph, node: Node, classes: set[URIRef]) -> bool:
    return any(t in classes for t in graph.objects(node, RDF.type))


def _owned(graph: Graph, node: Node) -> set[Node]:
    """The node and every node minted beneath its IRI (roles of an event, quantity of a claim)."""
    prefix = str(node) + "/"
    owned = {node}
    owned.update(s for s in set(graph.subjects()) if isinstance(s, URIRef)
                 and str(s).startswith(prefix))
    return owned


def _drop(graph: Graph, node: Node, ontology: Graph) -> None:
    # A participation's shortcut (event nkg:agent X...) lives on its event.
    participant = graph.value(node, NKG.participant)
    shortcut = ontology.value(graph.value(node, NKG.roleType), NKG.shortcutProperty)
    for event in list(graph.subjects(NKG.hasParticipation, node)):
        others = [p for p in graph.objects(event, NKG.hasParticipation) if p != node]
        if shortcut is not None and participant is not None and not any(
                graph.value(p, NKG.participant) == participant and
                ontology.value(graph.value(p, NKG.roleType), NKG.shortcutProperty) == shortcut
                for p in others):
            graph.remove((event, shortcut, participant))
    # An affiliation's shortcuts live on its holder: take them back with it.
    holder = graph.value(node, NKG.holder)
    org = graph.value(node, NKG.organization)
    role = graph.value(node, NKG.roleName)
    if holder is not None:
        others = [a for a in graph.subjects(NKG.holder, holder) if a != node]
        if org is not None and not any(graph.value(a, NKG.organization) == org for a in others):
            graph.remove((holder, NKG.leaderOf, org))
            graph.remove((holder, NKG.memberOf, org))
        if role is not None and not any(graph.value(a, NKG.roleName) == role for a in others):
            graph.remove((holder, SCHEMA.jobTitle, role))
    for owned in _owned(graph, node):
        graph.remove((owned, None, None))
        graph.remove((None, None, owned))


#: Shortcut properties an affiliation writes on its holder (in the report's prefixed form).
AFFILIATION_SHORTCUTS = {"nkg:leaderOf": NKG.leaderOf, "nkg:memberOf": NKG.memberOf}


def _affiliations_behind(graph: Graph, holder: Node, result) -> list[Node] | None:
    """The affiliations whose shortcut is the triple a violation on ``holder`` names: [] when
    that triple is already gone (with an affiliation an earlier result dropped), None when the
    violation is not on such a shortcut or nothing in the graph put it there."""
    prop = AFFILIATION_SHORTCUTS.get(getattr(result, "path", None) or "")
    value = getattr(result, "value", None)
    if prop is None or value is None:
        return None
    if (holder, prop, value) not in graph:
        return []
    return [a for a in graph.subjects(NKG.holder, holder)
            if graph.value(a, NKG.organization) == value] or None


def prune(graph: Graph, violations, ontology: Graph) -> tuple[Graph, list[str]] | None:
    """A copy of ``graph`` without the facts that are focus nodes of ``violations`` (SHACL
    results of severity Violation), with the IRIs dropped; None when a violation is on
    something that is not an extracted fact."""
    classes = _fact_classes(ontology)
    pruned = Graph()
    for triple in graph:
        pruned.add(triple)
    dropped: list[str] = []
    for result in violations:
        node = result.focus_node
        if str(node) in dropped:
            continue
        if not _is_fact(graph, node, classes):
            # a shortcut triple on an entity ('X nkg:leaderOf <a city>') is a fact's: drop
            # the affiliations that put it there
            owners = _affiliations_behind(pruned, node, result)
            if owners is None:
                return None
            for owner in owners:
                _drop(pruned, owner, ontology)
                dropped.append(str(owner))
            continue
        # A participation that fails goes alone; if its event then fails (no participant
        # left), the next validation names the event and the caller prunes again.
        _drop(pruned, node, ontology)
        dropped.append(str(node))
    return pruned, dropped
