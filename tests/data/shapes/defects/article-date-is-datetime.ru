# schema:datePublished is an xsd:dateTime, not an xsd:date.
# expect: Violation nkgsh:NewsArticleShape schema:datePublished :: an xsd:date
DELETE { ?a schema:datePublished ?d } INSERT { ?a schema:datePublished "2014-07-26T10:00:00Z"^^xsd:dateTime } WHERE { ?a a nkg:NewsArticle ; schema:datePublished ?d }
