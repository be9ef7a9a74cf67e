# schema:url is a string literal instead of an IRI.
# expect: Violation nkgsh:NewsArticleShape schema:url :: an IRI
DELETE { ?a schema:url ?u } INSERT { ?a schema:url "https://example.org/news/obama-amman" } WHERE { ?a a nkg:NewsArticle ; schema:url ?u }
