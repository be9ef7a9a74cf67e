# A start date is a plain string (the checks that compare dates skip it).
# expect: Violation nkgsh:EventShape schema:startDate :: an xsd:date, xsd:gYearMonth or xsd:gYear
# expect: Warning nkgsh:EventShape nkg:timePrecision :: does not fit the datatype
DELETE { ?e schema:startDate ?d } INSERT { ?e schema:startDate "June 19, 2014" } WHERE { ?e a nkg:Speech ; schema:startDate ?d }
