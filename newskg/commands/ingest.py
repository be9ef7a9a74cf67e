"""`newskg ingest` (being built: the helper that owns this module replaces this file)."""

NAME = "ingest"
HELP = "ingest (not built yet)"
SETTINGS: tuple[str, ...] = ("store",)


def add_arguments(parser) -> None:
    pass


def run(args, settings) -> int:
    from graph.errors import UsageError

    raise UsageError("newskg ingest is not built yet")
