"""Sections -> the ordered phases of the war's story, each with the interval its heading and its text give.

A phase is a narrative section (mapapp/headings.py tells a topic such as "Casualties" from a stretch of
the story): a `##` section, or the dated sub-sections of one whose own heading has no date ("### March",
"### 2014–2015: …", "### First week"). Its interval is its heading's date, else the dates its sentences
give, inside the war's infobox dates; a "Background" before the war or an "Aftermath" after it is a phase
only when it tells day-dated events in order. Phases follow the document and move forward in time; they
do not overlap, and a gap between two is where the article tells nothing. The rules are those of
tests/data/ANNOTATION.md ("Phases").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .extract import DatedSentence
from .headings import (
    HeadingDate, WarBounds, heading_role, is_thematic, names_period, read_heading_date, read_war_bounds,
)
from .model import Document, Event, PartialDate, Phase

# Dates a sentence states itself; those taken from an earlier sentence or the heading say nothing new.
OWN_BASES = frozenset({"explicit", "coarse", "relative"})

Told = tuple[PartialDate, PartialDate | None]  # a date a sentence gives: its start, and its end for a range


@dataclass(frozen=True, slots=True)
class _Candidate:
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


def plain_slug(text: str, limit: int, fallback: str) -> str:
    """Any text -> lowercase ascii letters, digits and single dashes, at most `limit` characters.

    Accents are dropped ('Ménaka' -> 'menaka'); every other character separates words, so no '/', '..',
    quote or space survives. Phase keys and exported file names are both made here."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")[:limit].strip("-") or fallback


def slugify(text: str, used: set[str] | None = None) -> str:
    """A heading -> a key safe as a file name and in a URL, unique among `used` when given."""
    slug = plain_slug(text, 60, "phase")
    if used is not None:
        base, n = slug, 2
        while slug in used:
            slug = f"{base}-{n}"
            n += 1
        used.add(slug)
    return slug


# ------------------------------------------------------------------------------------------ the sections


def _told_by_section(document: Document, dated: Sequence[DatedSentence]) -> list[list[Told]]:
    """The dates each section's own sentences give. Sentences come in document order, each with its
    section's path; a path names the first of its sections at or after the last one matched."""
    sections = document.sections
    positions: dict[tuple[str, ...], list[int]] = {}
    for index, section in enumerate(sections):
        positions.setdefault(section.path, []).append(index)
    told: list[list[Told]] = [[] for _ in sections]
    at = 0
    for item in dated:
        if item.start is None or item.basis not in OWN_BASES:
            continue
        places = positions.get(item.path)
        if not places:
            continue
        k = bisect.bisect_left(places, at)
        at = places[min(k, len(places) - 1)]
        told[at].append((item.start, item.end))
    return told


def _children(document: Document) -> tuple[list[int], list[list[int]]]:
    """The top sections (under the lead) and each section's direct sub-sections, by index."""
    roots: list[int] = []
    children: list[list[int]] = [[] for _ in document.sections]
    stack: list[int] = []
    for index, section in enumerate(document.sections):
        if section.level <= 1:
            stack = []
            continue
        while stack and document.sections[stack[-1]].level >= section.level:
            stack.pop()
        (children[stack[-1]] if stack else roots).append(index)
        stack.append(index)
    return roots, children


