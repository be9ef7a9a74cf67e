# An alias without a language tag.
# expect: Violation nkgsh:EntityAltLabel skos:altLabel :: non-empty language-tagged string
INSERT DATA { <https://w3id.org/newskg/id/person/barack-obama> skos:altLabel "Barry" }
