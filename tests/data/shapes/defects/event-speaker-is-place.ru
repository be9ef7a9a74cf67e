# A speech's speaker is a place.
# expect: Violation nkgsh:EventShape nkg:speaker :: nkg:speaker is an nkg:Agent
DELETE { ?e nkg:speaker ?s } INSERT { ?e nkg:speaker <https://w3id.org/newskg/id/place/amman> } WHERE { ?e a nkg:Speech ; nkg:speaker ?s }
