"""Optional online geocoding through geopy's Nominatim: off by default, rate-limited, cached on disk.

Used only when the user asks for it (`--online`, or the app's checkbox), only for names that no local
layer knows, and only inside the article's countries when they are known (Nominatim's country filter): a
name no gazetteer knows is too weak a clue to place on another continent. Any failure (no network,
time-out, refusal) leaves the name unresolved: it is reported, never a crash.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from .gazetteer.candidates import UNRANKED, Candidate
from .gazetteer.index import cache_dir
from .model import Place

log = logging.getLogger(__name__)

USER_AGENT = "mapapp/0.1 (conflict article mapper; https://www.openstreetmap.org/copyright)"
DEFAULT_CACHE = cache_dir() / "geocode.json"
MAX_COUNTRIES = 10  # of the article's countries passed to Nominatim's filter, most important first


class OnlineGeocoder:
    """The online layer: name -> Place | None, asking Nominatim at most once per second and once per
    (name, countries) ever.

    geocode: the function to call (tests pass a fake; the default is Nominatim's geocode).
    cache_path: a JSON file of earlier answers, negative ones included.
    """

    name = "online"
    source = "OpenStreetMap Nominatim (online, only with --online), © OpenStreetMap contributors, ODbL"

    def __init__(self, cache_path: Path = DEFAULT_CACHE, geocode: Callable[..., Any] | None = None,
                 timeout: float = 10.0, min_delay_seconds: float = 1.1):
        if geocode is None:
            geocode = Nominatim(user_agent=USER_AGENT, timeout=timeout).geocode
        # RateLimiter spaces calls and retries once; what still fails is swallowed into None below.
        self._geocode = RateLimiter(geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
                                    error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        self.cache_path = Path(cache_path)
        self._cache: dict[str, dict[str, Any] | None] = self._read_cache()
        self.failures = 0

    def _read_cache(self) -> dict[str, dict[str, Any] | None]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_cache(self) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, prefix=".geocode-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._cache, f, ensure_ascii=False, indent=0)
            os.replace(tmp, self.cache_path)
        except OSError as err:  # a cache we cannot write only costs a later lookup
            log.warning("cannot write geocoding cache %s: %s", self.cache_path, err)

    # The layer interface (mapapp.gazetteer.candidates.Layer).
    def knows(self, name: str) -> bool:
        return True  # any name may be asked; the resolver asks only for names no local layer knows

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        place = self.resolve(name, countries)
        return [Candidate(place, self.name, UNRANKED)] if place is not None else []

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        return []

    def count(self) -> int:
        return sum(1 for record in self._cache.values() if record)

    def resolve(self, name: str, countries: Sequence[str] = ()) -> Place | None:
        codes = [c.lower() for c in countries[:MAX_COUNTRIES]]
        key = name if not codes else f"{name}|{','.join(codes)}"
        if key in self._cache:
            return _place(name, self._cache[key])
        extra = {"country_codes": codes} if codes else {}
        try:
            location = self._geocode(name, exactly_one=True, featuretype="settlement", **extra)
        except (GeopyError, OSError, ValueError) as err:
            self.failures += 1
            log.warning("online geocoding of %r failed: %s", name, err)
            return None  # not cached: a later run with a network may succeed
        record = None
        if location is not None:
            record = {"lat": float(location.latitude), "lon": float(location.longitude),
                      "address": str(getattr(location, "address", ""))}
        self._cache[key] = record
        self._write_cache()
        return _place(name, record)


def _place(name: str, record: dict[str, Any] | None) -> Place | None:
    if not record:
        return None
    return Place(name=name, lat=record["lat"], lon=record["lon"], kind="town", source="nominatim")
