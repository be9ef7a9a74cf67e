# A speech whose speaker was not found (a warning).
# expect: Warning nkgsh:SpeechShape nkg:speaker :: has no nkg:speaker
DELETE { ?e nkg:speaker ?s } WHERE { ?e a nkg:Speech ; nkg:speaker ?s }
