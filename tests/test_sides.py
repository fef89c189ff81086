"""The sides of a war read from its infobox, and the colours they get on the control map."""

from __future__ import annotations

import pytest

from conftest import ROOT
from mapapp.actors import read_story
from mapapp.load import load_document
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
