# An event has no evidence span.
# expect: Violation nkgsh:FactEvidence nkg:evidence :: needs nkg:evidence
DELETE { ?e nkg:evidence ?s } WHERE { ?e a nkg:Meeting ; nkg:evidence ?s }
