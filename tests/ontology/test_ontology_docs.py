"""`newskg ontology docs`: pyLODE HTML documentation of the ontology."""

from __future__ import annotations

import logging

from newskg.cli import main


def test_docs_writes_an_html_page_with_the_classes(tmp_path, capsys):
    out_dir = tmp_path / "docs"
    assert main(["ontology", "docs", "--output", str(out_dir)]) == 0
    index = out_dir / "index.html"
    assert f"wrote {index}" in capsys.readouterr().out
    html = index.read_text(encoding="utf-8")
    assert "<title>The newskg ontology</title>" in html
    for iri in ("ontology#ArmedGroup", "ontology#Invasion", "ontology#Quotation",
                "ontology#memberOf", "ontology#speaker"):
        assert iri in html
    assert "armed group" in html and "https://creativecommons.org/licenses/by/4.0/" in html


def test_docs_leave_logging_alone(tmp_path, capsys):
    """pyLODE configures root logging at import; the command must not turn on debug logs."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    assert main(["ontology", "docs", "--output", str(tmp_path)]) == 0
    assert root.level == level and root.handlers == handlers


def test_docs_on_a_missing_ontology_exit_2(tmp_path, capsys):
    code = main(["ontology", "docs", "--output", str(tmp_path), "--ontology",
                 str(tmp_path / "missing.ttl")])
    assert code == 2
    assert "no such file" in capsys.readouterr().err
