# An affiliation without holder.
# expect: Violation nkgsh:AffiliationShape nkg:holder :: exactly one nkg:holder
DELETE { ?x nkg:holder ?h } WHERE { ?x a nkg:Leadership ; nkg:holder ?h }
