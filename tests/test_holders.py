"""Who held a town on a given day, and what that says of an event there that names no one who acts."""

from __future__ import annotations

import pytest

from mapapp.actors import read_story
from mapapp.holders import read_holders
from mapapp.pipeline import run_text
from mapapp.sides import Sides

# An invented battle in real Syrian towns: the infobox sets the FSA against the Syrian government.
BATTLE = """---
title: Battle of Example
infoboxes:
  - combatant1: {text: "Free Syrian Army"}
    combatant2: {text: "Syrian Arab Republic\\\\n Hezbollah"}
---
## Battle (2013)
On 19 May 2013, the Syrian Army launched an offensive on the rebel-held town of al-Qusayr.

On 20 May 2013, fierce fighting raged around the entrances to al-Qusayr.

On 21 May 2013, clashes were reported in Homs.

On 5 June 2013, the Syrian Army regained control of al-Qusayr.

On 6 June 2013, shelling hit al-Qusayr.
"""


@pytest.fixture(scope="module")
def battle(gazetteer):
    return run_text(BATTLE, "battle_of_example.md", gazetteer)


def by_sentence(result, words):
    return next(e for e in result.events if words in e.sentence)


def test_holder_from_the_text_then_from_the_walk(battle):
    story = read_story(battle.document, battle.events)
    holders = read_holders(battle.events, story)
    assert holders.holder_at(by_sentence(battle, "fierce fighting")) == "Rebels"  # "the rebel-held town of al-Qusayr"
    assert holders.holder_at(by_sentence(battle, "shelling hit")) == "Syria"  # the walk: retaken on 5 June
    assert holders.holder_at(by_sentence(battle, "clashes were reported")) == "Syria"  # its government's country


def test_violence_that_names_no_one_is_the_holders_enemys(battle):
    fighting = by_sentence(battle, "fierce fighting")
    assert (fighting.event_type, fighting.actor1) == ("attack", "Syria")  # a rebel-held town: the government attacks
    shelling = by_sentence(battle, "shelling hit")
    assert (shelling.event_type, shelling.actor1, shelling.actor2) == ("bombing", "FSA", "Syria")  # now the army's town


@pytest.mark.parametrize(
    "holder, attacker",
    [("FSA", "Syria"), ("Rebels", "Syria"), ("Syria", "FSA"), ("Hezbollah", "FSA"), ("", "")],
    ids=["group-holds", "generic-holds", "government-holds", "ally-holds", "unknown"],
)
def test_opponent_of_a_holder(holder, attacker):
    sides = Sides((("FSA",), ("Syria", "Hezbollah")), "Syria", "SY")
    assert sides.opponent_of(holder) == attacker


def test_no_opponent_in_a_war_of_three_sides():
    sides = Sides((("Mali", "France"), ("MNLA",), ("Ansar Dine", "MOJWA")), "Mali", "ML")
    assert sides.opponent_of("MOJWA") == "Mali"  # a town its enemies hold: the government attacks
    assert sides.opponent_of("Mali") == ""  # which of two sides attacks the government is not clear
