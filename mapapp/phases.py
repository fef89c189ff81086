"""Sections -> the ordered phases of the war's story, each with the interval its heading and its text give.

A phase is a narrative section (mapapp/headings.py tells a topic such as "Casualties" from a stretch of
the story): a `##` section, or the dated sub-sections of one whose own heading has no date ("### March",
"### 2014–2015: …", "### First week"). Its interval is its heading's date, else the dates its sentences
give, inside the war's infobox dates; a "Background" before the war or an "Aftermath" after it is a phase
only when it tells day-dated events in order. Phases follow the document and move forward in time; they
do not overlap, and a gap between two is where the article tells nothing. The rules are those of
tests/data/ANNOTATION.md ("Phases").

The steps: mapapp/phase_sections.py reads the sections into candidates, mapapp/phase_intervals.py gives
each its preliminary interval; here the narrative is chosen among them, their intervals are fitted to one
another and to the war, and events are given the phase that holds their date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from .extract import DatedSentence
from .headings import WarBounds, read_war_bounds
from .model import Document, Event, PartialDate, Phase
from .phase_intervals import Candidate, day_of, last_told
from .phase_sections import SectionReader


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


# ---------------------------------------------------------------------------------- the story's order


def _forward_in_time(candidates: list[Candidate]) -> list[Candidate]:
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


def _starts(chosen: Sequence[Candidate], bounds: WarBounds) -> list[dt.date]:
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


def _end(cand: Candidate, start: dt.date, limit: dt.date | None) -> PartialDate:
    """Where a phase ends: the later of its heading's end and the last date it tells from its start on,
    before `limit` (the next phase's start, or the day after the war). A look-back before its start or a
    flash-forward past the next phase does not stretch it; an open heading ("2021–present") ends where
    the story does; a heading's end past the limit is cut there."""
    if cand.role:
        ends = [cand.end]
    else:
        ends = [last_told(t) for t in cand.told
                if t[0].first_day() >= start and (limit is None or last_told(t).last_day() < limit)]
        if cand.heading is not None and not cand.heading.open:
            ends.append(cand.end)
    end = max(ends, key=PartialDate.last_day) if ends else cand.start
    if limit is not None and end.last_day() >= limit:
        end = day_of(limit - dt.timedelta(days=1))
    return end if end.last_day() >= start else day_of(start)


def build_phases(document: Document, dated: Sequence[DatedSentence],
                 present: PartialDate | None = None) -> tuple[Phase, ...]:
    """The ordered phases of the document (possibly one, or none when nothing is dated).

    present: unused; kept for callers of the earlier signature ('present' now ends where the story does).
    """
    bounds = read_war_bounds(document.metadata)
    chosen = _forward_in_time(SectionReader(document, dated, bounds).read())
    starts = _starts(chosen, bounds)
    after_war = bounds.end.last_day() + dt.timedelta(days=1) if bounds.end else None
    used: set[str] = set()
    phases = []
    for i, cand in enumerate(chosen):
        limit = starts[i + 1] if i + 1 < len(chosen) else None
        if not cand.role and after_war is not None:
            limit = min(limit, after_war) if limit is not None else after_war
        start = cand.start if starts[i] == cand.start.first_day() else day_of(starts[i])
        phases.append(Phase(slugify(cand.title, used), cand.title, start, _end(cand, starts[i], limit),
                            cand.steps, cand.title))
    return tuple(phases)


def shown_phases(phases: Sequence[Phase], events: Sequence[Event]) -> tuple[Phase, ...]:
    """The phases that hold at least one event, each with the steps that do: a step with nothing on the map
    is not shown. A step holds the events of its phase told under its own heading (as the views pick them);
    a sub-section telling only days outside the phase ("Transfer of bodies" after a ceasefire) holds none."""
    held = {(e.phase, e.section) for e in assign_phases(events, phases)}
    keys = {key for key, _ in held}
    return tuple(replace(p, steps=tuple(s for s in p.steps if (p.key, s) in held))
                 for p in phases if p.key in keys)


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
