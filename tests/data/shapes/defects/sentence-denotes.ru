# A sentence carries nkg:denotes, which belongs on a mention.
# expect: Violation nkgsh:SentenceShape nkg:denotes :: A sentence does not denote
INSERT DATA { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=0,63> nkg:denotes <https://w3id.org/newskg/id/person/barack-obama> }
