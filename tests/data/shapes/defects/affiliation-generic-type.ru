# An affiliation typed nkg:Affiliation only.
# expect: Violation nkgsh:AffiliationShape rdf:type :: a specific type
DELETE { ?x a nkg:Leadership } INSERT { ?x a nkg:Affiliation } WHERE { ?x a nkg:Leadership }
