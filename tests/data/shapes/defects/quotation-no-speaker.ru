# A quotation without speaker (then nothing links it either).
# expect: Violation nkgsh:QuotationShape nkg:speaker :: exactly one nkg:speaker
# expect: Violation nkgsh:OrphanShape - :: Orphan node
DELETE { ?q nkg:speaker ?s } WHERE { ?q a nkg:Quotation ; nkg:speaker ?s }
