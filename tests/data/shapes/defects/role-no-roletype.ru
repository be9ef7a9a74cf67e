# A role node has no nkg:roleType.
# expect: Violation nkgsh:ParticipationShape nkg:roleType :: exactly one nkg:roleType
DELETE { ?r nkg:roleType ?t } WHERE { ?r a nkg:Participation ; nkg:roleType ?t }
