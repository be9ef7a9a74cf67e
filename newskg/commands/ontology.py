"""`newskg ontology` (being built: the helper that owns this module replaces this file)."""

NAME = "ontology"
HELP = "ontology (not built yet)"
SETTINGS: tuple[str, ...] = ("store",)


def add_arguments(parser) -> None:
    pass


def run(args, settings) -> int:
    from graph.errors import UsageError

    raise UsageError("newskg ontology is not built yet")
