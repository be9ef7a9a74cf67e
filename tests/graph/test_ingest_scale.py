"""`newskg ingest DIR` at scale: many generated articles streamed in batches, resume by content
hash (a second run skips everything without loading spaCy), one bad file among good ones,
several processes, and a progress bar with rate and ETA."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract_support import ROOT, default_settings
from graph import nlp as nlp_module
from graph.ingest import FAILED, SKIPPED, WRITTEN, ingest_paths
from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store
from newskg.cli import main

PEOPLE = [("Maria", "Lindqvist"), ("Peter", "Hansen"), ("James", "Whitaker")]
TOWNS = ["Ashford", "Bramley", "Carrow", "Dunmore", "Elsworth", "Fenwick"]
TOPICS = [
    ("council approves new housing plan",
     "The city council of {town} approved a plan on {weekday} to build {n} new homes near the "
     "river, the mayor, {first} {last}, said. \"This plan gives young families a "
     "place to live,\" {last} told reporters after the vote. Opponents said the cost of about "
     "{m} million dollars was too high and that the council had ignored their concerns."),
    ("floods force families from their homes",
     "Heavy rain flooded parts of {town} on {weekday}, forcing about {n} people to leave their "
     "homes, emergency officials said. {first} {last}, who leads the regional emergency "
     "service, said rescue teams had reached every flooded street. \"The water is still "
     "rising,\" {last} said, adding that {m} schools would stay closed for the rest of the week."),
    ("hospital opens new research wing",
     "A hospital in {town} opened a new research wing on {weekday} that will employ {n} "
     "scientists, the hospital said. {first} {last}, the director of the hospital, said the "
     "wing would study heart disease and cancer. \"We want patients here to benefit first,\" "
     "{last} said. The project cost about {m} million dollars, most of it from private donors."),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` short news articles from templates (distinct texts, shared people), with front
    matter, written as .md files under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2025, 1, 6)
    paths = []
    for i in range(count):
        first, last = PEOPLE[i % len(PEOPLE)]
        town = TOWNS[i % len(TOWNS)]
        headline, body = TOPICS[i % len(TOPICS)]
        day = start + dt.timedelta(days=i)
        text = body.format(town=town, weekday=WEEKDAYS[i % len(WEEKDAYS)], n=120 + 7 * i,
                           m=3 + i, first=first, last=last)
        path = folder / f"article-{i:04d}.md"
        path.write_text(
            f"---\ntitle: {town} {headline}\npublished: {day.isoformat()}\n"
            f"publisher: Example Wire\n---\n\n"
            f"{town.upper()}, {day:%B} {day.day} (Example Wire) - {text}\n", encoding="utf-8")
        paths.append(path)
    return paths


COUNT = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, COUNT)
    return folder


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    """The corpus ingested by the CLI with two worker processes into an on-disk store.

    --force: what is measured here is the ingest machinery, not extraction quality (SHACL
    still runs on every article; whether a graph conforms is tested in tests/shapes)."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('store') / 'db'}"
    code = main(["ingest", str(corpus), "--store", spec, "--workers", "2", "--quiet",
                 "--force"])
    return spec, code


def _article_graphs(spec: str) -> list[str]:
    with open_store(spec) as store:
        return [g for g in store.graph_names() if "/id/article/" in g]


def test_every_article_of_a_folder_is_written_with_several_processes(ingested):
    spec, code = ingested
    assert code == 0
    assert len(_article_graphs(spec)) == COUNT


def test_people_shared_by_many_articles_are_one_node_each(ingested):
    spec, _ = ingested
    with open_store(spec) as store:
        rows = store.query("""PREFIX nkg: <https://w3id.org/newskg/ontology#>
            SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m nkg:denotes ?e } }
            GROUP BY ?e""").rows
    graphs_of = {str(e).rsplit("/", 1)[-1]: int(n) for e, n in rows}
    for first, last in PEOPLE:
        slug = f"{first}-{last}".lower()
        # every article naming this person mentions the one node
        assert graphs_of.get(slug) == COUNT // len(PEOPLE), (slug, graphs_of.get(slug))


def test_second_run_skips_everything_without_loading_spacy(ingested, corpus, monkeypatch,
                                                          capsys):
    spec, _ = ingested

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was loaded although every article was already ingested")

    monkeypatch.setattr(nlp_module, "load_pipeline", no_spacy)
    with open_store(spec) as store:
        before = {g: store.triple_count(g) for g in store.graph_names()}
        summary = ingest_paths([corpus], store, default_settings(), progress=False)
        after = {g: store.triple_count(g) for g in store.graph_names()}
    assert [r.status for r in summary.results] == [SKIPPED] * COUNT
    assert summary.words == 0 and after == before
    # the CLI says so in its summary line
    assert main(["ingest", str(corpus), "--store", spec]) == 0
    out = capsys.readouterr().out
    assert f"0 written, {COUNT} skipped" in out


