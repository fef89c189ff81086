"""Packs: a country's whole GeoNames dump (villages, districts), downloaded once by
`python -m mapapp gazetteer add CC` into the cache folder and used as a layer from then on."""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError
from .countries import load_countries
from .index import locked, write_index
from .layers import packs_dir
from .sources import read_geonames_dump

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump"
USER_AGENT = "mapapp/0.1 (gazetteer packs from GeoNames, CC BY 4.0)"
_CODE = re.compile(r"[A-Z]{2}")


def base_url() -> str:
    """Where the country dumps are fetched from: $MAPAPP_GEONAMES_URL (tests serve a zip on 127.0.0.1),
    else GeoNames' own server."""
    return (os.environ.get("MAPAPP_GEONAMES_URL") or DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True, slots=True)
class Pack:
    """A pack on disk: its country code, file, number of places."""

    code: str
    path: Path
    places: int


def check_code(code: str) -> str:
    """'sy' -> 'SY'; anything that is not a country's ISO code is refused with the fix."""
    upper = code.strip().upper()
    if not _CODE.fullmatch(upper) or load_countries().get(upper) is None:
        raise GazetteerError(f"{code!r} is not a country code; give ISO 3166 two-letter codes such as SY, UA or AM.")
    return upper


def download(url: str, timeout: float = 120.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (an https or test URL)
            return response.read()
    except urllib.error.HTTPError as err:
        raise GazetteerError(f"cannot download {url}: the server answered {err.code} {err.reason}.") from err
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise GazetteerError(f"cannot download {url}: {reason} (are you online?).") from err


def add_pack(code: str, url_base: str | None = None) -> Pack:
    """Download one country's GeoNames dump and build its pack (replacing an older one, atomically)."""
    code = check_code(code)
    url = f"{url_base or base_url()}/{code}.zip"
    rows = read_geonames_dump(download(url), code)
    path = packs_dir() / f"{code}.sqlite"
    meta = {"fingerprint": url, "what": f"pack {code}",
            "source": f"GeoNames {code}.zip, downloaded {time.strftime('%Y-%m-%d')} from {url} (CC BY 4.0)",
            "built": time.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        with locked(path.with_name(path.name + ".lock")):
            count = write_index(path, rows, meta)
    except OSError as err:
        raise GazetteerError(f"cannot write the pack to {path.parent} ({err.strerror or err}); set MAPAPP_CACHE "
                             "to a folder you can write to.") from err
    return Pack(code, path, count)
