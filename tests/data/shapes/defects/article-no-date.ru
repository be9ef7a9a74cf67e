# The article has no schema:datePublished.
# expect: Violation nkgsh:NewsArticleShape schema:datePublished :: exactly one schema:datePublished
DELETE { ?a schema:datePublished ?d } WHERE { ?a a nkg:NewsArticle ; schema:datePublished ?d }
