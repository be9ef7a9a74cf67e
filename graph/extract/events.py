"""Events: trigger words from the ontology's ``nkg:triggerLemma``, roles from the dependency
tree, time from the DATE attached to the trigger's clause, place from locative phrases.

A candidate event needs a trigger plus at least one participant or a place (precision first).
A definite noun ("the meeting", "this deportation") with nothing new of its own refers back to
the last event of that kind and adds its roles to it.
"""

from __future__ import annotations

from graph.extract.context import Context
from graph.extract.document import Event, Role, Span
from graph.extract import times

#: Nouns that share their spelling with a trigger verb but rarely name the event.
NOUN_HOMOGRAPHS = {"state", "rule", "form", "find", "address", "charge", "fund", "found", "say",
                   "call", "meet", "name", "push", "air", "issue", "host", "arm", "add", "note",
                   "shell"}
LABOUR_WORDS = {"worker", "union", "employee", "staff", "labor", "labour", "wage", "pay",
                "walkout", "picket", "teacher", "nurse", "driver", "doctor", "go", "on"}
#: Modifiers and verbs that only go with a labour strike.
STRIKE_SHAPES = {"general", "nationwide", "national", "indefinite", "stage", "hold",
                 "striking", "solidarity"}
#: Things launched that are weapons, not products or publications.
WEAPON_WORDS = {"missile", "rocket", "drone", "bomb", "torpedo", "shell", "grenade",
                "projectile", "warhead", "munition", "strike", "airstrike"}
COURT_WORDS = {"court", "judge", "tribunal", "panel", "justice", "jury"}
RESEARCH_WORDS = {"study", "research", "researcher", "scientist", "team", "survey", "analysis",
                  "astronomer", "investigator", "paper", "experiment", "telescope", "probe"}
MATERIAL_WORDS = {"military", "financial", "material", "humanitarian", "logistical", "economic",
                  "emergency", "foreign", "food", "medical"}
LOCATIVE_PREPS = {"in", "at", "near", "across", "throughout", "inside", "outside", "from",
                  "into", "on", "through", "off"}
#: Nouns for a part or the surroundings of a place named in their 'of' phrase: 'on the
#: outskirts of Kharkiv', 'off the coast of Greece', 'in the north of Syria'.
PLACE_PART_NOUNS = {"outskirts", "coast", "coasts", "shore", "shores", "waters", "north",
                    "south", "east", "west", "north-east", "north-west", "south-east",
                    "south-west", "northeast", "northwest", "southeast", "southwest", "centre",
                    "center", "heart", "edge", "suburbs", "suburb", "part", "parts", "region",
                    "area", "areas", "city", "town", "village", "province", "state", "district"}
#: Nouns for people who act for a country or body: 'the leaders of Kenya and France met'.
REPRESENTATIVE_NOUNS = {"leader", "minister", "official", "representative", "delegation",
                        "delegate", "envoy", "diplomat", "president", "head", "negotiator"}
#: Words after an event noun that make it a notice of a possible event, not one that happened.
HAZARD_NOTICES = {"warning", "warnings", "watch", "alert", "alerts", "alarm", "drill", "drills",
                  "risk", "risks", "threat", "threats", "fears", "scare"}
#: Light verbs whose subject organises the meeting that is their object ('held talks').
ORGANISING_VERBS = {"hold", "host", "convene", "organise", "organize", "call", "plan",
                    "schedule", "sponsor", "chair", "open", "stage", "arrange"}
#: Light verbs whose subject goes to the meeting that is their object ('attended the summit').
ATTENDING_VERBS = {"attend", "join", "address", "participate", "boycott", "skip", "leave",
                   "visit"}
PARTICIPANT_PREPS = {"with", "between", "alongside", "among"}
#: Role nouns in an apposition: "X, conference co-organizer" -> X organised that conference.
EVENT_ROLE_NOUNS = {"organizer": "OrganiserRole", "organiser": "OrganiserRole",
                    "host": "OrganiserRole", "sponsor": "OrganiserRole",
                    "participant": "ParticipantRole", "delegate": "ParticipantRole",
                    "attendee": "AttendeeRole", "guest": "AttendeeRole",
                    "speaker": "SpeakerRole", "keynote": "SpeakerRole"}
DEFINITE = {"the", "this", "that", "these", "those"}
ROLE_ORDER = ("AgentRole", "SpeakerRole", "OrganiserRole", "ParticipantRole", "AttendeeRole",
              "TargetRole")


def _lemma(tok) -> str:
    return tok.lemma_.lower()


