"""The state one article's extraction steps share: the parse, the lexicons, the gazetteer, the
document being filled and the map from tokens to the entities they mention."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from graph.extract.document import Document, Entity, Span
from graph.extract.lexicon import Lexicon

#: The dateline of a wire report: an upper-case place, an optional region or country, an
#: optional date, an optional agency credit in brackets, then a dash.
WIRE_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\u2019 -]*[A-Z](?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)?)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()\n]{1,40}\))?\s*[\u2014\u2013-]{1,2}\s")

#: How far back (characters) 'the commission' may refer to 'the Electoral Commission': a few
#: paragraphs (farther back, 'the army' or 'the government' may well be another one).
ANAPHOR_WINDOW = 1200

#: Words that refer back to the last person mentioned.
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}


#: Hyphen characters inside a compound word ('Colonel-Major', 'Anti-Corruption', 'a 54-year-old').
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
#: Verbs that give a noun its name: 'the agency, known as MIT', 'a group called Qilin'.
NAMING_VERBS = frozenset({"know", "call", "name"})


def named_noun(token):
    """The noun a name is given to ('agency' for 'MIT' in 'the agency, known as MIT'), when
    ``token`` is the name after 'known as', 'called as' or 'named as'; else None."""
    if token.dep_ != "pobj" or token.head.lower_ != "as":
        return None
    verb = token.head.head
    return verb.head if verb.lemma_.lower() in NAMING_VERBS and verb.dep_ == "acl" else None


@dataclass
class Context:
    doc: Any                           # spacy Doc
    document: Document
    lexicon: Lexicon
    gazetteer: Any = None              # graph.gazetteer.Gazetteer or None
    #: token index -> entity key for every token inside an entity mention
    token_entity: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: further entities inside one token ('U.S.-British' -> U.S. and the United Kingdom)
    extra_token_entities: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    #: US party-state tags after a name ('Chuck Schumer (D-N.Y.)'): (offset where the tag
    #: opens, offset of its party letter, the party's entity key)
    party_tags: list[tuple[int, int, tuple[str, str]]] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    dateline_end: int = 0
    _text: str = ""

    def __post_init__(self) -> None:
        # spaCy rebuilds Doc.text from its tokens on every access: read it once.
        self._text = self.doc.text
        if not self.document.sentences:
            self.document.sentences = [Span(s.start_char, s.end_char) for s in self.doc.sents
                                       if s.text.strip()]
        self._sentence_starts = [s.begin for s in self.document.sentences]
        dateline = getattr(self.document.article, "dateline", None) or ""
        at = self._text.find(dateline) if dateline else -1
        #: offset where the dateline ('LISBON, March 17 (Example Wire) -') ends, else 0
        self.dateline_end = at + len(dateline) if 0 <= at < 200 else 0
        # the whole wire dateline, also one with a place and no date: 'KYIV, Ukraine (AP) —',
        # 'TEGUCIGALPA, Oct 6 (CWS) —'
        m = WIRE_DATELINE.match(self._text)
        if m and (m.group("place") or self.dateline_end):
            self.dateline_end = max(self.dateline_end, m.end())

    @property
    def text(self) -> str:
        return self._text

    def sentence_at(self, offset: int) -> Span:
        i = bisect_right(self._sentence_starts, offset) - 1
        return self.document.sentences[max(i, 0)]

    def sentence_span(self, token) -> Span:
        return self.sentence_at(token.idx)

    def entity(self, key) -> Entity | None:
        return self.document.entities.get(key) if key else None

    def entity_of(self, token) -> tuple[str, str] | None:
        """The entity ``token`` mentions, directly or as the head of 'the city of X' / a
        pronoun referring back to the last person."""
        if token.idx < self.dateline_end:
            return None           # the dateline names where the report was filed from
        key = self.token_entity.get(token.i)
        if key:
            return key
        if token.lower_ in PERSON_PRONOUNS:
            return self.last_person_before(token.idx)
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            return self.person_by_surname(token.text)
        return None

    def org_by_name(self, word: str) -> tuple[str, str] | None:
        """The organisation whose label, alias or first word is ``word``."""
        low = word.casefold()
        for e in self.document.entities.values():
            if e.group != "org":
                continue
            names = [e.label] + sorted(e.aliases)
            if any(n.casefold() == low for n in names) or e.label.split()[0].casefold() == low:
                return e.key
        return None

    def person_by_surname(self, word: str) -> tuple[str, str] | None:
        """The one person of the document whose name ends in ``word`` (a surname NER
        missed), or None when there is none or several."""
        found = {e.key for e in self.document.entities.values()
                 if e.kind == "Person" and len(e.label.split()) > 1
                 and e.label.replace("-", " ").split()[-1] == word}
        return found.pop() if len(found) == 1 else None

    def last_person_before(self, offset: int) -> tuple[str, str] | None:
        """The person a pronoun at ``offset`` refers back to.

        Grammatical subjects are the most salient antecedents: the person who is the subject
        of a clause earlier in the pronoun's own sentence, else the subject of the previous
        sentence (its main verb's subject first), else the last person mentioned at all.
        So in 'Bailey said tariffs announced by Trump hurt. "...," he told reporters' the
        pronoun is Bailey, not Trump.
        """
        best, best_at = None, -1
        here = self.sentence_at(offset)
        i = self._sentence_starts.index(here.begin) if here.begin in self._sentence_starts else 0
        previous = self.document.sentences[i - 1] if i > 0 else None
        in_here: list[tuple[int, tuple[str, str], int]] = []
        in_previous: list[tuple[int, tuple[str, str], int]] = []
        for ent in self.document.entities.values():
            if ent.kind != "Person":
                continue
            for m in ent.mentions:
                if best_at < m.begin < offset:
                    best, best_at = ent.key, m.begin
                if here.begin <= m.begin < offset:
                    rank = self._subject_rank(m.begin, m.end)
                    if rank:
                        in_here.append((m.begin, ent.key, rank))
                elif previous is not None and previous.begin <= m.begin < previous.end:
                    rank = self._subject_rank(m.begin, m.end)
                    if rank:
                        in_previous.append((m.begin, ent.key, rank))
        if in_here:
            return max(in_here)[1]            # the nearest subject before the pronoun
        if in_previous:                       # the main verb's subject, else the last subject
            return max(in_previous, key=lambda c: (c[2], c[0]))[1]
        return best

    def _subject_rank(self, begin: int, end: int) -> int:
        """2 when the mention is the subject of its sentence's main verb, 1 when it is the
        subject of another clause, 0 otherwise."""
        span = self.doc.char_span(begin, end, alignment_mode="expand")
        if span is None:
            return 0
        root = span.root
        while root.dep_ in ("compound", "appos", "flat") and root.head is not root:
            root = root.head
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return 0
        return 2 if root.head.dep_ == "ROOT" else 1

    def phrase_entity(self, token) -> tuple[tuple[str, str] | None, float]:
        """The entity a noun phrase headed by ``token`` stands for, with a confidence factor:
        the head itself (1.0), 'the city of X' (0.9), or a name modifying a common noun ('the
        U.S.-British alliance', 'the Maliki government': 0.7)."""
        key = self.entity_of(token)
        if key:
            return key, 1.0
        for child in token.children:      # "the prime minister, Nouri al-Maliki"
            if child.dep_ == "appos" and self.entity_of(child):
                return self.entity_of(child), 0.95
        for child in token.children:      # "the group's local affiliate, known as ISIS-K"
            if child.dep_ == "acl" and child.lemma_.lower() in NAMING_VERBS:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ == "as":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and self.entity_of(pobj):
                                return self.entity_of(pobj), 0.95
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of" and token.pos_ == "NOUN":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self.token_entity.get(pobj.i):
                        ent = self.entity(self.token_entity[pobj.i])
                        if ent and ent.group == "place" and token.lower_ in PLACE_NOUNS:
                            return ent.key, 0.9
        key = self.partitive_entity(token)
        if key:
            return key, 0.7
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "poss", "amod") and child.i < token.i:
                key = self.token_entity.get(child.i)
                if key and self.entity(key) and self.entity(key).group != "person":
                    return key, 0.7
        key = self.org_by_head_noun(token)
        if key:
            return key, 0.8
        return None, 0.0

    def partitive_entity(self, token) -> tuple[str, str] | None:
        """"eight of the nine members of the committee", "officials of the ministry": the
        organisation (or place) whose part or people act for it."""
        if token.pos_ != "NUM" and token.lower_ not in PARTITIVE_WORDS:
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        key, _ = self.phrase_entity(pobj)
                        if key and key[0] != "person":
                            return key
        return None

    def org_by_head_noun(self, token) -> tuple[str, str] | None:
        """'the commission' after 'the Electoral Commission': a bare definite noun that is the
        last word of exactly one organisation named earlier in the article."""
        if token.pos_ != "NOUN" or token.tag_ != "NN" or token.i in self.token_entity:
            return None
        kids = [c for c in token.children if c.dep_ not in ("punct", "prep", "relcl", "acl")]
        if len(kids) != 1 or kids[0].dep_ != "det" or kids[0].lower_ != "the":
            return None
        # the name must be recent (a few sentences back): far from it, 'the army' or 'the
        # government' may well be another one
        found = {e.key for e in self.document.entities.values()
                 if e.group == "org" and e.kind != "Group" and not e.local
                 and ((len(e.label.split()) > 1 and _name_head(e.label) == token.lower_)
                      or any(self._described_as(m, token.lower_) for m in e.mentions))
                 and any(token.idx - ANAPHOR_WINDOW < m.begin < token.idx for m in e.mentions)}
        return found.pop() if len(found) == 1 else None

    def _described_as(self, mention, noun: str) -> bool:
        """Whether the article calls the mention's name a ``noun``: 'Turkey's intelligence
        agency, known as MIT' (then 'the agency' is MIT)."""
        span = self.doc.char_span(mention.begin, mention.end, alignment_mode="expand")
        if span is None:
            return False
        named = named_noun(span.root)
        return named is not None and named.lower_ == noun

    def phrase_entities(self, token) -> list[tuple[tuple[str, str], float]]:
        """Like :meth:`phrase_entity` but every name modifying the head ('the U.S.-British
        alliance' -> U.S. and the United Kingdom) and every conjunct ('Iraq and Iran')."""
        out: list[tuple[tuple[str, str], float]] = []
        heads = [token] + [c for c in token.conjuncts if c.i > token.i]
        for head in heads:
            key, conf = self.phrase_entity(head)
            if key and conf >= 0.9:
                out.append((key, conf))
                continue
            part = self.partitive_entity(head)
            if part:
                out.append((part, 0.7))
                continue
            for child in head.children:
                if child.dep_ in ("compound", "nmod", "amod") and child.i < head.i:
                    for k in self.entities_in_token(child):
                        ent = self.entity(k)
                        if ent and ent.group != "person":
                            out.append((k, 0.7))
        seen, result = set(), []
        for k, c in out:
            if k not in seen:
                seen.add(k)
                result.append((k, c))
        return result

    def entities_in_token(self, token) -> list[tuple[str, str]]:
        keys = [self.token_entity[token.i]] if token.i in self.token_entity else []
        keys += [k for k in self.extra_token_entities.get(token.i, []) if k not in keys]
        return keys


def _name_head(label: str) -> str:
    """The head noun of a name: its last word, or the last before 'of' ('Electoral
    Commission of South Africa' -> 'commission')."""
    words = label.split()
    if "of" in words[1:]:
        words = words[:words.index("of", 1)]
    return words[-1].casefold()


#: Words for some of, or the people of, an organisation: 'most of X', 'members of X'.
PARTITIVE_WORDS = {"some", "many", "most", "all", "several", "few", "none", "each", "one",
                   "both", "half", "majority", "minority", "rest", "members", "member", "staff",
                   "lawmakers", "legislators"}
# (leaders, officials, delegates... of a body: graph.extract.events' REPRESENTATIVE_NOUNS)

#: Common nouns that introduce a place name: 'the city of Mosul'.
PLACE_NOUNS = {"city", "town", "village", "province", "state", "region", "country", "capital",
               "district", "county", "island", "port", "area", "governorate", "republic"}
