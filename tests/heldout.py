"""What the pipeline makes of articles it was never tuned on (tests/data/heldout/): empty maps, events in a
country the article is not about, events far from the article's others, names not found; and, on those an
independent annotator marked up from the text alone (NAME.expected.yaml), (place, date) precision and
recall per article and per theatre; and, where the annotator also marked who held each town
(NAME.control.yaml), the control changes' precision and recall, on the day and within a month. Measures only.

    .venv/bin/python tests/heldout.py      # one line per article, then the rates
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from accuracy import Score, control_scores, score  # noqa: E402
from mapapp.gazetteer import Gazetteer, distance_km  # noqa: E402
from mapapp.lookup import WELL_KNOWN_POPULATION, PlaceNames  # noqa: E402
from mapapp.model import Event, Result  # noqa: E402
from mapapp.scope import article_scope  # noqa: E402

HELDOUT = ROOT / "tests" / "data" / "heldout"
FAR_KM = 1500


def heldout_articles() -> list[Path]:
    return sorted(p for p in HELDOUT.glob("*.md") if p.name != "README.md")


def annotated_articles() -> list[Path]:
    """The held-out articles with an independent (place, date) annotation beside them."""
    return [p for p in heldout_articles() if p.with_suffix(".expected.yaml").exists()]


def control_annotated_articles() -> list[Path]:
    """The held-out articles with an independent annotation of who held each town beside them."""
    return [p for p in heldout_articles() if p.with_suffix(".control.yaml").exists()]


def control_figures(result: Result, gazetteer: Gazetteer) -> tuple[dict, dict]:
    """Control changes against NAME.control.yaml: on the annotated day, and within a month of it."""
    from mapapp.control import control_changes

    changes = control_changes(result)
    annotation = Path(result.document.path).with_suffix(".control.yaml")
    return (control_scores(changes, annotation, gazetteer, result=result),
            control_scores(changes, annotation, gazetteer, within_days=31, result=result))


def control_totals(results: list[Result], gazetteer: Gazetteer) -> dict[str, float]:
    """Control changes summed over the articles (on the annotated day): precision, recall, F1."""
    right = found = wanted = 0
    for result in results:
        day, _ = control_figures(result, gazetteer)
        annotated = len(yaml_changes(Path(result.document.path).with_suffix(".control.yaml")))
        hits = annotated - len(day["missing"])
        wanted += annotated
        right += hits
        found += hits + len(day["extra"])
    precision = right / found if found else 1.0
    recall = right / wanted if wanted else 1.0
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def yaml_changes(path: Path) -> list:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")).get("changes") or []


def theatres() -> dict[str, str]:
    """Article file name -> its theatre, as the folder's README table lists them."""
    rows = re.findall(r"^\| `([^`]+\.md)` \| ([^|]+?) \|", (HELDOUT / "README.md").read_text(encoding="utf-8"), re.M)
    return {name: theatre for name, theatre in rows}


def theatre_scores(results: list[Result], gazetteer: Gazetteer) -> dict[str, Score]:
    """(place, date) counts summed over each theatre's annotated articles."""
    of = theatres()
    sums: dict[str, Score] = {}
    for result in results:
        path = Path(result.document.path)
        one = score(result, path.with_suffix(".expected.yaml"), gazetteer)
        total = sums.setdefault(of[path.name], Score(Counter(), Counter()))
        total.expected.update(one.expected)
        total.found.update(one.found)
    return sums


def f1(s: Score) -> float:
    return 2 * s.precision * s.recall / (s.precision + s.recall) if s.precision + s.recall else 0.0


def said_by_the_sentence(event: Event, names: PlaceNames) -> bool:
    """The sentence itself places the event: it names the place's country ("Arsal in Lebanon"), or names,
    by its own name, a city every reader can place (a capital, a first-level seat, a city of 100,000)."""
    place = event.place
    if place.country in names.countries_in(event.sentence):
        return True
    named = event.mention.lower() not in {"the city", "the town", "the village"}
    well_known = place.kind in {"capital", "city"} or place.population >= WELL_KNOWN_POPULATION
    return named and well_known


def far_events(events: tuple[Event, ...] | list[Event], km: float = FAR_KM) -> list[Event]:
    """Events more than `km` from the median of their article's events."""
    if not events:
        return []
    middle = (statistics.median(e.place.lat for e in events), statistics.median(e.place.lon for e in events))
    return [e for e in events if distance_km(middle, (e.place.lat, e.place.lon)) > km]


@dataclass
class Measure:
    """One article's figures."""

    name: str
    events: int
    abroad: list[Event]  # outside the article's countries (and their neighbours it names), unless said
    far: list[Event]  # far from the article's other events, unless said
    not_found: list[str]


def measure(result: Result, gazetteer: Gazetteer) -> Measure:
    names = PlaceNames(gazetteer)
    near = article_scope(result.document, names).near
    abroad = [e for e in result.events if e.place.country not in near and not said_by_the_sentence(e, names)]
    far = [e for e in far_events(result.events) if not said_by_the_sentence(e, names)]
    return Measure(Path(result.document.path).stem, len(result.events), abroad, far,
                   [u.name for u in result.unresolved])


def main() -> None:
    from mapapp.gazetteer import load_gazetteer
    from mapapp.pipeline import run

    gazetteer = load_gazetteer()
    measures = [measure(run(path, gazetteer), gazetteer) for path in heldout_articles()]
    for m in measures:
        print(f"{m.name:34s} events {m.events:3d}  abroad {len(m.abroad)}  far {len(m.far)}  "
              f"not found: {', '.join(m.not_found) or '-'}")
    events = sum(m.events for m in measures)
    print(f"{len(measures)} articles, {events} events: empty maps {sum(not m.events for m in measures)}, "
          f"events abroad {sum(len(m.abroad) for m in measures)}, far {sum(len(m.far) for m in measures)}, "
          f"names not found {sum(len(m.not_found) for m in measures)}")
    results = [run(path, gazetteer) for path in annotated_articles()]
    for result in results:
        one = score(result, Path(result.document.path).with_suffix(".expected.yaml"), gazetteer)
        print(f"{Path(result.document.path).stem:34s} (place, date) P {one.precision:.2f} R {one.recall:.2f}")
    for theatre, total in sorted(theatre_scores(results, gazetteer).items()):
        print(f"{theatre:10s} P {total.precision:.2f} R {total.recall:.2f} F1 {f1(total):.2f}")
    controlled = [run(path, gazetteer) for path in control_annotated_articles()]
    for result in controlled:
        path = Path(result.document.path)
        day, month = control_figures(result, gazetteer)
        print(f"{path.stem:34s} control P {day['precision']:.2f} R {day['recall']:.2f} "
              f"(within a month F1 {month['f1']:.2f}); missing {day['missing'] or '-'}; extra {day['extra'] or '-'}")
    if controlled:
        total = control_totals(controlled, gazetteer)
        print(f"who held, all articles: P {total['precision']:.2f} R {total['recall']:.2f} F1 {total['f1']:.2f}")


if __name__ == "__main__":
    main()
