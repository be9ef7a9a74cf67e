"""`newskg validate`: check graphs against the SHACL shapes.

Validates every article graph of the store, or the RDF files given (each named graph of a
TriG/N-Quads/JSON-LD file on its own, the default graph as one more), one by one in this
process (graph.validate.validate_graphs: about 30 ms per article graph, where a process pool
cost more than it saved). Prints a short report grouped by shape and focus node; ``--report`` writes the full report as Turtle or JSON.
Exit 0 conforms, 1 violations, 2 usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import InputError, UsageError
from graph.formats import rdf_format
from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store
from graph.terms import from_ox
from graph.validate import ValidationReport, merge_reports, validate_graphs, validate_store

NAME = "validate"
HELP = ("Check the graph against the SHACL shapes: every article graph of the store, or the "
        "RDF files given. Exit 0 conforms, 1 violations, 2 error.")
SETTINGS = ("store",)
REPORT_FORMATS = ("ttl", "json")
#: Focus nodes listed per shape in the printed report unless --all.
DEFAULT_SHOWN = 10


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="RDF files to validate instead of the store (Turtle, TriG, "
                             "N-Triples, N-Quads, JSON-LD, RDF/XML; by extension)")
    parser.add_argument("--report", metavar="FILE",
                        help="write the full validation report to FILE")
    parser.add_argument("--report-format", choices=REPORT_FORMATS,
                        help="format of --report (default: json for a .json file, else ttl)")
    parser.add_argument("--all", action="store_true",
                        help=f"list every focus node (default: {DEFAULT_SHOWN} per shape)")


def run(args, settings) -> int:
    if args.files and args.store is not None:
        raise UsageError("give either --store or FILE..., not both")
    report_format = _report_format(args)
    if args.files:
        graphs = [graph for path in args.files for graph in _read_graphs(path)]
        report = merge_reports(validate_graphs(graphs))
    else:
        with open_store(settings.store) as store:
            report = validate_store(store)
        if report.graphs == 0:
            print(f"the store {settings.store} holds no article graphs: nothing to validate",
                  file=sys.stderr)
    print(report.format_text(None if args.all else DEFAULT_SHOWN))
    if args.report:
        _write_report(report, Path(args.report), report_format)
    return 0 if report.conforms else 1


def _report_format(args) -> str | None:
    if not args.report:
        if args.report_format:
            raise UsageError("--report-format needs --report FILE")
        return None
    if args.report_format:
        return args.report_format
    return "json" if args.report.lower().endswith(".json") else "ttl"


def _write_report(report: ValidationReport, path: Path, fmt: str) -> None:
    text = report.to_json() if fmt == "json" else report.report_graph.serialize(format="turtle")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report to {path}: {exc.strerror}") from None


def _read_graphs(name: str) -> list[tuple[str, Graph]]:
    """(name, graph) per graph of the file: its named graphs, and its default graph named by
    the file's path."""
    path = Path(name)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    suffix = path.suffix.lstrip(".").lower()
    fmt = rdf_format(suffix) if suffix else None
    if fmt is None:
        raise InputError(f"cannot tell the RDF syntax of {path} from its extension; use .ttl, "
                         f".trig, .nt, .nq, .jsonld or .rdf")
    graphs: dict[str | None, Graph] = {}
    try:
        for quad in ox.parse(path=str(path), format=fmt.oxigraph):
            graph_name = getattr(quad, "graph_name", None)
            key = graph_name.value if isinstance(graph_name, ox.NamedNode) else None
            target = graphs.get(key)
            if target is None:
                target = graphs[key] = Graph()
            target.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as exc:
        raise InputError(f"{path} is not valid {fmt.name}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    graphs.pop(ONTOLOGY_IRI, None)  # the ontology is the schema, not data
    if not graphs:
        raise InputError(f"{path} holds no triples to validate")
    return [(key or str(path), graph) for key, graph in graphs.items()]
