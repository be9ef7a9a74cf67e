"""`make bench`: speed and memory of newskg measured against peers, side by side, in one run.

    python -m bench [SECTION...] [--quick] [--output DIR]

Sections (all by default, in this order): ingest, validation, stores, http, growth. Each
section writes ``DIR/<section>.json``; ``DIR/results.md`` is then rebuilt from every section's
JSON in DIR (so running one section keeps the others' latest tables) and printed, and
``growth`` draws the PNG plots. DIR is bench/results (``--quick``: build/bench-quick, so a
smoke run never replaces the real results). See bench/README.md for what is measured and the
environment variables that change sizes and limits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench import common

SECTIONS = ("ingest", "validation", "stores", "http", "growth")
QUICK_DIR = common.ROOT / "build" / "bench-quick"

#: Sizes of a --quick run: enough to exercise every code path in well under a minute.
QUICK = {"docs": 2, "scale": 2_000, "stores": ["rdflib-dataset", "memory", "oxigraph",
                                                "oxigraph-server"], "http_seconds": 1.0,
         "validation_timeout": 10.0}


def _ingest(quick: bool) -> dict:
    from bench import ingest

    return ingest.run(QUICK["docs"] if quick else common.env_int("NEWSKG_BENCH_DOCS", 50))


def _validation(quick: bool) -> dict:
    from bench import validation

    if quick:
        return validation.run((QUICK["scale"],), timeout=QUICK["validation_timeout"])
    scales = validation.SCALES + ((1_000_000,) if os.environ.get("NEWSKG_BENCH_VALIDATION_1M")
                                  else ())
    rdfs = (scales[0],) if os.environ.get("NEWSKG_BENCH_VALIDATION_RDFS") else ()
    return validation.run(scales, rdfs)


def _stores(quick: bool) -> dict:
    from bench import stores

    if quick:
        return stores.run((QUICK["scale"],), QUICK["stores"])
    return stores.run(stores.default_scales())


def _http(quick: bool) -> dict:
    from bench import http

    if quick:
        http.DURATION = QUICK["http_seconds"]
    return http.run(common.synthetic_file(QUICK["scale"] if quick else 100_000))


RUNNERS = {"ingest": _ingest, "validation": _validation, "stores": _stores, "http": _http}


def _load(name: str) -> dict | None:
    path = common.RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def growth() -> list[Path]:
    from bench import plots

    written = []
    stores, validation = _load("stores"), _load("validation")
    if stores:
        written += plots.plot_stores(stores, common.RESULTS)
    if validation:
        written += plots.plot_validation(validation, common.RESULTS)
    return written


def results_markdown() -> str:
    """results.md from every section's JSON found in the results folder."""
    from bench import http, ingest, plots, stores, validation

    meta = _load("run") or {}
    out = ["# newskg benchmarks", "",
           f"Run {meta.get('finished', '?')} on {meta.get('machine', '?')}"
           f"{' (--quick)' if meta.get('quick') else ''}. Written by `make bench` "
           f"(`python -m bench`); see bench/README.md for what each figure means.", ""]
    sections = (("Ingest (issue 4)", "ingest", ingest.markdown),
                ("SHACL validation (issue 5)", "validation", validation.markdown),
                ("Stores: load, memory, disk, query mix (issue 7)", "stores", stores.markdown),
                ("HTTP: newskg serve vs the Oxigraph server (issues 6, 7)", "http",
                 http.markdown))
    for title, name, render in sections:
        data = _load(name)
        if data is not None:
            out += [f"## {title}", "", render(data), ""]
    out += ["## Growth with scale", "", plots.growth_markdown(_load("stores"),
                                                              _load("validation")), ""]
    pngs = sorted(p.name for p in common.RESULTS.glob("*.png"))
    if pngs:
        out += ["Plots (log-log): " + ", ".join(f"[{p}]({p})" for p in pngs), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"sections to run (default: all): {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run on tiny inputs (results in build/bench-quick)")
    parser.add_argument("--output", type=Path, help="folder for the results")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    chosen = args.sections or list(SECTIONS)
    common.RESULTS = (args.output or (QUICK_DIR if args.quick else common.RESULTS)).resolve()
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for name in chosen:
        if name == "growth":
            continue
        print(f"== {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        data = RUNNERS[name](args.quick)
        data["section_seconds"] = round(time.perf_counter() - t0, 1)
        common.write_json(name, data)
    common.write_json("run", {
        "finished": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "quick": args.quick, "sections": chosen,
        "seconds": round(time.perf_counter() - started, 1)})
    if "growth" in chosen:
        growth()
    text = results_markdown()
    (common.RESULTS / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
