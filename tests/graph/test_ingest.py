"""`newskg ingest` and graph.ingest: one transaction per article, bad input changes nothing,
re-ingest is idempotent, metadata flags, and the CLI end to end with `newskg query`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDFS

from extract_support import ARTICLES, ROOT, bundled_store, default_settings
from graph.ingest import ensure_ontology, ingest_paths, read_articles
from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store
from newskg.cli import main

DATA = ROOT / "tests" / "data" / "extract"
SEED = ARTICLES / "seed.md"


def _snapshot(spec: str) -> dict[str, int]:
    with open_store(spec) as store:
        return {g: store.triple_count(g) for g in store.graph_names()}


def _without_times(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if p not in (PROV.startedAtTime, PROV.endedAtTime):
            out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> str:
    """An on-disk store holding the seed article, written by the CLI."""
    path = tmp_path_factory.mktemp("store") / "db"
    spec = f"oxigraph:{path}"
    assert main(["ingest", str(SEED), "--store", spec, "--quiet"]) == 0
    return spec


def test_cli_ingest_writes_the_article_and_the_ontology(seed_store):
    names = _snapshot(seed_store)
    assert ONTOLOGY_IRI in names
    articles = [g for g in names if "/id/article/" in g]
    assert len(articles) == 1 and names[articles[0]] > 1000


@pytest.mark.parametrize("bad", ["empty.txt", "harbour_fire.txt"])
def test_bad_input_exits_2_and_leaves_the_store_as_it_was(seed_store, bad, capsys):
    before = _snapshot(seed_store)
    code = main(["ingest", str(DATA / bad), "--store", seed_store, "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and bad in err
    if bad == "harbour_fire.txt":
        assert "--published" in err          # the message says which flag to pass
    assert _snapshot(seed_store) == before


def test_one_bad_file_among_good_ones_does_not_stop_the_others(seed_store, tmp_path, capsys):
    """At scale one unreadable file of thousands must not cost the others (issue 7): each
    article is its own transaction, so the good one is written, the bad one is reported and
    the exit code says an input was bad. (Before the scale work, one bad file stopped the
    whole run before anything was written.)"""
    shutil.copy(ARTICLES / "space-probe.md", tmp_path / "a.md")
    shutil.copy(DATA / "empty.txt", tmp_path / "b.txt")
    before = _snapshot(seed_store)
    assert main(["ingest", str(tmp_path), "--store", seed_store, "--quiet", "--force"]) == 2
    assert "b.txt" in capsys.readouterr().err
    after = _snapshot(seed_store)
    new = set(after) - set(before)
    assert len(new) == 1 and "/id/article/" in new.pop()
    assert {g: n for g, n in after.items() if g in before} == before


def test_metadata_flags_need_exactly_one_file(seed_store, capsys):
    code = main(["ingest", str(SEED), str(ARTICLES / "space-probe.md"), "--store", seed_store,
                 "--published", "2020-01-01"])
    assert code == 2
    assert "--published" in capsys.readouterr().err


def test_published_flag_supplies_the_missing_date(capsys):
    code = main(["ingest", str(DATA / "harbour_fire.txt"), "--store", "memory",
                 "--published", "2024-05-04", "--publisher", "Example Local News"])
    out = capsys.readouterr().out
    assert code == 0 and "1 of 1 articles written" in out


def test_reingest_is_idempotent_and_touches_no_other_graph():
    store = open_store("memory")
    settings = default_settings()
    other = "https://example.org/graph/untouched"
    unrelated = Graph()
    unrelated.add((URIRef("https://example.org/x"), RDFS.label, Literal("keep me")))
    store.add_to_graph(other, unrelated)
    first = ingest_paths([SEED], store, settings, progress=False)
    iri = first.results[0].iri
    graph1 = store.get_graph(iri)
    ontology1 = store.get_graph(ONTOLOGY_IRI)
    second = ingest_paths([SEED], store, settings, progress=False, reingest=True)
    assert second.results[0].status == "written"
    assert second.results[0].iri == iri and not second.ontology_loaded
    graph2 = store.get_graph(iri)
    assert len(graph1) == len(graph2)
    assert isomorphic(_without_times(graph1), _without_times(graph2))
    assert isomorphic(store.get_graph(ONTOLOGY_IRI), ontology1)
    assert isomorphic(store.get_graph(other), unrelated)
    assert sorted(store.graph_names()) == sorted([iri, ONTOLOGY_IRI, other])


def test_a_written_article_keeps_its_report_warnings_included():
    """Ingest reads the SHACL report of a conforming article only when asked: the text is
    the one validation gives for the graph written."""
    from graph.validate import validate_graph

    store = open_store("memory")
    result = ingest_paths([SEED], store, default_settings(), progress=False).results[0]
    assert result.status == "written" and result.conforms
    report = validate_graph(store.get_graph(result.iri), graph_name=result.iri)
    assert report.warnings + report.infos > 0      # something to show besides the verdict
    assert result.report == report.text


def test_the_loaded_pipeline_is_frozen_once_per_process():
    """Ingest moves what it loads once per process out of the garbage collector's reach
    (gc.freeze), once: a second run freezes nothing more."""
    import gc

    from graph import ingest

    ingest_paths([SEED], open_store("memory"), default_settings(), progress=False)
    frozen = gc.get_freeze_count()
    assert ingest._frozen and frozen > 100_000       # the spaCy pipeline and the gazetteer
    ingest_paths([SEED], open_store("memory"), default_settings(), progress=False)
    assert gc.get_freeze_count() == frozen


def test_a_graph_written_from_its_quads_is_the_graph(tmp_path):
    """Ingest hands the store the quads it validated (default graph): they land in the
    article's named graph, as the graph itself would."""
    from graph.terms import graph_to_quads

    store, _ = bundled_store()
    name = next(n for n in store.graph_names() if "/id/article/" in n)
    graph = store.get_graph(name)
    target = open_store(f"oxigraph:{tmp_path / 'db'}")
    target.replace_graph("urn:x:a", graph, quads=list(graph_to_quads(graph, None)))
    target.replace_graph("urn:x:b", graph)
    assert target.graph_names() == ["urn:x:a", "urn:x:b"]
    assert isomorphic(target.get_graph("urn:x:a"), graph)
    assert target.triple_count("urn:x:a") == target.triple_count("urn:x:b") == len(graph)
    assert target.triple_count(None) == 2 * len(graph)     # the union: nothing elsewhere
    target.close()


