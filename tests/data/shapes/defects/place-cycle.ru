# Jordan is inside Amman, which is inside Jordan.
# expect: Violation nkgsh:PlaceShape nkg:containedInPlace :: makes a cycle
# expect: Warning nkgsh:CountryShape nkg:containedInPlace :: A country is not inside
INSERT DATA { <https://w3id.org/newskg/id/place/jordan> nkg:containedInPlace <https://w3id.org/newskg/id/place/amman> }
