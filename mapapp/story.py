"""The data of an exported page's story control (mapapp.js addStory): every event of the article once, its
towns, phases and sections, and the colourings, so that the page itself narrows, colours, lists and steps
through the events with no server. Pure data: mapapp.maps puts it in the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .basemap import Basemap, pad_box
from .model import INFERRED_BASES, Result
from .towns import (
    Colouring, esc, event_actors, event_when, short_text, town_markers, type_label, view_events, view_span,
)


def legend_html(colouring: Colouring, note: str = "") -> str:
    """The legend box's content: a <details> that mapapp.js folds on a narrow screen. Escaped HTML."""
    from .towns import marker_radius

    rows = "".join(f'<li data-colour="{esc(colour)}"><span class="mapapp-swatch" style="background:{colour}">'
                   f'</span>{esc(label)}</li>'
                   for _, label, colour in colouring.categories)
    sizes = []
    for count in (1, 5, 20):
        r = marker_radius(count)
        side = 2 * r + 2
        sizes.append(f'<span><svg width="{side}" height="{side}" aria-hidden="true"><circle cx="{r + 1}" '
                     f'cy="{r + 1}" r="{r}" fill="#bdbdbd" stroke="#666"/></svg>{count}</span>')
    notes = " ".join(n for n in (colouring.note, "Circle size: number of events in the town.", note) if n)
    return (f"<details open data-fold><summary>Legend: {esc(colouring.title)}</summary><ul>{rows}</ul>"
            f'<div class="mapapp-sizes">{"".join(sizes)}</div>'
            f'<p class="mapapp-note">{esc(notes)}</p></details>')


def story_data(result: Result, colourings: Sequence[Colouring], basemap: Basemap, view: str | None = None,
               step: str | None = None, holders: dict[str, list[str]] | None = None,
               max_zoom: int = 8, element_id: str = "story") -> dict[str, Any]:
    """What addStory needs, JSON-ready; every string from the document escaped.

    view: the phase key the page opens on (None: All phases). step: a section title the page keeps to.
    holders: town -> who held it at the end of each view (All phases first), for the 'control' colouring."""
    towns, town_rows, sections, types, events = _event_table(result, basemap)
    far = set(basemap.far)
    keys = [None, *(p.key for p in result.phases)]
    view_bounds = [_view_bounds(result, key, step if key == view else None, far) for key in keys]
    fallback = basemap.view or [[-60.0, -170.0], [75.0, 170.0]]
    return {
        "id": element_id,
        "events": events,
        "towns": town_rows,
        "phases": [[p.key, esc(p.title), p.start.iso(), p.end.iso()] for p in result.phases],
        # All phases' dates, as the app's (towns.view_span): the phases' timeline, not the first background
        # date of any event.
        "allSpan": [day.isoformat() for day in view_span(result, None)],
        "sections": [esc(s) for s in sections],
        "types": {str(i): esc(t) for t, i in types.items()},
        "typeLabels": [esc(type_label(t)) for t in types],
        "other": str(types.get("other", -1)),
        "colourings": [{"key": c.key, "title": esc(c.title), "categories": [[esc(k), esc(label), colour]
                                                                         for k, label, colour in c.categories],
                        "legend": legend_html(c)} for c in colourings],
        "colour": colourings[0].key,
        "holders": {str(towns[t]): [esc(h) for h in hs] for t, hs in (holders or {}).items() if t in towns},
        "view": keys.index(view) if view in keys else 0,
        "step": sections.get(step) if step is not None else None,
        "viewBounds": view_bounds,
        "bounds": fallback,
        "far": [esc(name) for name in basemap.far],
        "maxZoom": max_zoom,
    }


def _view_bounds(result: Result, key: str | None, step: str | None, far: set[str]) -> list[list[float]] | None:
    """Where a view opens: its towns but the far ones, padded a little."""
    places = {(e.place.lat, e.place.lon) for e in view_events(result, key, step) if e.place.name not in far}
    if not places:
        return None
    lats, lons = [p[0] for p in places], [p[1] for p in places]
    return pad_box([[min(lats), min(lons)], [max(lats), max(lons)]], 0.02)


_LAST_TABLE: list = []  # (result, far towns, table): every page of one export shares the article's events


def _event_table(result: Result, basemap: Basemap) -> tuple:
    """The article's events once, as addStory reads them, and the indexes they refer to. Kept for the last
    result: an export builds 17 pages of the Mali War from one table."""
    if _LAST_TABLE and _LAST_TABLE[0] is result and _LAST_TABLE[1] == basemap.far:
        return _LAST_TABLE[2]
    far = set(basemap.far)
    towns: dict[str, int] = {}
    town_rows: list[list[Any]] = []
    sections: dict[str, int] = {}
    types: dict[str, int] = {}
    phase_index = {p.key: i for i, p in enumerate(result.phases)}
    events = []
    for event in result.events:
        name = event.place.name
        if name not in towns:
            towns[name] = len(town_rows)
            town_rows.append([esc(name), event.place.lat, event.place.lon, 0 if name in far else 1])
        kind = event.event_type or "other"
        events.append([
            towns[name], event.date_start.iso(), event.date_end.iso() if event.date_end else "",
            1 if event.date_basis in INFERRED_BASES else 0, types.setdefault(kind, len(types)),
            esc(event_when(event)), esc(event_actors(event)), esc(short_text(event.sentence)),
            sections.setdefault(event.section, len(sections)), phase_index.get(event.phase, -1),
        ])
    table = (towns, town_rows, sections, types, events)
    _LAST_TABLE[:] = [result, basemap.far, table]
    return table


def view_categories(result: Result, colouring: Colouring) -> dict[str, list[str]]:
    """Town -> its category in each view (All phases, then each phase; '' where it has no event): what the
    story control colours by when a colouring cannot be worked out in the page (who held the town)."""
    keys = [None, *(p.key for p in result.phases)]
    table: dict[str, list[str]] = {}
    for index, key in enumerate(keys):
        for marker in town_markers(view_events(result, key), colouring):
            table.setdefault(marker.name, [""] * len(keys))[index] = marker.category
    return table
