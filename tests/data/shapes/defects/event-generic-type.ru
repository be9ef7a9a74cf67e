# An event is typed nkg:Event only, not a class of the taxonomy.
# expect: Violation nkgsh:EventShape rdf:type :: a type from the event taxonomy
DELETE { ?e a nkg:Meeting } INSERT { ?e a nkg:Event } WHERE { ?e a nkg:Meeting }
