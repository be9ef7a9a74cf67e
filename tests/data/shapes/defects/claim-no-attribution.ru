# A claim attributed to no one.
# expect: Violation nkgsh:ClaimShape nkg:attributedTo :: exactly one nkg:attributedTo
DELETE { ?c nkg:attributedTo ?a } WHERE { ?c a nkg:Claim ; nkg:attributedTo ?a }
