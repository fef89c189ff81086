"""Homonyms far from the article's towns (mapapp/isolation.py): a village whose only reading lies far from every
other place the article names is reported as not found, not drawn where another village of its name is."""

from __future__ import annotations

import math

import pytest

from mapapp.isolation import isolated_places, nearest_distances
from mapapp.load import parse_document
from mapapp.model import Place
from mapapp.pipeline import analyse


def village(name: str, lat: float, lon: float, kind: str = "village", population: int = 0) -> Place:
    return Place(name, lat, lon, kind, "XX", source="geonames", population=population)


def test_nearest_distances_matches_brute_force():
    points = [(40.0 + i * 0.037 % 1.3, 46.0 + (i * 0.71) % 2.1) for i in range(60)]
    from mapapp.gazetteer import distance_km
    brute = [min(distance_km(p, q) for j, q in enumerate(points) if j != i) for i, p in enumerate(points)]
    assert nearest_distances(points) == pytest.approx(brute)
    assert nearest_distances([(1.0, 1.0)]) == [math.inf]


# A front of villages about 10 km apart, a capital 250 km away, and one village of a homonym's name far east.
FRONT = [village(f"V{i}", 40.0 + 0.09 * (i % 3), 46.5 + 0.11 * i) for i in range(6)]
CAPITAL = village("Capital", 40.4, 49.9, kind="capital", population=2_000_000)


def test_a_village_far_from_every_other_place_is_isolated():
    far = village("Homonym", 40.07, 48.69)  # 150 km from the front, 100 from the capital
    assert isolated_places([*FRONT, CAPITAL, far]) == {far}


def test_a_village_among_the_others_or_a_city_far_away_is_not():
    near = village("Near", 40.05, 47.3)
    city = village("City", 40.07, 48.69, kind="city", population=300_000)
    assert isolated_places([*FRONT, CAPITAL, near, city]) == set()


def test_the_scale_of_the_article_decides_how_far_is_far():
    # Villages 150 km apart (a war across a country): one 200 km from the others is one of them.
    spread = [village(f"S{i}", 14.0 + 1.35 * i, -4.0 + 0.2 * i) for i in range(6)]
    assert isolated_places([*spread, village("Out", 14.0, -5.9)]) == set()


def test_the_infobox_town_and_a_place_its_sentence_locates_are_never_judged():
    far = village("Homonym", 40.07, 48.69)
    assert isolated_places([*FRONT, CAPITAL, far], sure=[far]) == set()


def test_a_town_the_text_calls_nearby_must_be_near_the_articles_town():
    centre = village("Centre", 34.51, 36.58, kind="town")
    others = [centre, village("A", 34.6, 36.6), village("B", 34.45, 36.5), village("C", 34.72, 36.72)]
    coast = village("Coast", 34.71, 35.95)  # 60 km from the centre: another town of that name
    assert isolated_places([*others, coast], nearby=[coast], centre=centre) == {coast}
    close = village("Close", 34.55, 36.6)
    assert isolated_places([*others, close], nearby=[close], centre=centre) == set()


def test_two_places_alone_give_no_scale():
    assert isolated_places([village("A", 40.0, 46.0), village("B", 41.0, 49.0)]) == set()


# ------------------------------------------------------------------------------------------ whole articles

KARABAKH = """---
title: 2016 clashes
infoboxes:
  - place:
      text: Nagorno-Karabakh
    date:
      text: 1–5 April 2016
---

## Clashes (April 2016)
On 2 April, fighting was reported in Tartar, Aghdam, Fuzuli and Martakert. On 3 April, Azerbaijani troops
captured heights near the village of Talysh.
"""


def test_a_front_line_village_is_its_homonym_near_the_front(gazetteer):
    # QA report item 1: the postal layer's "Taliş" lies 170 km east of the front; the village layer
    # (geonames_villages) holds six Talış of Azerbaijan, one of them in Tǝrtǝr district on the front line:
    # the article's other towns say which.
    result = analyse(parse_document(KARABAKH, "k.md"), gazetteer)
    placed = {e.place.name: e.place for e in result.events}
    assert {"Tartar", "Aghdam", "Martakert"} <= set(placed)
    talysh = placed["Talysh"]
    assert math.dist((talysh.lat, talysh.lon), (placed["Tartar"].lat, placed["Tartar"].lon)) < 0.5  # degrees: ~40 km
    assert "Talysh" not in [u.name for u in result.unresolved]


QUSAYR = """---
title: Battle of al-Qusayr
infoboxes:
  - place:
      text: Al-Qusayr, Syria
    date:
      text: 19 May – 5 June 2013
---

## Battle (May 2013)
On 24 May, army forces advanced in the nearby town of Hamidiya, to cut the last supply line into al-Qusayr.
On 25 May, rebels held Homs, Rastan and the port of Tartous.
"""


def test_the_nearby_town_is_the_homonym_near_the_articles_town(gazetteer):
    # QA report item 2: the "Hamidiya" of cities500 is in Tartus governorate, 60 km from al-Qusayr (reported
    # not found while it was the only one); the village layer's Al Ḩamīdīyah 8 km south of al-Qusayr, spelled
    # otherwise, is "the nearby town".
    result = analyse(parse_document(QUSAYR, "q.md"), gazetteer)
    places = {e.place.name: e.place for e in result.events}
    assert "al-Qusayr" in places
    hamidiya, qusayr = places["Hamidiya"], places["al-Qusayr"]
    assert math.dist((hamidiya.lat, hamidiya.lon), (qusayr.lat, qusayr.lon)) < 0.2  # degrees: ~15 km
