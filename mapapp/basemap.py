"""Which outlines a map draws: the countries its events are in (1:50m, with their first-level regions) and
the neighbours in view (1:110m), from the world basemap vendored in mapapp/static/basemap.

No Mali, or any other country, is assumed: a map of Syrian towns draws Syria and its regions. Pure data
(json only), so that maps, exports and tests share one choice of what a page carries.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Document, Event

BASEMAP_DIR = Path(__file__).resolve().parent / "static" / "basemap"
FAR_KM = 1500  # a town this far from the centre of a map's events is not part of its main view
OUTLYING_SHARE = 0.05  # and the outermost lone towns holding this share of the events
ALONE_KM = 300
# A wide gap in the towns' distances from the centre (the next town GAP_KM away or more and GAP_RATIO times
# as far as the last one) past which lie less than GAP_SHARE of the events nearer than FAR_KM: a battle's
# towns, then the capitals where it was discussed or bombed (al-Qusayr and Homs, then Damascus and Beirut).
GAP_KM = 100
GAP_RATIO = 1.6
GAP_SHARE = 0.4
MIN_SPAN = 1.5  # degrees: a view of one town still shows the land around it
FOCUS_MAX_BYTES = 40_000  # a country bigger than this at 1:50m (Russia, Canada) is drawn at 1:110m
Box = list[list[float]]  # Leaflet bounds, [[south, west], [north, east]]


@dataclass(frozen=True, slots=True)
class Basemap:
    """The outlines one map draws.

    countries: the countries the events are in (GeoJSON features, properties name and iso2).
    neighbours: other countries in view, coarser. regions: first-level regions of `countries`.
    view: the box the main view fits (the towns near the events' median, padded); None with no place.
    far: names of towns beyond that view (an event in Paris on a map of Mali), most events first.
    """

    countries: tuple[dict[str, Any], ...]
    neighbours: tuple[dict[str, Any], ...]
    regions: tuple[dict[str, Any], ...]
    view: Box | None
    far: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f["properties"]["iso2"] for f in self.countries))


@functools.cache
def _collection(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((BASEMAP_DIR / name).read_text(encoding="utf-8"))["features"])


@functools.cache
def _regions(code: str) -> tuple[dict[str, Any], ...]:
    path = BASEMAP_DIR / "regions" / f"{code}.json"
    if not re.fullmatch(r"[A-Z]{2}", code) or not path.is_file():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8"))["features"])


@functools.cache
def _boxes(name: str) -> tuple[Box, ...]:
    return tuple(_points_box(outer_points(f["geometry"])) for f in _collection(name))


@functools.cache
def _sizes() -> tuple[int, ...]:
    return tuple(len(json.dumps(f, separators=(",", ":"))) for f in _collection("countries.json"))


def outer_points(geometry: dict[str, Any]) -> list[list[float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for point in polygon[0]]


def _points_box(points: Sequence[Sequence[float]]) -> Box:
    """GeoJSON [lon, lat] points -> their box as Leaflet bounds."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0][0] <= b[1][0] and b[0][0] <= a[1][0] and a[0][1] <= b[1][1] and b[0][1] <= a[1][1]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def pad_box(box: Box, fraction: float = 0.08, minimum: float = MIN_SPAN) -> Box:
    """A box grown by `fraction` of its size each way, and to at least `minimum` degrees across."""
    (south, west), (north, east) = box
    pad_lat = max((north - south) * fraction, (minimum - (north - south)) / 2, 0)
    pad_lon = max((east - west) * fraction, (minimum - (east - west)) / 2, 0)
    return [[max(-85.0, south - pad_lat), west - pad_lon], [min(85.0, north + pad_lat), east + pad_lon]]


def main_towns(events: Sequence[Event]) -> tuple[set[str], tuple[str, ...]]:
    """(towns of the main view, far towns most events first). The main view gathers around the town with the
    most events within FAR_KM of it (the densest part of the story: Nagorno-Karabakh's towns, not the
    capitals where it was discussed); a town more than FAR_KM from that centre is far, and so are the
    outermost towns that together hold no more than OUTLYING_SHARE of the events."""
    if not events:
        return set(), ()
    counts = Counter(e.place.name for e in events)
    points = {e.place.name: (e.place.lat, e.place.lon) for e in events}

    def near(a: str, b: str) -> bool:
        return distance_km(*points[a], *points[b]) <= FAR_KM

    centre = max(sorted(points), key=lambda town: (sum(counts[t] for t in points if near(town, t)),
                                                   counts[town]))
    far = {town for town in points if not near(centre, town)}
    far |= beyond_gap({t: points[t] for t in points if t not in far}, counts, centre)
    # The outermost towns that together hold at most OUTLYING_SHARE of the events leave the view too: one
    # hostage crisis in In Amenas would otherwise make Mali a third of its map.
    # Only a lone town counts (none of the others within ALONE_KM: Kati beside Bamako stays), and only in the
    # outer half.
    budget = OUTLYING_SHARE * len(events) - sum(counts[t] for t in far)
    by_distance = sorted(set(points) - far, key=lambda t: -distance_km(*points[centre], *points[t]))
    for town in by_distance[: len(by_distance) // 2]:
        if counts[town] > budget:
            break
        if all(distance_km(*points[town], *points[other]) > ALONE_KM for other in points if other != town):
            budget -= counts[town]
            far.add(town)
    return set(points) - far, tuple(sorted(far, key=lambda name: (-counts[name], name)))


def beyond_gap(points: dict[str, tuple[float, float]], counts: Counter, centre: str) -> set[str]:
    """The towns past the first wide gap in distance from the centre (see GAP_KM) when they hold less than
    GAP_SHARE of these towns' events: a view of the main cluster, at the scale of the battle."""
    ranked = sorted(points, key=lambda town: (distance_km(*points[centre], *points[town]), town))
    total = sum(counts[town] for town in ranked)
    inner = 0
    for town, after in zip(ranked, ranked[1:]):
        inner += counts[town]
        reach, gap = (distance_km(*points[centre], *points[t]) for t in (town, after))
        if gap >= GAP_KM and gap >= GAP_RATIO * reach and total - inner < GAP_SHARE * total:
            return set(ranked[ranked.index(after):])
    return set()


def named_countries(document: Document) -> tuple[str, ...]:
    """ISO codes of the countries whose names the title or the infobox's place fields give ('Boulikessi,
    Mali'): where a map with no placed event looks."""
    texts = [document.title]
    for box in document.metadata.get("infoboxes") or []:
        if isinstance(box, dict):
            for field in ("place", "location", "territory", "partof"):
                value = box.get(field)
                texts.append(value.get("text", "") if isinstance(value, dict) else str(value or ""))
    text = " ".join(t for t in texts if isinstance(t, str))
    found = []
    for feature in _collection("countries.json"):
        name = feature["properties"]["name"]
        if len(name) > 3 and re.search(rf"\b{re.escape(name)}\b", text):
            found.append(feature["properties"]["iso2"])
    return tuple(dict.fromkeys(found))


def choose_basemap(events: Sequence[Event], document: Document | None = None) -> Basemap:
    """The outlines for a map of these events: their countries (those of the main view at 1:50m, with
    regions where a quarter of the events are; a far town's country coarser, so that it is on land when the user pans there), and every
    other country that overlaps the view."""
    main, far = main_towns(events)
    main_events = [e for e in events if e.place.name in main]
    codes = Counter(e.place.country for e in main_events if e.place.country)
    far_codes = {e.place.country for e in events if e.place.name in far and e.place.country} - set(codes)
    if main_events:
        view = pad_box(_points_box([(e.place.lon, e.place.lat) for e in main_events]))
    else:
        codes = Counter(named_countries(document)) if document is not None else Counter()
        boxes = [box for f, box in zip(_collection("countries.json"), _boxes("countries.json"))
                 if f["properties"]["iso2"] in codes]
        view = pad_box(_points_box([pt for box in boxes for pt in ((box[0][1], box[0][0]),
                                                                  (box[1][1], box[1][0]))])) if boxes else None
    countries, regions = [], []
    for feature, size in zip(_collection("countries.json"), _sizes()):
        if feature["properties"]["iso2"] in codes and size <= FOCUS_MAX_BYTES:
            countries.append(feature)
    drawn = {f["properties"]["name"] for f in countries}
    # Regions only where the story is (a quarter of the events or more): every country's regions would
    # weigh more than the rest of the page.
    for code, count in codes.items():
        if 4 * count >= sum(codes.values()):
            regions.extend(_regions(code))
    neighbours = []
    context = pad_box(view, 0.3, 5.0) if view else None
    for feature, box in zip(_collection("countries-110m.json"), _boxes("countries-110m.json")):
        code, name = feature["properties"]["iso2"], feature["properties"]["name"]
        if name in drawn:
            continue
        if code in codes:  # too big at 1:50m: drawn coarser, still as one of the map's own countries
            countries.append(feature)
        elif code in far_codes or (context and _overlaps(box, context)):
            neighbours.append(feature)
    return Basemap(tuple(countries), tuple(neighbours), tuple(regions), view, far)


def label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) where a polygon's name can go: the area centroid of its largest outer ring."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best[0] and area:
            best = (abs(area), cy / (3 * area), cx / (3 * area))
    if best[0] < 0:  # degenerate rings only: fall back to the first vertex
        lon, lat = polygons[0][0][0]
        return lat, lon
    return round(best[1], 3), round(best[2], 3)


def basemap_labels(basemap: Basemap) -> list[list[Any]]:
    """[lat, lon, name, kind] for each drawn country ('country') and region ('region'), names plain text."""
    labels = [[*label_point(f["geometry"]), f["properties"]["name"], "country"]
              for f in (*basemap.countries, *basemap.neighbours)]
    labels += [[*label_point(f["geometry"]), f["properties"]["name"], "region"] for f in basemap.regions]
    return labels


def iter_features(basemap: Basemap) -> Iterable[dict[str, Any]]:
    yield from basemap.countries
    yield from basemap.neighbours
    yield from basemap.regions
