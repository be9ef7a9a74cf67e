# A person lives under id/org/ (the group Kurds typed as a person).
# expect: Violation nkgsh:PersonShape - :: BASE id/person/{slug}
DELETE { <https://w3id.org/newskg/id/org/kurds> a nkg:Group } INSERT { <https://w3id.org/newskg/id/org/kurds> a nkg:Person } WHERE { }
