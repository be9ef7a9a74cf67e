# A meeting dated the year after publication (gYear compared by its prefix).
# expect: Warning nkgsh:EventShape schema:startDate :: after its article was published
# expect: Warning nkgsh:EventShape nkg:timePrecision :: does not fit the datatype
DELETE { ?e schema:startDate ?d } INSERT { ?e schema:startDate "2015"^^xsd:gYear } WHERE { ?e a nkg:Meeting ; schema:startDate ?d }
