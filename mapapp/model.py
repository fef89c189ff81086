"""The data types of the pipeline: documents, sections, phases, places, events and partial dates."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import DateError

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the day, the month or only the year.

    year: four-digit year.
    month: 1-12, or None when only the year is known.
    day: 1-31, or None when only the month (or year) is known.
    Never a fake first-of-month: precision says how much is known.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"Year must be in the [1; 9999] range, instead got: {self.year!r}.")
        if self.month is None:
            if self.day is not None:
                raise DateError(f"A day needs a month, instead got day {self.day!r} with no month.")
            return
        if not 1 <= self.month <= 12:
            raise DateError(f"Month must be in the [1; 12] range, instead got: {self.month!r}.")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day!r} (it has {last} days)."
                )

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 at the known precision: '2012', '2012-03' or '2012-03-30'."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """The inverse of iso(); raises DateError on anything else."""
        parts = str(text).split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise DateError(f"Expected a date as YYYY, YYYY-MM or YYYY-MM-DD, instead got: {text!r}.")
        return cls(*(int(p) for p in parts))

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the article and the text under it (up to the next heading of any level).

    title: the heading text, repaired.
    level: 1 for the lead (no heading), 2 for ##, 3 for ###, 4 for ####.
    path: the titles of the enclosing ## and ### headings, outermost first, this one last.
    text: the paragraphs under the heading, Markdown as written.
    line: 1-based line of the heading in the body (0 for the lead).
    """

    title: str
    level: int
    path: tuple[str, ...]
    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its front matter and its body split into sections.

    path: where it was read from ('' for text given directly).
    title: the front matter's title, else the file name.
    metadata: the front matter as parsed YAML (repaired strings).
    sections: the lead first, then every heading in order.
    encoding: how the bytes were read ('utf-8', 'mac_roman-mojibake', 'cp1252', ...).
    notes: what reading it left out and why (a front matter value in a shape mapapp does not read).
    """

    path: str
    title: str
    metadata: dict[str, Any]
    sections: tuple[Section, ...]
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of the war's timeline, from a dated narrative section.

    key: a stable slug, safe as a file name and in a URL.
    title: the heading as written.
    start, end: the interval, inclusive, at their own precision.
    steps: titles of the sub-sections inside this phase.
    section: the heading it came from (a `##`, or a dated `###` of an undated `##`).
    """

    key: str
    title: str
    start: PartialDate
    end: PartialDate
    steps: tuple[str, ...] = ()
    section: str = ""

    @property
    def span(self) -> str:
        """Its dates as every view writes them: '2013-01 – 2013-06-18'."""
        return date_span(self.start, self.end)

    @property
    def label(self) -> str:
        """Its title and dates: 'Foreign intervention (January 2013) · 2013-01 – 2013-06-18'."""
        return f"{self.title} · {self.span}"

    def numbered(self, number: int, of: int | None = None, dates: bool = True) -> str:
        """The one way views name a phase: '3. Title · dates' (a control's option), 'Phase 3 of 8: Title · dates'
        with `of` (a map's or a page's heading); without the dates when `dates` is False."""
        name = self.label if dates else self.title
        return f"Phase {number} of {of}: {name}" if of is not None else f"{number}. {name}"

    def contains(self, date: PartialDate) -> bool:
        return self.start.first_day() <= date.first_day() <= self.end.last_day()


def date_span(start: PartialDate, end: PartialDate) -> str:
    """An interval as the views write it: '2012-01 – 2012-04'; one month (or day, or year) once: '2022-04'."""
    if start.iso() == end.iso():
        return start.iso()
    return f"{start.iso()} – {end.iso()}"


def timeline_span(phases: tuple[Phase, ...] | list[Phase]) -> str:
    """The whole timeline, first phase's start to last phase's end ('' when there is no phase)."""
    return date_span(phases[0].start, phases[-1].end) if phases else ""


