"""`newskg export`: write the whole graph in one RDF syntax."""

from __future__ import annotations

import sys

from graph.store import open_store

NAME = "export"
HELP = "Write the whole graph (every article's named graph and the ontology) to a file or stdout."
SETTINGS = ("store",)


def add_arguments(parser) -> None:
    parser.add_argument("--format", required=True,
                        choices=("ttl", "nt", "jsonld", "rdfxml", "trig", "nq"),
                        help="trig, nq and jsonld keep the named graphs; the others merge them")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


def run(args, settings) -> int:
    with open_store(settings.store) as store:
        if args.output:
            with open(args.output, "wb") as out:
                store.export(out, args.format)
        else:
            store.export(sys.stdout.buffer, args.format)
            sys.stdout.flush()
    return 0
