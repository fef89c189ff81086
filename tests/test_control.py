"""Who held each town: every kind of change on a small invented article, a mutation harness that checks each
kind's code is tested, and the figures against tests/data/*.control.yaml."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from accuracy import control_scores
from conftest import DATA, ROOT, SEED
from mapapp import control, moves
from mapapp.control import CHANGES, CONTROL_FIELDS, control_changes, controller_at
from mapapp.model import PartialDate
from mapapp.pipeline import run_text

# An invented war in real Sahel towns, written so that each sentence gives one kind of change; the infobox
# puts the MNLA and Ansar Dine on one side, Mali on the other.
KINDS_ARTICLE = """---
title: Test war
infoboxes:
  - combatant1: {text: "Government of Mali"}
    combatant2: {text: "MNLA\\nAnsar Dine"}
---
## Course of the war (2012)
On 1 March 2012, the MNLA seized control of Kidal.

On 5 March 2012, the Malian army recaptured Kidal.

On 8 March 2012, the MNLA seized control of Gao.

On 10 March 2012, Ansar Dine took control of Gao from the MNLA.

On 12 March 2012, the Malian army withdrew from Timbuktu.

On 14 March 2012, the MNLA seized control of Konna.

On 15 March 2012, the Malian army had still not recaptured Konna from Ansar Dine.

On 18 March 2012, the Malian army recaptured Konna.

On 20 March 2012, the Malian army deployed to Bamako.

On 22 March 2012, the MNLA seized control of Ménaka.

On 24 March 2012, the MNLA took control of Ménaka from Ansar Dine.

On 25 March 2012, the MNLA withdrew from Aguelhok. Ansar Dine seized control of the town the same day.

On 26 March 2012, the MNLA seized control of Gao. On 27 March 2012, the Malian army withdrew from Douentza.

On 27 March 2012, the MNLA seized control of Douentza.

On 28 March 2012, the Malian army had still not recaptured Kidal from the MNLA.

On 29 March 2012, the Malian army seized control of Kidal.

On 30 March 2012, the Malian army seized control of Kidal.

On 31 March 2012, the MNLA withdrew from Kidal. On 31 March 2012, Ansar Dine withdrew from Gao.

On 31 March 2012, many residents fled Ménaka.

On 1 April 2012, the MNLA seized control of Léré.

In May 2012, the Malian army had still not recaptured Léré from the MNLA.

On 20 May 2012, the Malian army seized control of Léré.

On 3 April 2012, the MNLA seized control of Tessalit.

On 4 April 2012, a convoy of MNLA fighters left Tessalit.

On 6 April 2012, the MNLA captured half of Hombori. By the end of the day, the Malian army had recaptured Hombori.

On 7 April 2012, the MNLA captured most of Ansongo. Malian troops still held the northern part of the town. On 9 April 2012, the Malian army seized control of Ansongo.

On 10 April 2012, the MNLA captured most of Bourem, while Malian troops still held its northern part. By the end of the day, the MNLA seized control of Bourem.

On 13 April 2012, the MNLA advanced on Niafunké, which fell later that day.

On 16 April 2012, the MNLA announced that the remaining Malian troops in Goundam surrendered.

On 20 April 2012, Ansar Dine attacked Anefis, which had been under MNLA control since an offensive in February 2012.

On 22 April 2012, the MNLA had retaken Diré, after previously being expelled from it by Ansar Dine in March 2012.

On 12 April 2012, the Malian army released a video of a hostage, in which he says that Tessalit was under Malian control.

