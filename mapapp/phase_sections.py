"""The article's sections -> the candidates for phases: its narrative sections (mapapp/headings.py tells a
topic such as "Casualties" from a stretch of the story), each with the dates its own sentences give.

A candidate is a `##` section, or a dated sub-section of one whose own heading has no date ("### March",
"### 2014–2015: …", "### First week"); its other narrative sub-sections are its steps.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from .extract import DatedSentence
from .headings import HeadingDate, WarBounds, heading_role, is_thematic, names_period, read_heading_date
from .model import Document
from .phase_intervals import OWN_BASES, Candidate, Told, place_section, told_after_the_war


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


class SectionReader:
    """Walks the sections once, collecting the candidates for phases."""

    def __init__(self, document: Document, dated: Sequence[DatedSentence], bounds: WarBounds) -> None:
        self.sections = document.sections
        self.told = _told_by_section(document, dated)
        self.roots, self.children = _children(document)
        self.bounds = bounds
        self.found: list[Candidate] = []
        self.told_on: list[Told] = []  # the days after the war the story inside it has told, for the aftermath

    def read(self) -> list[Candidate]:
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
        # The days told on are read only by an aftermath, which then empties them (a phase or not): no copy
        # of them per section.
        candidate = place_section(title, heading, steps, told, order, self.bounds, role, self.told_on)
        if role == "aftermath" or (candidate is not None and candidate.role == "aftermath"):
            self.told_on = []
        elif candidate is not None:
            self.told_on.extend(told_after_the_war(candidate, self.bounds))
        if candidate is not None:
            self.found.append(candidate)
