# An event has neither a start date nor nkg:timeUnknown.
# expect: Violation nkgsh:EventShape (schema:startDate|nkg:timeUnknown) :: An event needs a time
DELETE { ?e schema:startDate ?d ; nkg:timePrecision ?p } WHERE { ?e a nkg:Meeting ; schema:startDate ?d ; nkg:timePrecision ?p }
