# nkg:containedInPlace points to a person.
# expect: Violation nkgsh:PlaceShape nkg:containedInPlace :: points to another nkg:Place
INSERT DATA { <https://w3id.org/newskg/id/place/amman> nkg:containedInPlace <https://w3id.org/newskg/id/person/barack-obama> }