@dataclass(frozen=True, slots=True)
class Place:
    """A named point from a gazetteer.

    name: the canonical name ('Ménaka').
    lat, lon: WGS84 degrees.
    kind: town, city, capital, village, district (a part of a city: GeoNames PPLX), region, country, river,
        mountain, water, site.
    country: ISO 3166-1 alpha-2 code.
    admin1: first-level division name, '' when unknown.
    aliases: other spellings that name it.
    geonames_id: GeoNames id, 0 when none.
    source: where the coordinates come from ('curated', 'geonames', 'nominatim').
    population: from GeoNames, 0 when unknown.
    demonyms: for a country, its adjectives ('Malian'), which pin "the Malian town of X" to it.
    gazetteer_name: the gazetteer's own name ('Al Quşayr') when `name` is the article's spelling
        ('al-Qusayr', see naming.py); '' when `name` is the gazetteer's.
    """

    name: str
    lat: float
    lon: float
    kind: str
    country: str = ""
    admin1: str = ""
    aliases: tuple[str, ...] = ()
    geonames_id: int = 0
    source: str = ""
    population: int = 0
    demonyms: tuple[str, ...] = ()
    gazetteer_name: str = ""

    @property
    def is_town(self) -> bool:
        return self.kind in TOWN_KINDS


TOWN_KINDS = frozenset({"town", "city", "capital", "village", "district"})
# Event.date_basis values for a date the sentence does not state itself: an earlier sentence's, or the heading's.
INFERRED_BASES = frozenset({"context", "heading"})
PLACE_KINDS = TOWN_KINDS | {"region", "country", "river", "mountain", "water", "site"}


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at a place on a date, as one sentence of the article says.

    place: the resolved Place.
    mention: the words of the sentence that named it ('Menaka', 'in Khalil').
    date_start: when it happened (or began).
    date_end: when a range ended; None unless the text gives a range.
    phase: key of the Phase whose interval holds date_start ('' if none does).
    section: the heading of the section the sentence is in.
    sentence: the source sentence, as written.
    date_basis: how the date was found: 'explicit', 'coarse', 'relative', 'context' (an earlier
        sentence's date), 'heading' (the section heading's date).
    event_type, actor1, actor2: what happened and who took part, '' when unknown.
    """

    place: Place
    mention: str
    date_start: PartialDate
    date_end: PartialDate | None
    phase: str
    section: str
    sentence: str
    date_basis: str = "explicit"
    event_type: str = ""
    actor1: str = ""
    actor2: str = ""

    @property
    def precision(self) -> str:
        return self.date_start.precision

    # dataclasses.replace checks every field on each call; these two copies run once per event.
    def with_phase(self, phase: str) -> Event:
        return Event(self.place, self.mention, self.date_start, self.date_end, phase, self.section, self.sentence,
                     self.date_basis, self.event_type, self.actor1, self.actor2)

    def with_roles(self, event_type: str, actor1: str, actor2: str) -> Event:
        return Event(self.place, self.mention, self.date_start, self.date_end, self.phase, self.section, self.sentence,
                     self.date_basis, event_type, actor1, actor2)

    def to_record(self) -> dict[str, Any]:
        """The flat record the CLI writes (JSONL, CSV, GeoJSON properties)."""
        return {
            "place": self.place.name,
            "kind": self.place.kind,
            "lat": self.place.lat,
            "lon": self.place.lon,
            "date_start": self.date_start.iso(),
            "date_end": self.date_end.iso() if self.date_end else None,
            "precision": self.precision,
            "date_basis": self.date_basis,
            "phase": self.phase,
            "section": self.section,
            "sentence": self.sentence,
            "mention": self.mention,
            "country": self.place.country,
            "geonames_id": self.place.geonames_id or None,
            "event_type": self.event_type,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "gazetteer_name": self.place.gazetteer_name or self.place.name,
        }


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A name the text uses as a place that no gazetteer layer knows.

    name: as written. sentence: the first sentence that uses it. count: how often it appears.
    """

    name: str
    sentence: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class Result:
    """What the pipeline makes of one document."""

    document: Document
    phases: tuple[Phase, ...]
    events: tuple[Event, ...]
    unresolved: tuple[Unresolved, ...] = ()
    others: tuple[Event, ...] = field(default=())  # dated mentions of regions, countries, rivers
    rejected_dates: tuple[str, ...] = ()  # impossible dates seen in the text, not guessed
    notes: tuple[str, ...] = ()  # what the user should know: an empty article, no dated towns

    def phase(self, key: str) -> Phase:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def events_in(self, phase_key: str | None) -> tuple[Event, ...]:
        if phase_key is None:
            return self.events
        return tuple(e for e in self.events if e.phase == phase_key)
