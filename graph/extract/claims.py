"""Claims: figures with what they count ('1.5 million Iraqis', 'about 90 percent of the tribal
groups', 'some 200 leaders', '$4.2 billion'). Dates, ages, ordinals and years are not claims.

Each claim gets a typed value, the counted noun (unitText), what is measured (the governing
verb or noun: 'killed', 'death', 'exile'), a qualifier ('about', 'more than'), the event it is
about when its governor is an event trigger, and who it is attributed to: the quoted or cited
speaker, else the article's author, else its publisher.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from graph.extract import quotes
from graph.extract.context import HYPHENS, Context
from graph.extract.document import Claim
from graph.extract.sources import unnamed_source

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}
QUALIFIERS = (("more than", "more than"), ("over", "more than"), ("at least", "at least"),
              ("up to", "up to"), ("as many as", "up to"), ("nearly", "nearly"),
              ("almost", "nearly"), ("about", "about"), ("around", "about"),
              ("approximately", "about"), ("roughly", "about"), ("some", "some"),
              ("an estimated", "about"), ("less than", "less than"),
              ("fewer than", "less than"), ("under", "less than"))
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "dozen": 12}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "half": 0.5, "a": 1, "an": 1,
         "quarter": 0.25}
CURRENCIES = {"$": "US dollars", "€": "euros", "£": "pounds", "¥": "yen",
              "dollar": "US dollars", "dollars": "US dollars", "euro": "euros",
              "euros": "euros", "pound": "pounds", "pounds": "pounds", "yen": "yen"}
#: Abbreviated scales written after a number: '5bn', '300m', '1.2tn', '10k' (or alone: 'bn').
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
                "b": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000}
SHORT_SCALE = re.compile(r"(\d+(?:\.\d+)?)?(k|m|mn|bn|b|tn|trn)")
PERCENT_WORDS = ("percent", "per cent", "%", "percentage points")
#: Words after which a number names something instead of counting it.
NUMBER_LABELS_BEFORE = {"magnitude", "category", "level", "no.", "number", "page", "flight",
                        "route", "phase", "article", "chapter", "section", "grade", "stage"}
AGE_WORDS = {"year", "years", "old", "aged", "age"}
#: Units of length: a distance before a direction locates a place, it is not a claim.
DISTANCE_UNITS = {"km", "kilometres", "kilometers", "miles", "mile", "metres", "meters", "m",
                  "feet", "ft", "yards", "nautical miles"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
              "southwest", "north-east", "north-west", "south-east", "south-west", "from",
              "outside", "off", "inland", "offshore", "away"}


def _locates(ctx: Context, ent) -> bool:
    """Whether a direction ('northeast of', 'from') follows the distance, maybe after a
    bracketed conversion: '35 km (22 miles) northeast of the capital'."""
    rest = ctx.text[ent.end_char: ent.end_char + 40]
    rest = re.sub(r"^\s*\)?\s*(?:\([^()]*\))?", "", rest)   # '(22 miles)' or its ')'
    word = re.match(r"\s*([A-Za-z-]+)", rest)
    return bool(word) and word.group(1).lower() in DIRECTIONS


#: Units of time: '12 years' is a duration, not a figure anyone claims.
DURATION_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour",
                  "hours", "minute", "minutes", "second", "seconds", "decade", "decades",
                  "century", "centuries", "old"}
CLAUSE_STOP = {"conj", "cc", "punct", "relcl", "advcl", "nsubj", "nsubjpass", "mark", "dep"}


#: Below this, a count with no verb or noun saying what it measures is not a claim.
SMALL_COUNT = 10

#: Prepositions that bound an age when a bare number follows them after a noun.
AGE_PREPOSITIONS = {"under", "over", "aged", "above", "below"}


def parse_quantity(text: str) -> tuple[Decimal, str | None, str | None, bool] | None:
    """(value, qualifier, unit from the words themselves, elliptical 'another') or None."""
    t = " ".join(text.replace("\u2013", "-").split())
    low = t.lower()
    qualifier = None
    elliptical = False
    for focus in ("only ", "just ", "a mere ", "fully "):
        if low.startswith(focus):
            low = low[len(focus):]      # a focusing word: 'only 38 percent' is 38 percent
            break
    for prefix in ("another ", "a further ", "an additional ", "a total of "):
        if low.startswith(prefix):
            elliptical = prefix != "a total of "
            low = low[len(prefix):]
    for phrase, norm_q in QUALIFIERS:
        if low.startswith(phrase + " "):
            qualifier, low = norm_q, low[len(phrase) + 1:]
            break
    unit = None
    for sym, name in CURRENCIES.items():
        if low.startswith(sym) or low.endswith(" " + sym):
            unit = name
            low = low.replace(sym, " ")
    for word in PERCENT_WORDS:
        if word in low:
            unit = "percent"
            low = low.replace(word, " ")
    low = low.replace("-", " ").replace(",", "")
    tokens = low.split()
    if not tokens:
        return None
    total, current, seen = Decimal(0), Decimal(0), False
    money = unit is not None and unit != "percent"
    words: list[str] = []
    for tok in tokens:
        short = SHORT_SCALE.fullmatch(tok)
        if words:                                # the unit's words come last
            if not tok.isalpha():
                return None
            words.append(tok)
        elif re.fullmatch(r"\d+(?:\.\d+)?", tok):
            current += Decimal(tok)
            seen = True
        elif short and (short.group(2) in ("bn", "mn", "tn", "trn") or money):
            # '£5bn', '$300m', '€1.2tn' (a bare 'm' or 'k' only with a currency: '100m' may
            # be metres)
            current += Decimal(short.group(1) or "1") * SHORT_SCALES[short.group(2)]
            total, current = total + current, Decimal(0)
            seen = True
        elif tok in ("a", "an"):
            continue          # 'a half-million', 'a million': the scale word decides
        elif tok in WORDS:
            current += Decimal(str(WORDS[tok]))
            seen = True
        elif tok in SCALES:
            current = (current or Decimal(1)) * SCALES[tok]
            if SCALES[tok] >= 1000:
                total, current = total + current, Decimal(0)
            seen = True
        elif tok in ("and", "of"):
            continue
        elif seen and tok.isalpha() and unit is None:
            words.append(tok)                    # '2.5 million barrels', '35 km'
        else:
            return None
    value = total + current
    if not seen or value <= 0 or len(words) > 2 or (words and words[0] in DURATION_WORDS):
        return None
    if words:
        unit = " ".join(words)
    return value, qualifier, unit, elliptical


def _counted_noun(root):
    """The noun a number counts: '1.5 million Iraqis' -> Iraqis."""
    tok = root
    while tok.dep_ in ("nummod", "quantmod", "compound", "amod") and tok.head.i != tok.i \
            and tok.head.pos_ in ("NUM", "NOUN", "PROPN"):
        tok = tok.head
        if tok.pos_ != "NUM":
            return tok
    return None


def _governor(noun):
    """What the counted thing is about: 'the death of X' -> death, 'killed X' -> killed."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    cur = noun
    if cur.dep_ == "conj":
        cur = cur.head
    if cur.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") and cur.head.pos_ in ("VERB", "AUX"):
        return cur.head
    if cur.dep_ == "pobj" and cur.head.head.pos_ == "VERB":
        return cur.head.head
    return None


