"""Ingest throughput on one core, after model load, beside the bare spaCy pipeline.

Three measurements, each in its own fresh process (so peak memory is its own), on the same
texts (the bundled ``data/articles/*`` repeated to about 50 documents) in the same run:

* ``spacy``   - the bare pipeline: ``spacy.load(model)`` and ``nlp.pipe`` over the texts;
* ``extract`` - newskg extraction: the pipeline with newskg's gazetteer ruler, the extraction
  rules (graph.extract) and the RDF graph of each article (graph.build);
* ``ingest``  - the full ingest (graph.ingest.ingest_articles): the above plus SHACL
  validation of each article's graph and its write into an on-disk Oxigraph store.

Loading the model, the gazetteer, the shapes and the ontology happens before the clock starts
(they are loaded once per process, whatever the number of articles). Ratios are to ``spacy``.
The issue's target: ``ingest`` at least half the bare pipeline's throughput.

    python -m bench.ingest [DOCS]               # all three, prints a table
    python -m bench.ingest --worker MODE DOCS   # one measurement, prints JSON
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ONE_CORE_ENV, ROOT, in_subprocess, peak_rss_mb, write_json

ARTICLES = ROOT / "data" / "articles"
MODES = ("spacy", "extract", "ingest")
#: Target of issue 4: newskg ingest at least this share of the bare pipeline's throughput.
TARGET_RATIO = 0.5
BATCH_SIZE = 8


def _articles(docs: int, start: int = 0):
    """The bundled articles, read by graph.reader, repeated to ``docs`` documents.

    Each copy ends with its own short line ("Copy 7."), so that every document is a distinct
    article: ingest skips a text it has already stored, and that would measure nothing.
    """
    import dataclasses
    import hashlib

    from graph.reader import iter_article_paths, read_article

    files = iter_article_paths([ARTICLES])
    if not files:
        raise SystemExit(f"no articles in {ARTICLES}: the bench needs the bundled sample")
    read = [read_article(f) for f in files]
    out = []
    for i in range(start, start + docs):
        text = f"{read[i % len(read)].text}\n\nCopy {i}."
        out.append(dataclasses.replace(read[i % len(read)], text=text,
                                       content_hash=hashlib.sha256(text.encode()).hexdigest()))
    return out


def _measure(mode: str, docs: int) -> dict:
    from graph.settings import resolve

    settings = resolve({"workers": 1})
    articles = _articles(docs)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    work = None
    if mode == "spacy":
        import warnings

        import spacy

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            nlp = spacy.load(settings.spacy_model)  # nothing of newskg added
        nlp("Warm-up sentence in Paris.")
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        elapsed = time.perf_counter() - started
    elif mode == "extract":
        from graph.build import build_graph, now_literal
        from graph.extract import default_gazetteer, extract_document
        from graph.extract.lexicon import load_lexicon
        from graph.nlp import load_pipeline

        nlp = load_pipeline(settings.spacy_model)
        gazetteer, lexicon = default_gazetteer(), load_lexicon()
        nlp("Warm-up sentence in Paris.")
        started = time.perf_counter()
        triples = 0
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=BATCH_SIZE)):
            begun = now_literal()
            document = extract_document(article, doc, gazetteer=gazetteer, lexicon=lexicon)
            triples += len(build_graph(document, settings.base_iri, begun, now_literal()))
        elapsed = time.perf_counter() - started
    elif mode == "ingest":
        from graph.extract import default_gazetteer
        from graph.extract.lexicon import load_lexicon
        from graph.ingest import ingest_articles
        from graph.nlp import load_pipeline
        from graph.store import OxigraphStore
        from graph.validate import load_ontology, load_shapes

        # Everything loaded once per process is loaded before the clock starts.
        load_pipeline(settings.spacy_model)("Warm-up sentence in Paris.")
        default_gazetteer(), load_lexicon(), load_shapes(), load_ontology()
        work = Path(tempfile.mkdtemp(prefix="newskg-bench-ingest-"))
        store = OxigraphStore(work / "store")
        # warm-up on another copy: the ontology's graph, the compiled shapes' first run
        ingest_articles(_articles(1, start=docs), store, settings, progress=False)
        started = time.perf_counter()
        summary = ingest_articles(articles, store, settings, progress=False)
        store.flush()
        elapsed = time.perf_counter() - started
        triples = sum(r.triples for r in summary.results)
        rejected = len(summary.rejected)
        skipped = len(getattr(summary, "skipped", ()))
        store.close()
    else:
        raise SystemExit(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    out = {"mode": mode, "docs": docs, "words": words, "seconds": elapsed,
           "articles_per_s": docs / elapsed, "words_per_s": words / elapsed,
           "peak_rss_mb": peak_rss_mb()}
    if mode in ("extract", "ingest"):
        out["triples"] = triples
    if mode == "ingest":
        out["rejected"] = rejected
        out["skipped"] = skipped
        shutil.rmtree(work, ignore_errors=True)
    return out


def run(docs: int = 50) -> dict:
    rows = []
    for mode in MODES:
        rows.append(in_subprocess("bench.ingest", "--worker", mode, str(docs), env=ONE_CORE_ENV))
    base = rows[0]["articles_per_s"]
    for row in rows:
        row["ratio_to_spacy"] = row["articles_per_s"] / base
    ingest_ratio = rows[-1]["ratio_to_spacy"]
    return {"docs": docs, "articles": sorted(p.name for p in ARTICLES.iterdir()),
            "rows": rows, "target_ratio": TARGET_RATIO, "target_met": ingest_ratio >= TARGET_RATIO}


LABELS = {"spacy": "bare spaCy pipeline (spacy.load + nlp.pipe)",
          "extract": "newskg extraction (ruler + rules + RDF build)",
          "ingest": "newskg full ingest (+ SHACL + Oxigraph write)"}


def markdown(results: dict) -> str:
    lines = ["| pipeline | articles/s | words/s | ratio to bare spaCy | peak memory MB |",
             "|---|---|---|---|---|"]
    for r in results["rows"]:
        lines.append(f"| {LABELS[r['mode']]} | {r['articles_per_s']:.2f} | {r['words_per_s']:.0f} "
                     f"| {r['ratio_to_spacy']:.2f} | {r['peak_rss_mb']:.0f} |")
    ratio = results["rows"][-1]["ratio_to_spacy"]
    verdict = "met" if results["target_met"] else "NOT met"
    lines.append("")
    lines.append(f"{results['docs']} documents (the bundled articles repeated), one process, one "
                 f"core, after model load. Target (full ingest >= {results['target_ratio']:.0%} of "
                 f"the bare pipeline): {verdict} ({ratio:.0%}).")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("docs", nargs="?", type=int, default=50)
    parser.add_argument("--worker", choices=MODES, help="run one measurement, print JSON")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_measure(args.worker, args.docs)))
        return
    results = run(args.docs)
    write_json("ingest", results)
    print(markdown(results))


if __name__ == "__main__":
    main(sys.argv[1:])
