"""`newskg query`: run SPARQL on the store and print the result."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.errors import InputError, UsageError
from graph.store import open_store

NAME = "query"
HELP = "Run a SPARQL query (text or @FILE) on the store and print the result."
SETTINGS = ("store",)
FORMATS = ("table", "json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdfxml", "trig", "nq")


def add_arguments(parser) -> None:
    parser.add_argument("query", metavar="QUERY_OR_@FILE",
                        help="the SPARQL query, or @path to a file holding it, or @- for stdin")
    parser.add_argument("--format", default="table", choices=FORMATS,
                        help="output format (default: an aligned text table for SELECT)")


def read_query_text(arg: str) -> str:
    if arg == "@-":
        return sys.stdin.read()
    if arg.startswith("@"):
        path = Path(arg[1:])
        if not path.is_file():
            raise InputError(f"no query file {path}")
        return path.read_text(encoding="utf-8")
    return arg


def _table(result) -> str:
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    cells = [[("" if t is None else t.n3()) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(f"?{v}".ljust(w + 1) for v, w in zip(result.variables, widths))]
    lines += ["  ".join(c.ljust(w + 1) for c, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def run(args, settings) -> int:
    text = read_query_text(args.query)
    if not text.strip():
        raise UsageError("the query is empty")
    with open_store(settings.store) as store:
        if args.format == "table":
            print(_table(store.query(text)))
        else:
            sys.stdout.buffer.write(store.query_serialized(text, args.format))
            sys.stdout.flush()
    return 0
