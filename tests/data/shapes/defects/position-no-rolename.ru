# A position held without its title.
# expect: Violation nkgsh:PositionHeldShape nkg:roleName :: needs an nkg:roleName
DELETE { ?x a nkg:Leadership ; nkg:roleName ?n } INSERT { ?x a nkg:PositionHeld } WHERE { ?x a nkg:Leadership ; nkg:roleName ?n }
