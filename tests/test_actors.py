"""Event types and actors: measured against tests/data/mali_war.types.yaml, and the rules one by one."""

from __future__ import annotations

import pytest

from accuracy import sentence_type_scores, type_scores
from conftest import DATA, ROOT
from mapapp.actors import EVENT_TYPES, actor_table, assign_roles, classify, find_actors, read_story
from mapapp.load import load_document, parse_document

# Measured against the re-checked, adjudicated Mali War annotation (149 events), on the events as the
# pipeline finds them: type 0.90, actor1 0.85, actor precision 0.79 / recall 0.67. Floors a little below; the
# targets are 0.90 and 0.80 (issue #12).
FLOORS = {"type_accuracy": 0.88, "actor1_accuracy": 0.83, "actor_precision": 0.77, "actor_recall": 0.64}
# Per annotated article, read sentence by sentence (so that a town the gazetteer does not place yet still
# counts) with the story and holders the pipeline reads: (type accuracy, actor1 accuracy) measured, floors a
# little below. Measured: Mali War 0.91/0.85, Sumy 1.00/0.86, Huliaipole 0.87/0.91, al-Qusayr 0.82/0.78,
# Daraa 0.86/0.81, Idlib 0.76/0.79, Shusha 0.82/0.73, 2016 Nagorno-Karabakh 0.79/0.82 (see the README's "What
# happened, and who held each town").
SENTENCE_FLOORS = {"mali_war": (0.88, 0.82), "battle_of_sumy": (0.95, 0.82), "battle_of_huliaipole": (0.84, 0.88),
                   "battle_of_al-qusayr_2013": (0.79, 0.73), "2021_daraa_offensive": (0.83, 0.78),
                   "battle_of_idlib_2015": (0.75, 0.76), "battle_of_shusha_1992": (0.79, 0.70),
                   "2016_nagorno-karabakh_conflict": (0.76, 0.79)}


def test_event_types_and_actors_against_annotation(seed_result, gazetteer):
    scores = type_scores(seed_result, DATA / "mali_war.types.yaml", gazetteer)
    assert scores["events"] >= 40
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name], scores["wrong"][:20])


@pytest.mark.parametrize("name", sorted(p.name.split(".")[0] for p in DATA.glob("*.types.yaml")))
def test_types_and_first_actor_per_annotated_article(name, gazetteer):
    from mapapp.pipeline import run

    path = ROOT / "seeds" / f"{name}.md"
    scores = sentence_type_scores(load_document(path), DATA / f"{name}.types.yaml", run(path, gazetteer))
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
        ("State forces entered the besieged neighborhood, hoisting up the national flag in the area.", "capture"),
        ("Mali earned the first win in the football championship.", "other"),
        # a letter class in a trigger survives lower-casing ("left" + a name)
        ("The MUJAO forces left Gao and Kidal.", "withdrawal"),
        # the trigger families of ANNOTATION.md's types
        ("Government forces were firing at residential areas in Jasim.", "bombing"),
        ("The Syrian Army bombarded Daraa al-Balad, killing one civilian.", "bombing"),
        ("Two fighters blew themselves up near the checkpoints.", "bombing"),
        ("The next day, the air force also struck the town of Saraqib.", "airstrike"),
        ("The Ukrainian Armed Forces carried out strikes against the Russian positions.", "bombing"),
        ("AFP witnesses had seen dozens of Islamist corpses around Konna.", "attack"),
        ("Mopping-up operations were still occurring in the town.", "attack"),
        ("Rebels remained entrenched in the northern parts of the town.", "deployment"),
        ("By May 8, Armenian forces had amassed a force of nearly 1,000 fighters.", "deployment"),
        ("With the loss of Khojaly, the commanders turned to Stepanakert.", "capture"),
        ("Rebel forces will be allowed to leave the town toward Idlib.", "agreement"),
        ("A member of the 4th Division was shot dead by unknown gunmen in Maskin city.", "attack"),
        ("Troops fired warning shots and slightly progressed toward Douentza.", "deployment"),
        # a capture after 'to' is a purpose unless the words before say it happened
        ("On April 27, the plans were approved to move in and capture Shusha.", "other"),
        ("Colonel Hassan was sent to oversee an operation to recapture Idlib.", "deployment"),
        ("A counterattack forced the rebels to withdraw from the city.", "withdrawal"),
        ("The army released a statement claiming to have complete control of Konna again.", "capture"),
        # pushed back is a withdrawal; mutilation is violence aimed at civilians; talks of any kind are talks
        ("The quarters were declared safe after the rebels were driven back to the outskirts.", "withdrawal"),
        ("Journalists found mutilated elders in the village after its recapture.", "civilian_killing"),
        ("In the capital, the foreign minister had a discussion about a railway line.", "agreement"),
        ("The mediators scheduled a meeting on 5 April in the capital.", "agreement"),
        ("In the capital, the company agreed to increase gas supply.", "agreement"),
        # a capture named as a noun and judged is a comment, not the capture told
        ("It was viewed that the fall of Idlib would complicate efforts to win support.", "other"),
        ("He wrote that the capture of Shusha would go down in the annals of warfare.", "other"),
        ("The fall of Idlib on 28 March ended the siege.", "capture"),
        # who did it, told in a relative clause, is no capture
        ("Ahrar ash-Sham called for a unified management of the city by the groups that captured it.", "other"),
        ("The rebels who captured Idlib on 28 March then moved south.", "capture"),
    ],
)
def test_classify(table, sentence, kind):
    assert classify(sentence, table)[0] == kind


