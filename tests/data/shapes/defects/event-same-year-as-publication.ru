# A gYear equal to the publication year is not after it: valid.
# expect: nothing (a valid variant)
DELETE { ?e schema:startDate ?d ; nkg:timePrecision ?p } INSERT { ?e schema:startDate "2014"^^xsd:gYear ; nkg:timePrecision time:unitYear } WHERE { ?e a nkg:Meeting ; schema:startDate ?d ; nkg:timePrecision ?p }
