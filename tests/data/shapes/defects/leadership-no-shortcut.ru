# A leadership without the holder's nkg:leaderOf shortcut.
# expect: Violation nkgsh:LeadershipShape - :: shortcut is missing
DELETE WHERE { ?p nkg:leaderOf ?o }