def test_the_clause_naming_the_town_decides_its_type(table):
    """Artillery brought forward elsewhere is no bombing of the capital where reservists were called up."""
    from mapapp.actors import describe

    sentence = "Heavy artillery was brought forward, and in the capital Stepanakert reservists were called up."
    assert describe(sentence, "Stepanakert", table)[0] == "deployment"
    # "a number of <town> residents": the residents flee in their own clause; the missile's owner did not
    sentence = ("A Russian missile struck Zaporizhzhia, where a number of Huliaipole residents had been sheltering "
                "after fleeing their home city.")
    assert describe(sentence, "Huliaipole", table) == ("withdrawal", "Civilians", "")
    assert describe(sentence, "Zaporizhzhia", table)[:2] == ("bombing", "Russia")
    # where a claim was made is no capture there; fire whose outcome is a retreat is that withdrawal
    sentence = "An Al Jazeera reporter in Beirut also said that it seemed that the Army had control of the town."
    assert describe(sentence, "Beirut", table) == ("other", "Civilians", "")
    sentence = "Heavy government shelling forced rebels to retreat from parts of Al-Qusayr, according to a commander."
    assert describe(sentence, "Al-Qusayr", table)[:2] == ("withdrawal", "Rebels")
    assert [m[2] for m in find_actors("Refugees who fled to Arsal described their ordeal.", table)] == ["Civilians"]
    # the means in a clause of its own; a denied offensive gives way to what did happen; a brief incursion
    sentence = "Russian forces destroyed the road between Huliaipole and Polohy, using land mines."
    assert describe(sentence, "Huliaipole", table)[0] == "bombing"
    sentence = ("Russian forces did not conduct active offensive operations against Huliaipole in October, but "
                "continued to shell the city.")
    assert describe(sentence, "Huliaipole", table)[:2] == ("bombing", "Russia")
    assert describe("On 5 March, Russian forces briefly entered Huliaipole.", "Huliaipole", table)[0] == "attack"
    sentence = "The Russian forces began concentrating their efforts on capturing Huliaipole."
    assert describe(sentence, "Huliaipole", table)[0] == "attack"
    assert describe("One was concentrated on taking back Shusha on May 11.", "Shusha", table)[0] == "attack"
    # the capture of another town is not one of this town; the capture of this one (among others) is
    sentence = "The loss of Shusha later led to mass demonstrations in Azerbaijan's capital of Baku."
    assert describe(sentence, "Baku", table)[0] == "protest"
    assert describe(sentence, "Shusha", table)[0] == "capture"
    sentence = "The loss of Khojaly, Kerkijahan and Malibeyli weakened the defence."
    assert describe(sentence, "Malibeyli", table)[0] == "capture"
    # a civilian killed by someone is violence aimed at civilians; a denied arrival is no deployment
    sentence = "On 27 May, a TV reporter was killed by rebel sniper fire near al-Qusayr."
    assert describe(sentence, "al-Qusayr", table) == ("civilian_killing", "Rebels", "Civilians")
    sentence = "Days later, an opposition activist denied any reinforcements had arrived in al-Qusayr."
    assert describe(sentence, "al-Qusayr", table)[0] == "other"
    # of two verb phrases joined by "and", the one that names the town; one that names no place goes on there;
    # two verbs sharing one object are one phrase
    sentence = "More elements of the division arrived in Idlib and launched a counter-attack in the Industrial District."
    assert describe(sentence, "Idlib", table)[0] == "deployment"
    assert describe(sentence, "Industrial District", table)[0] == "attack"
    sentence = "The Azerbaijani military also launched air raids and staged ground attacks on the outskirts of Stepanakert."
    assert describe(sentence, "Stepanakert", table)[:2] == ("attack", "Azerbaijan")
    sentence = "On 5 April 2012, Islamists entered the Algerian consulate in Gao and took hostages."
    assert describe(sentence, "Gao", table)[0] == "hostage_taking"
    sentence = "On the night of 16 October, Russian missiles hit and destroyed schools in Vozdvyzhivka."
    assert describe(sentence, "Vozdvyzhivka", table)[0] == "bombing"
    # forces stationed in a town, as the subject of what they do next, are there; an aside set off by commas
    # leaves the sentence's event at the town
    sentence = "On 26 January 1992 the Azerbaijani forces stationed in Shusha encircled and attacked Karintak."
    assert describe(sentence, "Shusha", table)[:2] == ("deployment", "Azerbaijan")
    sentence = ("On February 23, ten servicemen in the regiment headquartered in Stepanakert, tasked with keeping the "
                "peace, were injured in a bombardment by artillery.")
    assert describe(sentence, "Stepanakert", table)[0] == "bombing"
    # a number's comma is no clause break; a leading clause gives way to the main clause that names the town
    # again; a subordinate clause after the town that names it no more does not tell its event
    assert describe("In one week the city was bombed with over 1,000 shells.", "the city", table)[0] == "bombing"
    sentence = "After capture of the town, the city was looted and burnt by aggrieved civilians."
    assert describe(sentence, "the town", table)[0] == "civilian_killing"
    sentence = "The advance into the city came after the NDF retreated from the northern silos."
    assert describe(sentence, "the city", table)[0] == "attack"
    sentence = "Commanders in Stepanakert were reinforced after Azerbaijani shelling of Stepanakert from Shusha."
    assert describe(sentence, "Stepanakert", table)[0] == "bombing"
    # a relative clause with no event words of its own tells of what the clause before it names
    sentence = ("On 5 April, the ministry claimed that the mutual ceasefire agreement, which was got in Moscow by the "
                "heads of both armies, was breached by Armenian forces which shelled positions near Tap Qaraqoyunlu.")
    assert describe(sentence, "Moscow", table)[0] == "agreement"
    assert describe(sentence, "Tap Qaraqoyunlu", table)[0] == "bombing"
    # a party the capture helps is not who lost the town
    sentence = "Russian forces gained control of Vuhlehirsk on 4 February, allowing the separatists to increase shelling."
    assert describe(sentence, "Vuhlehirsk", table) == ("capture", "Russia", "")
    # a "while" clause with its own subject and no event words tells its own story
    sentence = ("Government forces fired at residential areas in Jasim, while an armed group of ex-insurgents organized "
                "a curfew in al-Shajara.")
    assert describe(sentence, "al-Shajara", table) == ("other", "Rebels", "")
    assert describe(sentence, "Jasim", table)[0] == "bombing"


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
        # the party named right before (or within) the event's words carries it out
        ("Armenian commanders were based there after Azerbaijani shelling of the town.", "Azerbaijan", ""),
        ("On 7 June, a child was wounded in a Russian artillery strike against Huliaipole.", "Russia", "Civilians"),
        ("The MNLA and Ansar Dine rebels clashed against each other in the city.", "MNLA", ""),  # a verb's subject
        # a subject that was killed or died is the victim
        ("Residents reported that 60 Islamists died in the French airstrikes.", "France", "Islamists"),
        ("Three Russian helicopters were shot down by a Ukrainian air-defense system, and artillery hit the tanks.",
         "Ukraine", "Russia"),
        # the trigger's own clause gives its subject; only the first party after 'according to' reports
        ("In order to pin down Ukrainian forces, Russian forces bombarded Ukrainian positions.", "Russia", "Ukraine"),
        ("According to Azerbaijani claims Armenian Armed Forces directed artillery fire at a mosque.", "Armenia", ""),
        # outcome words name the harmed, 'by' the agent
        ("A doctor reported seeing many bodies of Hezbollah fighters.", "", "Hezbollah"),
        ("Human Rights Watch reported killings committed by the Malian army in the town.", "Mali", ""),
        # civilians after a comma are victims, not agents
        ("The same day, a car bomb exploded in Kidal, killing two people.", "", "Civilians"),
        # the loss of a town: the party named lost it
        ("With the loss of Khojaly, Azerbaijani commanders turned to Stepanakert.", "", "Azerbaijan"),
        # a party that reports, in the next clause, does not do what it reports
        ("While the artillery shelling of Huliaipole continued, the Ukrainian General Staff reported that Russian "
         "forces fortified their positions.", "", ""),
        # those who feel or believe something of an event did not do it
        ("Many Azerbaijanis were in disbelief and many felt that the town's capture had been betrayed.", "", ""),
        ("Many felt that Armenian forces had captured the town by treason.", "Armenia", ""),
        # a unit named by two words ("Russian military police") is still the state's, and joins its partner
        ("Russian military police and Syrian state forces entered the town, hoisting up the Syrian flag.", "Russia", ""),
        # the party named within "under … control" holds the town, whoever speaks
        ("Russian media also contested the statements, stating that the town was under Azerbaijani control.",
         "Azerbaijan", ""),
        # a main clause joined by "and" has its own subject
        ("On 24 June 2022, Ukrainian units were ordered to retreat from the city and the next day Russian forces "
         "fully captured Sievierodonetsk.", "Russia", ""),
    ],
)
def test_roles(table, sentence, actor1, actor2):
    kind, trigger = classify(sentence, table)
    assert assign_roles(sentence, trigger, find_actors(sentence, table), kind) == (actor1, actor2)


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("The newly established Fattah Army operation room was set up.", []),  # a named army
        ("SOHR reported the Army surrounded the village.", ["Mali"]),  # the war's army
        ("A ceasefire agreement was signed in Algiers, Algeria, and a peace accord followed.", []),  # a town's country
        ("Burkina Faso, Mali and Niger signed the pact.", ["Burkina Faso", "Mali", "Niger"]),  # a list of states
        ("By the end of June, Mali urged new talks.", ["Mali"]),  # a month is no town
        ("The city was looted by aggrieved Malian civilians.", ["Civilians"]),  # a demonym of people, not a force
        # a theatre's numbered armoured formation is its army's; factions and mediators by their own names
        ("More elements of the 11th Tank Division arrived.", ["Syria"]),
        ("Ajnad al-Sham announced that its leader was killed, as did Jund al-Aqsa.", ["Ajnad al-Sham", "Jund al-Aqsa"]),
        ("The OSCE Minsk Group organized a meeting after Kazakhstan refused.", ["OSCE Minsk Group", "Kazakhstan"]),
        ("Local notables promised to hand over the weapons of ex-insurgents.", ["Civilians", "Rebels"]),
    ],
    ids=["named-army", "the-army", "place-country", "states", "month", "demonym-people", "armoured-division",
         "factions", "mediators", "notables"],
)
def test_who_a_name_is(table, sentence, names):
    story = read_story(load_document(ROOT / "seeds" / "mali_war.md"))
    assert [m[2] for m in story.resolve(sentence, "No such section", find_actors(sentence, table))] == names


