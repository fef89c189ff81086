"""What every layer answers: the candidates a name may mean, and the one order they are ranked in.

A layer is anything with a name, a source line and candidates(name, countries): the curated file, the
bundled GeoNames extracts, the world index, the user's packs and the online geocoder all are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import Place

# GeoNames feature codes, most important first. PPLX (a section of a populated place) is a district.
FEATURE_RANK = {"PPLC": 0, "PPLG": 1, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPL": 5, "PPLX": 6,
                "PPLL": 6, "PPLF": 7}
UNRANKED = 8
CITY_POPULATION = 100_000
SAME_PLACE_KM = 2.0  # two rows of one name closer than this are one place
MATCHES = ("exact", "variant", "loose")  # how the name was matched, best first


def kind_from_code(code: str, population: int) -> str:
    """The Place.kind a GeoNames feature code (and population, when the code says little) stands for."""
    if code == "PPLC":
        return "capital"
    if code in {"PPLA", "PPLG"} or (not code and population >= CITY_POPULATION):
        return "city"  # cities500 carries no codes: a city of 100,000 is a city wherever it is
    if code == "PPLX":
        return "district"
    if code in {"PPLA2", "PPLA3", "PPLA4"} or population >= 10_000:
        return "town"
    return "village"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may mean, with what ranks it.

    place: the Place (its population and GeoNames id are the Place's).
    layer: the layer it came from ('curated', 'sahel', 'world', 'cities500', 'postal', 'pack:SY', 'online').
    rank: administrative rank from the feature code, 0 (capital) to 8 (unknown).
    feature_code: GeoNames feature code ('PPLA', 'PPLX', ...), '' when the source has none.
    match: 'exact' (same folded spelling), 'variant' (another transliteration), 'loose' (consonant skeleton).
    city: for a district (kind 'district'), the name of the city it is part of, '' when unknown.
    """

    place: Place
    layer: str
    rank: int = UNRANKED
    feature_code: str = ""
    match: str = "exact"
    city: str = ""

    @property
    def population(self) -> int:
        return self.place.population

    @property
    def geonames_id(self) -> int:
        return self.place.geonames_id


class Layer(Protocol):
    """One source of places. `name` is short ('world'); `source` is the credit line `gazetteer list` shows."""

    name: str
    source: str

    def knows(self, name: str) -> bool:
        """Cheap: is this spelling (exactly or as a variant) a name of any of the layer's places?"""

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        """The layer's places for `name` (exact and variant spellings), in no particular order."""

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        """Places of `countries` only whose name has the same consonant skeleton."""

    def count(self) -> int:
        """How many places the layer holds."""


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius): ample to tell 170 m from 2 km, and it spares
    every command geopy's 0.1 s import."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


_NOT_TOWN_FIRST = {"country", "region", "river", "water", "mountain"}


def preference(candidate: Candidate, countries: Sequence[str]) -> tuple[int, int, int, int, int, int]:
    """The ranking key: the article's countries first (in the caller's order), then the best match, then
    the curated file over GeoNames, then administrative rank, then population. A country, region or river
    of the curated file comes before any town of its name ("Niger" the country, not a village)."""
    place = candidate.place
    curated = candidate.layer == "curated"
    country_rank = countries.index(place.country) if place.country in countries else len(countries)
    return (0 if curated and place.kind in _NOT_TOWN_FIRST else 1, country_rank, MATCHES.index(candidate.match),
            0 if curated else 1, candidate.rank, -place.population)


def _merged(kept: Candidate, other: Candidate) -> Candidate:
    """One place seen in two rows: the better ranked row stands for both, with the other's feature code
    when it has none (cities500 carries no codes; the bundled extracts do)."""
    if kept.feature_code or not other.feature_code or kept.layer == "curated":
        return kept
    place = kept.place
    code = other.feature_code
    if place.kind in {"town", "village"}:
        place = Place(place.name, place.lat, place.lon, kind_from_code(code, place.population), place.country,
                      place.admin1 or other.place.admin1, place.aliases, place.geonames_id, place.source,
                      place.population, place.demonyms)
    return Candidate(place, kept.layer, other.rank, code, kept.match, kept.city or other.city)


def rank_candidates(found: Sequence[Candidate], countries: Sequence[str] = ()) -> list[Candidate]:
    """Candidates best first, near-duplicates merged.

    Two rows are one place when they carry the same GeoNames id, or when they are of the same country and
    closer than SAME_PLACE_KM: GeoNames sometimes holds one town twice a few hundred metres apart (In Khalil:
    8435748 and 8464713, 170 m), and the same town comes from several layers.
    """
    ordered = sorted(found, key=lambda c: preference(c, countries))
    kept: list[Candidate] = []
    for candidate in ordered:
        place = candidate.place
        for number, other in enumerate(kept):
            o = other.place
            same_id = place.geonames_id and place.geonames_id == o.geonames_id
            if same_id or (place.country == o.country and place.is_town == o.is_town
                           and distance_km((o.lat, o.lon), (place.lat, place.lon)) < SAME_PLACE_KM):
                kept[number] = _merged(other, candidate)
                break
        else:
            kept.append(candidate)
    return kept