def _measured(gov) -> str | None:
    if gov is None:
        return None
    if gov.pos_ == "VERB":
        for c in gov.children:
            if c.dep_ == "prep" and c.lower_ in ("into", "to") and c.lemma_ != "to" or (
                    c.dep_ == "prep" and c.lower_ == "into"):
                for g in c.children:
                    if g.dep_ == "pobj" and g.pos_ == "NOUN":
                        return g.text
    return gov.text


def _clause_text(ctx: Context, gov, number_begin: int, number_end: int) -> tuple[int, int]:
    top = gov
    if top is not None and top.pos_ == "NOUN" and top.dep_ == "pobj" \
            and top.head.head.pos_ == "VERB":
        top = top.head.head
    if top is None:
        return number_begin, number_end
    begin, end = min(top.idx, number_begin), max(top.idx + len(top.text), number_end)
    for child in top.children:
        if child.dep_ in CLAUSE_STOP or child.i < top.i:
            continue
        sub = list(child.subtree)
        end = max(end, sub[-1].idx + len(sub[-1].text))
    sent = ctx.sentence_at(number_begin)
    return max(begin, sent.begin), min(end, sent.end)


def _noun_phrase(ctx: Context, noun, number_end: int) -> str:
    start = noun
    for t in reversed(list(noun.lefts)):
        if t.dep_ in ("amod", "compound") and t.idx >= number_end and t.i == start.i - 1:
            start = t
    return ctx.text[start.idx: noun.idx + len(noun.text)]


