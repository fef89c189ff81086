"""Captures and withdrawals read for control: which events tell a change of the whole town where it happened
(counts_for_control; not a facility, a part of the town, a look back, where something was said), and for each
such event a Move: who takes the town (holder_of), who loses it, whether the claim is denied, the capture's own
year, who came in after a withdrawal (successor_in, fought_there).

mapapp/control.py walks these moves, town by town, to decide each change of holder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .actor_rules import PLACEHOLDERS
from .actors import assign_roles, clause_around, is_negated, joint_actors
from .cues import names_a_quarter
from .headings import is_thematic
from .lookback import search_back
from .model import INFERRED_BASES, Event, PartialDate
from .reader import Story
from .sides import Sides
from .telling import captive_says

__all__ = ["NOT_HOLDERS", "PRESENT", "Move", "counts_for_control", "fought_there", "holder_of", "next_sentence",
           "most_taken", "own_year", "part_taken", "read_moves", "rest_held", "successor_in", "told_moves",
           "denied_after", "own_trigger"]

# Names that describe people, not forces that hold a town.
NOT_HOLDERS = {"Civilians", *PLACEHOLDERS, ""}


@dataclass(frozen=True, slots=True)
class Move:
    """One capture or withdrawal event, read for control.

    taker: the holder the text gives after it, as a holder (a foreign force acting with or for the
        government gives the government), '' when none. loser: who the text says lost it ('' unknown).
        For a withdrawal, loser is the party that leaves.
    negated: the capture is denied ("had still not recaptured Konna"), or told only in a captive's word ("a
        video with a hostage, in which he claims that the city was under IS control"): a claim. successor: for a withdrawal, who the
        next sentence says came in ('' when it does not). date: the year the capture's own clause gives when it
        is not the sentence's ("Russia vetoed … when the rebels seized the town in 2012").
    """

    event: Event
    taker: str
    loser: str
    negated: bool = False
    successor: str = ""
    date: PartialDate | None = None  # the capture's own year when the clause tells one of another year
    repels: bool = False  # the section told a part of this town taken earlier ("capture half of the city")
    split: bool = False  # most of the town taken, the rest not ("captured more than half the city"): held by two

    @property
    def when(self) -> PartialDate:
        return self.date or self.event.date_start


def holder_of(name: str, joint: Sequence[str], sides: Sides) -> str:
    """The holder a capture gives: the government when it or a force on its side acts (a foreign force
    acting with or for a government returns the town to that government); else the actor itself."""
    if name in NOT_HOLDERS:
        return ""
    if sides.government and any(sides.with_government(n) for n in (name, *joint)):
        return sides.government
    return name


_FACILITY = re.compile(r"\b(?:airport|bridge|base|camp|consulate|station|palace|checkpoints?|hospital|hill|heights?|"
                       r"facility|facilities|plant|gas field|oil field|compound|"
                       r"neighbou?rhoods?|distric?ts?|quarters?|parts? of|sections? of|outskirts|positions?|buildings?|"
                       r"half|two-thirds|thirds?|\d+\s*(?:percent|per cent)|most of|much of)\b|\b\d+\s*%", re.IGNORECASE)


_BOUNDARY = re.compile(r"\bbetween\s+(?:[\w'’-]+\s+and\s+)?$")
# The town only locates what was taken: "the village of Jawadiyeh outside al-Qusayr", "six kilometers to the
# northwest of the city".
_LOCATOR = re.compile(r"\b(?:outside|near|around|surrounding|close\s+to|in\s+the\s+(?:vicinity|environs)\s+of|"
                      r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|to\s+the\s+\w+\s+of)"
                      r"\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$")
# The town is named in another clause than the capture's: "captured A'rjoun, thus leaving rebels … al-Qusayr".
_OTHER_CLAUSE = re.compile(r",\s+(?:thus\s+|so\s+)?\w+ing\b|,\s+(?:which|where|while)\b"
                           r"|\b(?:after|before|when|while|because|since)\s+(?:they|it|he|she|we)\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# What follows a capture that names the town earlier is only part of it: "captured 13", "captured about 60
# percent of the city", "captured most of".
_SAID_THAT = re.compile(r"\b(?:said|says|told|reported|stated|claimed|confirmed|announced|wrote)\s+(?:\w+\s+){0,3}?that\b")
_PART_TAKEN = re.compile(r"\s+(?:of\s+)?(?:(?:about|around|some|up to|over|more than|nearly|almost)\s+)?(?:\d+|half|two-thirds|"
                         r"a third|most|much|parts?|sections?)\b", re.IGNORECASE)


# "…; This was denied by the Artsakh president, who stated that his army was in full control of Xtown": the claim
# told before is denied in the same sentence.
_DENIAL = re.compile(r"[;,.]\s*(?:[Tt]his|[Tt]hat|[Tt]hese claims?|[Tt]he claims?|which)\s+(?:was|were|has been|had been)\s+"
                     r"(?:\w+\s+)?(?:denied|refuted|rejected|disputed)\b")


def denied_after(event: Event, trigger: tuple[int, int] | None) -> bool:
    """The capture's claim is denied later in its sentence by words that name the town again ("This was denied by
    … who stated that the army was in full control of Xtown"): its control is contested. Other towns the claim
    named, which the denial does not name, stay taken as claimed."""
    if trigger is None:
        return False
    denial = _DENIAL.search(event.sentence, trigger[1])
    return bool(denial) and event.sentence.find(event.mention, denial.end()) >= 0


def own_trigger(event: Event, story: Story, kind: str, trigger: tuple[int, int] | None) -> tuple[int, int] | None:
    """Where the words of the event's own type stand, when the sentence's type is another ("Russian forces had
    captured 60% of Xtown, shells were landing in the city": the town's event is the capture, the sentence's
    words of highest rank the shelling): the last such words before the town, else the first after it; the
    sentence's trigger where its type is the event's or the event's words are not found."""
    if kind == event.event_type:
        return trigger
    pattern = dict(story.table.event_types).get(event.event_type)
    lowered = event.sentence.lower()
    if pattern is None or len(lowered) != len(event.sentence):
        return trigger
    position = event.sentence.find(event.mention)
    spans = [m.span() for m in pattern.finditer(lowered)]
    before = [span for span in spans if span[1] <= position]
    return before[-1] if before else (spans[0] if spans else trigger)


