# A claim is about a text span.
# expect: Violation nkgsh:ClaimShape nkg:about :: nkg:Event, nkg:Agent or nkg:Place
INSERT { ?c nkg:about <https://w3id.org/newskg/id/article/28151b1940dbef61#char=107,154> } WHERE { ?c a nkg:Claim }
