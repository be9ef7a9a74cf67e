# A role node no event links to.
# expect: Violation nkgsh:ParticipationShape ^nkg:hasParticipation :: belongs to exactly one event
DELETE WHERE { ?e nkg:hasParticipation ?r }
