"""Changes a sentence tells of its town in passing, besides (or instead of) its own event: the holder's forces in
the town surrendering, "Xtown, which fell" after an attack on it, "under X control since an offensive in <date>",
"after previously being expelled from it by Y in <date>". Read from the words around the town whatever the event's
type; mapapp/moves.py makes each a move of the control walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actor_rules import classify, find_actors
from .dates import DateContext, find_dates
from .model import Event, PartialDate
from .reader import Story

__all__ = ["Told", "told_in_passing"]

# A change a sentence tells of its town besides (or instead of) its own event, read from the words around the town
# whatever the event's type: "the remaining Ukrainian forces in Xtown surrendered" (the holder's forces give up the
# town), "Xtown, which fell in early July" (to the side the sentence has attack it), and changes told in passing
# with their own date: "under Ukrainian control since a counter-offensive in July 2014", "after previously being
# expelled from it by government forces in March 2016". Each pattern is filled with the town's mention.
_SURRENDERED = (r"\b(?:forces|troops|garrison|defenders|soldiers|fighters|units|servicemen)\s+(?:in|at|inside)\s+"
                r"(?:the\s+(?:town|city|village)\s+of\s+)?{town}\s+(?:had\s+)?surrendered\b")
# The fall follows the attack on the town in the same clause ("The advance continued against Xtown, which fell"): the
# attacker takes it, not a defender the sentence names ("troops fought for Xtown, which fell").
_FELL = (r"\b(?:advanc(?:e|es|ed|ing)|offensive|assault(?:s|ed)?|attack(?:s|ed)?|storm(?:s|ed)?|push(?:es|ed)?)\b"
         r"[^,.;:]{{0,40}}?\b{town}(?:,\s+which)?\s+(?:had\s+)?(?:finally\s+|eventually\s+|soon\s+|later\s+)?fell\b"
         r"(?!\s+(?:back|silent|quiet|ill|apart|short|behind|under|into|victim|to|by)\b|\s+(?:on|upon)\s+(?!\d|(?:January|"
         r"February|March|April|May|June|July|August|September|October|November|December)\b))")
_FIGHTS = {"attack", "bombing", "airstrike"}
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|but|while|as)\b")
# "which had been under Ukrainian control since a counter-offensive by government forces in July 2014": a taking
# named after "since" tells a change of its own date; "since 2014" alone tells no taking (held, holders.py).
_SINCE_TAKING = (r"{town}\b[^.;:]{{0,60}}?\bunder\s+(?:the\s+)?(?P<holder>[A-Z][\w-]*)\s+control\s+since\s+"
                 r"(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?(?:counter-?offensive|offensive|capture|recapture|"
                 r"liberation|takeover|assault)\b(?P<rest>[^.;]*)")
# "had retaken Xtown …, after previously being expelled from it by government forces in March 2016": who took it
# from the taker before, on the date that clause gives.
_EXPELLED_BEFORE = re.compile(
    r"\bafter\s+(?:previously\s+|earlier\s+|first\s+)?(?:being|having\s+been)\s+(?:expelled|driven\s+out|ousted|"
    r"pushed\s+out|forced\s+out)\s+(?:of|from)\s+(?:it|the\s+(?:town|city|village))\s+by\s+(?P<rest>[^.;]*)")


@dataclass(frozen=True, slots=True)
class Told:
    """A change told in passing: who takes the town ('' for a holder leaving), who loses or leaves it ('' unknown),
    its own date when its clause gives one (None: the event's)."""

    taker: str
    loser: str
    date: PartialDate | None = None
    kind: str = ""  # the event type of the words that tell it, when not a capture: the holder leaving

# "On 24 June, Ukrainian units were ordered to retreat from the city and the next day Russian forces captured Xtown":
# the holder left the day before the capture its sentence tells (dated by mapapp/dates.py's reading of the clause).
_LEFT_BEFORE = re.compile(r"\s+(?:(?:were|was|had\s+been)\s+ordered\s+to\s+)?(?P<verb>retreat(?:ed)?|withdr[ae]w|"
                          r"pulled\s+out)\s+from\s+the\s+(?:city|town|village)\s+and\s+(?:then\s+)?(?:the\s+)?"
                          r"(?:next|following)\s+day\b")


def told_in_passing(event: Event, story: Story, captured: bool) -> list[Told]:
    """The changes of its town an event's sentence tells in the words around the town (see the patterns above):
    its taker, its loser where the text says, its own date where the clause gives one. captured: the event is
    itself the town's capture (what "after previously being expelled from it" is read against)."""
    from .moves import NOT_HOLDERS, holder_of  # moves.py reads these: imported when called, no cycle

    sentence, mention = event.sentence, event.mention
    if not mention or mention not in sentence or not event.place.is_town:
        return []
    town = re.escape(mention)
    sides = story.sides
    changes: list[Told] = []
    mentions = None
    surrendered = re.search(_SURRENDERED.format(town=town), sentence) if "surrender" in sentence else None
    if surrendered:
        mentions, _ = story.read(sentence, event.section)
        # the party is named in the words right before: "the remaining Ukrainian forces in Xtown"
        party = next((m[2] for m in reversed(mentions) if m[0] < surrendered.end() - len(mention)
                      and re.fullmatch(r"[\s\w'’-]*", sentence[m[1] : surrendered.start()])), "")
        loser = holder_of(party, (), sides)
        # to whom they surrendered, else to its enemy by the infobox, else the other party the sentence names
        # ("Russia announced …")
        others = (holder_of(m[2], (), sides) for m in mentions)
        to = next((m[2] for m in mentions if re.fullmatch(r"\s+to\s+(?:the\s+)?", sentence[surrendered.end() : m[0]])), "")
        enemy = to or sides.opponent_of(loser) or next(
            (o for o in others if o and o != loser and not sides.allied(o, loser)), "")
        taker = holder_of(enemy, (), sides)
        if loser and taker and taker != loser:
            changes.append(Told(taker, loser))
    fell = re.search(_FELL.format(town=town), sentence) if " fell" in sentence else None
    if fell and event.event_type in _FIGHTS and event.actor1 not in NOT_HOLDERS:
        # dated by its own clause where it gives a date ("which fell in early July", told after a June battle)
        own = find_dates(_CLAUSE_END.split(sentence[fell.end() :], 1)[0], DateContext(year=event.date_start.year))
        changes.append(Told(holder_of(event.actor1, (), sides), "", own[0].start if own else None))
    since = re.search(_SINCE_TAKING.format(town=town), sentence) if " since " in sentence else None
    if since:
        when = _earlier_date(since.group("rest"), event)
        found = find_actors(since.group("holder"), story.table)
        taker = holder_of(found[0][2], (), sides) if found else ""
        if when and taker:
            changes.append(Told(taker, "", when))
    expelled = _EXPELLED_BEFORE.search(sentence, sentence.find(mention)) if captured else None
    if expelled and event.actor1 not in NOT_HOLDERS:
        when = _earlier_date(expelled.group("rest"), event)
        if mentions is None:
            mentions, _ = story.read(sentence, event.section)
        by = [m for m in mentions if m[0] >= expelled.start("rest")]
        taker = holder_of(by[0][2], tuple(m[2] for m in by[1:]), sides) if by else ""
        loser = holder_of(event.actor1, (), sides)
        if when and taker and loser and taker != loser:
            changes.append(Told(taker, loser, when))
    left = _LEFT_BEFORE.search(sentence, 0, sentence.find(mention)) if captured else None
    if left:
        if mentions is None:
            mentions, _ = story.read(sentence, event.section)
        party = next((m[2] for m in reversed(mentions)
                      if m[1] <= left.start() and re.fullmatch(r"[\s\w'’-]*", sentence[m[1] : left.start()])), "")
        dates = find_dates(sentence[: left.start()], DateContext(year=event.date_start.year))
        when = dates[-1].start if dates else None
        leaving = holder_of(party, (), sides)
        kind, _ = classify(left.group("verb"), story.table)
        if (when and leaving and when.last_day() < event.date_start.first_day()
                and leaving != holder_of(event.actor1, (), sides)):
            changes.append(Told("", leaving, when, kind))
    return changes


def _earlier_date(text: str, event: Event) -> PartialDate | None:
    """The first date `text` gives (read in the event's year), when it is before the event's own date."""
    dates = find_dates(text, DateContext(year=event.date_start.year))
    when = dates[0].start if dates else None
    return when if when is not None and when.last_day() < event.date_start.first_day() else None
