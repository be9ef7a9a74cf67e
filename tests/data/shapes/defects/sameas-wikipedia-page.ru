# owl:sameAs points to a Wikidata web page, not the entity IRI.
# expect: Violation nkgsh:EntitySameAs owl:sameAs :: must be a Wikidata entity IRI
INSERT DATA { <https://w3id.org/newskg/id/person/barack-obama> owl:sameAs <https://www.wikidata.org/wiki/Q76> }