def _speech_attribution(ctx: Context, token):
    """'X said (that) ... N ...', 'X had expected N' or 'according to X': X."""
    lemmas = quotes.attribution_lemmas(ctx) | FORECAST_VERBS
    cur = token
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ == "NOUN" and cur.lemma_.lower() in FORECAST_NOUNS:
            # "analysts' average estimate of $186.4 billion": the estimate's owner
            for owner in (c for c in cur.children if c.dep_ == "poss"):
                key, _ = ctx.phrase_entity(owner)
                key = key if key and key[0] != "place" else unnamed_source(ctx, owner)
                if key:
                    return key
        # the verb above the figure, or one the parser hung beside its clause ('A bomber
        # killed 20 people, the Taliban administration said, ...')
        for verb in [cur] + [c for c in cur.children if c.dep_ == "parataxis"]:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in lemmas:
                continue
            for s in verb.children:
                if s.dep_ == "nsubj":
                    key, _ = ctx.phrase_entity(s)
                    if key and key[0] != "place":
                        return key
                    key = unnamed_source(ctx, s)    # 'the fire brigade said'
                    if key:
                        return key
    key, _ = quotes._according_to(ctx, token.sent, lambda o: False)
    return key


#: Verbs whose subject puts a figure forward without having measured it ('economists had
#: expected a rise to 7%', 'the agency forecasts 2.1% growth'): the figure is theirs.
FORECAST_VERBS = {"expect", "forecast", "predict", "estimate", "project", "calculate"}
#: Nouns of a figure put forward by their owner ('analysts' estimate of $186.4 billion').
FORECAST_NOUNS = {"estimate", "forecast", "projection", "prediction", "expectation",
                  "consensus", "calculation"}
