"""The newskg ontology: load it, check it, document it, and read the lexicons it carries.

``ontology/newskg.ttl`` is the single source of truth. This module

* loads it into an rdflib :class:`~rdflib.Graph` (:func:`load`);
* checks it (:func:`check`): the lint queries in ``ontology/checks/*.rq`` (each must return no
  rows) and a run of the HermiT OWL 2 DL reasoner through owlready2 (the ontology, plus any
  example ABox, must be consistent and no class may be unsatisfiable);
* writes its HTML documentation with pyLODE (:func:`docs`);
* reads the annotations the extraction code uses (:func:`annotation_values`,
  :func:`role_shortcuts`), so code never repeats what the ontology says.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.util import guess_format

from graph.errors import InputError, ReasonerUnavailableError
from graph.namespaces import NKG, ONTOLOGY_IRI
from graph.settings import ONTOLOGY_DIR

#: The ontology source file.
ONTOLOGY_PATH = ONTOLOGY_DIR / "newskg.ttl"
#: The folder of lint queries (SPARQL SELECT, each must return no rows).
CHECKS_DIR = ONTOLOGY_DIR / "checks"
#: Name of the reasoner check in problem reports.
REASONER_CHECK = "reasoner"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ontology: which check found it, on which term, how to fix it."""

    check: str
    term: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.term}: {self.message}"


@dataclass(frozen=True)
class LintCheck:
    """A lint query: ``description`` is the first comment line of its .rq file (what it finds
    and how to fix it); rows it returns are problems. It selects ``?term`` and optionally
    ``?detail``."""

    name: str
    description: str
    query: str

    @classmethod
    def from_file(cls, path: Path) -> "LintCheck":
        text = path.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        if not first.startswith("#"):
            raise InputError(f"{path}: a lint check must begin with a comment line saying what "
                             "it finds and how to fix it ('# Finds ... Fix: ...')")
        return cls(name=path.stem, description=first.lstrip("#").strip(), query=text)


# --------------------------------------------------------------------------------------------
# Loading


def load(path: str | Path | None = None) -> Graph:
    """Parse an ontology (Turtle or any format rdflib guesses from the extension)."""
    path = Path(path) if path is not None else ONTOLOGY_PATH
    return _parse([path])


def _parse(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file; give the path of a Turtle (.ttl) file")
        try:
            graph.parse(path, format=_format_of(path))
        except Exception as exc:  # rdflib raises many parser-specific exception types
            raise InputError(f"{path}: cannot parse it as RDF ({exc}); fix the syntax error "
                             "and run the check again") from exc
    return graph


def _format_of(path: Path) -> str | None:
    return guess_format(str(path)) or "turtle"


# --------------------------------------------------------------------------------------------
# Lint checks


def load_checks(checks_dir: str | Path | None = None) -> list[LintCheck]:
    checks_dir = Path(checks_dir) if checks_dir is not None else CHECKS_DIR
    files = sorted(checks_dir.glob("*.rq"))
    if not files:
        raise InputError(f"{checks_dir}: no lint checks (*.rq) found; restore ontology/checks/")
    return [LintCheck.from_file(path) for path in files]


def lint(graph: Graph, checks: Sequence[LintCheck] | None = None) -> list[Problem]:
    """Run every lint query over the ontology graph; each returned row is a problem."""
    problems: list[Problem] = []
    for check in checks if checks is not None else load_checks():
        try:
            rows = graph.query(check.query)
        except Exception as exc:  # a broken .rq file is an input error, not a crash
            raise InputError(f"ontology check {check.name}: the query does not run ({exc}); "
                             "fix ontology/checks/" + check.name + ".rq") from exc
        seen: set[tuple[str, str]] = set()
        for row in rows:
            fields = row.asdict()
            term = _short(fields.get("term"), graph)
            detail = fields.get("detail")
            key = (term, str(detail or ""))
            if key in seen:
                continue
            seen.add(key)
            message = (f"{_compact(str(detail), graph)}. {check.description}" if detail
                       else check.description)
            problems.append(Problem(check.name, term, message))
    return problems


def _compact(text: str, graph: Graph) -> str:
    """Write the IRIs in a message with the graph's prefixes (owl:Class, not the full IRI)."""
    namespaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix),
                        key=lambda pair: -len(pair[0]))
    for namespace, prefix in namespaces:
        text = re.sub(re.escape(namespace) + r"(?=[A-Za-z_])", prefix + ":", text)
    return text