KARABAKH = """---
title: Battle of Example
infoboxes:
  - combatant1: {text: "Nagorno-Karabakh\\nArmenia"}
    combatant2: {text: "Azerbaijan"}
---
## Battle (1992)
On 8 May 1992, Armenian forces stormed the town. The Armenian government denied any part in it.
"""


@pytest.mark.parametrize(
    "infobox, sentence, names",
    [
        (KARABAKH, "On 8 May 1992, Armenian forces stormed the town.", ["Artsakh"]),
        (KARABAKH, "The Armenian government denied any part in it.", ["Armenia"]),
        (KARABAKH.replace("Nagorno-Karabakh\\n", ""), "On 8 May 1992, Armenian forces stormed the town.", ["Armenia"]),
    ],
    ids=["people-force", "the-state-itself", "no-karabakh-side"],
)
def test_a_peoples_own_force_where_the_infobox_sides_it_with_the_state(infobox, sentence, names):
    """Karabakh Armenian forces are Artsakh where the infobox lists Artsakh beside Armenia (data/actors.yaml
    `people`); Armenia's own institutions stay Armenia; with no Artsakh in the infobox they are Armenia's."""
    story = read_story(parse_document(infobox, "battle_of_example.md"))
    assert [m[2] for m in story.resolve(sentence, "Battle (1992)", find_actors(sentence, story.table))] == names


