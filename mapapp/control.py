"""Who held each town, and from when: control changes inferred from capture and withdrawal events.

The walk over each town's events applies small named rules (CAPTURE_RULES, WITHDRAWAL_RULES); the sides
of the war come from the article's infobox (mapapp/sides.py), never from a list of alliances here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .actor_rules import PLACEHOLDERS
from .actors import (Story, assign_roles, clause_around, is_negated, joint_actors,
                     read_story)
from .cues import DESTINATION_BEFORE
from .headings import is_thematic
from .model import INFERRED_BASES, Event, PartialDate, Result
from .sides import Sides

CONTROL_FIELDS = ["place", "controller", "previous_controller", "change", "date_start", "date_end", "precision",
                  "lat", "lon", "sentence"]
CHANGES = ("capture", "retake", "withdrawal", "handover", "contested", "held")
# Names that describe people, not forces that hold a town.
_NOT_HOLDERS = {"Civilians", *PLACEHOLDERS, ""}


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A town changing hands (or its control becoming uncertain).

    controller: who holds it after the change ('' when the text does not say).
    previous_controller: who held it before ('' when unknown).
    change: capture, retake (back to an earlier holder), withdrawal (the holder leaves, no successor named),
        handover (between allies), contested (the text reports conflicting claims), held (not a change:
        the war's government holds its capital from the start of the article's events, dated then; or the
        holder the text states where the walk knows none, "the Ukrainian-held Huliaipole": see
        holders.held_as_stated).
    """

    place: str
    lat: float
    lon: float
    controller: str
    previous_controller: str
    change: str
    date_start: PartialDate
    date_end: PartialDate | None
    sentence: str

    def to_record(self) -> dict[str, Any]:
        return {
            "place": self.place, "controller": self.controller, "previous_controller": self.previous_controller,
            "change": self.change, "date_start": self.date_start.iso(),
            "date_end": self.date_end.iso() if self.date_end else None, "precision": self.date_start.precision,
            "lat": self.lat, "lon": self.lon, "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class Move:
    """One capture or withdrawal event, read for control.

    taker: the holder the text gives after it, as a holder (a foreign force acting with or for the
        government gives the government), '' when none. loser: who the text says lost it ('' unknown).
        For a withdrawal, loser is the party that leaves.
    negated: the capture is denied ("had still not recaptured Konna"). successor: for a withdrawal, who the
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

    @property
    def when(self) -> PartialDate:
        return self.date or self.event.date_start


@dataclass
class Town:
    """The walk's state for one town: every holder so far, most recent last."""

    holders: list[str] = field(default_factory=list)
    claimed: str = ""  # a side whose claim to hold the town was denied, until it makes the claim good

    @property
    def current(self) -> str:
        return self.holders[-1] if self.holders else ""


Decision = tuple[str, str, str]  # (change, controller, previous controller)
_SKIP: Decision = ("", "", "")


def holder_of(name: str, joint: Sequence[str], sides: Sides) -> str:
    """The holder a capture gives: the government when it or a force on its side acts (a foreign force
    acting with or for a government returns the town to that government); else the actor itself."""
    if name in _NOT_HOLDERS:
        return ""
    if sides.government and any(sides.with_government(n) for n in (name, *joint)):
        return sides.government
    return name


def kind_of(taker: str, before: str, town: Town, sides: Sides) -> str:
    """retake (back to an earlier holder), handover (from an ally), or capture."""
    if before and taker in town.holders[:-1]:
        return "retake"
    if before and sides.allied(taker, before):
        return "handover"
    return "capture"


# Capture rules: each returns a decision, _SKIP for no change, or None to let the next rule decide.
def denied_capture(move: Move, town: Town, sides: Sides) -> Decision | None:
    """"had still not recaptured Konna from rebel forces": the claim is denied; the town is contested, its
    controller the side whose claim it is (ANNOTATION.md: the side that claims to hold it)."""
    if not move.negated:
        return None
    town.claimed = move.taker
    return "contested", move.taker or town.current, town.current or move.loser


def no_taker(move: Move, town: Town, sides: Sides) -> Decision | None:
    """The text names no holder: nothing to record."""
    return _SKIP if not move.taker else None


def holder_keeps(move: Move, town: Town, sides: Sides) -> Decision | None:
    """The holder takes what it holds: no change, unless the text names another holder this walk missed
    ("retook the cities of Tessalit and Kidal" from the Islamists, where the walk had the MNLA take them
    from Mali): trust the text. Where the walk knew no holder before this one, the loser named is who the
    holder took it from, told again: no change."""
    if move.taker != town.current:
        return None
    if move.taker == town.claimed:  # a denied claim made good: "claiming to have complete control of Konna again"
        town.claimed = ""
        return "retake", move.taker, move.loser or (town.holders[-2] if len(town.holders) > 1 else "")
    if not move.loser or move.loser == move.taker or len(town.holders) < 2 or town.holders[-2] == move.loser:
        return _SKIP
    return "retake", move.taker, move.loser


def coalition_keeps(move: Move, town: Town, sides: Sides) -> Decision | None:
    """A member of the coalition that holds the town, or the coalition of a member that holds it ("the groups
    that captured it", "right after its capture, … al-Nusra militants" once the Army of Conquest holds Idlib):
    the same holder told by another name, no change."""
    current, taker = town.current, move.taker
    if current and taker and current != taker and (
            sides.coalition_of(taker) == current or sides.coalition_of(current) == taker
            or (sides.coalition_of(taker) and sides.coalition_of(taker) == sides.coalition_of(current))):
        return _SKIP
    return None


def own_town_kept(move: Move, town: Town, sides: Sides) -> Decision | None:
    """The war's government, or a force on its side, taking a town of its own country that the text never
    had anyone else take or hold ("Ukrainian forces had recaptured the entire city" after a partial
    incursion): the government held it all along (holders.py's last default), so nothing changes. Only where
    the text gives a reason to think so: the town is the government's capital, or only part of it was taken
    before (a partial capture is no change, ANNOTATION.md); a village "recaptured" with no earlier word is
    a change from the side that must have held it."""
    if (town.current or town.holders or move.loser or not sides.government or not move.taker
            or move.event.place.country != sides.country or not sides.with_government(move.taker)):
        return None
    if not (move.repels or move.event.place.kind == "capital"):
        return None
    return _SKIP


def new_holder(move: Move, town: Town, sides: Sides) -> Decision:
    """A new holder: capture, retake or handover from whoever held it (as walked, else as the text says,
    else the war's government when the taker fights it)."""
    loser = move.loser if move.loser != move.taker else ""  # "rebels … in full control": not taken from themselves
    before = town.current or loser or _initial_holder(move, sides)
    if before and not town.holders:
        town.holders.append(before)
    return kind_of(move.taker, before, town, sides), move.taker, before


CAPTURE_RULES: tuple[Callable[[Move, Town, Sides], Decision | None], ...] = (denied_capture, no_taker, holder_keeps,
                                                                               coalition_keeps, own_town_kept, new_holder)


def _initial_holder(move: Move, sides: Sides) -> str:
    """A town's holder at the start: the war's government, for a town of its country taken by a side that
    fights it."""
    taker = move.taker
    if (sides.government and move.event.place.country == sides.country and taker
            and not sides.with_government(taker)):
        return sides.government
    return ""


_DESTINATION = re.compile(DESTINATION_BEFORE)


def heading_elsewhere(move: Move, town: Town, sides: Sides) -> Decision | None:
    """"left Diabaly and was heading towards Banamba": Banamba is where they went, not what they left."""
    sentence, mention = move.event.sentence, move.event.mention
    return _SKIP if _DESTINATION.search(sentence, 0, max(0, sentence.find(mention))) else None


def someone_elses_retreat(move: Move, town: Town, sides: Sides) -> Decision | None:
    """Fighters of the other side pulling back from a town the government's side holds ("the rebels fled
    after failing to take the town"): not the holder leaving. Between two sides that both fight the
    government, the text's word is trusted over this walk, which may have missed a change."""
    if (town.current and move.loser and move.loser != town.current and not move.taker
            and sides.with_government(town.current)):
        return _SKIP
    return None


def holder_leaves(move: Move, town: Town, sides: Sides) -> Decision:
    """The holder leaves: to who drove it out or came in next, if the text says; else to no one named. The
    party the text says left held the town, whatever this walk had: "the MUJAO forces left Gao"."""
    before = move.loser or town.current
    taker = move.taker or move.successor
    if not before or before == taker or before in _NOT_HOLDERS:
        return _SKIP
    if not taker:
        return "withdrawal", "", before
    return kind_of(taker, before, town, sides), taker, before


WITHDRAWAL_RULES: tuple[Callable[[Move, Town, Sides], Decision | None], ...] = (heading_elsewhere,
                                                                                  someone_elses_retreat, holder_leaves)


def decide(move: Move, town: Town, sides: Sides) -> Decision:
    """The first rule for the move's event type that decides."""
    rules = CAPTURE_RULES if move.event.event_type == "capture" else WITHDRAWAL_RULES
    for rule in rules:
        decision = rule(move, town, sides)
        if decision is not None:
            return decision
    return _SKIP


def told_again(last: ControlChange, holder: str, when: PartialDate) -> bool:
    """The town's last change told again: the same holder on the same day ("MOJWA took over Douentza … A MOJWA
    spokesman said … had decided to occupy the town"), or on a day inside a coarser last change ("retook the
    cities of Tessalit and Kidal" in January; "On 28 January, the MNLA took control of Kidal"): one takeover,
    dated by the more precise telling."""
    if not holder or holder != last.controller or last.change == "contested":
        return False
    if last.date_start == when:
        return True
    return (last.date_start.precision != "day" and when.precision == "day"
            and last.date_start.first_day() <= when.first_day() <= last.date_start.last_day())


def infer_changes(moves: Sequence[Move], sides: Sides = Sides()) -> list[ControlChange]:
    """Walk the moves of each town in date order and record every change of holder."""
    by_town: dict[str, list[Move]] = {}
    for move in moves:
        by_town.setdefault(move.event.place.name, []).append(move)
    changes: list[ControlChange] = []
    for name, town_moves in by_town.items():
        town = Town()
        for move in sorted(town_moves, key=lambda m: m.when.first_day()):
            change, controller, before = decide(move, town, sides)
            last = changes[-1] if changes and changes[-1].place == name else None
            if last and told_again(last, controller or move.taker, move.when):
                if move.when.precision == "day" and last.date_start.precision != "day":
                    changes[-1] = replace(last, date_start=move.when, date_end=None, sentence=move.event.sentence)
                continue
            if not change:
                continue
            if change != "contested":
                town.holders.append(controller)
            event, when = move.event, move.when
            end = event.date_end if move.date is None else None
            found = ControlChange(name, event.place.lat, event.place.lon, controller, before, change,
                                  when, end, event.sentence)
            if last and not last.controller and last.date_start == when and controller:
                # One change per town and date: "the Islamists had withdrawn from Konna" and, the same day,
                # "the Malian army … had regained control of the town" are one retake.
                # The party that left and came back the same day ("the rebels first withdrew from inside the
                # city … by the end of the day, rebels were in full control") did not hold it before.
                earlier = last.previous_controller if last.previous_controller != controller else before
                changes[-1] = ControlChange(name, event.place.lat, event.place.lon, controller, earlier,
                                            change, when, end, event.sentence)
                continue
            changes.append(found)
    changes.sort(key=lambda c: (c.place, c.date_start.first_day()))
    return changes


_FACILITY = re.compile(r"\b(?:airport|bridge|base|camp|consulate|station|palace|checkpoints?|hospital|hill|heights?|"
                       r"facility|facilities|plant|gas field|oil field|compound|"
                       r"neighbou?rhoods?|distric?ts?|quarters?|parts? of|sections? of|outskirts|positions?|buildings?|"
                       r"half|two-thirds|thirds?|\d+\s*(?:%|percent|per cent)|most of|much of)\b", re.IGNORECASE)


_BOUNDARY = re.compile(r"\bbetween\s+(?:[\w'’-]+\s+and\s+)?$")
# The town only locates what was taken: "the village of Jawadiyeh outside al-Qusayr", "six kilometers to the
# northwest of the city".
_LOCATOR = re.compile(r"\b(?:outside|near|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|to\s+the\s+\w+\s+of)"
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


def counts_for_control(event: Event, trigger: tuple[int, int] | None) -> bool:
    """A capture or withdrawal of the town itself, told where it happened. Not: the lead's summary dated only
    by the sentence before it ("were overrun ... on three consecutive days"); a facility or part of the
    town ("took over the airport … in the city of Gao", "seized the southern part of town")."""
    if event.event_type not in {"capture", "withdrawal"}:
        return False
    if (not event.section or is_thematic(event.section)) and event.date_basis in INFERRED_BASES:
        return False  # an analysis or reaction looking back ("the fall of Idlib would complicate …"), dated
        # only by the sentence before it, is not where the capture is told
    sentence = event.sentence
    position = sentence.find(event.mention)
    if _BOUNDARY.search(sentence, 0, max(position, 0)) or _LOCATOR.search(sentence, 0, max(position, 0)):
        return False  # "the area between Gao and Timbuktu", "the village of Jawadiyeh outside al-Qusayr"
    between = sentence[trigger[1] : position] if trigger and position >= trigger[1] else ""
    if trigger and position < trigger[0] and _PART_TAKEN.match(sentence, trigger[1]):
        return False  # "… into al-Qusayr and … had captured about 60 percent of the city", "captured 13"
    if trigger and 0 <= position < trigger[0] and _SAID_THAT.search(sentence, position, trigger[0]):
        return False  # "An Al Jazeera reporter in Beirut also said that … the Army had control": where it was said
    return not (_FACILITY.search(between) or _OTHER_CLAUSE.search(between))


_PART = re.compile(r"\b(?:half|two-thirds|thirds?|most|much|parts?|sections?|neighbou?rhoods?|districts?|"
                   r"\d+\s*(?:%|percent|per cent))\b", re.IGNORECASE)


def part_taken(event: Event, trigger: tuple[int, int] | None) -> bool:
    """A capture of part of the town: "capture half of the city", "captured about 60 percent of the city"."""
    sentence, position = event.sentence, event.sentence.find(event.mention)
    if not trigger or position < 0:
        return False
    if position < trigger[0]:
        return bool(_PART_TAKEN.match(sentence, trigger[1]))
    return bool(_PART.search(sentence[trigger[1] : position]))


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
        mentions, (_, trigger) = story.read(event.sentence, event.section)
        if not counts_for_control(event, trigger):
            if event.event_type == "capture" and part_taken(event, trigger):
                partly.add((event.place.name, event.section))
            continue
        if event.event_type == "withdrawal" and trigger and _PART_OF_FORCE.search(event.sentence, 0, trigger[0]):
            continue  # "A convoy of Islamists reportedly left Diabaly": part of a force, not the holder leaving
        loser = event.actor2 if event.actor2 not in _NOT_HOLDERS else ""
        if event.event_type == "capture":
            taker = holder_of(event.actor1, joint_actors(event.sentence, mentions, event.actor1), sides)
            moves.append(Move(event, taker, loser, is_negated(event.sentence, trigger), date=own_year(event, trigger),
                              repels=(event.place.name, event.section) in partly))
        else:
            # A withdrawal's actor1 leaves; "driven from Gao by the Islamists": actor2 drove them out and takes it.
            if event.actor1 not in {m[2] for m in mentions}:
                continue  # who left is not said ("Mekhtiev left Shusha", "the town's defenders had abandoned"):
                # a person or a party the reader cannot name is no holder leaving
            leaving = event.actor1 if event.actor1 not in _NOT_HOLDERS else ""
            taker = holder_of(event.actor2, (), sides) if leaving and loser else ""
            successor = "" if taker else (successor_in(story, event, leaving)
                                        or fought_there(story, fights.get((event.place.name, event.section), ()),
                                                        event, leaving))
            moves.append(Move(event, taker, leaving, False, successor))
    return moves


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
        stationed = PRESENT.search(other.sentence, 0, max(0, other.sentence.find(other.mention)))
        if at is not None and at.index == where.index and at.offset < where.offset and not stationed:
            fighters = other.actor2 if other.actor1 == leaving else other.actor1
    return holder_of(fighters, (), story.sides) if fighters not in _NOT_HOLDERS else ""


def held_from_start(result: Result, story: Story) -> list[ControlChange]:
    """The war's government holds its own capital from the start of the article's events (dated by the
    first of them), when the capital is one of the article's towns."""
    government = story.table.actor(story.sides.government)
    if government is None or not result.events:
        return []
    first = min(result.events, key=lambda e: e.date_start.first_day())
    capitals = {e.place.name: e.place for e in result.events
                if e.place.kind == "capital" and e.place.country == government.country}
    return [ControlChange(p.name, p.lat, p.lon, government.name, "", "held", first.date_start, None, "")
            for p in capitals.values()]


def control_changes(result: Result, story: Story | None = None) -> list[ControlChange]:
    """Control changes of every town of the result, in date order per town; the capital's 'held' first."""
    from .holders import held_as_stated  # holders reads this module's walk: imported when called, no cycle

    story = story or read_story(result.document, result.events)
    changes = infer_changes(read_moves(result.events, story), story.sides)
    held = held_from_start(result, story)
    held += held_as_stated(result.events, story, held + changes)
    return sorted(held + changes, key=lambda c: (c.place, c.date_start.first_day()))  # stable: 'held' first


def controller_at(changes: Sequence[ControlChange], place: str, date: PartialDate) -> str:
    """Who held `place` at the end of `date` ('' when unknown, 'contested' when uncertain)."""
    holder = ""
    for change in changes:
        if change.place == place and change.date_start.first_day() <= date.last_day():
            holder = "contested" if change.change == "contested" else change.controller
    return holder
