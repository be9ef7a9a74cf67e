"""Affiliations between people and organisations: titles and appositions.

Patterns (role words come from the ontology's ``nkg:roleKeyword``):
* a title before a name: "President Barack Obama", "Prime Minister Nouri al-Maliki",
  "International Action Center co-coordinator Sara Flounders", "U.S. President X";
* an apposition: "X, head of the Islamic Army", "X, a member of Y", "X, the CEO of Y",
  "X, Y's leader", and the reverse "Y's chief executive, X".
The organisation comes from the role word's "of" phrase, its possessor or a name before it.
"""

from __future__ import annotations

import re

from graph.extract.context import HYPHENS, Context
from graph.extract.document import Affiliation
from graph.extract.events import _lemma, _subjects

_WORD_SPLIT = re.compile(r"[\s]+")


def match_role(ctx: Context, phrase: str) -> tuple[str, str] | None:
    """(keyword, affiliation class) for the longest role keyword ending ``phrase``."""
    low = " ".join(phrase.lower().split())
    best = None
    for form in (low, low[:-1]) if low.endswith("s") else (low,):   # 'Justices X and Y'
        for kw, cls in ctx.lexicon.role_keywords.items():
            if form == kw or form.endswith(" " + kw) or form.endswith("-" + kw):
                if best is None or len(kw) > len(best[0]):
                    best = (kw, cls)
        if best is not None:
            return best
    if " of " in low:       # 'secretary of state': the title before 'of'
        return match_role(ctx, low.split(" of ", 1)[0])
    return best


def _role_name(phrase_tokens: list, keyword: str) -> str:
    """The role as written, without leading lower-case adjectives ('unpopular')."""
    words = [t for t in phrase_tokens]
    kw_words = len(keyword.replace("-", " - ").split())
    while len(words) > kw_words and words[0].text[:1].islower() and words[0].pos_ == "ADJ" \
            and words[0].lower_ not in ("former", "deputy", "acting", "vice", "co"):
        words = words[1:]
    if not words:
        return keyword
    doc = words[0].doc
    return doc[words[0].i: words[-1].i + 1].text


def role_phrase_before(ctx: Context, i: int):
    """The title directly before token ``i`` (a name's first token), as
    (role tokens, keyword, class, org token or None), or None."""
    doc = ctx.doc
    j = i - 1
    tokens = []
    while j >= 0:
        tok = doc[j]
        if not tokens and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
                and tok.head.i < j and tok.head.head.i == tok.head.i - 1:
            # 'Secretary of State Antony Blinken', 'Minister of Foreign Affairs X'
            tokens = list(doc[tok.head.i: j + 1])
            j = tok.head.i - 1
            continue
        if tok.i in ctx.token_entity or tok.is_sent_end:
            break
        if tok.text[:1].isupper() and ctx.org_by_name(tok.text):
            break
        if tok.tag_ == "POS":
            break
        if tok.dep_ not in ("compound", "amod", "nmod", "punct", "npadvmod", "appos") \
                or tok.head.i <= j or tok.head.i > i + 6:
            break
        if tok.is_punct and tok.text not in HYPHENS:
            break
        tokens.insert(0, tok)
        j -= 1
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    if not tokens:
        return None
    phrase = doc[tokens[0].i: tokens[-1].i + 1].text
    found = match_role(ctx, phrase)
    if found is None:
        return None
    if j >= 1 and doc[j].tag_ == "POS":
        j -= 1                    # "Iraq's prime minister Nouri al-Maliki"
    org_tok = doc[j] if j >= 0 and (doc[j].i in ctx.token_entity or (
        doc[j].text[:1].isupper() and ctx.org_by_name(doc[j].text))) else None
    return tokens, found[0], found[1], org_tok


