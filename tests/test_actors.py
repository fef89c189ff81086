"""Event types and actors: measured against tests/data/mali_war.types.yaml, and the rules one by one."""

from __future__ import annotations

import pytest

from accuracy import type_scores
from conftest import DATA
from mapapp.actors import EVENT_TYPES, actor_table, assign_roles, classify, find_actors
from mapapp.load import load_document

# Measured when the rules were written (135 annotated events): type accuracy 0.87, actor precision 0.72,
# actor recall 0.60. The floors sit a little below, so a change that makes the rules worse fails here.
FLOORS = {"type_accuracy": 0.83, "actor_precision": 0.68, "actor_recall": 0.55}


def test_event_types_and_actors_against_annotation(seed_result, gazetteer):
    scores = type_scores(seed_result, DATA / "mali_war.types.yaml", gazetteer)
    assert scores["events"] >= 40
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name], scores["wrong"][:20])


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
        ("Mali earned the first win in the football championship.", "other"),
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
    ],
)
def test_roles(table, sentence, actor1, actor2):
    _, trigger = classify(sentence, table)
    assert assign_roles(sentence, trigger, find_actors(sentence, table)) == (actor1, actor2)


def test_infobox_combatants_become_actors(table):
    # "Ganda Iso" and "Wagner Group" are in the seed's infobox; canonical names are kept for known ones.
    names = {name for name, _ in table.actors}
    assert {"MNLA", "Mali", "France", "Wagner", "Ganda Iso"} <= names
    assert [m[2] for m in find_actors("Russian mercenaries from the Wagner Group arrived.", table)] == ["Wagner", "Wagner"]
