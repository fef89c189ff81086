"""The GeoNames layers' on-disk index: one SQLite file per layer, built once from its source, then opened
in a millisecond and queried per name.

Why SQLite: the world layer holds 235,000 places under ~900,000 spellings. Reading them into memory at
each start (even from the sorted-keys text format) costs more than a whole command may take; SQLite
answers a lookup from the file in a few microseconds and needs no work at start.

Built into the cache folder ($MAPAPP_CACHE, else ~/.cache/mapapp) under a lock, written to a temporary
file and renamed into place, so that two processes starting at once (pytest -n 2) build it once and
never see half of it. A stale index (its source changed) or a damaged one is rebuilt.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import os
import sqlite3
import tempfile
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError
from ..model import Place
from .candidates import FEATURE_RANK, UNRANKED, Candidate, kind_from_code
from .spelling import MIN_INDEXED_SKELETON, fold, fold_uncached, skeleton_of_key, skeletons, variant_keys, \
    variant_keys_uncached

log = logging.getLogger(__name__)

FORMAT = "mapapp-gazetteer-index 4"  # bump when the schema or the keys change: old indexes are rebuilt
LOOSE_SIMILARITY = 0.75  # a skeleton match must also be this close letter by letter (difflib ratio)


def cache_dir() -> Path:
    """Where built indexes and packs live: $MAPAPP_CACHE, else ~/.cache/mapapp."""
    return Path(os.environ.get("MAPAPP_CACHE") or Path.home() / ".cache" / "mapapp")


@dataclass(frozen=True, slots=True)
class Row:
    """One place as a source gives it, before it is indexed.

    names: every spelling to find it by (its name first); city: for a district, the city it belongs to.
    """

    geonames_id: int
    name: str
    lat: float
    lon: float
    feature_code: str
    country: str
    admin1: str
    population: int
    names: tuple[str, ...]
    city: str = ""


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE place(id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL, code TEXT,
                   country TEXT, admin1 TEXT, population INTEGER, names TEXT, city TEXT);
CREATE TABLE name_key(key TEXT, place INTEGER, exact INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skeleton(country TEXT, key TEXT, place INTEGER, PRIMARY KEY (country, key, place)) WITHOUT ROWID;
CREATE TABLE key_filter(hashes BLOB);
"""
_ALIASES_KEPT = 12  # spellings shown as a Place's aliases; all of them are indexed


