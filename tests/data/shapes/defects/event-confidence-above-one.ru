# An event's confidence is 1.5.
# expect: Violation nkgsh:FactConfidence nkg:confidence :: between 0 and 1
DELETE { ?e nkg:confidence ?c } INSERT { ?e nkg:confidence 1.5 } WHERE { ?e a nkg:Meeting ; nkg:confidence ?c }
