# Two entities of the article share the alias "Obama".
# expect: Warning nkgsh:EntityAltLabelShared skos:altLabel :: is also a label of another entity
INSERT DATA { <https://w3id.org/newskg/id/person/ahmed-dabashi> skos:altLabel "Obama"@en }
