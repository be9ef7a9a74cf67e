# nif:beginIndex is a string.
# expect: Violation nkgsh:TextSpanShape nif:beginIndex :: must be an xsd:nonNegativeInteger
DELETE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:beginIndex ?b } INSERT { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:beginIndex "10" } WHERE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:beginIndex ?b }
