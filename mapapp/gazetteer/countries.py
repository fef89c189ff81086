"""Every country: ISO code, English names, demonyms, capital, rough centre and neighbours, from
gazetteer/countries.tsv (see gazetteer/build_countries.py for its sources and licence).

The text side reads an article's countries with it ("Syrian forces", "in Ukraine" -> SY, UA).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..dates import by_initial
from ..errors import GazetteerError
from ..model import Place
from .curated import GAZETTEER_DIR

COUNTRIES_PATH = GAZETTEER_DIR / "countries.tsv"
_COLUMNS = ["code", "name", "aliases", "demonyms", "capital", "lat", "lon", "neighbours", "population"]


@dataclass(frozen=True, slots=True)
class Country:
    """code: ISO 3166-1 alpha-2. name: common English name. aliases: other names ('Syrian Arab Republic').
    demonyms: adjectives ('Syrian'). capital: as GeoNames spells it. lat, lon: rough centre.
    neighbours: ISO codes of the countries it borders. population: GeoNames' figure."""

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    lat: float
    lon: float
    neighbours: tuple[str, ...]
    population: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class CountryTable:
    """The countries, by code and by every name and demonym (plural demonyms too: "Syrians")."""

    def __init__(self, countries: Iterable[Country]):
        self.by_code: dict[str, Country] = {c.code: c for c in countries}
        self._word: dict[str, str] = {}
        self._demonym: dict[str, str] = {}
        # A word of several countries ("American": the US and American Samoa) means the most populous.
        for country in sorted(self.by_code.values(), key=lambda c: -c.population):
            demonyms = (*country.demonyms, *(d + "s" for d in country.demonyms
                                             if not d.endswith(("s", "sh", "ese", "ch"))))
            for word in demonyms:
                self._demonym.setdefault(word, country.code)
            for word in (*country.names, *demonyms):
                self._word.setdefault(word, country.code)

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, code: str) -> Country | None:
        return self.by_code.get(code)

    def code_of(self, word: str) -> str | None:
        """The country a name, alias or demonym (as written, case kept) stands for: 'Syrian' -> 'SY'."""
        return self._word.get(word)

    def code_of_demonym(self, word: str) -> str | None:
        """'Syrian' or 'Syrians' -> 'SY'; None for a country's name or any other word."""
        return self._demonym.get(word)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        initials, rest = by_initial(w for w in self._word if w)
        return re.compile(rf"[{initials}](?<=\b(?s:.)){rest}\b")  # whole words, found fast (see by_initial)

    def codes_in(self, text: str) -> tuple[str, ...]:
        """ISO codes of the countries `text` names, by name or demonym, most named first (ties: first named)."""
        counts = Counter(self._word[m] for m in self._pattern.findall(text))
        return tuple(code for code, _ in counts.most_common())

    def neighbours_of(self, codes: Sequence[str]) -> set[str]:
        return {n for code in codes if code in self.by_code for n in self.by_code[code].neighbours}


def read_countries(path: Path = COUNTRIES_PATH) -> list[Country]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise GazetteerError(f"{path.name}: cannot be read ({err.strerror or err}).") from err
    body = [line for line in lines if line and not line.startswith("#")]
    if not body or body[0].split("\t") != _COLUMNS:
        raise GazetteerError(f"{path.name}: expected the header {chr(9).join(_COLUMNS)!r}; rebuild it with "
                             "gazetteer/build_countries.py.")
    countries = []
    for number, line in enumerate(body[1:], start=2):
        fields = line.split("\t")
        try:
            code, name, aliases, demonyms, capital, lat, lon, neighbours, population = fields
            countries.append(Country(code, name, _split(aliases), _split(demonyms), capital, float(lat), float(lon),
                                     _split(neighbours), int(population)))
        except ValueError as err:
            raise GazetteerError(f"{path.name}: row {number} is not a country row ({err}): {line[:60]!r}.") from err
    return countries


def _split(field: str) -> tuple[str, ...]:
    return tuple(x for x in field.split("|") if x)


_TABLE: dict[tuple[str, tuple[Place, ...]], CountryTable] = {}


def load_countries(path: Path = COUNTRIES_PATH, extra: Sequence[Place] = ()) -> CountryTable:
    """The table, with the curated file's countries' own names and demonyms added (read once per process)."""
    key = (str(path), tuple(p for p in extra if p.kind == "country"))
    table = _TABLE.get(key)
    if table is None:
        countries = {c.code: c for c in read_countries(path)}
        for place in key[1]:
            known = countries.get(place.country)
            if known is None:
                continue
            names = tuple(dict.fromkeys((*known.aliases, place.name, *place.aliases)))
            demonyms = tuple(dict.fromkeys((*known.demonyms, *place.demonyms)))
            countries[place.country] = Country(known.code, known.name, tuple(n for n in names if n != known.name),
                                               demonyms, known.capital, known.lat, known.lon, known.neighbours,
                                               known.population)
        table = _TABLE[key] = CountryTable(countries.values())
    return table
