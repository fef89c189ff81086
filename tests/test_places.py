"""Place finding (mapapp/places.py): which capitalised words are event places, which are reported as not
found, and that the cost grows linearly with the mentions of a sentence and the sentences of a paragraph."""

from __future__ import annotations

import pytest

from mapapp.load import parse_document
from mapapp.pipeline import analyse
from timing import best_cpu_seconds


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
    ("On 5 May 2013, troops took the ridge facing Hama and shelled Homs.", SYRIA),
    ("On 5 May 2013, troops attacked Homs from Hama side.", SYRIA),
    ("On 5 May 2013, in the defended front of Hama, troops shelled Homs.", SYRIA),
    ("On 5 May 2013, the provincial government of Hama reported that troops shelled Homs.", SYRIA),
], ids=["conference", "religion", "title", "ship", "named-battle", "distance", "hospital", "organisation",
        "common-word", "ship-named-like-a-capital", "modifier", "facing", "side", "front-of", "authority"])
def test_names_that_are_not_event_places(gazetteer, body, front):
    result = analysed(gazetteer, body, front)
    assert len(result.events) == 1 and result.events[0].place.name in {"Bamako", "Homs"}, places_of(result)


@pytest.mark.parametrize("body", [
    "On 5 May 2013, the 2013 Homs offensive began near Hama.",
    "On 5 May 2013, rebels announced their Homs offensive in Hama.",
    "On 5 May 2013, the on-going Homs insurgency spread to Hama.",
    "On 5 May 2013, the **Homs campaign** reached Hama.",
], ids=["year", "their", "adjective", "bold"])
def test_an_event_named_after_a_town_in_lower_case_is_no_event_there(gazetteer, body):
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Hama"]


@pytest.mark.parametrize("body, expected", [
    ("The Battle of Homs was a battle that began on 5 May 2013.", ["Homs"]),
    ("The 2013 Homs offensive (\"Operation Dawn\") began on 5 May 2013 against rebels.", ["Homs"]),
    ("The siege of al-Qusayr lasted from 5 May 2013 to 5 June 2013.", ["al-Qusayr"]),
    ("The 2013 Homs offensive was fought in the Homs Governorate from 5 May 2013.", []),
    ("On 5 May 2013, veterans of the Battle of Homs marched in Hama.", ["Hama"]),
], ids=["battle-of", "offensive", "siege-article", "named-for-a-region", "about-something-else"])
def test_a_sentence_about_a_named_event_places_it_at_the_town_in_its_name(gazetteer, body, expected):
    assert places_of(analysed(gazetteer, body, SYRIA)) == expected


def test_the_city_after_an_event_named_after_it_is_that_town(gazetteer):
    body = "On 5 May 2013, officials discussed their Homs offensive. On 6 May 2013, aircraft struck the city."
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.date_start.iso(), e.mention) for e in result.events] == [("Homs", "2013-05-06", "the city")]


def test_a_list_of_the_wars_towns_is_a_list_of_places_without_a_cue(gazetteer):
    body = "On 5 May 2013, rebels could turn to other objectives, such as Ariha, Saraqib and Nubl."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Ariha", "Saraqib", "Nubl"]
    assert places_of(analysed(gazetteer, "On 5 May 2013, rebels could turn to Ariha.", SYRIA)) == ["Ariha"]
    assert places_of(analysed(gazetteer, "On 5 May 2013, Ariha was quiet.", SYRIA)) == []  # a bare name alone


def test_a_facility_named_after_a_town_is_at_the_town(gazetteer):
    assert places_of(analysed(gazetteer, "On 5 May 2013, troops stormed the Homs citadel.", SYRIA)) == ["Homs"]


def test_a_place_cue_inside_brackets_is_a_place_cue(gazetteer):
    body = "On 5 May 2013, shells hit a mosque (in Qusayr, one dead) and schools (in Rastan, two injured)."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Qusayr", "Rastan"]


@pytest.mark.parametrize("body", [
    "On 5 May 2013, the EU increased pressure on Damascus.",
    "On 5 May 2013, Russia resumed arms sales to Damascus.",
    "On 5 May 2013, Turkey urged Damascus to stop.",
], ids=["pressure-on", "sales-to", "urged"])
def test_a_capital_standing_for_its_government_is_no_event_place(gazetteer, body):
    assert places_of(analysed(gazetteer, body, SYRIA)) == []
    assert places_of(analysed(gazetteer, body.replace(".", ", while aircraft struck Damascus."), SYRIA)) == ["Damascus"]


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