def test_same_entity_same_iri_across_articles():
    store, _ = bundled_store()
    rows = store.query("""SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g {
        <https://w3id.org/newskg/id/org/example-wire> a ?t } }""").rows
    assert int(rows[0][0]) == 2      # the election and the earthquake reports


def test_ensure_ontology_loads_once():
    store = open_store("memory")
    assert ensure_ontology(store) is True
    assert ensure_ontology(store) is False
    assert store.triple_count(ONTOLOGY_IRI) > 500


def test_a_changed_stored_ontology_is_reloaded(tmp_path):
    """The check is a canonical digest, not a count: one changed label (or a blank node
    relabelled) is told apart from the file, an isomorphic copy is not."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert ensure_ontology(store) is True
    g = store.get_graph(ONTOLOGY_IRI)
    speech = URIRef("https://w3id.org/newskg/ontology#Speech")
    g.set((speech, RDFS.label, Literal("talk", lang="en")))
    store.replace_graph(ONTOLOGY_IRI, g)
    assert ensure_ontology(store) is True             # differs: loaded again
    assert ensure_ontology(store) is False
    copy = store.get_graph(ONTOLOGY_IRI)              # same triples, fresh blank nodes
    store.replace_graph(ONTOLOGY_IRI, copy)
    assert ensure_ontology(store) is False
    assert store.get_graph(ONTOLOGY_IRI).value(speech, RDFS.label) != Literal("talk", lang="en")


def test_read_articles_rejects_metadata_for_several_files():
    from graph.errors import InputError

    with pytest.raises(InputError, match="one article"):
        read_articles([ARTICLES], {"title": "One title for all"})


def test_an_article_already_in_the_store_is_skipped(seed_store, capsys):
    before = _snapshot(seed_store)
    assert main(["ingest", str(SEED), "--store", seed_store]) == 0
    assert "0 written, 1 skipped" in capsys.readouterr().out
    assert _snapshot(seed_store) == before


def test_cli_ingest_folder_then_query(tmp_path, capsys):
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert main(["ingest", str(ARTICLES), "--store", spec]) == 0
    out = capsys.readouterr().out
    assert f"{len(list(Path(ARTICLES).glob('*.md')))} of" in out
    query = ("PREFIX nkg: <https://w3id.org/newskg/ontology#> "
             "SELECT ?t WHERE { ?q nkg:speaker <https://w3id.org/newskg/id/person/ahmed-dabashi> ;"
             " nkg:quoteText ?t }")
    assert main(["query", query, "--store", spec, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "We call on the international community" in out
