"""Who held a town on a given day, for reading an event there that names no one who acts: "Fierce fighting
raged around the entrances to the town" of a rebel-held town is the government attacking it.

The holder is, in this order: the last change of the control walk before that day; what the text says of
the town up to that day ("the rebel-held town of al-Qusayr", "the Azerbaijani forces stationed in Shusha");
who held it before its first change; what the text says of it at any time; the war's government for a town
of its own country.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from .actors import Story
from .actor_rules import GOVERNMENT, find_actors
from .control import PRESENT, ControlChange, controller_at, infer_changes, read_moves
from .model import Event
from .sides import Sides

# "the rebel-held town of", "Ukrainian-held", "opposition-held cities of": the word before names the holder.
_HELD = re.compile(r"\b([A-Za-z]+)-(?:held|controlled|occupied)\s+(?:(?:town|city|village|cities|towns|villages)\s+"
                   r"(?:of\s+)?)?$")
_CLAUSE_BETWEEN = re.compile(r";|\.\s|,\s+(?:but|while|whereas)\b")  # the statement is of another clause
_NOUNS = re.compile(r"\s*(?:[a-z]+\s+){0,2}")  # "Armenian military commanders based in": the words after the party
_FORMERLY = re.compile(r"\b(?:formerly|previously|once|former)\s+$", re.IGNORECASE)
# "Gao, the headquarters of the MOJWA": the group holds the town.
_WINDOW = 200  # characters: longer than any of the patterns above can match
_HEADQUARTERS = re.compile(r",\s+the\s+headquarters\s+of\s+(?:the\s+)?")  # matched right after the town
# Control that goes on, told after the town: "Raqqa remained the only major Syrian city fully under ISIL control",
# "Debaltseve …, which had been under Ukrainian control since July 2014": the word before "control" names the holder.
_KEPT = re.compile(r"\b(?:remained|remains|stayed|still|had been|has been)(?:\s+[\w-]+){0,6}?\s+under\s+(?:the\s+)?"
                   r"([A-Z][\w-]*)\s+control\b")


@dataclass(frozen=True, slots=True)
class Holders:
    """What is known of each town's holders: per town, the control walk's changes (contested claims left
    out) as (day, holder, holder before), and what the text says as (day, holder), both in day order."""

    changes: dict[str, tuple[tuple[int, str, str], ...]]
    stated: dict[str, tuple[tuple[int, str], ...]]
    sides: Sides
    claims: dict[str, tuple[tuple[int, str, str], ...]] = field(default_factory=dict)  # contested: (day, claimant, holder)

    def holder_at(self, event: Event) -> str:
        """Who held the event's town at the start of its day ('' when neither the text nor the walk says)."""
        place, day = event.place.name, event.date_start.first_day().toordinal()
        own = self.changes.get(place, ())
        before = bisect_left(own, (day,))
        if before:
            return own[before - 1][1]
        stated = self.stated.get(place, ())
        earlier = bisect_right(stated, (day, "\uffff"))
        if earlier:
            return stated[earlier - 1][1]
        if own and own[0][2]:
            return own[0][2]
        if own and own[0][1]:  # taken from whoever fights its taker ("Army and Hezbollah troops captured …")
            return self.sides.opponent_of(own[0][1])
        if stated:
            return stated[0][1]
        return self.sides.government if self.sides.country and event.place.country == self.sides.country else ""


    def retaker_of(self, event: Event) -> str:
        """Who held the event's town before its holder that day, as the walk has it ('' when the walk knows no
        change of it before that day): a town "recaptured" by no one named goes back to it. Where another side
        claimed it since its last change (contested), the holder the claim was against: it "fully recaptured"
        the town."""
        day = event.date_start.first_day().toordinal()
        own = self.changes.get(event.place.name, ())
        before = bisect_left(own, (day,))
        claims = self.claims.get(event.place.name, ())
        claimed = bisect_left(claims, (day,))
        if claimed and claims[claimed - 1][2] and (not before or claims[claimed - 1][0] >= own[before - 1][0]):
            return claims[claimed - 1][2]  # a town claimed since its last change: "fully recaptured" by its holder
        return own[before - 1][2] if before else ""

    def loss_parties(self, event: Event) -> tuple[str, str]:
        """(taker, loser) of a town's loss told without a taker ("the loss of Shusha", "failing to defend
        Lachin"): where the walk has the town taken from someone by the end of that day, the loss is that
        change told again (a loss is often told after the fall); else the town's holder then lost it to its
        enemy."""
        place, day = event.place.name, event.date_start.first_day().toordinal()
        own = self.changes.get(place, ())
        upto = bisect_right(own, (day, "\uffff"))
        if upto and own[upto - 1][2]:
            return own[upto - 1][1], own[upto - 1][2]
        holder = self.holder_at(event)
        return (self.sides.opponent_of(holder), holder) if holder else ("", "")


def read_holders(events: Sequence[Event], story: Story) -> Holders:
    """The holders of the article's towns, from its events as annotated so far."""
    changes: dict[str, list[tuple[int, str, str]]] = {}
    claims: dict[str, list[tuple[int, str, str]]] = {}
    for change in infer_changes(read_moves(events, story), story.sides):  # in date order per town
        row = (change.date_start.first_day().toordinal(), change.controller, change.previous_controller)
        (claims if change.change == "contested" else changes).setdefault(change.place, []).append(row)
    stated: dict[str, list[tuple[int, str]]] = {}
    for event in events:
        holder = _stated_holder(event, story)
        if holder:
            stated.setdefault(event.place.name, []).append((event.date_start.first_day().toordinal(), holder))
    return Holders({p: tuple(v) for p, v in changes.items()}, {p: tuple(sorted(v)) for p, v in stated.items()},
                   story.sides, {p: tuple(v) for p, v in claims.items()})


