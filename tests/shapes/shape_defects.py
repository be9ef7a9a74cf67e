"""The shapes test fixtures: the valid article graph and the defect updates that break it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph.namespaces import PREFIXES

DATA = Path(__file__).resolve().parent.parent / "data" / "shapes"
VALID_ARTICLE = DATA / "valid-article.ttl"
DEFECTS = sorted((DATA / "defects").glob("*.ru"))
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_EXPECT = re.compile(r"^# expect: (Violation|Warning|Info) (\S+) (\S+) :: (.+)$")


@dataclass(frozen=True)
class Expectation:
    severity: str
    shape: str
    path: str | None          # a prefix of the result path in SPARQL syntax; None: no path
    message: str              # a fragment of the message

    def matches(self, result) -> bool:
        if result.severity != self.severity or result.source_shape != self.shape:
            return False
        if self.path is None:
            if result.path is not None:
                return False
        elif not (result.path or "").startswith(self.path):
            return False
        return self.message in result.message

    def __str__(self) -> str:
        return f"{self.severity} {self.shape} {self.path or '-'} :: {self.message}"


@dataclass(frozen=True)
class Defect:
    """A SPARQL update that puts one defect into the valid article, and what it must raise."""

    path: Path
    description: str
    expectations: tuple[Expectation, ...]
    update: str

    @classmethod
    def read(cls, path: Path) -> "Defect":
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        expectations = []
        for line in lines:
            m = _EXPECT.match(line)
            if m:
                severity, shape, where, message = m.groups()
                expectations.append(Expectation(severity, shape, None if where == "-" else where,
                                                message))
        description = lines[0].lstrip("# ").strip()
        return cls(path, description, tuple(expectations), text)

    def apply(self, graph: Graph) -> Graph:
        graph.update(SPARQL_PREFIXES + self.update)
        return graph


