"""Articles the program was never tuned on (tests/data/heldout/, see its README): the rates the work is
judged by on other articles of these theatres hold over the whole folder. These articles are for measuring
only; no rule is written for one of them."""

from __future__ import annotations

import pytest

from heldout import heldout_articles, measure
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