def counts_for_control(event: Event, trigger: tuple[int, int] | None) -> bool:
    """A capture or withdrawal of the town itself, told where it happened. Not: the lead's summary dated only
    by the sentence before it ("were overrun ... on three consecutive days"); a facility or part of the
    town ("took over the airport … in the city of Gao", "seized the southern part of town")."""
    if event.event_type not in {"capture", "withdrawal"}:
        return False
    if ((not event.section or is_thematic(event.section)) and event.date_basis in INFERRED_BASES
            and (is_thematic(event.section) or event.date_start.precision == "day")):
        return False  # an analysis or reaction looking back ("the fall of Idlib would complicate …"), or the lead's
        # summary, dated only by the day of the sentence before it, is not where the capture is told; the lead's own
        # running month or year ("took place in January 2013 … Following the capture of Xtown") dates it coarsely
    sentence = event.sentence
    if names_a_quarter(sentence, event.mention):
        return False  # "captured the Al-Sina’a (Industrial) Quarter": a quarter of the town, placed at the town
    position = sentence.find(event.mention)
    # the words before the town: _BOUNDARY spans three at most, _LOCATOR eight ("in the vicinity of the town of")
    if search_back(_BOUNDARY, sentence, max(position, 0), 3) or search_back(_LOCATOR, sentence, max(position, 0), 8):
        return False  # "the area between Gao and Timbuktu", "the village of Jawadiyeh outside al-Qusayr"
    between = sentence[trigger[1] : position] if trigger and position >= trigger[1] else ""
    if trigger and position < trigger[0] and _PART_TAKEN.match(sentence, trigger[1]):
        return False  # "… into al-Qusayr and … had captured about 60 percent of the city", "captured 13"
    if trigger and 0 <= position < trigger[0] and _SAID_THAT.search(sentence, position, trigger[0]):
        return False  # "An Al Jazeera reporter in Beirut also said that … the Army had control": where it was said
    return not (_FACILITY.search(between) or _OTHER_CLAUSE.search(between))


_PART = re.compile(r"\b(?:half|two-thirds|thirds?|most|much|parts?|sections?|neighbou?rhoods?|districts?|"
                   r"\d+\s*(?:percent|per cent))\b|\b\d+\s*%", re.IGNORECASE)


def part_taken(event: Event, trigger: tuple[int, int] | None) -> bool:
    """A capture of part of the town: "capture half of the city", "captured about 60 percent of the city"."""
    sentence, position = event.sentence, event.sentence.find(event.mention)
    if not trigger or position < 0:
        return False
    if names_a_quarter(sentence, event.mention):
        return True  # "captured the Hara North district"
    if position < trigger[0]:
        return bool(_PART_TAKEN.match(sentence, trigger[1]))
    return bool(_PART.search(sentence[trigger[1] : position]))


