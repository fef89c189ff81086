"""Articles the program was never tuned on (tests/data/heldout/, see its README): the rates the work is
judged by on other articles of these theatres hold over the whole folder. These articles are for measuring
only; no rule is written for one of them."""

from __future__ import annotations

import pytest

from heldout import annotated_articles, f1, heldout_articles, measure, theatre_scores
from mapapp.pipeline import run

ARTICLES = heldout_articles()


@pytest.fixture(scope="module")
def measures(gazetteer):
    return [measure(run(path, gazetteer), gazetteer) for path in ARTICLES]


def test_the_folder_holds_articles_of_every_theatre():
    assert len(ARTICLES) >= 10


def test_empty_maps_are_under_a_tenth_of_the_articles(measures):
    empty = [m.name for m in measures if not m.events]
    assert len(empty) < 0.10 * len(measures), empty


def test_events_in_a_country_the_article_is_not_about_are_under_two_percent(measures):
    abroad = [(m.name, e.place.name, e.place.country, e.sentence[:60]) for m in measures for e in m.abroad]
    events = sum(m.events for m in measures)
    assert len(abroad) < 0.02 * events, abroad


# (place, date) F1 per theatre on the held-out articles an independent annotator marked up from the text
# alone (tests/data/HELDOUT_ANNOTATION_NOTES.md). The goal is 0.80 in every theatre. Measured on the first
# eight annotated articles: Sahel 1.00, Syria 0.84, Ukraine 0.85, Caucasus 0.94. With all fourteen (the second
# pass added Shusha 2020, Sievierodonetsk, Avdiivka, Palmyra 2016, Kidal and Djibo): Sahel 1.00, Syria 0.85,
# Ukraine 0.83, Caucasus 0.79 (Shusha 2020: "the city" read as the wrong town, a 1920 and a 1992 paragraph);
# after the clause-date rules (dates5): Sahel 1.00, Syria 0.91, Ukraine 0.95, Caucasus 0.84.
THEATRE_F1_FLOORS = {"Sahel": 0.95, "Syria": 0.85, "Ukraine": 0.90, "Caucasus": 0.80}


def test_place_and_date_f1_per_theatre_holds_on_the_annotated_held_out_articles(gazetteer):
    results = [run(path, gazetteer) for path in annotated_articles()]
    scores = theatre_scores(results, gazetteer)
    assert set(scores) == set(THEATRE_F1_FLOORS)
    low = {t: round(f1(s), 2) for t, s in scores.items() if f1(s) < THEATRE_F1_FLOORS[t]}
    assert not low, low


# Who held each town, against the independent control annotation of all fourteen held-out articles, summed
# (on the annotated day). Measured when the annotation was written: P 0.91, R 0.54 (21 of 39 changes; most
# misses are a change told of "the city" with the town named a paragraph before, or "fell"/"surrendered").
# A wrong holder is worse than a missing one, so precision has the higher floor.
CONTROL_FLOORS = {"precision": 0.85, "recall": 0.50}


def test_who_held_each_town_holds_on_the_annotated_held_out_articles(gazetteer):
    from heldout import control_annotated_articles, control_totals

    results = [run(path, gazetteer) for path in control_annotated_articles()]
    assert len(results) == len(ARTICLES)
    total = control_totals(results, gazetteer)
    low = {k: round(total[k], 2) for k, floor in CONTROL_FLOORS.items() if total[k] < floor}
    assert not low, low