#: Words of a qualifier before a number ('at least 288', 'more than 850').
QUALIFIER_WORDS = {w for phrase, _ in QUALIFIERS for w in phrase.split()}
#: Month names and their abbreviations: a number beside one is a day ('Feb 9').
MONTHS = {m.lower() for m in (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()}
#: Dependencies of a number that counts something (not a label, a date part or an ordinal).
COUNT_DEPS = {"nummod", "nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"}


def _missed_numbers(doc) -> list:
    """Counts the name recogniser left out (it may, e.g. right after a wire dateline: 'June 3
    (Reuters) - At least 288 people were killed'): a run of digits and scale words outside any
    entity, used as a count, with the qualifier words just before it, as CARDINAL spans."""
    from spacy.tokens import Span

    out, i = [], 0
    while i < len(doc):
        tok = doc[i]
        if tok.ent_type_ or not (tok.like_num and any(ch.isdigit() for ch in tok.text)):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and not doc[end].ent_type_ and doc[end].lower_ in SCALES:
            end += 1
        last = doc[end - 1]
        start = i
        while start > 0 and not doc[start - 1].ent_type_ \
                and doc[start - 1].lower_ in QUALIFIER_WORDS:
            start -= 1
        before = doc[start - 1] if start > 0 else None
        named = before is not None and (before.pos_ == "PROPN" or before.ent_type_)  # 'Ariane 6'
        if last.dep_ in COUNT_DEPS and not named and last.head.lower_.rstrip(".") not in MONTHS:
            out.append(Span(doc, start, end, label="CARDINAL"))
        i = end
    return out


def extract_claims(ctx: Context) -> None:
    doc = ctx.document
    events_at = {e.begin: e for e in doc.events}
    last_unit: dict[int, str] = {}
    numbers = [e for e in ctx.doc.ents if e.label_ in NUMBER_LABELS] + _missed_numbers(ctx.doc)
    for ent in sorted(numbers, key=lambda e: e.start):
        parsed = parse_quantity(ent.text)
        if parsed is None:
            continue
        value, qualifier, unit, elliptical = parsed
        root = ent.root
        if not (root.like_num or root.lower_ in SCALES or root.lower_ in PERCENT_WORDS):
            # 'an estimated 50 million people': the parser may hang the span on its article
            nums = [t for t in ent if t.like_num or t.lower_ in SCALES]
            if nums:
                root = nums[-1]
        if unit is None and ((root.head.pos_ == "PROPN" and root.head.i < root.i) or (
                ent.start > 0 and ctx.doc[ent.start - 1].pos_ == "PROPN"
                and ctx.doc[ent.start - 1].is_title)):
            continue      # part of a name ('Apollo 11', 'an Ariane 6 rocket')
        if re.fullmatch(r"1[5-9]\d\d|20\d\d", ent.text.strip()):
            continue      # a year
        noun = _counted_noun(root) if unit != "percent" else None
        sent = ctx.sentence_at(ent.start_char)
        measured = None
        if ent.start > 0 and ctx.doc[ent.start - 1].lower_ in NUMBER_LABELS_BEFORE:
            continue      # a label, not a count: 'magnitude 5.4', 'Flight 370'
        if ctx.text[ent.end_char: ent.end_char + 1] in HYPHENS:
            continue      # a modifier: 'a 230-seat parliament', 'a 54-year-old'
        if unit in DISTANCE_UNITS and _locates(ctx, ent):
            continue      # a location: '35 km (22 miles) northeast of the capital'
        if unit == "percent":
            gov = root.head if root.dep_ != "ROOT" else None
            while gov is not None and gov.pos_ == "ADP" and gov.head.i != gov.i:
                gov = gov.head
            if gov is not None and gov.pos_ in ("VERB", "AUX"):
                subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                    measured = subj.text
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    measured = ctx.text[c.idx: list(c.subtree)[-1].idx
                                        + len(list(c.subtree)[-1].text)]
            gov_tok = root
        elif noun is not None:
            if noun.lemma_.lower() in AGE_WORDS or noun.lower_ in ("percent",):
                continue
            unit = unit or _noun_phrase(ctx, noun, ent.end_char)
            gov = _governor(noun)
            gov_tok = noun
        else:
            if unit is None and root.dep_ == "pobj" and root.head.lower_ in AGE_PREPOSITIONS \
                    and root.head.head.pos_ in ("NOUN", "PROPN"):
                continue  # an age bound on a noun: 'children under five', 'people over 65'
            if unit is None:
                if not (elliptical or root.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")):
                    continue
                unit = last_unit.get(sent.begin)
                if unit is None:
                    continue
            gov = _governor(root)
            gov_tok = root
        if value < 2 and unit not in ("percent",) and "US dollars" != unit:
            continue
        if measured is None:
            measured = _measured(gov) if unit != "percent" else (
                gov.text if gov is not None else None)
        last_unit[sent.begin] = unit
        begin, end = _clause_text(ctx, gov if gov is not None else gov_tok,
                                  ent.start_char, gov_tok.idx + len(gov_tok.text))
        quote = quotes.quote_at(ctx, ent.start_char)
        if measured is None and value < SMALL_COUNT and quote is None:
            continue      # 'talks between the two sides': a small count nothing measures
        attributed = quote.speaker if quote else _speech_attribution(ctx, root)
        conf = 0.75 if quote or attributed else 0.7
        attributed = attributed or doc.author or doc.publisher
        if attributed is None:
            continue      # nobody to attribute the figure to (no speaker, author, publisher)
        about = None
        if gov is not None and gov.idx in events_at:
            about = gov.idx
        number = int(value) if value == value.to_integral_value() else value
        doc.claims.append(Claim(
            text=ctx.text[begin:end], begin=ent.start_char, value=number, unit=unit,
            evidence=sent, attributed_to=attributed, measured=measured, qualifier=qualifier,
            about=about, confidence=conf))


def to_decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
