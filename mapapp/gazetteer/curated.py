"""The curated layer: gazetteer/places.yaml, checked entry by entry, looked up in memory."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import GazetteerError
from ..model import PLACE_KINDS, Place
from .candidates import Candidate
from .spelling import fold, variant_keys

GAZETTEER_DIR = Path(__file__).resolve().parent.parent.parent / "gazetteer"
CURATED_PATH = GAZETTEER_DIR / "places.yaml"


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
    # The messages of geopy's Point, which this check used before; geopy is no longer imported here, as
    # its 0.1 s import was a quarter of every command's start.
    if not -90 <= lat <= 90:
        raise GazetteerError(f"{where}: Latitude must be in the [-90; 90] range, instead got: {lat!r}.")
    if not -180 <= lon <= 180:
        raise GazetteerError(f"{where}: Longitude must be in the [-180; 180] range, instead got: {lon!r}.")
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


@lru_cache(maxsize=8)
def cached_curated(path: str, mtime: float) -> tuple[Place, ...]:
    """load_curated, once per file version: the app and the bench load the gazetteer at every run."""
    return load_curated(path)


class CuratedLayer:
    """The curated file as a layer: every spelling (name and aliases), exact and as a variant."""

    name = "curated"

    def __init__(self, places: Sequence[Place], source: str = "gazetteer/places.yaml (curated)"):
        self.places = tuple(places)
        self.source = source
        self._exact: dict[str, list[Place]] = {}
        self._variant: dict[str, list[Place]] = {}
        for place in self.places:
            for spelling in (place.name, *place.aliases):
                self._add(self._exact, fold(spelling), place)
                for key in variant_keys(spelling):
                    self._add(self._variant, key, place)

    @staticmethod
    def _add(index: dict[str, list[Place]], key: str, place: Place) -> None:
        bucket = index.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def by_key(self, key: str) -> list[Place]:
        """Places whose folded spelling is `key`, in file order."""
        return self._exact.get(key, [])

    def names(self) -> Iterable[str]:
        for place in self.places:
            yield place.name
            yield from place.aliases

    def knows(self, name: str) -> bool:
        return fold(name) in self._exact or any(k in self._variant for k in variant_keys(name))

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        exact = self._exact.get(fold(name), [])
        found = [Candidate(p, self.name, _rank_of(p), "", "exact") for p in exact]
        for key in variant_keys(name):
            found += [Candidate(p, self.name, _rank_of(p), "", "variant")
                      for p in self._variant.get(key, []) if p not in exact]
        return found

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        return []  # hand-checked spellings only: a loose match of a curated name is no evidence

    def count(self) -> int:
        return len(self.places)


_KIND_RANK = {"capital": 0, "city": 1, "town": 4, "village": 5, "district": 6}


def _rank_of(place: Place) -> int:
    return _KIND_RANK.get(place.kind, 8)
