"""Quotations: text in straight or curly double quotes attributed by a speech verb ('said',
'told', 'wrote', 'added', 'according to') to a speaker. Scare quotes (no speech verb, or only a
couple of words) are not quotations. The date is the one the text gives for the statement
('said on July 16', or a citation '(Reuters, July 16)' right after the quote)."""

from __future__ import annotations

import re

from graph.extract import times
from graph.extract.context import Context
from graph.extract.document import Quotation, Span
from graph.extract.events import _subjects
from graph.extract.sources import unnamed_source

#: Verbs that attribute words to a speaker (beside the ontology's Statement triggers).
ATTRIBUTION_VERBS = {"say", "tell", "add", "write", "explain", "insist", "warn", "note", "ask",
                     "reply", "argue", "claim", "recall", "urge", "conclude", "acknowledge",
                     "admit", "comment", "describe", "call", "continue", "stress", "predict"}
QUOTE_RE = re.compile(r"\u201c([^\u201d]{2,2000}?)\u201d|\"([^\"\n]{2,2000}?)\"")
CITATION_RE = re.compile(r"^[\s,.;:]*\(([^()]{0,80})\)")
MIN_WORDS = 4


def attribution_lemmas(ctx: Context) -> set[str]:
    lex = ctx.lexicon
    words = {w for w in lex.lemmas_of("Statement") | lex.lemmas_of("Publication")
             if " " not in w}
    return words | ATTRIBUTION_VERBS


def _speaker_of(ctx: Context, verb, inside) -> tuple[tuple[str, str] | None, float]:
    for s in _subjects(verb):
        if inside(s.idx):
            continue
        key, conf = ctx.phrase_entity(s)
        if key and key[0] != "place":
            return key, conf
        key = unnamed_source(ctx, s)            # '..., a police spokesman said'
        if key:
            return key, 0.6
    return None, 0.0


def _according_to(ctx: Context, sent, inside):
    for tok in sent:
        if tok.lower_ == "according" and not inside(tok.idx):
            for prep in tok.children:
                if prep.lower_ == "to":
                    for pobj in prep.children:
                        key, conf = ctx.phrase_entity(pobj)
                        if key and key[0] != "place":
                            return key, conf
                        key = unnamed_source(ctx, pobj)     # 'according to officials'
                        if key:
                            return key, 0.6
                        # 'according to a survey by the Pew Research Center', 'to data from X'
                        for sub in pobj.children:
                            if sub.dep_ in ("prep", "agent") and sub.lower_ in ("by", "from",
                                                                                 "of"):
                                for g in sub.children:
                                    key, conf = ctx.phrase_entity(g)
                                    if key and key[0] != "place" and g.dep_ == "pobj":
                                        return key, round(conf * 0.9, 2)
    return None, 0.0


def attribute(ctx: Context, sentences, inside, quote_span=None):
    """(speaker key, confidence, speech verb token) for words inside ``inside`` offsets: the
    named subject of a speech verb ('Xi told Blinken, according to state media': Xi said the
    words, the media only report them), else the party of an 'according to'."""
    lemmas = attribution_lemmas(ctx)
    verbs = [t for sent in sentences for t in sent
             if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lemmas and not inside(t.idx)]
    if quote_span is not None:   # same paragraph only, the attribution nearest the quote first
        text = ctx.text
        verbs = [t for t in verbs if "\n" not in (
            text[t.idx:quote_span[0]] if t.idx < quote_span[0] else text[quote_span[1]:t.idx])]
        verbs.sort(key=lambda t: min(abs(t.idx - quote_span[0]), abs(t.idx - quote_span[1])))
    for verb in verbs:
        key, conf = _speaker_of(ctx, verb, inside)
        if key and not ctx.entity(key).local:
            return key, conf, verb
    for sent in sentences:
        key, conf = _according_to(ctx, sent, inside)
        if key:
            return key, conf, None
    for verb in verbs:   # an unnamed source ('a police spokesman said') after a named one
        key, conf = _speaker_of(ctx, verb, inside)
        if key:
            return key, conf, verb
    return None, 0.0, None


def _sentences_around(ctx: Context, begin: int, end: int):
    """The sentences the quote is in, plus one starting right after it ('“…,” he said.')."""
    return [s for s in ctx.doc.sents if s.end_char > begin and s.start_char < end + 3
            and s.text.strip() and "\n" not in ctx.text[end:max(s.start_char, end)]]


def extract_quotations(ctx: Context) -> None:
    text = ctx.text
    for m in QUOTE_RE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        inner_begin, inner_end = m.start(group), m.end(group)
        quote = text[inner_begin:inner_end]
        stripped = quote.rstrip(" ,.;:")
        if len(stripped.split()) < MIN_WORDS:
            continue
        sentences = _sentences_around(ctx, m.start(), m.end())
        if not sentences:
            continue

        def inside(offset, b=m.start(), e=m.end()):
            return b <= offset < e

        speaker, conf, verb = attribute(ctx, sentences, inside, (m.start(), m.end()))
        if speaker is None:
            # a quote that goes on after an attributed one in the same paragraph
            last = ctx.document.quotations[-1] if ctx.document.quotations else None
            if last is None or "\n" in text[last.end:m.start()]:
                continue
            speaker, conf = last.speaker, 0.75
        stated = None
        if verb is not None:
            dm = times.nearest_date(ctx, verb)
            if dm is not None and not inside(dm.begin):
                stated = times.normalise(ctx, dm.text, "past")
        if stated is None:
            stated = _citation_date(ctx, m.end())
        begin = min(s.start_char for s in sentences)
        end = max(s.end_char for s in sentences)
        ctx.document.quotations.append(Quotation(
            text=stripped, begin=inner_begin, end=inner_begin + len(stripped), speaker=speaker,
            evidence=Span(begin, end), stated_on=stated,
            confidence=round(0.9 * max(conf, 0.7), 2)))


def _citation_date(ctx: Context, after: int):
    """'… .” (Reuters, July 16)': the date in a citation right after the quote."""
    cm = CITATION_RE.match(ctx.text[after: after + 100])
    if not cm:
        return None
    b, e = after + cm.start(1), after + cm.end(1)
    for ent in ctx.doc.ents:
        if ent.label_ == "DATE" and b <= ent.start_char and ent.end_char <= e:
            return times.normalise(ctx, ent.text, "past")
    return None


def quote_at(ctx: Context, offset: int) -> Quotation | None:
    """The quotation whose text contains ``offset``."""
    for q in ctx.document.quotations:
        if q.begin <= offset < q.end:
            return q
    return None
