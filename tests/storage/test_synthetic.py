"""The synthetic corpus generator (bench/synthetic.py): deterministic, sized, article-shaped."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from bench.synthetic import articles, parse_size, write_nquads
from graph.namespaces import NIF, NKG
from graph.settings import ONTOLOGY_DIR
from graph.terms import from_ox

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/newskg/"


def corpus(target: int, seed: int = 0) -> bytes:
    out = io.BytesIO()
    write_nquads(out, target, seed)
    return out.getvalue()


@pytest.fixture(scope="module")
def small() -> bytes:
    return corpus(10_000, seed=3)


@pytest.fixture(scope="module")
def graphs(small) -> dict[str, Graph]:
    by_name: dict[str, Graph] = defaultdict(Graph)
    for quad in ox.parse(small, format=ox.RdfFormat.N_QUADS):
        assert isinstance(quad.graph_name, ox.NamedNode), "no triple goes to the default graph"
        by_name[quad.graph_name.value].add(
            (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return dict(by_name)


def test_same_seed_same_bytes_other_seed_other_corpus(small):
    assert corpus(10_000, seed=3) == small
    assert corpus(10_000, seed=4) != small


@pytest.mark.parametrize("size", ["10k", "100k"])
def test_size_is_within_5_percent_of_the_target(size):
    target = parse_size(size)
    triples = sum(len(a.quads) for a in articles(target, seed=11))
    assert abs(triples - target) <= 0.05 * target


def test_a_10m_corpus_streams_article_by_article():
    # The first article of the largest size comes at once: nothing is built ahead.
    first = next(articles(parse_size("10M"), seed=0))
    assert 100 < len(first.quads) < 3000


def test_one_named_graph_per_article_named_by_its_text(graphs):
    for name, graph in graphs.items():
        (article,) = graph.subjects(RDF.type, NKG.NewsArticle)
        assert str(article) == name
        text = str(graph.value(article, NIF.isString))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert name == f"{BASE}id/article/{digest[:16]}"
        assert str(graph.value(article, NKG.contentHash)) == f"sha256:{digest}"


def test_span_offsets_point_into_the_text(graphs):
    spans = 0
    for name, graph in graphs.items():
        text = str(graph.value(URIRef(name), NIF.isString))
        for span in graph.subjects(NIF.referenceContext, URIRef(name)):
            begin = graph.value(span, NIF.beginIndex).toPython()
            end = graph.value(span, NIF.endIndex).toPython()
            assert str(span) == f"{name}#char={begin},{end}"
            assert str(graph.value(span, NIF.anchorOf)) == text[begin:end]
            spans += 1
    assert spans > 15 * len(graphs)


def test_entities_are_shared_across_articles_with_skewed_popularity(graphs):
    in_articles: Counter = Counter()
    for graph in graphs.values():
        for entity in set(graph.objects(None, NKG.denotes)):
            in_articles[entity] += 1
    counts = sorted(in_articles.values(), reverse=True)
    assert counts[0] >= len(graphs) // 4, "the most popular entity is in many articles"
    assert counts[len(counts) // 2] <= 2, "most entities are in few articles"
    assert sum(1 for c in counts if c > 1) >= 5, "several entities are shared"


def test_every_kind_of_node_of_the_data_model_is_there(graphs):
    ontology = Graph().parse(ONTOLOGY_DIR / "newskg.ttl")
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    used: set = set()
    for graph in graphs.values():
        used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(NKG))}
    assert used <= declared, f"classes not in the ontology: {used - declared}"
    for needed in ("NewsArticle", "Sentence", "Mention", "Person", "City", "Country",
                   "Participation", "Quotation", "Claim", "Quantity", "ExtractionActivity"):
        assert NKG[needed] in used
    assert any(ontology.value(c, URIRef(str(NKG) + "triggerLemma")) for c in used)


def test_the_cli_writes_gzipped_nquads_and_a_summary(tmp_path):
    output = tmp_path / "corpus.nq.gz"
    run = subprocess.run([sys.executable, "-m", "bench.synthetic", "10k", "--seed", "5",
                          "--output", str(output)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    with gzip.open(output, "rb") as f:
        quads = list(ox.parse(f.read(), format=ox.RdfFormat.N_QUADS))
    assert summary["triples"] == len(quads)
    assert summary["articles"] == len({q.graph_name for q in quads})
    assert summary["entities"] > 20


@pytest.mark.parametrize("bad", ["ten", "-5", "1G"])
def test_bad_size_is_refused(bad):
    with pytest.raises(ValueError, match="10k, 100k, 1M, 10M"):
        parse_size(bad)


def test_the_articles_conform_to_the_shapes(graphs):
    validate = pytest.importorskip("graph.validate")
    # Each article graph is validated on its own, as ingest does; two of them, since pySHACL
    # takes a second or two per article.
    for name in sorted(graphs)[:2]:
        report = validate.validate_graph(graphs[name], graph_name=name)
        assert report.conforms, report.text
