"""The Gazetteer: every layer behind one interface, a name as written -> the places it may mean.

Layers, top first: the curated file, the user's packs, the bundled extracts (Sahel, world), the world
layer (cities500), the postal villages, and (only when the user turns it on) an online geocoder. Their
candidates are ranked together: the article's countries first, then how well the spelling matched, then
the curated file, then administrative rank, then population (population alone sends "Konna" to Ireland).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import Place
from .candidates import UNRANKED, Candidate, Layer, rank_candidates
from .countries import CountryTable, load_countries
from .curated import CURATED_PATH, CuratedLayer, cached_curated
from .spelling import fold

OnlineLookup = Callable[[str], "Place | None"]
_REMEMBERED = 50_000  # (name, countries) answers kept per Gazetteer; the app reuses one across reruns


class _OnlineAdapter:
    """A plain `name -> Place | None` function (an older online geocoder's resolve) as a layer."""

    name = "online"
    source = "OpenStreetMap Nominatim (online, only with --online)"

    def __init__(self, lookup: OnlineLookup):
        self._lookup = lookup

    def knows(self, name: str) -> bool:
        return True

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        place = self._lookup(name)
        return [Candidate(place, self.name, UNRANKED)] if place is not None else []

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        return []

    def count(self) -> int:
        return 0


class Gazetteer:
    """Resolve names through layers.

    curated: the curated file's places (its own layer, always first).
    layers: the layers under it, top first (see layers.standard_layers).
    online: a layer asked last, only for names no other layer knows; or a plain function name -> Place.
    """

    def __init__(self, curated: Sequence[Place] = (), layers: Sequence[Layer] = (),
                 online: Layer | OnlineLookup | None = None, countries: CountryTable | None = None):
        self.curated = tuple(curated)
        self.curated_layer = CuratedLayer(self.curated)
        self.layers: tuple[Layer, ...] = (self.curated_layer, *layers)
        if online is not None and not hasattr(online, "candidates"):
            online = _OnlineAdapter(online)
        self.online: Layer | None = online  # type: ignore[assignment]
        self._countries = countries
        self._known: dict[str, bool] = {}
        self._below: dict[str, bool] = {}
        self._found: dict[tuple[str, tuple[str, ...], bool], list[Candidate]] = {}

    # ------------------------------------------------------------------------------------------ lookups

    def knows(self, name: str) -> bool:
        """Cheap: does any local layer know this spelling (exactly or as a variant)? Asked for every
        capitalised run of an article, so remembered per spelling."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = any(layer.knows(name) for layer in self.layers)
        return known

    def candidates(self, name: str, countries: Sequence[str] = (), online: bool = True) -> list[Candidate]:
        """Every place `name` may mean, best first (see candidates.preference), near-duplicates merged.

        countries: the article's countries, most important first. The online layer is asked only when no
        local layer has a candidate, and only if `online`.
        """
        key = (name, tuple(countries), online)
        ranked = self._found.get(key)
        if ranked is None:
            found: list[Candidate] = []
            for layer in self.layers:
                found += layer.candidates(name, countries)
            if not found and online and self.online is not None:
                found = self.online.candidates(name, countries)
            ranked = rank_candidates(found, countries)
            if len(self._found) >= _REMEMBERED:
                self._found.clear()
            self._found[key] = ranked
        return list(ranked)

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        """Places of `countries` whose name has the same consonant skeleton and is close letter by letter
        ("Sheikh Maskin" -> Shaykh Miskīn): for names no layer knows otherwise; never outside `countries`."""
        if not countries:
            return []
        found: list[Candidate] = []
        for layer in self.layers:
            found += layer.loose_candidates(name, countries)
        return rank_candidates([c for c in found if c.place.country in countries], countries)

    def resolve(self, name: str, countries: Sequence[str] = (), allow_fallback: bool = True,
                only_country: str | None = None, anywhere: bool = False) -> Place | None:
        """The place `name` most likely means for an article about `countries`; None if no layer knows it.

        allow_fallback: False to ask the curated file only. only_country: the text says which country ("the
        Malian locality of X"): other countries' homonyms are not taken. anywhere: take a candidate outside
        `countries` even if it is not well known (see is_plausible).
        """
        if not allow_fallback:
            found = rank_candidates(self.curated_layer.candidates(name, countries), countries)
        else:
            found = self.candidates(name, countries)
        if only_country:
            found = [c for c in found if c.place.country == only_country]
        if not anywhere:
            named = (*countries, only_country) if only_country else countries
            found = [c for c in found if is_plausible(c, named)]
        return found[0].place if found else None

    # ------------------------------------------------------------------------------------------ countries

    @property
    def countries(self) -> CountryTable:
        """Every country: ISO code, names, demonyms, capital (gazetteer/countries.tsv)."""
        if self._countries is None:
            self._countries = load_countries(extra=self.curated)
        return self._countries

    def country_codes_in(self, text: str) -> tuple[str, ...]:
        """ISO codes of the countries a text names (by name, alias or demonym), most named first."""
        return self.countries.codes_in(text)

    def country_of_demonym(self, word: str) -> str | None:
        """'Malian' -> 'ML', 'Syrian' -> 'SY'."""
        return self.countries.code_of_demonym(word)

    # ------------------------------------------------------------------------ the curated file's names

    def curated_lookup(self, name: str) -> list[Place]:
        return list(self.curated_layer.by_key(fold(name)))

    def curated_by_key(self, key: str) -> Place | None:
        """The curated place a folded spelling (see fold) names first, if any."""
        found = self.curated_layer.by_key(key)
        return found[0] if found else None

    def by_name(self, name: str) -> Place | None:
        found = self.curated_lookup(name)
        return found[0] if found else None

    def names(self) -> Iterable[str]:
        """Every spelling of the curated file."""
        return self.curated_layer.names()

    # ------------------------------------------------------- the layers under the curated file, as before

    def fallback_keys_have(self, name: str) -> bool:
        """Does any layer under the curated file know this spelling (or is the online layer on)?"""
        if self.online is not None:
            return True
        known = self._below.get(name)
        if known is None:
            known = self._below[name] = any(layer.knows(name) for layer in self.layers[1:])
        return known

    def fallback_lookup(self, name: str, countries: Sequence[str] = ()) -> list[Place]:
        """Candidates from the layers under the curated file, best first."""
        found: list[Candidate] = []
        for layer in self.layers[1:]:
            found += layer.candidates(name, countries)
        return [c.place for c in rank_candidates(found, countries)]


WELL_KNOWN_POPULATION = 100_000


def is_plausible(candidate: Candidate, countries: Sequence[str]) -> bool:
    """May `candidate` be taken for an article about `countries` on its name alone?

    Yes inside those countries, for the curated file's hand-checked places, and for a well-known place
    elsewhere (a capital, a first-level seat, or 100,000 people: "Paris", "Accra") spelled exactly. Not for
    a village abroad: the world layer knows a "Chadian" in China and a "Hama" in Japan, and a confident
    wrong map is worse than an honest "not found".
    """
    if candidate.place.country in countries or candidate.layer in {"curated", "online"}:
        return True
    return candidate.match == "exact" and (candidate.rank <= 1 or candidate.population >= WELL_KNOWN_POPULATION)


def load_gazetteer(curated_path: str | Path = CURATED_PATH, layers: Sequence[Layer] | None = None,
                   online: Layer | OnlineLookup | None = None) -> Gazetteer:
    """The default gazetteer: the curated file (cached while unchanged) over the standard layers (their
    indexes are built into the cache folder at first use)."""
    from ..errors import GazetteerError
    from .layers import standard_layers

    curated_path = Path(curated_path)
    try:
        mtime = curated_path.stat().st_mtime
    except OSError as err:
        raise GazetteerError(f"{curated_path}: cannot be read ({err.strerror or err}).") from err
    places = cached_curated(str(curated_path), mtime)
    return Gazetteer(places, standard_layers() if layers is None else layers, online)
