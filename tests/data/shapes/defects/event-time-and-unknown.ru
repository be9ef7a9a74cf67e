# An event has a start date and says its time is unknown.
# expect: Violation nkgsh:EventShape nkg:timeUnknown :: both a schema:startDate and nkg:timeUnknown true
# expect: Warning nkgsh:EventShape nkg:timeUnknown :: The event has no time
INSERT { ?e nkg:timeUnknown true } WHERE { ?e a nkg:Meeting }
