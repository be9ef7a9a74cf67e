# An entity without its extraction run, method and confidence (a warning: the data model's
# entity example omits them).
# expect: Warning nkgsh:ProvenanceCompletenessShape prov:wasGeneratedBy :: The node has no
# expect: Warning nkgsh:ProvenanceCompletenessShape nkg:extractionMethod :: The node has no
# expect: Warning nkgsh:ProvenanceCompletenessShape nkg:confidence :: The node has no
DELETE { ?e prov:wasGeneratedBy ?a ; nkg:extractionMethod ?m ; nkg:confidence ?c }
WHERE { BIND (<https://w3id.org/newskg/id/person/ahmed-dabashi> AS ?e) ?e prov:wasGeneratedBy ?a ; nkg:extractionMethod ?m ; nkg:confidence ?c }
