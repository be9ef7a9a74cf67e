"""`newskg ontology check`: lint queries and the HermiT reasoner, on the real ontology and on
broken fixtures, through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import ontology
from newskg.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "ontology"
CHECK_NAMES = sorted(p.stem for p in ontology.CHECKS_DIR.glob("*.rq"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ontology", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_real_ontology_passes_through_the_installed_command(project_root):
    """The console script, as CI and `make run` call it."""
    exe = Path(sys.executable).with_name("newskg")
    result = subprocess.run([str(exe), "ontology", "check"], capture_output=True, text=True,
                            cwd=project_root, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ontology OK" in result.stdout
    assert "consistent under HermiT" in result.stdout


def test_every_check_starts_with_what_it_finds_and_how_to_fix_it():
    checks = ontology.load_checks()
    assert [c.name for c in checks] == CHECK_NAMES
    assert len(checks) >= 10
    for check in checks:
        assert "Fix:" in check.description, check.name


def test_every_check_has_a_failing_fixture():
    fixtures = {p.stem.removeprefix("bad-") for p in DATA.glob("bad-*.ttl")}
    assert set(CHECK_NAMES) <= fixtures


def test_the_minimal_fixture_is_clean(capsys):
    code, out, _ = run_cli(capsys, "check", "--ontology", str(DATA / "minimal-good.ttl"))
    assert code == 0, out


# term each bad fixture breaks
BROKEN_TERM = {
    "missing-label": "nkg:Place",
    "missing-definition": "nkg:Place",
    "property-without-domain": "nkg:age",
    "property-without-range": "nkg:age",
    "unconnected-class": "nkg:Orphan",
    "undeclared-term": "nkg:Persn",
    "inconsistent-naming": "nkg:armed_group",
    "ontology-metadata": "<https://w3id.org/newskg/ontology>",
    "missing-schema-alignment": "nkg:knows",
    "schema-org-http": "<http://schema.org/Person>",
    "one-way-inverse": "nkg:hasPart",
    "class-and-property": "nkg:Witness",
    "datatype-outside-owl2": "nkg:bornOn",
    "keyword-not-lowercase": "nkg:Event",
    "mixed-property-kind": "schema:url",
    "duplicate-label": "nkg:Human",
}


def test_each_check_is_covered_by_this_test():
    assert sorted(BROKEN_TERM) == CHECK_NAMES


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_each_bad_fixture_fires_exactly_its_check(capsys, name):
    """Lint only (the reasoner runs on these fixtures in the next test)."""
    fixture = DATA / f"bad-{name}.ttl"
    code, out, err = run_cli(capsys, "check", "--no-reasoner", "--ontology", str(fixture))
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("[")]
    fired = {line[1:line.index("]")] for line in lines}
    assert fired == {name}
    description = next(c.description for c in ontology.load_checks() if c.name == name)
    ours = [line for line in lines if line.startswith(f"[{name}] ")]
    assert any(line.startswith(f"[{name}] {BROKEN_TERM[name]}:") for line in ours), out
    assert all(description in line for line in ours)  # says what and how to fix
    assert name in err  # the summary names the check


@pytest.mark.parametrize("name", ["missing-label", "datatype-outside-owl2", "class-and-property"])
def test_bad_fixtures_fail_the_full_check_too(capsys, name):
    """With the reasoner on (the default), lint problems still make the check fail; the
    xsd:date range does not break HermiT; a class/property pun may also stop owlready2."""
    code, out, _ = run_cli(capsys, "check", "--ontology", str(DATA / f"bad-{name}.ttl"))
    assert code == 1
    fired = {line[1:line.index("]")] for line in out.splitlines() if line.startswith("[")}
    assert fired - {"reasoner"} == {name}
    if "[reasoner]" in out:
        assert name == "class-and-property" and "owlready2 cannot load" in out


def test_no_reasoner_refuses_an_abox(capsys):
    code, _, err = run_cli(capsys, "check", "--no-reasoner", "--abox",
                           str(DATA / "abox-consistent.ttl"))
    assert code == 2 and "drop --no-reasoner" in err


def test_metadata_check_names_each_missing_field(capsys):
    code, out, _ = run_cli(capsys, "check", "--no-reasoner", "--ontology",
                           str(DATA / "bad-ontology-metadata.ttl"))
    assert code == 1
    assert "missing dcterms:license" in out
    assert "dcterms:creator is a string; it must be an IRI" in out


def test_unsatisfiable_class_is_reported_by_the_reasoner(capsys):
    code, out, _ = run_cli(capsys, "check", "--ontology", str(DATA / "bad-unsatisfiable.ttl"))
    assert code == 1
    assert out.startswith("[reasoner] nkg:Cyborg: class is unsatisfiable")
    assert "Fix:" in out


def test_consistent_abox_passes(capsys):
    code, out, _ = run_cli(capsys, "check", "--abox", str(DATA / "abox-consistent.ttl"))
    assert code == 0, out
    assert "with 1 ABox file(s)" in out


def test_abox_with_disjoint_types_is_inconsistent(capsys):
    abox = DATA / "abox-inconsistent.ttl"
    code, out, _ = run_cli(capsys, "check", "--abox", str(abox))
    assert code == 1
    assert f"[reasoner] {abox}: the ontology with the ABox {abox} is inconsistent" in out
    # the message names the culprit and the clash
    assert ("<https://w3id.org/newskg/id/person/acme> is both nkg:Organization and "
            "nkg:Person, which are disjoint") in out


BAD_ABOXES = ["abox-inconsistent.ttl", "abox-confidence-out-of-range.ttl",
              "abox-event-as-agent.ttl"]


@pytest.fixture(scope="session")
def abox_problems():
    """One check of the real ontology with every ABox fixture (each reasoned over alone)."""
    paths = [DATA / "abox-consistent.ttl", *(DATA / name for name in BAD_ABOXES)]
    return ontology.check(abox_paths=paths)


def test_each_abox_is_judged_on_its_own(abox_problems):
    """Disjoint types, a confidence outside [0, 1] and an event as an affiliation holder are
    each inconsistent; the consistent ABox checked in the same run is not reported."""
    assert {p.check for p in abox_problems} == {"reasoner"}
    assert sorted(Path(p.term).name for p in abox_problems) == sorted(BAD_ABOXES)
    assert all("is inconsistent (HermiT)" in p.message for p in abox_problems)


@pytest.mark.parametrize("argv, message", [
    (["check", "--ontology", "no/such/file.ttl"], "no such file"),
    (["check", "--abox", "no/such/abox.ttl"], "no such file"),
    (["check", "--ontology", str(DATA / "syntax-error.ttl")], "fix the syntax error"),
])
def test_input_errors_exit_2_with_a_message(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    code, _, err = run_cli(capsys)
    assert code == 2 and "check" in err and "docs" in err
    with pytest.raises(SystemExit) as exc:
        main(["ontology", "check", "--no-such-flag"])
    assert exc.value.code == 2


def test_missing_java_exits_2_and_says_to_run_make_install(tmp_path, project_root):
    """A machine without Java: the reasoner cannot run, the message says how to get it."""
    env = {k: v for k, v in os.environ.items() if k != "PATH"}
    env["PATH"] = str(tmp_path)  # no java here
    result = subprocess.run([sys.executable, "-m", "newskg", "ontology", "check"],
                            capture_output=True, text=True, cwd=project_root, env=env,
                            timeout=120)
    assert result.returncode == 2
    assert "needs Java" in result.stderr and "make install" in result.stderr
    assert "Traceback" not in result.stderr