class _Reader:
    """Walks the sections once, collecting the candidates for phases."""

    def __init__(self, document: Document, dated: Sequence[DatedSentence], bounds: WarBounds) -> None:
        self.sections = document.sections
        self.told = _told_by_section(document, dated)
        self.roots, self.children = _children(document)
        self.bounds = bounds
        self.found: list[_Candidate] = []

    def read(self) -> list[_Candidate]:
        year = self.bounds.start.year if self.bounds.start else None
        self._read_siblings(self.roots, year)
        return self.found

    def _read_siblings(self, indexes: list[int], year: int | None, role: str = "") -> None:
        previous: dt.date | None = None
        for index in indexes:
            title = self.sections[index].title
            if is_thematic(title):
                continue
            heading = read_heading_date(title, year)
            if heading is not None and previous is not None and heading.start.first_day() < previous \
                    and read_heading_date(title, None) is None:
                # "### January" after "### December": a month without a year runs on into the next one.
                heading = read_heading_date(title, heading.start.year + 1)
            if heading is not None:
                previous = heading.start.first_day()
            self._read_section(index, heading, year, role)

    def _read_section(self, index: int, heading: HeadingDate | None, year: int | None, role: str) -> None:
        section = self.sections[index]
        role = role or heading_role(section.title)  # a "### 2021–2022 crisis" under "Background" is one too
        kids = [k for k in self.children[index] if not is_thematic(self.sections[k].title)]
        inner = heading.start.year if heading else year
        dated = sum(1 for k in kids if names_period(self.sections[k].title)
                    or read_heading_date(self.sections[k].title, inner))
        if heading is None and dated and 2 * dated >= len(kids):
            # The sub-sections tell the story by dates ("### 2014–2015: …", "### March", "### First
            # week"): they are the phases, and the section's own text before them may be one too. One dated
            # sub-section among fronts or places ("### Battle of Kyiv (2022)") does not make it a timeline.
            self._add(section.title, None, (), tuple(self.told[index]), index, role)
            self._read_siblings(kids, inner, role)
            return
        steps = tuple(self.sections[k].title for k in kids)  # a topic under it is no step, as it tells no event
        self._add(section.title, heading, steps, tuple(self._told_under(index)), index, role)

    def _told_under(self, index: int) -> list[Told]:
        told = list(self.told[index])
        for kid in self.children[index]:
            if not is_thematic(self.sections[kid].title):
                told.extend(self._told_under(kid))
        return told

    def _add(self, title: str, heading: HeadingDate | None, steps: tuple[str, ...], told: tuple[Told, ...],
             order: int, role: str) -> None:
        candidate = _place(title, heading, steps, told, order, self.bounds, role)
        if candidate is not None:
            self.found.append(candidate)


# ------------------------------------------------------------------------------------ the interval


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _last(told: Told) -> PartialDate:
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


def _place(title: str, heading: HeadingDate | None, steps: tuple[str, ...], told: tuple[Told, ...],
           order: int, bounds: WarBounds, said: str = "") -> _Candidate | None:
    """A section with its preliminary interval, or None when it cannot be a phase. said: the role its
    heading, or the heading above it, gives ('background', 'aftermath')."""
    role = _role_of(said, heading, told, bounds)
    if role:
        # Before or after the war, only a story told day by day is a phase, not a recall of years.
        side = "before" if role == "background" else "after"
        days = [t for t in told if t[0].day is not None
                and (_side(t[0], bounds) == side or (bounds.start is None and bounds.end is None))]
        run = _next_to_the_war(_longest_ordered(days), role)
        if len(run) < 2:
            return None
        return _Candidate(title, run[0][0], _last(run[-1]), steps, order, told, None, role)
    if heading is not None:
        # Cut to the war's dates only once the story's order is known: "(2019–2021)" may follow
        # "(March–May 2019)" as a year, not as the war's first day.
        return _Candidate(title, heading.start, heading.end or heading.start, steps, order, told, heading, "")
    inside = [t for t in told if _side(t[0], bounds) == "inside"]
    run = _longest_ordered(inside)
    if not run:
        return None
    return _Candidate(title, run[0][0], _last(run[-1]), steps, order, told, None, "")


