"""Events of one view of the map -> one marker per town: its colour, size, and escaped tooltip and popup.

No folium here: mapapp.maps draws these markers, and anything else (a table, a test) can read them.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .actors import EVENT_TYPES
from .model import INFERRED_BASES, Event, Result

# Qualitative, colour-blind safe (Paul Tol's "muted"): spare colours for holders with no colour of their own.
PALETTE = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499")
# Phases are ordered in time: a sequential, colour-blind safe ramp (viridis, dark purple early to green
# late, its pale yellow end left out: it vanishes on pale land). Sampled evenly for the article's phases.
PHASE_RAMP = ("#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6dcd59",
              "#a0da39")
# Event types: Okabe-Ito's colour-blind safe set, then two of Tol's; grey for "other".
TYPE_COLOURS = {
    "capture": "#d55e00", "attack": "#e69f00", "bombing": "#cc79a7", "airstrike": "#0072b2",
    "protest": "#f0e442", "withdrawal": "#56b4e9", "civilian_killing": "#000000", "hostage_taking": "#882255",
    "agreement": "#009e73", "deployment": "#332288", "other": "#bbbbbb",
}
OUTSIDE_COLOUR = "#737373"  # events outside every phase
SHORT_TEXT = 160
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def esc(text: str) -> str:
    """Document text -> HTML that displays it and runs nothing. Braces become entities too: branca compiles
    rendered scripts again as Jinja templates, where a '{{ ... }}' from a sentence would be evaluated."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


@dataclass(frozen=True, slots=True)
class Colouring:
    """How town markers are coloured, and what the legend says about it.

    title: the legend's heading, plain text ('Phase').
    category_of: a town's events in one view of the map, in date order -> a category key.
    categories: (key, label, colour) for every category in legend order; label plain text, colour '#rrggbb'.
    """

    title: str
    category_of: Callable[[Sequence[Event]], str]
    categories: tuple[tuple[str, str, str], ...]
    rings_of: Callable[[Sequence[Event]], tuple[str, ...]] | None = None
    note: str = ""
    key: str = "phase"  # phase, type or control: the name in a URL and in mapapp.js

    def __post_init__(self) -> None:
        for key, _, colour in self.categories:
            if not _COLOUR.fullmatch(colour):
                raise ValueError(
                    f"Expected a colour as '#rrggbb' for category {key!r}, instead got: {colour!r}."
                )

    def colour(self, key: str) -> str:
        return next((colour for k, _, colour in self.categories if k == key), OUTSIDE_COLOUR)


