"""Content negotiation: the one place that picks a response format.

Reads the format tables of :mod:`graph.formats`. ``?format=`` (a short name or media type) wins
over the Accept header. Raises :class:`NotAcceptableError` (406) when nothing acceptable exists.
"""

from __future__ import annotations

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

    Returns the :class:`Format`, or the string ``"text/html"`` when HTML is chosen.
    """
    lookup = rdf_format if formats is RDF_FORMATS else result_format
    explicit = request.args.get("format")
    if explicit:
        if html and explicit.lower() in {"html", HTML}:
            return HTML
        chosen = lookup(explicit)
        if chosen is None or chosen not in formats:
            names = ", ".join(f.name for f in formats)
            raise NotAcceptableError(f"unknown format {explicit!r}; use one of {names}")
        return chosen
    accept = request.headers.get("Accept", "")
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
