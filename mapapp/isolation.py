"""Homonyms far from the article's towns: a village whose only reading lies far from every other place the
article names is another village of that name, not the article's.

The offline layers miss villages of the war zones (the village layer holds GeoNames' Syrian, Armenian and
Azerbaijani villages, not every one of them; of Ukraine's, the postal layer has a fraction). When the village
an article means is missing, a village of the same name elsewhere in the country answers instead: the postal
"Taliş" 170 km east of the Karabakh front for the front-line Talysh, the Tartus "Al Ḩamīdīyah" on the coast
for the Hamidiya next to al-Qusayr (both before the village layer held the right ones). A reader would not
put those dots there, and an honest "not found" is better than a confident wrong one.

So, after every sentence's places are found, each place that is only a village or a small town read from
its name (not a capital, a province seat, a city of 100,000, a curated place, the infobox's own town, nor a
place whose country its sentence names) is measured against the other places of the article: when its
nearest neighbour among them lies farther than the article's own scale allows, it is reported as not found.

The article's scale is the median distance from each of its places to its nearest other place: a few km in
a battle for one town, about 80 km in the Mali War. A place is isolated beyond FAR_FACTOR times that scale
(and never within FLOOR_KM); "the nearby town of X" says how near X is: beyond NEARBY_KM, or the scale when
that is larger, it is another X (near the infobox's town, when the article has one: "the nearby town of
Hamidiya" in the battle of al-Qusayr is near al-Qusayr, not near Tartus, which the article also names).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence

from .gazetteer import distance_km
from .lookup import WELL_KNOWN_POPULATION
from .model import Place

FAR_FACTOR = 3.0
FLOOR_KM = 75.0
NEARBY_KM = 30.0
_KM_PER_DEGREE = 111.2
# "the nearby town of Hamidiya", "the nearby villages of Hamidiya", "nearby Hamidiya": the text says it is near.
NEARBY_BEFORE = re.compile(r"\bnearby\s+(?:(?:town|village|city|locality|settlement|hamlet)s?\s+(?:of\s+)?)?$")


def unsure(place: Place) -> bool:
    """A place taken on its name alone that a homonym could stand in for: a village or small town of GeoNames,
    not a capital, a province seat, a city of 100,000 or a place of the curated file."""
    return (place.is_town and place.kind in {"town", "village"} and place.population < WELL_KNOWN_POPULATION
            and place.source != "curated")


def nearest_distances(points: Sequence[tuple[float, float]]) -> list[float]:
    """For each point, the distance in km to the nearest other point (inf when there is none).

    Points sorted by latitude, each searched outwards until the latitude gap alone exceeds the best found:
    near-linear for the few hundred places of an article, and no quadratic blow-up for a huge one."""
    order = sorted(range(len(points)), key=lambda i: points[i])
    lats = [points[i][0] for i in order]
    best = [math.inf] * len(points)
    for rank, i in enumerate(order):
        for step in (-1, 1):
            other = rank + step
            while 0 <= other < len(order) and abs(lats[other] - lats[rank]) * _KM_PER_DEGREE < best[i]:
                j = order[other]
                best[i] = min(best[i], distance_km(points[i], points[j]))
                other += step
    return best


def isolated_places(places: Iterable[Place], sure: Iterable[Place] = (), nearby: Iterable[Place] = (),
                    centre: Place | None = None) -> set[Place]:
    """The unsure places (see `unsure`) whose nearest other place of `places` lies beyond the article's scale.

    sure: places never judged (the infobox's own town, a place whose sentence names its country); they still
    count as neighbours. nearby: places the text calls nearby ("the nearby town of X"): near the article's
    own town (`centre`, the infobox's) when it has one, else near some other place it names."""
    places = list(places)
    distinct: dict[tuple[float, float], Place] = {}
    for place in places:
        if place.is_town and place.kind != "district":
            distinct.setdefault((place.lat, place.lon), place)
    if len(distinct) < 3:
        return set()  # two places are each other's nearest: no scale to judge by
    points = list(distinct)
    nearest = nearest_distances(points)
    finite = [d for d in nearest if math.isfinite(d)]
    scale = statistics.median(finite) if finite else 0.0
    far_km = max(FLOOR_KM, FAR_FACTOR * scale)
    near_km = max(NEARBY_KM, scale)
    sure_set, nearby_set = set(sure), set(nearby)
    found = set()
    for point, distance in zip(points, nearest):
        place = distinct[point]
        if not unsure(place) or place in sure_set:
            continue
        gap = distance_km(point, (centre.lat, centre.lon)) if centre is not None else distance
        if distance > far_km or (place in nearby_set and gap > near_km):
            found.add(place)
    spots = {(p.lat, p.lon) for p in found}  # one village may come as two objects (two layers' rows)
    return {p for p in places if (p.lat, p.lon) in spots and unsure(p) and p not in sure_set}


