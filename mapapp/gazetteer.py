"""Gazetteer files -> Gazetteer; a name as written -> the Place it means.

Layers, first match wins: the curated YAML file, then the bundled GeoNames extract, then (only when the
user turns it on) an online geocoder. Among several candidates of one layer, the article's own countries
come first, then administrative rank, then population: population alone sends "Konna" to Ireland.
"""

from __future__ import annotations

import bisect
import gzip
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from geopy.distance import distance
from geopy.point import Point

from .errors import GazetteerError
from .model import PLACE_KINDS, Place

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "gazetteer"
CURATED_PATH = GAZETTEER_DIR / "places.yaml"
FALLBACK_PATH = GAZETTEER_DIR / "geonames_sahel.tsv.gz"

# GeoNames feature codes, most important first.
_RANK = {"PPLC": 0, "PPLG": 1, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPL": 5, "PPLX": 6, "PPLL": 6, "PPLF": 7}
_UNRANKED = 8
SAME_PLACE_KM = 2.0  # two rows of one name closer than this are one place
_FOLD_DROP = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The key names are compared by: no accents, no case, no spaces or punctuation ("Aguel'hoc" = "Aguelhoc")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _FOLD_DROP.sub("", bare.replace("ß", "ss"))


def _kind_from_code(code: str, population: int) -> str:
    if code == "PPLC":
        return "capital"
    if code in {"PPLA", "PPLG"}:
        return "city"
    if code in {"PPLA2", "PPLA3", "PPLA4"} or population >= 10_000:
        return "town"
    return "village"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may mean, with what ranks it: admin rank (0 best) and population."""

    place: Place
    rank: int = _UNRANKED


def _check_number(value: Any, what: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GazetteerError(f"{where}: {what} must be a number, instead got: {value!r}.")
    return float(value)


def _place_from_entry(entry: Any, where: str) -> Place:
    if not isinstance(entry, dict):
        raise GazetteerError(f"{where}: expected a mapping with name, kind, lat, lon, instead got: {entry!r}.")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f"{where}: missing 'name'.")
    where = f"{where} ({name!r})"
    for key in ("lat", "lon", "kind"):
        if entry.get(key) is None:
            raise GazetteerError(f"{where}: missing '{key}'.")
    lat = _check_number(entry["lat"], "lat", where)
    lon = _check_number(entry["lon"], "lon", where)
    if not -180 <= lon <= 180:
        raise GazetteerError(f"{where}: Longitude must be in the [-180; 180] range, instead got: {lon!r}.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # geopy also warns about what it then refuses
            Point(lat, lon)  # geopy's own range check, with its message
    except ValueError as err:
        raise GazetteerError(f"{where}: {err}") from err
    kind = entry["kind"]
    if kind not in PLACE_KINDS:
        raise GazetteerError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(PLACE_KINDS))}.")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise GazetteerError(f"{where}: 'aliases' must be a list of names, instead got: {aliases!r}.")
    return Place(
        name=name.strip(),
        lat=lat,
        lon=lon,
        kind=kind,
        country=str(entry.get("country") or ""),
        admin1=str(entry.get("admin1") or ""),
        aliases=tuple(a.strip() for a in aliases),
        geonames_id=int(entry.get("geonames_id") or 0),
        source=str(entry.get("source") or "curated"),
        population=int(entry.get("population") or 0),
        demonyms=tuple(entry.get("demonyms") or ()),
    )


def load_curated(path: str | Path) -> tuple[Place, ...]:
    """Read and check a curated gazetteer YAML file (a `places:` list)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as err:
        raise GazetteerError(f"{path}: cannot be read ({err.strerror or err}).") from err
    except yaml.YAMLError as err:
        raise GazetteerError(f"{path}: malformed YAML: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        raise GazetteerError(f"{path}: expected a top-level 'places:' list.")
    places: list[Place] = []
    owner: dict[str, str] = {}
    for number, entry in enumerate(data["places"], start=1):
        place = _place_from_entry(entry, f"{path}: entry {number}")
        for spelling in {place.name, *place.aliases}:
            key = fold(spelling)
            if key in owner and owner[key] != place.name:
                raise GazetteerError(
                    f"{path}: entry {number} ({place.name!r}): name or alias {spelling!r} is already used by "
                    f"{owner[key]!r}; each spelling must name one place."
                )
            owner[key] = place.name
        places.append(place)
    return tuple(places)


@dataclass(frozen=True)
class BundledExtract:
    """The bundled GeoNames extract as stored (see gazetteer/build_fallback.py): its lines, and the sorted
    key lines "folded name<TAB>line numbers". A lookup is a bisection; loading does no per-row work.

    Keys are fold() output, [0-9a-z] only, so the tab after a key sorts before any longer key that starts
    with it: "kona<TAB>..." comes before "konna<TAB>...", and bisecting for "kona<TAB>" lands on it.
    """

    lines: list[str]
    keys: list[str]
    path: str = ""

    def _entry(self, key: str) -> str | None:
        probe = key + "\t"
        at = bisect.bisect_left(self.keys, probe)
        return self.keys[at][len(probe):] if at < len(self.keys) and self.keys[at].startswith(probe) else None

    def has(self, key: str) -> bool:
        return self._entry(key) is not None

    def rows(self, key: str) -> list[str]:
        entry = self._entry(key)
        if not entry:
            return []
        try:
            numbers = [int(n) for n in entry.split(",")]
        except ValueError:
            numbers = []
        rows = [self.lines[n] for n in numbers if 2 <= n < len(self.lines)]  # 0, 1: comment and header
        if not rows or len(rows) < len(numbers) or any(row.count("\t") != 8 for row in rows):
            raise GazetteerError(f"{self.path}: the index line for {key!r} points at no valid row; rebuild it "
                                 "with gazetteer/build_fallback.py.")
        return rows

    def all_rows(self) -> list[str]:
        return self.lines[2:]


_NO_EXTRACT = BundledExtract([], [])


def _read_fallback(path: Path) -> BundledExtract:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, ValueError, EOFError) as err:
        raise GazetteerError(f"{path}: cannot read the bundled extract: {err}") from err
    rows, marker, keys = text.partition("\n#keys\n")
    lines = rows.split("\n")
    if not marker or len(lines) < 2 or not lines[1].startswith("geonameid\t"):
        raise GazetteerError(f"{path}: not a bundled extract (no header or no '#keys' index); rebuild it with "
                             "gazetteer/build_fallback.py.")
    return BundledExtract(lines, keys.split("\n"), str(path))


def _candidate(line: str) -> Candidate:
    gid, name, lat, lon, code, country, admin1, population, names = line.split("\t")
    pop = int(population or 0)
    place = Place(name, float(lat), float(lon), _kind_from_code(code, pop), country, admin1,
                  tuple(n for n in names.split("|") if n != name), int(gid), "geonames", pop)
    return Candidate(place, _RANK.get(code, _UNRANKED))


@lru_cache(maxsize=4)
def _cached_fallback(path: str) -> BundledExtract:
    return _read_fallback(Path(path))


@dataclass
class Gazetteer:
    """Resolve names in layers. `online` is an optional callable name -> Place | None (see geocode.py)."""

    curated: tuple[Place, ...]
    fallback_path: Path | None = FALLBACK_PATH
    online: Callable[[str], Place | None] | None = None
    _index: dict[str, list[Place]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for place in self.curated:
            for spelling in {place.name, *place.aliases}:
                bucket = self._index.setdefault(fold(spelling), [])
                if place not in bucket:
                    bucket.append(place)

    @property
    def fallback(self) -> BundledExtract:
        if self.fallback_path is None:
            return _NO_EXTRACT
        return _cached_fallback(str(self.fallback_path))

    def fallback_keys_have(self, name: str) -> bool:
        """Cheap test before any context check: does the bundled extract know this spelling at all?"""
        return self.online is not None or self.fallback.has(fold(name))

    def curated_lookup(self, name: str) -> list[Place]:
        return list(self._index.get(fold(name), ()))

    def curated_by_key(self, key: str) -> Place | None:
        """The curated place a folded spelling (see fold) names first, if any."""
        found = self._index.get(key)
        return found[0] if found else None

    def fallback_lookup(self, name: str, countries: Sequence[str] = ()) -> list[Place]:
        """Candidates from the bundled extract, best first; near-duplicate rows of one place merged.

        GeoNames sometimes holds one town twice a few hundred metres apart (In Khalil: 8435748 and 8464713,
        170 m): those are one candidate, the better ranked row standing for both.
        """
        found = sorted((_candidate(line) for line in self.fallback.rows(fold(name))),
                       key=lambda c: _preference(c, countries))
        kept: list[Place] = []
        for candidate in found:
            place = candidate.place
            if not any(distance((k.lat, k.lon), (place.lat, place.lon)).km < SAME_PLACE_KM for k in kept):
                kept.append(place)
        return kept

    def names(self) -> Iterable[str]:
        for place in self.curated:
            yield place.name
            yield from place.aliases

    def country_of_demonym(self, word: str) -> str | None:
        """'Malian' -> 'ML', from the curated countries' demonyms."""
        for place in self.curated:
            if place.kind == "country" and word in place.demonyms:
                return place.country
        return None

    def by_name(self, name: str) -> Place | None:
        found = self.curated_lookup(name)
        return found[0] if found else None

    def resolve(self, name: str, countries: Sequence[str] = (), allow_fallback: bool = True,
                only_country: str | None = None) -> Place | None:
        """The place `name` most likely means for an article about `countries`; None if no layer knows it.

        only_country: the text says which country ("the Malian locality of X"): other countries' homonyms
        in the bundled extract are not taken.
        """
        found = self.curated_lookup(name)
        if found:
            return found[0]
        if allow_fallback:
            candidates = self.fallback_lookup(name, countries)
            if only_country:
                candidates = [c for c in candidates if c.country == only_country]
            if candidates:
                return candidates[0]
            if self.online is not None:
                return self.online(name)
        return None


def _preference(candidate: Candidate, countries: Sequence[str]) -> tuple[int, int, int]:
    place = candidate.place
    country_rank = countries.index(place.country) if place.country in countries else len(countries)
    return (country_rank, candidate.rank, -place.population)


@lru_cache(maxsize=8)
def _cached_curated(path: str, mtime: float) -> tuple[Place, ...]:
    return load_curated(path)


def load_gazetteer(curated_path: str | Path = CURATED_PATH, fallback_path: str | Path | None = FALLBACK_PATH,
                   online: Callable[[str], Place | None] | None = None) -> Gazetteer:
    """The default gazetteer: the curated file (cached while unchanged) over the bundled extract."""
    curated_path = Path(curated_path)
    try:
        mtime = curated_path.stat().st_mtime
    except OSError as err:
        raise GazetteerError(f"{curated_path}: cannot be read ({err.strerror or err}).") from err
    places = _cached_curated(str(curated_path), mtime)
    return Gazetteer(places, Path(fallback_path) if fallback_path else None, online)
