# An entity's confidence is 2.
# expect: Violation nkgsh:ConfidenceValue nkg:confidence :: between 0 and 1
DELETE { <https://w3id.org/newskg/id/place/amman> nkg:confidence ?c } INSERT { <https://w3id.org/newskg/id/place/amman> nkg:confidence 2.0 }
WHERE { <https://w3id.org/newskg/id/place/amman> nkg:confidence ?c }
