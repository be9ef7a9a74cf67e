# The article has no headline (a warning: the graph is still usable).
# expect: Warning nkgsh:NewsArticleShape schema:headline :: no schema:headline
DELETE { ?a schema:headline ?h } WHERE { ?a a nkg:NewsArticle ; schema:headline ?h }
