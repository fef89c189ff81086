"""What happened and who took part: an event type and two actors for each event, from its sentence.

The rules live in mapapp/data/actors.yaml (compiled by actor_rules): trigger words decide the type;
actors are found by their names and aliases, starting from the infobox's combatants; roles (who acts,
who is acted on) come from the small named rules of mapapp/roles.py; the clause that names the town, and
how its event words are told (denied, threatened, a captive's word), from mapapp/telling.py. Generic names
("the rebels", "government forces") are read as a reader does, by the article's Story (mapapp/reader.py):
the group the same section has just named for that side.

Here: describe (the type and roles the clause that names a town tells), describe_said and fill_unsaid (with
the article's context: what the sentence says, then the actor it leaves unsaid), and annotate_events, which
fills every event's type and actors. The Story and read_story are importable from here too.
"""

from __future__ import annotations

import re

from .actor_rules import ACTORS_PATH, EVENT_TYPES, ActorTable, actor_table, classify, find_actors, only_strikes, strike_type
from .model import Document, Event
from .reader import CIVILIANS, LONG_SENTENCE, UNKNOWN, Locus, Paragraph, Story, read_story
from .roles import OUTCOME as _OUTCOME
from .roles import Mention, assign_roles, joint_actors
from .telling import as_told, clause_around, is_negated, main_clause_mention, run_on_part, verb_phrase_around

__all__ = ["ACTORS_PATH", "CIVILIANS", "EVENT_TYPES", "ActorTable", "Locus", "Paragraph", "Story", "actor_table",
           "annotate_events", "annotate_in_place", "assign_roles", "classify", "clause_around", "describe", "describe_event", "describe_said",
           "drop_actor_names", "fill_unsaid", "find_actors", "is_negated", "joint_actors", "read_story"]

_GAP = re.compile(r"^\s*,\s*$")
# A second main clause telling the outcome at the same town: "; they captured it", "and took the town".
_FIGHTING = {"attack", "bombing", "airstrike"}
# The fire's outcome in its own clause: "shelling forced rebels to retreat from …".
_FORCED_OUT = re.compile(r"\b(?:forc(?:ed|ing)|compell(?:ed|ing))\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?to\s+"
                         r"(?:withdraw|retreat|pull\s+(?:back|out)|flee|abandon|evacuate|leave)\b", re.IGNORECASE)
# A capture told as a noun whose town follows: "the loss of Shusha", "the fall of Idlib" (the trigger ends in "of").
_OF_ANOTHER = re.compile(r"(?<=\bof) (?:the (?:town|city|village) of )?[A-Z]")
# The towns a capture's "of" lists before this one: "the loss of Khojaly, Kerkijahan and " (or none).
_OBJECTS = re.compile(r" (?:the (?:towns?|city|cities|villages?) of )?(?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
                      r"(?:,\s+|\s+and\s+(?:later\s+|then\s+)?))*")
# The means of the clause before, in a clause of its own: ", using land mines", ", with artillery".
_MEANS_AFTER = re.compile(r"[,;]\s+(?:using|with|by means of)\s+")
# A town named as where a speaker is: "a reporter in Beirut also said that …".
_SPEAKER_IN = re.compile(r"\bin\s+$")
_SAYS_THAT = re.compile(r"\s+(?:\w+\s+)?(?:said|says|told|reported|stated|claimed|confirmed|announced|wrote)\s+(?:\w+\s+){0,3}?that\b")
_OUTCOME_AFTER = re.compile(r"(?:;|,?\s+and)\s+(?:then\s+)?(?:\w+\s+){0,3}?(?:captured|seized|took|retook|overran|took control of)"
                            r"\s+(?:it|the\s+(?:town|city|village))\b"
                            # "… entered the besieged Daraa al-Balad neighborhood, hoisting up the Syrian flag"
                            r"|,\s+(?:then\s+)?(?:raising|hoisting)(?:\s+up)?\s+(?:the|their|a)\s+(?:\w+\s+)?flag\b")


# Forces described by where they are, as the subject of what they then do: "the Azerbaijani forces stationed in
# Shusha encircled …", "an NDF fighter stationed at Jisr al-Shughour spoke …": at that town, their being there
# is what the sentence tells. Not an aside set off by commas ("servicemen … headquartered in Stepanakert, …,
# were injured … in a bombardment"), which leaves the sentence's event at the town.
_STATIONED = re.compile(r"\b(?:stationed|garrisoned|headquartered|based)\s+(?:in|at)\s+(?:the\s+)?"
                        r"(?:(?:town|city|village)\s+of\s+)?$")


