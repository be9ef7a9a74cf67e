# A meeting with no participant, role or place.
# expect: Violation nkgsh:EventShape - :: at least one participant or place
# expect: Violation nkgsh:OrphanShape - :: Orphan node
# expect: Info nkgsh:EntityInvolvement ^(nkg:place :: takes part in no event
DELETE { ?e nkg:place ?p ; nkg:agent ?a ; nkg:attendee ?t } WHERE { ?e a nkg:Meeting ; nkg:place ?p ; nkg:agent ?a ; nkg:attendee ?t }