#: id(triggers) -> (the triggers, their keys of several words by first word: (order, key,
#: words), how many triggers there were); made once per lexicon
_MULTIWORD: dict[int, tuple[dict, dict[str, list[tuple[int, str, list[str]]]], int]] = {}


def _multiword_keys(triggers: dict, first_words: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The triggers of several words whose first word is one of ``first_words``, in the
    lexicon's order (every test below needs the token to be the first word, by lemma or form:
    the others are not tried at every token)."""
    cached = _MULTIWORD.get(id(triggers))
    if cached is None or cached[0] is not triggers or cached[2] != len(triggers):
        index: dict[str, list[tuple[int, str, list[str]]]] = {}
        for order, key in enumerate(triggers):
            words = key.split()
            if len(words) >= 2:
                index.setdefault(words[0], []).append((order, key, words))
        cached = _MULTIWORD[id(triggers)] = (triggers, index, len(triggers))
    found = [entry for word in set(first_words) for entry in cached[1].get(word, ())]
    return [(key, words) for _order, key, words in sorted(found)]


def _match_multiword(ctx: Context, tok) -> tuple[str, object] | None:
    """A trigger of several words ('call on', 'military action', 'elect to'): (lemma, head)."""
    doc = ctx.doc
    for key, words in _multiword_keys(ctx.lexicon.triggers, (_lemma(tok), tok.lower_)):
        span = doc[tok.i: tok.i + len(words)]
        if len(span) == len(words) and all(
                _lemma(t) == w or t.lower_ == w for t, w in zip(span, words)):
            head = span.root
            return key, head
        if _lemma(tok) == words[0] and any(
                c.lower_ == words[-1] and c.dep_ in ("prep", "prt", "agent")
                for c in tok.children) and len(words) == 2:
            return key, tok
        if len(words) == 2 and tok.pos_ == "VERB" and _lemma(tok) == words[0] and any(
                _lemma(c) == words[1] and c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
            return key, tok               # 'will cut about 1,500 jobs': verb and object
    return None


def _object(tok):
    if tok.dep_ == "acl" and "Part" in tok.morph.get("VerbForm"):
        return tok.head           # "Harbor Line, founded in 1984"
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _org_like(ctx: Context, tok) -> bool:
    if tok is None:
        return False
    key = ctx.entity_of(tok)
    if key and key[0] == "org":
        return True
    return tok.lemma_.lower() in ctx.lexicon.name_keywords or tok.lower_ in (
        ctx.lexicon.name_keywords)


def _choose_class(ctx: Context, tok, lemma: str, classes: set[str]) -> str | None:
    lex = ctx.lexicon
    classes = set(classes)
    if "Formation" in classes and not _org_like(ctx, _object(tok)):
        classes.discard("Formation")
    if any(lex.is_a(c, "MilitaryAction") for c in classes):
        if any(lex.is_a(c, "Disaster") for subj in tok.children if subj.dep_ == "nsubj"
               for c in lex.triggers.get(_lemma(subj), ())):
            return None   # "an earthquake struck X": the disaster is the event
    if "Protest" in classes and len(classes) > 1:
        context = {_lemma(c) for c in tok.children} | {_lemma(tok.head)}
        context |= {_lemma(c) for c in tok.head.children}
        if context & LABOUR_WORDS:
            return "Protest"
        classes.discard("Protest")
    if "Strike" in classes and len(classes) > 1:
        # a labour strike: workers, a union, pay, or the shape of one ('a 48-hour strike',
        # 'a general strike', 'a strike called by', 'went on strike', 'striking workers')
        if tok.pos_ == "NOUN":
            near = list(tok.children) + [tok.head, tok.head.head]   # 'went on strike'
        else:
            near = [c for c in tok.children if c.dep_ in ("nsubj", "dobj")]  # 'workers struck'
        near = [t for t in near if t.i != tok.i]
        context = {_lemma(c) for c in near}
        labour = bool(context & (LABOUR_WORDS | STRIKE_SHAPES)) or any(
            c.dep_ == "acl" and _lemma(c) in ("call", "organize", "organise")
            for c in tok.children) or any(
            "hour" in c.lower_ or "day" in c.lower_ for c in tok.children if c.dep_ in (
                "amod", "compound", "nmod"))
        if labour:
            return "Strike"
        classes.discard("Strike")
    if "Statement" in classes and lemma == "call" and (
            any(c.dep_ in ("auxpass", "agent") for c in tok.children)
            or (tok.dep_ == "acl" and tok.tag_ == "VBN")):
        classes.discard("Statement")      # 'a strike called by the union' is not a statement
    if "Statement" in classes and tok.dep_ == "xcomp" and _lemma(tok.head) in (
            "decline", "refuse"):
        classes.discard("Statement")      # 'declined to comment': nothing was said
    if "Release" in classes:
        obj = _object(tok) if tok.pos_ == "VERB" else None
        if obj is not None and _lemma(obj) in WEAPON_WORDS | set(ctx.lexicon.triggers):
            classes.discard("Release")    # 'launched missiles', 'launched an offensive'
        elif obj is not None and (_lemma(obj) in CAPTIVE_WORDS or any(
                key[0] == "person" for key, _ in ctx.phrase_entities(obj))):
            classes.discard("Release")    # 'released Paul Whelan', 'released 24 prisoners':
            #                               freed people, no product made public
    if "Bombing" in classes and lemma in LAUNCHER_WORDS and tok.pos_ == "NOUN" \
            and not _weapon_used(tok):
        classes.discard("Bombing")        # 'the rocket lifted off': a launcher, no attack
    if lemma == "strike" and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        # 'the Supreme Court struck down the law': a ruling (when a court or judge does it)
        return "LegalAction" if any(_judges(ctx, s) for s in _subjects(tok)) else None
    if "LegalAction" in classes and lemma == "rule":
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or _lemma(subj) not in COURT_WORDS:
            classes.discard("LegalAction")
    if "Discovery" in classes and lemma == "find":
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if not ((subj is not None and _lemma(subj) in RESEARCH_WORDS)
                or any(c.dep_ == "ccomp" for c in tok.children)):
            classes.discard("Discovery")
    if "Aid" in classes and lemma == "support":
        if not any(_lemma(c) in MATERIAL_WORDS for c in tok.children):
            classes.discard("Aid")
    if not classes:
        return None
    # the most specific class first (one that has no other candidate below it)
    ranked = sorted(classes, key=lambda c: (-len(lex.ancestors.get(c, {c})), c))
    return ranked[0]


#: Weapons that are also launchers of spacecraft and tests: an attack only when used in one.
LAUNCHER_WORDS = {"rocket", "missile"}
#: Verbs whose subject, a weapon, strikes ('a missile hit the port').
WEAPON_HIT_VERBS = {"hit", "strike", "land", "kill", "explode", "slam", "fall", "destroy",
                    "damage", "injure", "wound", "target", "smash", "crash", "rain"}
#: Verbs whose object, a weapon, is used against someone ('fired rockets at Israel').
WEAPON_FIRE_VERBS = {"fire", "launch", "shoot", "lob", "use", "drop"}


def _judges(ctx: Context, tok) -> bool:
    """Whether ``tok`` names a court or a judge ('the court', 'the Supreme Court', 'a judge')."""
    key = ctx.entity_of(tok)
    label = ctx.entity(key).label if key is not None and ctx.entity(key) is not None else ""
    return _lemma(tok) in COURT_WORDS or any(w in label.lower().split() for w in COURT_WORDS)


def _weapon_used(tok) -> bool:
    """Whether the weapon noun ``tok`` is used in an attack: the subject of a verb of hitting,
    the object of a verb of firing aimed at something ('at', 'on', 'into', 'toward'), or the
    weapon of an attack ('a missile strike', 'rocket fire')."""
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and _lemma(head) in WEAPON_HIT_VERBS:
        return True
    if tok.dep_ == "dobj" and _lemma(head) in WEAPON_FIRE_VERBS:
        return any(c.dep_ == "prep" and c.lower_ in ("at", "on", "into", "toward", "towards",
                                                      "against") for c in head.children)
    return tok.dep_ == "pobj" and head.lower_ in ("by", "with") and head.head.pos_ == "VERB"


def find_triggers(ctx: Context) -> list[tuple[object, str, str]]:
    """(head token, lemma key, class) for every trigger in the document."""
    lex = ctx.lexicon
    out, used = [], set()
    for tok in ctx.doc:
        if tok.i in used or tok.i in ctx.token_entity or tok.pos_ not in ("VERB", "NOUN"):
            continue
        multi = _match_multiword(ctx, tok) if lex.max_trigger_words > 1 else None
        if multi:
            key, head = multi
        else:
            key, head = _lemma(tok), tok
            if key not in lex.triggers:
                key = tok.lower_
            if key not in lex.triggers:
                continue
        if head.pos_ == "NOUN":
            if key in NOUN_HOMOGRAPHS or head.dep_ == "compound":
                continue
            if head.i + 1 < len(ctx.doc) and ctx.doc[head.i + 1].lower_ in HAZARD_NOTICES:
                continue      # 'a tsunami warning', 'a strike threat': not the event itself
        if head.pos_ == "VERB" and key == "deal" and any(
                c.lower_ == "with" for c in head.children):
            continue
        cls = _choose_class(ctx, head, key, lex.triggers[key])
        if cls is None:
            continue
        used.add(head.i)
        out.append((head, key, cls))
    out += _named_disasters(ctx, used)
    out.sort(key=lambda t: t[0].i)
    return out


def _named_disasters(ctx: Context, used: set[int]) -> list[tuple[object, str, str]]:
    """'Hurricane Delia tore through Honduras': a named storm is a disaster event, read from
    the name's head; only its first mention (later ones are the same storm)."""
    lex, out, seen = ctx.lexicon, [], set()
    for tok in ctx.doc:
        head = tok.head
        if tok.pos_ != "PROPN" or tok.dep_ != "compound" or head.i != tok.i + 1 \
                or not head.is_title or head.i in used or head.i in ctx.token_entity:
            continue
        classes = [c for c in lex.triggers.get(tok.lower_, ()) if lex.is_a(c, "Disaster")]
        if not classes or head.lower_ in seen:
            continue
        seen.add(head.lower_)
        out.append((head, tok.lower_, sorted(classes)[0]))
    return out


