# The city has no containing place (info only).
# expect: Info nkgsh:CityShape nkg:containedInPlace :: has no nkg:containedInPlace
DELETE DATA { <https://w3id.org/newskg/id/place/amman> nkg:containedInPlace <https://w3id.org/newskg/id/place/jordan> }
