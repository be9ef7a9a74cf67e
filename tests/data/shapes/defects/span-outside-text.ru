# A sentence ends after the end of the article text (226 characters).
# expect: Violation nkgsh:TextSpanShape - :: outside the article text
INSERT DATA { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=220,300> a nkg:Sentence ; nif:referenceContext <https://w3id.org/newskg/id/article/28151b1940dbef61> ; nif:beginIndex "220"^^xsd:nonNegativeInteger ; nif:endIndex "300"^^xsd:nonNegativeInteger ; nif:anchorOf "July 2." }
