"""Rebuild the bundled GeoNames extracts of gazetteer/ from the files in ../shared/geonames (read its
README.md: sources, vintages, known errors).

- geonames_sahel.tsv.gz: populated places (feature class P) of Mali and its 10 neighbours, villages
  included (sahel_places.tsv, admin1.tsv).
- geonames_world.tsv.gz: the cities500 rows of SY UA AM AZ IQ LB TR JO GE BY and 5 Russian oblasts, with
  GeoNames feature codes (PPLA, PPLX ...), including war-zone towns dropped from the newest cities500
  (Hadrut, Martakert) (world_places.tsv, world_admin1.tsv).
- geonames_postal.tsv.gz: villages of Ukraine and Azerbaijan from GeoNames' postal codes
  (world_postal_places.tsv): place-level coordinates only (accuracy 3 or 4; accuracy 1 is a district
  centroid shared by several villages), one row per name and place, none that the world extract holds.

Layout of each (UTF-8, gzip): a comment line (source and licence), the column header, one row per place.
mapapp indexes them into its cache folder at first use (mapapp/gazetteer/index.py).
Run: python gazetteer/build_extracts.py [SRC_DIR]
"""

import csv
import gzip
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from mapapp.gazetteer.candidates import distance_km  # noqa: E402
from mapapp.gazetteer.sources import EXTRACT_COLUMNS, useful_names  # noqa: E402
from mapapp.gazetteer.spelling import fold  # noqa: E402

SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "geonames"
CREDIT = "GeoNames (https://www.geonames.org), CC BY 4.0"
POSTAL_SAME_PLACE_KM = 10.0  # a post office's place and a town of the same name this close are one place


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def geonames_rows(places: Path, admin1_file: Path) -> list[list[str]]:
    admin1 = {row["code"]: row["name"] for row in read_tsv(admin1_file)}
    rows = []
    for row in read_tsv(places):
        if row["feature_class"] != "P":
            continue
        names = useful_names([row["name"], row["asciiname"], *row["alternatenames"].split(",")])
        rows.append([row["geonameid"], row["name"], row["latitude"], row["longitude"], row["feature_code"],
                     row["country_code"], admin1.get(f"{row['country_code']}.{row['admin1_code']}", ""),
                     row["population"] or "0", "|".join(names or (row["name"],))])
    rows.sort(key=lambda r: int(r[0]))
    return rows


def postal_rows(postal: Path, world: list[list[str]]) -> list[list[str]]:
    towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for row in world:
        for name in row[8].split("|"):
            towns.setdefault((row[5], fold(name)), []).append((float(row[2]), float(row[3])))
    rows = []
    for row in read_tsv(postal):
        if row["accuracy"] == "1":
            continue
        name = row["place_name_latin"] or row["place_name"]
        point = (float(row["latitude"]), float(row["longitude"]))
        key = (row["country_code"], fold(name))
        if any(distance_km(point, other) < POSTAL_SAME_PLACE_KM for other in towns.get(key, ())):
            continue  # the town itself (a city has many post offices), or a village already known
        towns.setdefault(key, []).append(point)
        rows.append(["0", name, row["latitude"], row["longitude"], "", row["country_code"], row["admin1_name"], "0",
                     "|".join(useful_names([name]) or (name,))])
    return rows


def write(out: Path, comment: str, rows: list[list[str]]) -> None:
    # mtime=0 keeps the file byte-identical between rebuilds of the same data.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="") as f:
        f.write(f"# {comment}\n")
        f.write("\t".join(EXTRACT_COLUMNS) + "\n")
        for fields in rows:
            assert not any("\t" in x or "\n" in x for x in fields), fields
            f.write("\t".join(fields) + "\n")
    print(f"{out}: {len(rows)} places, {out.stat().st_size} bytes")


def main() -> None:
    sahel = geonames_rows(SRC / "sahel_places.tsv", SRC / "admin1.tsv")
    write(HERE / "geonames_sahel.tsv.gz", f"{CREDIT}: populated places of ML NE BF DZ MR SN GN CI TD NG LY.", sahel)
    world = geonames_rows(SRC / "world_places.tsv", SRC / "world_admin1.tsv")
    write(HERE / "geonames_world.tsv.gz", f"{CREDIT}: cities500 rows with feature codes of SY UA AM AZ IQ LB TR "
          "JO GE BY and RU (Belgorod, Bryansk, Kursk, Rostov, Voronezh), 2023 and 2026 files merged.", world)
    postal = postal_rows(SRC / "world_postal_places.tsv", world)
    write(HERE / "geonames_postal.tsv.gz", f"{CREDIT}: GeoNames postal code places of UA and AZ (2024-04-12), "
          "accuracy 3-4, UA names romanised with the Ukrainian national system.", postal)


if __name__ == "__main__":
    main()
