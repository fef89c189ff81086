"""A section -> its preliminary interval as a candidate phase: where it starts and ends, and whether it tells
the time before the war (a background), after it (an aftermath) or inside it.

The dates a section tells are read in document order; its story is the longest run of them that never goes
back in time, without its look-backs and asides (tests/data/ANNOTATION.md, "The interval of a phase").
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .headings import HeadingDate, WarBounds
from .model import PartialDate

# Dates a sentence states itself; those taken from an earlier sentence or the heading say nothing new.
OWN_BASES = frozenset({"explicit", "coarse", "relative"})

Told = tuple[PartialDate, PartialDate | None]  # a date a sentence gives: its start, and its end for a range


@dataclass(frozen=True, slots=True)
class Candidate:
    """A section that may be a phase.

    start, end: its preliminary interval (the heading's, else its dates'), for ordering.
    steps: titles of its sub-sections. order: index of its section in the document.
    told: the dates its own sentences give, in document order. heading: its heading's dates, if any.
    role: 'background' (before the war), 'aftermath' (after it), '' (inside it).
    """

    title: str
    start: PartialDate
    end: PartialDate
    steps: tuple[str, ...]
    order: int
    told: tuple[Told, ...] = ()
    heading: HeadingDate | None = None
    role: str = ""


def day_of(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def last_told(told: Told) -> PartialDate:
    return told[1] or told[0]


def _side(date: PartialDate, bounds: WarBounds) -> str:
    """'before', 'after' or 'inside' the war; '' for a coarse date that reaches across one of its ends."""
    first, last = date.first_day(), date.last_day()
    if bounds.start is not None and last < bounds.start.first_day():
        return "before"
    if bounds.end is not None and first > bounds.end.last_day():
        return "after"
    if (bounds.start is None or first >= bounds.start.first_day()) and \
            (bounds.end is None or last <= bounds.end.last_day()):
        return "inside"
    return ""


def _longest_ordered(told: Sequence[Told]) -> list[Told]:
    """The longest run of dates, in document order, that never goes back in time: the story the section
    tells, without its look-backs and asides (patience sorting, n log n)."""
    tails: list[dt.date] = []  # tails[k]: the smallest last first-day of an ordered run of length k + 1
    ends: list[int] = []
    parents: list[int] = []
    for i, (start, _) in enumerate(told):
        day = start.first_day()
        k = bisect.bisect_right(tails, day)
        if k == len(tails):
            tails.append(day)
            ends.append(i)
        else:
            tails[k], ends[k] = day, i
        parents.append(ends[k - 1] if k else -1)
    run, index = [], ends[-1] if ends else -1
    while index != -1:
        run.append(told[index])
        index = parents[index]
    return run[::-1]


# A background leads up to the war, an aftermath follows it: told without a break longer than this (or than
# what they have told so far). "The 1994 ceasefire" recalled before "23 March 2015" and "19 March 2016"
# is history, not the first step of a war of April 2016.
_LEAD_UP_GAP = dt.timedelta(days=365)


def _next_to_the_war(run: list[Told], role: str) -> list[Told]:
    """The part of a background's (aftermath's) ordered dates next to the war, up to its first long break."""
    dates = run[::-1] if role == "background" else run
    kept = dates[:1]
    for told in dates[1:]:
        gap = abs(told[0].first_day() - kept[-1][0].first_day())
        if gap > max(_LEAD_UP_GAP, abs(kept[-1][0].first_day() - kept[0][0].first_day())):
            break
        kept.append(told)
    return kept[::-1] if role == "background" else kept


def _role_of(said: str, heading: HeadingDate | None, told: Sequence[Told], bounds: WarBounds) -> str:
    """Before the war ("background"), after it ("aftermath"), or inside it (""): as its heading (or the
    heading above it) says, else by its dates."""
    if said or (bounds.start is None and bounds.end is None):
        return said
    if heading is not None:
        if bounds.start is not None and (heading.end or heading.start).last_day() < bounds.start.first_day():
            return "background"
        if bounds.end is not None and heading.start.first_day() > bounds.end.last_day():
            return "aftermath"
        return ""
    sides = [_side(start, bounds) for start, _ in told]
    if "inside" in sides:
        return ""
    before, after = sides.count("before"), sides.count("after")
    return "background" if before > after else "aftermath" if after else ""


def place_section(title: str, heading: HeadingDate | None, steps: tuple[str, ...], told: tuple[Told, ...],
                  order: int, bounds: WarBounds, said: str = "", told_on: Sequence[Told] = ()) -> Candidate | None:
    """A section with its preliminary interval, or None when it cannot be a phase. said: the role its
    heading, or the heading above it, gives ('background', 'aftermath'). told_on: the days after the war
    that the story before it told on, in order (an aftermath starts with them, see `told_after_the_war`)."""
    role = _role_of(said, heading, told, bounds)
    if role:
        # Before or after the war, only a story told day by day is a phase, not a recall of years.
        side = "before" if role == "background" else "after"
        days = [t for t in ([*told_on, *told] if role == "aftermath" else told) if t[0].day is not None
                and (_side(t[0], bounds) == side or (bounds.start is None and bounds.end is None))]
        run = _next_to_the_war(_longest_ordered(days), role)
        if len(run) < 2:
            return None
        return Candidate(title, run[0][0], last_told(run[-1]), steps, order, told, None, role)
    if heading is not None:
        # Cut to the war's dates only once the story's order is known: "(2019–2021)" may follow
        # "(March–May 2019)" as a year, not as the war's first day.
        return Candidate(title, heading.start, heading.end or heading.start, steps, order, told, heading, "")
    inside = [t for t in told if _side(t[0], bounds) == "inside"]
    run = _longest_ordered(inside)
    if not run:
        return None
    return Candidate(title, run[0][0], last_told(run[-1]), steps, order, told, None, "")


def told_after_the_war(candidate: Candidate, bounds: WarBounds) -> list[Told]:
    """The days after the war's end that a section inside the war tells on to, in order (the skirmishes after
    a ceasefire): no phase inside the war may hold them, and the aftermath that follows tells on from them."""
    if candidate.role or bounds.end is None:
        return []
    return _longest_ordered([t for t in candidate.told if t[0].day is not None and _side(t[0], bounds) == "after"])
