# An organisation has a job title.
# expect: Warning nkgsh:OrganizationShape schema:jobTitle :: An organisation has no schema:jobTitle
INSERT DATA { <https://w3id.org/newskg/id/org/islamic-army> schema:jobTitle "President"@en }
