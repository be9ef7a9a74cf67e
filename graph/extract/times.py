"""When things happened: the DATE expressions of a sentence, where each attaches in the parse,
the tense of a clause, and normalisation against the article date (graph.dates.normalise)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.context import Context

#: Verbs whose object or complement is something that has not happened yet.
FUTURE_VERBS = {"plan", "hope", "intend", "expect", "schedule", "aim", "prepare", "propose",
                "seek", "promise", "vow", "pledge", "threaten", "want"}
#: Nouns of what is still to come, whose 'to' clause is planned ('an invitation to visit').
FUTURE_NOUNS = {"invitation", "plan", "offer", "proposal", "promise", "pledge", "intention",
                "bid", "threat", "call", "request"}
FUTURE_MODIFIERS = {"upcoming", "planned", "scheduled", "next", "forthcoming", "proposed"}
DURATION = re.compile(r"^\s*(?:the\s+)?(?:past\s+|last\s+|next\s+)?(?:\d+|a|an|one|two|three|"
                      r"four|five|six|seven|eight|nine|ten|several|many|few)\s+"
                      r"(?:years?|months?|weeks?|days?|decades?|hours?)\s*$", re.IGNORECASE)


@dataclass
class DateMention:
    text: str
    begin: int
    end: int
    root: object          # root token of the expression
    attach: object        # the token the expression modifies (through its preposition)


def date_mentions(ctx: Context) -> list[DateMention]:
    cached = getattr(ctx, "_dates", None)
    if cached is not None:
        return cached
    out = []
    dateline_end = ctx.dateline_end
    for ent in ctx.doc.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.start_char < dateline_end:
            continue      # the dateline dates the article, not an event
        text = ent.text
        if DURATION.match(text):
            continue
        root = ent.root
        head = root.head
        if head.dep_ == "prep" or head.pos_ == "ADP":
            if head.lower_ in ("for", "over"):
                continue
            attach = head.head
        else:
            attach = head
        out.append(DateMention(text, ent.start_char, ent.end_char, root, attach))
    ctx._dates = out
    return out


def _ancestors(token) -> list:
    chain, cur = [token], token
    while cur.head.i != cur.i:
        cur = cur.head
        chain.append(cur)
    return chain


def nearest_date(ctx: Context, trigger) -> DateMention | None:
    """The DATE expression attached to the trigger's clause: inside the trigger's own phrase
    first, else attached to the nearest ancestor of the trigger."""
    found = dates_near(ctx, trigger)
    return found[0] if found else None


#: Clause links: a date below one of these belongs to another clause than the trigger's.
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "csubj", "parataxis"}


def _own_chain(trigger) -> list:
    """The trigger and the ancestors whose dates are its dates.

    A verb shares the date of the verbs it depends on except across a reported-speech link
    ("X said on Monday that Y had agreed": the Monday is the saying, not the agreeing); a noun
    shares the date of the verb that governs it ("gave a speech on June 19") but not of the
    clauses above that verb ("X said on Monday that Y won the election")."""
    chain, cur = [trigger], trigger
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and _is_temporal_relation(trigger.head):
        # "approved the bill on Sunday, months before the midterm elections": the clause's
        # date is measured from the elections, it is not theirs
        return chain
    # a noun that is the setting of its clause ("gathered to form a coalition at the
    # conference") shares the time of the purpose clauses above it; an object noun ("met on
    # Tuesday to discuss the conflict") does not
    setting = trigger.pos_ != "NOUN" or any(
        t.dep_ == "pobj" and t.head.lower_ in ("at", "in", "during")
        for t in [trigger] + [a for a in trigger.ancestors if a.pos_ not in ("VERB", "AUX")][:3])
    while cur.head.i != cur.i:
        if cur.dep_ in ("ccomp", "parataxis", "relcl"):
            break
        if cur.dep_ in ("xcomp", "advcl") and cur.pos_ in ("VERB", "AUX") \
                and cur.head.lemma_.lower() in FUTURE_VERBS:
            break         # "promised on June 19 to aid the regime": the date is the promise's
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
            break         # "In 1998 X killed thousands, and residents said ...": a new clause
        if cur is not trigger and cur.pos_ in ("VERB", "AUX") and trigger.pos_ == "NOUN":
            shared = cur.dep_ == "conj" and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
            if not shared and (not setting or not (cur.dep_ == "xcomp" or (
                    cur.dep_ == "advcl" and any(c.lower_ == "to" for c in cur.children)))):
                break         # ('bombed Iraq in 1991 and then imposed sanctions': shared)
        cur = cur.head
        chain.append(cur)
    return chain


#: Prepositions whose date bounds a stretch of time rather than dating the event.
BOUND_PREPS = {"since", "until", "till"}

#: Prepositions that place a clause in time relative to the event they introduce.
TEMPORAL_RELATION_PREPS = {"before", "after", "following", "ahead", "prior",
                           "pending"} | BOUND_PREPS


def _is_temporal_relation(prep) -> bool:
    """'before X', 'after X', 'ahead of X', 'prior to X', 'in the run-up to X'."""
    if prep.lower_ in TEMPORAL_RELATION_PREPS:
        return True
    return prep.lower_ in ("of", "to") and prep.head.lower_ in ("ahead", "prior", "run-up",
                                                                 "eve", "wake", "aftermath")


def _time_phrase_preposition(root):
    """The 'on'/'in'/'at'/'during' that introduces the date rooted at ``root`` ('on Monday
    afternoon': 'Monday' hangs on 'afternoon', which hangs on 'on'), or None."""
    anchor = root
    while anchor.dep_ in ("compound", "nmod", "amod") and anchor.head.i != anchor.i:
        anchor = anchor.head
    head = anchor.head
    if head.pos_ == "ADP" and head.lower_ in ("on", "in", "at", "during"):
        return head
    return None


def _hangs_on(verb, root) -> bool:
    """Whether the date rooted at ``root`` hangs on ``verb`` with no other verb between
    ('hit another train on Friday evening', not 'accepted an invitation to visit later')."""
    path = _ancestors(root)
    return verb in path and not any(t.pos_ in ("VERB", "AUX")
                                    for t in path[:path.index(verb)])


def _inside_clause(trigger, root) -> bool:
    """Whether the date rooted at ``root`` is in the trigger's own clause, not in a clause
    below it ("said the company had offered a raise last month": the month is the offer's)."""
    cur = root
    while cur.i != trigger.i:
        if cur.dep_ in CLAUSE_DEPS and cur.pos_ in ("VERB", "AUX"):
            return False
        cur = cur.head
    return True


def dates_near(ctx: Context, trigger) -> list[DateMention]:
    """Every DATE/TIME expression of the trigger's clause, nearest first."""
    sent = trigger.sent
    scored = []
    chain = _own_chain(trigger)
    for dm in date_mentions(ctx):
        if not (sent.start_char <= dm.begin < sent.end_char):
            continue
        score = None
        path = _ancestors(dm.root)
        below = path[:path.index(trigger)] if trigger in path else path[:2]
        if any(t.lower_ in BOUND_PREPS for t in below):
            continue      # 'since October 2023', 'its first since the 2011 disaster': a bound
        if trigger in path and dm.root.i != trigger.i:
            # inside the trigger's own phrase ("a June 19 speech", "the 2003 invasion")
            if not _inside_clause(trigger, dm.root):
                continue
            # its depth below the trigger; a preposition adds none ('said on Monday' is as
            # near as 'said this year', and the earlier one is taken)
            score = sum(1 for t in path[:path.index(trigger)] if t.pos_ != "ADP")
        elif dm.attach in chain:
            score = 10 + chain.index(dm.attach)
        elif _time_phrase_preposition(dm.root) is not None:
            # "struck the Noto Peninsula in Ishikawa prefecture on Monday": a time phrase the
            # parser hung on the verb's object is still the verb's, when no clause is between
            for n, verb in enumerate(chain):
                if verb.pos_ in ("VERB", "AUX") and verb in path \
                        and _inside_clause(verb, dm.root):
                    score = 20 + n
                    break
        if score is not None:
            scored.append((score, dm.begin, dm))
    return [dm for _, _, dm in sorted(scored, key=lambda x: (x[0], x[1]))]


def tense_of(trigger) -> str | None:
    """'future' for planned things, 'past' for reported past events, else None."""
    words = [trigger] + [c for c in trigger.children]
    for tok in words:
        if tok.dep_ in ("aux", "auxpass") and tok.lower_ in ("will", "shall", "'ll"):
            return "future"
        if tok.dep_ == "amod" and tok.lower_ in FUTURE_MODIFIERS:
            return "future"
    # "a summit to be held in May"
    for child in trigger.children:
        if child.dep_ in ("acl", "relcl") and any(
                c.lower_ == "to" for c in child.children) and any(
                c.dep_ == "auxpass" for c in child.children):
            return "future"
    head = trigger.head
    if trigger.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        # "the summit will be held in May"
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll")
               for c in head.children):
            return "future"
    if trigger.dep_ in ("dobj", "xcomp", "ccomp") and head.lemma_.lower() in FUTURE_VERBS:
        if trigger.pos_ == "NOUN" or any(c.lower_ == "to" for c in trigger.children):
            return "future"
    if trigger.dep_ in ("xcomp", "advcl") and any(c.lower_ == "to" for c in trigger.children):
        if head.lemma_.lower() in FUTURE_VERBS:
            return "future"
    if trigger.dep_ == "acl" and head.lemma_.lower() in FUTURE_NOUNS and any(
            c.lower_ == "to" for c in trigger.children):
        return "future"   # 'an invitation to visit Washington later this year'
    morph_tok = trigger if trigger.pos_ in ("VERB", "AUX") else head
    if morph_tok.pos_ not in ("VERB", "AUX"):
        # a noun in a prepositional phrase: the verb that governs the phrase ('won 40% of the
        # vote in Wednesday's election': past)
        for anc in trigger.ancestors:
            if anc.pos_ in ("VERB", "AUX"):
                morph_tok = anc
                break
    if morph_tok is not trigger and any(c.dep_ in ("aux", "auxpass") and c.lower_ in (
            "will", "shall", "'ll") for c in morph_tok.children):
        return "future"           # 'Lula will host a summit in May'
    for tok in [morph_tok] + [c for c in morph_tok.children if c.dep_ in ("aux", "auxpass")]:
        if "Past" in tok.morph.get("Tense"):
            return "past"
    return None


def normalise(ctx: Context, text: str, tense: str | None):
    """graph.dates.normalise against the article date (None if it cannot be read)."""
    from graph.dates import normalise as _normalise

    published = getattr(ctx.document.article, "published", None)
    try:
        return _normalise(text, published, tense=tense)
    except (ValueError, TypeError, OverflowError):
        return None


def time_of(ctx: Context, trigger, tense: str | None, own: bool = False):
    """The normalised time of the trigger's clause (the nearest expression that reads); with
    ``own``, only an expression that hangs on the trigger itself."""
    for dm in dates_near(ctx, trigger):
        if own and not _hangs_on(trigger, dm.root):
            continue
        value = normalise(ctx, dm.text, tense)
        if value is not None:
            return value
    return None
