"""The one door from the text side (places.py, scope.py) to the gazetteer: what place finding asks of it.

Every question the reading of an article puts to the gazetteer goes through PlaceNames, so that the
gazetteer's layers can change behind it without the text side knowing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .dates import by_initial
from .gazetteer import Gazetteer, fold
from .model import Place

WELL_KNOWN_POPULATION = 100_000
LOOSE_SIMILARITY = 0.8
_FIRST_WORD = re.compile(r"[\s-]")


@dataclass(frozen=True, slots=True)
class Option:
    """A place a name may mean, as the text side weighs it.

    curated: from the hand-checked curated file.
    well_known: a capital, a first-level seat, or a place of 100,000 people: a reader knows where it is.
    exact: the spelling matched as written (accents and case aside), not another transliteration.
    """

    place: Place
    curated: bool
    well_known: bool
    exact: bool = True
    by_alias: bool = False  # matched one of its other names ("Moskva", "Tor"), not its own

    @property
    def village(self) -> bool:
        return not self.well_known and self.place.kind in {"village", "town"}


class PlaceNames:
    """What place finding asks of a gazetteer, asked once per spelling and remembered."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        # The first word of every curated spelling: a span starting with any other word cannot be curated,
        # which spares most lookups ("On", "The", "Secretary General ...").
        self.first_words = {fold(_FIRST_WORD.split(n, 1)[0]) for n in gazetteer.names()}
        self._layered = hasattr(gazetteer, "candidates")
        self._countries = getattr(gazetteer, "countries", None) if self._layered else None
        self._country_names = self._curated_country_names()
        self._pattern: re.Pattern[str] | None = None

    # ------------------------------------------------------------------------------------------ names

    def curated(self, key: str) -> Place | None:
        """The curated place a folded spelling names first, if any."""
        return self.gazetteer.curated_by_key(key)

    def knows(self, name: str) -> bool:
        """Cheap: does any layer under the curated file know this spelling at all?"""
        return self.gazetteer.fallback_keys_have(name)

    def options(self, name: str, countries: Sequence[str]) -> list[Option]:
        """Every place `name` may mean, best first for an article about `countries`."""
        key = fold(name)
        if self._layered:
            return [_option(c.place, c.layer == "curated", c.rank, c.match == "exact", key)
                    for c in self.gazetteer.candidates(name, countries, online=True)]
        found = [_option(p, True, 8, True, key) for p in self.gazetteer.curated_lookup(name)]
        found += [_option(p, False, 8, True, key) for p in self.gazetteer.fallback_lookup(name, countries)]
        if not found and self.gazetteer.online is not None:
            place = self.gazetteer.online(name)
            found = [_option(place, False, 8, True, key)] if place else []
        return found

    def loose_options(self, name: str, countries: Sequence[str]) -> list[Option]:
        """Places of `countries` only whose name is spelled alike ("Sheikh Maskeen": Shaykh Miskīn)."""
        if not self._layered or not countries:
            return []
        key = fold(name)
        # Consonant skeletons join unrelated names ("Maskin", "Maskanah"): keep those spelled alike overall.
        return [_option(c.place, False, c.rank, False, "") for c in self.gazetteer.loose_candidates(name, countries)
                if SequenceMatcher(None, key, fold(c.place.name)).ratio() >= LOOSE_SIMILARITY]

    def river(self, name: str) -> Place | None:
        """'the Niger' is the river when the curated file knows a river of that name."""
        place = self.gazetteer.by_name(f"{name} River")
        return place if place is not None and place.kind == "river" else None

    # ------------------------------------------------------------------------------------------ countries

    def _curated_country_names(self) -> dict[str, str]:
        return {n: p.country for p in self.gazetteer.curated if p.kind == "country"
                for n in (p.name, *p.aliases, *p.demonyms)}

    def countries_in(self, text: str) -> tuple[str, ...]:
        """ISO codes of the countries a text names, by name or demonym, most named first."""
        if self._countries is not None:
            return self._countries.codes_in(text)
        if not self._country_names:
            return ()
        if self._pattern is None:
            initials, rest = by_initial(n for n in self._country_names if n)
            self._pattern = re.compile(rf"[{initials}](?<=\b(?s:.)){rest}\b")  # whole names, found fast
        counts = Counter(self._country_names[m] for m in self._pattern.findall(text))
        return tuple(code for code, _ in counts.most_common())

    def country_of_demonym(self, word: str) -> str | None:
        """'Malian' -> 'ML'."""
        return self.gazetteer.country_of_demonym(word)

    def country(self, name: str) -> Place | None:
        """The country a name stands for ("Lebanon", "Syrian Arab Republic"), as a place at its rough
        centre; None when the name is no country's."""
        if self._countries is None:
            return None
        code = self._countries.code_of(name)
        country = self._countries.get(code) if code else None
        if country is None or name not in country.names:
            return None  # a demonym ("Syrian") is no place
        return Place(country.name, country.lat, country.lon, "country", country.code, source="countries")

    def neighbours(self, codes: Iterable[str]) -> set[str]:
        """The countries that border any of `codes`."""
        if self._countries is None:
            return set()
        return self._countries.neighbours_of(tuple(codes))

    def capital(self, code: str) -> str:
        """The capital's name as the gazetteer spells it, '' when unknown."""
        country = self._countries.get(code) if self._countries is not None else None
        return country.capital if country is not None else ""


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _option(place: Place, curated: bool, rank: int, exact: bool, key: str) -> Option:
    well_known = place.kind == "capital" or rank <= 1 or place.population >= WELL_KNOWN_POPULATION
    return Option(place, curated, well_known, exact, exact and key != fold(place.name))

