# An entity's alias repeats its own prefLabel.
# expect: Warning nkgsh:EntityAltLabelNotPref skos:altLabel :: both the entity's skos:prefLabel and a skos:altLabel
INSERT DATA { <https://w3id.org/newskg/id/person/ahmed-dabashi> skos:altLabel "Ahmed Dabashi"@en }
