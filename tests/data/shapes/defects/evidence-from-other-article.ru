# A quotation's evidence is a span of another article.
# expect: Violation nkgsh:ProvenanceShape - :: is not a span of the fact's nkg:sourceArticle
# expect: Warning nkgsh:NewsArticleShape schema:headline :: no schema:headline
# expect: Warning nkgsh:NewsArticleShape schema:publisher :: no schema:publisher
INSERT DATA { <https://w3id.org/newskg/id/article/5a961b4e5b6bce6d> a nkg:NewsArticle ; nif:isString "Other text." ; schema:datePublished "2014-07-27"^^xsd:date ; nkg:contentHash "sha256:5a961b4e5b6bce6d6891b05b38ec4108adc6c2ee20ba884ed71fbc647bb6b1f8" . <https://w3id.org/newskg/id/article/5a961b4e5b6bce6d#char=0,11> a nkg:Sentence ; nif:referenceContext <https://w3id.org/newskg/id/article/5a961b4e5b6bce6d> ; nif:beginIndex 0 ; nif:endIndex 11 ; nif:anchorOf "Other text." } ;
INSERT { ?q nkg:evidence <https://w3id.org/newskg/id/article/5a961b4e5b6bce6d#char=0,11> } WHERE { ?q a nkg:Quotation }
