# A mention names no entity.
# expect: Violation nkgsh:MentionShape nkg:denotes :: exactly one nkg:denotes
DELETE WHERE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nkg:denotes ?e }
