# An entity's extraction method is a role type.
# expect: Violation nkgsh:ExtractionMethodValue nkg:extractionMethod :: at most one nkg:ExtractionMethod of the ontology
DELETE { <https://w3id.org/newskg/id/org/kurds> nkg:extractionMethod ?m } INSERT { <https://w3id.org/newskg/id/org/kurds> nkg:extractionMethod nkg:AgentRole }
WHERE { <https://w3id.org/newskg/id/org/kurds> nkg:extractionMethod ?m }
