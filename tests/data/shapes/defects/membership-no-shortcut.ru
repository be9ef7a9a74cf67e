# A membership without the holder's nkg:memberOf shortcut.
# expect: Violation nkgsh:MembershipShape - :: shortcut is missing
DELETE { ?x a nkg:Leadership . ?p nkg:leaderOf ?o } INSERT { ?x a nkg:Membership } WHERE { ?x a nkg:Leadership . ?p nkg:leaderOf ?o }
