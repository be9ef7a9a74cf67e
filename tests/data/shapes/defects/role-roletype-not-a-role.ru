# A role's nkg:roleType is an extraction method.
# expect: Violation nkgsh:ParticipationShape nkg:roleType :: an nkg:RoleType of the ontology
DELETE { ?r nkg:roleType ?t } INSERT { ?r nkg:roleType nkg:DependencyPattern } WHERE { ?r a nkg:Participation ; nkg:roleType ?t }
