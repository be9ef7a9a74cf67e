# A value typed xsd:double is a valid number.
# expect: nothing (a valid variant)
DELETE { ?q nkg:numericValue ?v } INSERT { ?q nkg:numericValue "1.5E6"^^xsd:double } WHERE { ?q a nkg:Quantity ; nkg:numericValue ?v }
