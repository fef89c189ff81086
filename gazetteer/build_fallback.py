"""Rebuild gazetteer/geonames_sahel.tsv.gz from the GeoNames extract in ../shared/geonames.

The bundled fallback layer keeps the populated places (feature class P) of Mali and its neighbours, with
their Latin-script names only: enough to resolve a new article's towns, small enough to ship.
Run: python gazetteer/build_fallback.py [SRC_DIR]

Layout (UTF-8, gzip): a comment line, the column header, one row per place (TSV, by GeoNames id), then a
line "#keys" and, sorted, one line per lookup key: the folded name, a tab, and the numbers of the lines
that carry it (counted from 0, comment and header included). Loading is then two splits and lookups a
bisection, with no per-row work: reading 69,000 rows into a dictionary took 0.2 s of each command's start.
"""

import csv
import gzip
import io
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from mapapp.gazetteer import fold  # noqa: E402  (the same key the resolver computes)
SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "geonames"
OUT = HERE / "geonames_sahel.tsv.gz"
COLUMNS = ["geonameid", "name", "lat", "lon", "feature_code", "country", "admin1", "population", "names"]


def is_latin(name: str) -> bool:
    return all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


def main() -> None:
    admin1 = {}
    with open(SRC / "admin1.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            admin1[row["code"]] = row["name"]
    rows = []
    with open(SRC / "sahel_places.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["feature_class"] != "P":
                continue
            names = [row["name"], row["asciiname"]]
            # Capitalised Latin forms only: lower-case machine transliterations match common words.
            names += [n for n in row["alternatenames"].split(",") if n and n[0].isupper() and is_latin(n)]
            seen = []
            for n in names:
                if n and n not in seen:
                    seen.append(n)
            code = f"{row['country_code']}.{row['admin1_code']}"
            # The folded lookup keys are stored so that loading needs no Unicode work (70,000 rows).
            keys = sorted({fold(n) for n in seen} - {""})
            rows.append(([
                row["geonameid"], row["name"], row["latitude"], row["longitude"], row["feature_code"],
                row["country_code"], admin1.get(code, ""), row["population"] or "0", "|".join(seen),
            ], keys))
    rows.sort(key=lambda r: int(r[0][0]))
    index: dict[str, list[int]] = {}
    for number, (_, keys) in enumerate(rows, start=2):  # lines 0 and 1: the comment and the header
        for key in keys:
            index.setdefault(key, []).append(number)
    # mtime=0 keeps the file byte-identical between rebuilds of the same data.
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="") as f:
        f.write("# GeoNames (https://www.geonames.org), CC BY 4.0: populated places of ML NE BF DZ MR SN GN CI TD NG LY.\n")
        f.write("\t".join(COLUMNS) + "\n")
        for fields, _ in rows:
            f.write("\t".join(fields) + "\n")
        f.write("#keys\n")
        f.write("\n".join(f"{key}\t{','.join(map(str, numbers))}" for key, numbers in sorted(index.items())))
    print(f"{OUT}: {len(rows)} places, {len(index)} keys, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