# ---------------------------------------------------------------------------- roles

def _subjects(tok) -> list:
    """Subjects of a verb, inherited through conjunction, 'to'-infinitives and relative
    clauses ('the alliance invaded and occupied', 'gathered to form', 'sanctions that killed')."""
    cur = tok
    for _ in range(4):
        subs = [c for c in cur.children if c.dep_ == "nsubj"]
        if subs and cur.dep_ == "relcl" and all(c.tag_ in ("WP", "WDT") for c in subs):
            return [cur.head]     # 'Lula, who will host the conference'
        if subs:
            return subs
        if cur.dep_ == "relcl":
            if any(c.dep_ == "nsubjpass" and c.tag_ in ("WP", "WDT") for c in cur.children):
                return []     # 'Krasikov, who had been convicted': the antecedent underwent it
            return [cur.head]
        if cur.dep_ == "xcomp":
            objs = [c for c in cur.head.children if c.dep_ == "dobj"]
            if objs:      # object control: "encourage them to keep fighting"
                return objs
            raised = [c for c in cur.head.children if c.dep_ == "nsubjpass"]
            if raised:    # raising: "he is expected to meet", "she is set to visit"
                return raised
        if cur.dep_ in ("conj", "xcomp") or (cur.dep_ == "advcl" and (any(
                c.lower_ == "to" for c in cur.children) or cur.tag_ == "VBG")):
            # ('shelled the camp, killing 56 people': the shelling's agent killed them)
            cur = cur.head
            continue
        return []
    return []


