"""The sides of a war read from its infobox, and the colours they get on the control map."""

from __future__ import annotations

import pytest

from conftest import ROOT
from mapapp.actors import read_story
from mapapp.load import load_document, parse_document
from mapapp.pipeline import run
from mapapp.sides import SIDE_PALETTES, UNALIGNED_PALETTE, Sides, holder_colours


@pytest.mark.parametrize(
    "name, side1, side2, government",
    [
        ("mali_war.md", "Mali", "MNLA", "Mali"),
        ("battle_of_al-qusayr_2013.md", "FSA", "Syria", "Syria"),
        ("battle_of_sumy.md", "Russia", "Ukraine", "Ukraine"),
        ("battle_of_shusha_1992.md", "Armenia", "Azerbaijan", "Azerbaijan"),  # Shusha: in Azerbaijan
    ],
    ids=["sahel", "syria", "ukraine", "caucasus"],
)
def test_sides_from_the_infobox(name, side1, side2, government, gazetteer):
    result = run(ROOT / "seeds" / name, gazetteer)
    sides = read_story(result.document, result.events).sides
    assert side1 in sides.belligerents[0] and side2 in sides.belligerents[1]
    assert sides.side_of(side1) == 0 and sides.side_of(side2) == 1
    assert not sides.allied(side1, side2)
    # the government is a belligerent state whose country holds most of the towns ('' while none is placed)
    assert sides.government in {government, ""}
    if sides.government:
        assert sides.with_government(sides.government)


def test_colours_tell_sides_apart_and_do_not_depend_on_names():
    sides = Sides((("A", "B"), ("C",)), "A", "XX")
    colours = holder_colours(sides, ["C", "B", "A", "Rebels", "A"])
    assert colours["A"] == SIDE_PALETTES[0][0] and colours["B"] == SIDE_PALETTES[0][1]
    assert colours["C"] == SIDE_PALETTES[1][0]
    assert colours["Rebels"] not in SIDE_PALETTES[0] + SIDE_PALETTES[1]
    assert len(set(colours.values())) == len(colours)
    renamed = holder_colours(Sides((("X", "Y"), ("Z",)), "X", "XX"), ["Z", "Y", "X", "Other"])
    assert list(renamed.values()) == list(colours.values())  # by place in the article, not by name


def test_many_holders_still_get_colours():
    sides = Sides((tuple(f"a{i}" for i in range(10)),), "", "")
    colours = holder_colours(sides, [f"a{i}" for i in range(10)] + [f"x{i}" for i in range(20)])
    assert len(colours) == 30
    assert all(c.startswith("#") and len(c) == 7 for c in colours.values())
    assert set(UNALIGNED_PALETTE) & set(colours.values())


@pytest.mark.parametrize(
    "place, government",
    [("Idlib, Idlib Governorate, Syria", "Syria"), ("Shusha", ""), ("Huliaipole, Zaporizhzhia Oblast, Ukraine", "Ukraine")],
    ids=["names-the-state", "names-none", "other-state"],
)
def test_government_from_the_infobox_place_while_no_town_is_placed(place, government):
    from mapapp.load import parse_document

    text = (f"---\ntitle: Battle of Example\ninfoboxes:\n  - place: {{text: \"{place}\"}}\n"
            "    combatant1: {text: \"Syrian Arab Republic\\nUkraine\"}\n    combatant2: {text: \"Free Syrian Army\"}\n"
            "---\n## Battle (2015)\nOn 2 May 2015, government forces attacked the town.\n")
    assert read_story(parse_document(text, "battle_of_example.md")).sides.government == government


def test_generic_holders_take_the_colours_of_the_side_whose_groups_they_stand_for():
    """"Rebels" at al-Qusayr are the FSA's side: a shade of its family, not a colour of no side; where both
    sides list rebel groups (or none does), the generic name stays on no side."""
    from mapapp.actor_rules import actor_table
    from mapapp.sides import read_sides

    def sides_of(first: str, second: str) -> Sides:
        text = (f"---\ntitle: Battle of Example\ninfoboxes:\n  - combatant1: {{text: \"{first}\"}}\n"
                f"    combatant2: {{text: \"{second}\"}}\n---\n## Battle (2013)\nText.\n")
        document = parse_document(text, "battle_of_example.md")
        return read_sides(document, actor_table(document, "syria"), ["SY"])

    sides = sides_of("Free Syrian Army", "Syrian Arab Republic")
    colours = holder_colours(sides, ["Syria", "Rebels", "FSA"])
    assert colours["FSA"] == SIDE_PALETTES[0][0] and colours["Rebels"] == SIDE_PALETTES[0][1]
    assert colours["Syria"] == SIDE_PALETTES[1][0]
    assert sides.side_of("Rebels") == -1  # colour only: the control walk's sides stay the infobox's
    both = sides_of("Free Syrian Army", "Syrian Arab Republic\\nISIL")
    assert both.colour_side("Rebels") == -1
    assert holder_colours(both, ["Rebels"])["Rebels"] not in SIDE_PALETTES[0] + SIDE_PALETTES[1]


def test_a_belligerent_is_on_the_first_side_that_lists_it():
    """Daraa's infobox lists "8th Brigade of the 5th Corps" (a government unit) under the rebels too."""
    from mapapp.actor_rules import actor_table
    from mapapp.sides import read_sides

    text = ("---\ntitle: Battle of Example\ninfoboxes:\n  - combatant1: {text: \"Syria\"}\n"
            "    combatant2: {text: \"Reconciled rebels\\n8th Brigade of the 5th Corps\"}\n---\n## Battle\nText.\n")
    document = parse_document(text, "battle_of_example.md")
    sides = read_sides(document, actor_table(document, "syria"), ["SY"])
    assert sides.belligerents == (("Syria",), ("Rebels",))
    assert sides.opponent_of("Rebels") == "Syria"
