# A group of people is the holder of a leadership.
# expect: Warning nkgsh:GroupShape ^nkg:holder :: does not lead anything
DELETE { ?x nkg:holder ?h } INSERT { ?x nkg:holder <https://w3id.org/newskg/id/org/kurds> } WHERE { ?x a nkg:Leadership ; nkg:holder ?h } ;
DELETE DATA { <https://w3id.org/newskg/id/person/ahmed-dabashi> nkg:leaderOf <https://w3id.org/newskg/id/org/islamic-army> } ;
INSERT DATA { <https://w3id.org/newskg/id/org/kurds> nkg:leaderOf <https://w3id.org/newskg/id/org/islamic-army> }
