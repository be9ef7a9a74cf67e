# nkg:contentHash is a well-formed digest of another text.
# expect: Violation nkgsh:NewsArticleShape - :: does not match the SHA-256
DELETE { ?a nkg:contentHash ?h } INSERT { ?a nkg:contentHash "sha256:5a961b4e5b6bce6d6891b05b38ec4108adc6c2ee20ba884ed71fbc647bb6b1f8" } WHERE { ?a a nkg:NewsArticle ; nkg:contentHash ?h }
