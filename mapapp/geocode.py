"""Optional online geocoding through geopy's Nominatim: off by default, rate-limited, cached on disk.

Used only when the user asks for it (`--online`, or the app's checkbox), only for names that neither the
curated gazetteer nor the bundled extract knows. Any failure (no network, time-out, refusal) leaves the
name unresolved: it is reported, never a crash.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from .model import Place

log = logging.getLogger(__name__)

USER_AGENT = "mapapp/0.1 (conflict article mapper; https://www.openstreetmap.org/copyright)"
DEFAULT_CACHE = Path(os.environ.get("MAPAPP_CACHE", Path.home() / ".cache" / "mapapp")) / "geocode.json"


class OnlineGeocoder:
    """name -> Place | None, asking Nominatim at most once per second and once per name ever.

    geocode: the function to call (tests pass a fake; the default is Nominatim's geocode).
    cache_path: a JSON file of earlier answers, negative ones included.
    """

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

    def resolve(self, name: str) -> Place | None:
        if name in self._cache:
            return _place(name, self._cache[name])
        try:
            location = self._geocode(name, exactly_one=True, featuretype="settlement")
        except (GeopyError, OSError, ValueError) as err:
            self.failures += 1
            log.warning("online geocoding of %r failed: %s", name, err)
            return None  # not cached: a later run with a network may succeed
        record = None
        if location is not None:
            record = {"lat": float(location.latitude), "lon": float(location.longitude),
                      "address": str(getattr(location, "address", ""))}
        self._cache[name] = record
        self._write_cache()
        return _place(name, record)


def _place(name: str, record: dict[str, Any] | None) -> Place | None:
    if not record:
        return None
    return Place(name=name, lat=record["lat"], lon=record["lon"], kind="town", source="nominatim")
