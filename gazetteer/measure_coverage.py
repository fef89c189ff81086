"""What each layer finds of the war-article place names listed in ../shared/geonames/world_coverage.md
(Syria, Ukraine, Caucasus): a name counts as found when a candidate of the right country comes back, by
exact or variant spelling, or (last column) by the loose lookup among that country's places.

Run: python gazetteer/measure_coverage.py [PATH/TO/world_coverage.md]
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from mapapp.gazetteer import load_gazetteer  # noqa: E402

SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "geonames" / "world_coverage.md"
COUNTRIES = {"Syria": ["SY"], "Ukraine": ["UA"], "Caucasus": ["AZ", "AM"]}


def queries(text: str) -> dict[str, list[list[str]]]:
    lists: dict[str, list[list[str]]] = {}
    section = None
    for line in text.splitlines():
        heading = re.match(r"## (\w+)", line)
        if heading:
            section = heading.group(1) if heading.group(1) in COUNTRIES else None
        elif section and line.startswith("| ") and not line.startswith(("| query", "|---")):
            lists.setdefault(section, []).append([q.strip() for q in line.split("|")[1].split("/")])
    return lists


def found(layers, variants: list[str], countries: list[str], loose: bool) -> bool:
    for name in variants:
        for layer in layers:
            hits = layer.loose_candidates(name, countries) if loose else layer.candidates(name, countries)
            if any(c.place.country in countries for c in hits):
                return True
    return False


def main() -> None:
    gazetteer = load_gazetteer()
    layers = gazetteer.layers
    lists = queries(SOURCE.read_text(encoding="utf-8"))
    names = [layer.name for layer in layers]
    print("| list | names | " + " | ".join(f"{n} alone" for n in names) + " | all layers | + loose |")
    print("|---" * (len(names) + 4) + "|")
    for section, items in lists.items():
        countries = COUNTRIES[section]
        alone = [sum(found([layer], q, countries, False) for q in items) for layer in layers]
        together = sum(found(layers, q, countries, False) for q in items)
        with_loose = sum(found(layers, q, countries, False) or found(layers, q, countries, True) for q in items)
        missed = [q[0] for q in items if not (found(layers, q, countries, False) or found(layers, q, countries, True))]
        print(f"| {section} | {len(items)} | " + " | ".join(map(str, alone)) + f" | {together} | {with_loose} |"
              f"  missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