# More of the town than its holder keeps: "more than half", "most of", "two-thirds", "60%".
_MAJORITY = re.compile(r"\b(?:more than half|most|the majority|two-thirds|three-quarters|(?:[5-9]\d|100)\s*(?:percent|per cent))\b"
                       r"|\b(?:[5-9]\d|100)\s*%",
                       re.IGNORECASE)


def most_taken(event: Event, trigger: tuple[int, int] | None) -> bool:
    """A capture of most of the town, not all of it: "government forces had captured more than half the city",
    "in control of 60% of the city". Its control is divided between two holders (ANNOTATION.md: its control
    became uncertain), not passed."""
    if not part_taken(event, trigger) or trigger is None:
        return False
    sentence, position = event.sentence, event.sentence.find(event.mention)
    part = sentence[trigger[1] : trigger[1] + 40] if position < trigger[0] else sentence[trigger[1] : position]
    return bool(_MAJORITY.search(part))


# The rest of the town still held by the other side: "Rebels remained entrenched in the northern and western parts of
# the town", "government troops still held the old city".
_REST_HELD = re.compile(r"\b(?:remained|remain|remains|still)\s+(?:[\w-]+\s+){0,2}?(?:entrenched|held|holding|hold|holds|"
                        r"in\s+control|controlled|control)\b|\bheld\s+out\b|\bholding\s+out\b", re.IGNORECASE)


def rest_held(event: Event, trigger: tuple[int, int] | None, story: Story) -> bool:
    """After most of the town was taken, the text says the rest is still held, in the same sentence after the
    capture or the next one: the town is divided (ANNOTATION.md: its control became uncertain). Without it, most
    of a town taken is a partial capture, no change ("captured 60% of the nearby city")."""
    after = event.sentence[trigger[1] :] if trigger else event.sentence
    return bool(_REST_HELD.search(after) or _REST_HELD.search(next_sentence(story, event)))


def own_year(event: Event, trigger: tuple[int, int] | None) -> PartialDate | None:
    """The year a capture's own clause gives when it is not the sentence's: "Russia vetoed the motion … when
    the rebels seized the town in 2012" is a change of 2012 told in passing."""
    if trigger is None:
        return None
    lo, hi = clause_around(event.sentence, trigger[0])
    years = {int(y) for y in _YEAR.findall(event.sentence, trigger[1], hi)}
    if len(years) == 1 and event.date_start.year not in years:
        return PartialDate(years.pop())
    return None


# Forces that are in the town: "the Azerbaijani forces stationed in Shusha", "Entrenched in Shusha was …".
PRESENT = re.compile(r"\b(?:stationed|based|entrenched|garrisoned|headquartered)\s+(?:in|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}$",
                     re.IGNORECASE)
_PART_OF_FORCE = re.compile(r"\b(?:a|one|some|several)\s+(?:convoy|column|group|unit|detachment|few)\s+of\s+(?:the\s+)?"
                            r"(?:[\w-]+\s+){1,3}(?:\w+\s+)?$", re.IGNORECASE)
_NEXT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def next_sentence(story: Story, event: Event) -> str:
    """The sentence after the event's own in the same paragraph ('' at a paragraph's end)."""
    where = story.locate(event.sentence, event.section)
    if where is None:
        return ""
    rest = where.paragraphs[where.index].text[where.offset + len(event.sentence) :]
    parts = _NEXT.split(rest.strip(), maxsplit=1)
    return parts[0] if parts and parts[0] else ""


_ARRIVAL = {"capture", "deployment"}
_ASIDE = re.compile(r",\s+(?:who|whose)\b[^,;]*(?:,[^,;]*)?,")  # ", who had served as the head of …, "


def successor_in(story: Story, event: Event, leaving: str) -> str:
    """"Russian forces withdrew from Sumy Oblast. Ukrainian forces entered ...": who the next sentence says
    came in, when it tells an arrival or capture by a party other than the one leaving."""
    following = next_sentence(story, event)
    if not following:
        return ""
    mentions, (kind, trigger) = story.read(following, event.section)
    if kind not in _ARRIVAL or trigger is None:
        return ""
    actor1, _ = assign_roles(following, trigger, mentions)
    if not actor1 or actor1 == leaving:
        return ""
    return holder_of(actor1, joint_actors(following, mentions, actor1), story.sides)


