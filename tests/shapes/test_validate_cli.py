"""`newskg validate`: files and stores in, a short report out, exit 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from graph.namespaces import ONTOLOGY_IRI
from graph.store import OxigraphStore
from graph.validate import load_ontology
from newskg.cli import main
from shape_defects import DEFECTS, VALID_ARTICLE, Defect

ARTICLE = "https://w3id.org/newskg/id/article/28151b1940dbef61"
DEFECT = {p.stem: p for p in DEFECTS}


@pytest.fixture
def broken_file(valid_article, tmp_path):
    path = tmp_path / "broken.ttl"
    Defect.read(DEFECT["quotation-no-speaker"]).apply(valid_article)
    valid_article.serialize(path, format="turtle")
    return path


def test_a_valid_file_conforms(capsys):
    assert main(["validate", str(VALID_ARTICLE)]) == 0
    assert capsys.readouterr().out.startswith("conforms: 0 violations")


def test_violations_exit_1_and_are_printed(broken_file, capsys):
    assert main(["validate", str(broken_file)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("does not conform: 2 violations")
    assert "Violation nkgsh:QuotationShape" in out and "nkg:speaker: A quotation needs" in out


def test_the_full_report_as_json(broken_file, tmp_path, capsys):
    report = tmp_path / "report.json"
    assert main(["validate", str(broken_file), "--report", str(report)]) == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["conforms"] is False and data["violations"] == 2
    assert {r["sourceShape"] for r in data["results"]} == {"nkgsh:QuotationShape",
                                                           "nkgsh:OrphanShape"}


def test_the_full_report_as_turtle(broken_file, tmp_path, capsys):
    report = tmp_path / "report.txt"
    assert main(["validate", str(broken_file), "--report", str(report),
                 "--report-format", "ttl"]) == 1
    graph = Graph().parse(report, format="turtle")
    root = graph.value(None, RDF.type, SH.ValidationReport, any=False)
    assert graph.value(root, SH.conforms).toPython() is False
    assert len(list(graph.objects(root, SH.result))) == 2


def test_broken_syntax_exits_2_with_the_parser_line(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix x: <http://x/> .\nx:a x:b x:c .\nx:a x:b "open .\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.ttl is not valid ttl" in err and "line 3" in err


@pytest.mark.parametrize("argv, message", [
    (["validate", "--store", "memory", str(VALID_ARTICLE)], "either --store or FILE"),
    (["validate", "no/such/file.ttl"], "no such file"),
    (["validate", str(VALID_ARTICLE), "--report-format", "json"], "--report-format needs"),
])
def test_usage_and_input_errors_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_extension_exits_2(tmp_path, capsys):
    odd = tmp_path / "graph.data"
    odd.write_text("", encoding="utf-8")
    assert main(["validate", str(odd)]) == 2
    assert "extension" in capsys.readouterr().err


def test_each_named_graph_of_a_trig_file_is_validated_on_its_own(valid_article, tmp_path,
                                                                 capsys):
    path = tmp_path / "dump.trig"
    with OxigraphStore(None) as store:
        store.replace_graph(ARTICLE, valid_article)
        bad = Defect.read(DEFECT["claim-no-attribution"]).apply(valid_article)
        store.replace_graph("https://w3id.org/newskg/id/article/ffffffffffffffff", bad)
        store.replace_graph(ONTOLOGY_IRI, load_ontology())
        with open(path, "wb") as out:
            store.export(out, "trig")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("does not conform: 1 violation, 0 warnings, 0 infos in 2 graphs")


def test_a_json_ld_file(valid_article, tmp_path, capsys):
    path = tmp_path / "article.jsonld"
    valid_article.serialize(path, format="json-ld")
    assert main(["validate", str(path)]) == 0


def test_a_store(valid_article, tmp_path, capsys):
    location = tmp_path / "store"
    with OxigraphStore(location) as store:
        store.replace_graph(ARTICLE, valid_article)
    assert main(["validate", "--store", f"oxigraph:{location}"]) == 0
    assert capsys.readouterr().out.startswith("conforms: 0 violations")
