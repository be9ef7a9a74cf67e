# A mention's nif:anchorOf differs from the text at its offsets.
# expect: Violation nkgsh:TextSpanShape - :: not the article text between its offsets
DELETE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:anchorOf ?x } INSERT { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:anchorOf "Barack Obamx" } WHERE { <https://w3id.org/newskg/id/article/28151b1940dbef61#char=10,22> nif:anchorOf ?x }
