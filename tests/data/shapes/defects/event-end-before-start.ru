# A speech ends the day before it starts.
# expect: Violation nkgsh:EventShape schema:endDate :: is before its schema:startDate
DELETE { ?e schema:endDate ?d } INSERT { ?e schema:endDate "2014-06-18"^^xsd:date } WHERE { ?e a nkg:Speech ; schema:endDate ?d }
