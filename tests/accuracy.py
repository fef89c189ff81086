"""Compare the pipeline's (place, date_start) pairs with the hand-annotated expectations in tests/data/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from mapapp.gazetteer import Gazetteer
from mapapp.model import Result

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@dataclass
class Score:
    expected: Counter
    found: Counter

    @property
    def true_positives(self) -> int:
        return sum((self.expected & self.found).values())

    @property
    def precision(self) -> float:
        total = sum(self.found.values())
        return self.true_positives / total if total else 1.0

    @property
    def recall(self) -> float:
        total = sum(self.expected.values())
        return self.true_positives / total if total else 1.0

    def missing(self) -> list:
        return sorted((self.expected - self.found).elements())

    def extra(self) -> list:
        return sorted((self.found - self.expected).elements())


def expected_pairs(expected_file: Path, gazetteer: Gazetteer) -> Counter:
    """(canonical place, date_start) pairs; a name the gazetteer cannot resolve stays as written."""
    data = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    pairs: Counter = Counter()
    for sentence in data.get("sentences") or []:
        for event in sentence.get("events") or []:
            place = gazetteer.by_name(event["place"])
            pairs[(place.name if place else event["place"], str(event["date_start"]))] += 1
    return pairs


def found_pairs(result: Result) -> Counter:
    return Counter((e.place.name, e.date_start.iso()) for e in result.events)


def score(result: Result, expected_file: Path, gazetteer: Gazetteer) -> Score:
    return Score(expected_pairs(expected_file, gazetteer), found_pairs(result))
