"""Who held each town, and from when: control changes inferred from capture and withdrawal events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .actors import actor_table, classify, is_negated
from .model import INFERRED_BASES, Event, PartialDate, Result

CONTROL_FIELDS = ["place", "controller", "previous_controller", "change", "date_start", "date_end", "precision",
                  "lat", "lon", "sentence"]
# Actors that describe people, not forces that hold a town.
_NOT_HOLDERS = {"Civilians", "MINUSMA", "Other", ""}


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A town changing hands (or its control becoming uncertain).

    controller: who holds it after the change ('' when the text does not say).
    previous_controller: who held it before ('' when unknown).
    change: capture, retake (back to an earlier holder), withdrawal (the holder leaves, no successor named),
        handover (between allies), contested (the text reports conflicting claims).
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


_FACILITY = re.compile(r"\b(?:airport|bridge|base|camp|consulate|station|palace|checkpoint)\b", re.IGNORECASE)


def _object_words(sentence: str, mention: str, trigger: tuple[int, int] | None) -> str:
    """The words between the capture or withdrawal verb and the town: what was taken, if not the town."""
    position = sentence.find(mention)
    if trigger is None or position < trigger[1]:
        return ""
    return sentence[trigger[1] : position]


_DESTINATION = re.compile(r"\b(?:towards?|to|for|into)\s+(?:the\s+)?(?:(?:town|city|village) of\s+)?$")
_JOINT_WITH_MALI = re.compile(r"\b(?:and|-backed|-led) Malian\b|\bMalian and\b|\bMalian (?:army|troops|forces)\b")
_ALLIES = [{"Mali", "France", "Chad", "Niger", "Nigeria", "ECOWAS", "MINUSMA", "United States", "Wagner", "GATIA"}]


def _allied(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _ALLIES)


def infer_changes(events: Sequence[Event], negated: set[str],
                  triggers: dict[str, tuple[int, int] | None] | None = None) -> list[ControlChange]:
    """Walk the events of each town in date order and record every change of holder.

    negated: sentences whose capture is denied. triggers: where each sentence's event verb stands.
    """
    triggers = triggers or {}
    by_town: dict[str, list[Event]] = {}
    for event in events:
        # The lead summarises what the body narrates; a lead sentence dated only by the one before it
        # ("were overrun ... on three consecutive days") would move a change to the wrong day.
        if event.event_type not in {"capture", "withdrawal"}:
            continue
        if not event.section and event.date_basis in INFERRED_BASES:
            continue
        if _FACILITY.search(_object_words(event.sentence, event.mention, triggers.get(event.sentence))):
            continue  # "took over the airport and an important bridge in the city of Gao": not the town
        by_town.setdefault(event.place.name, []).append(event)
    changes: list[ControlChange] = []
    for town, town_events in by_town.items():
        holders: list[str] = []  # every holder so far, most recent last
        for event in sorted(town_events, key=lambda e: e.date_start.first_day()):
            current = holders[-1] if holders else ""
            if event.event_type == "capture":
                taker = event.actor1 if event.actor1 not in _NOT_HOLDERS else ""
                before = current or (event.actor2 if event.actor2 not in _NOT_HOLDERS else "")
                if event.sentence in negated:
                    # "had still not recaptured Konna from rebel forces": the claim is denied
                    change, taker = "contested", (event.actor2 if event.actor2 not in _NOT_HOLDERS else "") or current
                elif taker and _JOINT_WITH_MALI.search(event.sentence) and taker in _ALLIES[0]:
                    taker = "Mali"  # "French and Malian troops entered Diabaly": the government's town again
                    if taker == current:
                        continue
                    change = "retake" if taker in holders[:-1] else "capture"
                elif not taker:
                    continue
                elif taker == current:
                    named = event.actor2 if event.actor2 not in _NOT_HOLDERS else ""
                    if not named or named == taker:
                        continue  # no change: the holder takes what it holds
                    # "retook the cities of Tessalit and Kidal" from the Islamists: the text names a holder
                    # this walk had missed; trust the text.
                    before = named
                    change = "retake" if taker in holders else "capture"
                elif before and taker in holders[:-1]:
                    change = "retake"
                elif before and _allied(taker, before):
                    change = "handover"
                else:
                    change = "capture"
                holders.append(taker)
            else:  # withdrawal: the holder leaves; who drove them out, if the text says
                if _DESTINATION.search(event.sentence, 0, max(0, event.sentence.find(event.mention))):
                    continue  # "left Diabaly and was heading towards Banamba": Banamba is where they went
                leaving = event.actor2 or event.actor1
                if current and leaving and leaving != current and not event.actor2:
                    continue  # "the Tuaregs were beaten back": someone else's retreat
                before = current or leaving
                taker = event.actor1 if event.actor2 and event.actor1 not in _NOT_HOLDERS else ""
                if not before or before == taker:
                    continue
                change = "capture" if taker else "withdrawal"
                holders.append(taker)
            changes.append(ControlChange(town, event.place.lat, event.place.lon, taker, before, change,
                                         event.date_start, event.date_end, event.sentence))
    changes.sort(key=lambda c: (c.place, c.date_start.first_day()))
    return changes


def control_changes(result: Result) -> list[ControlChange]:
    """Control changes of every town of the result, in date order per town."""
    table = actor_table(result.document)
    moves = [e for e in result.events if e.event_type in {"capture", "withdrawal"}]
    triggers = {e.sentence: classify(e.sentence, table)[1] for e in moves}
    negated = {e.sentence for e in moves if e.event_type == "capture" and is_negated(e.sentence, triggers[e.sentence])}
    return infer_changes(result.events, negated, triggers)


def controller_at(changes: Sequence[ControlChange], place: str, date: PartialDate) -> str:
    """Who held `place` at the end of `date` ('' when unknown, 'contested' when uncertain)."""
    holder = ""
    for change in changes:
        if change.place == place and change.date_start.first_day() <= date.last_day():
            holder = "contested" if change.change == "contested" else change.controller
    return holder
