"""Unnamed sources: 'police said', 'the fire brigade said', 'hospital officials said', 'a
ministry spokesman told reporters'.

Wire reports attribute most figures and many quotations to sources the article does not name.
When the subject of an attribution verb is such a noun phrase (and not a name, a pronoun or a
noun that refers back to a named organisation), it becomes an entity of its own, local to the
article: its IRI carries the article's hash (``id/org/{h}-fire-brigade``), so 'police' in a
report from Athens is never merged with 'police' in a report from Nairobi, and cross-article
resolution leaves it alone. Its label is the phrase as the article words it, without
determiners ('fire brigade', 'health ministry', 'hospital officials').

Which nouns name a source comes from the ontology where it can: the organisation name keywords
(``nkg:nameKeyword``: ministry, police, agency, company...) and the affiliation role keywords
(``nkg:roleKeyword``: spokesman, official, economist...); :data:`PEOPLE_NOUNS` adds the
collective nouns for people that are neither ('witnesses', 'residents', 'rescuers').
"""

from __future__ import annotations

from graph.extract.context import ANAPHOR_WINDOW, Context
from graph.extract.document import Entity, Mention
from graph.extract.events import _lemma

#: People who report what they saw or know, in the plural ('witnesses said').
PEOPLE_NOUNS = {"witness", "resident", "rescuer", "doctor", "medic", "paramedic", "nurse",
                "investigator", "expert", "scientist", "organiser", "organizer", "source",
                "villager", "survivor", "lawyer", "aide", "authority", "firefighter",
                "worker", "employee", "observer", "monitor", "activist", "protester"}
#: One person who speaks for others or reports what they know, named or not ('a spokesman').
#: Titles of one office ('the minister', 'the president') are left alone: the article names
#: that person, and the pronoun or title resolution finds them.
SINGLE_SOURCES = {"spokesman", "spokeswoman", "spokesperson", "official", "source", "witness",
                  "analyst", "economist", "expert", "researcher", "doctor", "diplomat", "aide",
                  "lawyer", "resident"}
#: Places that report on what they see and are no organisation kind of the ontology.
INSTITUTIONS = {"hospital", "clinic", "morgue", "mortuary", "observatory", "laboratory"}
#: Organisation kinds a bare institution noun may take; others ('brigade' -> ArmedGroup) are
#: too specific without a name ('the fire brigade') and stay a plain organisation.
SAFE_ORG_KINDS = {"GovernmentOrganization", "Company", "EducationalOrganization",
                  "NewsMediaOrganization"}
#: Modifiers kept in a source's label (words of the phrase before its head noun).
MODIFIER_DEPS = {"compound", "amod", "nmod"}


def _kind(ctx: Context, head) -> str | None:
    """The nkg class of an unnamed source headed by ``head``, or None if it names none."""
    lemma = _lemma(head)
    plural = head.tag_ in ("NNS", "NNPS") and head.lower_ != lemma
    if lemma == "authority" and plural:
        return "GovernmentOrganization"          # 'authorities said'
    if plural and (lemma in PEOPLE_NOUNS or lemma in ctx.lexicon.role_keywords):
        return "Group"                            # 'officials said', 'witnesses said'
    if not plural and lemma in SINGLE_SOURCES:
        return "Person"                           # 'a police spokesman said'
    if lemma in INSTITUTIONS:
        return "Organization"                     # 'according to the Emergency hospital'
    keywords = ctx.lexicon.name_keywords
    before = head.doc[head.i - 1] if head.i > 0 else None
    pair = f"{before.lower_} {head.lower_}" if before is not None \
        and before.dep_ == "compound" and before.head.i == head.i else None
    org = keywords.get(pair) or keywords.get(head.lower_) or keywords.get(lemma)
    if org is not None:
        return org if org in SAFE_ORG_KINDS else "Organization"
    return None


def unnamed_source(ctx: Context, token) -> tuple[str, str] | None:
    """The article-local entity for the source noun phrase headed by ``token``, or None."""
    common = token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())
    if not common or token.i in ctx.token_entity or token.idx < ctx.dateline_end:
        return None
    kind = _kind(ctx, token)
    if kind is None:
        return None
    known = ctx.org_by_head_noun(token)
    if known:
        return known                              # 'the agency said' after '..., known as MIT'
    start = token                                 # 'Lebanese health ministry', 'Greek police'
    doc = token.doc
    while start.i > 0 and doc[start.i - 1].dep_ in MODIFIER_DEPS \
            and start.i <= doc[start.i - 1].head.i <= token.i:
        start = doc[start.i - 1]
    begin, end = start.idx, token.idx + len(token.text)
    if start is token and kind == "Company":
        known = _last_company_before(ctx, begin, first=head_is_plural(token))
        if known:
            return known                          # 'the company said' after 'Amazon'
    label = " ".join(ctx.text[begin:end].split())
    first = start.is_sent_start or (ctx.dateline_end and
                                    not ctx.text[ctx.dateline_end:begin].strip(" \u2014\u2013-"))
    if first and start.pos_ != "PROPN" and start.ent_type_ not in ("NORP", "GPE") \
            and label[:2].istitle():
        label = label[0].lower() + label[1:]      # 'Analysts said': the noun, not a name
    group = "person" if kind == "Person" else "org"
    key = (group, label)
    ent = ctx.document.entities.get(key)
    if ent is None:
        ent = Entity(label=label, kind=kind, group=group, confidence=0.6, local=True)
        ctx.document.entities[key] = ent
    elif not ent.local:
        return key
    if not any(m.begin == begin for m in ent.mentions):
        ent.mentions.append(Mention(begin, end, ctx.text[begin:end], ctx.sentence_at(begin),
                                    "DependencyPattern", 0.6))
        ent.mentions.sort(key=lambda m: m.begin)
        for t in range(start.i, token.i + 1):
            ctx.token_entity.setdefault(t, key)
    return key


def head_is_plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def _last_company_before(ctx: Context, offset: int, first: bool = False) -> tuple[str, str] | None:
    """The company named last before ``offset`` (within the anaphor window), not the outlet;
    with ``first``, the one named first ('the companies said' after 'A agreed to acquire B':
    the first named party speaks for them)."""
    best, best_at = None, None
    skip = {ctx.document.publisher, ctx.document.author}
    for ent in ctx.document.entities.values():
        if ent.kind != "Company" or ent.local or ent.key in skip:
            continue
        for m in ent.mentions:
            if offset - ANAPHOR_WINDOW < m.begin < offset and (
                    best_at is None or (m.begin < best_at if first else m.begin > best_at)):
                best, best_at = ent.key, m.begin
    return best
