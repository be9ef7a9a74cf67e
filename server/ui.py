"""The query page at ``/``: a plain HTML form to ``/sparql`` that YASGUI replaces when its
script is installed (``npm install`` puts it in ``node_modules/@zazuko/yasgui/build/``), with
newskg's prefixes preloaded and the example questions of ``server/examples/*.rq``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import (Blueprint, current_app, render_template, request, send_from_directory,
                   url_for)
from werkzeug.routing import BuildError

from graph.errors import NotFoundError
from graph.formats import RDF_FORMATS, RESULT_FORMATS
from graph.namespaces import PREFIXES
from graph.settings import PROJECT_ROOT

bp = Blueprint("ui", __name__)

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
#: Where npm installs YASGUI; only these files of it are served.
YASGUI_DIR = PROJECT_ROOT / "node_modules" / "@zazuko" / "yasgui" / "build"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")
TITLE_MARK = "# title:"


@dataclass(frozen=True)
class Example:
    name: str  # the file name without .rq
    title: str
    query: str


def load_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The example questions, in file-name order; each file starts with ``# title: ...``."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first[len(TITLE_MARK):].strip() if first.startswith(TITLE_MARK) else path.stem
        examples.append(Example(path.stem, title, text))
    return examples


def prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def yasgui_installed() -> bool:
    return all((YASGUI_DIR / name).is_file() for name in YASGUI_FILES)


@bp.get("/")
def index():
    examples = load_examples()
    chosen = request.args.get("example")
    query = request.args.get("query")
    if chosen is not None:
        match = [e for e in examples if e.name == chosen]
        if not match:
            raise NotFoundError(f"no example {chosen!r}; the examples are: "
                                + ", ".join(e.name for e in examples))
        query = match[0].query
    if query is None:
        query = prefix_block() + "\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 25\n"
    config = {"endpoint": _url("sparql.sparql", "/sparql"), "prefixes": PREFIXES,
              "examples": {e.name: {"title": e.title, "query": e.query} for e in examples},
              "initial": query,
              # result links to newskg's own IRIs open this server's pages
              "ownIris": current_app.config["NEWSKG"].base_iri + "id/",
              "ownPages": request.script_root + "/id/"}
    return render_template(
        "index.html", examples=examples, query=query, page_config=config,
        endpoint=config["endpoint"], void=_url("sparql.void", "/.well-known/void"),
        yasgui=yasgui_installed(), result_formats=RESULT_FORMATS, rdf_formats=RDF_FORMATS,
        dumps=[(f.extension, f.media_type) for f in RDF_FORMATS])


def _url(endpoint: str, fallback: str) -> str:
    """The path of another blueprint's route (the page still renders without it)."""
    try:
        return url_for(endpoint)
    except BuildError:
        return fallback


@bp.get("/examples/<name>.rq")
def example(name: str):
    for e in load_examples():
        if e.name == name:
            return e.query, 200, {"Content-Type": "application/sparql-query; charset=utf-8"}
    raise NotFoundError(f"no example {name!r}; see the list on /")


@bp.get("/vendor/yasgui/<name>")
def yasgui_file(name: str):
    if name not in YASGUI_FILES or not yasgui_installed():
        raise NotFoundError(f"/vendor/yasgui/{name} is not here: run `npm install` in the "
                            f"project folder to install YASGUI (the page works without it)")
    return send_from_directory(YASGUI_DIR, name, max_age=3600)