COALITION = """---
title: Battle of Example
infoboxes:
  - combatant1: {text: "Army of Conquest\\n* Al-Nusra Front\\n* Ahrar al-Sham\\n Jund al-Aqsa"}
    combatant2: {text: "Syrian Arab Republic\n Hezbollah"}
---
## The battle (2015)
On 24 March 2015, the Army of Conquest operation room urged people to remain indoors.

On 25 March 2015, the rebels captured seven checkpoints. Al-Nusra Front fighters then stormed the square.

On 26 March 2015, heavy fighting took place and the rebels entered the city.

On 27 March 2015, the rebels advanced, the rebels fired mortars and the rebels shelled the airport.
"""


def test_the_rebels_of_a_section_naming_the_coalition_that_is_their_side():
    """The infobox bullets al-Nusra and Ahrar al-Sham under the Army of Conquest: one coalition. Its section's
    'rebels' are the coalition, even after one member is named (that member belongs to it)."""
    story = read_story(parse_document(COALITION, "battle_of_example.md"))
    assert story.sides.coalitions == (("Army of Conquest", ("al-Nusra Front", "Ahrar al-Sham")),)
    for sentence in ("On 25 March 2015, the rebels captured seven checkpoints.",
                     "On 26 March 2015, heavy fighting took place and the rebels entered the city."):
        assert [m[2] for m in story.resolve(sentence, "The battle (2015)", find_actors(sentence, story.table))] == [
            "Army of Conquest"]
    # Groups listed as peers: no coalition, and a section that says "the rebels" more than twice as often as
    # it names a group means the rebels at large.
    peers = COALITION.replace("* Al-Nusra Front\\n* Ahrar al-Sham", "Al-Nusra Front\\n Ahrar al-Sham")
    story = read_story(parse_document(peers, "battle_of_example.md"))
    sentence = "On 25 March 2015, the rebels captured seven checkpoints."
    assert story.sides.coalitions == ()
    assert [m[2] for m in story.resolve(sentence, "The battle (2015)", find_actors(sentence, story.table))] == ["Rebels"]


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
        ("The Islamic Tawheed Brigade and Liwa al-Tawhid sent a convoy.", ["Tawhid Brigade", "Tawhid Brigade"]),
    ],
    ids=["ukraine", "territorial-defence", "caucasus", "country-slot", "syria", "syria-transliterations"],
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
        ("Positions east of the city were captured by armed locals.", ["Rebels"]),  # armed people are fighters
    ],
    ids=["generic-from-group", "the-group", "the-group-unnamed", "armed-locals"],
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


