# A mention lacks its nkg:extractionMethod.
# expect: Violation nkgsh:FactExtractionMethod nkg:extractionMethod :: exactly one nkg:extractionMethod
DELETE WHERE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nkg:extractionMethod ?m }
