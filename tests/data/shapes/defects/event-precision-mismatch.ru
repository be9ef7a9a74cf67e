# A day-precise date is marked with month precision.
# expect: Warning nkgsh:EventShape nkg:timePrecision :: does not fit the datatype
DELETE { ?e nkg:timePrecision ?p } INSERT { ?e nkg:timePrecision time:unitMonth } WHERE { ?e a nkg:Speech ; nkg:timePrecision ?p }
