"""Place finding (mapapp/places.py): which capitalised words are event places, which are reported as not
found, and that the cost grows linearly with the mentions of a sentence and the sentences of a paragraph."""

from __future__ import annotations

import gc
import time

import pytest

from mapapp.load import parse_document
from mapapp.pipeline import analyse


def article(body: str, front: str = "title: T") -> str:
    return f"---\n{front}\n---\n\n## Fighting (May 2013)\n{body}\n"


def analysed(gazetteer, body: str, front: str = "title: T"):
    return analyse(parse_document(article(body, front), "t.md"), gazetteer)


def places_of(result) -> list[str]:
    return [e.place.name for e in result.events]


def unresolved_of(result) -> list[str]:
    return [u.name for u in result.unresolved]


# ------------------------------------------------------------------------------------------- not found


@pytest.mark.parametrize("body, missing, found", [
    ("On 5 May 2013, rebels entered the town of Zorbaville and Gao.", ["Zorbaville"], ["Gao"]),
    ("On 5 May 2013, rebels entered Gao and the town of Zorbaville.", ["Zorbaville"], ["Gao"]),
    ("On 5 May 2013, fighting was reported in Zorbaville and Quuxtown.", ["Zorbaville", "Quuxtown"], []),
    ("On 5 May 2013, fighting was reported in Zorbaville on Monday.", ["Zorbaville"], []),
    ("On 5 May 2013, fighting was reported in Zorbaville, Gao and Quuxtown.", ["Zorbaville", "Quuxtown"], ["Gao"]),
], ids=["town-of-then-and", "and-then-town-of", "in-X-and-Y", "in-X-on", "list"])
def test_names_in_place_slots_that_resolve_nowhere_are_listed(gazetteer, body, missing, found):
    result = analysed(gazetteer, body)
    assert sorted(unresolved_of(result)) == sorted(missing)
    assert places_of(result) == found


@pytest.mark.parametrize("body", [
    "On 5 May 2013, rebels were seen in Islamist territory near Gao.",
    "On 5 May 2013, the fighting in Gao drew Zorbavillian forces.",
], ids=["adjective-before-noun", "not-a-slot"])
def test_adjectives_and_names_outside_place_slots_are_not_listed(gazetteer, body):
    assert unresolved_of(analysed(gazetteer, body)) == []


# ------------------------------------------------------------------------------------------- countries

SYRIA = "title: Battle of T\ninfoboxes:\n  - place:\n      text: Homs Governorate, Syria"


def test_homonyms_are_read_in_the_articles_countries(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, rebels attacked Homs and Hama. On 6 May 2013, clashes spread "
                                 "to the city of Tripoli in Lebanon.", SYRIA)
    countries = {e.place.name: e.place.country for e in result.events}
    assert sorted(countries.values()) == ["LB", "SY", "SY"], countries  # not Al Khums, Libya; not Hama, Mali


def test_the_articles_countries_come_from_its_infobox_title_and_lead(gazetteer):
    from mapapp.lookup import PlaceNames
    from mapapp.scope import article_scope

    names = PlaceNames(gazetteer)
    by_infobox = article_scope(parse_document(article("Fighting.", SYRIA), "t.md"), names)
    by_title = article_scope(parse_document(article("Fighting.", "title: Battle of Sumy"), "t.md"), names)
    by_lead = parse_document("---\ntitle: T\n---\nArmenian and Azerbaijani forces clashed.\n\n## A\nx.\n", "t.md")
    assert by_infobox.core == {"SY"} and "LB" in names.neighbours({"SY"})
    assert by_title.core == {"UA"}
    assert article_scope(by_lead, names).core == {"AM", "AZ"}


def test_a_village_of_another_continent_is_reported_not_placed(gazetteer):
    # Konna is a Malian town the curated file knows; an article about Syria that names it gets no dot in Mali.
    result = analysed(gazetteer, "On 5 May 2013, fighting broke out in Konna and in Homs.", SYRIA)
    assert places_of(result) == ["Homs"]
    assert unresolved_of(result) == ["Konna"]


