"""The one door from the text side (places.py, scope.py) to the gazetteer: what place finding asks of it.

Every question the reading of an article puts to the gazetteer goes through PlaceNames, so that the
gazetteer's layers can change behind it without the text side knowing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from weakref import WeakKeyDictionary

from .gazetteer import CountryTable, Gazetteer, fold, skeletons, variant_keys
from .gazetteer.spelling import MIN_SKELETON
from .gazetteer import distance_km as gazetteer_distance_km
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
    online: bool = False  # from the online geocoder the user turned on, which asks inside the article's countries


class PlaceNames:
    """What place finding asks of a gazetteer, asked once per spelling and remembered."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        # The first word of every curated spelling: a span starting with any other word cannot be curated,
        # which spares most lookups ("On", "The", "Secretary General ...").
        self.first_words = {fold(_FIRST_WORD.split(n, 1)[0]) for n in gazetteer.names()}
        self._countries = gazetteer.countries
        self._country_words = _country_words(self._countries)
        self._alike = _ALIKE.setdefault(gazetteer, {})  # kept per gazetteer, like runs.py's runs

    # ------------------------------------------------------------------------------------------ names

    def curated(self, key: str) -> Place | None:
        """The curated place a folded spelling names first, if any."""
        return self.gazetteer.curated_by_key(key)

    def knows(self, name: str) -> bool:
        """Cheap: does any layer under the curated file know this spelling at all?"""
        return self.gazetteer.fallback_keys_have(name)

    def options(self, name: str, countries: Sequence[str], online: bool = True) -> list[Option]:
        """Every place `name` may mean, best first for an article about `countries`. online: False to
        leave the online layer (when the user turned it on) unasked."""
        return [_option(c.place, c.layer == "curated", c.rank, c.match == "exact", name, c.layer == "online")
                for c in self.gazetteer.candidates(name, countries, online=online)]

    def loose_options(self, name: str, countries: Sequence[str]) -> list[Option]:
        """Places of `countries` only whose name is spelled alike ("Sheikh Maskeen": Shaykh Miskīn)."""
        if not countries or all(len(s) < MIN_SKELETON for s in skeletons(name)):
            return []  # three consonants ("Madira"): only near the article's places (alike_options)
        key = fold(name)
        # Consonant skeletons join unrelated names ("Maskin", "Maskanah"): keep those spelled alike overall.
        return [_option(c.place, False, c.rank, False, name) for c in self.gazetteer.loose_candidates(name, countries)
                if SequenceMatcher(None, key, fold(c.place.name)).ratio() >= LOOSE_SIMILARITY]

    def alike_options(self, name: str, countries: Sequence[str]) -> list[Option]:
        """Places of `countries` only with the same consonants, three or more, and close letter by letter by the
        index's bar ("Madira": Mudayrā; "Kefray": Kafrayā): loose enough that the caller must ask where they
        lie (places.py takes only those near the article's towns)."""
        if not countries:
            return []
        key = (name, tuple(countries))
        found = self._alike.get(key)
        if found is None:  # a name no layer knows recurs: one query per layer, once per gazetteer
            found = [_option(c.place, False, c.rank, False, name) for c in self.gazetteer.loose_candidates(name, countries)]
            if len(self._alike) < _ALIKE_LIMIT:
                self._alike[key] = found
        return list(found)

    def river(self, name: str) -> Place | None:
        """'the Niger' is the river when the curated file knows a river of that name."""
        place = self.gazetteer.by_name(f"{name} River")
        return place if place is not None and place.kind == "river" else None

    # ------------------------------------------------------------------------------------------ countries

    def countries_in(self, text: str) -> tuple[str, ...]:
        """ISO codes of the countries a text names, by name or demonym, most named first (ties: first named).

        Read word by word from the capitalised words that open a country's name: the same answer as one
        regular expression of every name, without the 50 ms its compilation costs each command."""
        words = self._country_words
        counts: Counter[str] = Counter()
        taken = 0  # where the last name found ends: "Republic" in "Democratic Republic of the Congo" is in it
        for match in _CAPITALISED.finditer(text):
            start = match.start()
            spellings = words.get(match.group(0))
            if spellings is None or start < taken or (start and text[start - 1].isalnum()):
                continue
            for spelling, code in spellings:  # longest first: "Guinea-Bissau" before "Guinea"
                end = start + len(spelling)
                if text.startswith(spelling, start) and not (end < len(text) and text[end].isalnum()):
                    counts[code] += 1
                    taken = end
                    break
        return tuple(code for code, _ in counts.most_common())

    def country_of_demonym(self, word: str) -> str | None:
        """'Malian' -> 'ML'."""
        return self.gazetteer.country_of_demonym(word)

    def country(self, name: str) -> Place | None:
        """The country a name stands for ("Lebanon", "Syrian Arab Republic"), as a place at its rough
        centre; None when the name is no country's."""
        code = self._countries.code_of(name)
        country = self._countries.get(code) if code else None
        if country is None or name not in country.names:
            return None  # a demonym ("Syrian") is no place
        return Place(country.name, country.lat, country.lon, "country", country.code, source="countries")

    def neighbours(self, codes: Iterable[str]) -> set[str]:
        """The countries that border any of `codes`."""
        return self._countries.neighbours_of(tuple(codes))


