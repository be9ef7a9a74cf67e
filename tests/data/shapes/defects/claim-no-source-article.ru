# A claim that does not say which article it was read from.
# expect: Violation nkgsh:FactSourceArticle nkg:sourceArticle :: exactly one nkg:sourceArticle
DELETE { ?c nkg:sourceArticle ?a } WHERE { ?c a nkg:Claim ; nkg:sourceArticle ?a }
