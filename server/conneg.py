"""Content negotiation: the one place that picks a response format.

Reads the format tables of :mod:`graph.formats`. ``?format=`` (a short name or media type) wins
over the Accept header. Raises :class:`NotAcceptableError` (406) when nothing acceptable exists.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from graph.errors import NotAcceptableError
from graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, rdf_format, result_format

HTML = "text/html"


def _offers(formats: Sequence[Format]) -> list[str]:
    return [f.media_type for f in formats] + [a for f in formats for a in f.aliases if "/" in a]


def _without_parameters(accept: str) -> str:
    """Drop media-type parameters other than q (``text/turtle; charset=utf-8`` must match
    ``text/turtle``; werkzeug would treat it as a different type)."""
    ranges = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        ranges.append(";".join([parts[0]] + [p for p in parts[1:] if p.lower().startswith("q=")]))
    return ", ".join(ranges)


def negotiate(request: Request, formats: Sequence[Format], *, html: bool = False,
              default: Format | None = None) -> Format | str:
    """Choose a format for ``request`` among ``formats`` (and ``text/html`` if ``html``).

    Returns the :class:`Format`, or the string ``"text/html"`` when HTML is chosen. The choice
    depends only on ``?format=`` and the Accept header, so it is remembered for headers seen
    before (clients repeat theirs; parsing Accept is a good part of a cheap query's cost).
    """
    return choose(request.args.get("format"), request.headers.get("Accept", ""), formats,
                  html=html, default=default)


def choose(explicit: str | None, accept: str, formats: Sequence[Format], *, html: bool = False,
           default: Format | None = None) -> Format | str:
    """:func:`negotiate` from the ``?format=`` value and the Accept header themselves."""
    if len(accept) > CACHE_CHARS or formats not in _TABLES or \
            (default is not None and default not in formats):
        return _choose(explicit, accept, formats, html, default)
    default_index = formats.index(default) if default is not None else None
    choice, refusal = _choose_cached(explicit, accept, _TABLES.index(formats), html,
                                     default_index)
    if refusal is not None:
        raise NotAcceptableError(refusal)
    return choice


#: Accept headers up to this length have their choice remembered.
CACHE_CHARS = 1000
_TABLES = (RESULT_FORMATS, RDF_FORMATS)


@lru_cache(maxsize=1024)
def _choose_cached(explicit: str | None, accept: str, table: int, html: bool,
                   default_index: int | None) -> tuple[Format | str | None, str | None]:
    """(the choice, None), or (None, why nothing is acceptable): refusals are remembered too."""
    formats = _TABLES[table]
    default = formats[default_index] if default_index is not None else None
    try:
        return _choose(explicit, accept, formats, html, default), None
    except NotAcceptableError as exc:
        return None, exc.message


def _choose(explicit: str | None, accept: str, formats: Sequence[Format], html: bool,
            default: Format | None) -> Format | str:
    lookup = rdf_format if formats is RDF_FORMATS else result_format
    if explicit:
        if html and explicit.lower() in {"html", HTML}:
            return HTML
        chosen = lookup(explicit)
        if chosen is None or chosen not in formats:
            names = ", ".join(f.name for f in formats)
            raise NotAcceptableError(f"unknown format {explicit!r}; use one of {names}")
        return chosen
    if not accept.strip():
        return default or formats[0]
    parsed = parse_accept_header(_without_parameters(accept), MIMEAccept)
    offers = ([HTML] if html else []) + _offers(formats)
    best = parsed.best_match(offers)
    if best is None:
        wanted = accept[:200]
        names = ", ".join(f.media_type for f in formats) + (", text/html" if html else "")
        raise NotAcceptableError(f"cannot answer Accept: {wanted}; available: {names}")
    if best == HTML:
        # Prefer HTML only when the client ranks it at least as high as any RDF format
        # (browsers send */* too).
        return HTML
    if parsed[best] == parsed["*/*"] and default is not None and "*/*" in accept and \
            not any(o in accept for o in offers):
        return default
    return lookup(best) or default or formats[0]


def negotiate_results(request: Request) -> Format:
    return negotiate(request, RESULT_FORMATS, default=RESULT_FORMATS[0])


def negotiate_rdf(request: Request, *, html: bool = False) -> Format | str:
    return negotiate(request, RDF_FORMATS, html=html, default=RDF_FORMATS[0])
