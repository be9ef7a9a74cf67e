# An agent is typed nkg:Agent only, not person, organisation or group.
# expect: Violation nkgsh:AgentShape - :: must be typed nkg:Person, nkg:Organization
DELETE { <https://w3id.org/newskg/id/org/kurds> a nkg:Group } INSERT { <https://w3id.org/newskg/id/org/kurds> a nkg:Agent } WHERE { }
