# An entity has two English skos:prefLabel values.
# expect: Violation nkgsh:EntityPrefLabel skos:prefLabel :: exactly one skos:prefLabel per language
# expect: Warning nkgsh:EntityLabel rdfs:label :: should repeat its skos:prefLabel
# expect: Warning nkgsh:EntityName schema:name :: should repeat its skos:prefLabel
INSERT DATA { <https://w3id.org/newskg/id/person/barack-obama> skos:prefLabel "B. Obama"@en }
