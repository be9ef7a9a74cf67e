# schema:jobTitle has no language tag.
# expect: Violation nkgsh:PersonShape schema:jobTitle :: language-tagged
DELETE { <https://w3id.org/newskg/id/person/barack-obama> schema:jobTitle ?t } INSERT { <https://w3id.org/newskg/id/person/barack-obama> schema:jobTitle "President" } WHERE { <https://w3id.org/newskg/id/person/barack-obama> schema:jobTitle ?t }
