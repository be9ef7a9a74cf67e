# A planned meeting after publication, marked schema:EventScheduled: valid.
# expect: nothing (a valid variant)
DELETE { ?e schema:startDate ?d } INSERT { ?e schema:startDate "2014-08"^^xsd:gYearMonth ; schema:eventStatus schema:EventScheduled } WHERE { ?e a nkg:Meeting ; schema:startDate ?d }