def _org_of_role_noun(ctx: Context, noun):
    """The organisation a role noun refers to: 'head of X', 'X's leader', 'X chief'."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    key, conf = ctx.phrase_entity(pobj)
                    if key and key[0] != "person":
                        return key, conf
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod") and child.i < noun.i:
            key = ctx.entity_of(child)
            if key and key[0] != "person":
                return key, 0.9
    return None, 0.0


def _noun_phrase_text(noun) -> tuple[list, str]:
    """The role noun with its compound modifiers ('co-organizer', 'chief executive')."""
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "punct") and
            (not t.is_punct or t.text == "-")]
    toks = sorted(left + [noun], key=lambda t: t.i)
    # keep the contiguous run ending at the noun
    run = [noun]
    for t in reversed(toks[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    doc = noun.doc
    return run, doc[run[0].i: noun.i + 1].text


def extract_affiliations(ctx: Context) -> None:
    doc = ctx.doc
    seen: set[tuple] = set()

    def add(kind, holder, org, role_name, evidence_begin, conf):
        if org is not None and org[0] == "place" and ctx.entity(org) is not None \
                and ctx.entity(org).kind != "Country":
            org = None                  # 'president of the Cop28 summit' read as a place
        key = (holder, org, role_name.lower())
        if key in seen:
            return
        if org is None and kind == "Membership":
            return                      # 'a member of the team': a member of nothing named
        if org is None and kind != "PositionHeld":
            kind = "PositionHeld"       # a bare title: leadership needs the body
        seen.add(key)
        ctx.document.affiliations.append(Affiliation(
            kind=kind, holder=holder, organization=org, role_name=role_name,
            begin=evidence_begin, evidence=ctx.sentence_at(evidence_begin), confidence=conf))

    persons = {k for k, e in ctx.document.entities.items() if e.kind == "Person"}
    for ent_key in sorted(persons):
        ent = ctx.document.entities[ent_key]
        for m in ent.mentions:
            span = doc.char_span(m.begin, m.end, alignment_mode="expand")
            if span is None:
                continue
            # Title before the name.
            found = role_phrase_before(ctx, span.start)
            if found:
                tokens, kw, cls, org_tok = found
                org = None
                if org_tok is not None:
                    org = ctx.entity_of(org_tok) or ctx.org_by_name(org_tok.text)
                if org and org[0] == "person":
                    org = None          # (a place other than a country: add() drops it)
                role_name = _role_name(tokens, kw)
                holders = [ent_key]
                if tokens[-1].tag_ in ("NNS", "NNPS") and role_name.endswith("s"):
                    # 'Justices Elena Kagan and Ketanji Brown Jackson': one title for each
                    role_name = role_name[:-1]
                    holders += [k for c in span.root.conjuncts
                                for k in [ctx.entity_of(c)] if k in persons]
                for holder in holders:
                    add(cls, holder, org, role_name, tokens[0].idx, 0.8)
            # 'Natalie Batalha of the University of California': a member of it.
            root = span.root
            for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    org = ctx.entity_of(pobj)
                    if org is not None and org[0] == "org":
                        add("Membership", ent_key, org, "member", prep.idx, 0.7)
            # Apposition after the name (and its conjuncts).
            for app in [c for c in root.children if c.dep_ == "appos"]:
                for noun in [app] + list(app.conjuncts):
                    _appos_role(ctx, noun, ent_key, add)
    # A party-state tag: "Mitch McConnell (R-Ky.)" is a member of the Republican Party.
    for opens, letter, party in ctx.party_tags:
        for ent_key in sorted(persons):
            if any(0 <= opens - m.end <= 1 for m in ctx.document.entities[ent_key].mentions):
                add("Membership", ent_key, party, "member", letter, 0.85)
    # Role verbs: "X, who chairs the Alliance", "the RSF, commanded by X", "X joined Y".
    for tok in doc:
        if tok.pos_ != "VERB" or _lemma(tok) not in ctx.lexicon.role_verbs:
            continue
        cls, role_name = ctx.lexicon.role_verbs[_lemma(tok)]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":          # 'the RSF, commanded by X'
            pairs = [(a, tok.head) for prep in tok.children if prep.dep_ == "agent"
                     for a in prep.children if a.dep_ == "pobj"]
        else:
            pairs = [(s, o) for s in _subjects(tok) for o in tok.children if o.dep_ == "dobj"]
        for holder_tok, org_tok in pairs:
            holder, org = ctx.entity_of(holder_tok), ctx.phrase_entity(org_tok)[0]
            if holder in persons and org is not None and (org[0] == "org" or (
                    org[0] == "place" and ctx.entity(org).kind == "Country")):
                add(cls, holder, org, role_name, tok.idx, 0.75)
    # Reverse apposition: "Iraq's prime minister, Nouri al-Maliki".
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in ctx.token_entity:
            continue
        for app in tok.children:
            if app.dep_ == "appos" and ctx.entity_of(app) in persons:
                _appos_role(ctx, tok, ctx.entity_of(app), add)


def _appos_role(ctx: Context, noun, holder, add) -> None:
    if noun.i in ctx.token_entity:
        return
    run, phrase = _noun_phrase_text(noun)
    found = match_role(ctx, phrase)
    if found is None:
        return
    kw, cls = found
    org, conf = _org_of_role_noun(ctx, noun)
    add(cls, holder, org, _role_name(run, kw), run[0].idx, round(0.8 * (conf or 1.0), 2))
