"""The ``newskg`` command line.

Each subcommand lives in its own module under :mod:`newskg.commands` and exposes
``NAME``, ``HELP``, ``SETTINGS`` (names from the settings table it takes as flags),
``add_arguments(parser)`` and ``run(args, settings) -> int``.

Exit codes (like pySHACL): 0 success / conforms, 1 validation failed, 2 usage or input error.
A user mistake never prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from graph import settings as settings_table
from graph.errors import NewsKGError

COMMANDS = ("ingest", "validate", "query", "export", "serve", "ontology", "settings")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _load(name: str):
    return importlib.import_module(f"newskg.commands.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newskg",
        description="newskg: a knowledge graph of the news. Reads articles into an OWL/RDF "
                    "graph, checks it with SHACL and serves it over SPARQL 1.1.",
        epilog="Every flag also reads an environment variable NEWSKG_<FLAG>; see "
               "`newskg settings`. Exit codes: 0 ok, 1 validation failed, 2 usage/input error.",
    )
    from newskg import __version__

    parser.add_argument("--version", action="version", version=f"newskg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = _load(name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        for setting_name in module.SETTINGS:
            setting = settings_table.BY_NAME[setting_name]
            kwargs: dict = {"dest": setting.name, "default": None,
                            "help": f"{setting.help} [{setting.env}]"}
            if setting.parse is settings_table._bool:
                kwargs["action"] = "store_const"
                kwargs["const"] = True
            elif setting.parse is settings_table._list:
                kwargs["nargs"] = "+"
                kwargs["metavar"] = setting.metavar
            else:
                kwargs["metavar"] = setting.metavar
            cmd.add_argument(setting.flag, **kwargs)
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        overrides = {s.name: getattr(args, s.name, None) for s in settings_table.SETTINGS}
        resolved = settings_table.resolve(overrides)
        return int(args._module.run(args, resolved) or 0)
    except NewsKGError as exc:
        print(f"newskg {args.command}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