def _pobjs(tok, preps) -> list:
    return [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _object_places(ctx: Context, verb) -> list:
    """The verb's direct objects that are places ('struck the Noto Peninsula')."""
    out = []
    for obj in verb.children:
        if obj.dep_ == "dobj":
            key, conf = ctx.phrase_entity(obj)
            if key and key[0] == "place":
                out.append((key, conf))
    return out


def _places(ctx: Context, tok) -> list:
    """Place entities in locative phrases of ``tok`` (also one level down, as in
    'On July 16 in Amman')."""
    found = []
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ in LOCATIVE_PREPS:
            found += [g for g in prep.children if g.dep_ == "pobj"]
        for sub in prep.children:
            if sub.dep_ == "prep" and sub.lower_ in LOCATIVE_PREPS:
                found += [g for g in sub.children if g.dep_ == "pobj"]
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            found += _pobjs(pobj, LOCATIVE_PREPS)
    if tok.pos_ in ("VERB", "AUX"):   # 'shelled the camp in North Darfur'
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            for p in _pobjs(obj, LOCATIVE_PREPS):
                found.append(p)       # 'killed 20 people outside the ministry in Kabul'
                found += _pobjs(p, LOCATIVE_PREPS)
    found += [g for p in found if p.lower_ in PLACE_PART_NOUNS for g in _pobjs(p, {"of"})]
    out = []
    for p in found:
        key, conf = ctx.phrase_entity(p)
        if key and key[0] == "place":
            out.append((key, conf))
    return out


class _Builder:
    def __init__(self, ctx: Context, trigger, key: str, cls: str,
                 triggers: frozenset = frozenset()) -> None:
        self.ctx, self.tok, self.cls = ctx, trigger, cls
        self.triggers = triggers      # token indices of the document's event triggers
        lex = ctx.lexicon
        self.is_statement = lex.is_a(cls, "Statement")
        self.is_meeting = lex.is_a(cls, "Meeting") or lex.is_a(cls, "Agreement")
        sent = ctx.sentence_span(trigger)
        self.event = Event(cls=cls, lemma=key, trigger_text=trigger.text, begin=trigger.idx,
                           end=trigger.idx + len(trigger.text), sentence=sent)

    def role(self, role_type: str, token, conf: float = 1.0, entities=None) -> None:
        ents = entities if entities is not None else self.ctx.phrase_entities(token)
        for key, c in ents:
            if role_type in ("AgentRole", "ParticipantRole") and key[0] == "place" and \
                    self.ctx.entity(key).kind not in ("Country",):
                if role_type == "ParticipantRole":
                    self.place([(key, c)])      # 'to visit Washington': where, not who
                continue
            span = Span(token.idx, token.idx + len(token.text))
            self.event.add_role(Role(role_type, key, span, round(0.75 * conf * c, 2)))
            if role_type == "AgentRole" and self.is_statement:
                self.event.add_role(Role("SpeakerRole", key, span, round(0.75 * conf * c, 2)))

    def place(self, candidates) -> None:
        if self.event.place is None and candidates:
            # a place inside a country before the country ('outside Afghanistan's foreign
            # ministry in Kabul': Kabul), else the first named ('the Noto Peninsula in Ishikawa')
            ranked = sorted(enumerate(candidates), key=lambda ic: (
                self.ctx.entity(ic[1][0]) is not None
                and self.ctx.entity(ic[1][0]).kind == "Country", ic[0]))
            self.event.place = ranked[0][1][0]

    def _represented(self, subject) -> list:
        """'the leaders of Kenya, South Africa and France': the bodies they act for."""
        if subject.pos_ != "NOUN" or _lemma(subject) not in REPRESENTATIVE_NOUNS:
            return []
        out = []
        for p in _pobjs(subject, {"of"}):
            for key, c in self.ctx.phrase_entities(p):
                ent = self.ctx.entity(key)
                if ent is not None and (ent.group == "org" or ent.kind == "Country"):
                    out.append((key, c))
        return out

    def verb(self, tok) -> None:
        lex = self.ctx.lexicon
        by_authorities = self.is_statement or lex.is_a(self.cls, "Arrest") \
            or lex.is_a(self.cls, "LegalAction")
        for s in _subjects(tok):
            if by_authorities and not self.ctx.phrase_entities(s):
                from graph.extract.sources import unnamed_source

                key = unnamed_source(self.ctx, s)     # 'the health ministry said on Friday',
                # 'police arrested', 'prosecutors charged'
                if key is not None:
                    self.role("AgentRole", s, entities=[(key, 0.8)])
                    continue
            self.role("AgentRole", s)
            represented = self._represented(s)
            if represented:
                self.role("ParticipantRole" if self.is_meeting else "AgentRole", s, 0.8,
                          represented)
        for a in _pobjs(tok, {"by"}):
            self.role("AgentRole", a)
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                if c.dep_ == "nsubjpass" and c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    c = tok.head
                if self.is_meeting:
                    self.role("ParticipantRole", c)
                elif not self.is_statement or self.ctx.lexicon.is_a(self.cls, "Denunciation"):
                    self.role("TargetRole", c)
        if tok.dep_ == "acl" and "Pass" not in tok.morph.get("Voice") and tok.tag_ == "VBN":
            self.role("ParticipantRole" if self.is_meeting else "TargetRole", tok.head, 0.9)
        for p in _pobjs(tok, PARTICIPANT_PREPS):
            self.role("ParticipantRole", p)
        for p in _pobjs(tok, {"against"}):
            self.role("TargetRole", p)
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and self.event.place is None:
            # 'an earthquake struck the Noto Peninsula, killing 48 people': the participle
            # clause happened where its main clause did
            self.place(_object_places(self.ctx, tok.head) + _places(self.ctx, tok.head))
        if self.event.place is None:
            # 'a train derailed and hit another train in Odisha': the conjoined verb's place;
            # '288 people were killed when a train derailed in Odisha': the when-clause's
            for other in same_occasion(tok):
                self.place(_places(self.ctx, other))
        if self.ctx.lexicon.is_a(self.cls, "Publication"):
            for p in _pobjs(tok, {"in"}):   # 'published in the BMJ': the journal publishes it
                key, conf = self.ctx.phrase_entity(p)
                if key and key[0] == "org":
                    self.role("ParticipantRole", p, 0.8, [(key, conf)])
        self.place(_places(self.ctx, tok))

    def noun(self, tok) -> None:
        ctx = self.ctx
        for c in tok.children:
            if c.dep_ == "poss":
                if c.lower_ == "whose" and tok.head.i != tok.i:
                    owner = _relcl_antecedent(tok)
                    if owner is not None:
                        self.role("AgentRole", owner, 0.8)
                    continue
                key, _ = ctx.phrase_entity(c)
                ent = ctx.entity(key)
                if ent is not None and ent.group == "place" and not self._actor_noun():
                    self.place([(key, 0.9)])      # "Ghana's election", "Brazil's floods"
                else:
                    self.role("AgentRole", c)
            elif c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i:
                for key in ctx.entities_in_token(c):
                    ent = ctx.entity(key)
                    if ent is None:
                        continue
                    if ent.kind in ("City", "Region", "Place", "Facility") or (
                            ent.kind == "Country" and not self._actor_noun()):
                        self.place([(key, 0.9)])
                    else:
                        self.role("AgentRole", c, 0.9, [(key, 0.9)])
        for p in _pobjs(tok, {"of"}):
            if ctx.lexicon.is_a(self.cls, "Protest"):
                # "a rally of the party": its organiser; "a protest of workers": participants
                for key, c in ctx.phrase_entities(p):
                    self.role("OrganiserRole" if key[0] == "org" and ctx.entity(key).kind
                              != "Group" else "ParticipantRole", p, 1.0, [(key, c)])
                continue
            self.role("ParticipantRole" if self.is_meeting else "TargetRole", p)
        for p in _pobjs(tok, {"by"}):
            self.role("AgentRole", p)
        for p in _pobjs(tok, {"against", "on"}):
            key, _ = ctx.phrase_entity(p)
            if key and key[0] != "place":
                self.role("TargetRole", p)
        for p in _pobjs(tok, PARTICIPANT_PREPS):
            self.role("ParticipantRole", p)
        for acl in tok.children:
            if acl.dep_ == "acl" and _lemma(acl) in ("organize", "organise", "host", "sponsor",
                                                     "hold", "call", "convene"):
                for a in _pobjs(acl, {"by"}):
                    self.role("OrganiserRole", a)
        self.place(_places(ctx, tok))
        head = tok.head
        # light verbs: "imposed sanctions", "offered aid to X", "plans a meeting", "gave a speech"
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") \
                and head.i not in self.triggers \
                and _lemma(head) not in OBSERVER_VERBS \
                and not ctx.lexicon.is_a(self.cls, "Disaster"):   # nobody does a flood
            role = "AgentRole"
            if self.is_meeting:     # 'held a summit' organises it, 'attended a summit' does not
                role = ("AttendeeRole" if _lemma(head) in ATTENDING_VERBS else
                        "OrganiserRole" if _lemma(head) in ORGANISING_VERBS else
                        "ParticipantRole")
            for s in _subjects(head):
                self.role(role, s, 0.8)
            for p in _pobjs(head, {"to", "on", "against"}):
                key, _ = ctx.phrase_entity(p)
                if key:
                    self.role("TargetRole", p, 0.8)
            if self.event.place is None:
                self.place(_places(ctx, head))
        # 'ISIS-K claimed responsibility for the attack': the claimant says it did it
        if tok.dep_ == "pobj" and head.lower_ == "for" and _lemma(head.head) == "responsibility" \
                and _lemma(head.head.head) in RESPONSIBILITY_VERBS:
            for s in _subjects(head.head.head):
                self.role("AgentRole", s, 0.8)
        # "In a June 19 speech, X promised": the subject of the clause gave the speech;
        # "X won most seats in the election": X took part in it
        # "an earthquake struck eastern Turkey": the disaster hit the verb's object
        # (and "a missile hit a port in Odesa": the attack hit the place too)
        if tok.dep_ == "nsubj" and head.pos_ == "VERB" and (
                ctx.lexicon.is_a(self.cls, "Disaster")
                or ctx.lexicon.is_a(self.cls, "MilitaryAction")):
            self.place(_object_places(ctx, head))
            if self.event.place is None:
                self.place(_places(ctx, head))
        clause = head.head
        if clause.pos_ == "NOUN" and clause.dep_ in ("dobj", "attr"):
            clause = clause.head          # "won the most seats in the election"
        if tok.dep_ == "pobj" and head.lower_ in ("in", "during", "at") \
                and clause.pos_ == "VERB" and not self._reports(clause):
            for s in _subjects(clause):
                if self.is_statement and head.lower_ != "at":
                    self.role("AgentRole", s, 0.8)
                else:
                    self.role("ParticipantRole", s, 0.7)
        if tok.dep_ == "pobj" and head.lower_ in ("at", "during") and self.is_meeting:
            verb = head.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if self.event.place is None:
                self.place(_places(ctx, verb))

    def _reports(self, verb) -> bool:
        """Whether ``verb`` only reports on this disaster ('..., officials said, in the
        country's deadliest accident'): its subject takes no part in it (one who speaks at a
        rally or announces aid does take part in those)."""
        return self.ctx.lexicon.is_a(self.cls, "Disaster") and any(
            self.ctx.lexicon.is_a(c, "Statement")
            for c in self.ctx.lexicon.triggers.get(_lemma(verb), ()))

    def _actor_noun(self) -> bool:
        lex = self.ctx.lexicon
        return any(lex.is_a(self.cls, c) for c in (
            "MilitaryAction", "Sanction", "Aid", "Expulsion", "Statement", "Arrest"))


#: People who are held and may be set free ('the hostages were released').
CAPTIVE_WORDS = {"prisoner", "hostage", "detainee", "captive", "inmate", "convict", "person",
                 "people", "man", "woman", "child", "journalist", "reporter", "activist",
                 "soldier", "fighter", "citizen", "national", "dissident", "worker"}


#: Verbs whose subject tells of, watches, undergoes or judges an event named as their object
#: without doing it ('the WHO described the outbreak', 'Niger suffered a coup', 'the UN
#: welcomed the agreement'): no light verb, so their subject is no agent of the event.
OBSERVER_VERBS = {"describe", "report", "monitor", "investigate", "probe", "witness", "cover",
                  "predict", "fear", "expect", "welcome", "discuss", "deny", "blame", "survive",
                  "suffer", "face", "watch", "see", "mourn", "commemorate", "mark", "remember",
                  "recall", "oppose", "reject", "review", "document", "record", "confirm",
                  "analyse", "analyze", "follow", "hail", "praise", "question", "dispute"}


#: Verbs of claiming an act: 'claimed/took/accepted/admitted responsibility for the attack'.
RESPONSIBILITY_VERBS = {"claim", "take", "accept", "admit", "assume"}
#: Subordinators of a clause that happens at the same time as its main clause.
SAME_TIME_MARKS = {"when", "as", "while"}


def same_occasion(verb) -> list:
    """Clauses that tell of the same occasion as ``verb``: the verbs conjoined with it
    ('derailed and hit') and the when-clauses of either ('were killed and injured when a train
    derailed'), with the verbs conjoined with those."""
    verbs = [verb] + [c for c in verb.conjuncts if c.pos_ in ("VERB", "AUX")]
    out = verbs[1:]
    for v in verbs:
        for c in v.children:
            if c.dep_ != "advcl" or c.pos_ not in ("VERB", "AUX"):
                continue
            clause = [c] + [x for x in c.conjuncts if x.pos_ in ("VERB", "AUX")]
            if any(m.dep_ in ("mark", "advmod") and m.lower_ in SAME_TIME_MARKS and m.i < c.i
                   for x in clause for m in x.children):
                out += clause
    return [c for c in dict.fromkeys(out) if c.i != verb.i]


def _relcl_antecedent(tok):
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in ("relcl", "appos"):
            return cur.head
        cur = cur.head
    return None


def _share_conjuncts(events: dict[int, Event], triggers) -> None:
    """'the invasion and occupation of Iraq': conjoined noun triggers share what one lacks."""
    by_token = {t.i: events.get(t.i) for t, _, _ in triggers}
    for tok, _, _ in triggers:
        ev = by_token.get(tok.i)
        if ev is None:
            continue
        for conj in tok.conjuncts:
            other = by_token.get(conj.i)
            if other is None or conj.pos_ != tok.pos_:
                continue
            for role in other.roles:
                if role.role_type in ("AgentRole", "TargetRole") and not any(
                        r.role_type == role.role_type for r in ev.roles):
                    ev.add_role(Role(role.role_type, role.entity, role.evidence,
                                     role.confidence * 0.9))
            if ev.place is None and other.place is not None:
                ev.place = other.place


def _event_role_appositions(ctx: Context, events: list[tuple[object, Event]]) -> None:
    """'X, head of Y and conference co-organizer': X organised the last conference."""
    for ent in ctx.document.entities.values():
        if ent.kind != "Person":
            continue
        for m in ent.mentions:
            span = ctx.doc.char_span(m.begin, m.end, alignment_mode="expand")
            if span is None:
                continue
            nouns = []
            for app in (c for c in span.root.children if c.dep_ == "appos"):
                nouns += [app] + list(app.conjuncts)
            for noun in nouns:
                role_type = EVENT_ROLE_NOUNS.get(noun.lower_)
                if role_type is None:
                    continue
                # the event noun before the role word ('conference co-organizer')
                words = [t for t in ctx.doc[max(noun.i - 4, 0): noun.i]
                         if t.pos_ == "NOUN" and t.i not in ctx.token_entity]
                for w in reversed(words):
                    classes = ctx.lexicon.triggers.get(_lemma(w)) or ()
                    target = _last_event_of(ctx, events, classes, noun.idx)
                    if target is not None:
                        target.add_role(Role(role_type, ent.key,
                                             Span(m.begin, m.end), 0.7))
                        break


def _last_event_of(ctx: Context, events, classes, before: int) -> Event | None:
    best = None
    for _, ev in events:
        if ev.begin < before and any(ctx.lexicon.is_a(ev.cls, c) for c in classes):
            if best is None or ev.begin > best.begin:
                best = ev
    return best


def _after_publication(ctx: Context, time) -> bool:
    """Whether a time starts after the article's date ('in her statement next week'): what
    happens then is planned, whatever the verb's tense."""
    published = getattr(ctx.document.article, "published", None)
    if time is None or published is None:
        return False
    day = published.isoformat() if hasattr(published, "isoformat") else str(published)
    return time.start > day[:len(time.start)]


def _is_anaphoric(tok) -> bool:
    """'the meeting', 'this deportation': a definite noun with no new detail."""
    if tok.pos_ != "NOUN":
        return False
    dets = [c for c in tok.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in DEFINITE:
        return False
    return not any(c.dep_ in ("amod", "nummod", "compound", "prep", "poss") and
                   c.lower_ not in ("forced",) and c.pos_ != "VERB" for c in tok.children
                   if c.dep_ != "det")


def extract_events(ctx: Context) -> None:
    triggers = find_triggers(ctx)
    built: dict[int, Event] = {}
    ordered: list[tuple[object, Event]] = []
    trigger_ids = frozenset(t.i for t, _, _ in triggers)
    for tok, key, cls in triggers:
        b = _Builder(ctx, tok, key, cls, trigger_ids)
        if tok.pos_ == "VERB":
            b.verb(tok)
        else:
            b.noun(tok)
        if tok.lower_ != key and tok.i > 0 and ctx.doc[tok.i - 1].lower_ == key \
                and tok.pos_ == "PROPN":
            name = ctx.doc[tok.i - 1]       # a named storm: the trigger is 'Hurricane'
            b.event.trigger_text, b.event.begin = name.text, name.idx
            b.event.end = name.idx + len(name.text)
        built[tok.i] = b.event
        ordered.append((tok, b.event))
    _share_conjuncts(built, triggers)
    # definite mentions of an earlier event add to it instead of making a new one
    kept: list[tuple[object, Event]] = []
    for tok, ev in ordered:
        if _is_anaphoric(tok) and times.nearest_date(ctx, tok) is None:
            earlier = _last_event_of(ctx, kept, {ev.cls}, ev.begin)
            if earlier is not None:
                for role in ev.roles:
                    earlier.add_role(role)
                if earlier.place is None:
                    earlier.place = ev.place
                continue
        kept.append((tok, ev))
    _event_role_appositions(ctx, kept)
    for tok, ev in kept:
        tense = times.tense_of(tok)
        ev.time = times.time_of(ctx, tok, tense)
        if ev.time is None and tok.pos_ in ("VERB", "AUX"):
            # 'were killed when a train derailed and hit another train on Friday evening':
            # the time of a when-clause, or of a conjoined verb that is no event of its own
            for clause in same_occasion(tok):
                if clause.i not in trigger_ids or clause not in tok.conjuncts:
                    # the clause's own date, not one of a clause inside it ('and accepted an
                    # invitation to visit later this year' does not date what was said)
                    ev.time = times.time_of(ctx, clause, tense, own=True)
                    if ev.time is not None:
                        break
        ev.scheduled = tense == "future" or _after_publication(ctx, ev.time)
        if not ev.roles and (ev.place is None or (
                ev.time is None and not ctx.lexicon.is_a(ev.cls, "Disaster"))):
            continue      # precision first: a bare trigger with only a place is too weak
                          # (but a disaster has no actors: its place is what it has)
        evidence = 0.45 + 0.1 * min(len(ev.roles), 3) + (0.1 if ev.place else 0) + (
            0.1 if ev.time is not None else 0)
        ev.confidence = round(min(evidence, 0.95), 2)
        ev.roles.sort(key=lambda r: (ROLE_ORDER.index(r.role_type)
                                     if r.role_type in ROLE_ORDER else 99, r.entity))
        ctx.document.events.append(ev)
    ctx.document.events.sort(key=lambda e: e.begin)
