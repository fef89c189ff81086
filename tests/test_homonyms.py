"""Which of a name's homonyms an article means (mapapp/homonyms.py): the one near where the article is, in
any of its own countries, and the town it already placed under another spelling."""

from __future__ import annotations

from mapapp.homonyms import MIN_ANCHORS, Homonyms
from mapapp.lookup import Option
from mapapp.model import Place
from mapapp.scope import Scope

FRONT = Scope(("AM", "AZ", "RU"), frozenset({"AM", "AZ"}), frozenset({"AM", "AZ", "RU"}))


def village(name: str, lat: float, lon: float, country: str = "AZ") -> Place:
    return Place(name, lat, lon, "village", country, source="geonames")


def option(place: Place, exact: bool = True, well_known: bool = False) -> Option:
    return Option(place, False, well_known, exact)


def placed_on_the_front(homonyms: Homonyms) -> None:
    for name, lat, lon in [("Tartar", 40.34, 46.93), ("Aghdam", 39.99, 46.93), ("Martakert", 40.21, 46.81)]:
        homonyms.placed(name, village(name, lat, lon), FRONT)


def test_no_reference_before_enough_towns_are_placed():
    homonyms = Homonyms()
    for n in range(MIN_ANCHORS - 1):
        homonyms.placed(f"Town{n}", village(f"Town{n}", 40.0 + n, 46.0), FRONT)
    assert homonyms.reference() is None
    options = [option(village("Talish", 40.29, 44.08, "AM")), option(village("Talış", 40.38, 46.74))]
    assert homonyms.order("Talish", options, FRONT) == options  # the gazetteer's order stands


def test_the_village_near_the_articles_towns_comes_first_in_any_of_its_countries():
    homonyms = Homonyms()
    placed_on_the_front(homonyms)
    far = option(village("Talish", 40.29, 44.08, "AM"))  # Armenia, the first country, 230 km off
    east = option(village("Talış", 40.07, 48.69))
    front = option(village("Talış", 40.38, 46.74))
    assert [o.place for o in homonyms.order("Talish", [far, east, front], FRONT)] == [front.place, east.place,
                                                                                        far.place]


def test_a_country_outside_the_core_still_ranks_after_it():
    homonyms = Homonyms()
    placed_on_the_front(homonyms)
    russian = option(village("Talish", 40.35, 46.90, "RU"))  # nearer, but not a country of the war
    front = option(village("Talış", 40.38, 46.74))
    assert homonyms.order("Talish", [russian, front], FRONT)[0] is front


def test_near_the_infobox_town_another_transliteration_ranks_with_the_exact_spelling():
    syria = Scope(("SY",), frozenset({"SY"}), frozenset({"SY", "LB"}))
    homonyms = Homonyms()
    homonyms.centre = Place("al-Qusayr", 34.51, 36.58, "town", "SY", source="geonames")
    tartus = option(village("Al Hamidiyah", 34.71, 35.95, "SY"), exact=True)
    near = option(village("Al Hamidiyah", 34.58, 36.55, "SY"), exact=False)
    assert homonyms.order("Hamidiya", [tartus, near], syria)[0] is near
    # Without an infobox town, the middle of a front line is no place to be near: the exact spelling first.
    middle = Homonyms()
    for name, lat, lon in [("A", 34.5, 36.5), ("B", 34.6, 36.6), ("C", 34.4, 36.6)]:
        middle.placed(name, village(name, lat, lon, "SY"), syria)
    assert middle.order("Hamidiya", [tartus, near], syria)[0] is tartus


def test_a_town_placed_under_another_spelling_is_the_same_town():
    syria = Scope(("SY",), frozenset({"SY"}), frozenset({"SY"}))
    homonyms = Homonyms()
    kafrayah = village("Kafrayā", 35.99, 36.68, "SY")
    homonyms.placed("Kafrayah", kafrayah, syria)
    elsewhere = option(village("Kafrayyā", 35.60, 36.93, "SY"), exact=False)
    assert homonyms.order("Kefraya", [elsewhere], syria)[0].place is kafrayah
    # ... unless a place of that exact spelling is known, or the letters differ more.
    exact = option(village("Kefraya", 35.60, 36.93, "SY"), exact=True)
    assert homonyms.order("Kefraya", [exact], syria)[0] is exact
    assert homonyms.look_alike("Kufrun") is None
