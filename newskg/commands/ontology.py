"""`newskg ontology check | docs`: check the OWL ontology, or write its HTML documentation.

``check`` runs the lint queries of ``ontology/checks/*.rq`` and the HermiT reasoner (the
ontology alone, then with each ``--abox`` file) and prints every problem: which check, which
term, how to fix it. Exit 0 clean, 1 problems found, 2 usage or input error (missing file,
syntax error, no Java).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "ontology"
HELP = "Check the OWL ontology (lint queries + HermiT reasoner) or write its HTML docs."
SETTINGS: tuple[str, ...] = ()

DEFAULT_DOCS_DIR = Path("build") / "docs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    check = actions.add_parser(
        "check", help="lint the ontology and run the reasoner; exit 0 clean, 1 problems, 2 error",
        description="Run the lint queries of ontology/checks/*.rq (each must return no rows) "
                    "and the HermiT OWL 2 DL reasoner: the ontology (plus each ABox given) "
                    "must be consistent, with no unsatisfiable class. Exit 0 clean, 1 "
                    "problems found, 2 usage or input error.")
    check.add_argument("--ontology", metavar="FILE", type=Path, default=None,
                       help="ontology to check (default: ontology/newskg.ttl)")
    check.add_argument("--abox", metavar="FILE", type=Path, nargs="+", default=[],
                       help="example data (RDF) to reason over together with the ontology; "
                            "each file is checked separately and must be consistent")
    check.add_argument("--checks", metavar="DIR", type=Path, default=None,
                       help="folder of lint queries (default: ontology/checks)")
    check.add_argument("--no-reasoner", dest="reasoner", action="store_false",
                       help="run the lint queries only (fast, no Java needed); "
                            "`make test` runs both")
    docs = actions.add_parser(
        "docs", help="write the ontology's HTML documentation (pyLODE)",
        description="Write the ontology's HTML documentation with pyLODE to DIR/index.html.")
    docs.add_argument("--output", metavar="DIR", type=Path, default=DEFAULT_DOCS_DIR,
                      help=f"folder to write index.html into (default: {DEFAULT_DOCS_DIR})")
    docs.add_argument("--ontology", metavar="FILE", type=Path, default=None,
                      help="ontology to document (default: ontology/newskg.ttl)")
    parser.set_defaults(_ontology_parser=parser)


def run(args, settings) -> int:
    if args.action == "check":
        return _check(args)
    if args.action == "docs":
        return _docs(args)
    args._ontology_parser.print_help(sys.stderr)
    return 2


def _check(args) -> int:
    from graph import ontology
    from graph.errors import UsageError

    source = args.ontology or ontology.ONTOLOGY_PATH
    if args.abox and not args.reasoner:
        raise UsageError("--abox needs the reasoner: drop --no-reasoner")
    problems = ontology.check(source, args.abox, args.checks, reasoner=args.reasoner)
    aboxes = f" with {len(args.abox)} ABox file(s)" if args.abox else ""
    if not problems:
        verdict = ("is consistent under HermiT, with no unsatisfiable class" if args.reasoner
                   else "was not given to the reasoner (--no-reasoner)")
        print(f"ontology OK: {source}{aboxes} passes every lint check and {verdict}")
        return 0
    for problem in problems:
        print(problem)
    checks = sorted({p.check for p in problems})
    print(f"\n{len(problems)} problem(s) in {source}{aboxes}, found by: {', '.join(checks)}",
          file=sys.stderr)
    return 1


def _docs(args) -> int:
    from graph import ontology

    index = ontology.docs(args.output, args.ontology)
    print(f"wrote {index}")
    return 0
