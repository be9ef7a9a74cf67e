# A span's IRI says 0,5 but its offsets are 0,7.
# expect: Violation nkgsh:TextSpanShape - :: does not match its article and offsets
INSERT DATA { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=0,5> a nkg:Sentence ; nif:referenceContext <https://w3id.org/newskg/id/article/28151b1940dbef61> ; nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "7"^^xsd:nonNegativeInteger ; nif:anchorOf "July 26" }