def _short(term, graph: Graph) -> str:
    if term is None:
        return "(ontology)"
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    return str(term)


# --------------------------------------------------------------------------------------------
# Reasoner


def java_path() -> str | None:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE)


def reason(ontology: Graph, aboxes: Sequence[tuple[str, Graph]] = ()) -> list[Problem]:
    """Run HermiT on the ontology plus each ABox in turn (or on the ontology alone when none
    is given). Reports inconsistency and unsatisfiable classes as problems."""
    _require_java()
    runs = [(None, ontology)] if not aboxes else [(name, ontology + abox) for name, abox in aboxes]
    problems: list[Problem] = []
    for name, graph in runs:
        problems.extend(_reason_once(graph, name))
    return problems


def _require_java() -> None:
    if java_path() is None:
        raise ReasonerUnavailableError(
            "the OWL reasoner (HermiT) needs Java, and no `java` is on the PATH; run "
            "`make install` (it installs a Java runtime) or install one with "
            "`apt-get install -y default-jre-headless`")


def _reason_once(graph: Graph, abox_name: str | None) -> list[Problem]:
    import owlready2

    where = f"the ontology with the ABox {abox_name}" if abox_name else "the ontology"
    with tempfile.TemporaryDirectory(prefix="newskg-owl-") as tmp:
        nt = Path(tmp) / "ontology.nt"
        graph.serialize(nt, format="nt", encoding="utf-8")
        world = owlready2.World()  # a fresh in-memory quadstore per run
        try:
            try:
                world.get_ontology(nt.as_uri()).load()
            except Exception as exc:  # owlready2 refuses some non-DL input (e.g. punning)
                return [Problem(REASONER_CHECK, abox_name or ONTOLOGY_IRI,
                                f"owlready2 cannot load {where} for reasoning ({exc}). Fix: make "
                                "it OWL 2 DL (one kind per term: class, object property, data "
                                "property or individual)")]
            try:
                with _temp_files_in(tmp):
                    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                                   ignore_unsupported_datatypes=True)
            except owlready2.OwlReadyInconsistentOntologyError:
                return [Problem(REASONER_CHECK, abox_name or ONTOLOGY_IRI,
                                f"{where} is inconsistent (HermiT).{_disjointness_hint(graph)} "
                                "Fix: remove the contradicting type or axiom.")]
            except owlready2.OwlReadyJavaError as exc:
                raise ReasonerUnavailableError(
                    f"HermiT failed on {where}: {str(exc).strip()[:500]}; check that Java 11 or "
                    "newer is installed (`make install`) and that the ontology is OWL 2 DL")
            return [Problem(REASONER_CHECK, _iri_of(cls),
                            f"class is unsatisfiable in {where} (equivalent to owl:Nothing: no "
                            "individual can belong to it). Fix: remove the contradicting "
                            "superclasses, disjointness or restrictions.")
                    for cls in world.inconsistent_classes() if cls is not owlready2.Nothing]
        finally:
            world.close()


@contextmanager
def _temp_files_in(folder: str):
    """owlready2 writes HermiT's input to a temporary file and leaves it behind when the
    ontology is inconsistent; create it in our own temporary folder, which is removed."""
    saved = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = saved


def _iri_of(entity) -> str:
    iri = getattr(entity, "iri", str(entity))
    return "nkg:" + iri[len(str(NKG)):] if iri.startswith(str(NKG)) else f"<{iri}>"