def test_reingest_flag_runs_the_pipeline_again(corpus, tmp_path):
    files = sorted(corpus.glob("*.md"))[:2]
    store = open_store("memory")
    first = ingest_paths(files, store, default_settings(), progress=False, force=True)
    again = ingest_paths(files, store, default_settings(), progress=False, reingest=True)
    assert [r.status for r in first.results] == [WRITTEN, WRITTEN]
    assert SKIPPED not in [r.status for r in again.results]
    assert [r.iri for r in again.results] == [r.iri for r in first.results]
    assert again.words > 0


def test_one_bad_file_among_good_ones(corpus, tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for src in sorted(corpus.glob("*.md"))[:3]:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "undated.txt").write_text(
        "A storm damaged roofs and cut power to thousands of homes in the north of the "
        "country, officials said, and schools were closed while crews cleared fallen trees.\n",
        encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'db'}"
    code = main(["ingest", str(folder), "--store", spec, "--force"])
    captured = capsys.readouterr()
    assert code == 2
    assert "binary.txt" in captured.err and "undated.txt" in captured.err
    assert "--published" in captured.err            # says how to fix the undated one
    assert "Traceback" not in captured.err
    assert "3 written, 0 skipped (already in the store), 0 rejected, 2 failed" in captured.out
    assert len(_article_graphs(spec)) == 3
    with open_store(spec) as store:
        assert store.has_graph(ONTOLOGY_IRI)


def test_a_bad_file_alone_exits_2_and_leaves_a_new_store_empty(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert main(["ingest", str(bad), "--store", spec]) == 2
    assert "empty.txt" in capsys.readouterr().err
    with open_store(spec) as store:
        assert store.graph_names() == []


def test_failed_results_carry_the_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = ingest_paths([tmp_path], open_store("memory"), default_settings(), progress=False)
    [result] = summary.results
    assert result.status == FAILED and "empty" in result.error


def test_progress_bar_shows_rate_and_eta_on_a_terminal(corpus, tmp_path):
    """Through a pseudo-terminal, as a user sees it: tqdm's bar with count, rate and ETA."""
    import fcntl
    import pty
    import struct
    import termios

    folder = tmp_path / "two"
    folder.mkdir()
    for src in sorted(corpus.glob("*.md"))[:2]:
        (folder / src.name).write_bytes(src.read_bytes())
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newskg", "ingest", str(folder), "--store", "memory", "--force"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:              # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=300)
    os.close(leader)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert "ingest: 100%" in err and "2/2" in err
    assert "article/s" in err or "s/article" in err     # the rate
    assert "<" in err                                    # elapsed<remaining (ETA)
    assert b"2 written" in out


def test_a_graph_that_does_not_conform_is_not_written_unless_forced(corpus, tmp_path,
                                                                    monkeypatch, capsys):
    """Validated against a shape no extracted article meets (tests/data/ingest/strict-shapes):
    the articles are rejected, the exit code is 1 and the store keeps nothing; --force writes
    them and says they do not conform."""
    from graph import settings as settings_table

    monkeypatch.setattr(settings_table, "SHAPES_DIR",
                        ROOT / "tests" / "data" / "ingest" / "strict-shapes")
    files = [str(p) for p in sorted(corpus.glob("*.md"))[:2]]
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert main(["ingest", *files, "--store", spec]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("not written, its graph does not conform") == 2
    assert "every person needs a schema:birthDate" in captured.err
    assert "0 written, 0 skipped (already in the store), 2 rejected, 0 failed" in captured.out
    assert _article_graphs(spec) == []
    assert main(["ingest", *files, "--store", spec, "--force"]) == 0
    assert capsys.readouterr().out.count("written with --force; it does not conform") == 2
    assert len(_article_graphs(spec)) == 2


def test_the_same_text_twice_in_one_run_is_ingested_once(corpus, tmp_path):
    src = sorted(corpus.glob("*.md"))[0]
    (tmp_path / "a.md").write_bytes(src.read_bytes())
    (tmp_path / "copy-of-a.md").write_bytes(src.read_bytes())
    summary = ingest_paths([tmp_path], open_store("memory"), default_settings(),
                           progress=False, force=True)
    # results come in the order they are settled: the copy is skipped before 'a' is written
    assert {r.path.name: r.status for r in summary.results} == {"a.md": WRITTEN,
                                                                 "copy-of-a.md": SKIPPED}
    assert summary.results[0].iri == summary.results[1].iri