On 14 April 2012, Tessalit was fully recaptured.
"""

# (place, controller, previous_controller, change) each sentence above must give, in order per town.
KINDS_EXPECTED = [
    ("Aguelhok", "Ansar Dine", "MNLA", "handover"),  # the next sentence names who came in
    ("Anefis", "MNLA", "Mali", "capture"),  # "under MNLA control since an offensive in February": a change of that month
    ("Ansongo", "MNLA", "Mali", "contested"),  # most of the town taken: its control divided
    ("Ansongo", "Mali", "MNLA", "retake"),  # the divided town regained whole by its holder
    ("Bamako", "Mali", "", "held"),
    ("Bourem", "MNLA", "Mali", "capture"),  # most of it, then all of it the same day: one capture
    ("Diré", "Ansar Dine", "MNLA", "handover"),  # "after previously being expelled from it by Ansar Dine in March"
    ("Diré", "MNLA", "Ansar Dine", "retake"),
    ("Douentza", "MNLA", "Mali", "capture"),  # a withdrawal and, the same day, who came in: one change
    ("Gao", "MNLA", "Mali", "capture"),
    ("Gao", "Ansar Dine", "MNLA", "handover"),
    ("Gao", "MNLA", "Ansar Dine", "retake"),
    ("Gao", "", "Ansar Dine", "withdrawal"),  # between two sides that fight the government, the text is trusted
    ("Goundam", "MNLA", "Mali", "capture"),  # the holder's troops in the town surrendered: to its enemy
    ("Kidal", "MNLA", "Mali", "capture"),
    ("Kidal", "Mali", "MNLA", "retake"),
    ("Kidal", "Mali", "Mali", "contested"),  # the controller is the side whose claim is denied (ANNOTATION.md)
    ("Kidal", "Mali", "MNLA", "retake"),  # the denied claim made good; the 30 March repeat is no change, nor
    # is the MNLA pulling back from a town the government holds
    # Hombori: none. Part of a town taken and the government retaking it is no change (ANNOTATION.md).
    ("Konna", "MNLA", "Mali", "capture"),
    ("Konna", "Mali", "MNLA", "contested"),
    ("Konna", "Mali", "MNLA", "retake"),  # a contested claim is not a holder
    ("Léré", "MNLA", "Mali", "capture"),
    ("Léré", "Mali", "MNLA", "contested"),  # a claim denied for the month; made good inside it: not told again
    ("Léré", "Mali", "MNLA", "retake"),
    ("Ménaka", "MNLA", "Mali", "capture"),
    ("Ménaka", "MNLA", "Ansar Dine", "retake"),  # the text names a holder the walk had missed; residents
    # fleeing are no holder leaving
    ("Niafunké", "MNLA", "Mali", "capture"),  # "which fell": to the side the sentence has attack it
    ("Tessalit", "MNLA", "Mali", "capture"),  # a convoy of the holder's leaving is not the holder leaving
    ("Tessalit", "Mali", "MNLA", "contested"),  # a captive's word: the captors' claim
    ("Tessalit", "MNLA", "Mali", "retake"),  # "fully recaptured": the holder makes its hold good against the claim
    ("Timbuktu", "", "Mali", "withdrawal"),
]


@pytest.fixture(scope="module")
def kinds_result(gazetteer):
    return run_text(KINDS_ARTICLE, "test_war.md", gazetteer)


def changes_as_rows(changes) -> list[tuple[str, str, str, str]]:
    return [(c.place, c.controller, c.previous_controller, c.change) for c in changes]


def observed(module, result) -> tuple:
    """What the tests see of a control module: its rows, and who holds two towns on two dates."""
    changes = module.control_changes(result)
    return (changes_as_rows(changes), module.controller_at(changes, "Konna", PartialDate(2012, 3, 16)),
            module.controller_at(changes, "Bamako", PartialDate(2012, 3, 1)))


OBSERVED = (KINDS_EXPECTED, "contested", "Mali")


def test_each_kind_of_change(kinds_result):
    assert changes_as_rows(control_changes(kinds_result)) == KINDS_EXPECTED
    assert observed(control, kinds_result) == OBSERVED
    assert {row[3] for row in KINDS_EXPECTED} == set(CHANGES)  # the article exercises every kind


def test_capital_is_held_by_the_government_from_the_start(kinds_result):
    changes = control_changes(kinds_result)
    assert controller_at(changes, "Bamako", PartialDate(2012, 3, 1)) == "Mali"
    assert controller_at(changes, "Konna", PartialDate(2012, 3, 15)) == "contested"


# Each article below is an invented war in real Sahel towns, with the KINDS_ARTICLE's infobox.
INFOBOX = KINDS_ARTICLE.split("## Course")[0] + "## Course of the war (2012)\n"


DENIED = ("On 3 June 2012, the MNLA announced that it had taken control of Tessalit, together with Aguelhok; this was "
          "denied by the Malian army, which said it was in full control of Tessalit. A reporter also stated that Tessalit "
          "was under MNLA control.\n\nOn 9 June 2012, the MNLA seized control of Tessalit.\n")


@pytest.mark.parametrize(
    "body, town, expected",
    [
        # one takeover told twice, a summary and the narrative: one change, dated by the more precise telling
        ("In June 2012, the MNLA seized control of Tessalit.\n\nOn 12 June 2012, the MNLA seized control of Tessalit.\n",
         "Tessalit", [("MNLA", "capture", "2012-06-12")]),
        ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 3 June 2012, the MNLA took over Tessalit.\n",
         "Tessalit", [("MNLA", "capture", "2012-06-03")]),
        # the holder driven out leaves the town to whom it fought there in the paragraph
        ("On 26 June 2012, fighting broke out in Gao between the MNLA and Ansar Dine. The MNLA were driven from Gao.\n",
         "Gao", [("Ansar Dine", "handover", "2012-06-26")]),
        # who left is not said: no holder leaving
        ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 5 June 2012, the governor left Tessalit.\n",
         "Tessalit", [("MNLA", "capture", "2012-06-03")]),
        # a person who leaves, the party named in an aside about them: no holder leaving
        ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 5 June 2012, Bilal Ag Cherif, who had led the "
         "MNLA in the region, left Tessalit.\n", "Tessalit", [("MNLA", "capture", "2012-06-03")]),
        # a capture of another year told in passing is dated by that year
        ("On 3 June 2013, the Malian army said that the MNLA had seized control of Tessalit in 2012.\n",
         "Tessalit", [("MNLA", "capture", "2012")]),
        # part of a town, a facility near it, where a thing was said: no change
        ("On 3 June 2012, the MNLA seized control of the airport near Tessalit.\n", "Tessalit", []),
        ("On 3 June 2012, the MNLA said rebels in Tessalit had captured about 40 percent of the city.\n", "Tessalit", []),
        # most of it, the rest still held: its control is divided from then on (told once), until one side has all
        # of it; most of it and no word of the rest: a partial capture (ANNOTATION.md), no change
        ("On 3 June 2012, the MNLA said rebels in Tessalit had captured about 60 percent of the city. Malian troops "
         "remained entrenched in its western parts.\n\n"
         "On 5 June 2012, the MNLA had control of most of Tessalit.\n", "Tessalit", [("MNLA", "contested", "2012-06-03")]),
        ("On 3 June 2012, the MNLA had captured 60% of the city of Tessalit, and shells were landing in the city.\n",
         "Tessalit", []),
        ("On 3 June 2012, a reporter in Tessalit said that the MNLA had control of Kidal.\n", "Tessalit", []),
        # "fell" that is no fall of the town; a holder since a date that names no taking
        ("On 3 June 2012, the MNLA attacked Tessalit, which fell silent after the shelling.\n", "Tessalit", []),
        ("On 3 June 2012, the MNLA attacked Tessalit. The population of Tessalit fell by half.\n", "Tessalit", []),
        # a fall dated by its own clause
        ("On 3 June 2012, the MNLA attacked Tessalit, which fell on 5 June 2012.\n", "Tessalit",
         [("MNLA", "capture", "2012-06-05")]),
        # a fall the sentence ties to no attack on the town: who took it is not said
        ("On 3 June 2012, Malian troops fought hard for Tessalit, which fell two days later.\n", "Tessalit", []),
        ("On 3 June 2012, the Malian army attacked Tessalit, which had been under MNLA control since 2011.\n", "Tessalit",
         [("MNLA", "held", "2011")]),  # held, from the date of the clause that says so (mapapp/dates.py)
        # the forces that surrendered are the holder's: the town passes to their enemy on the sentence's day
        ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 9 June 2012, the Malian army said the last MNLA "
         "fighters in Tessalit had surrendered.\n", "Tessalit", [("MNLA", "capture", "2012-06-03"), ("Mali", "retake", "2012-06-09")]),
        # to whom they surrendered, where the text says
        ("On 9 June 2012, the Malian troops in Tessalit surrendered to Ansar Dine.\n", "Tessalit",
         [("Ansar Dine", "capture", "2012-06-09")]),
        # a claim denied later in its sentence by words that name the town again: contested (the other town it
        # named stays taken); the same side said to hold it the same day is the same claim; taken on a later day,
        # a change, also by the government of a town part of which its enemy had taken
        (DENIED, "Tessalit", [("MNLA", "contested", "2012-06-03"), ("MNLA", "capture", "2012-06-09")]),
        (DENIED, "Aguelhok", [("MNLA", "capture", "2012-06-03")]),
        ("On 2 June 2012, the MNLA captured half of Tessalit.\n\nOn 3 June 2012, the Malian army announced that it "
         "had taken control of Tessalit; this was denied by the MNLA, which said it was in full control of Tessalit."
         "\n\nOn 9 June 2012, the Malian army recaptured Tessalit.\n", "Tessalit",
         [("Mali", "contested", "2012-06-03"), ("Mali", "capture", "2012-06-09")]),
        # a captive's word in the captor's video is the captor's claim, contested; the holder retaking the town
        # "fully" makes its hold good against it (a retake from the claimant). A side's own claim is a change.
        ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 5 June 2012, the MOJWA released a video of a "
         "foreign hostage, in which he says that Tessalit was under MOJWA control.\n\nOn 9 June 2012, Tessalit "
         "was fully recaptured.\n", "Tessalit",
         [("MNLA", "capture", "2012-06-03"), ("MOJWA", "contested", "2012-06-05"), ("MNLA", "retake", "2012-06-09")]),
        ("On 3 June 2012, the MNLA claimed that it had seized control of Tessalit.\n", "Tessalit",
         [("MNLA", "capture", "2012-06-03")]),
        # villages taken around a town only locate it
        ("On 3 June 2012, the MNLA seized thirty villages in the vicinity of Tessalit.\n", "Tessalit", []),
    ],
    ids=["summary-and-narrative", "same-day-twice", "fought-there", "leaver-unsaid", "leaver-in-aside", "another-year",
         "facility",
         "part", "most", "most-no-rest", "where-said", "fell-silent", "population-fell", "fell-on-its-day", "fell-after-defence", "held-since-a-year", "surrendered", "surrendered-to",
         "denied-later", "denial-names-another", "government-claim-denied", "captive-says", "side-claims", "vicinity"],
)
def test_a_change_is_told_once_and_of_the_whole_town(body, town, expected, gazetteer):
    result = run_text(INFOBOX + body, "test_war.md", gazetteer)
    assert [(c.controller, c.change, c.date_start.iso()) for c in control_changes(result) if c.place == town] == expected


# The modules of the control logic whose kind words the harness mutates: the walk (control.py) and the reading
# of moves from events (moves.py). A module split out of these that holds a kind word belongs here too: the
# test below fails when a mapapp module that control.py imports holds one and is not listed.
MUTATED = (control, moves)


def _kind_constants(tree: ast.Module) -> list[ast.Constant]:
    """The string constants of a control module that name a kind of change or a mover's event type, in code
    (not docstrings, not the CHANGES list that only documents them)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module)) and ast.get_docstring(node, clean=False):
            skip.add(id(node.body[0].value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CHANGES" for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and n.value in CHANGES and id(n) not in skip]


def _run_module(tree: ast.Module, original: types.ModuleType) -> types.ModuleType:
    """`tree` (the source of `original`, perhaps mutated) run as a fresh module of the package."""
    module = types.ModuleType(f"mapapp._{original.__name__.rsplit('.', 1)[-1]}_mutant")
    module.__package__ = "mapapp"
    sys.modules[module.__name__] = module  # dataclasses look their module up while it runs
    try:
        exec(compile(tree, original.__file__, "exec"), module.__dict__)  # noqa: S102 - our own source, mutated
    finally:
        del sys.modules[module.__name__]
    return module


def _as_control(mutant: types.ModuleType, original: types.ModuleType) -> types.ModuleType:
    """The control module the tests see when `original` is replaced by `mutant`: the mutant itself for
    control.py; else a fresh control.py whose every name taken from `original` is the mutant's."""
    if original is control:
        return mutant
    fresh = _run_module(ast.parse(Path(control.__file__).read_text(encoding="utf-8")), control)
    for name, value in list(vars(fresh).items()):
        if getattr(original, name, None) is value and not isinstance(value, types.ModuleType):
            setattr(fresh, name, getattr(mutant, name))
    return fresh


def _mutants() -> list[tuple[str, types.ModuleType]]:
    """One control module per (module, constant, other kind): with that one word of that module changed."""
    mutants = []
    for original in MUTATED:
        source = Path(original.__file__).read_text(encoding="utf-8")
        count = len(_kind_constants(ast.parse(source)))
        for index in range(count):
            for other in CHANGES:
                tree = ast.parse(source)
                node = _kind_constants(tree)[index]
                if node.value == other:
                    continue
                label = f"{Path(original.__file__).name} line {node.lineno}: {node.value!r} -> {other!r}"
                node.value = other
                mutants.append((label, _as_control(_run_module(tree, original), original)))
    return mutants


# Modules control.py reads from whose kind words are event types, not kinds of change: the event's own type and
# roles (actors.py, tested against the annotations in test_actors.py) and the article's reading (reader.py).
NOT_CONTROL_LOGIC = {"mapapp.actors", "mapapp.reader"}


def test_the_harness_mutates_every_control_module_with_kind_words():
    """Every mapapp module control.py takes names from that holds a kind word in its code is mutated: a split
    that moves kind words out of control.py must not leave them untested."""
    taken = {getattr(value, "__module__", None) for value in vars(control).values()}
    holding = {name for name in taken if name and name.startswith("mapapp.") and name not in NOT_CONTROL_LOGIC
               and _kind_constants(ast.parse(Path(sys.modules[name].__file__).read_text(encoding="utf-8")))}
    assert "mapapp.moves" in taken
    assert holding <= {m.__name__ for m in MUTATED}, f"kind words in modules the harness does not mutate: {holding}"
    assert all(_kind_constants(ast.parse(Path(m.__file__).read_text(encoding="utf-8"))) for m in MUTATED)


def test_every_mutation_of_a_kind_fails_a_test(kinds_result):
    """A small mutation harness: change any one kind word in the code of control.py or moves.py (capture,
    retake, handover, withdrawal, contested, held) into another, and the expectations above must catch it."""
    survivors = []
    mutants = _mutants()
    assert len(mutants) >= 5 * len(CHANGES)
    for label, module in mutants:
        try:
            seen = observed(module, kinds_result)
        except Exception:  # a mutant that crashes is caught too
            continue
        if seen == OBSERVED:
            survivors.append(label)
    assert not survivors, f"mutants no test catches: {survivors}"


# Measured against the adjudicated annotations (tests/data/*.control.yaml), exact date / within a month: Mali
# War F1 0.87 (P 0.89, R 0.85) / 0.87; Huliaipole 1.00 / 1.00; Shusha 0.86 / 0.86 (P 1.00: the loss "felt" to
# have been betrayed is no capture; the denied 11 May claim is not found); Idlib 1.00 / 1.00 (a look back in the
# analysis and a coalition member naming the coalition's town are no change); al-Qusayr 0.55 / 0.55 (P 1.00:
# the contested split of 19 May is not found, nor villages the gazetteer does not place); Sumy 1.00 (no change,
# none found); 2016 Nagorno-Karabakh 0.00 / 0.29 (its claims and counter-claims over villages and heights the
# gazetteer does not all place). The target is F1 0.75 on the Mali War.
# Since homonyms far from the article's towns are reported not found (mapapp/isolation.py), al-Qusayr's Hamidiya
# capture (it was the Tartus Hamidiyah, 60 km off) and 2016 Nagorno-Karabakh's Talysh changes (the postal
# "Taliş" 170 km east of the front) no longer count: 0.40 / 0.40 and 0.00 / 0.00; those changes were at wrong places.
# The village layer (gazetteer/geonames_villages.tsv.gz) places the right Hamidiya, Arjoun, Dabaa and Talysh:
# al-Qusayr 0.40 -> 0.67, 2016 Nagorno-Karabakh within a month 0.00 -> 0.29. With a town most of which one side
# took read as divided (control.split_town), al-Qusayr's 19 May split is found too: 0.77 / 0.77 (P 1.00, R 0.62: Dabaa, Jawadiyeh and
# Jouadiyah are still not placed).
FLOORS = {"mali_war": (0.84, 0.84), "battle_of_huliaipole": (0.95, 0.95), "battle_of_shusha_1992": (0.82, 0.82),
          "battle_of_idlib_2015": (0.95, 0.95), "battle_of_al-qusayr_2013": (0.74, 0.74),
          "battle_of_sumy": (1.0, 1.0), "2016_nagorno-karabakh_conflict": (0.0, 0.28)}  # (exact F1, within-a-month F1)


@pytest.mark.parametrize("name", sorted(p.name.split(".")[0] for p in DATA.glob("*.control.yaml")))
def test_control_changes_against_annotation(name, gazetteer):
    from mapapp.pipeline import run

    result = run(ROOT / "seeds" / f"{name}.md", gazetteer)
    changes = control_changes(result)
    exact = control_scores(changes, DATA / f"{name}.control.yaml", gazetteer, result=result)
    month = control_scores(changes, DATA / f"{name}.control.yaml", gazetteer, within_days=31, result=result)
    assert month["f1"] >= exact["f1"]
    if not any(e.place.name for e in result.events if e.event_type in {"capture", "withdrawal"}):
        pytest.skip(f"{name}: the gazetteer places none of its captured towns yet")
    floor_exact, floor_month = FLOORS.get(name, (0.0, 0.0))
    assert exact["f1"] >= floor_exact, (exact["missing"], exact["extra"])
    assert month["f1"] >= floor_month, (month["missing"], month["extra"])


def test_known_turns_of_the_war(seed_result):
    changes = control_changes(seed_result)
    assert controller_at(changes, "Douentza", PartialDate(2012, 9, 1)) == "MOJWA"
    assert controller_at(changes, "Konna", PartialDate(2013, 1, 10)) == "Islamists"
    assert controller_at(changes, "Konna", PartialDate(2013, 1, 15)) == "contested"
    assert controller_at(changes, "Kidal", PartialDate(2020, 2, 13)) == "Mali"
    assert controller_at(changes, "Bamako", PartialDate(2022, 1, 1)) == "Mali"  # the government's capital
    # A town outside the government's country never starts in its hands.
    assert all(c.previous_controller != "Mali" for c in changes if c.place == "In Amenas")


def test_changes_are_in_date_order_per_town(seed_result):
    changes = control_changes(seed_result)
    for a, b in zip(changes, changes[1:]):
        if a.place == b.place:
            assert a.date_start.first_day() <= b.date_start.first_day()
    assert {c.change for c in changes} <= set(CHANGES)


def test_control_command_line():
    proc = subprocess.run([sys.executable, "-m", "mapapp", "control", str(SEED), "--format", "jsonl"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and all(set(CONTROL_FIELDS) <= row.keys() for row in rows)
    menaka = [r for r in rows if r["place"] == "Ménaka"]
    assert menaka[0] == {**menaka[0], "controller": "MNLA", "previous_controller": "Mali", "change": "capture",
                         "date_start": "2012-02-01"}
    proc = subprocess.run([sys.executable, "-m", "mapapp", "control", str(SEED), "--format", "csv"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines()[0] == ",".join(CONTROL_FIELDS)


# An invented battle in real Syrian towns: a coalition whose members the infobox bullets under it.
COALITION_BATTLE = """---
title: Battle of Example
infoboxes:
  - place: {text: "Idlib, Syria"}
    combatant1: {text: "Army of Conquest\\n* Al-Nusra Front\\n* Ahrar al-Sham"}
    combatant2: {text: "Syrian Arab Republic"}
---
## The battle (2015)
On 27 March 2015, the Army of Conquest first withdrew from inside Idlib. By the end of the day, the Army of Conquest was in full control of Idlib.

On 29 March 2015, al-Nusra militants killed two men in Idlib right after its capture.

## Analysis
Rebels also captured the town of Quneitra in August 2014. The fall of Idlib would complicate Turkish efforts.
"""


def test_a_coalition_member_and_a_look_back_are_no_new_holder(gazetteer):
    """Idlib is the coalition's from 27 March, taken from the government (the party that left inside the city
    and came back the same day never held it): a member of the coalition named after its capture is the same
    holder, and "the fall of Idlib" in an analysis, dated only by the sentence before it, is no capture."""
    result = run_text(COALITION_BATTLE, "battle_of_example.md", gazetteer)
    rows = [(c.controller, c.previous_controller, c.change, c.date_start.iso())
            for c in control_changes(result) if c.place == "Idlib"]
    assert rows == [("Army of Conquest", "Syria", "capture", "2015-03-27")]


@pytest.mark.parametrize(
    "lead, expected",
    [
        # a capture the lead tells under its own running month: a change of that month
        ("The test war took place in May 2012 in northern Mali. Following the MNLA's capture of the town of Tessalit, "
         "the rebels advanced south.\n", [("MNLA", "capture", "2012-05")]),
        # the lead's summary dated only by the day of the sentence before it: no change on that day
        ("On 3 May 2012, the MNLA attacked Gao. Later, Tessalit was overrun by the MNLA.\n", []),
    ],
    ids=["lead-month", "lead-borrowed-day"],
)
def test_a_capture_in_the_lead_is_dated_by_its_running_month_not_a_borrowed_day(lead, expected, gazetteer):
    head, body = INFOBOX.split("## Course")
    result = run_text(head + lead + "\n## Course" + body, "test_war.md", gazetteer)
    assert [(c.controller, c.change, c.date_start.iso()) for c in control_changes(result)
            if c.place == "Tessalit"] == expected


def test_the_holder_left_the_day_before_the_capture_its_sentence_tells(gazetteer):
    """"On 9 June, MNLA units were ordered to retreat from the city and the next day the Malian army recaptured
    Xtown": the holder left on the 9th, a withdrawal of its own before the capture of the 10th. Read on the event
    as dated by its capture clause (the 10th, mapapp/dates.py's reading of "the next day"); nothing more when the
    capture's date is the withdrawal's."""
    from dataclasses import replace

    from mapapp.reader import read_story

    body = ("On 3 June 2012, the MNLA seized control of Tessalit.\n\nOn 9 June 2012, MNLA units were ordered to retreat "
            "from the city and the next day the Malian army recaptured Tessalit.\n")
    result = run_text(INFOBOX + body, "test_war.md", gazetteer)
    story = read_story(result.document, result.events)

    def rows(day: int) -> list[tuple[str, str, str, str]]:
        events = [replace(e, date_start=PartialDate(2012, 6, day)) if "ordered" in e.sentence else e
                  for e in result.events]
        return [(c.controller, c.previous_controller, c.change, c.date_start.iso())
                for c in control.infer_changes(moves.read_moves(events, story), story.sides) if c.place == "Tessalit"]

    assert rows(10) == [("MNLA", "Mali", "capture", "2012-06-03"), ("", "MNLA", "withdrawal", "2012-06-09"),
                        ("Mali", "", "capture", "2012-06-10")]  # from no one: the MNLA left the day before
    assert rows(9) == [("MNLA", "Mali", "capture", "2012-06-03"), ("Mali", "MNLA", "retake", "2012-06-09")]
