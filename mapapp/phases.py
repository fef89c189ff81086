"""Sections -> one contiguous, ordered timeline of phases.

A phase is a narrative `##` section whose heading, or whose `###` sub-headings, carry dates. Narrative
sections move forward in time; a section whose dates start before an earlier one's (a "Casualties" section
organised by year, say) looks back over the war and is thematic, not a phase. When no heading carries a
date, the `##` sections are dated by the sentences under them instead.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import DateContext, find_dates
from .extract import DatedSentence
from .model import INFERRED_BASES, Document, Event, PartialDate, Phase


@dataclass(frozen=True, slots=True)
class _Candidate:
    title: str
    start: PartialDate
    end: PartialDate
    steps: tuple[str, ...]
    order: int


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


def _from_headings(document: Document, present: PartialDate | None) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    year: int | None = None
    sections = document.sections
    for index, section in enumerate(sections):
        if section.level != 2:
            continue
        children = []
        # By index: islice would step through every section before index + 1 again, for each ## heading.
        for position in range(index + 1, len(sections)):
            child = sections[position]
            if child.level <= 2:
                break
            if child.level == 3:
                children.append(child)
        own = find_dates(section.title, DateContext(year=year, present=present))
        dated_children = []
        for child in children:
            found = find_dates(child.title, DateContext(year=year, present=present))
            if found:
                dated_children.append(found[0])
        if own:
            start, end = own[0].start, own[0].end or own[0].start
        elif dated_children:
            start = min((m.start for m in dated_children), key=lambda d: d.first_day())
            end = max((m.end or m.start for m in dated_children), key=lambda d: d.last_day())
        else:
            continue
        year = start.year
        candidates.append(_Candidate(section.title, start, end, tuple(c.title for c in children), index))
    return candidates


def _from_sentences(document: Document, dated: Sequence[DatedSentence]) -> list[_Candidate]:
    """No dated headings: each `##` section spans the dates of its own sentences."""
    spans: dict[str, list[PartialDate]] = {}
    order: dict[str, int] = {}
    for item in dated:
        if item.start is None or item.basis in INFERRED_BASES or not item.path:
            continue
        top = item.path[0]
        spans.setdefault(top, []).extend(d for d in (item.start, item.end) if d is not None)
    steps: dict[str, list[str]] = {}
    for index, section in enumerate(document.sections):
        if section.level == 2:
            order.setdefault(section.title, index)
        elif section.level == 3 and section.path:
            steps.setdefault(section.path[0], []).append(section.title)
    out = []
    for title, dates in spans.items():
        start = min(dates, key=lambda d: d.first_day())
        end = max(dates, key=lambda d: d.last_day())
        out.append(_Candidate(title, start, end, tuple(steps.get(title, ())), order.get(title, 0)))
    return sorted(out, key=lambda c: c.order)


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


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _starts(chosen: Sequence[_Candidate]) -> list[dt.date]:
    """Where each phase begins: its heading's start, or the day after the previous heading's range when a
    coarse start overlaps it ("2019–2021" after "March–May 2019" begins on 1 June 2019)."""
    starts: list[dt.date] = []
    for i, cand in enumerate(chosen):
        start = cand.start.first_day()
        if i:
            after_previous = chosen[i - 1].end.last_day() + dt.timedelta(days=1)
            if start < after_previous <= cand.end.last_day():
                start = after_previous
            start = max(start, starts[-1] + dt.timedelta(days=1))
        starts.append(start)
    return starts


def build_phases(document: Document, dated: Sequence[DatedSentence], present: PartialDate | None) -> tuple[Phase, ...]:
    """The ordered, contiguous phases of the document (possibly one, or none when nothing is dated)."""
    chosen = _forward_in_time(_from_headings(document, present))
    if not chosen:
        chosen = _forward_in_time(_from_sentences(document, dated))
    if not chosen:
        return ()
    used: set[str] = set()
    phases = []
    told = {d for item in dated for d in (item.start, item.end) if d is not None}  # a few hundred distinct dates
    latest = max((d.last_day() for d in told), default=None)
    starts = _starts(chosen)
    for i, cand in enumerate(chosen):
        start = cand.start if starts[i] == cand.start.first_day() else _day(starts[i])
        if i + 1 < len(chosen):
            # Contiguous: a phase lasts until the next begins; the gap after a heading's range is its aftermath.
            end = _day(starts[i + 1] - dt.timedelta(days=1))
        else:
            last = cand.end.last_day()
            if latest is not None and latest > last:
                last = latest
            end = _day(last) if last != cand.end.last_day() else cand.end
        phases.append(Phase(slugify(cand.title, used), cand.title, start, end, cand.steps, cand.title))
    return tuple(phases)


def phase_of(date: PartialDate, phases: Sequence[Phase]) -> str:
    """The key of the phase whose interval holds `date`, '' when none does."""
    for phase in phases:
        if phase.contains(date):
            return phase.key
    return ""


def assign_phases(events: Sequence[Event], phases: Sequence[Phase]) -> tuple[Event, ...]:
    """Each event with the key of the phase that holds its date ('' for none).

    Phases are ordered and contiguous, so the phase of a date is found by bisection on their first days:
    a long article has a phase per repeated heading, and a scan of all of them per event grew as the
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
