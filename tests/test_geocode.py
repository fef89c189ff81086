"""The optional online geocoder: off by default, cached, rate-limited, and failures degrade to unresolved.

No test touches the network: geopy's RateLimiter wraps a fake geocode function.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

from mapapp.gazetteer import Gazetteer
from mapapp.geocode import OnlineGeocoder
from mapapp.load import parse_document
from mapapp.pipeline import analyse


class FakeNominatim:
    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def __call__(self, query, **kwargs):
        self.calls.append((query, kwargs))
        answer = self.answers.get(query)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_answers_are_cached_on_disk(tmp_path):
    fake = FakeNominatim({"Insinane": SimpleNamespace(latitude=15.8, longitude=3.5, address="Insinane, Mali")})
    cache = tmp_path / "geocode.json"
    geocoder = OnlineGeocoder(cache_path=cache, geocode=fake, min_delay_seconds=0)
    place = geocoder.resolve("Insinane")
    assert (place.lat, place.lon, place.source) == (15.8, 3.5, "nominatim")
    assert geocoder.resolve("Insinane") == place
    assert len(fake.calls) == 1 and fake.calls[0][1]["exactly_one"] is True
    assert json.loads(cache.read_text())["Insinane"]["lat"] == 15.8
    # A new geocoder reads the cache and does not ask again.
    again = OnlineGeocoder(cache_path=cache, geocode=fake, min_delay_seconds=0)
    assert again.resolve("Insinane") == place and len(fake.calls) == 1


def test_unknown_names_are_cached_as_unknown(tmp_path):
    fake = FakeNominatim({})
    geocoder = OnlineGeocoder(cache_path=tmp_path / "g.json", geocode=fake, min_delay_seconds=0)
    assert geocoder.resolve("Nowhere") is None
    assert geocoder.resolve("Nowhere") is None
    assert len(fake.calls) == 1


def test_time_outs_and_outages_degrade_to_unresolved(tmp_path):
    fake = FakeNominatim({"Slow": GeocoderTimedOut("timed out"), "Down": GeocoderUnavailable("503")})
    geocoder = OnlineGeocoder(cache_path=tmp_path / "g.json", geocode=fake, min_delay_seconds=0)
    assert geocoder.resolve("Slow") is None
    assert geocoder.resolve("Down") is None
    assert geocoder.failures == 2
    assert len(fake.calls) == 4  # RateLimiter retried each once; failures are not cached
    assert not (tmp_path / "g.json").exists()


def test_online_layer_is_off_by_default_and_used_only_for_unknown_names(tmp_path, gazetteer):
    text = "---\ntitle: T\n---\n\n## War (2022)\nOn 8 March 2022, fighters attacked the localities of Tamalat and Insinane.\n"
    document = parse_document(text, "t.md")
    offline = analyse(document, gazetteer)
    assert "Insinane" in [u.name for u in offline.unresolved]
    fake = FakeNominatim({"Insinane": SimpleNamespace(latitude=15.8, longitude=3.5, address="")})
    online = Gazetteer(gazetteer.curated, gazetteer.layers[1:],
                       OnlineGeocoder(cache_path=tmp_path / "g.json", geocode=fake, min_delay_seconds=0).resolve)
    result = analyse(document, online)
    assert {e.place.name for e in result.events} == {"Tamalat", "Insinane"}
    assert [q for q, _ in fake.calls] == ["Insinane"]


def test_the_online_layer_asks_only_inside_the_articles_countries(tmp_path, gazetteer):
    fake = FakeNominatim({"Ain Issa": SimpleNamespace(latitude=36.38, longitude=38.86, address="Ain Issa, Syria")})
    geocoder = OnlineGeocoder(cache_path=tmp_path / "g.json", geocode=fake, min_delay_seconds=0)
    online = Gazetteer(gazetteer.curated, gazetteer.layers[1:], geocoder)
    place = online.resolve("Ain Issa", ["SY", "TR"])
    assert (place.lat, place.source) == (36.38, "nominatim")
    assert fake.calls == [("Ain Issa", {"exactly_one": True, "featuretype": "settlement", "country_codes": ["sy", "tr"]})]
    assert online.resolve("Aleppo", ["SY"]).source == "geonames" and len(fake.calls) == 1  # known locally
    # The answer is cached per (name, countries): the same question is not asked again.
    assert OnlineGeocoder(cache_path=tmp_path / "g.json", geocode=fake, min_delay_seconds=0).resolve(
        "Ain Issa", ["SY", "TR"]) == place and len(fake.calls) == 1
