# A meeting dated the month after the article was published, not marked as planned.
# expect: Warning nkgsh:EventShape schema:startDate :: after its article was published
DELETE { ?e schema:startDate ?d } INSERT { ?e schema:startDate "2014-08"^^xsd:gYearMonth } WHERE { ?e a nkg:Meeting ; schema:startDate ?d }
