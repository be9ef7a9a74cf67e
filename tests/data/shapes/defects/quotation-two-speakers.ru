# A quotation with two speakers.
# expect: Violation nkgsh:QuotationShape nkg:speaker :: exactly one nkg:speaker
INSERT { ?q nkg:speaker <https://w3id.org/newskg/id/person/ahmed-dabashi> } WHERE { ?q a nkg:Quotation }