@pytest.mark.parametrize("body, expected", [
    ("On 5 May 2013, rebels entered Homs. By the end of the day, the army had recaptured the entire city.",
     [("Homs", "Homs"), ("Homs", "the entire city")]),
    ("On 5 May 2013, rebels entered Qusayr. A reporter in Beirut said the town was quiet.",
     [("Qusayr", "Qusayr"), ("Beirut", "Beirut"), ("Qusayr", "the town")]),
    ("On 5 May 2013, rebels entered Qusayr. The army then captured Zorbaville. It reported the capture of the village.",
     [("Qusayr", "Qusayr")]),
    ("On 5 May 2013, rebels entered Zorbaville, six kilometres to the northwest of the city.", []),
], ids=["entire-city", "town-past-a-capital", "village-is-no-town-of-40000", "distance-from-the-city"])
def test_what_the_city_the_town_the_village_stand_for(gazetteer, body, expected):
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == expected


def test_the_city_of_x_names_x_and_a_town_named_twice_is_one_event(gazetteer):
    body = "On 5 May 2013, rebels entered the city of Homs and shelled the city."
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == [("Homs", "Homs")]


# ------------------------------------------------------------------------------------------- districts


def test_a_district_no_layer_knows_is_an_event_at_its_city(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, the army shelled Homs al-Waer and Daraa's al-Balad district.", SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == [("Homs", "Homs al-Waer"),
                                                                 ("Daraa", "Daraa's al-Balad")]


def test_the_district_after_the_is_an_event_at_its_city_not_a_name_not_found(gazetteer):
    result = analysed(gazetteer, "On 5 May 2013, clashes erupted in the Daraa al-Balad neighborhood.", SYRIA)
    assert [(e.place.name, e.mention) for e in result.events] == [("Daraa", "Daraa al-Balad")]
    assert unresolved_of(result) == []


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


def _growth(gazetteer, make_body, size: int) -> float:
    """How many times longer the pipeline takes on twice the input (best of 5 each, after a warm-up)."""
    small, large = (parse_document(article(make_body(n)), "t.md") for n in (size, 2 * size))
    analyse(small, gazetteer)
    return (best_cpu_seconds(lambda: analyse(large, gazetteer))
            / best_cpu_seconds(lambda: analyse(small, gazetteer)))


def test_one_sentence_naming_many_towns_costs_linear_time(gazetteer):
    # Every mention used to rebuild a list of the mentions before it: quadratic in mentions per sentence.
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao" + " and Kidal and Gao" * n + ".", 4000)
    assert growth < 2.5


def test_one_paragraph_of_many_sentences_costs_linear_time(gazetteer):
    growth = _growth(gazetteer, lambda n: "On 5 May 2013, rebels entered Gao. " * n, 3000)
    assert growth < 2.5



# ------------------------------------------------------------------------------------------- dates per town


def test_a_town_named_only_in_a_clause_that_looks_back_takes_the_clauses_date(gazetteer):
    body = ("On 28 March 2015, rebels took Idlib. Idlib became the second provincial capital to fall, after Raqqa "
            "which was captured by the rebels in March 2013.")
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.date_start.iso()) for e in result.events] == [
        ("Raqqa", "2013-03"), ("Idlib", "2015-03-28"), ("Idlib", "2015-03-28")]


def test_a_town_with_a_day_of_its_own_takes_it(gazetteer):
    body = "On 20 May 2013, he was charged for failing to defend the cities of Homs on 9th and later Hama on 18th."
    result = analysed(gazetteer, body, SYRIA)
    assert sorted((e.place.name, e.date_start.iso()) for e in result.events) == [
        ("Hama", "2013-05-18"), ("Homs", "2013-05-09")]


def test_a_day_after_the_event_told_last_dates_the_top_of_the_next_section(gazetteer):
    text = ("---\ntitle: T\ninfoboxes:\n  - place:\n      text: Idlib, Syria\n---\n\n"
            "## The battle\nOn 28 March 2015, rebels took Idlib.\n\n"
            "## Aftermath\nAn exodus of civilians from Idlib was reported a day after rebels took the city.\n")
    result = analyse(parse_document(text, "t.md"), gazetteer)
    assert [(e.place.name, e.date_start.iso()) for e in result.events] == [
        ("Idlib", "2015-03-28"), ("Idlib", "2015-03-29")]


UKRAINE = "title: T\ninfoboxes:\n  - place:\n      text: Black Sea, Ukraine"


