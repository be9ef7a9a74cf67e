"""`newskg ingest`: read news articles into the graph, one named graph per article."""

from __future__ import annotations

import sys

from graph.errors import StoreLockedError, UsageError
from graph.ingest import FAILED, REJECTED, WRITTEN, ingest_paths
from graph.spool import InboxStore
from graph.store import open_store

NAME = "ingest"
HELP = ("Read news articles (plain text, Markdown with front matter, HTML) into the graph: "
        "entities, events, affiliations, quotations and claims, each traced to its sentence. "
        "Articles already in the store with the same content are skipped.")
SETTINGS: tuple[str, ...] = ("store", "base_iri", "spacy_model", "workers")
METADATA = ("title", "published", "publisher", "author", "url")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="article files, or folders searched for .txt/.md/.html files")
    parser.add_argument("--title", help="the article's headline (one file only)")
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="the publication date, when the file does not give one "
                             "(one file only)")
    parser.add_argument("--publisher", metavar="NAME", help="the publishing outlet (one file only)")
    parser.add_argument("--author", metavar="NAME", help="the author (one file only)")
    parser.add_argument("--url", help="the article's URL (one file only)")
    parser.add_argument("--reingest", action="store_true",
                        help="ingest articles again even when the store already holds them "
                             "with the same content (by default they are skipped)")
    parser.add_argument("--force", action="store_true",
                        help="write an article's graph even when it does not conform to the "
                             "SHACL shapes (implies --reingest)")
    parser.add_argument("--strict", action="store_true",
                        help="reject an article whose graph has any violation; by default the "
                             "extracted facts that fail the shapes are dropped (and listed) and "
                             "the rest of the article is written")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar, no per-article lines, no summary")


def run(args, settings) -> int:
    overrides = {k: getattr(args, k) for k in METADATA if getattr(args, k) is not None}
    if overrides and (len(args.paths) > 1):
        raise UsageError(
            "--" + ", --".join(overrides) + " describe one article: give exactly one file with "
            "them, or put the metadata in each file's front matter")
    if settings.workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {settings.workers}")
    progress = not args.quiet and sys.stderr.isatty()
    try:
        store = open_store(settings.store)
    except StoreLockedError:
        # A running `newskg serve` owns the store: hand the articles to it through the
        # store's inbox; it writes them within seconds.
        store = InboxStore(settings.store[len("oxigraph:"):])

    def report(r) -> None:
        name = str(r.path) if r.path else r.iri
        if r.status == FAILED:
            _say(f"newskg ingest: {r.error if name in r.error else f'{name}: {r.error}'}",
                 sys.stderr, progress)
        elif r.status == REJECTED:
            _say(f"{name}: not written, its graph does not conform to the shapes (pass "
                 f"--force to write it anyway):\n{r.report}", sys.stderr, progress)
        elif r.status == WRITTEN and not args.quiet:
            counts = ", ".join(f"{v} {k}" for k, v in r.counts.items())
            note = "" if r.conforms else " (written with --force; it does not conform)"
            _say(f"{name}: {r.triples} triples, {counts} -> <{r.iri}>{note}", sys.stdout,
                 progress)
        if r.dropped and not args.quiet:
            _say(f"{name}: {len(r.dropped)} extracted fact(s) dropped because they do not "
                 f"conform to the shapes (--strict rejects the article instead): "
                 + ", ".join(f"<{d}>" for d in r.dropped), sys.stderr, progress)

    with store:
        summary = ingest_paths(args.paths, store, settings, overrides or None, force=args.force,
                               reingest=args.reingest, progress=progress, on_result=report,
                               strict=args.strict)
    if isinstance(store, InboxStore) and not args.quiet:
        print(f"the store is in use by a running server: {len(store.queued)} graph(s) queued "
              f"in {store.path}.inbox; the server writes them within seconds")
    if not args.quiet:
        print(f"{len(summary.written)} of {len(summary.results)} articles written to "
              f"{settings.store}: {summary.line()}")
    if summary.failed:
        return 2
    return 1 if summary.rejected else 0


def _say(text: str, stream, progress: bool) -> None:
    if progress:
        from tqdm import tqdm

        tqdm.write(text, file=stream)     # above the progress bar, not through it
    else:
        print(text, file=stream)