UNKNOWN_GUNMEN = """---
title: Battle of Example
infoboxes:
  - combatant1: {text: "Free Syrian Army"}
    combatant2: {text: "Syrian Arab Republic"}
---
## Clashes (2021)
On 14 August 2021, the FSA attacked Daraa. On 16 August 2021, a soldier of the Syrian Army was shot dead by unknown gunmen in Maskin. A civilian was also killed by gunmen in Sanamayn.
"""


def test_unknown_gunmen_are_no_one_and_so_are_the_gunmen_after_them():
    """The text says it does not know who: no group stands in for them, and the actor is not guessed from the
    party named before (the FSA)."""
    from mapapp.actors import describe_event

    story = read_story(parse_document(UNKNOWN_GUNMEN, "battle_of_example.md"))
    shot = "On 16 August 2021, a soldier of the Syrian Army was shot dead by unknown gunmen in Maskin."
    assert describe_event(story, shot, "Clashes (2021)", "Maskin")[1] == ""
    killed = "A civilian was also killed by gunmen in Sanamayn."
    assert describe_event(story, killed, "Clashes (2021)", "Sanamayn")[1] == ""
    attacked = "On 14 August 2021, the FSA attacked Daraa."
    assert describe_event(story, attacked, "Clashes (2021)", "Daraa")[1] == "FSA"