def write_index(path: Path, rows: Iterable[Row], meta: dict[str, str]) -> int:
    """Write rows to a new index at `path` (via a temporary file in the same folder); -> places written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    os.close(fd)
    try:
        count = _fill(Path(tmp), rows, meta)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return count


def _fill(path: Path, rows: Iterable[Row], meta: dict[str, str]) -> int:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places, keys, skels = [], {}, set()
        for number, row in enumerate(rows, start=1):
            names = tuple(dict.fromkeys(n for n in row.names if n))
            places.append((number, row.geonames_id, row.name, row.lat, row.lon, row.feature_code, row.country,
                           row.admin1, row.population, "|".join(names[:_ALIASES_KEPT]), row.city))
            for spelling in names:
                exact = fold_uncached(spelling)
                if exact:
                    keys[(exact, number)] = 1
                for key in variant_keys_uncached(spelling):
                    keys.setdefault((key, number), 0)
                    skel = skeleton_of_key(key)
                    if len(skel) >= MIN_INDEXED_SKELETON:
                        skels.add((row.country, skel, number))
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        db.executemany("INSERT INTO name_key VALUES (?,?,?)", sorted((k, n, e) for (k, n), e in keys.items()))
        db.executemany("INSERT INTO skeleton VALUES (?,?,?)", sorted(skels))
        db.execute("INSERT INTO key_filter VALUES (?)", (key_filter({k for k, _ in keys}).tobytes(),))
        db.executemany("INSERT INTO meta VALUES (?,?)", sorted({**meta, "format": FORMAT,
                                                                 "places": str(len(places))}.items()))
        db.commit()
    finally:
        db.close()
    return len(places)


def key_hash(key: str) -> int:
    return zlib.crc32(key.encode())


def key_filter(keys: Iterable[str]) -> array:
    """The sorted CRC-32 of every key: a test against it is one bisection in memory, where a query costs
    ten times more. A hash absent from it is a key absent from the index; a present one (or a rare
    collision, about 1 in 2,700 for cities500's 1.6 million keys) is confirmed by a query."""
    hashes = array("I", sorted({key_hash(k) for k in keys}))
    assert hashes.itemsize == 4, "array('I') must hold 32-bit values"
    return hashes


def read_meta(path: Path) -> dict[str, str] | None:
    """The index's meta table, or None when the file is missing, not an index, or damaged."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            db.execute("SELECT id FROM place ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return None
    return meta if meta.get("format") == FORMAT else None


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock on a file beside the index, so that one process builds while the others wait."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: the temporary-file rename still keeps the index whole
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def ensure_index(path: Path, fingerprint: str, rows: Callable[[], Iterable[Row]], what: str) -> dict[str, str]:
    """The index at `path`, built from rows() if it is missing, stale (another fingerprint) or damaged."""
    meta = read_meta(path)
    if meta is not None and meta.get("fingerprint") == fingerprint:
        return meta
    try:
        with locked(path.with_name(path.name + ".lock")):
            meta = read_meta(path)  # another process may have built it while this one waited
            if meta is not None and meta.get("fingerprint") == fingerprint:
                return meta
            reason = "missing" if not path.exists() else "out of date or damaged"
            log.warning("mapapp: building the %s index (%s), once: %s", what, reason, path)
            start = time.perf_counter()
            write_index(path, rows(), {"fingerprint": fingerprint, "what": what,
                                       "built": time.strftime("%Y-%m-%d %H:%M:%S")})
            log.info("built %s in %.1f s", path, time.perf_counter() - start)
    except OSError as err:
        raise GazetteerError(f"cannot write the {what} index in {path.parent} ({err.strerror or err}); set "
                             "MAPAPP_CACHE to a folder you can write to.") from err
    meta = read_meta(path)
    if meta is None:
        raise GazetteerError(f"{path.name}: the {what} index was built but cannot be read; delete {path} "
                             "and run the command again.")
    return meta


class IndexLayer:
    """A layer backed by one index file (see write_index)."""

    def __init__(self, name: str, path: Path, source: str):
        self.name = name
        self.path = Path(path)
        self.source = source
        try:
            # check_same_thread=False: Streamlit reruns the app in other threads; reads only.
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._count = int(self._db.execute("SELECT value FROM meta WHERE key = 'places'").fetchone()[0])
        except (sqlite3.DatabaseError, TypeError, ValueError) as err:
            raise GazetteerError(f"{self.path.name}: not a readable gazetteer index ({err}); delete {self.path} "
                                 "and run the command again to rebuild it.") from err
        self._filter: array | None = None

    @property
    def key_filter(self) -> array:
        if self._filter is None:
            (blob,) = self._query("SELECT hashes FROM key_filter", ())[0]
            hashes = array("I")
            hashes.frombytes(blob)
            self._filter = hashes
        return self._filter

    def _query(self, sql: str, params: Sequence[object]) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise GazetteerError(f"{self.path.name}: damaged gazetteer index ({err}); delete {self.path} "
                                 "and run the command again to rebuild it.") from err

    @staticmethod
    def _keys(name: str) -> list[str]:
        return list(dict.fromkeys((fold(name), *variant_keys(name))))

    def knows(self, name: str) -> bool:
        hashes = self.key_filter
        for key in self._keys(name):
            h = key_hash(key)
            at = bisect.bisect_left(hashes, h)
            if at < len(hashes) and hashes[at] == h and self._query("SELECT 1 FROM name_key WHERE key = ? LIMIT 1",
                                                                    (key,)):
                return True
        return False

    def candidates(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        exact = fold(name)
        keys = self._keys(name)
        marks = ",".join("?" * len(keys))
        rows = self._query(f"SELECT p.*, k.key, k.exact FROM name_key k JOIN place p ON p.id = k.place "
                           f"WHERE k.key IN ({marks})", keys)
        best: dict[int, tuple] = {}
        for row in rows:
            is_exact = row[-2] == exact and row[-1] == 1
            if row[0] not in best or is_exact:
                best[row[0]] = (row, is_exact)
        return [self._candidate(row[:-2], "exact" if is_exact else "variant") for row, is_exact in best.values()]

    def loose_candidates(self, name: str, countries: Sequence[str]) -> list[Candidate]:
        skels = [s for s in skeletons(name) if len(s) >= MIN_INDEXED_SKELETON]
        if not skels or not countries:
            return []
        from difflib import SequenceMatcher  # here: only loose lookups need it, and they are few

        own = variant_keys(name)
        found = []
        for skel in skels:
            marks = ",".join("?" * len(countries))
            for row in self._query(f"SELECT p.* FROM skeleton s JOIN place p ON p.id = s.place "
                                   f"WHERE s.key = ? AND s.country IN ({marks})", [skel, *countries]):
                spellings = row[9].split("|")
                # The skeleton joins "Maskin" and "Miskin", but also "Kursk" and "Karasik": keep a
                # candidate only if one of its spellings is also close letter by letter.
                if any(SequenceMatcher(None, mine, theirs).ratio() >= LOOSE_SIMILARITY
                       for mine in own for s in spellings for theirs in variant_keys(s)):
                    found.append(self._candidate(row, "loose"))
        return found

    def _candidate(self, row: tuple, match: str) -> Candidate:
        _, gid, name, lat, lon, code, country, admin1, population, names, city = row
        if code in {"PPL", ""} and admin1 and _seat_of_own_division(admin1, name, names):
            code = "PPLA"  # Khankendi (Stepanakert), PPL in GeoNames, gives its name to its first-level unit
        place = Place(name, lat, lon, kind_from_code(code, population), country, admin1,
                      tuple(n for n in names.split("|") if n and n != name), gid, "geonames", population)
        return Candidate(place, self.name, FEATURE_RANK.get(code, UNRANKED), code, match, city)

    def count(self) -> int:
        return self._count


def _seat_of_own_division(admin1: str, name: str, names: str) -> bool:
    """A place that gives its name to the first-level division it lies in is that division's seat, whatever
    its feature code says: GeoNames holds Khankendi (Stepanakert), the seat of its own Xankǝndi unit, as a
    plain PPL of 2,100 people, which would make the capital of Nagorno-Karabakh a village."""
    key = fold(admin1)
    return key == fold(name) or any(fold(n) == key for n in names.split("|") if n)

