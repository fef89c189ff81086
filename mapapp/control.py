"""Who held each town, and from when: control changes inferred from capture and withdrawal events.

The walk over each town's moves (mapapp/moves.py reads them from the events) applies small named rules
(CAPTURE_RULES, WITHDRAWAL_RULES); the sides of the war come from the article's infobox (mapapp/sides.py),
never from a list of alliances here. control_changes is the whole of it for one result; what moves.py reads
is importable from here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .cues import DESTINATION_BEFORE
from .model import PartialDate, Result
from .moves import (NOT_HOLDERS, PRESENT, Move, counts_for_control, fought_there, holder_of, own_year, part_taken,
                    read_moves, successor_in)
from .reader import Story, read_story
from .sides import Sides

__all__ = ["CAPTURE_RULES", "CHANGES", "CONTROL_FIELDS", "PRESENT", "WITHDRAWAL_RULES", "ControlChange", "Move", "Town",
           "control_changes", "controller_at", "counts_for_control", "decide", "fought_there", "held_from_start",
           "holder_of", "infer_changes", "kind_of", "own_year", "part_taken", "read_moves", "successor_in"]

CONTROL_FIELDS = ["place", "controller", "previous_controller", "change", "date_start", "date_end", "precision",
                  "lat", "lon", "sentence"]
CHANGES = ("capture", "retake", "withdrawal", "handover", "contested", "held")


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


@dataclass
class Town:
    """The walk's state for one town: every holder so far, most recent last."""

    holders: list[str] = field(default_factory=list)
    claimed: str = ""  # a side whose claim to hold the town was denied, until it makes the claim good
    claimed_on: PartialDate | None = None  # the day of that claim
    divided: str = ""  # a side that took most of the town, the rest not (split_town), until one side has all of it

    @property
    def current(self) -> str:
        return self.holders[-1] if self.holders else ""


Decision = tuple[str, str, str]  # (change, controller, previous controller)
_SKIP: Decision = ("", "", "")


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
    town.claimed, town.claimed_on = move.taker, move.when
    return "contested", move.taker or town.current, town.current or move.loser


def claim_told_again(move: Move, town: Town, sides: Sides) -> Decision | None:
    """The side whose claim was denied told as holding the town again on the day of its claim ("… also stated
    that the town was under Azerbaijani control"): the same claim, still contested; no change. Its taking on a
    later day is a change (new_holder)."""
    if move.taker and move.taker == town.claimed and move.when == town.claimed_on and move.taker != town.current:
        return _SKIP
    return None


def split_town(move: Move, town: Town, sides: Sides) -> Decision | None:
    """Most of the town taken, the rest not ("government forces had captured more than half the city … Rebels
    remained entrenched in the northern and western parts"): its control is divided, contested, the
    controller the side that took most of it; told once, until a change of the whole town."""
    if not move.split:
        return None
    if not move.taker or move.taker in {town.current, town.divided}:
        return _SKIP
    before = town.current or move.loser or _initial_holder(move, sides)
    if before and not town.holders:
        town.holders.append(before)
    town.divided = move.taker
    return "contested", move.taker, before


def divided_town_regained(move: Move, town: Town, sides: Sides) -> Decision | None:
    """A divided town taken whole: by the side that held it, that side's again (retake, from the side that
    had most of it); by any other side, a change the next rules decide."""
    divided, town.divided = town.divided, ""
    if divided and move.taker and move.taker == town.current:
        return "retake", move.taker, divided
    return None


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
    if town.claimed and not move.negated:  # the holder makes its hold good against another side's claim
        claimed, town.claimed = town.claimed, ""
        return "retake", move.taker, claimed
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
    a change from the side that must have held it. Nor where the government's own claim to it was denied (the
    denier held it)."""
    if (town.current or town.holders or town.claimed or move.loser or not sides.government or not move.taker
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


CAPTURE_RULES: tuple[Callable[[Move, Town, Sides], Decision | None], ...] = (
    split_town, divided_town_regained, denied_capture, claim_told_again, no_taker, holder_keeps, coalition_keeps,
    own_town_kept, new_holder)


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
    if not before or before == taker or before in NOT_HOLDERS:
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
            same_day = last and last.date_start == when and controller
            if same_day and last.change == "contested" and last.controller == controller:
                # "rebels seized control of most of the city" and, by the end of the day, "were in full control":
                # one capture that day
                changes[-1] = replace(found, previous_controller=last.previous_controller or before)
                continue
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