_DISJOINT_TYPES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x ?a ?b WHERE {
  { ?a owl:disjointWith ?b }
  UNION
  { ?all a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
  ?x rdf:type/rdfs:subClassOf* ?a .
  ?x rdf:type/rdfs:subClassOf* ?b .
  FILTER(STR(?a) < STR(?b))
} LIMIT 5
"""


def _disjointness_hint(graph: Graph) -> str:
    """Name individuals typed with two disjoint classes (the usual cause of inconsistency)."""
    rows = list(graph.query(_DISJOINT_TYPES))
    if not rows:
        return ""
    parts = [f"{_short(x, graph)} is both {_short(a, graph)} and {_short(b, graph)}, which are "
             "disjoint" for x, a, b in rows]
    return " " + "; ".join(parts) + "."


# --------------------------------------------------------------------------------------------
# The whole check


def check(path: str | Path | None = None, abox_paths: Sequence[str | Path] = (),
          checks_dir: str | Path | None = None, reasoner: bool = True) -> list[Problem]:
    """Lint the ontology, then run the reasoner on it (and on it plus each ABox); with
    ``reasoner=False`` only the lint queries run.

    Returns the problems found (empty when the ontology is clean). Raises
    :class:`~graph.errors.InputError` for a missing or unparsable file and
    :class:`~graph.errors.ReasonerUnavailableError` when Java is missing.
    """
    ontology = load(path)
    aboxes = [(str(p), _parse([Path(p)])) for p in abox_paths]
    if reasoner:
        _require_java()  # fail fast, before the lint queries
    problems = lint(ontology, load_checks(checks_dir))
    if reasoner:
        problems.extend(reason(ontology, aboxes))
    return problems


# --------------------------------------------------------------------------------------------
# Documentation


def docs(output_dir: str | Path, path: str | Path | None = None) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``output_dir/index.html``."""
    source = Path(path) if path is not None else ONTOLOGY_PATH
    graph = load(source)  # a clear error for a missing or broken file before pyLODE sees it
    OntPub, PylodeError = _import_pylode()
    output = Path(output_dir)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {output} ({exc.strerror}); "
                         "choose a writable folder with --output") from exc
    try:
        publication = OntPub(ontology=str(source))
        # pyLODE titles the page after the last skos:ConceptScheme it meets (our role types
        # or extraction methods); the page is about the ontology.
        title = _ontology_title(graph)
        if title:
            publication.doc.title = title
        with warnings.catch_warnings():
            # pyLODE 3.3.4 reads its stylesheet without closing the file; harmless, silenced
            # here only (with a destination it would leak the output file too, so we write it).
            warnings.filterwarnings("ignore", message=r"unclosed file .*pylode",
                                    category=ResourceWarning)
            html = publication.make_html()
    except PylodeError as exc:
        raise InputError(f"{source}: pyLODE cannot document it ({exc})") from exc
    index = output / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def _ontology_title(graph: Graph) -> str | None:
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        for title in graph.objects(ontology, DCTERMS.title):
            return str(title)
    return None


def _import_pylode():
    """Import pyLODE without its import-time side effect: pyLODE 3.3.4 calls
    ``logging.basicConfig(level=DEBUG)`` on the root logger, which would make every library
    print debug logs. Undo that once the import is done."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from pylode import OntPub
    from pylode.utils import PylodeError

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return OntPub, PylodeError


# --------------------------------------------------------------------------------------------
# Lexicons and mappings carried by the ontology (read by the extraction code)


def annotation_values(graph: Graph, prop: URIRef) -> dict[URIRef, list[str]]:
    """``{class: [values]}`` for an annotation such as ``nkg:triggerLemma``,
    ``nkg:nameKeyword`` or ``nkg:roleKeyword`` (values sorted)."""
    table: dict[URIRef, list[str]] = {}
    for subject, value in graph.subject_objects(prop):
        table.setdefault(subject, []).append(str(value))
    return {subject: sorted(values) for subject, values in sorted(table.items())}


def role_shortcuts(graph: Graph) -> dict[URIRef, URIRef]:
    """``{role type: shortcut property}`` from ``nkg:shortcutProperty``."""
    return {role: prop for role, prop in graph.subject_objects(NKG.shortcutProperty)
            if (role, RDF.type, NKG.RoleType) in graph}


def labels(graph: Graph) -> dict[URIRef, str]:
    """English ``rdfs:label`` of every nkg: term."""
    return {s: str(o) for s, o in graph.subject_objects(RDFS.label)
            if isinstance(s, URIRef) and s.startswith(str(NKG))
            and getattr(o, "language", None) in ("en", None)}


__all__ = [
    "ONTOLOGY_PATH", "CHECKS_DIR", "Problem", "LintCheck", "load", "load_checks", "lint",
    "reason", "check", "docs", "annotation_values", "role_shortcuts", "labels", "java_path",
]
