"""What one article reports, in memory: the model between spaCy and RDF.

Offsets are code-point offsets into the article's stored text, end exclusive. Entities are keyed
by ``(group, label)`` where group is person, org or place (the IRI path segment), so one
real-world entity is one :class:`Entity` per document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    begin: int
    end: int


@dataclass
class Mention:
    begin: int
    end: int
    text: str
    sentence: Span
    method: str = "StatisticalNER"   # an nkg:ExtractionMethod local name
    confidence: float = 0.8


@dataclass
class Entity:
    label: str                        # canonical label
    kind: str                         # nkg class local name (Person, ArmedGroup, City...)
    group: str                        # IRI segment: person | org | place
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None       # QID
    geonames: str | None = None       # GeoNames id
    container: str | None = None      # key of the place containing this one
    from_gazetteer: bool = False
    confidence: float = 0.8
    #: an unnamed source of this article only ('the fire brigade'): never merged across
    #: articles, its IRI carries the article's hash (graph.extract.sources)
    local: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.label)


@dataclass
class Role:
    role_type: str                    # nkg:RoleType local name (AgentRole, TargetRole...)
    entity: tuple[str, str]           # entity key
    evidence: Span
    confidence: float = 0.7


@dataclass
class Event:
    cls: str                          # event class local name
    lemma: str
    trigger_text: str
    begin: int                        # offset of the trigger
    end: int
    sentence: Span
    roles: list[Role] = field(default_factory=list)
    place: tuple[str, str] | None = None
    time: Any = None                  # graph.dates.TimeValue
    scheduled: bool = False
    confidence: float = 0.7

    def add_role(self, role: Role) -> None:
        if not any(r.role_type == role.role_type and r.entity == role.entity for r in self.roles):
            self.roles.append(role)


@dataclass
class Affiliation:
    kind: str                         # Leadership | Membership | PositionHeld
    holder: tuple[str, str]
    organization: tuple[str, str] | None
    role_name: str
    begin: int                        # offset of the evidence mention
    evidence: Span
    confidence: float = 0.75


@dataclass
class Quotation:
    text: str
    begin: int                        # offset of the quoted text
    end: int
    speaker: tuple[str, str]
    evidence: Span
    stated_on: Any = None             # graph.dates.TimeValue
    confidence: float = 0.85


@dataclass
class Claim:
    text: str
    begin: int                        # offset of the number
    value: float | int
    unit: str
    evidence: Span
    attributed_to: tuple[str, str] | None
    measured: str | None = None
    qualifier: str | None = None
    about: int | None = None          # begin offset of the event the figure is about
    confidence: float = 0.7


@dataclass
class Document:
    """Everything extracted from one article (``article`` is graph.reader's SourceArticle)."""

    article: Any
    sentences: list[Span] = field(default_factory=list)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    publisher: tuple[str, str] | None = None
    author: tuple[str, str] | None = None