def _forward_in_time(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest run of sections, in document order, that move forward in time (the narrative).

    A section may follow another when its start is not certainly before the other's: "(2019–2021)" after
    "(March–May 2019)" may, as the year 2019 reaches past March; "Casualties (2012–2022)" after
    "Insurgency (2014–present)" may not. Each section extends the longest run among the earlier sections
    whose first day is before its own start's last day (the earliest of them on a tie). A Fenwick tree
    over those first days answers that in log time: comparing every pair grew as the square of the
    number of headings, seconds on a 20 MB article."""
    if not candidates:
        return []
    firsts = sorted({c.start.first_day() for c in candidates})
    tree = [(0, 0)] * (len(firsts) + 1)  # (run length, -index of its last section), best of each range
    lengths: list[int] = []
    parents: list[int] = []
    for i, cand in enumerate(candidates):
        best, k = (0, 0), bisect.bisect_left(firsts, cand.start.last_day())
        while k:
            best = max(best, tree[k])
            k -= k & -k
        lengths.append(best[0] + 1)
        parents.append(-best[1] if best[0] else -1)
        k = bisect.bisect_left(firsts, cand.start.first_day()) + 1
        while k < len(tree):
            tree[k] = max(tree[k], (lengths[i], -i))
            k += k & -k
    index = lengths.index(max(lengths))  # the first of the longest, as max() over the runs would pick
    chain = []
    while index != -1:
        chain.append(candidates[index])
        index = parents[index]
    return chain[::-1]


def _starts(chosen: Sequence[_Candidate], bounds: WarBounds) -> list[dt.date]:
    """Where each phase begins: its own start (not before the war's, for a phase inside it: a heading's
    "January 2012" begins on the war's 16 January), or the day after the previous phase's end when they
    overlap ("2019–2021" after "March–May 2019" begins on 1 June 2019)."""
    starts: list[dt.date] = []
    for i, cand in enumerate(chosen):
        start = cand.start.first_day()
        if not cand.role and bounds.start is not None:
            start = max(start, bounds.start.first_day())
        if i:
            after_previous = chosen[i - 1].end.last_day() + dt.timedelta(days=1)
            if start < after_previous <= cand.end.last_day():
                start = after_previous
            start = max(start, starts[-1] + dt.timedelta(days=1))
        starts.append(start)
    return starts


def _end(cand: _Candidate, start: dt.date, limit: dt.date | None) -> PartialDate:
    """Where a phase ends: the later of its heading's end and the last date it tells from its start on,
    before `limit` (the next phase's start, or the day after the war). A look-back before its start or a
    flash-forward past the next phase does not stretch it; an open heading ("2021–present") ends where
    the story does; a heading's end past the limit is cut there."""
    if cand.role:
        ends = [cand.end]
    else:
        ends = [_last(t) for t in cand.told
                if t[0].first_day() >= start and (limit is None or _last(t).last_day() < limit)]
        if cand.heading is not None and not cand.heading.open:
            ends.append(cand.end)
    end = max(ends, key=PartialDate.last_day) if ends else cand.start
    if limit is not None and end.last_day() >= limit:
        end = _day(limit - dt.timedelta(days=1))
    return end if end.last_day() >= start else _day(start)


def build_phases(document: Document, dated: Sequence[DatedSentence],
                 present: PartialDate | None = None) -> tuple[Phase, ...]:
    """The ordered phases of the document (possibly one, or none when nothing is dated).

    present: unused; kept for callers of the earlier signature ('present' now ends where the story does).
    """
    bounds = read_war_bounds(document.metadata)
    chosen = _forward_in_time(_Reader(document, dated, bounds).read())
    starts = _starts(chosen, bounds)
    after_war = bounds.end.last_day() + dt.timedelta(days=1) if bounds.end else None
    used: set[str] = set()
    phases = []
    for i, cand in enumerate(chosen):
        limit = starts[i + 1] if i + 1 < len(chosen) else None
        if not cand.role and after_war is not None:
            limit = min(limit, after_war) if limit is not None else after_war
        start = cand.start if starts[i] == cand.start.first_day() else _day(starts[i])
        phases.append(Phase(slugify(cand.title, used), cand.title, start, _end(cand, starts[i], limit),
                            cand.steps, cand.title))
    return tuple(phases)


def shown_phases(phases: Sequence[Phase], events: Sequence[Event]) -> tuple[Phase, ...]:
    """The phases that hold at least one event: a step with nothing on the map is not shown."""
    keys = {e.phase for e in assign_phases(events, phases)}
    return tuple(p for p in phases if p.key in keys)


def phase_of(date: PartialDate, phases: Sequence[Phase]) -> str:
    """The key of the phase whose interval holds `date`, '' when none does."""
    for phase in phases:
        if phase.contains(date):
            return phase.key
    return ""


def assign_phases(events: Sequence[Event], phases: Sequence[Phase]) -> tuple[Event, ...]:
    """Each event with the key of the phase that holds its date ('' for none).

    Phases are ordered and do not overlap, so the phase of a date is found by bisection on their first
    days: a long article has a phase per repeated heading, and a scan of all of them per event grew as the
    square of its length (profiled on the 40-times article)."""
    starts = [p.start.first_day() for p in phases]
    keyed: dict[PartialDate, str] = {}
    out = []
    for event in events:
        date = event.date_start
        if date not in keyed:
            index = bisect.bisect_right(starts, date.first_day()) - 1
            candidates = phases[max(0, index - 1) : index + 1] if index >= 0 else ()
            keyed[date] = next((p.key for p in reversed(candidates) if p.contains(date)), "")
        out.append(event.with_phase(keyed[date]))
    return tuple(out)
