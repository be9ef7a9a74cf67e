# An entity that does not say which article mentions it.
# expect: Violation nkgsh:EntitySourceArticle nkg:sourceArticle :: An entity needs nkg:sourceArticle
DELETE DATA { <https://w3id.org/newskg/id/org/kurds> nkg:sourceArticle <https://w3id.org/newskg/id/article/28151b1940dbef61> }
