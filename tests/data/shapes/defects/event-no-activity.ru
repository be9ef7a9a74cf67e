# An event lacks prov:wasGeneratedBy.
# expect: Violation nkgsh:FactGeneratedBy prov:wasGeneratedBy :: exactly one prov:wasGeneratedBy
DELETE { ?e prov:wasGeneratedBy ?x } WHERE { ?e a nkg:Meeting ; prov:wasGeneratedBy ?x }
