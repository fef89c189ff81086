"""Events of one view of the map -> one marker per town: its colour, size, and escaped tooltip and popup.

No folium here: mapapp.maps draws these markers, and anything else (a table, a test) can read them.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import INFERRED_BASES, Event, Result

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
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

    def __post_init__(self) -> None:
        for key, _, colour in self.categories:
            if not _COLOUR.fullmatch(colour):
                raise ValueError(
                    f"Expected a colour as '#rrggbb' for category {key!r}, instead got: {colour!r}."
                )

    def colour(self, key: str) -> str:
        return next((colour for k, _, colour in self.categories if k == key), OUTSIDE_COLOUR)


def phase_colouring(result: Result) -> Colouring:
    """Colour by phase from PALETTE in phase order; a town seen in several phases takes its latest."""
    categories = [(p.key, p.title, PALETTE[i % len(PALETTE)]) for i, p in enumerate(result.phases)]
    if any(not e.phase for e in result.events):
        categories.append(("", "Outside every phase", OUTSIDE_COLOUR))
    return Colouring("Phase", lambda events: events[-1].phase, tuple(categories))


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

    @property
    def radius(self) -> float:
        return marker_radius(len(self.events))


def marker_radius(count: int) -> float:
    """Pixels: grows with the square root of the event count (area ~ count), 7 px for one, at most 26."""
    return round(min(26.0, 4 + 3 * math.sqrt(count)), 1)


def view_events(result: Result, phase_key: str | None, step: str | None = None) -> tuple[Event, ...]:
    """The events of one view: a phase (None: every event, those outside all phases too) or one of its steps.

    Raises KeyError for a phase key or step title the result does not have."""
    if phase_key is not None:
        phase = result.phase(phase_key)
        if step is not None and step not in phase.steps:
            raise KeyError(f"Phase {phase_key!r} has no step {step!r}; its steps are {list(phase.steps)!r}.")
    events = result.events_in(phase_key)
    return tuple(e for e in events if step is None or e.section == step)


def town_markers(events: Sequence[Event], colouring: Colouring) -> tuple[TownMarker, ...]:
    """One marker per town, biggest first so that small ones are drawn on top and stay clickable."""
    by_town: dict[tuple[str, float, float], list[Event]] = {}
    for event in events:
        by_town.setdefault((event.place.name, event.place.lat, event.place.lon), []).append(event)
    markers = []
    for (name, lat, lon), town_events in by_town.items():
        ordered = tuple(sorted(town_events, key=lambda e: e.date_start.first_day()))
        category = colouring.category_of(ordered)
        markers.append(TownMarker(name, lat, lon, ordered, category, colouring.colour(category)))
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


def popup_html(marker: TownMarker) -> str:
    """The town, its event count, and its events in date order: date, short text, (section). All escaped."""
    items = []
    for event in marker.events:
        where = f' <span class="mapapp-where">({esc(event.section)})</span>' if event.section else ""
        items.append(f'<li><span class="mapapp-when">{esc(event_when(event))}</span> '
                     f"{esc(short_text(event.sentence))}{where}</li>")
    inferred = any(e.date_basis in INFERRED_BASES for e in marker.events)
    note = f'<p class="mapapp-popup-note">{esc(INFERRED_NOTE)}</p>' if inferred else ""
    return (f'<div class="mapapp-popup"><h3>{esc(marker.name)}</h3><p>{count_text(len(marker.events))}</p>'
            f"<ol>{''.join(items)}</ol>{note}</div>")


LABELLED_TOWNS = 10  # the towns with most events in a view carry their name on the map


def town_features(markers: Sequence[TownMarker]) -> dict[str, Any]:
    """RFC 7946 points, one per town; `tooltip` and `popup` are escaped HTML, `style` sizes and colours it,
    `label` names the busiest towns on the map itself ('' for the others, which name themselves on hover)."""
    busiest = {m.name for m in sorted(markers, key=lambda m: (-len(m.events), m.name))[:LABELLED_TOWNS]}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
         "properties": {"town": esc(m.name), "events": len(m.events), "category": esc(m.category),
                        "tooltip": tooltip_html(m), "popup": popup_html(m),
                        "label": esc(m.name) if m.name in busiest else "",
                        "style": {"radius": m.radius, "fillColor": m.colour}}}
        for m in markers
    ]}


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
    return Colouring("Held by, at the end of the phase", category_of, tuple(categories))
