# A mention points to a sentence that does not contain it.
# expect: Violation nkgsh:MentionShape nkg:sentence :: not inside its nkg:sentence
DELETE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nkg:sentence ?s } INSERT { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nkg:sentence <https://w3id.org/newskg/id/article/28151b1940dbef61#char=155,226> } WHERE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nkg:sentence ?s }
