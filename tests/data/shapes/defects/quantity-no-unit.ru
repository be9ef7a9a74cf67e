# A quantity that does not say what it counts.
# expect: Violation nkgsh:QuantityShape nkg:unitText :: exactly one nkg:unitText
DELETE { ?q nkg:unitText ?u } WHERE { ?q a nkg:Quantity ; nkg:unitText ?u }