@pytest.mark.parametrize("body", [
    "On 24 February 2022, Russian forces captured Snake Island.",
    "On 24 February 2022, Russian forces landed on Snake Island.",
    "On 24 February 2022, the defenders of Snake Island surrendered.",
], ids=["captured", "landed-on", "defenders-of"])
def test_a_site_no_layer_knows_is_listed_not_found(gazetteer, body):
    # QA report item 3: the bundled GeoNames layers hold populated places only; an island they lack was
    # dropped silently as a feature named after a place. Its own last word says it is a place: listed.
    result = analysed(gazetteer, body, UKRAINE)
    assert unresolved_of(result) == ["Snake Island"]
    assert places_of(result) == []


def test_a_site_word_after_a_group_or_alone_is_no_site(gazetteer):
    body = "On 24 February 2022, the Island was quiet. The Black Sea Fleet attacked. The Security Council Heights met."
    assert unresolved_of(analysed(gazetteer, body, UKRAINE)) == []


def test_the_city_passes_over_the_town_a_force_came_from(gazetteer):
    # QA report item 4: "heading to Qusayr from Damascus ... trying to reach the city" is Qusayr.
    body = ("On 29 May 2013, a convoy was seen heading to Qusayr from Damascus. "
            "Air strikes hit a convoy of rebel vehicles trying to reach the city.")
    result = analysed(gazetteer, body, SYRIA)
    assert [(e.place.name, e.mention) for e in result.events if e.mention == "the city"] == [("Qusayr", "the city")]
    # Without another town in its sentence, the town named last is still the city.
    body = "On 29 May 2013, a convoy left from Damascus. It reached the city at night."
    assert [e.place.name for e in analysed(gazetteer, body, SYRIA).events] == ["Damascus", "Damascus"]


def test_a_town_in_brackets_after_a_region_glosses_the_region(gazetteer):
    # QA report item 4: "toward Syria's North (Idlib)" names the region, not an event at Idlib city.
    body = "On 25 August 2013, rebels will be allowed to leave Homs toward Syria's North (Idlib)."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Homs"]
    body = "On 25 August 2013, shells hit a school (in Rastan) and the town (Homs)."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Rastan", "Homs"]


def test_a_list_closed_by_a_plural_region_word_names_regions(gazetteer):
    # "during his visit to Terter, Agdam and Barda districts": the districts, not the towns.
    body = "On 9 April 2013, the president visited Homs, Hama and Idlib provinces. Rebels shelled Homs and Hama."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Homs", "Hama"]


def test_a_road_named_after_a_town_is_no_event_there(gazetteer):
    # "shelling of the Bakhmut highway": the road that leads to the town, not the town.
    body = "On 4 February 2013, rebels shelled the Homs highway and Hama. Later, rebels shelled Homs."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Hama", "Homs"]
    # The towns a road runs between are named as towns (tests/data/heldout's annotation reads them so).
    body = "On 4 February 2013, rebels blocked the road between Homs and Hama."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Homs", "Hama"]


def test_a_road_named_after_the_towns_at_its_ends_is_no_event_at_either(gazetteer):
    # "part of the strategic Shusha–Lachin road": the road's name, as "the Bakhmut highway" is.
    body = ("On 4 February 2013, rebels cut the vital Homs–Hama highway near Idlib. "
            "On 5 February 2013, rebels cut the Homs - Tartus road and shelled Hama.")
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Idlib", "Hama"]
    # A dash that opens an aside is no road's name: the town before it keeps its event.
    body = "On 4 February 2013, rebels shelled Homs – the road to Hama was cut."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Homs", "Hama"]


def test_rural_before_a_town_names_its_countryside(gazetteer):
    body = "On 2 February 2013, rebels advanced in rural Homs. On 3 February 2013, rebels entered Homs."
    assert places_of(analysed(gazetteer, body, SYRIA)) == ["Homs"]


# ------------------------------------------------------------------------------------ the village layer

QUSAYR = "title: Battle of al-Qusayr\ninfoboxes:\n  - place:\n      text: Al-Qusayr, Syria"


def test_religious_law_is_no_place(gazetteer):
    # Syria's village layer has an "Ash Sharī‘ah" and a "Shūrá".
    result = analysed(gazetteer, "On 1 May 2013, al-Nusra said Qusayr would be governed according to Sharia, via "
                                 "Shura and a civil council.", QUSAYR)
    assert not {"Sharia", "Shura"} & set(places_of(result)) and not {"Sharia", "Shura"} & set(unresolved_of(result))


def test_a_base_named_after_a_village_is_a_site_not_the_village(gazetteer):
    result = analysed(gazetteer, "On 22 May 2013, rebels still held the al-Dabaa air base. On 24 May 2013, the army "
                                 "advanced on the nearby village of Dabaa.", QUSAYR)
    dabaa = [e for e in result.events if e.place.name in {"Dabaa", "al-Dabaa"}]
    assert [e.date_start.day for e in dabaa] == [24]