@pytest.mark.parametrize("sentence, kind", [
    # a threat or a conditional is no event at the town
    ("The minister said that if the raids did not stop, the army would consider launching an artillery "
     "bombardment on Gao.", "other"),
    ("The rebels threatened to storm Gao.", "other"),
    # the reason given after "in response to" is its own clause, not the threatened act
    ("The rebels threatened to shell the besieged town of Gao in response to any shelling of the civilians in Kidal.",
     "other"),
    ("The army warned that it will attack Gao if the rebels do not leave.", "other"),
    # the act inside the condition, or one only possible
    ("Peace would not come if the army launched an attack on Gao.", "other"),
    ("A potential rebel advance on Gao worried the government.", "other"),
    # what did happen stays: a modal with no condition, and an act done before the condition
    ("The army shelled Gao, though nobody knew if the rebels were there.", "bombing"),
    ("The army shelled Gao, which would later fall.", "bombing"),
    ("The besieged town of Gao would be ruined if no help came.", "attack"),
])
def test_a_threat_or_a_conditional_is_no_event(table, sentence, kind):
    from mapapp.actors import describe

    assert describe(sentence, "Gao", table)[0] == kind


def test_two_sentences_run_together_are_read_apart(table):
    """"… seized Ansongo. a drone was reported lost near Gao": the capture is Ansongo's, not Gao's."""
    from mapapp.actors import describe

    sentence = "The rebels said they had seized Ansongo. a drone was reported lost near Gao as well."
    assert describe(sentence, "Gao", table)[0] != "capture"
    assert describe(sentence, "Ansongo", table)[0] == "capture"
    assert describe("U.S. forces seized Gao.", "Gao", table)[0] == "capture"  # a capital's dot is no break


def test_fighting_placed_at_another_town_is_not_this_ones(table):
    """"soldiers who died fighting in Xtown had been taken to a plant in Ytown": the fighting is Xtown's;
    Ytown is where they were taken, no attack there."""
    from mapapp.actors import describe

    sentence = ("On 9 June, the army said that the bodies of MNLA fighters who died fighting in Gao had been taken "
                "to a cold store in Kidal, and spoke of many casualties.")
    assert describe(sentence, "Kidal", table)[:2] == ("other", "MNLA")
    assert describe(sentence, "Gao", table)[0] == "attack"