def read_moves(events: Sequence[Event], story: Story) -> list[Move]:
    """The article's capture and withdrawal events, each read for control."""
    moves: list[Move] = []
    sides = story.sides
    fights: dict[tuple[str, str], list[Event]] = {}  # (town, section) -> its fighting, for fought_there
    for event in events:
        if event.event_type == "attack":
            fights.setdefault((event.place.name, event.section), []).append(event)
    partly: set[tuple[str, str]] = set()  # (town, section) where part of the town was taken
    for event in events:
        if event.event_type not in {"capture", "withdrawal"}:
            continue
        mentions, (kind, trigger) = story.read(event.sentence, event.section)
        trigger = own_trigger(event, story, kind, trigger)
        if not counts_for_control(event, trigger):
            if event.event_type == "capture" and part_taken(event, trigger):
                partly.add((event.place.name, event.section))
                if (most_taken(event, trigger) and not is_negated(event.sentence, trigger)
                        and rest_held(event, trigger, story)):
                    taker = holder_of(event.actor1, joint_actors(event.sentence, mentions, event.actor1), sides)
                    loser = event.actor2 if event.actor2 not in NOT_HOLDERS else ""
                    moves.append(Move(event, taker, loser, split=True))
            continue
        if event.event_type == "withdrawal" and trigger and search_back(_PART_OF_FORCE, event.sentence, trigger[0], 8):
            continue  # "A convoy of Islamists reportedly left Diabaly": part of a force, not the holder leaving
        loser = event.actor2 if event.actor2 not in NOT_HOLDERS else ""
        if event.event_type == "capture":
            taker = holder_of(event.actor1, joint_actors(event.sentence, mentions, event.actor1), sides)
            # a capture denied, or told only in a captive's word, is a claim: contested (ANNOTATION.md)
            at = max(0, event.sentence.find(event.mention))  # the town's clause told the capture, not the sentence's trigger
            claim = (is_negated(event.sentence, trigger) or denied_after(event, trigger)
                     or captive_says(event.sentence, (at, at)))
            moves.append(Move(event, taker, loser, claim, date=own_year(event, trigger),
                              repels=(event.place.name, event.section) in partly))
        else:
            # A withdrawal's actor1 leaves; "driven from Gao by the Islamists": actor2 drove them out and takes it.
            asides = [(a.start(), a.end()) for a in _ASIDE.finditer(event.sentence)] if ", " in event.sentence else []
            if event.actor1 not in {m[2] for m in mentions if not any(lo <= m[0] < hi for lo, hi in asides)}:
                continue  # who left is not said ("Mekhtiev left Shusha", "the town's defenders had abandoned",
                # "Argishti Kyaramyan, who had served as the head of the Armenian National Security Service …, left
                # Shusha": a party named in an aside about a person): a person or a party the reader cannot name is
                # no holder leaving
            leaving = event.actor1 if event.actor1 not in NOT_HOLDERS else ""
            taker = holder_of(event.actor2, (), sides) if leaving and loser else ""
            successor = "" if taker else (successor_in(story, event, leaving)
                                        or fought_there(story, fights.get((event.place.name, event.section), ()),
                                                        event, leaving))
            moves.append(Move(event, taker, leaving, False, successor))
    for event in events:
        moves.extend(told_moves(event, story))
    return moves


def told_moves(event: Event, story: Story) -> list[Move]:
    """The changes the event's sentence tells of its town in passing (mapapp/passing.py), as moves of the date
    their clause gives: captures, or the holder leaving (the type of the words that tell it)."""
    from .passing import told_in_passing  # it reads holder_of from here: imported when called, no cycle

    return [Move(replace(event, event_type=told.kind or "capture"), told.taker, told.loser, date=told.date)
            for told in told_in_passing(event, story, event.event_type == "capture")]


def fought_there(story: Story, fights: Sequence[Event], event: Event, leaving: str) -> str:
    """Who the leaving party fought at this town earlier in the same paragraph: "all-out combat in Gao between
    the MNLA and MOJWA … The MNLA were soon driven from the city" leaves Gao to MOJWA ('' when none).
    fights: the town's fighting in the event's section."""
    where = story.locate(event.sentence, event.section)
    if where is None or not leaving:
        return ""
    fighters = ""
    for other in fights:
        if leaving not in (other.actor1, other.actor2):
            continue
        at = story.locate(other.sentence, other.section)
        stationed = search_back(PRESENT, other.sentence, max(0, other.sentence.find(other.mention)), 7)  # 7 words at most
        if at is not None and at.index == where.index and at.offset < where.offset and not stationed:
            fighters = other.actor2 if other.actor1 == leaving else other.actor1
    return holder_of(fighters, (), story.sides) if fighters not in NOT_HOLDERS else ""