def test_a_well_known_city_abroad_is_taken_in_a_place_slot(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, talks were held in Moscow about Homs.", SYRIA)
    assert sorted(e.place.country for e in result.events) == ["RU", "SY"]


# ------------------------------------------------------------------------------------------- no false places


MALI = "title: T\ninfoboxes:\n  - place:\n      text: Northern Mali"


@pytest.mark.parametrize("body, front", [
    ("On 5 May 2013, delegates of the Gao Peace Conference arrived in Bamako.", MALI),
    ("On 5 May 2013, a preacher from Niger said in Islam such acts were forbidden, in Bamako.", MALI),
    ("On 5 May 2013, President Gao Keita arrived in Bamako.", MALI),
    ("On 5 May 2013, the patrol boat Kidal reached Bamako.", MALI),
    ("On 5 May 2013, veterans of the Battle of Gao marched in Bamako.", MALI),
    ("On 5 May 2013, rebels took Bamako, 160 km north of Kati.", MALI),
    ("On 5 May 2013, a surgeon of the Assistance Publique – Hôpitaux de Paris arrived in Bamako.", MALI),
    ("On 5 May 2013, the Islamic State attacked Homs.", SYRIA),
    ("On 5 May 2013, rebels crossed the Wadi near Homs.", SYRIA),
    ("On 5 May 2013, the cruiser Moskva shelled Homs. The Moskva was hit later that day.", SYRIA),
    ("On 5 May 2013, Russian-occupied Homs was shelled.", SYRIA),
], ids=["conference", "religion", "title", "ship", "named-battle", "distance", "hospital", "organisation",
        "common-word", "ship-named-like-a-capital", "modifier"])
def test_names_that_are_not_event_places(gazetteer, body, front):
    result = analysed(gazetteer, body, front)
    assert len(result.events) == 1 and result.events[0].place.name in {"Bamako", "Homs"}, places_of(result)


def test_a_world_capital_outweighs_a_village_of_its_name(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, talks were held in Riga and in Bamako.", MALI)
    assert sorted(e.place.country for e in result.events) == ["LV", "ML"]


def test_a_surname_the_article_gives_a_person_is_that_person(gazetteer):
    body = ("On 5 May 2013, the mayor Serhiy Sumy spoke in Homs. "
            "On 6 May 2013, Sumy said the town was quiet.")
    assert [e.place.name for e in analysed(gazetteer, body, SYRIA).events if e.place.country == "UA"] == []


def test_two_towns_joined_by_a_hyphen_are_two_places_but_a_countrys_name_is_one(gazetteer):
    body = "On 5 May 2022, troops from Guinea-Bissau arrived near Sievierodonetsk-Lysychansk."
    result = analysed(gazetteer, body, "title: T\ninfoboxes:\n  - place:\n      text: Ukraine")
    assert [e.mention for e in result.events] == ["Sievierodonetsk", "Lysychansk"]
    assert [e.place.kind for e in result.others] == ["country"]


# ------------------------------------------------------------------------------------------- "the city"


def test_the_city_is_the_town_named_last_in_the_paragraph(gazetteer):
    body = ("On 5 May 2013, rebels entered Homs. The city was shelled the next day.\n\n"
            "The town was quiet on 9 May 2013.")
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.date_start.iso(), e.mention) for e in result.events] == [
        ("Homs", "2013-05-05", "Homs"), ("Homs", "2013-05-06", "The city")]


def test_the_city_of_x_names_x_and_a_town_named_twice_is_one_event(gazetteer):
    body = "On 5 May 2013, rebels entered the city of Homs and shelled the city."
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == [("Homs", "Homs")]


# ------------------------------------------------------------------------------------------- districts


def test_a_district_no_layer_knows_is_an_event_at_its_city(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, the army shelled Homs al-Waer and Daraa's al-Balad district.", SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == [("Homs", "Homs al-Waer"),
                                                                 ("Dar‘ā", "Daraa's al-Balad")]


def test_a_district_the_gazetteer_knows_is_where_the_event_is(tmp_path):
    from mapapp.gazetteer import load_gazetteer

    curated = tmp_path / "places.yaml"
    curated.write_text(
        "places:\n"
        "  - {name: Homs, kind: city, lat: 34.7324, lon: 36.7137, country: SY}\n"
        "  - {name: Baba Amr, kind: district, lat: 34.7150, lon: 36.6900, country: SY}\n"
        "  - {name: Syria, kind: country, lat: 35.0, lon: 38.0, country: SY}\n", encoding="utf-8")
    gazetteer = load_gazetteer(curated, layers=[])
    result = analysed(gazetteer, "On 5 May 2013, the army shelled Baba Amr in Homs.", SYRIA)
    assert [(e.place.name, e.place.kind) for e in result.events] == [("Baba Amr", "district"), ("Homs", "city")]


# ------------------------------------------------------------------------------------------- growth


def _best_of(runs: int, func) -> float:
    """The least CPU time of `runs` calls, the cyclic garbage collector held off: the machine is shared
    (wall-clock time varies with other work) and a collection's cost depends on everything alive."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            func()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _growth(gazetteer, make_body, size: int) -> float:
    """How many times longer the pipeline takes on twice the input (best of 5 each, after a warm-up)."""
    small, large = (parse_document(article(make_body(n)), "t.md") for n in (size, 2 * size))
    analyse(small, gazetteer)
    return _best_of(5, lambda: analyse(large, gazetteer)) / _best_of(5, lambda: analyse(small, gazetteer))


def test_one_sentence_naming_many_towns_costs_linear_time(gazetteer):
    # Every mention used to rebuild a list of the mentions before it: quadratic in mentions per sentence.
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao" + " and Kidal and Gao" * n + ".", 4000)
    assert growth < 2.5


def test_one_paragraph_of_many_sentences_costs_linear_time(gazetteer):
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao. " * n, 3000)
    assert growth < 2.5