def ramp(count: int, colours: Sequence[str] = PHASE_RAMP) -> list[str]:
    """`count` colours spread evenly over a sequential ramp, first to last."""
    if count <= 1:
        return list(colours[:count])
    return [colours[round(i * (len(colours) - 1) / (count - 1))] if count <= len(colours)
            else colours[i * len(colours) // count] for i in range(count)]


MAX_RINGS = 3  # rings around a town for its later phases


def phase_colouring(result: Result) -> Colouring:
    """Colour by phase, early dark to late light. A town seen in several phases (All phases) takes the
    colour of its first phase, with a ring per later phase: when it mattered, read from the outside in."""
    colours = ramp(len(result.phases))
    categories = [(p.key, p.title, colours[i]) for i, p in enumerate(result.phases)]
    if any(not e.phase for e in result.events):
        categories.append(("", "Outside every phase", OUTSIDE_COLOUR))
    order = {p.key: i for i, p in enumerate(result.phases)}

    def first_phase(events: Sequence[Event]) -> str:
        return min((e.phase for e in events), key=lambda key: order.get(key, len(order)))

    def later_phases(events: Sequence[Event]) -> tuple[str, ...]:
        # Events outside every phase (before or after the timeline) are neither earlier nor later: no ring.
        seen = sorted({e.phase for e in events if e.phase in order}, key=lambda key: order[key])
        # The latest MAX_RINGS only: nine rings (a month-by-month article) make a target that hides the
        # towns around it.
        return tuple(_colour_of(categories, key) for key in seen[1:][-MAX_RINGS:])

    note = ("Colour: the first phase with events in the town; a ring for each later phase (the latest "
            f"{MAX_RINGS} at most). Darker is earlier.") if len(result.phases) > 1 else ""
    return Colouring("Phase", first_phase, tuple(categories), later_phases, note, "phase")


def _colour_of(categories: Sequence[tuple[str, str, str]], key: str) -> str:
    return next((colour for k, _, colour in categories if k == key), OUTSIDE_COLOUR)


def type_label(event_type: str) -> str:
    return (event_type or "other").replace("_", " ").capitalize()


def type_colouring(result: Result) -> Colouring:
    """Colour by what happened: each town by its most frequent event type in the view (the latest on a tie;
    'other' only when nothing else is known). The legend lists the types the article has."""
    present = Counter(e.event_type or "other" for e in result.events)
    known = [t for t in (*EVENT_TYPES, *sorted(set(present) - set(EVENT_TYPES))) if t in present]
    spare = iter(PALETTE)
    categories = tuple((t, type_label(t), TYPE_COLOURS.get(t) or next(spare, OUTSIDE_COLOUR)) for t in known)

    def main_type(events: Sequence[Event]) -> str:
        counts = Counter(e.event_type or "other" for e in events)
        if len(counts) > 1:
            counts.pop("other", None)
        last = {e.event_type or "other": i for i, e in enumerate(events)}
        return max(counts, key=lambda t: (counts[t], last.get(t, -1)))

    return Colouring("Event type", main_type, categories,
                     note="Colour: the town's most frequent event type in this view.", key="type")


@dataclass(frozen=True, slots=True)
class TownMarker:
    """One marker: a town and its events in one view of the map.

    name, lat, lon: the place. events: its events in this view, in date order.
    category: what the colouring made of those events; colour: that category's colour.
    """

    name: str
    lat: float
    lon: float
    events: tuple[Event, ...]
    category: str
    colour: str
    rings: tuple[str, ...] = ()

    @property
    def radius(self) -> float:
        return marker_radius(len(self.events))


def marker_radius(count: int) -> float:
    """Pixels: grows with the square root of the event count (area ~ count), 7 px for one, at most 26."""
    return round(min(26.0, 4 + 3 * math.sqrt(count)), 1)


def view_events(result: Result, phase_key: str | None, step: str | None = None,
                span: tuple[dt.date, dt.date] | None = None) -> tuple[Event, ...]:
    """The events of one view: a phase (None: every event, those outside all phases too) or one of its steps,
    narrowed to the events that start within `span` (first and last day, inclusive) when given.

    Raises KeyError for a phase key or step title the result does not have."""
    if phase_key is not None:
        phase = result.phase(phase_key)
        if step is not None and step not in phase.steps:
            raise KeyError(f"Phase {phase_key!r} has no step {step!r}; its steps are {list(phase.steps)!r}.")
    events = result.events_in(phase_key)
    return tuple(e for e in events if (step is None or e.section == step)
                 and (span is None or span[0] <= e.date_start.first_day() <= span[1]))


def view_span(result: Result, phase_key: str | None) -> tuple[dt.date, dt.date]:
    """First and last day a view covers: its phase's interval; for All phases (None) the phases' timeline
    (a two-day battle is not stretched to 2007 by an anniversary outside every phase, whose events still
    show while the whole span is chosen), or with no phase the events' dates. The app and the exported
    pages both read their dates here."""
    if phase_key is not None:
        phase = result.phase(phase_key)
        return phase.start.first_day(), phase.end.last_day()
    if result.phases:
        return (min(p.start.first_day() for p in result.phases), max(p.end.last_day() for p in result.phases))
    days = [e.date_start.first_day() for e in result.events]
    if days:
        return min(days), max(days)
    today = dt.date.today()
    return today, today


def town_markers(events: Sequence[Event], colouring: Colouring) -> tuple[TownMarker, ...]:
    """One marker per town, biggest first so that small ones are drawn on top and stay clickable."""
    by_town: dict[tuple[str, float, float], list[Event]] = {}
    for event in events:
        by_town.setdefault((event.place.name, event.place.lat, event.place.lon), []).append(event)
    markers = []
    for (name, lat, lon), town_events in by_town.items():
        ordered = tuple(sorted(town_events, key=lambda e: e.date_start.first_day()))
        category = colouring.category_of(ordered)
        rings = colouring.rings_of(ordered) if colouring.rings_of else ()
        markers.append(TownMarker(name, lat, lon, ordered, category, colouring.colour(category), rings))
    return tuple(sorted(markers, key=lambda m: (-len(m.events), m.name)))


def short_text(sentence: str, limit: int = SHORT_TEXT) -> str:
    """The sentence on one line, cut at a word boundary to at most `limit` characters."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:") + "…"


INFERRED_NOTE = "≈ the sentence gives no date of its own: it is dated by the text before it or by its heading."


def event_when(event: Event, mark_inferred: bool = True) -> str:
    """The event's date as shown to users: ISO at its precision, a range as 'start – end', and '≈ ' before
    a date the sentence does not state itself (model.INFERRED_BASES; see INFERRED_NOTE) unless told not to."""
    when = event.date_start.iso()
    if event.date_end and event.date_end != event.date_start:
        when = f"{when} – {event.date_end.iso()}"
    return f"≈ {when}" if mark_inferred and event.date_basis in INFERRED_BASES else when


def count_text(count: int, noun: str = "event") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def tooltip_html(marker: TownMarker) -> str:
    return f"<b>{esc(marker.name)}</b>: {count_text(len(marker.events))}"


def marker_name(marker: TownMarker) -> str:
    """What a screen reader says for a marker: 'Gao: 13 events, 2013-01-26 – 2014-05-17'. Plain text."""
    first, last = marker.events[0].date_start.iso(), marker.events[-1].date_start.iso()
    span = first if first == last else f"{first} – {last}"
    return f"{marker.name}: {count_text(len(marker.events))}, {span}"


def event_actors(event: Event) -> str:
    """'MNLA against Mali', 'France', or '' (plain text)."""
    if event.actor1 and event.actor2:
        return f"{event.actor1} against {event.actor2}"
    return event.actor1 or event.actor2


def event_cells(event: Event) -> list[str]:
    """One event as mapapp.js shows it in popups and the story: [date (≈ marked), type, actors, short text,
    section], each escaped HTML."""
    return [esc(event_when(event)), esc(type_label(event.event_type)), esc(event_actors(event)),
            esc(short_text(event.sentence)), esc(event.section)]


LABELLED_TOWNS = 40  # label candidates per view, busiest first; mapapp.js drops those that would collide


def town_features(markers: Sequence[TownMarker]) -> dict[str, Any]:
    """RFC 7946 points, one per town, for mapapp.bindTown. Properties: `town`, `tooltip` and `name` (the
    marker's accessible name, plain text: the page sets it as an attribute, never as HTML; the others are
    HTML), `events` (event_cells of each, date order), `types` ([label, count] most
    first), `label` (the name on the map for the busiest towns, '' for the others; mapapp.js places them
    without overlap, the busiest first), `rank`, `style` (radius, fill colour) and `rings` (colours)."""
    busiest = {m.name for m in sorted(markers, key=lambda m: (-len(m.events), m.name))[:LABELLED_TOWNS]}
    features = []
    for rank, m in enumerate(markers):
        types = Counter(type_label(e.event_type) for e in m.events).most_common()
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
             "properties": {"town": esc(m.name), "events": [event_cells(e) for e in m.events],
                            "count": len(m.events), "category": esc(m.category),
                            "tooltip": tooltip_html(m), "name": marker_name(m),
                            "types": [[esc(t), n] for t, n in types],
                            "inferred": any(e.date_basis in INFERRED_BASES for e in m.events),
                            "label": esc(m.name) if m.name in busiest else "", "rank": rank,
                            "style": {"radius": m.radius, "fillColor": m.colour}, "rings": list(m.rings)}})
    return {"type": "FeatureCollection", "features": features}


def markers_bounds(markers: Sequence[TownMarker]) -> list[list[float]] | None:
    if not markers:
        return None
    lats, lons = [m.lat for m in markers], [m.lon for m in markers]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


CONTESTED_COLOUR = "#e377c2"
UNKNOWN_COLOUR = "#d9d9d9"


def control_colouring(result: Result, changes: Sequence[Any] | None = None) -> Colouring:
    """Colour each town by who held it at the end of the view's phase (the last event's date when the
    event lies outside every phase); grey where the text does not say, pink where sources conflict."""
    from .actors import read_story  # core logic; towns only presents it
    from .control import control_changes, controller_at
    from .sides import holder_colours

    story = read_story(result.document, result.events)
    changes = control_changes(result, story) if changes is None else changes
    ends = {p.key: p.end for p in result.phases}

    def category_of(events: Sequence[Event]) -> str:
        last = events[-1]
        # The view's own end: a phase's last day, or for 'All phases' the end of the timeline.
        phases = {e.phase for e in events}
        at = ends.get(last.phase) if len(phases) == 1 else (result.phases[-1].end if result.phases else None)
        return controller_at(changes, last.place.name, at or last.date_start) or "unknown"

    holders = [c.controller for c in changes if c.controller]
    colours = holder_colours(story.sides, holders)  # per article, by side: never by name
    categories = [(holder, holder, colour) for holder, colour in colours.items()]
    categories.append(("contested", "Contested (sources conflict)", CONTESTED_COLOUR))
    categories.append(("unknown", "Not stated in the text", UNKNOWN_COLOUR))
    return Colouring("Held by, at the end of the phase", category_of, tuple(categories),
                     note="Who held the town at the end of the phase, as the text says.", key="control")