_SUBJECT_GOES_ON = re.compile(r" [a-z]")
# A town that closes the subject's relative clause, right before the main verb: "soldiers who died fighting in
# Xtown had been taken to …": the event words before it are that town's, the main verb's are the sentence's.
_PLACED_ELSEWHERE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+"
                               r"(?P<verb>(?:had|has|have|was|were|is|are)\b)")
# A clause of its own beside the main one, with its own subject: what the main clause tells is not its event.
_CONTRAST = re.compile(r"(?:while|whereas)\s", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:which|where)\s")  # a relative clause set off by a comma


def describe(sentence: str, mention: str, table: ActorTable,
             mentions: list[Mention] | None = None,
             whole: tuple[str, tuple[int, int] | None] | None = None,
             clauses: dict[tuple[str, int, int], tuple[str, tuple[int, int] | None]] | None = None,
             ) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence`.

    The clause that names the place decides when it has trigger words of its own ("…, amid protests in
    Bamako", "On the third day of the fighting, reinforcements were sent to al-Qusayr"); otherwise the
    sentence does ("…, as well as Ansongo and Bourem").
    """
    if mentions is None:
        mentions = find_actors(sentence, table)
    position = sentence.find(mention)
    if position >= 0 and "." in sentence:
        part = run_on_part(sentence, position)
        if part is not None:  # the town's own sentence of the two decides, with that sentence's actors
            lo, hi = part
            own = [(m[0] - lo, m[1] - lo, *m[2:]) for m in mentions if lo <= m[0] and m[1] <= hi]
            return describe(sentence[lo:hi], mention, table, own)  # type: ignore[arg-type]
    if position >= 0 and _SPEAKER_IN.search(sentence, max(0, position - 4), position) and _SAYS_THAT.match(
            sentence, position + len(mention)):
        # "An Al Jazeera reporter in Beirut also said that … the Army had control": where it was said
        speakers = [m for m in mentions if m[1] <= position]
        return "other", speakers[-1][2] if speakers else "", ""
    position = main_clause_mention(sentence, mention, position)
    stationed = _STATIONED.search(sentence, max(0, position - 60), position) if position > 0 else None
    if stationed and _SUBJECT_GOES_ON.match(sentence, position + len(mention)):
        trigger = (stationed.start(), stationed.start() + len(stationed.group(0).split()[0]))
        return "deployment", *assign_roles(sentence, trigger, mentions, "deployment")
    if position >= 0:
        lo, hi = clause_around(sentence, position)
        means = _MEANS_AFTER.match(sentence, hi)
        if means:  # "… destroyed the road between Huliaipole and Polohy, using land mines": the means is the clause's
            hi = clause_around(sentence, means.end())[1]
        if hi - lo <= LONG_SENTENCE:
            phrase = verb_phrase_around(sentence, lo, hi, position, mention)
            if phrase != (lo, hi) and classify(sentence[phrase[0] : phrase[1]], table)[1] is not None:
                lo, hi = phrase  # the verb phrase that names the town tells what happened there
        if hi - lo <= LONG_SENTENCE or clauses is None:
            kind, trigger = classify(sentence[lo:hi], table)
        else:  # a long clause naming many towns is classified once (clauses: the Story's memo)
            if (sentence, lo, hi) not in clauses:
                clauses[sentence, lo, hi] = classify(sentence[lo:hi], table)
            kind, trigger = clauses[sentence, lo, hi]
        elsewhere = _PLACED_ELSEWHERE.search(sentence, lo + trigger[1], position) if trigger is not None else None
        if elsewhere:  # "soldiers who died fighting in Xtown had been taken to a plant in Ytown": the fighting is Xtown's
            own = [m for m in mentions if lo <= m[0] and m[1] <= elsewhere.start()]  # the subject: "Russian soldiers"
            lo = elsewhere.start("verb")
            kind, trigger = classify(sentence[lo:hi], table)
            if trigger is None:
                return "other", own[-1][2] if own else "", ""
        if (kind == "capture" and trigger is not None and _OF_ANOTHER.match(sentence, lo + trigger[1])
                and not _OBJECTS.fullmatch(sentence, lo + trigger[1], position)):
            # "The loss of Shusha later led to mass demonstrations in … Baku": the capture is of another town;
            # what the clause says of this one decides
            blank = sentence[lo : lo + trigger[0]] + " " * (trigger[1] - trigger[0]) + sentence[lo + trigger[1] : hi]
            kind, trigger = classify(blank, table)
        outcome = _OUTCOME_AFTER.search(sentence, hi) if kind in _FIGHTING else None
        if outcome:  # "rebels attacked Timbuktu …; they captured it with little fighting": the outcome wins
            lo, hi = outcome.start(), len(sentence)
            kind, trigger = classify(sentence[lo:hi], table)
        forced = _FORCED_OUT.search(sentence, lo, hi) if kind in _FIGHTING else None
        if forced:  # "Heavy government shelling forced rebels to retreat from parts of Al-Qusayr": the outcome
            lo = forced.start()
            kind, trigger = classify(sentence[lo:hi], table)
        if trigger is not None and kind in _FIGHTING and is_negated(sentence, (trigger[0] + lo, trigger[1] + lo)):
            trigger = None  # "did not conduct active offensive operations against Huliaipole …, but continued
            # to shell the city": what the sentence says did happen decides
        if trigger is not None:
            trigger = (trigger[0] + lo, trigger[1] + lo)
            if kind == "protest":  # "…, amid protests in Bamako": the protesters are not the main clause's subject
                mentions = [m for m in mentions if lo <= m[0] < hi]
            actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
            return as_told(sentence, trigger, kind, actor2), actor1, actor2
        if _CONTRAST.match(sentence, lo):
            own = [m for m in mentions if lo <= m[0] < position]
            if own:  # "…, while an armed group of ex-insurgents organized a curfew in al-Shajara": its own story
                return "other", own[0][2], ""
        if lo > 0 and _RELATIVE.match(sentence, lo):
            # "… claimed that the mutual ceasefire agreement, which was got in Moscow by …, was breached": the
            # relative clause tells of the thing the clause before names
            before_lo = clause_around(sentence, max(0, lo - 3))[0]
            kind, trigger = classify(sentence[before_lo:lo], table)
            if trigger is not None:
                trigger = (trigger[0] + before_lo, trigger[1] + before_lo)
                actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
                return as_told(sentence, trigger, kind, actor2), actor1, actor2
    kind, trigger = whole or classify(sentence, table)
    actor1, actor2 = assign_roles(sentence, trigger, mentions, kind)
    kind = as_told(sentence, trigger, kind, actor2)
    if trigger is not None and position > trigger[1]:
        gapped = [m for m in mentions if trigger[1] <= m[0] and m[1] <= position and _GAP.match(sentence[m[1] : position])]
        if gapped:
            actor1, actor2 = gapped[-1][2], ""  # "... and Chadian troops, Ménaka": the gapped verb's own subject
    return kind, actor1, actor2


_COUNTER = re.compile(r"counter-?(?:attack|offensive)", re.IGNORECASE)
_RETAKEN = re.compile(r"re-?(?:captur|tak|took|gain)", re.IGNORECASE)  # a town taken back: by who held it before
# Event types whose actor a reader takes from the text before when the sentence names none; and bombs that a
# reader does not attribute unless the text does (a car bomb, a suicide bomber, a mine).
_IMPLIED = {"attack", "bombing", "airstrike", "capture", "withdrawal", "civilian_killing", "hostage_taking"}
# Violence, and captures, whose unnamed author is the holder's enemy ("Douentza was also taken on the same day").
_AGAINST_HOLDER = {"attack", "bombing", "airstrike", "capture"}
_LOSS = re.compile(r"\bloss\b|\bfail(?:ed|ing) to defend", re.IGNORECASE)
_LOSS_OF = re.compile(r"\b(?:loss of|fail(?:ed|ing) to defend)\s+(?:the\s+)?(?:(?:towns?|city|cities|villages?)\s+of\s+)?"
                      r"(?:[\w'’-]+(?:\s+on\s+\w+)?(?:,\s+|\s+and\s+(?:later\s+|then\s+)?))*$", re.IGNORECASE)
_TOLD_AGAIN = re.compile(r"the (?:city|town|village)", re.IGNORECASE)  # a stand-in: the town the text is about
_ANONYMOUS = re.compile(r"suicide|car[- ]bomb|roadside|\bied|mines?\b|explosive", re.IGNORECASE)


def describe_event(story: Story, sentence: str, section: str, mention: str,
                   mentions: list[Mention] | None = None,
                   whole: tuple[str, tuple[int, int] | None] | None = None,
                   holder: str = "", loss: tuple[str, str] | None = None,
                   retaker: str | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) for the place named `mention` in `sentence` of `section`, with the
    article's context: generic names resolved, and an actor the sentence leaves unsaid taken from before.

    holder: who held the town that day (mapapp/holders.py), when known: fighting or fire at a town that names
    no one is its holder's enemy's ("Fierce fighting raged around the entrances" of a rebel-held town).
    loss: (taker, loser) of the town's loss that day (Holders.loss_parties), when known: "the loss of Shusha"
    is read as annotate_events reads it. retaker: see fill_unsaid."""
    said = describe_said(story, sentence, section, mention, mentions, whole)
    if loss is not None and _told_loss(said, sentence):
        return (said[0], *loss) if _is_lost(sentence, mention) else said
    return fill_unsaid(story, sentence, section, said, holder, retaker=retaker)


def _told_loss(said: tuple[str, str, str], sentence: str) -> bool:
    """A capture told as a loss that names neither party ("the loss of Shusha", "failing to defend …")."""
    kind, actor1, actor2 = said
    return kind == "capture" and not actor1 and not actor2 and bool(_LOSS.search(sentence))


def _is_lost(sentence: str, mention: str) -> bool:
    """The town is one the loss is of ("failing to defend the cities of Shusha … and later Lachin"; "the loss:
    the town had been …", the town told of again), not where the loss led to something ("demonstrations in
    … Baku")."""
    return bool(_LOSS_OF.search(sentence, 0, max(0, sentence.find(mention))) or _TOLD_AGAIN.fullmatch(mention))


def describe_said(story: Story, sentence: str, section: str, mention: str,
                  mentions: list[Mention] | None = None,
                  whole: tuple[str, tuple[int, int] | None] | None = None) -> tuple[str, str, str]:
    """(event_type, actor1, actor2) as the sentence says them, '' for a party it leaves unsaid."""
    if mentions is None or whole is None:
        mentions, whole = story.read(sentence, section)
    kind, actor1, actor2 = describe(sentence, mention, story.table, mentions, whole, story._clauses)
    actor1, actor2 = ("" if a == UNKNOWN else a for a in (actor1, actor2))  # named as not known: no one
    if kind == "bombing" and only_strikes(sentence, story.table):
        kind = strike_type(story.text_before(sentence, section), story.table)  # "… Rafale fighters … A dozen strikes"
    if not actor1 and kind == "protest":
        actor1 = CIVILIANS  # protesters, residents: the people (ANNOTATION.md, "Actors")
    if kind == "withdrawal" and actor1 == CIVILIANS:
        kind = "other"  # "many people left the town for Algeria": residents leaving, not a force withdrawing
    return kind, actor1, actor2


def fill_unsaid(story: Story, sentence: str, section: str, said: tuple[str, str, str], holder: str = "",
                first_pass: bool = False, retaker: str | None = None) -> tuple[str, str, str]:
    """The actor a sentence leaves unsaid: the holder's enemy for violence at a town whose holder is known,
    else the party the section was last speaking of; never for car bombs, suicide bombers or mines.

    retaker: who held the town before its holder that day (Holders.retaker_of), when known: a town "fully
    recaptured" by no one named goes back to it; '' leaves such a retaking unattributed (a guess at the
    holder's enemy drew ISIL recapturing Palmyra from the government)."""
    kind, actor1, actor2 = said
    if actor1 or kind not in _IMPLIED:
        return said
    mentions, (_, trigger) = story.read(sentence, section)
    if trigger and _ANONYMOUS.search(sentence) or any(m[2] == UNKNOWN for m in mentions):
        return said  # a bomb nobody claims, "unknown gunmen": the text says it does not know who
    if kind == "capture" and not holder and (first_pass or _LOSS.search(sentence) and not actor2):
        # A capture that names no taker is taken from who held the town (annotate_events' second reading): a
        # guess from the section's last-named party would enter the walk that finds the holders.
        return said
    if kind == "capture" and retaker is not None and trigger and _RETAKEN.match(sentence, trigger[0]):
        return (kind, retaker, holder if holder != retaker else "") if retaker else said
    if holder and kind == "attack" and trigger and _COUNTER.match(sentence, trigger[0]) and holder != actor2:
        return kind, holder, actor2  # "… arrived in Idlib and launched a counter-attack": the holder hits back
    if holder and kind == "withdrawal" and holder not in {actor2, "contested"}:
        return kind, holder, actor2  # "the defenders were forced to retreat": who leaves, unnamed, held the town
    if holder and kind in _AGAINST_HOLDER and (kind == "capture" or actor2 in {"", CIVILIANS}
                                               or not _OUTCOME.search(sentence, *trigger or (0, 0))):
        actor1, actor2 = _against(story, sentence, section, kind, holder, actor2)
    else:
        actor1 = story.implied_actor(sentence, section, {actor2} if actor2 else set())
    return kind, actor1, actor2


def _against(story: Story, sentence: str, section: str, kind: str, holder: str, acted_on: str) -> tuple[str, str]:
    """Violence at a town that names no one who acts: its holder's enemy acts on it. An airstrike is the
    party of that side the section last spoke of (who flies: France over Mali), other violence the side's
    head."""
    sides = story.sides
    if kind == "capture" and not acted_on and _LOSS.search(sentence):
        return holder, ""  # "The loss of Shusha later led to …", told after it fell: to whoever holds it now
    # "Mopping-up of the final pockets of rebels": a force named as the target is what the attacker fights.
    target = acted_on if acted_on and acted_on != CIVILIANS else holder
    attacker = sides.opponent_of(target)
    if not attacker:
        return story.implied_actor(sentence, section, {acted_on} if acted_on else set()), acted_on
    if kind == "airstrike":
        implied = story.implied_actor(sentence, section, {target})
        attacker = implied if implied == attacker or sides.allied(implied, attacker) else attacker
    return attacker, acted_on or holder


def annotate_events(events: tuple[Event, ...], document: Document, story: Story | None = None) -> tuple[Event, ...]:
    """Fill event_type, actor1 and actor2 of each event from its sentence."""
    out = list(events)
    annotate_in_place(out, document, story)
    return tuple(out)


# How many readings annotate_in_place remembers at once: enough for every distinct event of the longest real
# article (an article repeated asks the same again), not one per event of 25 MB of dated sentences.
_MEMO_SIZE = 20_000


def annotate_in_place(events: list[Event], document: Document, story: Story | None = None) -> None:
    """annotate_events, each event replaced by its annotated one in `events`: a long article's events are
    never held twice (25 MB of dated sentences: 650,000 events), and what each reading remembers is bounded."""
    story = story or read_story(document, events)
    told: list[tuple[str, str, str]] = []  # per event, what its sentence says (equal readings share one tuple)
    shared: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    memo: dict[tuple[str, ...], tuple[tuple[str, str, str], tuple[str, str, str]]] = {}
    for number, event in enumerate(events):
        key = (event.section, event.sentence, event.mention)
        reading = memo.get(key)
        if reading is None:
            said = describe_said(story, event.sentence, event.section, event.mention)
            said = shared.setdefault(said, said)
            filled = fill_unsaid(story, event.sentence, event.section, said, first_pass=True)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()  # the readings are the same when asked again: only their time is lost
            reading = memo[key] = (said, shared.setdefault(filled, filled))
        told.append(reading[0])
        events[number] = event.with_roles(*reading[1])
    memo.clear()
    # Second reading of what names no one who acts, now that who held each town is known.
    from .holders import read_holders  # core logic that itself reads the annotated events (no cycle at import)

    holders = read_holders(events, story)
    again: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for number, event in enumerate(events):
        said = told[number]
        kind, actor1, _ = said
        if _told_loss(said, event.sentence):
            # "the loss of Shusha", "failing to defend the cities of Shusha … and later Lachin": the towns lost;
            # not "demonstrations in Baku" that the loss led to.
            if _is_lost(event.sentence, event.mention):
                events[number] = event.with_roles(kind, *holders.loss_parties(event))
        elif kind in _AGAINST_HOLDER | {"withdrawal"} and not actor1:
            holder, retaker = holders.holder_at(event), holders.retaker_of(event)
            key = (event.section, event.sentence, event.mention, holder, retaker)
            if key not in again:
                if len(again) >= _MEMO_SIZE:
                    again.clear()
                again[key] = fill_unsaid(story, event.sentence, event.section, said, holder, retaker=retaker)
            events[number] = event.with_roles(*again[key])


def drop_actor_names(unresolved: tuple, document: Document) -> tuple:
    """Unknown names in a place slot that are in fact actors ("a new split happened in Ansar Dine") are
    not places the gazetteer lacks: leave them out of the unresolved list."""
    table = actor_table(document)
    return tuple(u for u in unresolved if not table.any_actor.fullmatch(u.name))
