# An event whose time the text does not give (a warning).
# expect: Warning nkgsh:EventShape nkg:timeUnknown :: The event has no time
DELETE { ?e schema:startDate ?d ; nkg:timePrecision ?p } INSERT { ?e nkg:timeUnknown true } WHERE { ?e a nkg:Meeting ; schema:startDate ?d ; nkg:timePrecision ?p }
