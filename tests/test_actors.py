"""Event types and actors: measured against tests/data/mali_war.types.yaml, and the rules one by one."""

from __future__ import annotations

import pytest

from accuracy import sentence_type_scores, type_scores
from conftest import DATA, ROOT
from mapapp.actors import EVENT_TYPES, actor_table, assign_roles, classify, find_actors, read_story
from mapapp.load import load_document, parse_document

# Measured against the re-checked Mali War annotation (149 events; ANNOTATION.md's rules for generic
# names, joint actors and "the city"): type 0.77, actor1 0.70, actor precision 0.76 / recall 0.63 (15 of the
# 149 are "the city" events the pipeline does not make yet, each counted wrong). Floors a little below; the
# targets are 0.90 and 0.80 (issue #12).
FLOORS = {"type_accuracy": 0.75, "actor1_accuracy": 0.67, "actor_precision": 0.73, "actor_recall": 0.60}
# Per annotated article, read sentence by sentence (so that a town the gazetteer does not place yet still
# counts): (type accuracy, actor1 accuracy) measured, floors a little below.
# Measured: Mali War 0.85/0.79, Sumy 1.00/0.69, Huliaipole 0.70/0.76, al-Qusayr 0.65/0.56, Daraa 0.50/0.58,
# Idlib 0.63/0.45, Shusha 0.51/0.44, 2016 Nagorno-Karabakh 0.56/0.56 (see the README's "What happened, and
# who held each town").
SENTENCE_FLOORS = {"mali_war": (0.82, 0.75), "battle_of_sumy": (0.85, 0.60), "battle_of_huliaipole": (0.66, 0.72),
                   "battle_of_al-qusayr_2013": (0.61, 0.52), "2021_daraa_offensive": (0.45, 0.53),
                   "battle_of_idlib_2015": (0.58, 0.41), "battle_of_shusha_1992": (0.46, 0.40),
                   "2016_nagorno-karabakh_conflict": (0.50, 0.50)}


def test_event_types_and_actors_against_annotation(seed_result, gazetteer):
    scores = type_scores(seed_result, DATA / "mali_war.types.yaml", gazetteer)
    assert scores["events"] >= 40
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name], scores["wrong"][:20])


@pytest.mark.parametrize("name", sorted(p.name.split(".")[0] for p in DATA.glob("*.types.yaml")))
def test_types_and_first_actor_per_annotated_article(name):
    scores = sentence_type_scores(load_document(ROOT / "seeds" / f"{name}.md"), DATA / f"{name}.types.yaml")
    type_floor, actor_floor = SENTENCE_FLOORS.get(name, (0.5, 0.4))
    assert scores["type_accuracy"] >= type_floor, scores["wrong"]
    assert scores["actor1_accuracy"] >= actor_floor, scores["wrong"]


def test_every_event_has_a_known_type(seed_result):
    assert {e.event_type for e in seed_result.events} <= set(EVENT_TYPES)


@pytest.fixture(scope="module")
def table():
    return actor_table(load_document(DATA.parent.parent / "seeds" / "mali_war.md"))


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("On 30 March 2012, the rebels seized control of Kidal.", "capture"),
        ("On 31 March, Gao fell to the rebels.", "capture"),
        ("Tuareg forces launched an offensive against Gao in an attempt to retake the town.", "attack"),
        ("On 11 June, a car bomb killed four Chadian peacekeepers in Aguelhok.", "bombing"),
        ("Protests broke out on 26 June 2012 in the city of Gao.", "protest"),
        ("The MNLA clashed with protesters in Gao on 14 May.", "attack"),
        ("On 29 July 2012, a couple was stoned to death by Islamists in Aguelhok.", "civilian_killing"),
        ("The MNLA were soon driven from the city, and from Kidal.", "withdrawal"),
        ("A ceasefire was agreed upon on 20 February 2015.", "agreement"),
        ("Russian artillery shelled Huliaipole again on 3 May.", "bombing"),
        ("A drone strike hit the town's market.", "airstrike"),
        ("Government helicopters dropped barrel bombs on the town.", "airstrike"),
        ("On 24 February, the Russian army nearly captured Sumy.", "attack"),
        ("Russian forces were able to capture half of the city.", "capture"),
        ("Hezbollah fighters raised their flag over the town hall.", "capture"),
        ("Mali earned the first win in the football championship.", "other"),
        # a letter class in a trigger survives lower-casing ("left" + a name)
        ("The MUJAO forces left Gao and Kidal.", "withdrawal"),
    ],
)
def test_classify(table, sentence, kind):
    assert classify(sentence, table)[0] == kind


