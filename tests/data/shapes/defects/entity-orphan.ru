# A person is described but nothing mentions or links it.
# expect: Violation nkgsh:EntityEvidence (^nkg:denotes :: An entity needs evidence
# expect: Violation nkgsh:OrphanShape - :: Orphan node
# expect: Info nkgsh:EntityInvolvement ^(nkg:place :: takes part in no event
INSERT DATA { <https://w3id.org/newskg/id/person/jane-doe> a nkg:Person ; skos:prefLabel "Jane Doe"@en ; rdfs:label "Jane Doe"@en ; schema:name "Jane Doe"@en ; prov:wasGeneratedBy <https://w3id.org/newskg/id/activity/28151b1940dbef61> ; nkg:extractionMethod nkg:StatisticalNER ; nkg:confidence 0.8 ; nkg:sourceArticle <https://w3id.org/newskg/id/article/28151b1940dbef61> }
