"""The lexicons extraction reads from the ontology (never repeated in code).

``ontology/newskg.ttl`` carries annotation properties on its classes: ``nkg:triggerLemma`` on
event classes, ``nkg:nameKeyword`` on organisation classes, ``nkg:roleKeyword`` on affiliation
classes, ``nkg:shortcutProperty`` on role types. ``ontology/lexicon.ttl`` adds further general
words with the same properties. Both files are read once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.errors import InputError
from graph.namespaces import NKG
from graph.settings import ONTOLOGY_DIR

ONTOLOGY_FILE = ONTOLOGY_DIR / "newskg.ttl"
LEXICON_FILE = ONTOLOGY_DIR / "lexicon.ttl"


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


@dataclass
class Lexicon:
    #: lemma (possibly several words, lower case) -> event class local names
    triggers: dict[str, set[str]] = field(default_factory=dict)
    #: organisation name keyword (lower case) -> organisation class local name
    name_keywords: dict[str, str] = field(default_factory=dict)
    #: role word (lower case) -> affiliation class local name
    role_keywords: dict[str, str] = field(default_factory=dict)
    #: verb lemma -> (affiliation class local name, role name it gives its subject)
    role_verbs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: role type local name -> shortcut property IRI
    shortcuts: dict[str, URIRef] = field(default_factory=dict)
    #: class local name -> every superclass local name (itself included)
    ancestors: dict[str, set[str]] = field(default_factory=dict)
    _lemmas_of: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def is_a(self, cls: str, parent: str) -> bool:
        return parent in self.ancestors.get(cls, {cls})

    def lemmas_of(self, parent: str) -> frozenset[str]:
        """Every trigger lemma of ``parent`` or one of its subclasses (computed once)."""
        cached = self._lemmas_of.get(parent)
        if cached is None:
            cached = frozenset(lemma for lemma, classes in self.triggers.items()
                               if any(self.is_a(c, parent) for c in classes))
            self._lemmas_of[parent] = cached
        return cached

    @cached_property
    def max_trigger_words(self) -> int:
        return max((len(k.split()) for k in self.triggers), default=1)


def _read(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        if path.is_file():
            try:
                graph.parse(path, format="turtle")
            except Exception as exc:  # rdflib raises many parser error types
                raise InputError(f"cannot read {path}: {exc}; fix the Turtle syntax") from None
    return graph


def _ancestors(graph: Graph) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parents.setdefault(local(s), set()).add(local(o))
    result: dict[str, set[str]] = {}
    for cls in parents:
        seen, todo = {cls}, [cls]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        result[cls] = seen
    return result


def lexicon_from_graph(graph: Graph) -> Lexicon:
    lex = Lexicon(ancestors=_ancestors(graph))
    for cls, lemma in graph.subject_objects(NKG.triggerLemma):
        lex.triggers.setdefault(str(lemma).strip().lower(), set()).add(local(cls))
    for cls, word in graph.subject_objects(NKG.nameKeyword):
        lex.name_keywords.setdefault(str(word).strip().lower(), local(cls))
    for cls, word in graph.subject_objects(NKG.roleKeyword):
        lex.role_keywords.setdefault(str(word).strip().lower(), local(cls))
    for cls, value in graph.subject_objects(NKG.roleVerb):
        verb, _, role = str(value).strip().lower().partition(":")
        lex.role_verbs.setdefault(verb, (local(cls), role or verb))
    for role, prop in graph.subject_objects(NKG.shortcutProperty):
        lex.shortcuts[local(role)] = URIRef(prop)
    return lex


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon of ontology/newskg.ttl plus ontology/lexicon.ttl (cached)."""
    if not ONTOLOGY_FILE.is_file():
        raise InputError(f"the ontology {ONTOLOGY_FILE} is missing: restore it from git "
                         f"(ingest reads its trigger and keyword lexicons)")
    return lexicon_from_graph(_read([ONTOLOGY_FILE, LEXICON_FILE]))
