"""Places under the names their article gives them (mapapp/naming.py), the same in every output, with the
gazetteer's own name and id kept beside."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from conftest import ROOT
from mapapp.control import control_changes
from mapapp.model import Event, PartialDate, Place
from mapapp.naming import article_spelling, spell_as_written
from mapapp.pipeline import run
from mapapp.records import acled_records, event_records, records_csv, records_geojson

QUSAYR = Place("Al Quşayr", 34.5078, 36.58029, "town", "SY", geonames_id=173322)


@pytest.mark.parametrize("spellings, expected", [
    ({"al-Qusayr": 5, "Qusayr": 3, "Qusair": 1}, "al-Qusayr"),
    ({"Al-Qusayr": 2, "al-Qusayr": 3, "Qusayr": 4}, "al-Qusayr"),  # case aside, al-Qusayr is written 5 times
    ({"Qusair": 2, "Qusayr": 2}, "Qusair"),  # a tie, neither the gazetteer's: the first written
    ({"Qusayr": 2, "al-Qusayr": 2}, "al-Qusayr"),  # a tie: the gazetteer's own spelling (accents aside)
    ({"QUSAYR": 9}, "Al Quşayr"),  # no spelling fit to show: the gazetteer's
    ({}, "Al Quşayr"),
], ids=["most-used", "case-aside", "tie-first-written", "tie-own", "odd", "none"])
def test_the_spelling_the_article_uses_most(spellings, expected):
    assert article_spelling(QUSAYR, Counter(spellings)) == expected


def test_a_tie_goes_to_the_gazetteers_own_spelling():
    assert article_spelling(Place("Homs", 34.7, 36.7, "city", "SY"), Counter({"Hims": 1, "Homs": 1})) == "Homs"


def test_two_places_never_share_a_name_and_curated_names_stand():
    other = Place("Qusayr", 36.0, 38.0, "village", "SY")  # a village whose own name is the article's word
    menaka = Place("Ménaka", 15.9, 2.4, "city", "ML")  # curated: its name is a hand-checked display name
    spellings = {QUSAYR: Counter({"Qusayr": 4}), other: Counter({"Qusayr": 1}), menaka: Counter({"Menaka": 3})}
    made = [Event(p, "x", PartialDate(2013), None, "", "", "x") for p in (QUSAYR, other, menaka)]
    events, _ = spell_as_written(made, [], spellings, frozenset({menaka}))
    assert [e.place.name for e in events] == ["Al Quşayr", "Qusayr", "Ménaka"]


@pytest.fixture(scope="module")
def qusayr(gazetteer):
    return run(ROOT / "seeds" / "battle_of_al-qusayr_2013.md", gazetteer)


def test_events_show_the_articles_spelling_and_keep_the_gazetteers(qusayr):
    town = [e for e in qusayr.events if e.place.geonames_id == QUSAYR.geonames_id]
    assert len(town) > 50
    assert {e.place.name for e in town} == {"al-Qusayr"}
    assert {e.place.gazetteer_name for e in town} == {"Al Quşayr"}
    records = [r for r in event_records(qusayr) if r["geonames_id"] == QUSAYR.geonames_id]
    assert {(r["place"], r["gazetteer_name"]) for r in records} == {("al-Qusayr", "Al Quşayr")}
    assert {"Homs", "Aleppo", "Damascus"} <= {e.place.name for e in qusayr.events}


def test_every_output_names_a_place_alike(qusayr):
    names = {e.place.name for e in qusayr.events}
    rows = list(csv.DictReader(io.StringIO(records_csv(event_records(qusayr)))))
    assert {r["place"] for r in rows} == names
    assert {f["properties"]["place"] for f in records_geojson(event_records(qusayr))["features"]} == names
    assert {r["location"] for r in acled_records(qusayr)} == names
    assert {c.place for c in control_changes(qusayr)} <= names


def test_curated_names_are_kept(seed_result):
    menaka = [e for e in seed_result.events if e.place.name == "Ménaka"]
    assert menaka and {e.place.gazetteer_name for e in menaka} == {""}


def test_another_name_of_one_town_is_shown_as_the_article_writes_it(gazetteer):
    result = run(ROOT / "seeds" / "battle_of_shusha_1992.md", gazetteer)
    stepanakert = {(e.place.name, e.place.gazetteer_name) for e in result.events if e.place.geonames_id == 146970}
    assert stepanakert == {("Stepanakert", "Khankendi")}


def test_the_command_line_keeps_its_fields_and_adds_the_gazetteers_name(qusayr, tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "mapapp", "extract", str(ROOT / "seeds" / "battle_of_al-qusayr_2013.md"),
                          "--format", "jsonl"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    record = next(json.loads(line) for line in out.splitlines() if '"Al Quşayr"' in line)
    assert record["place"] == "al-Qusayr" and record["geonames_id"] == QUSAYR.geonames_id
    assert list(record)[:17] == ["place", "kind", "lat", "lon", "date_start", "date_end", "precision", "date_basis",
                                 "phase", "section", "sentence", "mention", "country", "geonames_id", "event_type",
                                 "actor1", "actor2"]


def test_the_atlas_merges_one_town_that_two_articles_spell_apart(gazetteer):
    from mapapp.atlas import ArticleInput, analyse_article, merge_events

    front = "---\ntitle: T\ninfoboxes:\n  - place:\n      text: Homs Governorate, Syria\n---\n\n## Fighting (May 2013)\n"
    first = front + "On 5 May 2013, the army shelled al-Qusayr. On 6 May 2013, rebels held al-Qusayr.\n"
    second = front + "On 5 May 2013, the army shelled Qusayr.\n"
    outcomes = [analyse_article(ArticleInput(name, "", text.encode()), gazetteer)
                for name, text in (("a.md", first), ("b.md", second))]
    assert {r["location"] for o in outcomes for r in o.rows} == {"al-Qusayr", "Qusayr"}
    shelled = [e for e in merge_events(outcomes) if e.record["event_date"] == "2013-05-05"]
    assert len(shelled) == 1 and shelled[0].record["sources"] == 2
