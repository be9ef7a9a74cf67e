"""From one parsed article to a :class:`~graph.extract.document.Document`.

Order matters: entities first (everything else points at them), then the article's publisher
and author, affiliations, events, quotations (claims inside a quotation are attributed to its
speaker), and claims last (they may be about an event).
"""

from __future__ import annotations

from graph.extract.claims import extract_claims
from graph.extract.context import Context
from graph.extract.document import Document
from graph.extract.entities import add_metadata_entities, extract_entities
from graph.extract.events import extract_events
from graph.extract.lexicon import load_lexicon
from graph.extract.quotes import extract_quotations
from graph.extract.relations import extract_affiliations


def default_gazetteer():
    """graph.gazetteer's default gazetteer, or None when that module is not available."""
    try:
        from graph.gazetteer import Gazetteer
    except ImportError:
        return None
    return Gazetteer.default()


def extract_document(article, doc, gazetteer=None, lexicon=None) -> Document:
    """Everything ``article`` (a SourceArticle) reports, read from ``doc`` (its spaCy parse)."""
    ctx = Context(doc=doc, document=Document(article=article),
                  lexicon=lexicon or load_lexicon(),
                  gazetteer=gazetteer if gazetteer is not None else default_gazetteer())
    extract_entities(ctx)
    add_metadata_entities(ctx)
    extract_affiliations(ctx)
    extract_events(ctx)
    extract_quotations(ctx)
    extract_claims(ctx)
    return ctx.document
