"""The layers together: the world layer places the towns of any war, the article's countries decide
between homonyms, transliterations are found, and a village abroad is never taken on its name alone."""

from __future__ import annotations

import pytest

from mapapp.gazetteer import Gazetteer

WAR_TOWNS = [
    # (as an article writes it, the article's countries, GeoNames id of the right place)
    ("Aleppo", ["SY"], 170063),
    ("Kharkiv", ["UA"], 706483),
    ("Hama", ["SY"], 170017),  # not the Malian village of the Sahel extract
    ("Homs", ["SY", "LB"], 169577),  # not Al Khums in Libya
    ("Tripoli", ["LB", "SY"], 266826),  # Lebanon's, not Libya's capital
    ("Jisr al-Shughur", ["SY"], 169023),
    ("Maarat al-Numan", ["SY"], 167611),
    ("Tel Rifaat", ["SY"], 163476),
    ("Sheikh Maskin", ["SY"], 164328),
    ("Raqqa", ["SY"], 172955),
    ("Sievierodonetsk", ["UA"], 691999),
    ("Severodonetsk", ["UA"], 691999),
    ("Kiev", ["UA"], 703448),
    ("Kharkov", ["UA"], 706483),
    ("Gulyaypole", ["UA"], 707897),
    ("Stepanakert", ["AZ", "AM"], 146970),
    ("Shushi", ["AZ", "AM"], 147105),
    ("Martuni", ["AZ", "AM"], 146969),  # Khojavend; Armenia's own Martuni when the article is about Armenia
    ("Hadrut", ["AZ"], 148105),  # dropped from the newest cities500: the bundled world extract keeps it
    ("Martakert", ["AZ"], 587379),
]


@pytest.mark.parametrize("written, countries, geonames_id", WAR_TOWNS, ids=[w for w, _, _ in WAR_TOWNS])
def test_towns_of_other_wars_resolve_to_the_right_place(gazetteer, written, countries, geonames_id):
    place = gazetteer.resolve(written, countries)
    assert place is not None and place.geonames_id == geonames_id, place


VILLAGES = [
    # (as an article writes it, the article's countries, GeoNames id): villages cities500 leaves out, from
    # the village layer (gazetteer/geonames_villages.tsv.gz), under the articles' spellings.
    ("Arjoun", ["SY"], 172990),  # GeoNames' "‘Arjūn": found through its other spellings
    ("Dabaa", ["SY"], 174274),  # "Aḑ Ḑab‘ah", whose French-era spelling "Qaryat ed Dabaa" GeoNames keeps
    ("Kafr Nan", ["SY"], 168656),
    ("Basr al-Harir", ["SY"], 171127),  # an alternate name of GeoNames' "Buşrá al Ḩarīrī"
    ("al-Fu'ah", ["SY"], 170365),
    ("Madaghis", ["AZ", "AM"], 585612),  # Madagiz, Armenian Mataghis
    ("Seysulan", ["AZ", "AM"], 585098),
]


@pytest.mark.parametrize("written, countries, geonames_id", VILLAGES, ids=[w for w, _, _ in VILLAGES])
def test_villages_of_syria_and_karabakh_come_from_the_village_layer(gazetteer, written, countries, geonames_id):
    found = [c for c in gazetteer.candidates(written, countries) if c.place.geonames_id == geonames_id]
    assert found and found[0].layer == "villages", gazetteer.candidates(written, countries)[:3]


def test_a_village_spelled_like_a_capital_is_not_in_the_village_layer(gazetteer):
    # GeoNames has a Syrian "Anqarah": in an article about Syria, "Ankara" is still Turkey's capital.
    assert not [c for c in gazetteer.candidates("Ankara", ["SY"]) if c.layer == "villages"]


def test_a_village_found_only_in_the_postal_layer(gazetteer):
    candidates = gazetteer.candidates("Vovchoiarivka", ["UA"])
    assert candidates[0].layer == "postal" and candidates[0].place.country == "UA"
    assert candidates[0].place.lat == pytest.approx(48.8456, abs=0.01)


def test_the_articles_countries_come_first_in_the_callers_order(gazetteer):
    assert gazetteer.resolve("Martuni", ["AM", "AZ"]).country == "AM"
    assert gazetteer.resolve("Hama", ["ML"]).country == "ML"


def test_a_village_abroad_is_not_taken_on_its_name_alone(gazetteer):
    # cities500 knows a village "Chadian" in China: "Chadian troops" in a Mali article is not it.
    assert gazetteer.knows("Chadian")
    assert gazetteer.resolve("Chadian", ["ML", "TD"]) is None
    assert gazetteer.resolve("Chadian", ["ML", "TD"], anywhere=True).country == "CN"
    # A well-known place abroad is: a capital, or a large city, spelled exactly.
    assert gazetteer.resolve("Ankara", ["SY"]).country == "TR"


def test_a_place_seen_in_two_layers_is_one_candidate_with_the_extracts_feature_code(gazetteer):
    aleppo = [c for c in gazetteer.candidates("Aleppo", ["SY"]) if c.place.country == "SY"]
    assert len(aleppo) == 1
    assert aleppo[0].feature_code == "PPLA" and aleppo[0].place.kind == "city"  # cities500 has no codes


def test_loose_lookup_stays_inside_the_countries_given(gazetteer):
    # "Deir Hafar": no GeoNames spelling of Dayr Ḩāfir has those vowels, so only the skeleton finds it.
    assert gazetteer.candidates("Deir Hafar", ["SY"]) == []
    found = gazetteer.loose_candidates("Deir Hafar", ["SY"])
    assert found and found[0].place.geonames_id == 170785 and found[0].match == "loose"
    assert gazetteer.loose_candidates("Deir Hafar", ["UA"]) == []
    assert gazetteer.loose_candidates("Deir Hafar", []) == []


def test_every_layer_reports_its_source_and_size(gazetteer):
    names = [layer.name for layer in gazetteer.layers]
    assert names[0] == "curated"
    assert {"sahel", "world", "villages", "cities500", "postal"} <= set(names)
    sizes = {layer.name: layer.count() for layer in gazetteer.layers}
    assert sizes["cities500"] > 200_000 and sizes["world"] > 10_000 and sizes["postal"] > 10_000
    assert sizes["villages"] > 15_000
    assert all("GeoNames" in layer.source for layer in gazetteer.layers[1:])


def test_online_layer_is_asked_only_when_no_local_layer_knows_the_name(gazetteer):
    asked = []

    def online(name):
        asked.append(name)

    with_online = Gazetteer(gazetteer.curated, gazetteer.layers[1:], online)
    with_online.resolve("Aleppo", ["SY"])
    with_online.resolve("Qwzxplace", ["SY"])
    assert asked == ["Qwzxplace"]
