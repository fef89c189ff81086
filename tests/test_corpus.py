"""Every article in seeds/, from every theatre: a map, or an honest list of the names that were not found;
and no event placed far from the article's own events, or outside the countries the article is about,
unless its sentence says so (the worst this tool can do is a confident map on the wrong continent)."""

from __future__ import annotations

import statistics

import pytest

from conftest import ARTICLES
from mapapp.gazetteer import distance_km
from mapapp.lookup import WELL_KNOWN_POPULATION, PlaceNames
from mapapp.pipeline import run
from mapapp.scope import article_scope

FAR_KM = 1500


@pytest.fixture(scope="module")
def results(gazetteer):
    return {path.name: run(path, gazetteer) for path in ARTICLES}


def _said_by_the_sentence(event, names: PlaceNames) -> bool:
    """The sentence itself places the event: it names the place's country ("Arsal in Lebanon"), or names,
    by its own name, a city every reader can place (a capital, a first-level seat, a city of 100,000)."""
    place = event.place
    if place.country in names.countries_in(event.sentence):
        return True
    named = event.mention.lower() not in {"the city", "the town", "the village"}
    well_known = place.kind in {"capital", "city"} or place.population >= WELL_KNOWN_POPULATION
    return named and well_known


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_each_article_gives_a_map_or_says_which_names_were_not_found(results, path):
    result = results[path.name]
    assert result.events or result.unresolved, f"{path.name}: no event and no name reported as not found"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_no_event_lies_far_from_its_articles_events_unless_its_sentence_names_it(results, gazetteer, path):
    events = results[path.name].events
    if not events:
        pytest.skip(f"{path.name}: no events")
    names = PlaceNames(gazetteer)
    middle = (statistics.median(e.place.lat for e in events), statistics.median(e.place.lon for e in events))
    far = [(e.place.name, e.place.country, round(distance_km(middle, (e.place.lat, e.place.lon))), e.sentence[:80])
           for e in events
           if distance_km(middle, (e.place.lat, e.place.lon)) > FAR_KM and not _said_by_the_sentence(e, names)]
    assert not far, far


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_no_event_lies_outside_the_articles_countries_unless_the_text_says_so(results, gazetteer, path):
    result = results[path.name]
    names = PlaceNames(gazetteer)
    scope = article_scope(result.document, names)
    outside = [(e.place.name, e.place.country, e.sentence[:80]) for e in result.events
               if e.place.country not in scope.near and not _said_by_the_sentence(e, names)]
    assert not outside, (sorted(scope.near), outside)