_CAPITALISED = re.compile(r"[A-Z\u00C0-\u00DE][^\W_]*")
# alike_options' answers by gazetteer: the app and the bench read article after article with one gazetteer.
_ALIKE: WeakKeyDictionary[Gazetteer, dict[tuple[str, tuple[str, ...]], list[Option]]] = WeakKeyDictionary()
_ALIKE_LIMIT = 100_000

# An English direction before an Arabic village's name translates the adjective GeoNames writes after it:
# "Eastern Bweida" is "Buwayḑah ash Sharqīyah", "Upper X" is "X al Fawqānī".
_DIRECTIONS = {
    "Eastern": ("ash Sharqiyah", "ash Sharqi"), "Western": ("al Gharbiyah", "al Gharbi"),
    "Northern": ("ash Shamaliyah", "ash Shamali"), "Southern": ("al Janubiyah", "al Janubi"),
    "Upper": ("al Fawqaniyah", "al Fawqani"), "Lower": ("at Tahtaniyah", "at Tahtani"),
}
DIRECTION_WORDS = frozenset(_DIRECTIONS)


def translated_readings(name: str) -> tuple[str, ...]:
    """The Arabic forms of a name an English direction opens ("Eastern Bweida" -> "Bweida ash Sharqiyah",
    "Bweida ash Sharqi"); none for any other name."""
    first, _, rest = name.partition(" ")
    return tuple(f"{rest} {adjective}" for adjective in _DIRECTIONS.get(first, ())) if rest else ()


@lru_cache(maxsize=4)
def _country_words(table: CountryTable) -> dict[str, tuple[tuple[str, str], ...]]:
    """The table's names, aliases and demonyms (and the plurals it knows: "Syrians") by their first word."""
    spellings: dict[str, str] = {}
    for code, country in table.by_code.items():
        for word in (*country.names, *country.demonyms, *(d + "s" for d in country.demonyms)):
            if word and table.code_of(word) is not None:
                spellings.setdefault(word, table.code_of(word))
    by_first: dict[str, list[tuple[str, str]]] = {}
    for word, code in spellings.items():
        first = _CAPITALISED.match(word)
        if first is not None:
            by_first.setdefault(first.group(0), []).append((word, code))
    return {first: tuple(sorted(found, key=lambda wc: -len(wc[0]))) for first, found in by_first.items()}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    return gazetteer_distance_km((a.lat, a.lon), (b.lat, b.lon))


def _option(place: Place, curated: bool, rank: int, exact: bool, name: str, online: bool = False) -> Option:
    well_known = place.kind == "capital" or rank <= 1 or place.population >= WELL_KNOWN_POPULATION
    # Another name of the place ("Moskva", "Tor"), not its own name written another way ("Raqqa" for
    # "Ar Raqqah", the same variant key).
    by_alias = exact and fold(name) != fold(place.name) and not set(variant_keys(name)) & set(variant_keys(place.name))
    return Option(place, curated, well_known, exact, by_alias, online)