@pytest.mark.parametrize(
    "sentence, actor1, actor2",
    [
        ("On 24 January, the rebels retook Aguelhok after the Malian army ran out of ammunition.", "Rebels", "Mali"),
        ("On 31 March, Gao fell to the rebels.", "Rebels", ""),
        ("On 21 January French and Malian troops entered Diabaly without resistance.", "France", ""),
        ("On 23 October, two Chadian peacekeepers were killed in an attack in Tessalit.", "", "MINUSMA"),
        ("On 1 September 2012, MOJWA took over the town of Douentza, which had previously been held by the Ganda Iso.",
         "MOJWA", "Ganda Iso"),
        ("During the night, the Malian army, backed by French troops, claimed it had regained control of Konna.",
         "Mali", ""),
        # the party after the event's words is acted on unless 'by', 'between', 'of' make it the agent
        ("On 11 June, a car bomb killed four Chadian peacekeepers in Aguelhok.", "", "MINUSMA"),
        ("Fighting broke out between the MNLA and Ansar Dine in Gao.", "MNLA", "Ansar Dine"),  # the other side fought
        # a resident who tells of it does not act; a side that reports what another did does not either
        ("A resident of Léré told that airstrikes had been conducted in the area.", "", ""),
        ("The Malian army reported new French airstrikes on Gao.", "France", ""),
        ("French and Chadian troops announced that they had occupied Tessalit.", "France", ""),
        # an expulsion: the pushed party leaves, the one that pushed drove it out
        ("By 1 April, the Malian army pushed the jihadists out of the city center.", "Islamists", "Mali"),
        ("A government counterattack forced the rebels to withdraw from Idlib.", "Rebels", "government"),
    ],
)
def test_roles(table, sentence, actor1, actor2):
    kind, trigger = classify(sentence, table)
    assert assign_roles(sentence, trigger, find_actors(sentence, table), kind) == (actor1, actor2)


def test_infobox_combatants_become_actors(table):
    # "Ganda Iso" and "Wagner Group" are in the seed's infobox; canonical names are kept for known ones.
    names = {name for name, _ in table.actors}
    assert {"MNLA", "Mali", "France", "Wagner", "Ganda Iso"} <= names
    assert [m[2] for m in find_actors("Russian mercenaries from the Wagner Group arrived.", table)] == ["Wagner", "Wagner"]


SYRIA = """---
title: Battle of Example
infoboxes:
  - combatant1: {text: "Free Syrian Army\\n Jabhat al-Nusra"}
    combatant2: {text: "Syrian Arab Republic\\n* National Defense Forces\\n Hezbollah"}
---
## Battle (2013)
On 2 May 2013, the Free Syrian Army attacked al-Qusayr. The rebels then seized the town hall.

On 5 May 2013, government forces shelled al-Qusayr.
"""


def test_generic_names_read_as_the_group_just_named():
    document = parse_document(SYRIA, "battle_of_example.md")
    story = read_story(document)
    assert story.sides.belligerents == (("FSA", "al-Nusra Front"), ("Syria", "Hezbollah"))
    sentence = "The rebels then seized the town hall."
    resolved = story.resolve(sentence, "Battle (2013)", find_actors(sentence, story.table))
    assert [m[2] for m in resolved] == ["FSA"]
    sentence = "On 5 May 2013, government forces shelled al-Qusayr."
    resolved = story.resolve(sentence, "Battle (2013)", find_actors(sentence, story.table))
    assert [m[2] for m in resolved] == ["Syria"]  # no towns placed, so no government yet: the one state of the infobox


def test_generic_name_stays_generic_when_no_group_was_named(table):
    story = read_story(load_document(ROOT / "seeds" / "mali_war.md"))
    sentence = "Unknown gunmen attacked the town."
    assert [m[2] for m in story.resolve(sentence, "No such section", find_actors(sentence, story.table))] == ["Rebels"]


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("Russian troops and Chechen fighters entered the city.", ["Russia", "Chechen forces"]),
        ("Ukrainian forces and the Territorial Defence held the line.", ["Ukraine", "Territorial Defence"]),
        ("The Azerbaijani army attacked Karabakh Armenian positions.", ["Azerbaijan", "Artsakh"]),
        ("Fighting in Mali went on; Malian troops retook the town.", ["Mali"]),  # "in Mali" is the country
        ("ISIS and the SDF clashed near the dam.", ["ISIL", "SDF"]),
    ],
    ids=["ukraine", "territorial-defence", "caucasus", "country-slot", "syria"],
)
def test_actors_of_each_theatre(sentence, names):
    table = actor_table(None, "")
    assert [m[2] for m in find_actors(sentence, table)] == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("On 23 March, Islamist fighters from MUJAO attacked the city of Gao.", ["MOJWA", "MOJWA"]),
        ("A MOJWA spokesman said that the group had occupied the town.", ["MOJWA", "MOJWA"]),
        ("The group reportedly banned football in the town.", []),  # no group named: 'the group' names no one
    ],
    ids=["generic-from-group", "the-group", "the-group-unnamed"],
)
def test_generic_names_read_from_the_words_around_them(sentence, names):
    story = read_story(load_document(ROOT / "seeds" / "mali_war.md"))
    assert [m[2] for m in story.resolve(sentence, "No such section", find_actors(sentence, story.table))] == names


def test_unsaid_actor_is_the_party_the_section_was_speaking_of():
    document = parse_document(SYRIA + "\nFierce fighting raged around the entrances of al-Qusayr.\n", "battle_of_example.md")
    story = read_story(document)
    assert story.implied_actor("Fierce fighting raged around the entrances of al-Qusayr.", "Battle (2013)", set()) == "Syria"
    # neither the party acted on nor its ally
    assert story.implied_actor("Fierce fighting raged around the entrances of al-Qusayr.", "Battle (2013)",
                               {"Syria"}) == "FSA"
