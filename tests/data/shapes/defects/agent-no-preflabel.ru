# An entity has no skos:prefLabel (nor rdfs:label, schema:name).
# expect: Violation nkgsh:EntityPrefLabel skos:prefLabel :: exactly one skos:prefLabel per language
DELETE WHERE { <https://w3id.org/newskg/id/person/ahmed-dabashi> skos:prefLabel ?l ; rdfs:label ?r ; schema:name ?n }