_NOT_HOLDERS = {"Civilians", "government", "group", "unknown", ""}


def held_as_stated(events: Sequence[Event], story: Story, changes: Sequence[ControlChange]) -> list[ControlChange]:
    """'held' rows for towns whose holder the text states where the control walk knows none ("the
    Ukrainian-held Huliaipole", "Russian-occupied Melitopol"): the map then shows that holder, not "not
    stated". From the day of the statement; from the start of the article's events where the holder is
    the war's government in its own country and no change came before (nobody is said to have taken it).
    The first such statement per town; a later change of the walk takes over from it."""
    if not events:
        return []
    sides = story.sides
    start = min(e.date_start.first_day() for e in events)
    first = next(e.date_start for e in events if e.date_start.first_day() == start)
    by_town: dict[str, list[ControlChange]] = {}
    for change in changes:  # per town: an article's thousands of events each look at their own town only
        by_town.setdefault(change.place, []).append(change)
    rows: dict[str, ControlChange] = {}
    for event in sorted(events, key=lambda e: e.date_start.first_day()):
        place = event.place
        if place.name in rows or not place.is_town:
            continue
        holder = _stated_holder(event, story)
        own = by_town.get(place.name, [])
        if holder in _NOT_HOLDERS or controller_at(own, place.name, event.date_start):
            continue
        earlier = any(c.date_start.first_day() <= event.date_start.first_day() for c in own)
        home = bool(sides.government) and holder == sides.government and place.country == sides.country
        when = first if home and not earlier else event.date_start
        rows[place.name] = ControlChange(place.name, place.lat, place.lon, holder, "", "held", when, None, event.sentence)
    return list(rows.values())


# The words _HELD and PRESENT cannot match without (with PRESENT's flags): where a sentence has them is found
# once, and a mention with none of them before it is not searched (each search costs microseconds, and a
# sentence can name a town a million times).
_HELD_WORD = re.compile(r"-(?:held|controlled|occupied)")
_PRESENT_WORD = re.compile(r"stationed|based|entrenched|garrisoned|headquartered|under [A-Z]\w* control", re.IGNORECASE)


def _starts(pattern: re.Pattern[str], sentence: str) -> list[int]:
    return [m.start() for m in pattern.finditer(sentence)]


def _any_in(starts: list[int], lo: int, hi: int) -> bool:
    """Whether one of the sorted `starts` is in [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def _stated_holder(event: Event, story: Story) -> str:
    """The holder the event's sentence states for its town, '' when it states none."""
    sentence, mention = event.sentence, event.mention
    cues = (_starts(_HELD_WORD, sentence), _starts(_PRESENT_WORD, sentence))
    if mention and not cues[0] and not cues[1] and not _overlaps_itself(mention):
        # Only "Gao, the headquarters of …" can state a holder, and only where a comma follows the town:
        # those mentions are found by searching for the town and its comma (its mentions cannot overlap, so
        # they are the same as the finditer below finds).
        position = sentence.find(mention + ",")
        while position >= 0:
            holder = _holder_before(event, story, position, position + len(mention), cues)
            if holder:
                return holder
            position = sentence.find(mention + ",", position + len(mention))
        return ""
    for found in re.finditer(re.escape(mention), sentence):
        holder = _holder_before(event, story, found.start(), found.end(), cues)
        if holder:
            return holder
    return ""


def _overlaps_itself(text: str) -> bool:
    """Whether two occurrences of `text` can overlap ("ana" in "anana"): a proper prefix is also a suffix."""
    return any(text[:k] == text[-k:] for k in range(1, len(text)))


def _holder_before(event: Event, story: Story, position: int, end: int,
                   cues: tuple[list[int], list[int]]) -> str:
    """The holder the words around one mention of the town state ('' when they state none); cues: where
    the sentence has _HELD_WORD and _PRESENT_WORD."""
    sentence = event.sentence
    # Every pattern here ends where the town is named and spans a few words: a window of the words before
    # keeps a sentence naming a town thousands of times linear.
    window = max(0, position - _WINDOW)
    held = _HELD.search(sentence, window, position) if _any_in(cues[0], window, position) else None
    if held and not _FORMERLY.search(sentence, max(0, held.start() - _WINDOW), held.start()):
        found = story.resolve(held.group(1), event.section, find_actors(held.group(1), story.table))
        name = found[0][2] if found else ""
        return story.sides.government if name == GOVERNMENT else name
    # Matched where the town ends, not on a copy of the rest of the sentence: one per mention made a
    # sentence naming a town n times cost n times its length.
    headquarters = _HEADQUARTERS.match(sentence, end)
    if headquarters:
        found = find_actors(sentence[headquarters.end() :], story.table)
        return found[0][2] if found and found[0][0] == 0 else ""
    kept = _KEPT.search(sentence, end, end + _WINDOW) if _any_in(cues[1], end, end + _WINDOW) else None
    if kept and not _CLAUSE_BETWEEN.search(sentence, end, kept.start()):
        found = find_actors(kept.group(1), story.table)
        return found[0][2] if found else ""
    present = PRESENT.search(sentence, window, position) if _any_in(cues[1], window, position) else None
    if present:  # the party named right before: "the Azerbaijani forces stationed in Shusha"
        found = story.resolve(sentence, event.section, find_actors(sentence[: present.start()], story.table))
        return found[-1][2] if found and _NOUNS.fullmatch(sentence, found[-1][1], present.start()) else ""
    return ""
