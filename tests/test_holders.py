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


# An invented battle in real Ukrainian towns: Ukraine's war against Russia.
STATED = """---
title: Battle of Example
infoboxes:
  - place: {text: "Zaporizhzhia Oblast, Ukraine"}
    combatant1: {text: "Russia"}
    combatant2: {text: "Ukraine"}
---
## Battle (2022)
On 2 March 2022, Russian forces captured Polohy.

On 5 May 2022, Russian artillery shelled the Ukrainian-held town of Huliaipole.

On 9 June 2022, the wounded were brought to Russian-occupied Melitopol.

On 10 June 2022, Russian forces shelled Orikhiv.
"""


def test_a_holder_the_text_states_is_shown_where_the_walk_knows_none(gazetteer):
    """"the Ukrainian-held town of Huliaipole": Ukraine's, from the start (the government in its own country,
    taken by no one before); "Russian-occupied Melitopol": Russia's from that day; a town the text says
    nothing of stays unknown, and a town the walk knows keeps the walk's holder."""
    from mapapp.control import control_changes, controller_at
    from mapapp.model import PartialDate

    result = run_text(STATED, "battle_of_example.md", gazetteer)
    changes = control_changes(result)
    held = {c.place: (c.controller, c.date_start.iso()) for c in changes if c.change == "held"}
    huliaipole = next(e.place.name for e in result.events if "Huliaipole" in e.mention)
    melitopol = next(e.place.name for e in result.events if "Melitopol" in e.mention)
    assert held[huliaipole] == ("Ukraine", "2022-03-02")
    assert held[melitopol] == ("Russia", "2022-06-09")
    assert controller_at(changes, melitopol, PartialDate(2022, 5, 1)) == ""
    assert not any(c.place.startswith("Ori") for c in changes)
    assert [c.change for c in changes if c.place == "Polohy"] == ["capture"]


def test_the_unsaid_attacker_of_a_belligerent_is_a_belligerent(gazetteer):
    """A soldier shot dead by no one named: not the delegation at talks named last, but the enemy named before."""
    text = BATTLE.split("## Battle")[0] + (
        "## Battle (2013)\nOn 10 August 2013, the FSA attacked Hama.\n\n"
        "On 14 August 2013, talks were held with Russian delegations in Homs. On 16 August 2013, a soldier of the "
        "Syrian Army was shot dead in Homs.\n")
    result = run_text(text, "battle_of_example.md", gazetteer)
    shot = by_sentence(result, "shot dead")
    assert (shot.event_type, shot.actor1, shot.actor2) == ("attack", "FSA", "Syria")


def test_who_leaves_unnamed_is_the_holder(battle):
    """"the defenders were forced to retreat" from a town the FSA holds: the FSA leaves."""
    from mapapp.actors import fill_unsaid, read_story

    story = read_story(battle.document, battle.events)
    sentence = "Within several hours, the defenders were forced to retreat to the town's southernmost tip."
    said = ("withdrawal", "", "")
    assert fill_unsaid(story, sentence, "Battle (2013)", said, holder="FSA") == ("withdrawal", "FSA", "")


def test_harm_to_civilians_at_a_town_is_its_holders_enemys(battle):
    """"students were trapped since roads … had been destroyed and fighting was reported" in a town the FSA
    holds: the government's doing, not the party the section last named."""
    from mapapp.actors import fill_unsaid, read_story

    story = read_story(battle.document, battle.events)
    sentence = "More than 500 students were trapped since roads out of the city had been destroyed."
    assert fill_unsaid(story, sentence, "Battle (2013)", ("attack", "", "Civilians"), holder="FSA")[1] == "Syria"


def test_a_counter_attack_is_the_holders(battle):
    """Reinforcements "arrived in Idlib and launched a counter-attack": the side holding the town hits back."""
    from mapapp.actors import fill_unsaid, read_story

    story = read_story(battle.document, battle.events)
    sentence = "In the evening, more elements of the division arrived in Homs and launched a counter-attack."
    assert fill_unsaid(story, sentence, "Battle (2013)", ("attack", "", ""), holder="Syria")[1] == "Syria"


def test_a_loss_read_one_event_at_a_time_is_read_as_the_pipeline_reads_it(battle):
    """describe_event given the town's loss (Holders.loss_parties) reads "the loss of X" as annotate_events
    does: the town lost goes to its taker from its loser; a town the loss led to something in keeps its own
    reading."""
    from mapapp.actors import describe_event, read_story

    story = read_story(battle.document, battle.events)
    sentence = "The loss of Homs later led to mass demonstrations in Hama."
    loss = ("FSA", "Syria")
    assert describe_event(story, sentence, "Battle (2013)", "Homs", loss=loss) == ("capture", "FSA", "Syria")
    assert describe_event(story, sentence, "Battle (2013)", "Hama", loss=loss)[1:] != loss
    # "the loss: the town had been …": the town told of again is the town lost
    sentence = "Many mourned the loss: the town had been a market for the region and its capture was a blow."
    assert describe_event(story, sentence, "Battle (2013)", "the town", loss=loss) == ("capture", "FSA", "Syria")


def test_control_that_goes_on_is_a_stated_holder_not_a_capture(gazetteer):
    """"Homs remained the only major city fully under FSA control": who holds it, not a capture on that day;
    the town shows that holder from then on (a 'held' row), and the FSA taking it later would be no change."""
    from mapapp.control import control_changes

    text = BATTLE.split("## Battle")[0] + (
        "## Battle (2013)\nBy June 2013, Homs remained the only major city fully under FSA control.\n\n"
        "On 9 June 2013, the Syrian Army seized control of Hama, which had been under FSA control since 2012.\n")
    result = run_text(text, "battle_of_example.md", gazetteer)
    assert by_sentence(result, "remained the only").event_type == "other"
    rows = [(c.place, c.controller, c.change) for c in control_changes(result)]
    assert ("Homs", "FSA", "held") in rows
    assert ("Hama", "Syria", "capture") in rows and not any(r[1] == "FSA" and r[2] == "capture" for r in rows)


def test_a_town_taken_back_by_no_one_named_goes_to_who_held_it_before(gazetteer):
    """"Homs was recaptured" after the FSA took it from the government: the government's again; a town no
    change is known of ("Hama was recaptured") is left unattributed rather than given to its holder's enemy."""
    from mapapp.control import control_changes

    text = BATTLE.split("## Battle")[0] + (
        "## Battle (2013)\nOn 1 June 2013, the FSA seized control of Homs. The Syrian Army shelled Hama.\n\n"
        "On 9 June 2013, Homs was recaptured. On 10 June 2013, Hama was recaptured.\n")
    result = run_text(text, "battle_of_example.md", gazetteer)
    rows = [(c.place, c.controller, c.previous_controller, c.change) for c in control_changes(result)]
    assert ("Homs", "Syria", "FSA", "retake") in rows
    assert not any(r[0] == "Hama" for r in rows)
