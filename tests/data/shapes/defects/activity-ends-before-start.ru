# The extraction run ends before it starts.
# expect: Violation nkgsh:ExtractionActivityShape prov:startedAtTime :: not after its prov:endedAtTime
DELETE { ?x prov:endedAtTime ?e } INSERT { ?x prov:endedAtTime "2026-11-24T06:59:00Z"^^xsd:dateTime } WHERE { ?x a nkg:ExtractionActivity ; prov:endedAtTime ?e }
