# A quotation with empty text.
# expect: Violation nkgsh:QuotationShape nkg:quoteText :: exactly one nkg:quoteText
DELETE { ?q nkg:quoteText ?t } INSERT { ?q nkg:quoteText "" } WHERE { ?q a nkg:Quotation ; nkg:quoteText ?t }
