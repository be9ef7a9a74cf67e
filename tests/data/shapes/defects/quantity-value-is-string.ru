# A quantity's value is the words, not a number.
# expect: Violation nkgsh:QuantityShape nkg:numericValue :: a number typed
DELETE { ?q nkg:numericValue ?v } INSERT { ?q nkg:numericValue "1.5 million" } WHERE { ?q a nkg:Quantity ; nkg:numericValue ?v }
