"""What the pipeline makes of articles it was never tuned on (tests/data/heldout/): empty maps, events in a
country the article is not about, events far from the article's others, names not found. Measures only.

    .venv/bin/python tests/heldout.py      # one line per article, then the rates
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp.gazetteer import Gazetteer, distance_km  # noqa: E402
from mapapp.lookup import WELL_KNOWN_POPULATION, PlaceNames  # noqa: E402
from mapapp.model import Event, Result  # noqa: E402
from mapapp.scope import article_scope  # noqa: E402

HELDOUT = ROOT / "tests" / "data" / "heldout"
FAR_KM = 1500


def heldout_articles() -> list[Path]:
    return sorted(p for p in HELDOUT.glob("*.md") if p.name != "README.md")


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


if __name__ == "__main__":
    main()
