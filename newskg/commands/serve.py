"""`newskg serve`: publish the graph over SPARQL 1.1 and linked data with waitress.

Never Flask's development server. The server owns the store (no other newskg command can
write it meanwhile); SIGTERM and Ctrl-C stop it cleanly (query workers ended, checkpoints
removed).
"""

from __future__ import annotations

import logging
import signal
import socket
import sys

from graph.errors import UsageError

NAME = "serve"
HELP = ("Serve the graph: SPARQL 1.1 query (and, if enabled, update and Graph Store) at "
        "/sparql and /data, linked data under /id/, the query page at /.")
SETTINGS = ("store", "host", "port", "base_iri", "query_timeout", "max_rows", "max_body",
            "enable_update", "update_token", "service_allow", "threads", "processes",
            "cache_mb")


def add_arguments(parser) -> None:
    parser.add_argument("--quiet", action="store_true",
                        help="do not log each startup detail (errors are still printed)")


def _check(settings) -> None:
    if settings.enable_update and not settings.update_token:
        raise UsageError("--enable-update needs --update-token TOKEN (or NEWSKG_UPDATE_TOKEN): "
                         "writes are only accepted with `Authorization: Bearer TOKEN`")
    if settings.query_timeout <= 0:
        raise UsageError("--query-timeout must be a positive number of seconds")
    if settings.cache_mb < 0:
        raise UsageError("--cache-mb must be 0 (no cache) or a positive number of megabytes")
    if settings.max_rows < 1 or settings.max_body < 1 or settings.threads < 1 or \
            settings.processes < 1:
        raise UsageError("--max-rows, --max-body, --threads and --processes must be at least 1")
    if not 0 <= settings.port <= 65535:
        raise UsageError(f"--port {settings.port} is not a TCP port (0-65535)")


def _stop(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def run(args, settings) -> int:
    _check(settings)
    import waitress

    from server.app import create_app
    from server.service import get_service

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # From here on SIGTERM unwinds like Ctrl-C, so workers and checkpoints are cleaned up
    # (a service built before the signal is closed by its atexit hook).
    signal.signal(signal.SIGTERM, _stop)
    # "Task queue depth is N" at every burst of requests: noise, and a cost per request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    app = create_app(dict(settings.values))
    with app.app_context():
        service = get_service()
    readers = None
    if settings.processes > 1:
        if service.checkpoint_folder is None:
            logging.getLogger("newskg.serve").warning(
                "--processes %d ignored: reader processes need a store newskg owns "
                "(oxigraph:PATH or memory), not %s", settings.processes, settings.store)
        else:
            from server.readers import ReaderPool

            readers = ReaderPool(settings.processes - 1, service.checkpoint_folder,
                                 dict(settings.values))
            service.attach_readers(readers)
    # waitress reads a whole body before the app sees it: cap what it reads well above
    # max_body (the app answers 413 in its own error shape up to that cap), so a huge
    # upload is refused by waitress instead of being spooled to disk.
    options = dict(threads=settings.threads, ident="newskg",
                   max_request_body_size=2 * settings.max_body + 65536)
    try:
        if readers is None:
            server = waitress.create_server(app, host=settings.host, port=settings.port,
                                            **options)
            host, port = server.effective_host, server.effective_port
        else:
            public = _listen(settings.host, settings.port)
            server = waitress.create_server(app, sockets=[public, readers.owner_socket(public)],
                                            **options)
            host, port = public.getsockname()[:2]
    except OSError as exc:
        service.close()
        raise UsageError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}; "
                         f"pick another --port or stop what uses it") from None
    if readers is not None:
        readers.start(public)
    writes = "updates ON (bearer token)" if settings.enable_update else "read-only"
    processes = f", {settings.processes} processes" if readers is not None else ""
    print(f"newskg serving {settings.store} on http://{host}:{port}/ "
          f"(SPARQL at /sparql, {writes}{processes}); Ctrl-C stops", file=sys.stderr,
          flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if readers is not None:
            readers.close()
        server.close()
        service.close()
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (shared by every process of the server)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock
